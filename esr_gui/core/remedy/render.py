"""Plain-text previews of plans and results (the CLI prints these).

The plan's wording is `plan_view`'s, shared with the GUI's HTML form.
"""

from __future__ import annotations

from esr_gui.core.remedy.plan_view import plan_text
from esr_gui.core.remedy.plans import Plan
from esr_gui.core.remedy.results import RemedyResult


def render_plan(plan: Plan) -> str:
    """The plan as a technician reads it before confirming (same wording as the GUI's)."""
    return plan_text(plan)


def _section(title: str, items: tuple[str, ...], numbered: bool = False) -> list[str]:
    if not items:
        return []
    lines = [title]
    for number, item in enumerate(items, 1):
        lines.append(f"  {number}. {item}" if numbered else f"  - {item}")
    return lines


def render_result(result: RemedyResult) -> str:
    """The result: status, message, each step and file, backup and audit paths, next steps."""
    out = [f"Result: {result.status} — {result.message}"]
    for step in result.steps:
        code = f" (exit code {step.exit_code})" if step.exit_code is not None else ""
        admin = " as administrator" if step.elevated else ""
        said = f": {step.message}" if step.message else ""
        out.append(f"  [{step.status}] {step.purpose.rstrip('.')}{admin}{code}{said}")
    for f in result.files:
        aside = f" (kept aside as {f.kept_aside})" if f.kept_aside else ""
        out.append(f"  [{f.action}] {f.path}{aside} {f.message}".rstrip())
    if result.backup_path:
        out.append(f"Backup: {result.backup_path}")
    if result.audit_path:
        out.append(f"Audit log: {result.audit_path}")
    out.extend(_section("Next:", result.next_steps, numbered=True))
    return "\n".join(out)
