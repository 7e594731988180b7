"""Diagnosis: one small rule per finding id of contracts/findings.md."""

from __future__ import annotations

from esr_gui.core.models.findings import Finding
from esr_gui.core.models.snapshot import Snapshot


def diagnose(snapshot: Snapshot) -> list[Finding]:
    """Every finding for `snapshot` (the rule set lands with the diagnosis work)."""
    del snapshot
    return []
