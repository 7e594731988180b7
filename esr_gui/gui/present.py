"""Texts the views show, built from an Analysis (pure; HTML for the text browsers)."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import tzinfo

from esr_gui.core.diagnose.input_check import dsregcmd_problem
from esr_gui.core.diagnose.rules import finding_record
from esr_gui.core.dsreg_facts import DsregFacts
from esr_gui.core.models.findings import Evidence, Finding
from esr_gui.core.models.snapshot import Snapshot
from esr_gui.core.report.provenance import capture_line
from esr_gui.gui import status as st
from esr_gui.gui.evidence_text import evidence_line
from esr_gui.gui.pipeline import Analysis

# The scheme of an evidence line's link in the checklist detail: `raw:<index of the evidence>`.
RAW_LINK = "raw"
JOIN_WORDS = {
    "azure-ad": "Azure AD joined",
    "hybrid": "Hybrid joined (domain + Azure AD)",
    "domain": "Domain joined, not in Azure AD",
    "registered": "Registered only (not joined)",
    "none": "Not joined",
    "unknown": "Join type unknown",
}


def device_name(snapshot: Snapshot) -> str:
    """The device's name from the manifest or dsregcmd, else "Unknown device"."""
    if snapshot.manifest and snapshot.manifest.computer:
        return snapshot.manifest.computer
    if snapshot.dsregcmd:
        name = snapshot.dsregcmd.get("Device Name")
        if name:
            return name.split(".")[0]
    return "Unknown device"


def os_text(snapshot: Snapshot) -> str:
    """ "Windows 10 1607 (14393.82)" or "build not captured"."""
    build = snapshot.os_build
    if build is None:
        return "Windows build not captured"
    family = "Windows 11" if build.is_windows11 else "Windows 10"
    version = build.display_version or build.release_id or ""
    return f"{family} {version} ({build})".replace("  ", " ")


def join_text(snapshot: Snapshot) -> str:
    """The join type in words."""
    if snapshot.dsregcmd is None:
        if dsregcmd_problem(snapshot) is not None:
            return "join type unknown (dsregcmd /status unreadable)"
        return "join type unknown (no dsregcmd)"
    return JOIN_WORDS[DsregFacts.from_status(snapshot.dsregcmd).join_type]


def source_text(analysis: Analysis) -> str:
    """Where the data came from, when the capture line does not say it already."""
    source = analysis.source
    if source.kind == "demo":
        return f"Source: demo “{source.name}”"
    if source.kind == "bundle":
        return f"Source: bundle {source.label}"
    if source.kind == "dsregcmd":
        return f"File: {source.label}"
    if source.kind == "live":
        return "Source: live capture of this device"
    return ""


def device_parts(analysis: Analysis, viewer_tz: tzinfo | None = None) -> tuple[str, str]:
    """(name · OS · join, where and when it was captured · source) for the header's lines.

    The capture time reads on the device's clock and on the viewer's (`viewer_tz`, None =
    this machine's zone); a dsregcmd text without a manifest says what is not known.
    """
    snap = analysis.snapshot
    first = " · ".join([device_name(snap), os_text(snap), join_text(snap)])
    second = [capture_line(snap, viewer_tz), source_text(analysis)]
    return first, " · ".join(part for part in second if part)


def device_line(analysis: Analysis, viewer_tz: tzinfo | None = None) -> str:
    """The header's summary as one line (the copied summary uses it)."""
    return " · ".join(device_parts(analysis, viewer_tz))


def device_html(analysis: Analysis, viewer_tz: tzinfo | None = None) -> str:
    """The header's two lines: the device in bold, where and when it was captured below."""
    first, second = device_parts(analysis, viewer_tz)
    return f"<b>{html.escape(first)}</b><br>{html.escape(second)}"


def banner_text(analysis: Analysis) -> str | None:
    """The banner for demo data, or None."""
    if analysis.snapshot.source.kind == "demo" or analysis.source.kind == "demo":
        return (
            f"DEMO DATA — an embedded example ({analysis.source.name}), not this PC. "
            "Open a bundle or paste dsregcmd output to look at a real device."
        )
    return None


def finding_html(
    finding: Finding, shown_status: str, linked: Callable[[Evidence], bool] | None = None
) -> str:
    """The checklist detail: status, explanation, evidence, missing data, steps, KB.

    Evidence that `linked` accepts (printed in a raw text) links to `raw:<index>`.
    """
    esc = html.escape
    out = [f"<h3>{esc(finding.title)}</h3>", f"<p><b>{esc(st.word(shown_status))}</b> — "]
    out.append(
        f"{esc(st.STATUS_HINTS.get(shown_status, ''))} <small>({esc(finding.id)})</small></p>"
    )
    if finding.explanation:
        out.append(f"<p>{esc(finding.explanation)}</p>")
    record = finding_record(finding.id)
    if record is not None:
        for label, text in (
            ("Why it matters", record.why),
            ("What to do", record.todo),
            ("Guide", record.guide),
        ):
            out.append(f"<p><b>{label}:</b> {esc(text)}</p>")
    if finding.evidence:
        items = "".join(
            f"<li>{_evidence_item(i, e, linked)}</li>" for i, e in enumerate(finding.evidence)
        )
        out.append(f"<p><b>Evidence</b></p><ul>{items}</ul>")
    if finding.missing:
        items = "".join(f"<li>{esc(m)}</li>" for m in finding.missing)
        out.append(f"<p><b>Data that was missing</b></p><ul>{items}</ul>")
    if record is not None and record.kb:
        out.append(f'<p><a href="{record.link}">{record.kb}</a></p>')
    if finding.remedies:
        out.append(f"<p><i>{len(finding.remedies)} remedy(ies) in the fix panel →</i></p>")
    return "".join(out)


def _evidence_item(
    index: int, evidence: Evidence, linked: Callable[[Evidence], bool] | None
) -> str:
    text = html.escape(evidence_line(evidence))
    if linked is None or not linked(evidence):
        return text
    return f'<a href="{RAW_LINK}:{index}" title="Open the raw text at this line">{text}</a>'


def empty_state_html(title: str, body: str) -> str:
    """An explanation for a pane that has nothing to show."""
    return f"<h3>{html.escape(title)}</h3><p>{html.escape(body)}</p>"
