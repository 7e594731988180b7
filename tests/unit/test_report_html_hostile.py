"""The report over bundles from strangers: injected markup, huge values, odd encodings, and
redaction that lets nothing identifying through."""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from esr_gui.core.diagnose import run_diagnosis
from esr_gui.core.errors import BundleError
from esr_gui.core.models.manifest import Manifest
from esr_gui.core.models.snapshot import Snapshot, SourceInfo
from esr_gui.core.report.html import render_bundle_report, render_html
from esr_gui.core.report.html_util import MAX_VALUE_CHARS, clean, esc
from esr_gui.core.snapshot_builder import load_snapshot
from tests.unit.fleet_support import DEMOS
from tests.unit.test_report_html import assert_self_contained, parse

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
XSS = "<script>alert(1)</script>"
ATTR = "\"'><img src=x onerror=alert(2)>"
SID = re.compile(r"S-1-5-21-\d+-\d+-\d+")


def hostile_bundle(root: Path) -> Path:
    """The 1098 demo with markup in every field a person or a device could write."""
    bundle = root / "hostile"
    shutil.copytree(next(d for d in DEMOS if d.name == "event-1098-token-broker"), bundle)
    manifest = json.loads((bundle / "manifest.json").read_text(encoding="utf-8"))
    manifest.update(computer=XSS, user=ATTR, timezone=XSS)
    manifest["problem"] = {
        "description": XSS + ATTR,
        "users_affected": "</td></tr></table>" + XSS,
        "devices_affected": "<a href='https://evil.example/'>x</a>",
        "first_seen": "<style>body{display:none}</style>",
    }
    (bundle / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    (bundle / "notes.txt").write_text("</pre>" + XSS + "<!--", encoding="utf-8")
    (bundle / "whoami-upn.txt").write_text(ATTR + "@contoso.com", encoding="utf-8")
    dsreg = (bundle / "dsregcmd-status.txt").read_text(encoding="utf-8")
    dsreg = dsreg.replace("TenantName : Contoso", "TenantName : " + XSS)
    (bundle / "dsregcmd-status.txt").write_text(dsreg, encoding="utf-8")
    events = bundle / "events" / "Microsoft-Windows-AAD%4Operational.xml"
    xml = events.read_text(encoding="utf-8").replace(
        "Token broker operation failed.", "&lt;script&gt;alert(3)&lt;/script&gt; failed."
    )
    events.write_text(xml, encoding="utf-8")
    return bundle


def test_markup_from_the_bundle_is_shown_as_text_never_run(tmp_path: Path) -> None:
    page = render_bundle_report(hostile_bundle(tmp_path), generated=NOW)
    parsed = assert_self_contained(page)
    assert parsed.tags.count("style") == 1
    assert parsed.tags.count("a") == len(re.findall(r"<a ", page))
    text = "".join(parsed.text)
    assert XSS in text and "alert(2)" in text and "<script>alert(3)</script>" in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script" not in page.lower().replace("&lt;script", "")


def test_huge_values_are_cut_and_the_page_stays_small(tmp_path: Path) -> None:
    bundle = tmp_path / "big"
    shutil.copytree(DEMOS[0], bundle)
    manifest = json.loads((bundle / "manifest.json").read_text(encoding="utf-8"))
    manifest["problem"] = {"description": "D" * 900_000}
    (bundle / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    (bundle / "notes.txt").write_text("N" * 5_000_000, encoding="utf-8")
    page = render_bundle_report(bundle, generated=NOW)
    assert len(page) < 200_000
    assert "D" * MAX_VALUE_CHARS in page and "D" * (MAX_VALUE_CHARS + 1) not in page
    assert "896,000 more characters not shown" in page
    assert "4,996,000 more characters not shown" in page


def test_odd_encodings_render_and_encode(tmp_path: Path) -> None:
    bundle = tmp_path / "odd"
    shutil.copytree(DEMOS[0], bundle)
    manifest = json.loads((bundle / "manifest.json").read_text(encoding="utf-8"))
    manifest["computer"] = "PC-\ud800-\u202eevil\u202c-\x00-\x1b[31m-😀"
    (bundle / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    (bundle / "notes.txt").write_bytes(b"caf\xe9 \xff\xfe broken utf-8 \x81")
    dsreg = (bundle / "dsregcmd-status.txt").read_text(encoding="utf-8")
    (bundle / "dsregcmd-status.txt").write_bytes(dsreg.encode("utf-16"))
    page = render_bundle_report(bundle, generated=NOW)
    page.encode("utf-8")
    assert "\u202e" not in page and "\x00" not in page and "\x1b" not in page
    assert "PC-\ufffd-\ufffdevil\ufffd-\ufffd-\ufffd[31m-😀" in page
    assert "Hybrid joined" in page or "hybrid joined" in page


def test_hostile_zip_is_refused_before_any_report(tmp_path: Path) -> None:
    target = tmp_path / "evil.zip"
    with zipfile.ZipFile(target, "w") as archive:
        archive.writestr("manifest.json", (DEMOS[0] / "manifest.json").read_bytes())
        archive.writestr("/etc/passwd", b"x")
    with pytest.raises(BundleError, match="absolute"):
        render_bundle_report(target, generated=NOW)


@pytest.mark.skipif(not hasattr(Path, "symlink_to"), reason="no symlinks")
def test_links_inside_a_folder_bundle_are_refused(tmp_path: Path) -> None:
    bundle = tmp_path / "linked"
    shutil.copytree(DEMOS[0], bundle)
    (bundle / "notes.txt").symlink_to("/etc/hostname")
    with pytest.raises(BundleError, match="links"):
        render_bundle_report(bundle, generated=NOW)


def secrets_of(bundle: Path) -> set[str]:
    """Identifying values of a demo bundle: names, accounts, tenant, device ids, SIDs."""
    snapshot = load_snapshot(bundle)
    manifest = snapshot.manifest
    assert manifest is not None and manifest.computer and manifest.user and snapshot.upn
    found = {manifest.computer, manifest.user, *manifest.user.split("\\"), snapshot.upn}
    found |= set(snapshot.upn.split("@"))
    if snapshot.dsregcmd is not None:
        for key in ("DeviceId", "TenantId", "Thumbprint", "KeyContainerId", "Device Name"):
            value = snapshot.dsregcmd.get(key)
            if value:
                found.add(value)
    for event in snapshot.events:
        found.add(event.computer)
        found.add(event.user_sid)
    for member in bundle.rglob("*"):
        if member.is_file():
            found |= set(SID.findall(member.read_text(encoding="utf-8", errors="ignore")))
    return {s for s in found if len(s) >= 4 and s.lower() not in ("azuread",)}


@pytest.mark.parametrize("demo", DEMOS, ids=[d.name for d in DEMOS])
def test_redacted_report_leaks_nothing(demo: Path) -> None:
    plain = render_bundle_report(demo, generated=NOW)
    page = render_bundle_report(demo, redact=True, generated=NOW)
    secrets = secrets_of(demo)
    assert any(s in plain for s in secrets)
    lowered = page.lower()
    leaked = sorted(s for s in secrets if s.lower() in lowered)
    assert leaked == []
    assert "contoso" not in lowered
    assert str(demo) not in page
    assert "Redacted: names, accounts" in page
    assert (run_diagnosis(load_snapshot(demo)).headline.finding_id or "No known cause") in page


def test_a_redacted_bundle_is_labelled_even_when_rendered_plainly() -> None:
    snapshot = Snapshot(
        source=SourceInfo(kind="bundle", path="x"),
        manifest=Manifest.model_validate(
            {
                "format": "esr-bundle",
                "version": 1,
                "created": "2026-11-25T09:14:03+01:00",
                "redacted": True,
            }
        ),
    )
    page = render_html(snapshot, [], generated=NOW)
    assert "Redacted: names, accounts" in page


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_esc_output_never_opens_a_tag_or_breaks_an_attribute(value: str) -> None:
    out = esc(value)
    assert "<" not in out and ">" not in out and '"' not in out and "'" not in out
    out.encode("utf-8")
    assert len(clean(value)) <= MAX_VALUE_CHARS + 60


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(min_size=1, max_size=200))
def test_any_computer_name_renders_as_its_own_text(name: str) -> None:
    snapshot = Snapshot(
        source=SourceInfo(kind="bundle", path="x"),
        manifest=Manifest.model_validate(
            {
                "format": "esr-bundle",
                "version": 1,
                "created": "2026-11-25T09:14:03+01:00",
                "computer": name,
            }
        ),
    )
    page = render_html(snapshot, [], generated=NOW)
    parsed = parse(page)
    assert "script" not in parsed.tags
    assert clean(name) in "".join(parsed.text) or not name.strip()
