"""The help viewer: a topic list with a search box, and the topic's page (works offline)."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Qt, QUrl, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from esr_gui.core.help import (
    GUIDE_URL,
    HELP_SCHEME,
    OVERVIEW_ID,
    HelpTopic,
    help_topics,
    search,
    topic,
    topic_html,
)
from esr_gui.gui.help.links import open_online

TOPIC_ROLE = Qt.ItemDataRole.UserRole


class HelpViewer(QDialog):
    """Non-modal help window. `show_topic(id)` opens a topic; `message(text)` reports what an
    online link did (the main window shows it in the status bar). Esc closes it."""

    message = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("ESR Troubleshooter help")
        self.setAccessibleName("Help")
        self.resize(900, 620)
        self.current_id = OVERVIEW_ID
        self._build()
        self._fill(help_topics())
        self.show_topic(OVERVIEW_ID)

    def _build(self) -> None:
        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText("Search help (a code, a word, a finding)")
        self.search_box.setAccessibleName("Search help")
        self.search_box.setClearButtonEnabled(True)
        label = QLabel("&Search:")
        label.setBuddy(self.search_box)
        self.topics = QListWidget()
        self.topics.setAccessibleName("Help topics")
        self.topics.setWordWrap(True)
        self.page = QTextBrowser()
        self.page.setAccessibleName("Help page")
        self.page.setOpenLinks(False)  # help: links and web links are handled in _on_link
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setAccessibleName("Help message")
        self.online = QPushButton("Online &guide…")
        self.online.setToolTip(
            "Microsoft's troubleshooting guide in your browser (needs a network)"
        )
        self._lay_out(label)
        self.search_box.textChanged.connect(self._on_search)
        self.topics.currentItemChanged.connect(self._on_current)
        self.page.anchorClicked.connect(self._on_link)
        self.online.clicked.connect(lambda: self.open_web(GUIDE_URL, "the online guide"))
        QShortcut(QKeySequence.StandardKey.Find, self, self._focus_search)

    def _lay_out(self, label: QLabel) -> None:
        """Search on top, topics beside the page, the online button and Close at the bottom;
        Tab goes in that reading order."""
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        splitter = QSplitter()
        splitter.addWidget(self.topics)
        splitter.addWidget(self.page)
        splitter.setSizes([300, 600])
        top, bottom = QHBoxLayout(), QHBoxLayout()
        top.addWidget(label)
        top.addWidget(self.search_box)
        bottom.addWidget(self.online)
        bottom.addWidget(self.note, 1)
        bottom.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)
        self.setTabOrder(self.search_box, self.topics)
        self.setTabOrder(self.topics, self.page)
        self.setTabOrder(self.page, self.online)

    def _focus_search(self) -> None:
        self.search_box.setFocus()
        self.search_box.selectAll()

    def _fill(self, shown: tuple[HelpTopic, ...]) -> None:
        with QSignalBlocker(self.topics):
            self.topics.clear()
            group = ""
            for item in shown:
                if item.group != group:
                    group = item.group
                    self.topics.addItem(_group_item(group))
                row = QListWidgetItem(item.title)
                row.setData(TOPIC_ROLE, item.id)
                row.setToolTip(item.summary)
                self.topics.addItem(row)
            self._select_row(self.current_id)

    def _select_row(self, topic_id: str) -> None:
        for row in range(self.topics.count()):
            if self.topics.item(row).data(TOPIC_ROLE) == topic_id:
                with QSignalBlocker(self.topics):
                    self.topics.setCurrentRow(row)
                return

    def show_topic(self, topic_id: str) -> None:
        """Show the topic called `topic_id` (the overview for an unknown id)."""
        found = topic(topic_id) or topic(OVERVIEW_ID)
        assert found is not None  # the overview always exists
        self.current_id = found.id
        self.page.setHtml(topic_html(found))
        self._select_row(found.id)
        self.setWindowTitle(f"Help — {found.title}")

    def _on_search(self, text: str) -> None:
        shown = search(help_topics(), text)
        self._fill(shown)
        self.note.setText("" if shown else f"No help topic mentions “{text.strip()}”.")

    def _on_current(self, item: QListWidgetItem | None, _previous: object) -> None:
        topic_id = item.data(TOPIC_ROLE) if item is not None else None
        if topic_id:
            self.show_topic(str(topic_id))

    def _on_link(self, url: QUrl) -> None:
        if url.scheme() == HELP_SCHEME:
            self.show_topic(url.path())
        elif url.scheme() == "https":
            self.open_web(url.toString(), url.host())

    def open_web(self, url: str, what: str) -> None:
        """Open a web page; say in the window (and the status bar) whether it worked."""
        text = open_online(url, what)
        self.note.setText(text)
        self.message.emit(text)


def _group_item(group: str) -> QListWidgetItem:
    """A heading row of the topic list: bold, not selectable."""
    item = QListWidgetItem(group)
    font = QFont()
    font.setBold(True)
    item.setFont(font)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled)  # shown normally, never selected
    return item
