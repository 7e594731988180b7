"""The main window: composes the panes and controllers; holds no pipeline logic itself."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import tzinfo
from itertools import chain

from PySide6.QtCore import Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
)
from PySide6.QtWidgets import QLabel, QMainWindow, QProgressBar, QWidget

from esr_gui.gui import status as st
from esr_gui.gui.applog import log_file_text, open_log_folder
from esr_gui.gui.controllers.compare import CompareController
from esr_gui.gui.controllers.files import NO_REPORT, FileController
from esr_gui.gui.controllers.fix import EngineFactory, FixController, default_engine
from esr_gui.gui.controllers.fleet import FleetController
from esr_gui.gui.controllers.network_test import NetworkTestController, NetworkTests
from esr_gui.gui.controllers.refresh import RefreshController
from esr_gui.gui.controllers.session import SessionController
from esr_gui.gui.controllers.sync_test import SyncTestController
from esr_gui.gui.controllers.tenant import OptionsFactory, TenantController, options_from_settings
from esr_gui.gui.dialogs import Dialogs, QtDialogs
from esr_gui.gui.explain import name_toolbar_buttons, set_available
from esr_gui.gui.exports import report_available
from esr_gui.gui.forms import setup_form
from esr_gui.gui.help import HelpController
from esr_gui.gui.help.links import show_about
from esr_gui.gui.pane_fill import fill_panes, frozen_parts, show_empty, while_frozen
from esr_gui.gui.panes import TAB_PANES, TabPane, build_tab_panes
from esr_gui.gui.pipeline import Analysis, Source
from esr_gui.gui.present import device_name
from esr_gui.gui.raw_links import connect_raw_links
from esr_gui.gui.settings import SettingsStore
from esr_gui.gui.slices import Slices
from esr_gui.gui.views.events_pane import EventsPane
from esr_gui.gui.views.known_issues_pane import KnownIssuesPane
from esr_gui.gui.views.log_pane import LogPane
from esr_gui.gui.window_layout import restore_layout, save_layout
from esr_gui.gui.workers import TaskRunner, WorkerFailure
from esr_gui.platform.host import Host
from esr_gui.ui.forms.ui_main_window import Ui_MainWindow

log = logging.getLogger(__name__)
NOTHING_OPEN = "Open a bundle, a saved dsregcmd text or paste dsregcmd output first."
CAPTURING = "A capture is running; Refresh is available again when it has finished."
# The three panes fit a 1024-pixel-wide window (the tabs need about 460).
CHECKLIST_MIN_WIDTH = 280
CHECKLIST_MIN_CHARS = 34  # with a larger font: room for a title and a status word
FIX_PANEL_MIN_WIDTH = 240
SPLITTER_SIZES = (345, 635, 300)  # at 1280 pixels: the events table's columns fit the middle


@dataclass
class AppContext:
    """What the window is built from (tests replace any part)."""

    runner: TaskRunner
    store: SettingsStore
    dialogs: Dialogs = field(default_factory=QtDialogs)
    host_factory: Callable[[], Host] | None = None
    network_tests: NetworkTests | None = None
    engine_factory: EngineFactory = default_engine
    viewer_tz: tzinfo | None = None  # the zone times are also shown in; None = this machine's
    tenant_options: OptionsFactory | None = None  # None: settings + ESR_GRAPH_* (tests: a fake)
    tab_panes: tuple[TabPane, ...] = TAB_PANES  # the tabs, in order (gui/panes.py)
    # The app fills the window one pane per event-loop turn (no stall with a big capture);
    # False fills it at once, so a test over a synchronous pool sees it filled on return.
    fill_in_steps: bool = False


class MainWindow(QMainWindow):
    """Header, checklist, tabs (device, events, known issues, log, raw text), fix panel, status bar.

    `ready(Analysis)` fires each time a diagnosis has been shown in full (the screenshot waits
    on it); `shown` is that analysis.
    """

    ready = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_MainWindow()
        setup_form(self.ui, self)
        self.panes = build_tab_panes(self.ui, self, ctx.tab_panes)
        self.ctx = ctx
        self.setWindowIcon(st.named_icon("esr"))
        self.setAcceptDrops(True)
        self._shown_source: Source | None = None
        self._filling = Slices(self)
        self.shown: Analysis | None = None  # the analysis every pane shows (set with `ready`)
        self._make_controllers(ctx)
        self.help = HelpController(
            self,
            self.panes.get(KnownIssuesPane).focused_finding_id,
            self.ui.checklist.current_finding_id,
        )
        self._setup_status_bar()
        self._connect_actions()
        self._connect_controllers()
        self.refresh.attach_menu(self.ui.menuAutoRefresh, ctx.store, self.show_message)
        self.files.recent_menu = self.ui.menuRecent
        self.files.update_recent_menu()
        chars = CHECKLIST_MIN_CHARS * self.fontMetrics().averageCharWidth()
        self.ui.checklist.setMinimumWidth(max(CHECKLIST_MIN_WIDTH, chars))
        self.ui.fixPanel.setMinimumWidth(FIX_PANEL_MIN_WIDTH)
        restore_layout(self, self.ui.mainSplitter, self.ctx.store, SPLITTER_SIZES)
        if self.ctx.store.problem:
            self.ui.header.set_notice(self.ctx.store.problem)
        self.ui.header.set_headline(None)
        show_empty(self.panes.views)
        self.panes.get(LogPane).set_log_file(log_file_text())
        connect_raw_links(self)

    # --- setup --------------------------------------------------------------------------
    def _make_controllers(self, ctx: AppContext) -> None:
        self.session = SessionController(ctx.runner, self)
        self.refresh = RefreshController(ctx.runner, ctx.host_factory, self)
        self.files = FileController(
            self,
            self.session,
            runner=ctx.runner,
            dialogs=ctx.dialogs,
            store=ctx.store,
            viewer_tz=ctx.viewer_tz,
            parent=self,
        )
        self.fix = FixController(
            self.ui.fixPanel,
            self.session,
            runner=ctx.runner,
            dialogs=ctx.dialogs,
            engine_factory=ctx.engine_factory,
            live=self._is_live,
            can_capture=lambda: self.refresh.available,
            parent=self,
        )
        self.fleet = FleetController(
            self, self.files.open_path, runner=ctx.runner, dialogs=ctx.dialogs, parent=self
        )
        self.sync_test = SyncTestController(
            self.panes.get(EventsPane),
            ctx.runner,
            dialogs=ctx.dialogs,
            engine=lambda: self.fix.engine,
            host_factory=ctx.host_factory,
            parent=self,
        )
        self.tenant = TenantController(
            self,
            self.session,
            ctx.runner,
            ctx.tenant_options or options_from_settings(ctx.store),
            parent=self,
        )
        self.network_test = NetworkTestController(
            ctx.runner,
            self,
            tests=ctx.network_tests,
            current=lambda: self.session.analysis,
            members=lambda: self.session.live_members,
        )
        self.ui.menuTools.addAction(self.network_test.action)
        self.compare = CompareController(self, ctx.runner, ctx.dialogs)
        self.ui.menuFile.insertAction(self.ui.actionOpenFleet, self.compare.action)

    def _setup_status_bar(self) -> None:
        self.status_label = QLabel("Ready")
        self.status_label.setAccessibleName("Status message")
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Capture progress")
        self.progress.setMaximumWidth(180)
        self.progress.hide()
        self.ui.statusbar.addWidget(self.status_label, 1)
        self.ui.statusbar.addPermanentWidget(self.progress)

    def _connect_actions(self) -> None:
        ui, files = self.ui, self.files
        ui.actionOpenBundle.triggered.connect(files.open_bundle)
        ui.actionOpenDsregcmd.triggered.connect(files.open_text)
        ui.actionPaste.triggered.connect(lambda: files.paste(""))
        ui.actionOpenFleet.triggered.connect(self.fleet.open_folder)
        ui.actionSaveBundle.triggered.connect(files.save_bundle)
        ui.actionSaveReport.triggered.connect(lambda: files.save_report(redact=False))
        ui.actionSaveRedactedReport.triggered.connect(lambda: files.save_report(redact=True))
        ui.actionCopySummary.triggered.connect(files.copy_summary)
        ui.actionQuit.triggered.connect(self.close)
        ui.actionRefresh.triggered.connect(self.refresh.refresh)
        ui.actionSyncTest.triggered.connect(self.sync_test.start)
        ui.actionCheckTenant.triggered.connect(self.tenant.open)
        ui.actionRestoreBackup.triggered.connect(self.fix.restore)
        ui.actionOpenLogFolder.triggered.connect(open_log_folder)
        ui.actionHelp.triggered.connect(self.help.open_here)
        ui.actionGuide.triggered.connect(self.help.open_online_guide)
        ui.actionAbout.triggered.connect(lambda: show_about(self))
        self.panes.get(LogPane).open_folder_requested.connect(open_log_folder)
        ui.header.go_to_fix.connect(self.go_to_headline_fix)
        self._explain_actions()

    def _explain_actions(self) -> None:
        """What cannot be used yet is disabled with the reason (tooltips in menus too)."""
        ui = self.ui
        for menu in (ui.menuFile, ui.menuView, ui.menuTools, ui.menuHelp, ui.menuRecent):
            menu.setToolTipsVisible(True)
        name_toolbar_buttons(ui.toolBar)
        for action in self._analysis_actions():
            set_available(action, False, NOTHING_OPEN)
        set_available(ui.actionRefresh, self.refresh.available, self.refresh.why_unavailable())
        set_available(ui.actionSyncTest, self.sync_test.available, self.sync_test.why_unavailable())
        self._network_available()

    def _analysis_actions(self) -> tuple[QAction, ...]:
        """The actions that need something open."""
        ui = self.ui
        return (
            ui.actionSaveBundle,
            ui.actionCopySummary,
            ui.actionSaveReport,
            ui.actionSaveRedactedReport,
            ui.actionCheckTenant,
        )

    def _connect_controllers(self) -> None:
        self.session.busy.connect(self._on_busy)
        self.session.analysis_changed.connect(self._show_analysis)
        self.session.load_failed.connect(self._on_load_failed)
        self.refresh.progress.connect(self._on_refresh_progress)
        self.refresh.finished.connect(self._on_refreshed)
        self.refresh.failed.connect(self._on_refresh_failed)
        self.refresh.failed.connect(self.fix.capture_failed)
        self.files.message.connect(self.show_message)
        self.tenant.finished.connect(self.show_message)
        self.fix.recapture_requested.connect(self.refresh.refresh)
        self.fix.capture_requested.connect(self.refresh.refresh)
        self.ui.checklist.finding_selected.connect(self.fix.show_finding)
        self.ui.checklist.model.confirmed_changed.connect(self.session.set_confirmed)
        self.panes.get(KnownIssuesPane).finding_selected.connect(self._select_from_known)
        self.ui.checklist.help_requested.connect(self.help.open)
        self.panes.get(KnownIssuesPane).help_requested.connect(self.help.open)
        self.help.message.connect(self.show_message)
        self.ctx.runner.task_failed.connect(self._on_task_failed)
        self.network_test.finished.connect(self._on_network_tested)
        self.network_test.failed.connect(lambda m: self.show_message(f"Network test: {m}"))

    # --- state --------------------------------------------------------------------------
    def _is_live(self) -> bool:
        analysis = self.session.analysis
        return bool(analysis and analysis.source.kind == "live" and self.refresh.available)

    def open_source(self, source: Source) -> None:
        """Open a source (bundle, text, demo) — what the command line asks for."""
        self.session.open(source)

    def start_live(self) -> None:
        """Capture the live device (the default on Windows)."""
        if self.refresh.refresh():
            self._filling.cancel()
            self.ui.header.set_device("<b>This device</b> — the live capture is running")
            self.ui.header.set_headline(None, "Capturing this device…")
            show_empty(self.panes.views, capturing=True)

    def _on_busy(self, text: str) -> None:
        self.status_label.setText(text)
        if self.session.analysis is None:
            self.ui.header.set_headline(None, text)

    def _show_analysis(self, analysis: Analysis) -> None:
        self._filling.start(self._fill(analysis), at_once=not self.ctx.fill_in_steps)

    def _open_fix_pane(self, analysis: Analysis, same_source: bool) -> Iterator[None]:
        if not same_source:  # a new source: the Fix pane opens on the headline's finding
            self.fix.show_finding(
                self.ui.checklist.current_finding_id() or analysis.headline_finding_id or ""
            )
        yield

    def _fill(self, analysis: Analysis) -> Iterator[None]:
        """Fill the window in steps (`ready` fires after the last)."""
        self.ui.header.set_notice(None)
        same_source = self._shown_source == analysis.source
        self._shown_source = analysis.source
        fill = fill_panes(
            self.ui,
            self.panes.views,
            analysis,
            self.session.confirmed,
            viewer_tz=self.ctx.viewer_tz,
            keep_selection=same_source,
        )
        filled = chain(fill, self._open_fix_pane(analysis, same_source))
        yield from self.fix.planning_after(
            while_frozen(filled, frozen_parts(self.ui), self._filling)
        )
        self.setWindowTitle(f"ESR Troubleshooter — {device_name(analysis.snapshot)}")
        has_report = report_available()
        for action in self._analysis_actions():
            report = action in (self.ui.actionSaveReport, self.ui.actionSaveRedactedReport)
            set_available(action, has_report or not report, NO_REPORT)
        self.show_message(st.finished_message(list(analysis.findings)))
        self._network_available()
        self.shown = analysis
        self.ready.emit(analysis)

    def _network_available(self) -> None:
        why = self.network_test.why_unavailable()
        set_available(self.network_test.action, not why, why)

    def _on_network_tested(self, analysis: Analysis, members: dict[str, bytes] | None) -> None:
        self.session.adopt(analysis, members)
        self.ui.tabs.setCurrentIndex(0)  # the results are in Device status, "Network tests"

    def _on_load_failed(self, source: Source, message: str) -> None:
        self.ui.header.set_notice(f"Could not open {source.label}: {message}")
        if self.session.analysis is None:
            self.ui.header.set_headline(None)
        self.show_message(f"Could not open {source.label}.")

    def _on_refresh_progress(self, text: str, finished: int, total: int) -> None:
        self.status_label.setText(text)
        if self.session.analysis is None:
            self.ui.header.set_headline(None, text)
        self.progress.setVisible(True)
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(finished)
        set_available(self.ui.actionRefresh, False, CAPTURING)

    def _on_refreshed(self, analysis: Analysis) -> None:
        self.progress.hide()
        set_available(self.ui.actionRefresh, True)
        self.session.adopt(analysis, self.refresh.last_capture_members)

    def _on_refresh_failed(self, message: str) -> None:
        self.progress.hide()
        set_available(self.ui.actionRefresh, self.refresh.available, self.refresh.why_unavailable())
        self.ui.header.set_notice(f"The live capture failed: {message}")

    def _on_task_failed(self, failure: WorkerFailure) -> None:
        """Expected failures were already told by their controller; the rest get a dialog."""
        if failure.expected:
            return
        self.show_message(failure.message)
        self.ctx.dialogs.error(self, "Something went wrong", failure.message, failure.details)

    def show_message(self, text: str) -> None:
        """A line in the status bar (also logged)."""
        self.status_label.setText(text)
        log.info(text)

    def go_to_headline_fix(self) -> None:
        """Select the headline's finding and its first remedy in the fix panel."""
        analysis = self.session.analysis
        focus = analysis.headline_finding_id if analysis is not None else None
        if analysis is None or focus is None:
            return
        self.ui.checklist.select_finding(focus)
        self.fix.show_finding(focus)
        if analysis.headline.remedy:
            self.ui.fixPanel.select_remedy(analysis.headline.remedy)
        self.ui.fixPanel.ui.remedyList.setFocus()

    def _select_from_known(self, finding_id: str) -> None:
        if not self.ui.checklist.select_finding(finding_id):
            self.fix.show_finding(finding_id)

    # --- drag and drop, layout, quit ----------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        """Accept dropped files and folders."""
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        """Open the first dropped local path."""
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            self.files.open_path(paths[0])
            event.acceptProposedAction()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        """Save the layout, stop the workers, then close."""
        save_layout(self, self.ui.mainSplitter, self.ctx.store)
        self.refresh.timer.stop()
        self.fleet.close()
        self.ctx.runner.shutdown()
        event.accept()
