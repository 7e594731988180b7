"""`esr-diag diff`: the comparison as text (verdicts first, then fields) and as JSON."""

from __future__ import annotations

from typing import Any

from esr_gui.core.compare.model import CaptureSide, Comparison
from esr_gui.core.excerpt import excerpt
from esr_gui.core.report.text import STATUS_WORDS, asciify

SCHEMA_VERSION = 1
VALUE_WIDTH = 60  # a value longer than this (a SettingsUrl) is cut in the text, whole in JSON
CHANGE_WORDS: dict[str, str] = {
    "worse": "WORSE",
    "unclear": "UNCLEAR",
    "missing": "MISSING",
    "fixed": "FIXED",
    "improved": "BETTER",
    "different": "CHANGED",
    "unchanged": "SAME",
}
ABSENT = "(absent)"


def status_word(status: str | None) -> str:
    """The report's word for a status; "not reported" when a run had no such finding."""
    return "not reported" if status is None else STATUS_WORDS.get(status, status)


def _value(value: str | None) -> str:
    return ABSENT if value is None else excerpt(value, VALUE_WIDTH) or '""'


def _side_line(word: str, side: CaptureSide) -> str:
    when = f", captured {side.captured}" if side.captured else ""
    device = side.device or "unnamed device"
    return f"{word}: {side.label} ({device}{when}) - {side.state}"


def _verdict_lines(comparison: Comparison) -> list[str]:
    if not comparison.verdicts:
        return ["Verdicts: none changed."]
    lines = [f"Verdicts that changed ({len(comparison.verdicts)}):"]
    for c in comparison.verdicts:
        move = f"{status_word(c.before)} -> {status_word(c.after)}"
        lines.append(f"  {CHANGE_WORDS.get(c.change, c.change):<8} {move:<24} {c.id}: {c.title}")
    return lines


def _field_lines(comparison: Comparison) -> list[str]:
    if not comparison.fields:
        return ["dsregcmd fields: none changed (or one capture has no dsregcmd output)."]
    lines = [f"dsregcmd fields that changed ({len(comparison.fields)}):"]
    for f in comparison.fields:
        lines.append(f"  [{f.section}] {f.key}: {_value(f.before)} -> {_value(f.after)}")
    return lines


def _registry_lines(comparison: Comparison) -> list[str]:
    if not comparison.registry:
        return ["Registry values: none changed (or one capture has no registry export)."]
    lines = [f"Registry values that changed ({len(comparison.registry)}):"]
    for r in comparison.registry:
        name = r.name or "(default)"
        lines.append(f"  {r.key} \\ {name}: {_value(r.before)} -> {_value(r.after)}")
    return lines


def render_comparison(comparison: Comparison) -> str:
    """The comparison for people: both captures, the device verdict, the headline before and
    after, then verdicts, dsregcmd fields and registry values that changed (ASCII only)."""
    before, after = comparison.before, comparison.after
    lines = [
        _side_line("Before", before),
        _side_line("After ", after),
        comparison.device_note,
        "",
        f"Headline before: {before.headline}",
        f"Headline after:  {after.headline}",
        "",
        *_verdict_lines(comparison),
        "",
        *_field_lines(comparison),
        "",
        *_registry_lines(comparison),
    ]
    return asciify("\n".join(lines)) + "\n"


def comparison_document(comparison: Comparison) -> dict[str, Any]:
    """The `esr-diag diff --json` object (docs/cli.md describes every key)."""
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": "esr-diff",
        **comparison.model_dump(mode="json"),
        "unchanged": comparison.unchanged,
    }
