"""Save bundle: the date and time of the error is filled, labelled and saved on one clock,
the device's when the capture names its zone, and the saved text says which."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtWidgets import QDateTimeEdit, QDialog, QDialogButtonBox, QLabel, QWidget

from esr_gui.core.models.manifest import Manifest
from esr_gui.gui.dialogs import QtDialogs
from esr_gui.gui.error_clock import DEVICE, THIS_COMPUTER, error_clock
from tests.gui.test_dialogs import press, when_modal

NEW_YORK = ZoneInfo("America/New_York")
# Far from any zone the test machine is likely to be in: a field filled from this
# computer's clock would be hours off.
KIRITIMATI = datetime.fromisoformat("2026-11-25T09:14:03+14:00")


def manifest(created: datetime, zone: str | None) -> Manifest:
    return Manifest.model_validate(
        {"format": "esr-bundle", "version": 1, "created": created.isoformat(), "timezone": zone}
    )


def test_the_device_zone_is_used_when_the_capture_names_it() -> None:
    winter = datetime(2026, 11, 25, 9, 14, tzinfo=NEW_YORK)
    clock = error_clock(manifest(winter, "Eastern Standard Time"))
    assert clock.whose == DEVICE and clock.zone == NEW_YORK
    summer = datetime(2026, 7, 1, 14, 5)
    assert clock.stamp(summer) == (
        "2026-07-01 14:05 UTC-4 (Eastern Standard Time, the device's time zone)"
    )
    assert clock.offset(winter.replace(tzinfo=None)) == "UTC-5"
    assert error_clock(None).whose == THIS_COMPUTER


def test_the_form_is_filled_labelled_and_saved_on_the_same_clock(qtbot: Any) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    clock = error_clock(manifest(KIRITIMATI, "Line Islands Standard Time"))
    seen: dict[str, Any] = {}

    def fill(dialog: QDialog) -> None:
        edit = dialog.findChild(QDateTimeEdit, "whenEdit")
        label = dialog.findChild(QLabel, "timezoneLabel")
        assert edit is not None and label is not None
        seen["field"] = edit.dateTime().toPython()
        seen["label"] = label.text()
        press(dialog, QDialogButtonBox.StandardButton.Save)

    when_modal(fill)
    request = QtDialogs().bundle_info(parent, clock)
    device_now = datetime.now(KIRITIMATI.tzinfo).replace(tzinfo=None)
    assert abs(seen["field"] - device_now) < timedelta(minutes=2)
    assert seen["label"] == "UTC+14, Line Islands Standard Time (the device's time zone)"
    assert request is not None
    saved = str(request.problem.model_dump()["error_time"])
    assert saved == f"{seen['field']:%Y-%m-%d %H:%M} UTC+14 (Line Islands Standard Time, {DEVICE})"
