"""Remediation core: the allow-list of remedies, their plans, results and audit records.

Pure: no OS access. The platform layer (`esr_gui.platform.remedies`) collects the facts a
plan needs, runs a confirmed plan, and writes the backup and the audit record.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from esr_gui.core.remedy.audit import AuditRecord
    from esr_gui.core.remedy.catalog import CATALOG, RemedySpec, remedy_ids, spec
    from esr_gui.core.remedy.compare import FindingChange, compare_findings
    from esr_gui.core.remedy.confirm import Confirmation
    from esr_gui.core.remedy.errors import RemedyRefusedError, UnknownRemedyError
    from esr_gui.core.remedy.planning import plan_remedy
    from esr_gui.core.remedy.plans import (
        FoundFile,
        Plan,
        PlanFacts,
        ProfileInventory,
        ProfileRef,
        SkippedPath,
    )
    from esr_gui.core.remedy.remedy_info import RemedyInfo
    from esr_gui.core.remedy.render import render_plan, render_result
    from esr_gui.core.remedy.results import FileOutcome, RemedyResult, StepOutcome

# name → submodule. Loaded on first use (PEP 562): the diagnosis needs only the catalog, and
# importing audit, plans and confirm with it cost `esr-diag check` ~50 ms (issue 19).
_WHERE = {
    "AuditRecord": "audit",
    "CATALOG": "catalog",
    "RemedyInfo": "remedy_info",
    "RemedySpec": "catalog",
    "remedy_ids": "catalog",
    "spec": "catalog",
    "FindingChange": "compare",
    "compare_findings": "compare",
    "Confirmation": "confirm",
    "RemedyRefusedError": "errors",
    "UnknownRemedyError": "errors",
    "plan_remedy": "planning",
    "FoundFile": "plans",
    "Plan": "plans",
    "PlanFacts": "plans",
    "ProfileInventory": "plans",
    "ProfileRef": "plans",
    "SkippedPath": "plans",
    "render_plan": "render",
    "render_result": "render",
    "FileOutcome": "results",
    "RemedyResult": "results",
    "StepOutcome": "results",
}


def __getattr__(name: str) -> Any:
    """The public name `name`, imported from its submodule on first use."""
    where = _WHERE.get(name)
    if where is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{where}"), name)
    globals()[name] = value
    return value


__all__ = [
    "CATALOG",
    "AuditRecord",
    "Confirmation",
    "FileOutcome",
    "FindingChange",
    "FoundFile",
    "Plan",
    "PlanFacts",
    "ProfileInventory",
    "ProfileRef",
    "RemedyInfo",
    "RemedyRefusedError",
    "RemedyResult",
    "RemedySpec",
    "SkippedPath",
    "StepOutcome",
    "UnknownRemedyError",
    "compare_findings",
    "plan_remedy",
    "remedy_ids",
    "render_plan",
    "render_result",
    "spec",
]
