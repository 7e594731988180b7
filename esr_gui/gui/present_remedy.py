"""HTML of remedy plans, confirmations, results and before/after tables (pure)."""

from __future__ import annotations

import html
from pathlib import PureWindowsPath

from esr_gui.core.remedy.binding import source_line
from esr_gui.core.remedy.compare import FindingChange
from esr_gui.core.remedy.plans import Plan
from esr_gui.core.remedy.results import RemedyResult
from esr_gui.core.remedy.steps import CommandStep, FileStep, LaunchStep, LockStep, OpenStep, Step
from esr_gui.gui import status as st

ADMIN_WORDS = {
    "not-needed": "not needed",
    "required": "required (Windows asks for it)",
    "if-denied": "only if Windows refuses without it",
}
CHANGE_WORDS = {
    "fixed": ("pass", "Fixed"),
    "improved": ("pass", "Improved"),
    "unchanged": ("warn", "Unchanged"),
    "worse": ("fail", "Worse"),
    "missing": ("unknown", "Not reported"),
}
esc = html.escape


def _step_html(step: Step) -> str:
    text = f"<li>{esc(step.purpose)}"
    if isinstance(step, CommandStep):
        admin = {"none": "", "required": " — as administrator", "if-denied": " — admin if denied"}
        text += f"<br><code>{esc(step.display)}</code>{admin[step.elevation]}"
    elif isinstance(step, LaunchStep):
        text += f"<br><code>{esc(step.display)}</code> — in your session"
    elif isinstance(step, OpenStep) and step.uri.startswith("https://"):
        text += f'<br>opens <a href="{esc(step.uri)}">{esc(step.uri)}</a>'
    elif isinstance(step, OpenStep):
        text += f"<br>opens <code>{esc(step.uri)}</code>"
    elif isinstance(step, LockStep):
        text += "<br><code>LockWorkStation</code> (user32) — in your session"
    elif isinstance(step, FileStep):
        text += "".join(f"<br><code>{esc(p)}</code>" for p in step.paths)
    return text + "</li>"


def profile_line(plan: Plan | None, chosen: str | None = None) -> tuple[str, str]:
    """The Fix panel's profile line and its tooltip, from the profile the plan works on.

    Before the plan is ready it names the folder the user chose (or says the tool is looking
    for the user's own); once planned it names the profile the plan found, and says "none
    found" when there is none, never "your own" next to a plan asking to choose one.
    """
    if plan is None:
        if chosen:
            return f"Profile: {PureWindowsPath(chosen).name}", chosen
        return "Profile: looking for your own…", "The cleanup works on your own profile."
    profile = plan.facts.profile
    if profile is None:
        return (
            "Profile: none found — choose one",
            "No profile folder was found for the account running this tool; choose the "
            "profile folder to clean.",
        )
    name = PureWindowsPath(profile.path).name or profile.path
    return (f"Profile: your own ({name})" if profile.own else f"Profile: {name}"), profile.path


def needs_line(plan: Plan) -> str:
    """Admin · restart · sign-out in one line of words."""
    parts = [f"Administrator rights: {ADMIN_WORDS[plan.admin]}"]
    parts.append("restart: " + ("yes" if plan.needs_restart else "no"))
    parts.append("sign-out: " + ("yes" if plan.needs_sign_out else "no"))
    return " · ".join(parts)


def plan_html(plan: Plan) -> str:
    """Everything the plan will do, for the fix panel and the confirmation dialog."""
    out = [f"<h3>{esc(plan.title)}</h3><p>{esc(plan.summary)}</p>"]
    if plan.refusal:
        out.append(f"<p><b>Cannot run here:</b> {esc(plan.refusal)}</p>")
    out.append(f"<p><b>{esc(needs_line(plan))}</b>")
    if plan.admin_reason:
        out.append(f"<br><small>{esc(plan.admin_reason)}</small>")
    out.append("</p>")
    if plan.steps:
        verb = "Restore" if plan.operation == "restore" else "Run"
        steps = "".join(_step_html(s) for s in plan.steps)
        out.append(f"<p><b>What {verb} does</b></p><ol>{steps}</ol>")
    else:
        out.append(
            "<p><b>What Run does:</b> nothing on the device; "
            "it records that the steps below were given.</p>"
        )
    out.append(_files_html(plan))
    if plan.registry:
        items = "".join(
            f"<li>{esc(r.access)}: <code>{esc(r.key)}</code> {esc(r.note)}</li>"
            for r in plan.registry
        )
        out.append(f"<p><b>Registry</b></p><ul>{items}</ul>")
    if plan.backup_to:
        out.append(f"<p><b>Backup to:</b> <code>{esc(plan.backup_to)}</code></p>")
    out.append(_list("Cannot be undone", plan.cannot_undo))
    if plan.undo:
        out.append(f"<p><b>Undo:</b> {esc(plan.undo)}</p>")
    out.append(_list("Steps for the technician", plan.guidance, numbered=True))
    out.append(_list("Notes", plan.notes))
    return "".join(out)


def _files_html(plan: Plan) -> str:
    out = []
    if plan.files:
        rows = "".join(
            f"<tr><td><code>{esc(f.path)}</code></td><td align=right>{f.size:,} bytes</td>"
            f"<td><small>sha256 {esc(f.sha256 or 'unknown: ' + (f.problem or 'unreadable'))}"
            "</small></td></tr>"
            for f in plan.files
        )
        out.append(f"<p><b>Files ({len(plan.files)})</b></p><table cellspacing=3>{rows}</table>")
    if plan.left_alone:
        items = "".join(
            f"<li><code>{esc(s.path)}</code> — {esc(s.reason)}</li>" for s in plan.left_alone
        )
        out.append(f"<p><b>Left alone</b></p><ul>{items}</ul>")
    return "".join(out)


def _list(title: str, items: tuple[str, ...], numbered: bool = False) -> str:
    if not items:
        return ""
    tag = "ol" if numbered else "ul"
    body = "".join(f"<li>{esc(i)}</li>" for i in items)
    return f"<p><b>{esc(title)}</b></p><{tag}>{body}</{tag}>"


def confirm_summary(plan: Plan) -> str:
    """The confirmation dialog's first lines: what changes, backed up, what it needs."""
    changes = f"{len(plan.steps)} step(s)" if plan.steps else "no change on the device"
    if plan.files:
        changes += f", {len(plan.files)} file(s) deleted"
    backup = f" They are backed up first to {plan.backup_to}." if plan.backup_to else ""
    undo = " Some of it cannot be undone (see below)." if plan.cannot_undo else ""
    body = f"This runs {esc(changes)}.{esc(backup)}{esc(undo)}"
    where = target_html(plan)
    return f"<b>{esc(plan.title)}</b><br>{where}{body}<br>{esc(needs_line(plan))}"


def target_html(plan: Plan) -> str:
    """The computer and user a run changes (and the profile), and what the plan was made from;
    "" for a plan without them (a restore)."""
    target = plan.target
    if target is None:
        return ""
    who = f"computer <b>{esc(target.computer or 'unknown')}</b>, user <b>{esc(target.user)}</b>"
    if target.profile:
        who += f", profile <code>{esc(target.profile)}</code>"
    if plan.changes_device:
        line = f"Changes {who}."
    else:
        line = f"Runs for {who}; it changes nothing on the device."
    source = f"<br><small>{esc(source_line(plan.source))}</small>" if plan.source else ""
    return f"{line}{source}<br>"


RESTORE_DIALOG_TITLE = "Restore backup?"


def restore_confirm_summary(plan: Plan) -> str:
    """The restore dialog's first lines: which profile, which files, what happens to others."""
    profile = plan.facts.profile.path if plan.facts.profile else "no profile"
    names = ", ".join(f.relative for f in plan.files[:4])
    more = f" and {len(plan.files) - 4} more" if len(plan.files) > 4 else ""
    body = (
        f"Writes back into the BrokerPlugin folder of {profile}: {names}{more}. A different "
        "file already in a place is kept beside it as <name>.before-restore, never overwritten; "
        "nothing is deleted. Every written file is checked against the backup's SHA-256."
    )
    return f"<b>{esc(plan.title)}</b><br>{esc(body)}<br>{esc(needs_line(plan))}"


def result_html(result: RemedyResult) -> str:
    """What running did: status, steps, files, backup, audit, next steps."""
    word = {
        "done": "Done",
        "needs-restart": "Done — restart needed",
        "cancelled": "Cancelled",
        "failed": "Failed",
    }
    out = [f"<h3>{word[result.status]}</h3><p>{esc(result.message)}</p>"]
    if result.steps:
        items = "".join(
            f"<li>[{esc(s.status)}] {esc(s.purpose)}"
            + (f" — exit code {s.exit_code}" if s.exit_code is not None else "")
            + (f" — {esc(s.message)}" if s.message else "")
            + "</li>"
            for s in result.steps
        )
        out.append(f"<ul>{items}</ul>")
    if result.files:
        items = "".join(
            f"<li>[{esc(f.action)}] <code>{esc(f.path)}</code> {esc(f.message)}</li>"
            for f in result.files
        )
        out.append(f"<p><b>Files</b></p><ul>{items}</ul>")
    if result.backup_path:
        out.append(f"<p><b>Backup:</b> <code>{esc(result.backup_path)}</code></p>")
    if result.audit_path:
        out.append(f"<p><small>Audit log: <code>{esc(result.audit_path)}</code></small></p>")
    out.append(_list("Next", result.next_steps, numbered=True))
    return "".join(out)


def comparison_html(changes: list[FindingChange], how: str) -> str:
    """Before/after of the targeted findings; `how` says re-captured or re-diagnosed."""
    if not changes:
        return (
            f"<p><b>Before / after:</b> {esc(how)} This remedy targets no finding to compare.</p>"
        )
    rows = "".join(
        f"<tr><td>{esc(c.title or c.id)}</td><td>{esc(st.word(c.before or 'unknown'))}</td>"
        f"<td>{esc(st.word(c.after or 'unknown'))}</td>"
        f"<td><b>{esc(CHANGE_WORDS[c.change][1])}</b></td></tr>"
        for c in changes
    )
    head = "<tr><th align=left>Finding</th><th>Before</th><th>After</th><th>Change</th></tr>"
    return f"<p><b>Before / after</b> — {esc(how)}</p><table cellspacing=4>{head}{rows}</table>"
