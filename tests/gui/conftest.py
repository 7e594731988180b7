"""GUI test fixtures: the real main window over a synchronous (or real) pool, scripted dialogs,
settings/log/data folders in tmp_path, and a small bundle built from the real samples."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import tzinfo
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QWidget

from esr_gui.core.models.manifest import ProblemInfo
from esr_gui.core.remedy.plans import Plan
from esr_gui.gui.dialogs import SaveRequest
from esr_gui.gui.error_clock import ErrorClock
from esr_gui.gui.main_window import AppContext, MainWindow
from esr_gui.gui.settings import SettingsStore
from esr_gui.gui.workers import PoolLike, SyncThreadPool, TaskRunner
from esr_gui.platform.remedies import RemedyEngine, RemedyEnvironment

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data"
DSREG_HYBRID = (
    DATA / "samples" / "dsregcmd" / "02-ws2016-1607-hybrid-joined-old-flat-format-prt-no.txt"
)


@dataclass
class FakeDialogs:
    """Scripted answers; every call is recorded as (name, details)."""

    confirm: bool = True
    paths: list[str | None] = field(default_factory=list)
    pasted: list[str | None] = field(default_factory=list)
    save_request: SaveRequest | None = None
    calls: list[tuple[str, Any]] = field(default_factory=list)

    def _next_path(self) -> str | None:
        return self.paths.pop(0) if self.paths else None

    def confirm_plan(self, parent: QWidget, plan: Plan) -> bool:
        self.calls.append(("confirm", plan.remedy_id))
        return self.confirm

    def confirm_restore(self, parent: QWidget, plan: Plan) -> bool:
        self.calls.append(("confirm_restore", plan.title))
        return self.confirm

    def open_bundle(self, parent: QWidget, start: str) -> str | None:
        self.calls.append(("open_bundle", start))
        return self._next_path()

    def open_text(self, parent: QWidget, start: str) -> str | None:
        self.calls.append(("open_text", start))
        return self._next_path()

    def open_capture(self, parent: QWidget, title: str, start: str) -> str | None:
        self.calls.append(("open_capture", title))
        return self._next_path()

    def choose_folder(self, parent: QWidget, title: str, start: str) -> str | None:
        self.calls.append(("choose_folder", title))
        return self._next_path()

    def open_file(self, parent: QWidget, title: str, start: str, filter_: str) -> str | None:
        self.calls.append(("open_file", title))
        return self._next_path()

    def choose_backup(self, parent: QWidget, start: str) -> str | None:
        self.calls.append(("choose_backup", start))
        return self._next_path()

    def save_path(self, parent: QWidget, title: str, start: str, filter_: str) -> str | None:
        self.calls.append(("save_path", title))
        return self._next_path()

    def paste_dsregcmd(self, parent: QWidget, text: str, error: str) -> str | None:
        self.calls.append(("paste", error))
        return self.pasted.pop(0) if self.pasted else None

    def bundle_info(self, parent: QWidget, clock: ErrorClock) -> SaveRequest | None:
        self.calls.append(("bundle_info", clock))
        return self.save_request

    def error(self, parent: QWidget, title: str, message: str, details: str = "") -> None:
        self.calls.append(("error", message))

    def names(self) -> list[str]:
        return [name for name, _ in self.calls]


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ESR_GUI_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("ESR_GUI_LOG_DIR", str(tmp_path / "logs"))
    monkeypatch.setenv("ESR_GUI_NO_CRASH_DIALOG", "1")
    monkeypatch.setenv("ESR_TROUBLESHOOTER_DATA_DIR", str(tmp_path / "data"))


@pytest.fixture
def dialogs() -> FakeDialogs:
    return FakeDialogs(
        save_request=SaveRequest(ProblemInfo(description="sync stopped"), False, True)
    )


WindowFactory = Callable[..., MainWindow]


@pytest.fixture
def make_window(qtbot: Any, tmp_path: Path, dialogs: FakeDialogs) -> Iterator[WindowFactory]:
    """Build the real window; `pool` defaults to a synchronous one."""
    made: list[MainWindow] = []

    def factory(
        pool: PoolLike | None = None,
        host_factory: Callable[[], Any] | None = None,
        store: SettingsStore | None = None,
        viewer_tz: tzinfo | None = None,
        *,
        tenant_options: Any = None,
        network_tests: Callable[..., Any] | None = None,
        fill_in_steps: bool = False,
    ) -> MainWindow:
        ctx = AppContext(
            runner=TaskRunner(pool if pool is not None else SyncThreadPool()),
            store=store or SettingsStore(tmp_path / "config" / "settings.json"),
            dialogs=dialogs,
            host_factory=host_factory,
            network_tests=network_tests,
            # This PC, for the device binding, is the host a live capture reads (if any).
            engine_factory=lambda: RemedyEngine(
                replace(RemedyEnvironment.default(tmp_path / "data"), host=host_factory)
            ),
            viewer_tz=viewer_tz,
            tenant_options=tenant_options,
            fill_in_steps=fill_in_steps,
        )
        window = MainWindow(ctx)
        qtbot.addWidget(window)
        window.resize(1280, 800)
        made.append(window)
        return window

    yield factory
    for window in made:
        window.ctx.runner.shutdown()


@pytest.fixture
def real_pool() -> Iterator[QThreadPool]:
    pool = QThreadPool()
    yield pool
    pool.waitForDone()


def write_sample_bundle(root: Path) -> Path:
    """A bundle from the real samples: 1607 hybrid dsregcmd, registry, AAD + SettingSync events."""
    root.mkdir(parents=True)
    manifest = {
        "format": "esr-bundle",
        "version": 1,
        "created": "2026-11-25T09:14:03+01:00",
        "computer": "PC-TEST",
        "context": "user",
    }
    (root / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    shutil.copy(DSREG_HYBRID, root / "dsregcmd-status.txt")
    (root / "registry").mkdir()
    for name in (
        "hklm-currentversion-1607",
        "hklm-logonui",
        "hklm-clouddomainjoin",
        "hkcu-settingsync",
    ):
        shutil.copy(DATA / "reg" / f"{name}.reg", root / "registry" / f"{name}.reg")
    (root / "events").mkdir()
    shutil.copy(
        DATA / "events" / "rendered-aad-1098.xml",
        root / "events" / "Microsoft-Windows-AAD%4Operational.xml",
    )
    sync = "Microsoft-Windows-SettingSync%4Operational.xml"
    shutil.copy(DATA / "events" / sync, root / "events" / sync)
    return root


@pytest.fixture
def sample_bundle(tmp_path: Path) -> Path:
    return write_sample_bundle(tmp_path / "bundle")
