"""The one-word verdict of a run (OK, WARN, FAIL, UNKNOWN) and the exit code it earns.

UNKNOWN is never folded into OK: when dsregcmd /status, the input nearly every check reads,
could not be read, the run cannot say the device is healthy, whatever else passed. A run
whose dsregcmd /status is only partial is FAIL when something still fails on the data that
was there, else UNKNOWN (its passes and warnings rest on part of the picture).
"""

from __future__ import annotations

from typing import Literal

from esr_gui.core.models.findings import Finding

State = Literal["OK", "WARN", "FAIL", "UNKNOWN"]
INPUT_ID = "input.dsregcmd"
EXIT_OK = 0
EXIT_ISSUE = 1


def run_state(findings: list[Finding]) -> State:
    """The verdict over `findings`, the input finding first (see the module docstring)."""
    statuses = {f.status for f in findings}
    source = next((f.status for f in findings if f.id == INPUT_ID), None)
    if source == "unknown":
        return "UNKNOWN"
    if "fail" in statuses:
        return "FAIL"
    if source == "warn":
        return "UNKNOWN"
    return "WARN" if "warn" in statuses else "OK"


def state_exit_code(state: State) -> int:
    """1 for FAIL and UNKNOWN (Intune: "with issues", so a technician sees it), else 0."""
    return EXIT_ISSUE if state in ("FAIL", "UNKNOWN") else EXIT_OK
