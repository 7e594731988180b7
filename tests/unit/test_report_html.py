"""The HTML report of every demo bundle: headline, evidence, support information, events;
self-contained (no scripts, no external resources) and printable."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from esr_gui.core.diagnose import run_diagnosis
from esr_gui.core.knowledge.code_text import annotate_codes
from esr_gui.core.report.html import render_bundle_report, render_html
from esr_gui.core.report.html_events import cited_events
from esr_gui.core.report.html_util import clean
from esr_gui.core.snapshot_builder import load_snapshot, snapshot_from_dsregcmd
from tests.conftest import DSREG_SAMPLES
from tests.unit.fleet_support import DEMOS

KB_PREFIX = "https://support.microsoft.com/kb/"
FORBIDDEN_TAGS = {
    "script",
    "link",
    "img",
    "iframe",
    "object",
    "embed",
    "form",
    "base",
    "meta-refresh",
}
NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


class Page(HTMLParser):
    """Collects tags, attributes and text of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str, str]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += [(tag, k, v or "") for k, v in attrs]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(page: str) -> Page:
    parser = Page()
    parser.feed(page)
    parser.close()
    return parser


def assert_self_contained(page: str) -> Page:
    """No scripts, no resources from anywhere, links only to KB articles or in-page anchors."""
    parsed = parse(page)
    assert not FORBIDDEN_TAGS & set(parsed.tags)
    for tag, name, value in parsed.attrs:
        assert not name.startswith("on"), (tag, name)
        assert name not in ("src", "srcset", "action", "formaction", "background"), (tag, name)
        if name == "href":
            assert value.startswith("#") or value.startswith(KB_PREFIX), value
        if tag == "meta":
            assert name in ("charset", "name", "content", "http-equiv"), name
    style = page[page.index("<style>") : page.index("</style>")]
    assert "url(" not in style and "@import" not in style and "@font-face" not in style
    assert "@media print" in style
    return parsed


@pytest.mark.parametrize("demo", DEMOS, ids=[d.name for d in DEMOS])
def test_demo_report_has_headline_evidence_and_is_self_contained(demo: Path) -> None:
    snapshot = load_snapshot(demo)
    diagnosis = run_diagnosis(snapshot)
    page = render_bundle_report(demo, viewer_tz=ZoneInfo("America/New_York"), generated=NOW)
    parsed = assert_self_contained(page)
    text = " ".join(" ".join(parsed.text).split())
    assert page.startswith("<!DOCTYPE html>")
    assert diagnosis.headline.text in text
    assert diagnosis.headline.action in text
    for finding in diagnosis.findings:
        assert f"id='f-{finding.id.replace('.', '-')}'" in page
        assert html.escape(clean(finding.title), quote=True) in page
        for ev in finding.evidence:
            value = annotate_codes(ev.value, ev.note) if ev.value else "(empty)"
            assert html.escape(clean(value), quote=True) in page
    manifest = snapshot.manifest
    assert manifest is not None
    assert manifest.problem.description in text
    assert "Information for support" in text
    assert "your time (UTC-5)" in text


def test_every_cited_event_is_in_the_events_table() -> None:
    demo = next(d for d in DEMOS if d.name == "event-1098-token-broker")
    snapshot = load_snapshot(demo)
    findings = run_diagnosis(snapshot).findings
    events = cited_events(snapshot, findings)
    assert [e.record_id for e, _ in events] == [200, 201, 202]
    page = render_html(snapshot, findings, viewer_tz=UTC, generated=NOW)
    section = page[page.index("id='events'") : page.index("id='capture'")]
    for record in ("200", "201", "202"):
        assert f"<td>{record}</td>" in section
    assert "0xCAA5001C" in section and "cited by" in section
    assert "Microsoft-Windows-AAD/Operational · 1098 (Error)" in section
    assert "2026-11-25 08:05:30 (UTC+1, W. Europe Standard Time) = 07:05:30 your time" in section


def test_confirmed_manual_checks_are_marked() -> None:
    snapshot = load_snapshot(DEMOS[0])
    findings = run_diagnosis(snapshot).findings
    page = render_html(snapshot, findings, confirmed={"prereq.license"}, generated=NOW)
    manual = page[page.index("<h3>Manual checks</h3>") : page.index("id='device'")]
    assert manual.count("☑ Confirmed") == 1
    assert manual.count("☐ Not confirmed yet") == 2
    lic = page[page.index("id='f-prereq-license'") :][:600]
    assert "☑ Confirmed" in lic


def test_the_gui_call_shape_works_with_a_list_of_findings() -> None:
    """The GUI calls render(snapshot, findings, confirmed=set) and writes str(html)."""
    snapshot = load_snapshot(DEMOS[0])
    findings = list(run_diagnosis(snapshot).findings)
    page = render_html(snapshot, findings, confirmed=set())
    assert "Made by ESR Troubleshooter" in page
    page.encode("utf-8")


def test_kb_links_are_plain_anchors_only_for_failing_or_warning_findings() -> None:
    demo = next(d for d in DEMOS if d.name == "1607-sideload-6013")
    page = render_bundle_report(demo, generated=NOW)
    links = re.findall(r"href='(https://[^']+)'", page)
    assert links == [KB_PREFIX + "3176934"]


def test_pasted_text_report_says_what_is_unknown() -> None:
    snapshot = snapshot_from_dsregcmd(DSREG_SAMPLES[0].read_bytes(), kind="pasted")
    page = render_html(snapshot, run_diagnosis(snapshot).findings, viewer_tz=UTC, generated=NOW)
    assert_self_contained(page)
    assert "capture time, time zone and context are not known" in page
    assert "No finding rests on an event record." in page or "id='events'" in page


def test_capture_problems_are_listed(tmp_path: Path) -> None:
    import shutil

    bundle = tmp_path / "b"
    shutil.copytree(DEMOS[0], bundle)
    (bundle / "system.json").write_text("{not json")
    (bundle / "registry" / "broken.reg").write_bytes(b"\xff\xfe\x00garbage")
    page = render_bundle_report(bundle, generated=NOW)
    notes = page[page.index("id='capture'") :]
    assert "Not usable:</strong> system.json" in notes
