"""File › Open fleet folder: the Fleet window next to the main window, and drilling in.

The Fleet window gets its own TaskRunner on the main window's pool: its scans run in the
background like every other job (one wait on quit), and it tells its own failures (the main
window's error dialog is not shown twice). Opening a device from the fleet goes through the
main window's ordinary open path (recent files, session, background load).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from esr_gui.gui.workers import TaskRunner

if TYPE_CHECKING:  # the Fleet window and its models load when it is first opened
    from esr_gui.gui.fleet import FleetWindow
    from esr_gui.gui.fleet.window import FleetDialogs

log = logging.getLogger(__name__)


class FleetController(QObject):
    """Makes (once), shows and closes the Fleet window; a device drilled into opens in
    `open_path` and the main window comes to the front."""

    def __init__(
        self,
        window: QWidget,
        open_path: Callable[[str], None],
        *,
        runner: TaskRunner,
        dialogs: FleetDialogs,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.window, self._open_path = window, open_path
        self._pool_runner, self._dialogs = runner, dialogs
        self.fleet: FleetWindow | None = None

    def show(self) -> FleetWindow:
        """The Fleet window, made on first use, shown and brought to the front."""
        if self.fleet is None:
            from esr_gui.gui.fleet import FleetWindow  # noqa: PLC0415 — see above

            self.fleet = FleetWindow(
                self.window,
                open_device=self.open_device,
                runner=TaskRunner(self._pool_runner.pool, parent=self),
                dialogs=self._dialogs,
            )
        self.fleet.show()
        self.fleet.raise_()
        self.fleet.activateWindow()
        return self.fleet

    def open_folder(self) -> None:
        """File › Open fleet folder: show the window and ask for a folder to scan."""
        self.show().open_folder()

    def open_device(self, bundle: Path) -> None:
        """Open a device's bundle in the main window (in the background) and show it."""
        log.info("fleet: opening %s", bundle)
        self._open_path(str(bundle))
        self.window.raise_()
        self.window.activateWindow()

    def close(self) -> None:
        """Close the Fleet window (a running scan is stopped)."""
        if self.fleet is not None:
            self.fleet.close()
