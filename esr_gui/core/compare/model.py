"""The comparison of two captures: one model for `esr-diag diff`, File › Compare… and the
Fix panel's re-check."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict

from esr_gui.core.compare.fields import (
    FieldChange,
    RegistryChange,
    field_changes,
    registry_changes,
)
from esr_gui.core.compare.load import load_side
from esr_gui.core.diagnose import Diagnosis, run_diagnosis
from esr_gui.core.diagnose.verdict import State
from esr_gui.core.models.registry import key_id
from esr_gui.core.models.snapshot import Snapshot
from esr_gui.core.remedy.compare import FindingChange, changed_findings
from esr_gui.core.report.check_json import device_name

__all__ = ["CaptureSide", "Comparison", "FieldChange", "RegistryChange"]


class CaptureSide(BaseModel):
    """One of the two captures, as the comparison names it."""

    model_config = ConfigDict(frozen=True)

    label: str
    device: str | None
    device_id: str | None
    captured: str | None
    state: State
    headline: str
    headline_status: str | None


class Comparison(BaseModel):
    """What changed from `before` to `after`. `same_device` is None when neither a computer
    name nor a device id is known on both sides; `device_note` says it in a sentence."""

    model_config = ConfigDict(frozen=True)

    before: CaptureSide
    after: CaptureSide
    same_device: bool | None
    device_note: str
    verdicts: list[FindingChange]
    fields: list[FieldChange]
    registry: list[RegistryChange]

    @property
    def unchanged(self) -> bool:
        """True when no verdict, field or registry value changed."""
        return not (self.verdicts or self.fields or self.registry)


def _side(label: str, snapshot: Snapshot, diagnosis: Diagnosis) -> CaptureSide:
    status = snapshot.dsregcmd
    created = snapshot.manifest.created.isoformat() if snapshot.manifest else None
    return CaptureSide(
        label=label,
        device=device_name(snapshot),
        device_id=status.get("DeviceId") if status is not None else None,
        captured=created,
        state=diagnosis.state,
        headline=diagnosis.headline.text,
        headline_status=diagnosis.headline.status,
    )


def _same(a: str | None, b: str | None) -> bool | None:
    if not a or not b:
        return None
    return a.strip().lower() == b.strip().lower()


def device_verdict(before: CaptureSide, after: CaptureSide) -> tuple[bool | None, str]:
    """Whether both captures are of one device, and the sentence that says so. The computer
    name decides; a new device id on the same computer is a re-join, not another device."""
    name = _same(before.device, after.device)
    device_id = _same(before.device_id, after.device_id)
    if name is False:
        return False, (
            f"DIFFERENT DEVICES: {before.device} and {after.device}. The changes below compare "
            "two computers, not one computer before and after."
        )
    if name is None and device_id is False:
        return False, (
            "DIFFERENT DEVICES: the device ids differ and no computer name tells otherwise. "
            "The changes below may compare two computers."
        )
    if name and device_id is False:
        return True, (
            f"Same computer ({after.device}) with a new device id: it was joined or registered "
            "again between the two captures."
        )
    if name or device_id:
        return True, f"Same device ({after.device or after.device_id})."
    return None, "Cannot tell whether both captures are of the same device (no name or id)."


_ORDER = ("worse", "unclear", "missing", "fixed", "improved", "different")


def _worst_first(change: FindingChange) -> int:
    return _ORDER.index(change.change) if change.change in _ORDER else len(_ORDER)


def _unreadable(*snapshots: Snapshot) -> frozenset[str]:
    roots: set[str] = set()
    for snapshot in snapshots:
        for capture in snapshot.registry_captures:
            if capture.state not in ("captured", "missing"):
                try:
                    roots.add(key_id(capture.path))
                except ValueError:
                    continue
    return frozenset(roots)


def compare_snapshots(
    before: Snapshot,
    after: Snapshot,
    labels: tuple[str, str] = ("before", "after"),
    diagnoses: tuple[Diagnosis, Diagnosis] | None = None,
) -> tuple[Comparison, Diagnosis]:
    """Compare two snapshots (diagnosed here unless `diagnoses` are given); the comparison
    and the later capture's diagnosis (its state decides `esr-diag diff`'s exit code)."""
    old, new = diagnoses or (run_diagnosis(before), run_diagnosis(after))
    first, second = _side(labels[0], before, old), _side(labels[1], after, new)
    same, note = device_verdict(first, second)
    comparison = Comparison(
        before=first,
        after=second,
        same_device=same,
        device_note=note,
        verdicts=sorted(changed_findings(old.findings, new.findings), key=_worst_first),
        fields=field_changes(before.dsregcmd, after.dsregcmd),
        registry=registry_changes(before.registry, after.registry, _unreadable(before, after)),
    )
    return comparison, new


def compare_captures(before: str | Path, after: str | Path) -> tuple[Comparison, Diagnosis]:
    """Load two bundles or dsregcmd texts and compare them (blocking; CaptureError naming the
    side, A or B, of an input that cannot be read)."""
    first = load_side(before, "A")
    second = load_side(after, "B")
    return compare_snapshots(first, second, (Path(before).name, Path(after).name))
