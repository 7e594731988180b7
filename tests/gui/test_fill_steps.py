"""Issue 19, never stall: the app fills the window one part per event-loop turn, `ready` fires
after the last part, and the result is the window an at-once fill gives."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer

from esr_gui.gui.exports import source_members, summary_text
from esr_gui.gui.pane_fill import frozen_parts
from esr_gui.gui.pipeline import Source
from esr_gui.platform.fake import FakeHost
from tests.gui.conftest import WindowFactory

DEMO = "event-1098-token-broker"


def filled_texts(window: Any) -> tuple[str, ...]:
    """What the filled window says: header, checklist selection, and each pane's rows."""
    ui = window.ui
    return (
        ui.header.ui.deviceLabel.text(),
        ui.checklist.current_finding_id(),
        str(ui.checklist.model.rowCount()),
        str(ui.eventsPane.proxy.rowCount()),
        str(ui.devicePane.model.rowCount()),
        ui.fixPanel.ui.planView.toPlainText(),
        summary_text(window.session.analysis, set()) if window.session.analysis else "",
    )


def open_then_replace_while_filling(qtbot: Any, window: Any) -> None:
    """Open the sideload demo and, while its fill still runs (the window's parts frozen),
    open DEMO in its place; return once DEMO is shown."""
    first_part = frozen_parts(window.ui)[0]
    replaced: list[bool] = []

    def replace_while_filling() -> None:
        if not replaced and not first_part.updatesEnabled():
            replaced.append(True)
            window.open_source(Source("demo", name=DEMO))  # replaces the fill still running

    ticker = QTimer()
    ticker.timeout.connect(replace_while_filling)
    ticker.start(0)
    with qtbot.waitSignal(window.ready, timeout=10_000):
        window.open_source(Source("demo", name="1607-sideload-6013"))
    ticker.stop()
    assert replaced == [True]


def test_the_window_fills_in_turns_and_ends_as_an_at_once_fill(
    qtbot: Any, make_window: WindowFactory
) -> None:
    at_once = make_window()
    at_once.open_source(Source("demo", name=DEMO))
    stepped = make_window(fill_in_steps=True)
    turns: list[int] = []
    ticker = QTimer()
    ticker.timeout.connect(lambda: turns.append(1))
    ticker.start(0)
    with qtbot.waitSignal(stepped.ready, timeout=10_000):
        stepped.open_source(Source("demo", name=DEMO))  # a synchronous pool: loaded on return
        assert stepped.ui.checklist.model.rowCount() == 0  # …but not shown yet
    ticker.stop()
    assert len(turns) >= 3  # the event loop turned while the parts were filled
    assert filled_texts(stepped) == filled_texts(at_once)


def test_a_newer_analysis_replaces_a_fill_still_running(
    qtbot: Any, make_window: WindowFactory
) -> None:
    window = make_window(fill_in_steps=True)
    shown: list[str] = []
    window.ready.connect(lambda analysis: shown.append(analysis.source.name))
    window.open_source(Source("demo", name=DEMO))
    window.open_source(Source("demo", name="1607-sideload-6013"))
    qtbot.waitUntil(lambda: bool(shown))
    qtbot.wait(50)
    assert shown == ["1607-sideload-6013"]  # the first fill never finished on top of it


def test_the_parts_repaint_one_per_turn_after_the_fill_and_never_stay_frozen(
    qtbot: Any, make_window: WindowFactory
) -> None:
    """While the window is filled its parts keep their old picture (no relayout of half the
    window per part); then they repaint one per event-loop turn, and they are live again
    when a newer analysis replaces a fill still running."""
    window = make_window(fill_in_steps=True)
    parts = frozen_parts(window.ui)
    seen: list[tuple[bool, ...]] = []
    ticker = QTimer()
    ticker.timeout.connect(lambda: seen.append(tuple(p.updatesEnabled() for p in parts)))
    ticker.start(0)
    with qtbot.waitSignal(window.ready, timeout=10_000):
        window.open_source(Source("demo", name=DEMO))
    ticker.stop()
    seen.append(tuple(p.updatesEnabled() for p in parts))  # as `ready` fired
    states = [state for n, state in enumerate(seen) if n == 0 or seen[n - 1] != state]
    frozen = (False,) * len(parts)
    assert states[states.index(frozen) :] == [
        frozen,
        *[(True,) * n + (False,) * (len(parts) - n) for n in range(1, len(parts))],
        (True,) * len(parts),
    ]
    open_then_replace_while_filling(qtbot, window)
    assert all(part.updatesEnabled() for part in parts)


def test_the_fix_pane_plans_once_the_window_is_filled(
    qtbot: Any, make_window: WindowFactory, monkeypatch: Any
) -> None:
    """The plan of the headline's remedy starts when the fill has run to its end (its first
    run imports the remedy engine, which must not compete with the paint); a fill replaced
    by a newer one starts no plan of its own."""
    window = make_window(fill_in_steps=True)
    parts = frozen_parts(window.ui)
    started: list[tuple[str, bool]] = []
    real_run = window.ctx.runner.run

    def spying_run(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.startswith("Planning "):
            started.append((name, all(p.updatesEnabled() for p in parts)))
        return real_run(name, *args, **kwargs)

    monkeypatch.setattr(window.ctx.runner, "run", spying_run)
    open_then_replace_while_filling(qtbot, window)
    analysis = window.shown
    assert analysis is not None and analysis.source.name == DEMO
    headline = analysis.finding(analysis.headline_finding_id or "")
    assert headline is not None and headline.remedies
    assert started == [(f"Planning {headline.remedies[0]}", True)]


def test_a_fill_cancelled_for_a_live_capture_leaves_no_plan_pending(
    qtbot: Any, make_window: WindowFactory
) -> None:
    """A live capture started while a fill runs drops the fill and the plan it held: the Fix
    pane does not go on saying a plan is being prepared."""
    members = source_members(Source("demo", name="mixed-case-upn"), None)
    window = make_window(
        fill_in_steps=True, host_factory=lambda: FakeHost.from_members(members, default_delay=0.5)
    )
    parts = frozen_parts(window.ui)
    captured: list[bool] = []

    def capture_once_the_plan_is_held() -> None:
        if not captured and window.fix._held is not None:
            captured.append(True)
            window.start_live()

    ticker = QTimer()
    ticker.timeout.connect(capture_once_the_plan_is_held)
    ticker.start(0)
    window.open_source(Source("demo", name=DEMO))
    qtbot.waitUntil(lambda: bool(captured), timeout=10_000)
    ticker.stop()
    assert all(part.updatesEnabled() for part in parts)
    assert window.fix._held is None and window.fix.finding is None
    assert "Preparing the plan" not in window.ui.fixPanel.ui.planView.toPlainText()
