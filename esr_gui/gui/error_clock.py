"""The one time zone of the save form's "date and time of the error", and whose it is.

The form is filled in the device's zone when the capture says it (the time a user reports
and the device's events are on that clock), else in this computer's zone; the field starts
at "now" on that same clock, and the saved text names the zone, so support never has to
guess which clock a technician meant.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

from esr_gui.core.models.manifest import Manifest
from esr_gui.core.report.provenance import device_zone, offset_text

DEVICE = "the device's time zone"
THIS_COMPUTER = "this computer's time zone"


@dataclass(frozen=True)
class ErrorClock:
    """A zone (None: this computer's), its name, and whose zone it is."""

    zone: tzinfo | None
    name: str
    whose: str

    def now(self) -> datetime:
        """The wall-clock time now in this zone (naive: what the date-time field shows)."""
        return datetime.now(self.zone).astimezone(self.zone).replace(tzinfo=None, second=0)

    def offset(self, wall: datetime) -> str:
        """`UTC+1` for a wall-clock time in this zone (summer time counted)."""
        aware = wall.replace(tzinfo=self.zone) if self.zone else wall.astimezone()
        return offset_text(aware.utcoffset())

    def label(self) -> str:
        """What the form shows beside the field: `UTC+1, W. Europe Standard Time (the device's
        time zone)`."""
        named = f", {self.name}" if self.name else ""
        return f"{self.offset(self.now())}{named} ({self.whose})"

    def stamp(self, wall: datetime) -> str:
        """The saved text: `2026-11-25 09:14 UTC+1 (W. Europe Standard Time, the device's
        time zone)`."""
        named = f"{self.name}, " if self.name else ""
        return f"{wall:%Y-%m-%d %H:%M} {self.offset(wall)} ({named}{self.whose})"


def error_clock(manifest: Manifest | None) -> ErrorClock:
    """The device's zone when the capture has a manifest, else this computer's."""
    if manifest is not None:
        return ErrorClock(device_zone(manifest), (manifest.timezone or "").strip(), DEVICE)
    local = datetime.now().astimezone()
    return ErrorClock(None, local.tzname() or "", THIS_COMPUTER)
