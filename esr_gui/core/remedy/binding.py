"""Device binding: may a fix that changes a device run here, on the data it was planned from?

Pure. A remedy whose catalogue entry says it changes the device runs only when the plan was
made from a live capture of this PC (same computer name and, when joined, the same DeviceId)
taken by this run of the app. A bundle, a saved or pasted dsregcmd text, or a demo is what
someone else's device looked like, or this one at another time: Run stays off for them.
"""

from __future__ import annotations

from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict

from esr_gui.core.dsreg_facts import DsregFacts
from esr_gui.core.models.snapshot import Snapshot, SourceKind

PlanSourceKind = SourceKind | Literal["none"]
SOURCE_WORDS: dict[str, str] = {
    "bundle": "a capture bundle",
    "dsregcmd": "a saved dsregcmd /status text",
    "pasted": "pasted dsregcmd /status text",
    "demo": "demo data",
    "live": "a live capture",
}
TIED = "a fix that changes a device runs only from a live capture of this PC"


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PlanSource(_Frozen):
    """What was on screen when the plan was made: the kind of data, where it came from, the
    computer and DeviceId it shows, when it was captured and by which run of the app."""

    kind: PlanSourceKind = "none"
    path: str | None = None
    computer: str | None = None
    device_id: str | None = None
    captured_at: AwareDatetime | None = None
    run_id: str | None = None


class ThisPc(_Frozen):
    """The PC this app runs on, as read just now: name, DeviceId from a fresh dsregcmd
    (`device_checked` False when it was not read), the account, and this run's id.
    `problem` says why the PC could not be identified ("" when it could)."""

    computer: str | None = None
    user: str = ""
    run_id: str = ""
    device_id: str | None = None
    device_checked: bool = False
    problem: str = ""


class PlanTarget(_Frozen):
    """What a run changes: the computer, the user account, and the profile (a cleanup)."""

    computer: str | None = None
    user: str = ""
    profile: str | None = None


def source_of(snapshot: Snapshot | None) -> PlanSource:
    """The PlanSource of a snapshot (kind "none" when there is none)."""
    if snapshot is None:
        return PlanSource()
    info = snapshot.source
    manifest = snapshot.manifest
    facts = DsregFacts.from_status(snapshot.dsregcmd) if snapshot.dsregcmd else None
    computer = manifest.computer if manifest and manifest.computer else None
    if computer is None and facts is not None:
        computer = facts.device_name
    return PlanSource(
        kind=info.kind,
        path=info.name if info.kind == "demo" and info.name else info.path or info.name,
        computer=computer,
        device_id=facts.device_id if facts else None,
        captured_at=info.captured_at or (manifest.created if manifest else None),
        run_id=info.run_id,
    )


def _short(name: str) -> str:
    """A computer name compared without case and without its DNS domain."""
    return name.strip().split(".", 1)[0].casefold()


def _described(source: PlanSource) -> str:
    what = SOURCE_WORDS.get(source.kind, source.kind)
    if source.kind == "demo" and source.path:
        what += f" (“{source.path}”)"
    elif source.path:
        what += f" ({source.path})"
    if source.computer:
        what += f" of {source.computer}"
    return what


def binding_refusal(source: PlanSource, here: ThisPc) -> str | None:
    """Why a device-changing remedy planned from `source` may not run on `here` (None: it may)."""
    if source.kind == "none":
        return f"The plan was made without a capture of this PC, and {TIED}."
    if source.kind != "live":
        return f"The plan was made from {_described(source)}, not from this PC: {TIED}."
    if not source.run_id or source.run_id != here.run_id:
        return (
            "This live capture was not taken in this run of the app, so it may be out of "
            f"date or of another PC; {TIED}."
        )
    return _identity_refusal(source, here)


def _identity_refusal(source: PlanSource, here: ThisPc) -> str | None:
    if here.problem or not here.computer:
        why = here.problem or "its computer name could not be read"
        return f"This PC could not be identified ({why}), so the plan cannot be tied to it."
    if not source.computer:
        return "The live capture does not name its computer, so it cannot be tied to this PC."
    if _short(source.computer) != _short(here.computer):
        return (
            f"The capture is of {source.computer}, and this PC is {here.computer}: the fix "
            "would change another computer than the one on screen."
        )
    if not here.device_checked:
        return (
            "This PC's DeviceId could not be read from a fresh dsregcmd /status, so it is "
            "unknown whether it is still the device that was captured."
        )
    before = (source.device_id or "").strip().casefold()
    now = (here.device_id or "").strip().casefold()
    if before != now:
        return (
            f"The capture shows DeviceId {source.device_id or 'none (not joined)'}, and this PC "
            f"now reports {here.device_id or 'none (not joined)'}: its join changed since the "
            "capture."
        )
    return None


def source_line(source: PlanSource) -> str:
    """What the plan was made from, in one line ("Planned from: …")."""
    if source.kind == "none":
        return "Planned from: no capture"
    when = f", captured {source.captured_at:%Y-%m-%d %H:%M}" if source.captured_at else ""
    return f"Planned from: {_described(source)}{when}"


def target_line(target: PlanTarget) -> str:
    """What a run changes, in one line ("Changes: computer …, user …, profile …")."""
    parts = [f"computer {target.computer or 'unknown'}", f"user {target.user or 'unknown'}"]
    if target.profile:
        parts.append(f"profile {target.profile}")
    return "Changes: " + ", ".join(parts)
