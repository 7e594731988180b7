"""Fleet summaries: one row per device from many bundles and saved `check --json` results.

Inputs are read one at a time (`core.fleet.inputs.scan`) and reduced at once to a small
`DeviceRow`; nothing keeps a bundle's events once its row is made, so thousands of devices
fit in memory. A row says what `esr-diag check` says for that device: the same diagnosis
runs on each bundle, and a saved check document is taken as it was written.

A capture whose `dsregcmd /status` could not be read (missing or unparsable) is *unreadable*:
it says nothing about the device's join and sync state, so it is shown as unknown, never as the
device's state. By default a device seen more than once (two bundles, or many runs in a
`--log-json` file) keeps its latest *readable* capture (an unreadable one only when it has no
other), and the row counts the newer captures that could not be read; `latest_only=False`
keeps every capture. Totals count, per finding id, the devices where it fails, warns or is
unknown.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from esr_gui.core.bundle.limits import DSREGCMD
from esr_gui.core.diagnose.engine import Diagnosis
from esr_gui.core.diagnose.headline import Headline
from esr_gui.core.diagnose.verdict import INPUT_ID
from esr_gui.core.models.findings import Finding
from esr_gui.core.models.snapshot import Snapshot
from esr_gui.core.report.check_json import device_join_type, device_name

FLEET_SCHEMA = 1
TOTAL_STATUSES = ("fail", "warn", "unknown")
NO_DSREGCMD = "the capture holds no dsregcmd /status output"
InputKind = Literal["bundle", "check-json", "intune"]


class DeviceRow(BaseModel):
    """One device (one capture): who, what build, when, and every finding's status."""

    model_config = ConfigDict(frozen=True)

    name: str | None
    build: str | None = None
    join_type: str = "unknown"
    captured: datetime | None = None
    context: str | None = None
    kind: InputKind = "bundle"
    redacted: bool = False
    source: str
    bundle: str | None = None
    statuses: dict[str, str] = Field(default_factory=dict)
    headline: str = ""
    headline_id: str | None = None
    action: str = ""
    unreadable: str | None = None
    newer_unreadable: int = 0

    @property
    def readable(self) -> bool:
        """True when the capture's dsregcmd /status was read (the device state is known)."""
        return self.unreadable is None

    @property
    def state(self) -> str:
        """`fail`, `unknown` (the capture could not be read, or only in part), `warn`, or
        `pass`; a partial dsregcmd /status with nothing failing is unknown, as in `check`."""
        if self.failing:
            return "fail"
        if not self.readable or self.statuses.get(INPUT_ID) in ("unknown", "warn"):
            return "unknown"
        return "warn" if self.warning else "pass"

    def ids_with(self, status: str) -> list[str]:
        """Finding ids with `status`, in diagnosis order."""
        return [i for i, s in self.statuses.items() if s == status]

    @property
    def failing(self) -> list[str]:
        """Ids of the failing findings."""
        return self.ids_with("fail")

    @property
    def warning(self) -> list[str]:
        """Ids of the warning findings."""
        return self.ids_with("warn")

    @property
    def display_name(self) -> str:
        """The name, or the source when the capture did not name the device."""
        return self.name or self.source

    def key(self) -> str:
        """What makes two captures the same device: the name, else the source. Redacted
        captures never merge: every redacted bundle calls its computer `PC-0001`."""
        if self.redacted or not self.name:
            return f"\x00{self.source}"
        return self.name.casefold()


class InputError(BaseModel):
    """An input that could not be read, and why (shown as an error row); with `caveat`, an
    input that was read but lacked something its rows needed (an export without a column)."""

    model_config = ConfigDict(frozen=True)

    source: str
    message: str
    caveat: bool = False


class FindingTotals(BaseModel):
    """How many devices have one finding failing, warning, or unknown."""

    fail: int = 0
    warn: int = 0
    unknown: int = 0


class FleetSummary(BaseModel):
    """Every device row, the totals per finding id, and the inputs that could not be read."""

    devices: list[DeviceRow]
    totals: dict[str, FindingTotals]
    errors: list[InputError]
    superseded: int = 0
    captures: list[DeviceRow] = Field(default_factory=list)
    all_captures: bool = False

    @property
    def unread(self) -> list[InputError]:
        """The inputs that could not be read (not the caveats of inputs that were)."""
        return [e for e in self.errors if not e.caveat]

    @property
    def caveats(self) -> list[InputError]:
        """What inputs that were read lacked."""
        return [e for e in self.errors if e.caveat]

    @property
    def failing_devices(self) -> int:
        """Devices with at least one failing finding."""
        return sum(1 for d in self.devices if d.failing)

    @property
    def unknown_devices(self) -> int:
        """Devices shown by a capture that could not be read and nothing failing in it."""
        return sum(1 for d in self.devices if d.state == "unknown")

    def history(self, row: DeviceRow) -> list[DeviceRow]:
        """Every capture of `row`'s device, newest first (unknown times last)."""
        same = [c for c in self.captures if c.key() == row.key()]
        return sorted(same, key=_capture_time, reverse=True)

    def captures_by_device(self) -> list[DeviceRow]:
        """Every capture, grouped by device (by name), newest first within a device."""
        newest = sorted(self.captures, key=_capture_time, reverse=True)
        return sorted(newest, key=lambda r: r.display_name.casefold())

    def exit_code(self) -> int:
        """1 when a device fails or its state is unknown (as `check`: UNKNOWN is never 0);
        else 2 when no input could be read at all; else 0."""
        if self.failing_devices or self.unknown_devices:
            return 1
        return 0 if self.devices else 2


ScanItem = DeviceRow | InputError


def row_from_diagnosis(
    snapshot: Snapshot, diagnosis: Diagnosis, source: str, bundle: str | None = None
) -> DeviceRow:
    """The row of a freshly diagnosed snapshot."""
    manifest = snapshot.manifest
    build = snapshot.os_build
    return DeviceRow(
        name=device_name(snapshot),
        build=str(build) if build else None,
        join_type=device_join_type(snapshot),
        captured=manifest.created if manifest else None,
        context=manifest.context if manifest else None,
        kind="bundle",
        redacted=manifest.redacted if manifest else False,
        source=source,
        bundle=bundle,
        unreadable=unreadable_reason(snapshot),
        **_verdict(diagnosis.findings, diagnosis.headline),
    )


def unreadable_reason(snapshot: Snapshot) -> str | None:
    """Why the snapshot's dsregcmd /status could not be read, or None when it was."""
    if snapshot.dsregcmd is not None:
        return None
    for problem in snapshot.problems:
        if problem.member == DSREGCMD:
            return f"dsregcmd /status could not be read: {problem.message}"
    return NO_DSREGCMD


def _verdict(findings: list[Finding], headline: Headline) -> dict[str, object]:
    return {
        "statuses": {f.id: f.status for f in findings},
        "headline": headline.text,
        "headline_id": headline.finding_id,
        "action": headline.action,
    }


def summarise(
    items: Iterable[ScanItem],
    *,
    latest_only: bool = True,
    progress: Callable[[int, ScanItem], None] | None = None,
) -> FleetSummary:
    """Reduce a stream of rows and errors to the fleet summary (consumes `items` once)."""
    captures: list[DeviceRow] = []
    errors: list[InputError] = []
    for count, item in enumerate(items, start=1):
        if progress is not None:
            progress(count, item)
        if isinstance(item, InputError):
            errors.append(item)
        else:
            captures.append(item)
    devices = latest_per_device(captures) if latest_only else captures
    return FleetSummary(
        devices=devices,
        totals=totals(devices),
        errors=errors,
        superseded=len(captures) - len(devices),
        captures=captures,
        all_captures=not latest_only,
    )


def latest_per_device(captures: Iterable[DeviceRow]) -> list[DeviceRow]:
    """Per device (in the order first seen) its latest readable capture, or its latest
    capture when none is readable; the row counts the newer captures that were unreadable."""
    groups: dict[str, list[DeviceRow]] = {}
    for row in captures:
        groups.setdefault(row.key(), []).append(row)
    return [_pick(group) for group in groups.values()]


def _pick(group: list[DeviceRow]) -> DeviceRow:
    candidates = [r for r in group if r.readable] or group
    chosen = candidates[0]
    for row in candidates[1:]:
        if _newer(row, chosen):
            chosen = row
    newer = sum(1 for r in group if not r.readable and r is not chosen and _newer(r, chosen))
    return chosen.model_copy(update={"newer_unreadable": newer}) if newer else chosen


def _newer(row: DeviceRow, than: DeviceRow) -> bool:
    """Later capture wins; an unknown time never replaces a known one; ties: the later read."""
    if row.captured is None:
        return than.captured is None
    return than.captured is None or row.captured >= than.captured


def _capture_time(row: DeviceRow) -> float:
    return row.captured.timestamp() if row.captured else float("-inf")


def totals(devices: Iterable[DeviceRow]) -> dict[str, FindingTotals]:
    """Per finding id (in the order first seen), devices failing, warning, unknown."""
    out: dict[str, FindingTotals] = {}
    for device in devices:
        for finding_id, status in device.statuses.items():
            counts = out.setdefault(finding_id, FindingTotals())
            if status in TOTAL_STATUSES:
                setattr(counts, status, getattr(counts, status) + 1)
    return out
