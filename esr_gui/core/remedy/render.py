"""Plain-text previews of plans and results (the CLI prints these; the GUI may show them)."""

from __future__ import annotations

from esr_gui.core.remedy.binding import source_line, target_line
from esr_gui.core.remedy.plans import Plan
from esr_gui.core.remedy.results import RemedyResult
from esr_gui.core.remedy.steps import CommandStep, FileStep, LaunchStep, LockStep, OpenStep, Step

_ADMIN = {
    "not-needed": "not needed",
    "required": "required",
    "if-denied": "only if Windows refuses the run without it",
}


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def _step_lines(number: int, step: Step) -> list[str]:
    lines = [f"  {number}. {step.purpose}"]
    if isinstance(step, CommandStep):
        how = {"none": "", "required": "  [as administrator]", "if-denied": "  [admin if denied]"}
        lines.append(f"     > {step.display}{how[step.elevation]}")
    elif isinstance(step, LaunchStep):
        lines.append(f"     > {step.display}  [through the shell, your session]")
    elif isinstance(step, OpenStep):
        lines.append(f"     > open {step.uri}  [your session]")
    elif isinstance(step, LockStep):
        lines.append("     > LockWorkStation  [your session]")
    elif isinstance(step, FileStep):
        lines.extend(f"     - {p}" for p in step.paths)
    return lines


def render_plan(plan: Plan) -> str:
    """The plan as a technician reads it before confirming."""
    out = [f"{plan.title}  [{plan.remedy_id}{' · restore' if plan.operation == 'restore' else ''}]"]
    out.append(plan.summary)
    if plan.source is not None:
        out.append(source_line(plan.source))
    if plan.target is not None and plan.changes_device:
        out.append(target_line(plan.target))
    admin = _ADMIN[plan.admin] + (f" — {plan.admin_reason}" if plan.admin_reason else "")
    out.append(f"Administrator rights: {admin}")
    out.append(
        f"Restart needed: {_yes(plan.needs_restart)} · user signed out: {_yes(plan.needs_sign_out)}"
    )
    if plan.steps:
        out.append("What Restore does:" if plan.operation == "restore" else "What Run does:")
        for number, step in enumerate(plan.steps, 1):
            out.extend(_step_lines(number, step))
    else:
        out.append("What Run does: nothing on the device; it records that the steps were given.")
    out.extend(_file_lines(plan))
    out.extend(
        f"Registry ({r.access}): {r.key}{f' — {r.note}' if r.note else ''}" for r in plan.registry
    )
    if plan.backup_to:
        out.append(f"Backup folder: {plan.backup_to}")
    out.extend(_section("Cannot be undone:", plan.cannot_undo))
    if plan.undo:
        out.append(f"Undo: {plan.undo}")
    out.extend(_section("Steps for the technician:", plan.guidance, numbered=True))
    out.extend(_section("Notes:", plan.notes))
    if plan.refusal:
        out.append(f"Cannot run: {plan.refusal}")
    return "\n".join(out)


def _file_lines(plan: Plan) -> list[str]:
    out: list[str] = []
    if plan.files:
        out.append("Files:")
        for f in plan.files:
            digest = f"sha256 {f.sha256}" if f.sha256 else f"not readable now: {f.problem}"
            flags = "  (read-only)" if f.read_only else ""
            out.append(f"  {f.path}  {f.size:,} bytes  {digest}{flags}")
    if plan.left_alone:
        out.append("Left alone:")
        out.extend(f"  {s.path} — {s.reason}" for s in plan.left_alone)
    return out


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
