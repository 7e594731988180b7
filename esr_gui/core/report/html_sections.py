"""The report's sections: headline, information for support, device facts, findings.

Every function returns markup in which each value from the bundle went through `esc()`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, tzinfo

from esr_gui.core.diagnose.headline import Headline
from esr_gui.core.diagnose.record import AREA_TITLES
from esr_gui.core.diagnose.rules import RULE_AREA, finding_record
from esr_gui.core.diagnose.verdict import INPUT_ID
from esr_gui.core.knowledge.builds import windows_label
from esr_gui.core.knowledge.code_text import annotate_codes
from esr_gui.core.knowledge.remedies import remedy_label
from esr_gui.core.models.findings import Evidence, Finding
from esr_gui.core.models.snapshot import Snapshot
from esr_gui.core.report.check_json import device_join_type, device_name, device_upn
from esr_gui.core.report.html_util import anchor_id, esc, rows, tag
from esr_gui.core.report.provenance import format_device_time, provenance
from esr_gui.core.report.text import JOIN_WORDS

STATUS_LABELS: dict[str, tuple[str, str]] = {
    "fail": ("✖", "Fail"),
    "warn": ("!", "Warning"),
    "pass": ("✔", "Pass"),
    "unknown": ("?", "Unknown"),
    "manual": ("☐", "Check by hand"),
    "confirmed": ("☑", "Confirmed"),
    "info": ("i", "Info"),
    "not-applicable": ("–", "Does not apply"),
}
DSREG_FACTS = (
    "AzureAdJoined",
    "DomainJoined",
    "WorkplaceJoined",
    "DomainName",
    "TenantName",
    "WamDefaultSet",
    "AzureAdPrt",
)


def badge(status: str) -> str:
    """A status as symbol + word (never colour alone)."""
    symbol, word = STATUS_LABELS.get(status, ("", status))
    return f'<span class="badge s-{esc(status)}">{esc(symbol)} {esc(word)}</span>'


def _input_note(headline: Headline, findings: Iterable[Finding]) -> str:
    """A line on an unread or partial dsregcmd /status the headline itself does not name."""
    source = next((f for f in findings if f.id == INPUT_ID), None)
    if (
        source is None
        or source.status in ("pass", "not-applicable")
        or (headline.finding_id == INPUT_ID)
    ):
        return ""
    return f"<p>{badge(source.status)} {esc(source.title)}: this verdict rests on part of it.</p>"


def headline_banner(headline: Headline, findings: Iterable[Finding] = ()) -> str:
    """The most likely cause and the first step; a badge says its status in words."""
    level = headline.status if headline.status in ("fail", "warn", "unknown") else "pass"
    body = [
        f'<p class="headline">{badge(level)} {esc(headline.text)}</p>',
        f"<p><strong>First step:</strong> {esc(headline.action)}"
        + (
            f" <span class='muted'>({esc(remedy_label(headline.remedy))})</span>"
            if headline.remedy
            else ""
        )
        + "</p>",
        _input_note(headline, findings),
    ]
    if headline.reason:
        body.append(f"<p class='muted'>Why this one: {esc(headline.reason)}</p>")
    if headline.finding_id:
        body.append(f"<p><a href='#{anchor_id(headline.finding_id)}'>See the finding</a></p>")
    label = "Most likely cause" if headline.lead == "Most likely" else headline.lead
    return f'<section class="banner {level}" aria-label="{esc(label)}">{"".join(body)}</section>'


def support_info(
    snapshot: Snapshot, findings: list[Finding], confirmed: set[str], viewer_tz: tzinfo | None
) -> str:
    """The guide's "information to include when you need help", answered from the capture."""
    manifest = snapshot.manifest
    problem = manifest.problem if manifest else None
    facts = provenance(snapshot, viewer_tz)
    pairs = [
        ("Description of the problem", problem.description if problem else ""),
        ("Users affected", problem.users_affected if problem else ""),
        ("Devices affected", problem.devices_affected if problem else ""),
        ("First seen", problem.first_seen if problem else ""),
        ("Signed-in account (UPN)", device_upn(snapshot) or ""),
        ("Windows user", (manifest.user or "") if manifest else ""),
        ("Device join state", JOIN_WORDS.get(device_join_type(snapshot), "unknown")),
        ("Windows build", windows_label(snapshot.os_build) if snapshot.os_build else ""),
        ("Date, time and time zone of the capture", facts.captured or ""),
        ("Device time zone", (manifest.timezone or "") if manifest else ""),
    ]
    parts = [
        "<h2 id='support'>Information for support</h2>",
        "<p class='muted'>What Microsoft's guide asks for when you escalate, as captured.</p>",
        f"<table>{rows(pairs)}</table>",
        _manual_checks(findings, confirmed),
    ]
    if snapshot.notes:
        parts.append(f"<h3>Technician notes</h3><pre class='excerpt'>{esc(snapshot.notes)}</pre>")
    return "\n".join(parts)


def _manual_checks(findings: list[Finding], confirmed: set[str]) -> str:
    manual = [f for f in findings if f.status == "manual"]
    if not manual:
        return ""
    items = [
        f"<li>{_tick(f.id in confirmed)} {esc(f.title)} <code class='id'>{esc(f.id)}</code></li>"
        for f in manual
    ]
    return "<h3>Manual checks</h3><ul class='compact'>" + "".join(items) + "</ul>"


def _tick(confirmed: bool) -> str:
    if confirmed:
        return '<span class="badge s-confirmed">☑ Confirmed</span>'
    return '<span class="badge s-manual">☐ Not confirmed yet</span>'


def device_facts(snapshot: Snapshot, viewer_tz: tzinfo | None) -> str:
    """Name, build, join state, the key dsregcmd fields and the system facts."""
    build = snapshot.os_build
    pairs = [
        ("Computer", device_name(snapshot) or ""),
        ("Windows", windows_label(build) if build else ""),
        ("Edition", (build.edition_id or "") if build else ""),
        ("Join type", JOIN_WORDS.get(device_join_type(snapshot), "unknown")),
    ]
    status = snapshot.dsregcmd
    pairs += [(f"dsregcmd {key}", (status.get(key) or "") if status else "") for key in DSREG_FACTS]
    system = snapshot.system
    pairs += [
        ("Last restart", _when(system.last_boot, snapshot, viewer_tz)),
        ("Last sign-in", _when(system.last_logon, snapshot, viewer_tz)),
        ("Domain controller reachable", _yes_no(system.domain_controller_reachable)),
        ("Wireless adapter present", _yes_no(system.wireless_adapter_present)),
        ("Source", f"{snapshot.source.kind}: {snapshot.source.path or snapshot.source.name or ''}"),
    ]
    return f"<h2 id='device'>Device</h2><table>{rows(pairs, 'not captured')}</table>"


def _when(moment: datetime | None, snapshot: Snapshot, viewer_tz: tzinfo | None) -> str:
    if moment is None:
        return ""
    if moment.tzinfo is None:
        return moment.isoformat(sep=" ") + " (time zone not given)"
    return format_device_time(moment, snapshot.manifest, viewer_tz)


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def attention_list(findings: list[Finding]) -> str:
    """The failing and warning findings first, as links to their details."""
    bad = [f for f in findings if f.status in ("fail", "warn")]
    if not bad:
        return "<p>No check failed or warned.</p>"
    items = [
        f"<li>{badge(f.status)} <a href='#{anchor_id(f.id)}'>{esc(f.title)}</a> "
        f"<code class='id'>{esc(f.id)}</code></li>"
        for f in sorted(bad, key=lambda f: f.status != "fail")
    ]
    return "<ul class='compact'>" + "".join(items) + "</ul>"


def findings_section(
    findings: list[Finding], confirmed: set[str], snapshot: Snapshot, viewer_tz: tzinfo | None
) -> str:
    """Every finding, grouped as the guide groups them, with its evidence and remedies."""
    parts = ["<h2 id='findings'>All checks</h2>"]
    for area, title in AREA_TITLES.items():
        members = [f for f in findings if RULE_AREA.get(f.id, "known-issues") == area]
        if members:
            parts.append(f"<h3>{esc(title)}</h3>")
            parts += [_finding(f, f.id in confirmed, snapshot, viewer_tz) for f in members]
    return "\n".join(parts)


def _finding(
    finding: Finding, confirmed: bool, snapshot: Snapshot, viewer_tz: tzinfo | None
) -> str:
    status = "confirmed" if confirmed and finding.status == "manual" else finding.status
    head = (
        f"<h4>{badge(status)} {esc(finding.title)} <span class='id'>{esc(finding.id)}</span></h4>"
    )
    body = [head]
    if finding.explanation:
        body.append(f"<p>{esc(finding.explanation)}</p>")
    if finding.evidence:
        body.append(_evidence_table(finding.evidence, snapshot, viewer_tz))
    if finding.missing:
        body.append(tag("p", "<strong>Not captured:</strong> " + esc("; ".join(finding.missing))))
    body.append(_remedies_and_link(finding))
    cls = f"finding {finding.status}"
    return f"<section class='{esc(cls)}' id='{anchor_id(finding.id)}'>{''.join(body)}</section>"


def _evidence_table(
    evidence: Iterable[Evidence], snapshot: Snapshot, viewer_tz: tzinfo | None
) -> str:
    lines = []
    for ev in evidence:
        where = _evidence_where(ev, snapshot, viewer_tz)
        value = annotate_codes(ev.value, ev.note) if ev.value != "" else "(empty)"
        note = f"<br><span class='muted'>{esc(ev.note)}</span>" if ev.note else ""
        lines.append(
            f"<tr><td>{esc(where)}</td><td class='mono'>{esc(ev.field)}</td>"
            f"<td class='mono'>{esc(value)}{note}</td></tr>"
        )
    head = "<thead><tr><th>Where</th><th>Field</th><th>Value</th></tr></thead>"
    return f"<table class='evidence'>{head}<tbody>{''.join(lines)}</tbody></table>"


def _evidence_where(ev: Evidence, snapshot: Snapshot, viewer_tz: tzinfo | None) -> str:
    if ev.source != "event":
        return str(ev.source)
    where = f"event {ev.event_id if ev.event_id is not None else '?'} · {ev.channel or ''}"
    if ev.time is not None:
        where += " · " + _when(ev.time, snapshot, viewer_tz)
    return where


def _remedies_and_link(finding: Finding) -> str:
    out = []
    if finding.remedies:
        labels = ", ".join(
            f"{esc(remedy_label(r))} <code>{esc(r)}</code>" for r in finding.remedies
        )
        out.append(f"<p><strong>What helps:</strong> {labels}</p>")
    info = finding_record(finding.id)
    if info is not None and info.link and finding.status in ("fail", "warn"):
        out.append(
            f"<p>Microsoft article: <a href='{esc(info.link)}'>{esc(info.kb or info.link)}</a></p>"
        )
    return "".join(out)
