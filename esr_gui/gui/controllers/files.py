"""Inputs and outputs: open bundle / text / paste / recent / drop; save bundle, summary, report.

Every file read or write is a worker job; dialogs go through the Dialogs seam.
"""

from __future__ import annotations

import logging
from datetime import tzinfo
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from esr_gui.core.report.file_name import report_file_name
from esr_gui.gui.controllers.session import SessionController
from esr_gui.gui.dialogs import Dialogs
from esr_gui.gui.error_clock import error_clock
from esr_gui.gui.explain import set_available
from esr_gui.gui.exports import report_available, save_bundle, save_report, summary_text
from esr_gui.gui.pipeline import Source
from esr_gui.gui.settings import SettingsStore
from esr_gui.gui.workers import TaskRunner, WorkerFailure

log = logging.getLogger(__name__)
NO_REPORT = "The HTML report is not part of this build; use Copy summary or Save bundle."
TEXT_SUFFIXES = (".txt", ".log")
NO_RECENT = "Nothing opened yet: the bundles and texts you open are listed here."


def source_for_path(path: str) -> Source:
    """A dropped or recent path: a saved dsregcmd text, else a bundle (folder or zip)."""
    if Path(path).suffix.lower() in TEXT_SUFFIXES:
        return Source("dsregcmd", path=path)
    return Source("bundle", path=path)


class FileController(QObject):
    """File actions of the main window. `message(text)` reports what happened."""

    message = Signal(str)

    def __init__(
        self,
        window: QWidget,
        session: SessionController,
        *,
        runner: TaskRunner,
        dialogs: Dialogs,
        store: SettingsStore,
        viewer_tz: tzinfo | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.window, self.session, self.runner = window, session, runner
        self.dialogs, self.store, self.viewer_tz = dialogs, store, viewer_tz
        self.recent_menu: QMenu | None = None
        self._paste_text = ""
        session.load_failed.connect(self._on_load_failed)

    # --- inputs -------------------------------------------------------------------------
    def open_bundle(self) -> None:
        """File › Open bundle."""
        path = self.dialogs.open_bundle(self.window, self.store.settings.last_folder)
        if path:
            self.open_path(path)

    def open_text(self) -> None:
        """File › Open saved dsregcmd text."""
        path = self.dialogs.open_text(self.window, self.store.settings.last_folder)
        if path:
            self.open_path(path)

    def open_path(self, path: str) -> None:
        """Open a path (dialog, recent list or drop) and remember it."""
        source = source_for_path(path)
        settings = self.store.settings
        settings.last_folder = str(Path(path).parent)
        settings.add_recent(path, "dsregcmd" if source.kind == "dsregcmd" else "bundle")
        self.update_recent_menu()
        self.session.open(source)

    def paste(self, error: str = "") -> None:
        """File › Paste dsregcmd output (reopens with the parse error inline when it fails)."""
        text = self.dialogs.paste_dsregcmd(self.window, self._paste_text, error)
        if text is None:
            return
        self._paste_text = text
        self.session.open(Source("pasted", text=text.encode("utf-8")))

    def _on_load_failed(self, source: Source, message: str) -> None:
        log.warning("could not open %s: %s", source.label, message)
        if source.kind == "pasted":
            self.paste(error=message)

    def update_recent_menu(self) -> None:
        """Rebuild File › Open recent."""
        menu = self.recent_menu
        if menu is None:
            return
        menu.clear()
        recent = self.store.settings.recent_files
        for number, item in enumerate(recent, 1):
            action = QAction(f"&{number % 10} {item.path}", menu)
            action.setToolTip(item.path)
            action.triggered.connect(lambda _=False, p=item.path: self.open_path(p))
            menu.addAction(action)
        set_available(menu.menuAction(), bool(recent), NO_RECENT)
        menu.setEnabled(bool(recent))
        if not recent:
            set_available(menu.addAction("(nothing opened yet)"), False, NO_RECENT)

    # --- outputs ------------------------------------------------------------------------
    def copy_summary(self) -> None:
        """Edit › Copy summary: plain text on the clipboard."""
        analysis = self.session.analysis
        if analysis is None:
            return
        QApplication.clipboard().setText(summary_text(analysis, self.session.confirmed))
        self.message.emit("Summary copied to the clipboard.")

    def save_bundle(self) -> None:
        """Ask the "information to include" form and a path, then write in the background."""
        analysis = self.session.analysis
        if analysis is None:
            return
        request = self.dialogs.bundle_info(self.window, error_clock(analysis.snapshot.manifest))
        if request is None:
            return
        suffix = ".esrbundle.zip" if request.as_zip else ""
        start = str(Path(self.store.settings.last_folder or Path.home()) / f"esr-bundle{suffix}")
        dest = self.dialogs.save_path(
            self.window, "Save bundle", start, "Bundles (*.zip);;All files (*)"
        )
        if not dest:
            return
        live, graph = self.session.live_members, self.session.graph_members
        ticks = frozenset(self.session.confirmed)
        self.runner.run(
            "Saving the bundle",
            lambda _r: save_bundle(
                analysis,
                live,
                request.problem,
                dest,
                as_zip=request.as_zip,
                redact=request.redact,
                confirmed=ticks,
                graph_members=graph,
            ),
            lambda done: self.message.emit(f"Bundle saved to {done[0]} ({done[1]})."),
            self._on_save_failed,
        )

    def save_report(self, redact: bool = False) -> None:
        """Save the HTML report (rendered and written atomically in the background); with
        `redact`, of a redacted copy."""
        analysis = self.session.analysis
        if analysis is None or not report_available():
            self.message.emit(NO_REPORT)
            return
        dest = self._report_path(report_file_name(analysis.snapshot, redact=redact), redact)
        if not dest:
            return
        ticks = frozenset(self.session.confirmed)
        live, zone = self.session.live_members, self.viewer_tz
        what = "Redacted report" if redact else "Report"
        self.message.emit(f"{what}: rendering…")
        self.runner.run(
            "Saving the report",
            lambda _r: save_report(dest, analysis, ticks, live, redact=redact, viewer_tz=zone),
            lambda path: self.message.emit(f"{what} saved to {path} (open it in a web browser)."),
            self._on_save_failed,
        )

    def _report_path(self, name: str, redact: bool) -> str | None:
        """Ask where to save, suggesting `name` (device and capture date; a redacted report's
        name does not name the device)."""
        start = str(Path(self.store.settings.last_folder or Path.home()) / name)
        title = "Save redacted HTML report" if redact else "Save HTML report"
        dest = self.dialogs.save_path(self.window, title, start, "HTML (*.html *.htm)")
        if dest and Path(dest).suffix.lower() not in (".html", ".htm"):
            dest += ".html"
        return dest

    def _on_save_failed(self, failure: WorkerFailure) -> None:
        self.message.emit(f"Not saved: {failure.message}")
        self.dialogs.error(self.window, "Not saved", failure.message, failure.details)
