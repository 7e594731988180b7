"""The PRT facts the prt.* rules share: the gate, the last failed attempt, the capture time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from esr_gui.core.diagnose.base import MISSING_DSREGCMD, MISSING_SYSTEM_USER, finding
from esr_gui.core.diagnose.common import not_joined_gate
from esr_gui.core.diagnose.context import DiagContext
from esr_gui.core.diagnose.evidence import from_field, from_manifest
from esr_gui.core.diagnose.prt_decode import (
    NON_ROUTABLE,
    PrtCause,
    decode_server_error,
    decode_status,
)
from esr_gui.core.dsreg_facts import FieldRef, parse_dsreg_time, sso_source
from esr_gui.core.knowledge.code_meanings import describe_code
from esr_gui.core.models.findings import Evidence, Finding

# Printed order of the diagnostics block; the decisive ones are cited first.
_DECISIVE = ("Server Error Description", "Attempt Status", "User Identity", "Credential Type")
_CONTEXT = (
    "Server Error Code",
    "HTTP status",
    "HTTP Error",
    "Endpoint URI",
    "Previous Prt Attempt",
    "AcquirePrtDiagnostics",
    "RefreshPrtDiagnostics",
)


@dataclass(frozen=True)
class Attempt:
    """The last failed PRT attempt dsregcmd printed (`printed` False when it printed none)."""

    printed: bool
    cause: PrtCause | None
    evidence: tuple[Evidence, ...]
    when: datetime | None
    superseded: bool  # the PRT was refreshed after this attempt: an old failure
    user: str


@dataclass(frozen=True)
class CaptureTime:
    """When the capture was taken, and where that came from (None: not known)."""

    when: datetime | None
    evidence: tuple[Evidence, ...]


def prt_gate(ctx: DiagContext, rule_id: str, what: str) -> Finding | None:
    """unknown without dsregcmd or from a SYSTEM capture; not-applicable when not joined."""
    if ctx.dsreg is None:
        return finding(
            rule_id,
            "unknown",
            "Not known: dsregcmd /status was not captured",
            f"{what} is read from dsregcmd /status (SSO State).",
            missing=[MISSING_DSREGCMD],
        )
    gated = not_joined_gate(ctx, rule_id, what)
    if gated is not None:
        return gated
    if ctx.capture.context == "system":
        return finding(
            rule_id,
            "unknown",
            "The user's PRT is not shown in a SYSTEM capture",
            f"{what} is per user; this capture ran as SYSTEM, so SSO State is not the user's.",
            evidence=ctx.capture.evidence,
            missing=[MISSING_SYSTEM_USER],
        )
    return None


def prt_ref(ctx: DiagContext, key: str) -> FieldRef | None:
    """A printed PRT field (SSO State first; never the join's Diagnostic Data)."""
    return sso_source(ctx.dsreg, key) if ctx.dsreg is not None else None


def _value(ctx: DiagContext, key: str) -> str:
    ref = prt_ref(ctx, key)
    return ref.value.strip() if ref is not None else ""


def _cite(ctx: DiagContext, key: str, cause: PrtCause | None) -> Evidence | None:
    ref = prt_ref(ctx, key)
    if ref is None or not ref.value.strip() or ref.value.strip().lower() in ("0x0", "0"):
        return None
    note = ""
    if key == "Attempt Status":
        described = describe_code(ref.value)
        note = described if described != ref.value.strip() else ""
    elif key == "Server Error Description" and cause is not None:
        note = f"{cause.code}: {cause.cause}"
    elif key == "User Identity" and has_non_routable_suffix(ref.value):
        note = "a non-routable UPN suffix: Entra cannot have it as a verified domain"
    return from_field(ref, note)


def has_non_routable_suffix(upn: str) -> bool:
    """True for a UPN like `jdoe@corp.local` whose suffix can never be a verified domain."""
    domain = upn.strip().rpartition("@")[2].lower().rstrip(".")
    return "@" in upn and domain.endswith(NON_ROUTABLE)


def read_attempt(ctx: DiagContext) -> Attempt:
    """The last failed PRT attempt from SSO State, decoded (server code first)."""
    description = _value(ctx, "Server Error Description") or _value(ctx, "Server Message")
    status = _value(ctx, "Attempt Status")
    printed = bool(description or status)
    cause = decode_server_error(description) if description else None
    if cause is None and printed:
        cause = decode_status(status, _value(ctx, "HTTP Error"), _value(ctx, "Endpoint URI"))
    cited = (_cite(ctx, k, cause) for k in (*_DECISIVE, *_CONTEXT))
    when = parse_dsreg_time(_value(ctx, "Previous Prt Attempt"))
    updated = parse_dsreg_time(_value(ctx, "AzureAdPrtUpdateTime"))
    superseded = when is not None and updated is not None and updated > when
    evidence = tuple(e for e in cited if e is not None)
    return Attempt(printed, cause, evidence, when, superseded, _value(ctx, "User Identity"))


def capture_time(ctx: DiagContext) -> CaptureTime:
    """The capture's own clock: the manifest, a live capture's time, or dsregcmd's Client Time.

    Never the clock of the machine running this tool: a bundle read a week later would make
    every PRT look stale.
    """
    manifest = ctx.snap.manifest
    if manifest is not None:
        shown = manifest.created.isoformat(timespec="seconds")
        return CaptureTime(manifest.created, (from_manifest("created", shown),))
    if ctx.snap.source.captured_at is not None:
        return CaptureTime(ctx.snap.source.captured_at, ())
    ref = ctx.ref("Client Time")
    when = parse_dsreg_time(ref.value) if ref is not None else None
    if ref is not None and when is not None:
        return CaptureTime(when, (from_field(ref, "dsregcmd's own clock at the capture"),))
    return CaptureTime(None, ())
