"""The HTML report of one capture: one self-contained page to mail, attach or print.

Headline, the failing and warning checks, the guide's "information to include when you need
help", device facts, every finding with its evidence, the events that mattered and what the
capture could not read. Inline CSS only: no scripts, no external files or fonts; the only
external links are Microsoft support articles, as plain anchors. Every value from a bundle
is untrusted and escaped (`html_util.esc`); behind that, the page's Content-Security-Policy
(`html_css.CSP`) lets a browser run no script and load nothing, and apply only our own style
sheet.

`render_html(snapshot, findings, confirmed=...)` is what the GUI calls;
`render_bundle_report(path, redact=...)` is what `esr-diag report` calls. With `redact`,
the bundle's members are redacted first (`core.redaction`) and the snapshot rebuilt from them,
so no identifier of the original reaches the page.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from pathlib import Path

from esr_gui import __version__
from esr_gui.core.bundle.reader import bundle_from_members, open_bundle
from esr_gui.core.diagnose import Headline, choose_headline, run_diagnosis
from esr_gui.core.models.findings import Finding
from esr_gui.core.models.snapshot import Snapshot
from esr_gui.core.redaction.members import redact_bundle
from esr_gui.core.report.check_json import device_name
from esr_gui.core.report.html_css import CSP, CSS
from esr_gui.core.report.html_events import capture_notes, events_section
from esr_gui.core.report.html_sections import (
    attention_list,
    device_facts,
    findings_section,
    headline_banner,
    support_info,
)
from esr_gui.core.report.html_util import esc
from esr_gui.core.report.provenance import capture_line, format_in_zone
from esr_gui.core.snapshot_builder import snapshot_from_bundle

REDACTED_LABEL = "redacted copy"


@dataclass(frozen=True)
class ReportInput:
    """A snapshot ready for the report, and the redaction summary when it was redacted."""

    snapshot: Snapshot
    redaction: str | None = None


def render_html(
    snapshot: Snapshot,
    findings: Iterable[Finding],
    *,
    confirmed: Iterable[str] = (),
    headline: Headline | None = None,
    viewer_tz: tzinfo | None = None,
    generated: datetime | None = None,
    redaction: str | None = None,
) -> str:
    """The whole page for `snapshot` and its findings.

    `confirmed`: ids of manual checks a technician confirmed; `viewer_tz`: the reader's zone
    (None = this machine's); `redaction`: the redaction summary, shown when given.
    """
    found = list(findings)
    ticked = set(confirmed)
    head = headline or choose_headline(found)
    stamp = generated or datetime.now(UTC)
    title = f"ESR report: {device_name(snapshot) or 'unnamed device'}"
    body = [
        _header(snapshot, viewer_tz, redaction),
        headline_banner(head, found),
        "<h2 id='attention'>Needs attention</h2>",
        attention_list(found),
        support_info(snapshot, found, ticked, viewer_tz),
        device_facts(snapshot, viewer_tz),
        findings_section(found, ticked, snapshot, viewer_tz),
        events_section(snapshot, found, viewer_tz),
        capture_notes(snapshot),
        _footer(stamp, viewer_tz),
    ]
    return _page(title, "\n".join(body))


def _page(title: str, body: str) -> str:
    return (
        "<!DOCTYPE html>\n<html lang='en'>\n<head>\n<meta charset='utf-8'>\n"
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        "<meta name='viewport' content='width=device-width, initial-scale=1'>\n"
        f"<title>{esc(title)}</title>\n<style>{CSS}</style>\n</head>\n"
        f"<body>\n{body}\n</body>\n</html>\n"
    )


def _header(snapshot: Snapshot, viewer_tz: tzinfo | None, redaction: str | None) -> str:
    parts = [
        "<header>",
        "<h1>Enterprise State Roaming: troubleshooting report</h1>",
        f"<p class='meta'>{esc(capture_line(snapshot, viewer_tz))}</p>",
    ]
    if redaction is not None or (snapshot.manifest and snapshot.manifest.redacted):
        note = f" ({redaction})" if redaction else ""
        parts.append(
            "<p class='redacted'>Redacted: names, accounts, tenant and device ids are replaced "
            f"by stand-ins{esc(note)}. The findings are unchanged.</p>"
        )
    parts.append("</header>")
    return "\n".join(parts)


def _footer(generated: datetime, viewer_tz: tzinfo | None) -> str:
    return (
        f"<footer>Made by ESR Troubleshooter {esc(__version__)} on "
        f"{esc(format_in_zone(generated, viewer_tz))}. The troubleshooting steps follow "
        "Microsoft's Enterprise State Roaming guide; the texts are our own.</footer>"
    )


def report_input(path: str | Path, *, redact: bool = False) -> ReportInput:
    """Open the bundle at `path` (redacted in memory when asked) and build its snapshot."""
    with open_bundle(path) as bundle:
        if not redact:
            return ReportInput(snapshot_from_bundle(bundle))
        redacted = redact_bundle(bundle)
    members = bundle_from_members(redacted.all_members(), label=REDACTED_LABEL)
    snapshot = snapshot_from_bundle(members, name=REDACTED_LABEL)
    return ReportInput(snapshot, redacted.report.summary())


def render_bundle_report(
    path: str | Path,
    *,
    redact: bool = False,
    confirmed: Iterable[str] = (),
    viewer_tz: tzinfo | None = None,
    generated: datetime | None = None,
) -> str:
    """The report of the bundle at `path`, diagnosed now (BundleError if it is unusable)."""
    loaded = report_input(path, redact=redact)
    diagnosis = run_diagnosis(loaded.snapshot)
    return render_html(
        loaded.snapshot,
        diagnosis.findings,
        confirmed=confirmed,
        headline=diagnosis.headline,
        viewer_tz=viewer_tz,
        generated=generated,
        redaction=loaded.redaction,
    )
