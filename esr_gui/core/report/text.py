"""The human `esr-diag check` report: plain ASCII a cp437 console can print.

Device line, the headline and its first action, then the findings grouped as the guide is
(Checklist, Verify sync, Registration, MFA, Known issues) with status words instead of
symbols, the key evidence, what is missing, and the remedies.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from esr_gui.core.diagnose.context import DiagContext
from esr_gui.core.diagnose.engine import Diagnosis
from esr_gui.core.diagnose.record import AREA_TITLES
from esr_gui.core.diagnose.rules import RULE_AREA
from esr_gui.core.knowledge.builds import windows_label
from esr_gui.core.knowledge.code_text import annotate_codes
from esr_gui.core.knowledge.remedies import remedy_label
from esr_gui.core.models.findings import Evidence, Finding
from esr_gui.core.models.snapshot import Snapshot
from esr_gui.core.report.check_json import device_join_type, device_name
from esr_gui.core.report.wrap import wrap_text

STATUS_WORDS: dict[str, str] = {
    "fail": "FAIL",
    "warn": "WARN",
    "pass": "OK",
    "unknown": "??",
    "manual": "TODO",
    "info": "INFO",
    "not-applicable": "n/a",
}
JOIN_WORDS: dict[str, str] = {
    "azure-ad": "Azure AD joined",
    "hybrid": "hybrid joined",
    "domain": "domain-joined only (not registered)",
    "registered": "Azure AD registered only",
    "none": "not joined",
    "unknown": "join state unknown",
}
_PUNCTUATION = str.maketrans(
    {
        "\u203a": ">",
        "\u2039": "<",
        "\u2192": "->",
        "\u2014": "-",
        "\u2013": "-",
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2026": "...",
        "\u00a0": " ",
        "\u00d7": "x",
    }
)
WIDTH = 100
MAX_WARNINGS = 10  # parser warnings listed (records skipped, files cut short)
INDENT = " " * 10
MAX_EVIDENCE = 3
EVIDENCE_LINES = 2  # lines one evidence item may take (wrapped, then cut)


def asciify(text: str) -> str:
    """`text` in printable ASCII: typographic punctuation mapped, accents dropped, rest '?'."""
    mapped = unicodedata.normalize("NFKD", text.translate(_PUNCTUATION))
    kept = "".join(c for c in mapped if not unicodedata.combining(c))
    return kept.encode("ascii", errors="replace").decode("ascii")


def _context_word(snapshot: Snapshot) -> str:
    try:
        context = DiagContext(snapshot).capture.context
    except Exception:  # the report must print even when the context cannot be read
        context = "unknown"
    return {"user": "user context", "elevated": "ELEVATED", "system": "SYSTEM"}.get(
        context, "context unknown"
    )


def device_line(snapshot: Snapshot) -> str:
    """`PC-0042 | Windows 10 1607 (14393.10) | hybrid joined | user context | captured ...`."""
    build = snapshot.os_build
    manifest = snapshot.manifest
    parts = [
        device_name(snapshot) or "(device name not captured)",
        windows_label(build) if build else "Windows build not captured",
        JOIN_WORDS.get(device_join_type(snapshot), "join state unknown"),
        _context_word(snapshot),
    ]
    if manifest is not None:
        parts.append("captured " + manifest.created.isoformat(sep=" ", timespec="minutes"))
    return " | ".join(parts)


def _header(snapshot: Snapshot, diagnosis: Diagnosis) -> list[str]:
    source = snapshot.source
    lines = [
        "ESR Troubleshooter - Enterprise State Roaming check",
        f"Device   : {device_line(snapshot)}",
        f"Source   : {source.kind}" + (f" {source.path}" if source.path else ""),
    ]
    lines += [f"Skipped  : {p.member}: {p.message}" for p in snapshot.problems]
    lines += [f"Warning  : {w.member}: {w.message}" for w in snapshot.warnings[:MAX_WARNINGS]]
    if len(snapshot.warnings) > MAX_WARNINGS:
        lines.append(f"Warning  : ... and {len(snapshot.warnings) - MAX_WARNINGS} more")
    headline = diagnosis.headline
    action = headline.action + (f" [{headline.remedy}]" if headline.remedy else "")
    rule = "=" * min(WIDTH, max(len(headline.text), len(action) + 12))
    lines += ["", f"Verdict  : {diagnosis.state}"]
    lines += [rule, headline.text, f"First step: {action}", rule]
    if headline.reason and headline.finding_id is None:
        lines.append(f"Note: {headline.reason}")
    if headline.lead != "Most likely" and headline.related:
        lines.append("Also failing or warning: " + ", ".join(headline.related))
    return lines


def _wrap(label: str, text: str) -> list[str]:
    return wrap_text(f"{label}{text}", WIDTH, INDENT, INDENT + " " * len(label))


def evidence_line(item: Evidence) -> str:
    """One evidence item: `field = value (note)`, events with id, time, record.

    A known error code in the value carries its name and meaning beside it; the value comes
    before the record number and note so that it survives when the line is cut.
    """
    value = annotate_codes(item.value, item.note)
    if item.source == "event" and item.event_id is not None:
        when = item.time.isoformat(sep=" ", timespec="seconds") if item.time else "time unknown"
        where = f"event {item.event_id} in {item.channel} at {when}"
        text = f"{where}: {value}" if value else where
        text += f" (record {item.record_id})" if item.record_id is not None else ""
    else:
        text = f"{item.field} = {value}" if value else item.field
    return text + (f" ({item.note})" if item.note else "")


def evidence_lines(item: Evidence) -> list[str]:
    """The evidence line wrapped to the report's width, at most EVIDENCE_LINES lines."""
    lines = _wrap("- ", evidence_line(item))
    if len(lines) > EVIDENCE_LINES:
        lines = lines[:EVIDENCE_LINES]
        lines[-1] = lines[-1][: WIDTH - 3].rstrip() + "..."
    return lines


def finding_lines(finding: Finding) -> list[str]:
    """The lines of one finding: status word, id and title, then details by status."""
    word = STATUS_WORDS.get(finding.status, finding.status)
    lines = [f"  {word:<6}  {finding.id:<31} {finding.title}"]
    if finding.status in ("pass", "not-applicable"):
        return lines
    if finding.status in ("fail", "warn"):
        shown = finding.evidence[:MAX_EVIDENCE]
        lines += [line for e in shown for line in evidence_lines(e)]
        if len(finding.evidence) > MAX_EVIDENCE:
            lines.append(INDENT + f"(+{len(finding.evidence) - MAX_EVIDENCE} more in --json)")
    label = {"manual": "how: ", "unknown": "why: "}.get(finding.status, "why: ")
    lines += _wrap(label, finding.explanation)
    for missing in finding.missing:
        lines += _wrap("missing: ", missing)
    for remedy in finding.remedies:
        lines += _wrap("fix: ", f"{remedy} - {remedy_label(remedy)}")
    return lines


def _grouped(findings: Iterable[Finding]) -> list[str]:
    """Each area's findings under its title, once, in the guide's order of areas (findings
    keep their order within an area; ids of no area come last, under "Other")."""
    groups: dict[str, list[Finding]] = {}
    for finding in findings:
        area = RULE_AREA.get(finding.id)
        groups.setdefault(AREA_TITLES[area] if area else "Other", []).append(finding)
    lines: list[str] = []
    for title in [*AREA_TITLES.values(), "Other"]:
        if title in groups:
            lines += ["", title]
            for finding in groups[title]:
                lines += finding_lines(finding)
    return lines


def _summary(diagnosis: Diagnosis) -> list[str]:
    counts: dict[str, int] = {}
    for finding in diagnosis.findings:
        counts[finding.status] = counts.get(finding.status, 0) + 1
    parts = [f"{counts[s]} {STATUS_WORDS[s]}" for s in STATUS_WORDS if counts.get(s)]
    verdict = (
        "at least one check FAILS (exit code 1)"
        if diagnosis.failing
        else "nothing fails (exit code 0)"
    )
    return ["", "Summary  : " + ", ".join(parts), f"Result   : {verdict}"]


def render_text(snapshot: Snapshot, diagnosis: Diagnosis) -> str:
    """The whole report as ASCII text, lines ending in a newline."""
    lines = _header(snapshot, diagnosis) + _grouped(diagnosis.findings) + _summary(diagnosis)
    return asciify("\n".join(lines)) + "\n"
