"""Remediation core: the allow-list of remedies, their plans, results and audit records.

Pure: no OS access. The platform layer (`esr_gui.platform.remedies`) collects the facts a
plan needs, runs a confirmed plan, and writes the backup and the audit record.
"""

from esr_gui.core.remedy.audit import AuditRecord
from esr_gui.core.remedy.catalog import CATALOG, RemedyInfo, RemedySpec, remedy_ids, spec
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
from esr_gui.core.remedy.render import render_plan, render_result
from esr_gui.core.remedy.results import FileOutcome, RemedyResult, StepOutcome

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
