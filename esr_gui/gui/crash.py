"""An error dialog instead of a silent crash: `sys.excepthook` → log + dialog.

Set ESR_GUI_NO_CRASH_DIALOG=1 (CI, tests) to log and re-raise to the default hook instead.
"""

from __future__ import annotations

import logging
import os
import sys
import traceback
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox

log = logging.getLogger("esr_gui.crash")
OPT_OUT_ENV = "ESR_GUI_NO_CRASH_DIALOG"


def crash_dialog_enabled() -> bool:
    """False when the opt-out variable is set (or there is no application)."""
    return os.environ.get(OPT_OUT_ENV, "") in ("", "0") and QApplication.instance() is not None


def _hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
    details = "".join(traceback.format_exception(kind, value, tb))
    log.critical("unhandled exception:\n%s", details)
    if issubclass(kind, KeyboardInterrupt) or not crash_dialog_enabled():
        sys.__excepthook__(kind, value, tb)
        return
    box = QMessageBox(
        QMessageBox.Icon.Critical,
        "ESR Troubleshooter: unexpected error",
        f"Something went wrong inside the app ({str(value).strip() or 'no details'}).\n\n"
        "The app keeps running; the details are in the log (Tools › Open log folder).",
    )
    box.setDetailedText(details)
    box.exec()


def install_crash_hook() -> None:
    """Route unhandled exceptions to the log and a dialog."""
    sys.excepthook = _hook
