"""Render the main window over each demo bundle (and each main tab) to docs/screenshots/*.png,
the main demo at 1024×700 too, a live refresh half-way, and the Fleet window over a folder of
devices made from the demos, and the offline help (F1).

Usage: QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py [--out DIR] [NAME...]
Jobs run on a synchronous pool, so every pane is filled when a picture is taken.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("ESR_GUI_NO_CRASH_DIALOG", "1")
_TMP = tempfile.mkdtemp(prefix="esr-shots-")
os.environ.setdefault("ESR_GUI_CONFIG_DIR", _TMP)
os.environ.setdefault("ESR_GUI_LOG_DIR", _TMP)
os.environ.setdefault("ESR_TROUBLESHOOTER_DATA_DIR", _TMP)
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from esr_gui.gui.applog import setup_logging  # noqa: E402
from esr_gui.gui.main_window import AppContext, MainWindow  # noqa: E402
from esr_gui.gui.panes import TAB_PANES  # noqa: E402
from esr_gui.gui.pipeline import Source, default_demo  # noqa: E402
from esr_gui.gui.screenshot import grab  # noqa: E402
from esr_gui.gui.settings import SettingsStore  # noqa: E402
from esr_gui.gui.theme import apply_theme  # noqa: E402
from esr_gui.gui.workers import SyncThreadPool, TaskRunner  # noqa: E402
from esr_gui.resources import demo_dir, demo_names  # noqa: E402

# One picture per tab of the main demo, named after the tab ("known-issues"); the first is plain.
TABS = tuple(pane.tab_text.lower().replace(" ", "-") for pane in TAB_PANES)
SIZE = (1280, 800)
NARROW = (1024, 700)
FLEET_SIZE = (1400, 820)
FLEET_DEVICES = 40


def window_for(name: str, size: tuple[int, int] = SIZE) -> MainWindow:
    """A window over demo `name`, diagnosed, with the headline's fix shown."""
    ctx = AppContext(
        runner=TaskRunner(SyncThreadPool()), store=SettingsStore(Path(_TMP) / "s.json")
    )
    window = MainWindow(ctx)
    window.resize(*size)
    window.show()
    window.open_source(Source("demo", name=name))
    window.go_to_headline_fix()
    return window


def settle() -> None:
    """Let pending layout and paint requests run (two passes of a local event loop)."""
    for _ in range(2):
        loop = QEventLoop()
        QTimer.singleShot(0, loop.quit)
        loop.exec()


def shoot(name: str, out: Path, all_tabs: bool) -> list[Path]:
    """The device tab of `name` (and every tab when `all_tabs`)."""
    window = window_for(name)
    written = []
    tabs = range(len(TABS)) if all_tabs else (0,)
    for index in tabs:
        window.ui.tabs.setCurrentIndex(index)
        settle()
        suffix = "" if index == 0 else f"-{TABS[index]}"
        path = out / f"{name}{suffix}.png"
        if not grab(window, path):
            raise SystemExit(f"could not write {path}")
        written.append(path)
    window.close()
    return written


def shoot_narrow(name: str, out: Path) -> Path:
    """The device tab of `name` in a 1024×700 window (everything must still fit)."""
    window = window_for(name, NARROW)
    settle()
    path = out / f"{name}-{NARROW[0]}x{NARROW[1]}.png"
    if not grab(window, path):
        raise SystemExit(f"could not write {path}")
    window.close()
    return path


def fleet_folder(root: Path, count: int = FLEET_DEVICES) -> Path:
    """`count` device bundles copied from the demos, each under its own name and time."""
    demos = [demo_dir() / name for name in demo_names()]
    start = datetime.fromisoformat("2026-11-25T09:14:03+01:00")
    for index in range(count):
        target = root / f"PC-{index + 1:05d}"
        shutil.copytree(demos[index % len(demos)], target)
        manifest = target / "manifest.json"
        data = json.loads(manifest.read_text(encoding="utf-8"))
        data["computer"] = target.name
        data["created"] = (start + timedelta(minutes=index)).isoformat()
        manifest.write_text(json.dumps(data), encoding="utf-8")
    (root / "broken.esrbundle.zip").write_bytes(b"PK\x03\x04 truncated")
    return root


def shoot_fleet(out: Path) -> Path:
    """The Fleet window as File › Open fleet folder shows it, over generated devices."""
    window = window_for(default_demo())
    window.fleet.show()
    fleet = window.fleet.fleet
    assert fleet is not None
    fleet.resize(*FLEET_SIZE)
    fleet.load([fleet_folder(Path(_TMP) / "esr-bundles")])
    fleet.table.selectRow(0)
    settle()
    path = out / "fleet.png"
    if not grab(fleet, path):
        raise SystemExit(f"could not write {path}")
    window.close()
    return path


def shoot_live(out: Path, demo: str = "event-1098-token-broker") -> Path:
    """A live refresh half-way (a slow FakeHost answering from a demo), as the window shows it."""
    from PySide6.QtCore import QThreadPool  # noqa: PLC0415

    from esr_gui.gui.exports import source_members  # noqa: PLC0415
    from esr_gui.platform.fake import FakeHost  # noqa: PLC0415

    host = FakeHost.from_members(source_members(Source("demo", name=demo), None), default_delay=0.1)
    runner = TaskRunner(QThreadPool())
    ctx = AppContext(
        runner=runner, store=SettingsStore(Path(_TMP) / "live.json"), host_factory=lambda: host
    )
    window = MainWindow(ctx)
    window.resize(*SIZE)
    window.show()
    path = out / "live-refresh-progress.png"
    loop = QEventLoop()

    def on_progress(_text: str, finished: int, total: int) -> None:
        if total and finished * 2 >= total and not path.exists():
            grab(window, path)

    window.refresh.progress.connect(on_progress)
    window.ready.connect(lambda _a: loop.quit())
    window.start_live()
    loop.exec()
    runner.shutdown()
    window.close()
    return path


def shoot_help(out: Path) -> Path:
    """The offline help (F1) at the main demo's headline finding."""
    window = window_for(default_demo())
    viewer = window.help.open(window.ui.checklist.current_finding_id())
    settle()
    path = out / "help.png"
    if not grab(viewer, path):
        raise SystemExit(f"could not write {path}")
    viewer.close()
    window.close()
    return path


def main() -> int:
    """Render the demos; prints each file written."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default="docs/screenshots")
    parser.add_argument("names", nargs="*")
    args = parser.parse_args()
    setup_logging(to_file=False)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    apply_theme(app)  # type: ignore[arg-type]
    out = Path(args.out)
    main_demo = default_demo()
    for name in args.names or demo_names():
        for path in shoot(name, out, all_tabs=name == main_demo):
            print(path)
    if not args.names:
        print(shoot_narrow(main_demo, out))
        print(shoot_fleet(out))
        print(shoot_help(out))
        (out / "live-refresh-progress.png").unlink(missing_ok=True)
        print(shoot_live(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
