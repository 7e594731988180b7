"""HTML of remedy plans, confirmations, results and before/after tables (pure)."""

from __future__ import annotations

import html
from pathlib import PureWindowsPath

from esr_gui.core.remedy.binding import source_line
from esr_gui.core.remedy.compare import FindingChange
from esr_gui.core.remedy.plan_view import Item, Line, Section, Span, needs_line, plan_sections
from esr_gui.core.remedy.plans import Plan
from esr_gui.core.remedy.results import RemedyResult
from esr_gui.gui import status as st

CHANGE_WORDS = {
    "fixed": ("pass", "Fixed"),
    "improved": ("pass", "Improved"),
    "unchanged": ("warn", "Unchanged"),
    "worse": ("fail", "Worse"),
    "unclear": ("unknown", "Cannot tell now"),
    "missing": ("unknown", "Not reported"),
    "different": ("info", "Still fine"),
}
esc = html.escape


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


def plan_html(plan: Plan) -> str:
    """Everything the plan will do, for the fix panel and the confirmation dialog (the
    wording is `plan_view`'s, shared with `esr-diag remedy plan`)."""
    return "".join(_section_html(s) for s in plan_sections(plan))


def _span_html(span: Span) -> str:
    text = esc(span.text)
    if span.style == "code":
        return f"<code>{text}</code>"
    if span.style == "link":
        return f'<a href="{text}">{text}</a>'
    if span.style in ("bold", "small"):
        tag = "b" if span.style == "bold" else "small"
        return f"<{tag}>{text}</{tag}>"
    return text


def _line_html(line: Line) -> str:
    return "".join(_span_html(s) for s in line)


def _item_html(item: Item) -> str:
    return _line_html(item.line) + "".join(f"<br>{_line_html(d)}" for d in item.details)


def _section_html(section: Section) -> str:
    title = esc(section.title)
    if section.layout == "where":  # the confirmation dialog shows it (target_html)
        return ""
    if section.layout == "heading":
        return f"<h3>{title}</h3>" + "".join(f"<p>{_item_html(i)}</p>" for i in section.items)
    if section.layout == "para":
        return "".join(f"<p>{_item_html(i)}</p>" for i in section.items)
    if section.layout == "inline":
        return f"<p><b>{title}:</b> {_item_html(section.items[0])}</p>"
    if section.layout == "table":
        rows = "".join(
            "<tr>" + "".join(_cell_html(s) for s in i.line) + "</tr>" for i in section.items
        )
        return f"<p><b>{title}</b></p><table cellspacing=3>{rows}</table>"
    tag = "ol" if section.layout == "numbered" else "ul"
    items = "".join(f"<li>{_item_html(i)}</li>" for i in section.items)
    return f"<p><b>{title}</b></p><{tag}>{items}</{tag}>"


def _cell_html(span: Span) -> str:
    if span.style == "right":
        return f"<td align=right>{esc(span.text)}</td>"
    return f"<td>{_span_html(span)}</td>"


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
