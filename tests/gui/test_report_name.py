"""Save HTML report suggests a file name with the device and the capture date."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QWidget

from esr_gui.gui.pipeline import Source
from tests.gui.conftest import DSREG_HYBRID, FakeDialogs, WindowFactory

CASES = [
    ("bundle", False, "esr-report-PC-TEST-2026-11-25.html"),
    ("bundle", True, "esr-report-redacted-2026-11-25.html"),
    ("pasted", False, "-undated.html"),
]


@pytest.mark.parametrize("case", CASES)
def test_the_suggested_report_name_carries_the_capture_date(
    qtbot: Any,
    make_window: WindowFactory,
    dialogs: FakeDialogs,
    sample_bundle: Path,
    case: tuple[str, bool, str],
) -> None:
    source, redact, expected = case
    window = make_window()
    opened = (
        Source("bundle", path=str(sample_bundle))
        if source == "bundle"
        else Source("pasted", text=DSREG_HYBRID.read_bytes())
    )
    with qtbot.waitSignal(window.ready, timeout=20_000):
        window.open_source(opened)
    starts: list[str] = []

    def save_path(parent: QWidget, title: str, start: str, filter_: str) -> str | None:
        starts.append(start)
        return None  # cancelled: nothing is written

    dialogs.save_path = save_path  # type: ignore[method-assign]
    (window.ui.actionSaveRedactedReport if redact else window.ui.actionSaveReport).trigger()
    assert Path(starts[0]).name.endswith(expected)
    assert Path(starts[0]).name.startswith("esr-report-")
