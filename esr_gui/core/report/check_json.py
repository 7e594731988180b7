"""The `esr-diag check --json` document (contracts/cli.md), built from a Snapshot and findings."""

from __future__ import annotations

from typing import Any

from esr_gui import __version__
from esr_gui.core.diagnose.headline import Headline
from esr_gui.core.diagnose.verdict import run_state
from esr_gui.core.dsreg_facts import DsregFacts
from esr_gui.core.models.dsreg import JoinType
from esr_gui.core.models.findings import Finding
from esr_gui.core.models.snapshot import Snapshot

SCHEMA_VERSION = 1


def device_join_type(snapshot: Snapshot) -> JoinType:
    """The device's join type from dsregcmd, or "unknown" without it."""
    if snapshot.dsregcmd is None:
        return "unknown"
    return DsregFacts.from_status(snapshot.dsregcmd).join_type


def device_name(snapshot: Snapshot) -> str | None:
    """The computer name: manifest first, then dsregcmd's Device Name."""
    if snapshot.manifest and snapshot.manifest.computer:
        return snapshot.manifest.computer
    if snapshot.dsregcmd is not None:
        return snapshot.dsregcmd.get("Device Name")
    return None


def device_upn(snapshot: Snapshot) -> str | None:
    """The user's UPN: `whoami /upn` first, else the account dsregcmd says it ran as."""
    if snapshot.upn:
        return snapshot.upn
    if snapshot.dsregcmd is None:
        return None
    candidates = DsregFacts.from_status(snapshot.dsregcmd).upn_candidates
    return candidates[0] if candidates else None


def source_json(snapshot: Snapshot) -> dict[str, Any]:
    """The `source` object: kind, path, capture time and context."""
    manifest = snapshot.manifest
    return {
        "kind": snapshot.source.kind,
        "path": snapshot.source.path,
        "created": manifest.created.isoformat() if manifest else None,
        "context": manifest.context if manifest else None,
        "redacted": manifest.redacted if manifest else False,
    }


def device_json(snapshot: Snapshot) -> dict[str, Any]:
    """The `device` object: name, build, join type, UPN."""
    build = snapshot.os_build
    return {
        "name": device_name(snapshot),
        "build": str(build) if build else None,
        "join_type": device_join_type(snapshot),
        "upn": device_upn(snapshot),
    }


def finding_json(finding: Finding) -> dict[str, Any]:
    """One finding as the contract shows it (no null fields)."""
    return finding.model_dump(mode="json", exclude_none=True, exclude_defaults=False)


def check_document(
    snapshot: Snapshot,
    findings: list[Finding],
    extra: dict[str, Any] | None = None,
    headline: Headline | None = None,
) -> dict[str, Any]:
    """The whole `check --json` object (with `headline` when the diagnosis chose one).

    `state` is the run's one-word verdict (core.diagnose.verdict): OK, WARN, FAIL, or
    UNKNOWN when dsregcmd /status could not be read or is partial.
    """
    status = snapshot.dsregcmd
    doc: dict[str, Any] = {
        "schema": SCHEMA_VERSION,
        "tool": f"esr-diag {__version__}",
        "state": run_state(findings),
        "source": source_json(snapshot),
        "device": device_json(snapshot),
        "dsregcmd": (
            {"layout": status.layout, "sections": status.sections_as_dict()} if status else None
        ),
        "problems": [p.model_dump() for p in snapshot.problems],
        "warnings": [w.model_dump() for w in snapshot.warnings],
        "findings": [finding_json(f) for f in findings],
    }
    if headline is not None:
        doc["headline"] = headline.model_dump(mode="json")
    if extra:
        doc.update(extra)
    return doc
