"""Issue 19: the app paints its first window before the core, pydantic and the panes load."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from tests.conftest import python_snippet

REPO = Path(__file__).resolve().parents[2]
# The child runs the real `main()`; at its first paint of any widget it reports which of the
# heavy modules were already imported, then leaves at once.
CHILD = """
import gc, json, os, sys
from esr_gui.gui import app as app_module

build = app_module.make_application

def make_application():
    made = build()
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QWidget

    class Watch(QObject):
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint and isinstance(watched, QWidget):
                heavy = sorted(
                    m for m in sys.modules
                    if m == "pydantic" or m.startswith(("esr_gui.core", "esr_gui.gui.main_window"))
                )
                window = watched.window().objectName()
                print(json.dumps({"window": window, "heavy": heavy, "gc": gc.isenabled()}))
                sys.stdout.flush()
                os._exit(0)
            return False

    made._first_paint_watch = Watch()
    made.installEventFilter(made._first_paint_watch)
    return made

app_module.make_application = make_application
app_module.main(["--demo", "hybrid-not-registered"])
print(json.dumps({"window": None, "heavy": ["never painted"], "gc": None}))
"""


# The child runs the real `main()` to the hand-over: the main window is built from the event
# loop after the skeleton painted (no hand-pumped events), shown, and the skeleton closed.
HANDED_OVER = """
import gc, json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from esr_gui.gui import skeleton as skeleton_module

real = skeleton_module.hand_over

def hand_over(skeleton, window):
    real(skeleton, window)
    shown = [w.objectName() for w in QApplication.topLevelWidgets() if w.isVisible()]

    def diagnosed(_analysis):
        print(json.dumps({"shown": shown, "gc": gc.isenabled()}))
        sys.stdout.flush()
        QTimer.singleShot(0, QApplication.instance().quit)

    window.ready.connect(diagnosed)

skeleton_module.hand_over = hand_over
from esr_gui.gui import app as app_module
sys.exit(app_module.main(["--demo", "hybrid-not-registered"]))
"""


def _child(code: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", ESR_GUI_NO_CRASH_DIALOG="1")
    env.update(
        ESR_GUI_CONFIG_DIR=str(tmp_path / "config"),
        ESR_GUI_LOG_DIR=str(tmp_path / "logs"),
        ESR_TROUBLESHOOTER_DATA_DIR=str(tmp_path / "data"),
    )
    return python_snippet(code, env=env)


def test_first_paint_comes_before_the_core_and_pydantic(tmp_path: Path) -> None:
    """The first painted window is the skeleton, and nothing heavy is loaded yet; the cyclic
    collector is off while the start-up makes its long-lived objects."""
    done = _child(CHILD, tmp_path)
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report == {"window": "StartupSkeleton", "heavy": [], "gc": False}, done.stderr[-2000:]


def test_the_main_window_replaces_the_skeleton_from_the_event_loop(tmp_path: Path) -> None:
    """After the skeleton painted, the event loop builds and shows the main window and
    closes the skeleton; once the diagnosis is shown the collector is on again and the app
    leaves with exit code 0."""
    done = _child(HANDED_OVER, tmp_path)
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["shown"] == ["MainWindow"], done.stderr[-2000:]
    assert report["gc"] is True  # the collector is on again once the window is built
    assert done.returncode == 0, done.stderr[-2000:]
