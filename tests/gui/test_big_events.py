"""Issue 19, big logs without a freeze: the events table's sort and filters over many events
run in slices between event-loop turns (never at once on the GUI thread), and what they
show is exactly what a plain sort and filter of the same events gives."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt

from esr_gui.core.models.events import Event
from esr_gui.gui.models.event_filter import EventFilterProxy
from esr_gui.gui.models.events_model import COL_ID, COL_TIME, EVENT_ROLE, EventsModel
from esr_gui.gui.slices import AT_ONCE_ITEMS
from esr_gui.gui.views.events_pane import EventsPane

T0 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
CHANNELS = (
    "Microsoft-Windows-AAD/Operational",
    "Microsoft-Windows-SettingSync-Azure/Debug",
    "Microsoft-Windows-User Device Registration/Admin",
)
COUNT = 3 * AT_ONCE_ITEMS  # well over the size that is sorted and filtered at once


def many_events(count: int = COUNT, seed: int = 19) -> list[Event]:
    """Events in capture order with shuffled times, ids, levels and a few known codes."""
    rng = random.Random(seed)
    out = []
    for n in range(count):
        code = ("0x80180018",) if n % 97 == 0 else ()
        out.append(
            Event(
                channel=CHANNELS[n % len(CHANNELS)],
                event_id=rng.choice((1098, 1104, 6013, 1, 304)),
                level=rng.choice((2, 3, 4)),
                time=T0 + timedelta(seconds=rng.randrange(86_400)) if n % 50 else None,
                message=f"record {n}",
                error_codes=code,
            )
        )
    return out


def shown(proxy: EventFilterProxy) -> list[Event]:
    return [proxy.data(proxy.index(row, 0), EVENT_ROLE) for row in range(proxy.rowCount())]


@pytest.fixture
def big(qtbot: Any) -> tuple[EventsModel, EventFilterProxy, list[Event]]:
    events = many_events()
    model, proxy = EventsModel(), EventFilterProxy()
    proxy.setSourceModel(model)
    model.set_events(events)
    assert proxy.busy()  # not sorted on the spot
    qtbot.waitUntil(lambda: not proxy.busy())
    return model, proxy, events


def test_many_events_are_worked_out_in_slices_and_match_a_plain_filter(
    qtbot: Any, big: tuple[EventsModel, EventFilterProxy, list[Event]]
) -> None:
    _, proxy, events = big
    assert shown(proxy) == events  # no sort column: capture order
    proxy.set_search("0X80180018")
    assert proxy.busy() and proxy.rowCount() == len(events)  # the old view stays meanwhile
    qtbot.waitUntil(lambda: not proxy.busy())
    assert shown(proxy) == [e for e in events if "0x80180018" in e.error_codes]
    proxy.set_search("")
    proxy.set_channels({CHANNELS[1]})
    proxy.set_levels({2})
    qtbot.waitUntil(lambda: not proxy.busy())
    expected = [e for e in events if e.channel == CHANNELS[1] and e.level == 2]
    assert shown(proxy) == expected


def test_sorting_many_events_matches_a_plain_sort(
    qtbot: Any, big: tuple[EventsModel, EventFilterProxy, list[Event]]
) -> None:
    _, proxy, events = big
    proxy.sort(COL_TIME, Qt.SortOrder.DescendingOrder)
    qtbot.waitUntil(lambda: not proxy.busy())
    stamps = [e.time.timestamp() if e.time else 0.0 for e in shown(proxy)]
    assert stamps == sorted(stamps, reverse=True) and len(stamps) == len(events)
    proxy.sort(COL_ID, Qt.SortOrder.AscendingOrder)
    proxy.set_event_ids("6013, 1")
    qtbot.waitUntil(lambda: not proxy.busy())
    expected = sorted((e for e in events if e.event_id in (6013, 1)), key=lambda e: e.event_id)
    assert shown(proxy) == expected  # a stable sort keeps capture order among equal ids


def test_a_new_filter_replaces_the_one_still_running(
    qtbot: Any, big: tuple[EventsModel, EventFilterProxy, list[Event]]
) -> None:
    _, proxy, events = big
    views: list[int] = []
    proxy.view_changed.connect(lambda: views.append(proxy.rowCount()))
    proxy.set_search("record 1")
    proxy.set_search("record 12")  # typed on before the first search finished
    qtbot.waitUntil(lambda: not proxy.busy())
    assert views == [sum(1 for e in events if "record 12" in e.message)]


def test_the_pane_keeps_the_selected_event_when_a_filter_keeps_it(qtbot: Any) -> None:
    pane = EventsPane()
    qtbot.addWidget(pane)
    pane.set_events(many_events(), None)
    qtbot.waitUntil(lambda: not pane.busy())
    assert pane.proxy.rowCount() == COUNT
    pane.select_row(5)
    chosen = pane.proxy.data(pane.ui.table.currentIndex(), EVENT_ROLE)
    pane.ui.levelCombo.setCurrentIndex(0)
    pane.proxy.set_channels({chosen.channel})
    qtbot.waitUntil(lambda: not pane.busy())
    assert pane.proxy.data(pane.ui.table.currentIndex(), EVENT_ROLE) is chosen
    assert all(e.channel == chosen.channel for e in shown(pane.proxy))
