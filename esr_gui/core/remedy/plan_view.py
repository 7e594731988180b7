"""A plan as sections of lines: the one wording behind the text (`render_plan`) and the HTML
(`gui.present_remedy.plan_html`) forms, so the two cannot say different things. Pure.

Each form only lays the sections out: a heading, paragraphs, "Title: text" lines, numbered or
bulleted lists (an item may carry detail lines) and a table of files. Spans mark what the
HTML shows as code, a link, bold or small print; the text form prints them plainly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from esr_gui.core.remedy.binding import source_line, target_line
from esr_gui.core.remedy.plans import Plan
from esr_gui.core.remedy.steps import CommandStep, FileStep, LaunchStep, LockStep, OpenStep, Step

Style = Literal["plain", "code", "link", "bold", "small", "right"]
Layout = Literal["heading", "where", "para", "inline", "numbered", "bulleted", "table"]

ADMIN_WORDS = {
    "not-needed": "not needed",
    "required": "required (Windows asks for it)",
    "if-denied": "only if Windows refuses without it",
}
_ELEVATION = {"none": "", "required": " — as administrator", "if-denied": " — admin if denied"}
NOTHING_RUN = "nothing on the device; it records that the steps below were given."


@dataclass(frozen=True)
class Span:
    """A piece of text and how the HTML form marks it."""

    text: str
    style: Style = "plain"


Line = tuple[Span, ...]


@dataclass(frozen=True)
class Item:
    """One line of a section, with detail lines under it (a step's command, its files)."""

    line: Line
    details: tuple[Line, ...] = ()


@dataclass(frozen=True)
class Section:
    """A titled part of the plan; `layout` says how the forms lay it out."""

    layout: Layout
    title: str
    items: tuple[Item, ...] = ()


def plain(text: str) -> Line:
    """A line of one plain span."""
    return (Span(text),)


def text_of(line: Line) -> str:
    """A line as plain text."""
    return "".join(span.text for span in line)


def needs_line(plan: Plan) -> str:
    """Admin · restart · sign-out in one line of words."""
    parts = [f"Administrator rights: {ADMIN_WORDS[plan.admin]}"]
    parts.append("restart: " + ("yes" if plan.needs_restart else "no"))
    parts.append("sign-out: " + ("yes" if plan.needs_sign_out else "no"))
    return " · ".join(parts)


def plan_sections(plan: Plan) -> list[Section]:
    """Everything the plan will do, in the order both forms show it."""
    out = [Section("heading", plan.title, (Item(plain(plan.summary)),)), _where(plan)]
    if plan.refusal:
        out.append(Section("inline", "Cannot run here", (Item(plain(plan.refusal)),)))
    reason = (plain(plan.admin_reason),) if plan.admin_reason else ()
    needs = Item(
        (Span(needs_line(plan), "bold"),), tuple((Span(r[0].text, "small"),) for r in reason)
    )
    out.append(Section("para", "", (needs,)))
    verb = "Restore" if plan.operation == "restore" else "Run"
    if plan.steps:
        out.append(Section("numbered", f"What {verb} does", tuple(_step(s) for s in plan.steps)))
    else:
        out.append(Section("inline", f"What {verb} does", (Item(plain(NOTHING_RUN)),)))
    out.extend(_files(plan))
    registry = tuple(
        Item((Span(f"{r.access}: "), Span(r.key, "code"), Span(_dash(r.note))))
        for r in plan.registry
    )
    out.append(Section("bulleted", "Registry", registry))
    if plan.backup_to:
        out.append(Section("inline", "Backup to", (Item((Span(plan.backup_to, "code"),)),)))
    out.append(_listed("bulleted", "Cannot be undone", plan.cannot_undo))
    if plan.undo:
        out.append(Section("inline", "Undo", (Item(plain(plan.undo)),)))
    out.append(_listed("numbered", "Steps for the technician", plan.guidance))
    out.append(_listed("bulleted", "Notes", plan.notes))
    return [s for s in out if s.items]


def _dash(note: str) -> str:
    return f" — {note}" if note else ""


def _where(plan: Plan) -> Section:
    """What the plan was made from and what a run changes (the text form shows it; the GUI
    shows the same in the confirmation dialog's first lines)."""
    lines = []
    if plan.source is not None:
        lines.append(Item(plain(source_line(plan.source))))
    if plan.target is not None and plan.changes_device:
        lines.append(Item(plain(target_line(plan.target))))
    return Section("where", "", tuple(lines))


def _listed(layout: Layout, title: str, texts: tuple[str, ...]) -> Section:
    return Section(layout, title, tuple(Item(plain(t)) for t in texts))


def _step(step: Step) -> Item:
    """A step: its purpose, then what exactly runs or opens."""
    detail: tuple[Line, ...] = ()
    if isinstance(step, CommandStep):
        detail = ((Span(step.display, "code"), Span(_ELEVATION[step.elevation])),)
    elif isinstance(step, LaunchStep):
        detail = ((Span(step.display, "code"), Span(" — in your session")),)
    elif isinstance(step, OpenStep):
        style: Style = "link" if step.uri.startswith("https://") else "code"
        detail = ((Span("opens "), Span(step.uri, style)),)
    elif isinstance(step, LockStep):
        detail = ((Span("LockWorkStation", "code"), Span(" (user32) — in your session")),)
    elif isinstance(step, FileStep):
        detail = tuple((Span(p, "code"),) for p in step.paths)
    return Item(plain(step.purpose), detail)


def _files(plan: Plan) -> list[Section]:
    """The files a cleanup deletes or a restore writes, and what is left alone."""
    rows = []
    for f in plan.files:
        digest = f"sha256 {f.sha256 or 'unknown: ' + (f.problem or 'unreadable')}"
        cells = [Span(f.path, "code"), Span(f"{f.size:,} bytes", "right"), Span(digest, "small")]
        if f.read_only:
            cells.append(Span("read-only", "small"))
        rows.append(Item(tuple(cells)))
    left = tuple(Item((Span(s.path, "code"), Span(f" — {s.reason}"))) for s in plan.left_alone)
    return [
        Section("table", f"Files ({len(plan.files)})", tuple(rows)),
        Section("bulleted", "Left alone", left),
    ]


def plan_text(plan: Plan) -> str:
    """The sections as plain text (what `esr-diag remedy plan` prints)."""
    out: list[str] = []
    for section in plan_sections(plan):
        out.extend(_text_section(plan, section))
    return "\n".join(out)


def _text_section(plan: Plan, section: Section) -> list[str]:
    lines = [text_of(item.line).rstrip() for item in section.items]
    if section.layout == "heading":
        tag = f"{plan.remedy_id}{' · restore' if plan.operation == 'restore' else ''}"
        return [f"{section.title}  [{tag}]", *lines]
    if section.layout == "where":
        return lines
    if section.layout == "inline":
        return [f"{section.title}: {lines[0]}"]
    if section.layout == "para":
        return [x for item in section.items for x in _with_details(text_of(item.line), item, "  ")]
    if section.layout == "table":
        return [
            f"{section.title}:",
            *("  " + "  ".join(s.text for s in i.line) for i in section.items),
        ]
    out = [f"{section.title}:"]
    for number, item in enumerate(section.items, 1):
        mark = f"{number}." if section.layout == "numbered" else "-"
        out.extend(_with_details(f"  {mark} {text_of(item.line).rstrip()}", item, "     > "))
    return out


def _with_details(first: str, item: Item, prefix: str) -> list[str]:
    return [first, *(prefix + text_of(d).rstrip() for d in item.details)]
