"""Fleet summaries: one row per device from many bundles and saved `check --json` results.

Inputs are read one at a time (`core.fleet_inputs.scan`) and reduced at once to a small
`DeviceRow`; nothing keeps a bundle's events once its row is made, so thousands of devices
fit in memory. A row says what `esr-diag check` says for that device: the same diagnosis
runs on each bundle, and a saved check document is taken as it was written.

By default a device seen more than once (two bundles, or many runs in a `--log-json` file)
keeps its latest capture; `latest_only=False` keeps every capture. Totals count, per finding
id, the devices where it fails, warns or is unknown.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from esr_gui.core.diagnose.engine import Diagnosis
from esr_gui.core.diagnose.headline import Headline
from esr_gui.core.models.findings import Finding
from esr_gui.core.models.snapshot import Snapshot
from esr_gui.core.report.check_json import device_join_type, device_name

FLEET_SCHEMA = 1
TOTAL_STATUSES = ("fail", "warn", "unknown")
InputKind = Literal["bundle", "check-json"]


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
    """An input that could not be read, and why (shown as an error row)."""

    model_config = ConfigDict(frozen=True)

    source: str
    message: str


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

    @property
    def failing_devices(self) -> int:
        """Devices with at least one failing finding."""
        return sum(1 for d in self.devices if d.failing)

    def exit_code(self) -> int:
        """1 when a device has a failing finding, 0 when none has, 2 when no device was read."""
        if not self.devices:
            return 2
        return 1 if self.failing_devices else 0


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
        **_verdict(diagnosis.findings, diagnosis.headline),
    )


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
    rows: dict[str, DeviceRow] = {}
    kept: list[DeviceRow] = []
    errors: list[InputError] = []
    superseded = 0
    for count, item in enumerate(items, start=1):
        if progress is not None:
            progress(count, item)
        if isinstance(item, InputError):
            errors.append(item)
        elif not latest_only:
            kept.append(item)
        else:
            previous = rows.get(item.key())
            superseded += previous is not None
            if previous is None or _newer(item, previous):
                rows[item.key()] = item
    devices = kept if not latest_only else list(rows.values())
    return FleetSummary(
        devices=devices, totals=totals(devices), errors=errors, superseded=superseded
    )


def _newer(row: DeviceRow, than: DeviceRow) -> bool:
    """Later capture wins; an unknown time never replaces a known one; ties: the later read."""
    if row.captured is None:
        return than.captured is None
    return than.captured is None or row.captured >= than.captured


def totals(devices: Iterable[DeviceRow]) -> dict[str, FindingTotals]:
    """Per finding id (in the order first seen), devices failing, warning, unknown."""
    out: dict[str, FindingTotals] = {}
    for device in devices:
        for finding_id, status in device.statuses.items():
            counts = out.setdefault(finding_id, FindingTotals())
            if status in TOTAL_STATUSES:
                setattr(counts, status, getattr(counts, status) + 1)
    return out
