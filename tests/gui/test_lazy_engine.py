"""Issue 19: the remedy engine (file operations, the elevation adapters) loads when the Fix
pane first plans a remedy (in a worker job in the app), the Fleet window when it is first
opened, the network probes (ssl) when a test runs, the live capture when one starts and the
comparison window when one is shown, not while the window is built."""

from __future__ import annotations

import json
import os
from pathlib import Path

from tests.conftest import python_snippet

REPO = Path(__file__).resolve().parents[2]
CHILD = """
import json, sys
from PySide6.QtWidgets import QApplication
app = QApplication([])
from esr_gui.gui.main_window import AppContext, MainWindow
from esr_gui.gui.pipeline import Source
from esr_gui.gui.settings import SettingsStore
from esr_gui.gui.workers import SyncThreadPool, TaskRunner
from esr_gui.platform.network_live import live_network_tests  # as the app's make_window does
window = MainWindow(AppContext(runner=TaskRunner(SyncThreadPool()), store=SettingsStore()))
LATER = (
    "esr_gui.platform.remedies", "esr_gui.gui.fleet", "esr_gui.platform.netrun", "ssl",
    "esr_gui.platform.capture", "esr_gui.gui.views.compare_window",
)
built = sorted(m for m in sys.modules if m.startswith(LATER))
window.open_source(Source("demo", name="hybrid-not-registered"))
planned = "esr_gui.platform.remedies" in sys.modules
print(json.dumps([built, planned]))
"""


def test_building_the_window_does_not_load_the_remedy_engine(tmp_path: Path) -> None:
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        ESR_GUI_CONFIG_DIR=str(tmp_path),
        ESR_GUI_LOG_DIR=str(tmp_path),
        ESR_TROUBLESHOOTER_DATA_DIR=str(tmp_path),
    )
    done = python_snippet(CHILD, env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    built, planned = json.loads(done.stdout.strip().splitlines()[-1])
    assert built == []
    assert planned  # the Fix pane's plan of the headline's remedy needs it, and gets it
