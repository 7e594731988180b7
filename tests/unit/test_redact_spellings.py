"""Redaction catches every spelling: an identifier written URL-encoded, JSON-escaped, as XML
character references, as a GUID without dashes or in braces, as a thumbprint in pairs, as UTF-16
inside REG_BINARY values (both .reg formats), in a profile folder or a member's name is gone from
every output byte, and gets the same stand-in as its plain spelling."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from esr_gui.core.bundle.reader import open_bundle
from esr_gui.core.decoding import decode_text
from esr_gui.core.parse.regfile import parse_reg_file
from esr_gui.core.redaction.escapes import escaped_view, substitute
from esr_gui.core.redaction.freetext import REMOVED_NOTE, screen
from esr_gui.core.redaction.members import redact_bundle, redact_members
from esr_gui.core.redaction.text import TextRedactor
from esr_gui.core.redaction.tokens import WELL_KNOWN_GUIDS
from tests.unit import leak_scan
from tests.unit.redact_support import (
    COMPUTER,
    EXTRA_MEMBER,
    FOLDER,
    THUMB,
    spelled_members,
    spelled_zip,
)
from tests.unit.test_redact import demo_bundles, facts, manifest, snap, verdicts


def redacted_zip(tmp_path: Path, source: Path) -> Path:
    with open_bundle(source) as bundle:
        redacted = redact_bundle(bundle)
    return redacted.save(tmp_path / "redacted.zip")


def test_the_scanner_finds_every_planted_spelling_in_the_original(tmp_path: Path) -> None:
    source = spelled_zip(tmp_path / "in.zip")
    found = leak_scan.identifiers(spelled_members(), WELL_KNOWN_GUIDS)
    assert {COMPUTER, FOLDER, THUMB, "jdoe@contoso.com"} <= set(found)
    said = "\n".join(leak_scan.leaks(leak_scan.zip_blobs(source), leak_scan.needles(found)))
    for spelled in (
        "%40",
        "\\\\u0040",
        "&#64;",
        "&#106;doe",
        "&#80;&#67;",
        "3a 7f 1c",
        "3a:7f:1c",
        "'5f1c9d1e7b3a4c2e9a510d6e8b4c2f10'",
        "'8d3f6a2b-1c4e-4f7a-9b0d-2e5c7a9f1b34' in notes.txt",
    ):
        assert spelled.lower() in said.lower(), spelled
    assert f"in <name of {EXTRA_MEMBER}>" in said
    assert "in <zip comment>" in said
    assert "spelled 'jdoe@contoso.com' in registry/identity-cache.reg (decoded)" not in said
    assert "in registry/identity-cache.reg (hex joined)" in said  # UTF-16 in hex: only
    assert "in registry/identity-cache-ansi.reg (hex joined)" in said  # fmt: skip


def test_no_spelling_of_any_identifier_is_left_in_any_output_byte(tmp_path: Path) -> None:
    members = spelled_members()
    written = redacted_zip(tmp_path, spelled_zip(tmp_path / "in.zip"))
    wanted = leak_scan.needles(leak_scan.identifiers(members, WELL_KNOWN_GUIDS))
    assert leak_scan.leaks(leak_scan.zip_blobs(written), wanted) == []


def test_every_spelling_gets_the_stand_in_of_its_plain_spelling() -> None:
    out = redact_members(spelled_members())
    notes = decode_text(out.members["notes.txt"])
    cdj = decode_text(out.members["registry/clouddomainjoin.reg"])
    tenant = next(line for line in cdj.splitlines() if '"TenantId"=' in line).split('"')[3]
    upn = decode_text(out.members["whoami-upn.txt"]).strip()
    assert f"login_hint={upn.replace('@', '%40')}&tenant={tenant.replace('-', '')}" in notes
    assert f"tenant {tenant.replace('-', '').upper()}" in notes
    thumb = next(line for line in cdj.splitlines() if "JoinInfo\\" in line).split("\\")[-1][:40]
    pairs = [thumb[i : i + 2] for i in range(0, 40, 2)]
    assert " ".join(pairs) in notes and ":".join(pairs) in notes
    log = json.loads(out.members["logs/signin.json"])
    assert log["account"] == upn and log["device"].startswith(out.manifest.computer.lower())  # type: ignore[union-attr]
    xml = decode_text(out.members["logs/agent.xml"])
    assert f"<user>{upn.replace('@', '&#64;')}</user>" in xml
    assert f"<alt>{upn.replace('@', '&#x40;')}</alt>" in xml
    assert f"notes/{out.manifest.computer}-extra.txt" in out.members


def test_binary_values_keep_their_layout_around_the_replaced_text() -> None:
    out = redact_members(spelled_members())
    upn = decode_text(out.members["whoami-upn.txt"]).strip()
    for name in ("registry/identity-cache.reg", "registry/identity-cache-ansi.reg"):
        cached = parse_reg_file(out.members[name], name).keys[-1].value("Cached")
        assert cached is not None and isinstance(cached.data, str)
        data = bytes.fromhex(cached.data)
        assert upn.encode("utf-16-le") in data and data.endswith(b"\0\0\x01\0\0\0\x7f")
    home = parse_reg_file(out.members["registry/identity-cache-ansi.reg"], "a").keys[0].values
    assert re.fullmatch(r"(?i)C:\\Users\\user\d+\.Tenant\d+", str(home[-1].data)), home[-1].data


def test_free_text_that_names_people_is_removed_with_a_note() -> None:
    out = redact_members(spelled_members())
    assert out.manifest.problem.users_affected == REMOVED_NOTE
    assert out.manifest.problem.devices_affected == "this device; others not checked"
    assert out.manifest.problem.description.endswith(f"cannot sync on {out.manifest.computer}")
    assert "free text removed from the manifest (users affected)" in out.report.summary()
    assert screen("all users of the team, 12 devices") is not None
    assert screen("Jane and user3") is None


def test_diagnosis_of_the_spelled_bundle_is_unchanged() -> None:
    members = spelled_members()
    after = redact_members(members).all_members()
    assert facts(snap(after)) == facts(snap(members))
    assert verdicts(snap(after)) == verdicts(snap(members))


@pytest.mark.parametrize("demo", demo_bundles(), ids=lambda p: p.name)
def test_demo_bundles_leak_no_spelling(demo: Path, tmp_path: Path) -> None:
    with open_bundle(demo) as bundle:
        members = {name: bundle.read(name) for name in bundle.names()}
    written = redacted_zip(tmp_path, demo)
    wanted = leak_scan.needles(leak_scan.identifiers(members, WELL_KNOWN_GUIDS))
    assert leak_scan.leaks(leak_scan.zip_blobs(written), wanted) == []


SECRET = "Jane.Roe@fabrikam.com"
SECRET_TENANT = "3f2504e0-4f89-41d3-9a0c-0305e82c3301"
_AROUND = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)
_SPELL = st.sampled_from(
    [
        lambda v: v,
        lambda v: v.replace("@", "%40"),
        lambda v: v.replace("@", "\\u0040"),
        lambda v: v.replace("@", "&#64;"),
        lambda v: "&#74;" + v[1:],
        lambda v: "".join(f"&#x{ord(c):x};" for c in v),
    ]
)


@settings(max_examples=150, deadline=None)
@given(before=_AROUND, after=_AROUND, spell=_SPELL, encoding=st.sampled_from(["utf-8", "utf-16"]))
def test_a_spelled_value_never_survives_whatever_surrounds_it(
    before: str, after: str, spell: Callable[[str], str], encoding: str
) -> None:
    text = f"{before} {spell(SECRET)} {SECRET_TENANT.replace('-', '').upper()} {after}"
    members = {"manifest.json": manifest(), "notes.txt": text.encode(encoding)}
    out = redact_members(members).members["notes.txt"]
    wanted = leak_scan.needles({SECRET: "email", SECRET_TENANT: "guid"})
    assert leak_scan.leaks(leak_scan.member_blobs("notes.txt", out), wanted) == []


def test_text_without_a_match_comes_back_byte_identical_escapes_and_all() -> None:
    text = "Microsoft-Windows-User Device Registration%4Admin.evtx &#13;&#10; \\u00e9 %7E%41"
    assert substitute(text, re.compile(r"(?!x)x"), lambda m: "") == text
    view = escaped_view(text)
    assert view is not None and "%4Admin" in view.text and "%41" in view.text
    assert "\r\n" in view.text and "é" in view.text and "~" in view.text
    redactor = TextRedactor()
    redactor.add_host("FAB-LT-7781")
    assert redactor.redact(text + " FAB-LT-7781-extra.txt") == text + " PC-0001-extra.txt"
