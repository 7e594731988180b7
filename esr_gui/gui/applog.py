"""Logging: a rotating file in the platformdirs log dir, and a tail kept for the in-app view.

`TailHandler` (picard's TailLogger idea) keeps the last records in memory and announces each
new one through a Qt signal, so the Log view fills in from any thread without polling.
"""

from __future__ import annotations

import logging
import logging.handlers
from collections import deque
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices

from esr_gui.gui.settings import log_dir

LOG_FORMAT = "%(asctime)s %(levelname)-7s %(threadName)s %(name)s: %(message)s"
TAIL_SIZE = 2000


@dataclass(frozen=True)
class LogLine:
    """One log record as the Log view shows it."""

    time: datetime
    level: str
    levelno: int
    logger: str
    message: str


class _Announcer(QObject):
    record = Signal(object)


class TailHandler(logging.Handler):
    """Keeps the last TAIL_SIZE records and emits `announcer.record` for each new one."""

    def __init__(self, size: int = TAIL_SIZE) -> None:
        super().__init__(logging.DEBUG)
        self.lines: deque[LogLine] = deque(maxlen=size)
        self.announcer = _Announcer()

    def emit(self, record: logging.LogRecord) -> None:
        """Store and announce `record` (safe from any thread)."""
        try:
            message = record.getMessage()
            if record.exc_info and record.exc_info[0] is not None:
                message += "\n" + logging.Formatter().formatException(record.exc_info)
            line = LogLine(
                datetime.fromtimestamp(record.created),
                record.levelname,
                record.levelno,
                record.name,
                message,
            )
            self.lines.append(line)
            self.announcer.record.emit(line)
        except Exception:
            self.handleError(record)


_tail: TailHandler | None = None
_file_path: Path | None = None


def tail_handler() -> TailHandler:
    """The process-wide tail handler (created and attached on first use)."""
    global _tail  # noqa: PLW0603 — one handler per process, like logging itself
    if _tail is None:
        _tail = TailHandler()
        logging.getLogger("esr_gui").addHandler(_tail)
    return _tail


def setup_logging(to_file: bool = True) -> Path | None:
    """Attach the tail handler and (once) a rotating file handler; returns the log file."""
    global _file_path  # noqa: PLW0603
    root = logging.getLogger("esr_gui")
    root.setLevel(logging.DEBUG)
    tail_handler()
    if to_file and _file_path is None:
        path = log_dir() / "esr-gui.log"
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handler = logging.handlers.RotatingFileHandler(
                path, maxBytes=1_000_000, backupCount=5, encoding="utf-8"
            )
        except OSError as exc:
            root.warning("no log file (%s); the Log view still works", exc)
            return None
        handler.setFormatter(logging.Formatter(LOG_FORMAT))
        handler.setLevel(logging.INFO)
        root.addHandler(handler)
        _file_path = path
    return _file_path


def log_file_path() -> Path | None:
    """The rotating log file, when one is open."""
    return _file_path


def log_file_text() -> str:
    """The line the Log tab shows about the log file."""
    path = log_file_path()
    return f"Log file: {path}" if path else "No log file (logging to the window only)."


def open_log_folder() -> None:
    """Open the folder of the log file in the file manager."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(log_dir())))
