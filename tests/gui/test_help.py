"""Offline help in the window: F1 and "What is this?" open the finding's topic; the online
guide says so in the status bar when no browser can be opened."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from esr_gui.core.diagnose.rules import FINDING_IDS
from esr_gui.core.help import finding_topic_id, help_topics, topic
from esr_gui.gui.help import HelpViewer
from esr_gui.gui.help.viewer import TOPIC_ROLE
from esr_gui.gui.main_window import MainWindow
from esr_gui.gui.views.known_issues_pane import KnownIssuesPane
from tests.gui.conftest import WindowFactory
from tests.gui.test_keyboard import opened

SMART = "ki.smart-card-sign-in"


@pytest.fixture
def opened_urls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """No real browser in tests: every openUrl is recorded and fails (no browser)."""
    urls: list[str] = []

    def fail(url: QUrl) -> bool:
        urls.append(url.toString())
        return False

    monkeypatch.setattr(QDesktopServices, "openUrl", fail)
    return urls


def _viewer(window: MainWindow) -> HelpViewer:
    assert window.help.viewer is not None and window.help.viewer.isVisible()
    return window.help.viewer


def test_f1_opens_the_selected_findings_topic(
    qtbot: Any, make_window: WindowFactory, opened_urls: list[str]
) -> None:
    window = opened(qtbot, make_window, "smart-card-sign-in")
    assert window.ui.checklist.select_finding("prereq.os-build")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    tree = window.ui.checklist.ui.tree
    tree.setFocus()
    QTest.keyClick(tree, Qt.Key.Key_F1)
    viewer = _viewer(window)
    assert viewer.current_id == finding_topic_id("prereq.os-build")
    assert "Windows version" in viewer.page.toPlainText()
    assert viewer.topics.currentItem().text() == "Windows version"
    assert opened_urls == []  # offline: no browser involved
    QTest.keyClick(viewer, Qt.Key.Key_Escape)  # closable by keyboard
    assert not viewer.isVisible()


def test_f1_with_nothing_open_shows_the_overview(
    qtbot: Any, make_window: WindowFactory, opened_urls: list[str]
) -> None:
    window = make_window()
    window.show()
    qtbot.waitExposed(window)
    window.ui.actionHelp.trigger()
    assert window.ui.actionHelp.shortcut().toString() == "F1"
    assert _viewer(window).current_id == "overview"


def test_what_is_this_opens_the_checklist_findings_topic(
    qtbot: Any, make_window: WindowFactory, opened_urls: list[str]
) -> None:
    window = opened(qtbot, make_window, "smart-card-sign-in")
    pane = window.ui.checklist
    assert pane.select_finding("reg.status")
    assert pane.help_button.isVisible()
    qtbot.mouseClick(pane.help_button, Qt.MouseButton.LeftButton)
    assert _viewer(window).current_id == finding_topic_id("reg.status")


def test_what_is_this_opens_the_known_issues_topic(
    qtbot: Any, make_window: WindowFactory, opened_urls: list[str]
) -> None:
    window = opened(qtbot, make_window, "smart-card-sign-in")
    pane = window.panes.get(KnownIssuesPane)
    window.ui.tabs.setCurrentWidget(pane)
    row = next(r for r in range(pane.model.rowCount()) if pane.model.detail(r).finding_id == SMART)
    pane.ui.table.selectRow(row)
    qtbot.mouseClick(pane.help_button, Qt.MouseButton.LeftButton)
    viewer = _viewer(window)
    assert viewer.current_id == finding_topic_id(SMART)
    expected = topic(finding_topic_id(SMART))
    assert expected is not None and expected.title in viewer.page.toPlainText()


def test_f1_in_the_known_issues_tab_explains_the_picked_issue(
    qtbot: Any, make_window: WindowFactory, opened_urls: list[str]
) -> None:
    """A known issue that does not apply is not in the checklist: F1 still explains it."""
    window = opened(qtbot, make_window, "smart-card-sign-in")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    pane = window.panes.get(KnownIssuesPane)
    window.ui.tabs.setCurrentWidget(pane)
    sideload = "ki.mdm-sideload-1607"
    row = next(
        r for r in range(pane.model.rowCount()) if pane.model.detail(r).finding_id == sideload
    )
    pane.ui.table.selectRow(row)
    assert window.ui.checklist.current_finding_id() != sideload
    pane.ui.table.setFocus()
    qtbot.waitUntil(pane.ui.table.hasFocus)
    QTest.keyClick(pane.ui.table, Qt.Key.Key_F1)
    assert _viewer(window).current_id == finding_topic_id(sideload)


def test_online_guide_without_a_browser_says_so(
    qtbot: Any, make_window: WindowFactory, opened_urls: list[str]
) -> None:
    window = make_window()
    window.ui.actionGuide.trigger()
    assert opened_urls and opened_urls[0].startswith("https://learn.microsoft.com/")
    text = window.status_label.text()
    assert "Could not open a browser" in text and "F1" in text


def test_online_link_in_the_viewer_without_a_browser_says_so(
    qtbot: Any, make_window: WindowFactory, opened_urls: list[str]
) -> None:
    window = make_window()
    viewer = window.help.open(SMART)
    viewer.online.click()
    assert "Could not open a browser" in viewer.note.text()
    assert "Could not open a browser" in window.status_label.text()


def test_a_web_link_in_a_page_without_a_browser_says_so(
    qtbot: Any, make_window: WindowFactory, opened_urls: list[str]
) -> None:
    window = make_window()
    viewer = window.help.open("ki.event-1098-token-broker")
    assert "support.microsoft.com/kb/3196528" in viewer.page.toHtml()
    viewer.page.anchorClicked.emit(QUrl("https://support.microsoft.com/kb/3196528"))
    assert opened_urls == ["https://support.microsoft.com/kb/3196528"]
    assert "Could not open a browser" in window.status_label.text()
    assert viewer.current_id == finding_topic_id("ki.event-1098-token-broker")


def test_the_topic_list_holds_every_topic(qtbot: Any, make_window: WindowFactory) -> None:
    viewer = make_window().help.open("")
    listed = {
        viewer.topics.item(r).data(TOPIC_ROLE)
        for r in range(viewer.topics.count())
        if viewer.topics.item(r).data(TOPIC_ROLE)
    }
    assert listed == {t.id for t in help_topics()}
    assert {finding_topic_id(i) for i in FINDING_IDS} <= listed


def test_what_is_this_hides_on_a_group_row(
    qtbot: Any, make_window: WindowFactory, opened_urls: list[str]
) -> None:
    window = opened(qtbot, make_window, "smart-card-sign-in")
    pane = window.ui.checklist
    window.show()
    assert pane.select_finding("reg.status") and pane.help_button.isVisible()
    pane.ui.tree.setCurrentIndex(pane.model.index(0, 0))  # a group heading, not a finding
    assert not pane.help_button.isVisible()


def test_help_links_and_search_stay_inside_the_viewer(
    qtbot: Any, make_window: WindowFactory, opened_urls: list[str]
) -> None:
    window = make_window()
    viewer = window.help.open("prereq.os-build")
    viewer.page.anchorClicked.emit(QUrl("help:guide/checklist"))
    assert viewer.current_id == "guide/checklist" and opened_urls == []
    viewer.search_box.setText("0xCAA5001C")
    titles = [viewer.topics.item(r).text() for r in range(viewer.topics.count())]
    assert "Event 1098: token broker failed" in titles
    assert "Windows version" not in titles
    viewer.search_box.setText("zzz-nothing")
    assert "No help topic mentions" in viewer.note.text()


def test_tab_order_in_the_viewer(qtbot: Any, make_window: WindowFactory) -> None:
    """Search, topics, page (Tab walks its links, then leaves), the online button."""
    window = make_window()
    viewer = window.help.open("")
    qtbot.waitExposed(viewer)
    viewer.search_box.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is viewer.search_box)
    order = []
    for _ in range(40):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        if not order or order[-1] is not QApplication.focusWidget():
            order.append(QApplication.focusWidget())
        if order[-1] is viewer.online:
            break
    assert order == [viewer.topics, viewer.page, viewer.online]
    QTest.keyClick(viewer.online, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is viewer.search_box  # Ctrl+F: back to the search
