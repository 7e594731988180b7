"""File › Compare two captures…: picked through the dialogs seam, loaded in the pool, shown
before | after with status icons and words."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QThreadPool, QUrl
from PySide6.QtGui import QGuiApplication

from esr_gui.core.compare import compare_captures
from esr_gui.core.remedy.compare import FindingChange
from esr_gui.gui.compare_recheck import COMPARE_LINK
from esr_gui.gui.controllers import compare as compare_module
from esr_gui.gui.pipeline import Source
from esr_gui.gui.present_remedy import comparison_html
from esr_gui.gui.views.compare_window import CompareWindow
from esr_gui.resources import demo_dir
from tests.gui.conftest import FakeDialogs, WindowFactory
from tests.unit.test_compare import degraded_copy

HEALTHY = str(demo_dir() / "healthy-aad-joined")


def cells(table: Any, row: int) -> list[str]:
    return [table.item(row, c).text() for c in range(table.columnCount())]


def item(table: Any, row: int, column: int) -> Any:
    found = table.item(row, column)
    assert found is not None
    return found


def test_file_compare_shows_changed_verdicts_and_fields(
    make_window: WindowFactory, dialogs: FakeDialogs, tmp_path: Path, qtbot: Any
) -> None:
    window = make_window()
    assert window.compare.action in window.ui.menuFile.actions()
    dialogs.paths = [HEALTHY, str(degraded_copy(tmp_path))]
    with qtbot.waitSignal(window.compare.shown) as shown:
        window.compare.action.trigger()
    assert dialogs.names() == ["open_capture", "open_capture"]
    view = shown.args[0]
    assert isinstance(view, CompareWindow)
    rows = [cells(view.verdicts, r) for r in range(view.verdicts.rowCount())]
    tips = [item(view.verdicts, r, 0).toolTip() for r in range(view.verdicts.rowCount())]
    row = next(r for r, tip in enumerate(tips) if tip.endswith("(prt.status)"))
    assert rows[row][1:] == ["Pass", "Fail", "Worse"]
    assert row == 0  # the worst change first
    assert not item(view.verdicts, row, 1).icon().isNull()  # icon and word, never colour alone
    fields = [cells(view.fields, r) for r in range(view.fields.rowCount())]
    assert ["dsregcmd › SSO State", "AzureAdPrt", "YES", "NO"] in fields
    assert any(r[1] == "UBR" and r[2] == "4460 (0x116c)" for r in fields)
    assert view.device_label.text() == "Same device (PC-0007)."
    assert "AzureAdPrt: YES -> NO" in view.copy_text()
    assert "AzureAdPrt: YES -> NO" in QGuiApplication.clipboard().text()


def test_two_devices_are_said_loudly(
    make_window: WindowFactory, dialogs: FakeDialogs, qtbot: Any
) -> None:
    window = make_window()
    dialogs.paths = [str(demo_dir() / "hybrid-not-registered"), HEALTHY]
    with qtbot.waitSignal(window.compare.shown) as shown:
        window.compare.start()
    assert "<b>DIFFERENT DEVICES: PC-0117 and PC-0007." in shown.args[0].device_label.text()


def test_cancel_on_the_second_pick_compares_nothing(
    make_window: WindowFactory, dialogs: FakeDialogs
) -> None:
    window = make_window()
    dialogs.paths = [HEALTHY, None]
    assert window.compare.start() is False
    assert window.compare.windows == []


def test_an_unreadable_side_is_one_sentence_naming_it(
    make_window: WindowFactory, dialogs: FakeDialogs, tmp_path: Path
) -> None:
    window = make_window()
    dialogs.paths = [HEALTHY, str(tmp_path / "gone.zip")]
    window.compare.start()
    [(_name, message)] = [c for c in dialogs.calls if c[0] == "error"]
    assert message.startswith("The later capture could not be read: ")
    assert "does not exist" in message
    assert window.compare.windows == []


def test_the_comparison_runs_off_the_gui_thread(
    make_window: WindowFactory,
    dialogs: FakeDialogs,
    real_pool: QThreadPool,
    qtbot: Any,
    monkeypatch: Any,
) -> None:
    threads: list[threading.Thread] = []

    def recording(before: str, after: str) -> Any:
        threads.append(threading.current_thread())
        return compare_captures(before, after)

    monkeypatch.setattr(compare_module, "compare_captures", recording)
    window = make_window(pool=real_pool)
    dialogs.paths = [HEALTHY, HEALTHY]
    with qtbot.waitSignal(window.compare.shown, timeout=20_000) as shown:
        window.compare.start()
    assert threads and threads[0] is not threading.main_thread()
    assert shown.args[0].verdicts.rowCount() == 0


def test_render_png(tmp_path: Path, qtbot: Any) -> None:
    comparison, _ = compare_captures(HEALTHY, degraded_copy(tmp_path))
    view = CompareWindow(comparison)
    qtbot.addWidget(view)
    view.resize(1024, 700)
    view.show()
    target = tmp_path / "compare.png"
    assert view.grab().save(str(target))
    assert target.stat().st_size > 0


def test_the_recheck_after_a_fix_opens_the_same_comparison(
    make_window: WindowFactory, qtbot: Any
) -> None:
    window = make_window()
    window.open_source(Source("demo", name="hybrid-not-registered"))
    analysis = window.session.analysis
    assert analysis is not None
    finding = next(f for f in analysis.findings if "remedy.sign-out-in" in f.remedies)
    window.ui.checklist.select_finding(finding.id)
    panel = window.ui.fixPanel
    assert panel.select_remedy("remedy.sign-out-in")
    panel.ui.runButton.click()
    text = panel.ui.resultView.toPlainText()
    assert "Nothing else changed" in text  # the same bundle, diagnosed again
    assert window.fix.comparison is not None
    assert window.fix.comparison.same_device is True
    html = panel.ui.resultView.toHtml()
    assert COMPARE_LINK in html
    with qtbot.waitSignal(window.fix.comparison_shown) as shown:
        panel.ui.resultView.anchorClicked.emit(QUrl(COMPARE_LINK))
    view = shown.args[0]
    assert isinstance(view, CompareWindow)
    assert view.comparison.before.label.startswith("before the fix")
    assert view.verdicts.rowCount() == 0


def test_the_fix_pane_names_every_kind_of_change() -> None:
    """A re-check that leaves a check undecided ("unclear") or moves it from one good status
    to another ("different") is named, not a KeyError in the Fix pane."""
    changes = [
        FindingChange(id="prt.status", before="pass", after="unknown", change="unclear"),
        FindingChange(id="reg.wam", before="pass", after="not-applicable", change="different"),
    ]
    text = comparison_html(changes, "re-diagnosed")
    assert "Cannot tell now" in text
    assert "Still fine" in text
