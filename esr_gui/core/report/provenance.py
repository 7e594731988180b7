"""Where and when a capture was taken, said in the device's zone and the viewer's.

A technician helping remotely reads a capture taken elsewhere: "captured on PC-0042 at
09:14 (UTC+1), user context", and the same moment in their own zone. The device's zone is
what the manifest says: the UTC offset of `created` (exact at capture time) and the Windows
zone name. For other moments (event times) the offset may differ across a DST change, so a
known Windows zone name is mapped to its IANA zone, used only when it agrees with the
captured offset; otherwise the captured offset is used as is.

`viewer_tz=None` means the viewer's local zone, resolved per moment (DST-correct).
Pure: no Qt, nothing read from disk except the IANA database when one is installed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from esr_gui.core.models.manifest import Manifest
from esr_gui.core.models.snapshot import Snapshot
from esr_gui.core.report.check_json import device_name

CONTEXT_WORDS: dict[str, str] = {
    "user": "user context",
    "elevated": "elevated (administrator) context",
    "system": "SYSTEM context",
}

# Windows zone id -> IANA zone (CLDR windowsZones, territory 001), the zones seen most often.
WINDOWS_ZONES: dict[str, str] = {
    "UTC": "Etc/UTC",
    "GMT Standard Time": "Europe/London",
    "Greenwich Standard Time": "Atlantic/Reykjavik",
    "W. Europe Standard Time": "Europe/Berlin",
    "Central Europe Standard Time": "Europe/Budapest",
    "Romance Standard Time": "Europe/Paris",
    "Central European Standard Time": "Europe/Warsaw",
    "E. Europe Standard Time": "Europe/Chisinau",
    "FLE Standard Time": "Europe/Kiev",
    "GTB Standard Time": "Europe/Bucharest",
    "Russian Standard Time": "Europe/Moscow",
    "Turkey Standard Time": "Europe/Istanbul",
    "Israel Standard Time": "Asia/Jerusalem",
    "South Africa Standard Time": "Africa/Johannesburg",
    "Arabian Standard Time": "Asia/Dubai",
    "India Standard Time": "Asia/Calcutta",
    "China Standard Time": "Asia/Shanghai",
    "Singapore Standard Time": "Asia/Singapore",
    "Tokyo Standard Time": "Asia/Tokyo",
    "Korea Standard Time": "Asia/Seoul",
    "AUS Eastern Standard Time": "Australia/Sydney",
    "E. Australia Standard Time": "Australia/Brisbane",
    "W. Australia Standard Time": "Australia/Perth",
    "New Zealand Standard Time": "Pacific/Auckland",
    "Eastern Standard Time": "America/New_York",
    "Central Standard Time": "America/Chicago",
    "Mountain Standard Time": "America/Denver",
    "US Mountain Standard Time": "America/Phoenix",
    "Pacific Standard Time": "America/Los_Angeles",
    "Alaskan Standard Time": "America/Anchorage",
    "Hawaiian Standard Time": "Pacific/Honolulu",
    "Atlantic Standard Time": "America/Halifax",
    "Newfoundland Standard Time": "America/St_Johns",
    "E. South America Standard Time": "America/Sao_Paulo",
    "Argentina Standard Time": "America/Buenos_Aires",
    "Central Standard Time (Mexico)": "America/Mexico_City",
}


def offset_text(offset: timedelta | None) -> str:
    """`UTC+1`, `UTC+5:30`, `UTC-3`, `UTC` (zero), or `UTC offset unknown`."""
    if offset is None:
        return "UTC offset unknown"
    minutes = int(offset.total_seconds() // 60)
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def _fixed(offset: timedelta | None) -> tzinfo:
    return timezone(offset) if offset is not None else UTC


def device_zone(manifest: Manifest) -> tzinfo:
    """The device's zone: the IANA zone of its Windows zone name when that is known,
    installed and agrees with the captured offset; else the captured offset itself."""
    captured = manifest.created.utcoffset()
    iana = WINDOWS_ZONES.get((manifest.timezone or "").strip())
    if iana is not None:
        try:
            zone = ZoneInfo(iana)
        except (ZoneInfoNotFoundError, ValueError):
            return _fixed(captured)
        if manifest.created.astimezone(zone).utcoffset() == captured:
            return zone
    return _fixed(captured)


def _stamp(moment: datetime, seconds: bool) -> tuple[str, str]:
    """(date, time) text of an aware datetime in its own zone."""
    return moment.strftime("%Y-%m-%d"), moment.strftime("%H:%M:%S" if seconds else "%H:%M")


def format_in_zone(moment: datetime, zone: tzinfo | None, *, seconds: bool = False) -> str:
    """`2026-11-25 09:14 (UTC+1)`: `moment` in `zone` (None = the local zone)."""
    local = moment.astimezone(zone)
    day, clock = _stamp(local, seconds)
    return f"{day} {clock} ({offset_text(local.utcoffset())})"


def format_both_zones(
    moment: datetime,
    device_offset: tzinfo | timedelta,
    viewer_tz: tzinfo | None = None,
    *,
    device_zone_name: str | None = None,
    seconds: bool = False,
) -> str:
    """The moment on the device's clock, then on the viewer's when that differs.

    `2026-11-25 09:14 (UTC+1, W. Europe Standard Time) = 03:14 your time (UTC-5)`; the
    viewer's date is repeated only when it is another day; one zone only when both agree.
    """
    zone = timezone(device_offset) if isinstance(device_offset, timedelta) else device_offset
    on_device = moment.astimezone(zone)
    here = moment.astimezone(viewer_tz)
    day, clock = _stamp(on_device, seconds)
    label = offset_text(on_device.utcoffset())
    if device_zone_name:
        label += f", {device_zone_name}"
    if here.utcoffset() == on_device.utcoffset():
        return f"{day} {clock} ({label}, also your time)"
    here_day, here_clock = _stamp(here, seconds)
    when_here = here_clock if here_day == day else f"{here_day} {here_clock}"
    return f"{day} {clock} ({label}) = {when_here} your time ({offset_text(here.utcoffset())})"


def format_device_time(
    moment: datetime, manifest: Manifest | None, viewer_tz: tzinfo | None = None
) -> str:
    """Any moment (an event time) in both zones, using the capture's zone; viewer's alone
    when the snapshot has no manifest."""
    if manifest is None:
        return format_in_zone(moment, viewer_tz, seconds=True) + " your time"
    return format_both_zones(
        moment,
        device_zone(manifest),
        viewer_tz,
        device_zone_name=manifest.timezone,
        seconds=True,
    )


@dataclass(frozen=True)
class Provenance:
    """The parts of a capture line, for views that lay them out themselves."""

    computer: str
    context: str
    captured: str | None
    redacted: bool
    source_kind: str


def provenance(snapshot: Snapshot, viewer_tz: tzinfo | None = None) -> Provenance:
    """Computer, context words, capture time in both zones (None without a manifest)."""
    manifest = snapshot.manifest
    computer = device_name(snapshot) or "an unnamed device"
    if manifest is None:
        return Provenance(computer, "context unknown", None, False, snapshot.source.kind)
    captured = format_both_zones(
        manifest.created,
        manifest.created.utcoffset() or timedelta(0),
        viewer_tz,
        device_zone_name=manifest.timezone,
    )
    context = CONTEXT_WORDS.get(manifest.context, f"{manifest.context} context")
    return Provenance(computer, context, captured, manifest.redacted, snapshot.source.kind)


def capture_line(snapshot: Snapshot, viewer_tz: tzinfo | None = None) -> str:
    """`Captured on PC-0042 at 2026-11-25 09:14 (UTC+1, W. Europe Standard Time) = 03:14
    your time (UTC-5), user context` — or what is known of a text without a manifest."""
    facts = provenance(snapshot, viewer_tz)
    if facts.captured is None:
        kind = "pasted" if snapshot.source.kind == "pasted" else "saved"
        return (
            f"{kind.capitalize()} dsregcmd text of {facts.computer}: capture time, "
            "time zone and context are not known"
        )
    line = f"Captured on {facts.computer} at {facts.captured}, {facts.context}"
    return line + (" (redacted copy)" if facts.redacted else "")
