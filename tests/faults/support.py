"""The fault matrix's vocabulary: a Fault row, what a check observed, the environment a check
runs in (a temporary folder, a GUI window on demand, esr-diag in-process), and builders of
damaged bundles.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import re
import zipfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from esr_gui.cli import main as esr_diag
from esr_gui.gui.main_window import AppContext, MainWindow
from esr_gui.gui.pipeline import Analysis, Source
from esr_gui.gui.settings import SettingsStore
from esr_gui.gui.workers import SyncThreadPool, TaskRunner
from esr_gui.platform.remedies import RemedyEngine, RemedyEnvironment
from tests.faults.hosts import demo_members
from tests.gui.conftest import FakeDialogs

TMP = "<tmp>"


@dataclass(frozen=True)
class Observed:
    """What the user is shown (one sentence or line) and the state things were left in."""

    message: str
    state: str


@dataclass(frozen=True)
class Fault:
    """One row of the matrix: a fault, how it is injected, and what the user must see."""

    id: str
    area: str
    injection: str
    surface: str
    message: str
    state: str
    check: Callable[[FaultEnv], Observed] = field(compare=False, repr=False)


@dataclass
class CliRun:
    """One in-process `esr-diag` run."""

    code: int
    out: str
    err: str


@dataclass
class FaultEnv:
    """Where a check runs: `tmp` for its files; `window()` builds the real main window over a
    synchronous pool with scripted dialogs (and an injectable remedy engine)."""

    tmp: Path
    qtbot: Any
    dialogs: FakeDialogs = field(default_factory=FakeDialogs)
    windows: list[MainWindow] = field(default_factory=list)

    def window(
        self,
        host_factory: Callable[[], Any] | None = None,
        engine: Callable[[], RemedyEngine] | None = None,
        store: SettingsStore | None = None,
    ) -> MainWindow:
        """The real window; `engine` replaces the remedy engine factory."""
        data = self.tmp / "data"
        ctx = AppContext(
            runner=TaskRunner(SyncThreadPool()),
            store=store or SettingsStore(self.tmp / "config" / "settings.json"),
            dialogs=self.dialogs,
            host_factory=host_factory,
            engine_factory=engine or (lambda: RemedyEngine(RemedyEnvironment.default(data))),
        )
        made = MainWindow(ctx)
        self.qtbot.addWidget(made)
        self.windows.append(made)
        return made

    def cli(self, *args: str) -> CliRun:
        """`esr-diag ARGS` in this process; stdout and stderr captured."""
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = esr_diag(list(args))
            except SystemExit as stop:  # argparse's usage errors exit through SystemExit
                code = int(stop.code or 0)
        return CliRun(code, out.getvalue(), err.getvalue())

    def plain(self, text: str) -> str:
        """`text` with this check's temporary folder written as <tmp>."""
        return text.replace(str(self.tmp), TMP)

    def close(self) -> None:
        """Stop every window's workers."""
        for made in self.windows:
            made.ctx.runner.shutdown()


def analysis_of(window: MainWindow) -> Analysis:
    """What the window shows now (there must be something)."""
    analysis = window.session.analysis
    assert analysis is not None, "the window shows no diagnosis"
    return analysis


def still_works(window: MainWindow) -> None:
    """The app is alive: it opens and diagnoses a demo after the fault."""
    window.open_source(Source("demo", name="healthy-aad-joined"))
    assert analysis_of(window).source.name == "healthy-aad-joined"


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextlib.contextmanager
def app_log() -> Iterator[list[logging.LogRecord]]:
    """The records the app logs (logger `esr_gui`) while the block runs."""
    handler = _Records()
    logger = logging.getLogger("esr_gui")
    logger.addHandler(handler)
    try:
        yield handler.records
    finally:
        logger.removeHandler(handler)


def notice(window: MainWindow) -> str:
    """The header's problem notice as plain text ("" when hidden)."""
    label = window.ui.header.ui.noticeLabel
    return label.accessibleDescription() if label.isVisibleTo(window) else ""


def write_zip(path: Path, members: Mapping[str, bytes]) -> Path:
    """A zip of `members` (deflated)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def demo_zip(path: Path, **changes: bytes | None) -> Path:
    """The default demo as a zip; `changes` replace (bytes) or drop (None) members, where
    `__` in a keyword stands for `/` and `_dot_` for `.`."""
    members = demo_members()
    for key, data in changes.items():
        name = key.replace("__", "/").replace("_dot_", ".")
        if data is None:
            members.pop(name, None)
        else:
            members[name] = data
    return write_zip(path, members)


def manifest_with(**fields: object) -> bytes:
    """The demo's manifest.json with `fields` changed."""
    manifest = json.loads(demo_members()["manifest.json"])
    manifest.update(fields)
    return json.dumps(manifest).encode()


_STAMP = re.compile(r"\.bad-\d{8}-\d{6}")


def without_stamp(text: str) -> str:
    """`settings.json.bad-20261125-091403` → `settings.json.bad-<time>`."""
    return _STAMP.sub(".bad-<time>", text)
