"""The window at 1280×800 and 1024×700: the header grows to fit its wrapped text, the capture
line reads in the device's zone and the viewer's, the events table shows what matters."""

from __future__ import annotations

import json
from datetime import timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from esr_gui.core.diagnose import Headline
from esr_gui.gui.models.events_model import COL_CODES, COL_MEANING, COL_TIME
from esr_gui.gui.pipeline import Source
from esr_gui.gui.screenshot import settle_layouts
from esr_gui.resources import demo_names
from tests.conftest import REPO
from tests.gui.conftest import WindowFactory, write_sample_bundle

SIZES = ((1280, 800), (1024, 700))
NEW_YORK_WINTER = timezone(timedelta(hours=-5))
LONG_ACTION = (
    "Install KB3176934 (build 14393.82) or any later cumulative update, restart, sign in "
    "again with the work account, then check the Sync your settings page once more. " * 2
)


def fits(label: QLabel) -> bool:
    """The label is as tall as its text needs at its width (nothing cut off)."""
    return label.height() >= label.heightForWidth(label.width())


def shown(qtbot: Any, window: Any, width: int, height: int) -> None:
    window.resize(width, height)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.width() == width)


@pytest.mark.parametrize("name", demo_names())
@pytest.mark.parametrize(("width", "height"), SIZES)
def test_every_demo_fits_both_sizes(
    qtbot: Any, make_window: WindowFactory, name: str, width: int, height: int
) -> None:
    window = make_window()
    window.open_source(Source("demo", name=name))
    shown(qtbot, window, width, height)
    header = window.ui.header.ui
    for label in (header.headlineLabel, header.deviceLabel, header.demoBanner):
        qtbot.waitUntil(lambda label=label: fits(label))
    splitter = window.ui.mainSplitter
    assert window.ui.header.geometry().bottom() < splitter.geometry().top()
    assert sum(splitter.sizes()) <= splitter.width()
    assert min(splitter.sizes()) > 0


def test_the_header_grows_when_the_headline_wraps(qtbot: Any, make_window: WindowFactory) -> None:
    window = make_window()
    window.open_source(Source("demo", name="1607-sideload-6013"))
    header = window.ui.header
    header.set_headline(
        Headline(
            finding_id="ki.mdm-sideload-1607",
            status="fail",
            text="Most likely: A cause",
            action=LONG_ACTION,
        )
    )
    label = header.ui.headlineLabel
    lines = label.fontMetrics().lineSpacing()
    heights = []
    for width, height in SIZES:
        shown(qtbot, window, width, height)
        qtbot.waitUntil(lambda: fits(label))
        assert label.height() > 3 * lines  # the action wraps onto more lines…
        assert header.geometry().bottom() < window.ui.mainSplitter.geometry().top()  # …not cut
        heights.append(header.height())
    assert heights[1] > heights[0]  # narrower: taller


def test_capture_time_reads_in_both_zones(make_window: WindowFactory, tmp_path: Path) -> None:
    bundle = write_sample_bundle(tmp_path / "zoned")
    manifest = json.loads((bundle / "manifest.json").read_text(encoding="utf-8"))
    manifest["timezone"] = "W. Europe Standard Time"
    (bundle / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    window = make_window(viewer_tz=NEW_YORK_WINTER)
    window.open_source(Source("bundle", path=str(bundle)))
    text = window.ui.header.ui.deviceLabel.text()
    assert (
        "Captured on PC-TEST at 2026-11-25 09:14 (UTC+1, W. Europe Standard Time) = 03:14 your "
        "time (UTC-5), user context" in text
    )
    assert "Source: bundle zoned" in text
    assert window.windowTitle() == "ESR Troubleshooter — PC-TEST"
    model = window.ui.eventsPane.model
    tip = model.data(model.index(0, COL_TIME), Qt.ItemDataRole.ToolTipRole)
    assert "(UTC+1, W. Europe Standard Time) =" in tip and "your time (UTC-5)" in tip
    shown_time = model.data(model.index(0, COL_TIME))
    event = window.ui.eventsPane.model.event_at(0)
    assert event is not None and event.time is not None
    assert shown_time == event.time.astimezone(timezone(timedelta(hours=1))).strftime(
        "%Y-%m-%d %H:%M:%S"
    )


def test_a_text_without_capture_time_says_so(make_window: WindowFactory, tmp_path: Path) -> None:
    from tests.gui.conftest import DSREG_HYBRID

    window = make_window(viewer_tz=NEW_YORK_WINTER)
    window.open_source(Source("dsregcmd", path=str(DSREG_HYBRID)))
    text = window.ui.header.ui.deviceLabel.text()
    assert "Saved dsregcmd text of" in text
    assert "capture time, time zone and context are not known" in text
    assert f"File: {DSREG_HYBRID.name}" in text


def test_events_table_columns_and_explanation(
    qtbot: Any, make_window: WindowFactory, sample_bundle: Path
) -> None:
    window = make_window()
    window.open_source(Source("bundle", path=str(sample_bundle)))
    window.ui.tabs.setCurrentWidget(window.ui.eventsPane)
    shown(qtbot, window, 1280, 800)
    pane = window.ui.eventsPane
    table = pane.ui.table
    qtbot.waitUntil(lambda: table.columnWidth(COL_MEANING) > 100)
    assert table.columnWidth(COL_CODES) >= table.sizeHintForColumn(COL_CODES)
    viewport = table.viewport().width()
    total = sum(table.columnWidth(c) for c in range(pane.model.columnCount()))
    assert total <= viewport  # no column pushed out of sight
    channel = pane.model.data(pane.model.index(0, 2))
    assert not channel.startswith("Microsoft-Windows-")
    assert pane.model.data(pane.model.index(0, 2), Qt.ItemDataRole.ToolTipRole).startswith(
        "Microsoft-Windows-"
    )
    # The newest event the knowledge table explains is selected and its meaning shown first.
    current = table.currentIndex()
    assert current.isValid()
    explained = pane.proxy.data(current.siblingAtColumn(COL_MEANING))
    detail = " ".join(pane.ui.detail.toPlainText().split())
    assert explained and explained in detail
    assert detail.index("means:") < detail.index(explained) < detail.index("record")


@pytest.mark.parametrize("name", ["event-1098-token-broker", "1607-sideload-6013"])
def test_a_screenshot_grab_waits_for_nested_layouts(
    qtbot: Any, make_window: WindowFactory, name: str
) -> None:
    """--screenshot grabs right after `ready`: the headline must already be full height."""
    window = make_window()
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    window.open_source(Source("demo", name=name))
    settle_layouts()
    header = window.ui.header.ui
    assert header.headlineLabel.text().count("<br>") == 1
    for label in (header.headlineLabel, header.deviceLabel, header.demoBanner):
        assert fits(label), label.objectName()


def test_the_selected_check_stays_in_view_after_its_rows_re_wrap(
    qtbot: Any, make_window: WindowFactory
) -> None:
    """The headline's check is the last row here; re-wrapped rows above it must not push it
    half out of the tree (it was cut in two at the bottom edge)."""
    text = REPO / "tests/data/realworld/dsregcmd"
    path = text / "msdocs-ptbr-2017-flat-runtogether-indented-code-block.txt"
    window = make_window()
    shown(qtbot, window, 1280, 800)
    window.open_source(Source("dsregcmd", path=str(path)))
    tree = window.ui.checklist.ui.tree
    assert window.ui.checklist.current_finding_id() == "sync.two-device-test"

    def in_view() -> bool:  # scrollTo leaves the row's last pixel line under the edge
        row = tree.visualRect(tree.currentIndex())
        return row.top() >= 0 and row.top() + row.height() <= tree.viewport().height() + 1

    qtbot.waitUntil(in_view)
    qtbot.wait(50)  # later relayouts must not undo it
    assert in_view()
