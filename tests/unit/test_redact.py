"""Redaction of real samples packed into bundles (and the demo bundles when present).

After redaction no UPN, e-mail, SID, non-well-known GUID, thumbprint or computer name of the
original may remain in any member, decoded properly; tokens are consistent; and the bundle
still says the same things to diagnosis.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from esr_gui.core.bundle.reader import bundle_from_members, open_bundle
from esr_gui.core.decoding import decode_text
from esr_gui.core.diagnose import diagnose
from esr_gui.core.dsreg_facts import DsregFacts
from esr_gui.core.models.snapshot import Snapshot
from esr_gui.core.redaction.members import redact_bundle, redact_members
from esr_gui.core.redaction.tokens import WELL_KNOWN_GUIDS
from esr_gui.core.snapshot_builder import snapshot_from_bundle
from tests.conftest import DSREG_SAMPLES, REPO, SAMPLES
from tests.unit import leak_scan

REG_FIXTURES = REPO / "tests" / "data" / "reg"
DEMO = REPO / "resources" / "demo"
EMAIL = re.compile(r"[\w.%+'-]+@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}")
SID = re.compile(r"S-1-(?:5-21(?:-\d+){3}|12-1(?:-\d+){4})", re.IGNORECASE)
GUID = re.compile(
    r"(?<![0-9A-Za-z-])[0-9A-Fa-f]{8}(?:-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}(?![0-9A-Za-z-])"
)
THUMB = re.compile(r"(?<![0-9A-Za-z])[0-9A-Fa-f]{40}(?![0-9A-Za-z])")
PROVIDER_GUID = re.compile(r"Guid=['\"]\{?([0-9A-Fa-f-]{36})")
COMPUTER = re.compile(r"<Computer>([^<]+)</Computer>")
SYNC_KEY = "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\SettingSync"
LOGONUI_KEY = "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Authentication\\LogonUI"


def manifest(**extra: object) -> bytes:
    data = {"format": "esr-bundle", "version": 1, "created": "2026-11-25T09:14:03+01:00"}
    return json.dumps({**data, **extra}).encode()


def sample_members(dsregcmd: Path | None = None, *, utf16: bool = False) -> dict[str, bytes]:
    """A bundle made of the shared samples: every registry fixture and event file."""
    problem = {"description": "jdoe@contoso.com cannot sync"}
    notes = "Called by John Doe (jdoe@contoso.com) from PC-0042.\r\n"
    members = {
        "manifest.json": manifest(computer="PC-0042", user="CONTOSO\\jdoe", problem=problem),
        "whoami-upn.txt": b"John.Doe@Contoso.com\r\n",
        "notes.txt": notes.encode("utf-16"),
    }
    if dsregcmd is not None:
        text = dsregcmd.read_bytes()
        members["dsregcmd-status.txt"] = text.decode("utf-8").encode("utf-16") if utf16 else text
    for reg in sorted(REG_FIXTURES.glob("*.reg")):
        members[f"registry/{reg.name}"] = reg.read_bytes()
    for event in sorted((SAMPLES / "events").iterdir()):
        name = event.name.split("_", 1)[-1] if event.name.startswith("tugix") else event.name
        members[f"events/{name}"] = event.read_bytes()
    return members


def demo_bundles() -> list[Path]:
    return (
        sorted(p for p in DEMO.iterdir() if (p / "manifest.json").exists()) if DEMO.is_dir() else []
    )


def texts(members: dict[str, bytes]) -> dict[str, str]:
    """Every member decoded as Windows wrote it (.evtx through the evtx parser's XML)."""
    out: dict[str, str] = {}
    for name, data in members.items():
        if name.lower().endswith(".evtx"):
            from esr_gui.core.parse.events_evtx import parse_evtx
            from esr_gui.core.parse.events_write import events_to_xml

            out[name] = events_to_xml(parse_evtx(data, origin=name).events)
        else:
            out[name] = decode_text(data)
    return out


def originals(members: dict[str, bytes]) -> dict[str, set[str]]:
    """What must disappear, found independently of the redactor."""
    found: dict[str, set[str]] = {
        "email": set(),
        "sid": set(),
        "guid": set(),
        "thumb": set(),
        "computer": set(),
    }
    keep = set(WELL_KNOWN_GUIDS)
    for text in texts(members).values():
        keep |= {g.upper() for g in PROVIDER_GUID.findall(text)}
    for text in texts(members).values():
        found["email"] |= set(EMAIL.findall(text))
        found["sid"] |= {s.upper() for s in SID.findall(text)}
        found["guid"] |= {g.upper() for g in GUID.findall(text)} - keep
        found["thumb"] |= {t.upper() for t in THUMB.findall(text)}
        found["computer"] |= {c.strip() for c in COMPUTER.findall(text)}
    found["computer"] |= {"PC-0042"}
    found["upn"] = {"John.Doe@Contoso.com"}
    return found


def assert_no_spelling_leaks(before: dict[str, bytes], after: dict[str, bytes]) -> None:
    """The leak scanner: no original identifier in any spelling, in any byte or member name."""
    decoded = {
        (f"{n}.xml" if n.lower().endswith(".evtx") else n): t.encode("utf-8", "surrogatepass")
        for n, t in texts(before).items()
    }
    wanted = leak_scan.needles(leak_scan.identifiers(decoded, WELL_KNOWN_GUIDS))
    blobs: dict[str, bytes] = {}
    for name, data in after.items():
        blobs |= leak_scan.member_blobs(name, data)
        blobs[f"<name of {name}>"] = name.encode("utf-8")
    assert leak_scan.leaks(blobs, wanted) == []


def assert_nothing_remains(before: dict[str, bytes], after: dict[str, bytes]) -> None:
    assert_no_spelling_leaks(before, after)
    gone = originals(before)
    for name, text in texts(after).items():
        upper = text.upper()
        for kind, values in gone.items():
            for value in values:
                assert value.upper() not in upper, f"{kind} {value!r} remains in {name}"
        if name.endswith(".reg") and name in before:
            assert after[name][:2] == before[name][:2], f"{name} changed its encoding"


def snap(members: dict[str, bytes]) -> Snapshot:
    return snapshot_from_bundle(bundle_from_members(members, label="test"))


def facts(snapshot: Snapshot) -> dict[str, object]:
    """What diagnosis reads, minus the personal values themselves."""
    out: dict[str, object] = {
        "build": str(snapshot.os_build) if snapshot.os_build else None,
        "upn_mixed_case": snapshot.upn != snapshot.upn.lower() if snapshot.upn else None,
        "events": sorted((e.channel, e.event_id, e.error_codes, e.level) for e in snapshot.events),
        "channels": sorted((c.channel, c.state, c.count) for c in snapshot.channels),
        "registry_keys": len(snapshot.registry.keys),
        "user_sids": len(snapshot.registry.user_sids()),
        "problems": len(snapshot.problems),
        "sync_policy": snapshot.registry.value(SYNC_KEY, "SyncPolicy"),
        "provider": snapshot.registry.value(LOGONUI_KEY, "LastLoggedOnProvider"),
    }
    if snapshot.dsregcmd is not None:
        d = DsregFacts.from_status(snapshot.dsregcmd)
        out |= {
            "join_type": d.join_type,
            "wam": (d.wam_default_set, d.wam_is_azure_ad),
            "prt": d.azure_ad_prt,
            "settings_url": [
                (u.field, u.is_empty, u.endpoints, u.error is None) for u in d.all_settings_urls
            ],
            "tenant_id_present": bool(d.tenant_id),
            "error_codes": (d.client_error_code, d.server_error_code, d.attempt_status),
            "sections": [(s.name, len(s.fields)) for s in snapshot.dsregcmd.sections],
            "upn_candidates": len(d.upn_candidates),
        }
    return out


def verdicts(snapshot: Snapshot) -> list[tuple[str, str]]:
    return sorted((f.id, f.status) for f in diagnose(snapshot))


CASES = [pytest.param(p, False, id=p.name[:2]) for p in DSREG_SAMPLES] + [
    pytest.param(DSREG_SAMPLES[3], True, id="04-utf16")
]


REALWORLD = sorted((REPO / "tests" / "data" / "realworld" / "dsregcmd").glob("*.txt"))
CASES += [pytest.param(p, False, id=p.stem[:24]) for p in REALWORLD]


@pytest.mark.parametrize(("dsregcmd", "utf16"), CASES)
def test_samples_leave_nothing_personal_and_keep_every_fact(dsregcmd: Path, utf16: bool) -> None:
    members = sample_members(dsregcmd, utf16=utf16)
    redacted = redact_members(members)
    after = redacted.all_members()
    assert_nothing_remains(members, after)
    assert redacted.manifest.redacted is True
    assert facts(snap(after)) == facts(snap(members))
    assert verdicts(snap(after)) == verdicts(snap(members))


def test_tokens_are_consistent_and_keep_their_shape() -> None:
    redacted = redact_members(sample_members(DSREG_SAMPLES[7]))
    after = texts(redacted.all_members())
    logonui = after["registry/hklm-logonui.reg"]
    cdj = after["registry/hklm-clouddomainjoin.reg"]
    user_sid = re.search(r'"LastLoggedOnUserSID"="([^"]+)"', logonui).group(1)  # type: ignore[union-attr]
    assert re.fullmatch(r"S-1-5-21-0-0-\d+-1001", user_sid)
    assert f"[HKEY_USERS\\{user_sid}\\Software" in after["registry/hku-user-settingsync.reg"]
    account = re.search(r'"LastLoggedOnUser"="([^"]+)"', logonui).group(1)  # type: ignore[union-attr]
    assert re.search(rf'"LoggedOnUser"="{re.escape(account)}"', logonui)
    domain, user = account.split("\\\\")
    assert re.fullmatch(r"DOMAIN\d+", domain) and re.fullmatch(r"user\d+", user)
    tenant = re.search(r'"TenantId"="([^"]+)"', cdj).group(1)  # type: ignore[union-attr]
    assert re.fullmatch(r"00000000-0000-0000-0000-\d{12}", tenant)
    assert f"TenantInfo\\{tenant}]" in cdj
    thumb = re.search(r"JoinInfo\\([0-9A-Fa-f]{40})\]", cdj)
    assert thumb is not None
    email = re.search(r'"UserEmail"="([^"]+)"', cdj).group(1)  # type: ignore[union-attr]
    assert re.fullmatch(r"user\d+@redacted\d*\.invalid", email)
    assert "{D6886603-9D2F-4EB2-B667-1971041FA96B}" in logonui  # credential provider kept
    assert '"LastLoggedOnDisplayName"="Person 1"' in logonui
    assert (
        after["whoami-upn.txt"].strip().startswith("User")
    )  # mixed case survives: John.Doe → User1
    assert after["whoami-upn.txt"].strip() != after["whoami-upn.txt"].strip().lower()


def test_wam_provider_guid_survives_in_dsregcmd() -> None:
    redacted = redact_members(sample_members(DSREG_SAMPLES[3]))
    text = decode_text(redacted.members["dsregcmd-status.txt"])
    assert "B16898C6-A148-4967-9171-64D755DA8520" in text
    assert "e92325d0-7ac4-4714-88a1-94ae875d5245" not in text.lower()


def test_evtx_members_become_xml_and_binary_members_are_left_out() -> None:
    members = sample_members(None)
    members["attachment.bin"] = bytes(range(256)) * 4
    redacted = redact_members(members)
    names = set(redacted.members)
    assert not any(n.endswith(".evtx") for n in names)
    assert "events/Microsoft-Windows-AAD%4Operational.xml" in names
    assert "attachment.bin" not in names and "attachment.bin" in redacted.report.dropped
    assert redacted.report.converted


def test_report_counts_kinds_and_never_holds_originals() -> None:
    members = sample_members(DSREG_SAMPLES[6])
    report = redact_members(members).report
    dumped = report.model_dump_json()
    for values in originals(members).values():
        for value in values:
            assert value.upper() not in dumped.upper()
    assert (
        report.values["sid"] >= 1 and report.values["upn"] >= 1 and report.values["computer"] >= 1
    )
    assert report.replacements["sid"] >= report.values["sid"]
    assert "replaced" in report.summary()


def test_redacting_twice_is_stable_and_untouched_text_is_byte_identical() -> None:
    members = {
        "manifest.json": manifest(),
        "notes.txt": "nothing personal here\r\n".encode("utf-16"),
    }
    once = redact_members(members)
    assert once.members["notes.txt"] == members["notes.txt"]
    assert once.report.summary() == "nothing personal was found"
    reg = (REG_FIXTURES / "hklm-currentversion-1607.reg").read_bytes()
    assert (
        redact_members({"manifest.json": manifest(), "registry/cv.reg": reg}).members[
            "registry/cv.reg"
        ]
        == reg
    )


def test_hex_encoded_strings_in_reg_files_are_redacted_and_rewrapped() -> None:
    from esr_gui.core.models.registry import RegKey, RegValue
    from esr_gui.core.parse.regfile import parse_reg_file
    from esr_gui.core.parse.regfile_write import format_reg_file

    sid = "S-1-5-21-1004336348-1177238915-682003330-1001"
    key = RegKey(
        path=f"HKU\\{sid}\\Environment",
        values=[
            RegValue(name="Home", type="REG_EXPAND_SZ", data="C:\\Users\\jdoe\\%APPDATA%"),
            RegValue(name="Mail", type="REG_MULTI_SZ", data=["jdoe@contoso.com", "x"]),
        ],
    )
    members = {
        "manifest.json": manifest(user="CONTOSO\\jdoe"),
        "registry/env.reg": format_reg_file([key]),
    }
    out = redact_members(members).members["registry/env.reg"]
    parsed = parse_reg_file(out, "env.reg").keys[0]
    assert parsed.path.startswith("HKU\\S-1-5-21-0-0-")
    assert parsed.value("Home").data == "C:\\Users\\user1\\%APPDATA%"  # type: ignore[union-attr]
    assert parsed.value("Mail").data[0].startswith("user1@")  # type: ignore[union-attr, index]
    assert out == format_reg_file([parsed])  # wrapped exactly like reg export


def test_unknown_manifest_keys_are_redacted_too() -> None:
    members = {"manifest.json": manifest(computer="PC-0042", technician="jdoe@contoso.com")}
    redacted = redact_members(members)
    assert "contoso" not in json.dumps(redacted.manifest.model_dump(mode="json"))


@pytest.fixture(params=demo_bundles(), ids=lambda p: p.name)
def demo(request: pytest.FixtureRequest) -> Iterator[Path]:
    yield request.param


@pytest.mark.skipif(not demo_bundles(), reason="no demo bundles in resources/demo yet")
def test_demo_bundles_redact_cleanly(demo: Path, tmp_path: Path) -> None:
    with open_bundle(demo) as bundle:
        members = {name: bundle.read(name) for name in bundle.names()}
        redacted = redact_bundle(bundle)
    written = redacted.save(tmp_path / "redacted.zip")
    with open_bundle(written) as reopened:
        after = {name: reopened.read(name) for name in reopened.names()}
        assert reopened.manifest.redacted is True
    assert_nothing_remains(members, after)
    assert facts(snap(after)) == facts(snap(members))
    assert verdicts(snap(after)) == verdicts(snap(members))


def test_short_names_in_fields_known_to_hold_them_are_still_replaced() -> None:
    log = {"format": "esr-capture-log", "context": {"computer": "VM", "user": "VM\\root"}}
    members = {
        "manifest.json": manifest(computer="VM", user="VM\\root"),
        "capture.json": json.dumps(log, indent=2).encode(),
    }
    redacted = redact_members(members)
    assert redacted.manifest.computer == "PC-0001"
    assert redacted.manifest.user == "DOMAIN1\\user1"
    context = json.loads(redacted.members["capture.json"])["context"]
    assert context == {"computer": "PC-0001", "user": "DOMAIN1\\user1"}


SECRET_EMAIL = "Jane.Roe@fabrikam.com"
SECRET_GUID = "3f2504e0-4f89-41d3-9a0c-0305e82c3301"
SECRET_SID = "S-1-5-21-3623811015-3361044348-30300820-1013"
_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=200)


@settings(max_examples=150, deadline=None)
@given(
    before=_TEXT,
    between=_TEXT,
    after=_TEXT,
    encoding=st.sampled_from(["utf-8", "utf-16", "utf-16-le"]),
)
def test_embedded_values_never_survive_whatever_surrounds_them(
    before: str, between: str, after: str, encoding: str
) -> None:
    text = f"{before} {SECRET_EMAIL} {between} {{{SECRET_GUID}}} {SECRET_SID} {after}"
    data = text.encode(encoding)
    out = redact_members({"manifest.json": manifest(), "notes.txt": data}).members["notes.txt"]
    decoded = decode_text(out).upper()
    for secret in (SECRET_EMAIL, SECRET_GUID, SECRET_SID):
        assert secret.upper() not in decoded
    assert out[:2] == data[:2] or encoding == "utf-8"


@settings(max_examples=100, deadline=None)
@given(data=st.binary(max_size=3000))
def test_garbage_members_never_break_redaction(data: bytes) -> None:
    members = {
        "manifest.json": manifest(computer="PC-0042"),
        "dsregcmd-status.txt": data,
        "whoami-upn.txt": data,
        "registry/x.reg": b"\xff\xfe" + data,
        "events/x.xml": data,
        "capture.json": data,
    }
    redacted = redact_members(members)
    assert redacted.manifest.redacted is True
