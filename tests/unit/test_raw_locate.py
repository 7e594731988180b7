"""The raw view's core: each piece of evidence is found on the line of the raw text that
prints it (dsregcmd fields, .reg values and keys, event records), for bundles and pastes."""

from __future__ import annotations

import pytest

from esr_gui.core.bundle.reader import open_bundle
from esr_gui.core.diagnose import run_diagnosis
from esr_gui.core.models.dsreg import normalize_key
from esr_gui.core.models.findings import Evidence
from esr_gui.core.models.snapshot import Snapshot
from esr_gui.core.raw import RawCapture, build_raw, locate
from esr_gui.core.raw.build import MAX_MEMBER_CHARS
from esr_gui.core.snapshot_builder import load_snapshot, snapshot_from_dsregcmd
from esr_gui.resources import demo_dir, demo_names


def demo(name: str) -> tuple[Snapshot, RawCapture]:
    path = demo_dir() / name
    snapshot = load_snapshot(path, kind="demo", name=name)
    with open_bundle(path) as bundle:
        members = {n: bundle.read(n) for n in bundle.names()}
    return snapshot, build_raw(snapshot, members)


def line_of(raw: RawCapture, member: str, line: int) -> str:
    found = raw.member(member)
    assert found is not None
    return found.text.split("\n")[line - 1]


def all_evidence(snapshot: Snapshot) -> list[Evidence]:
    return [e for f in run_diagnosis(snapshot).findings for e in f.evidence]


@pytest.mark.parametrize("name", demo_names())
def test_every_dsregcmd_field_evidence_is_found_on_the_line_that_prints_it(name: str) -> None:
    snapshot, raw = demo(name)
    # a printed field says where ("section …, line …"); "sections"/"layout" are whole-text facts
    fields = [e for e in all_evidence(snapshot) if e.source == "dsregcmd" and "section " in e.note]
    assert fields, "the demo cites dsregcmd fields"
    for evidence in fields:
        found = locate(evidence, raw)
        assert found is not None, evidence
        text = line_of(raw, found.member, found.line)
        key, _, value = text.partition(":")
        assert normalize_key(key) == normalize_key(evidence.field), (evidence, text)
        printed = value.strip(" :")  # "KeySignTest: : PASSED" is how 1607 prints it
        # a value wrapped at the console width starts on this line and goes on below
        assert evidence.value.startswith(printed), (evidence, text)


@pytest.mark.parametrize("name", demo_names())
def test_registry_values_and_events_are_found_on_their_own_line(name: str) -> None:
    snapshot, raw = demo(name)
    for evidence in all_evidence(snapshot):
        found = locate(evidence, raw)
        if evidence.source == "registry" and found is not None:
            text = line_of(raw, found.member, found.line)
            label = evidence.field.rpartition("\\")[2]
            wanted = "@=" if label == "(Default)" else f'"{label.lower()}"='
            assert text.lower().startswith((wanted, "[")), (evidence, text)
            if evidence.value != "(not set)" and text.startswith('"'):
                assert text.lower().startswith(wanted)
        if evidence.source == "event" and evidence.record_id is not None:
            assert found is not None, evidence
            head = line_of(raw, found.member, found.line)
            assert head.startswith(f"Record {evidence.record_id} · Event {evidence.event_id}")


def test_a_registry_value_points_at_its_value_line_and_a_missing_one_at_nothing() -> None:
    _, raw = demo("hybrid-not-registered")
    value = Evidence(
        source="registry",
        field=r"HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\CurrentBuild",
        value="19045",
    )
    found = locate(value, raw)
    assert found is not None
    assert found.member == "registry/currentversion.reg"
    assert line_of(raw, found.member, found.line).startswith('"CurrentBuild"=')
    absent = Evidence(source="registry", field=r"HKLM\SOFTWARE\Nowhere\Value", value="(not set)")
    assert locate(absent, raw) is None
    assert locate(Evidence(source="system", field="system.json elevated"), raw) is None


def test_an_hkcu_value_exported_from_hkey_users_is_found() -> None:
    reg = (
        "Windows Registry Editor Version 5.00\r\n\r\n"
        "[HKEY_USERS\\S-1-5-21-1-2-3-1001\\Software\\Microsoft\\Windows\\CurrentVersion\\"
        'SettingSync]\r\n"SyncPolicy"=dword:00000005\r\n'
    ).encode("utf-16")
    snapshot = Snapshot.model_validate({"source": {"kind": "bundle"}})
    raw = build_raw(snapshot, {"registry/user.reg": reg})
    evidence = Evidence(
        source="registry",
        field=r"HKCU\Software\Microsoft\Windows\CurrentVersion\SettingSync\SyncPolicy",
    )
    found = locate(evidence, raw)
    assert found is not None
    assert (found.member, found.line) == ("registry/user.reg", 4)


PASTED = (
    "Here is what the user sent me:\n"
    "\n"
    "+----------------------------------------------------------------------+\n"
    "| Device State                                                         |\n"
    "+----------------------------------------------------------------------+\n"
    "\n"
    "             AzureAdJoined : NO\n"
    "          EnterpriseJoined : NO\n"
    "              DomainJoined : YES\n"
    "                DomainName : CONTOSO\n"
)


def test_a_pasted_text_keeps_its_own_line_numbers() -> None:
    snapshot = snapshot_from_dsregcmd(PASTED.encode(), None, kind="pasted")
    raw = build_raw(snapshot, {"dsregcmd-status.txt": PASTED.encode()})
    assert raw.members[0].text == PASTED.rstrip("\n")
    joined = next(e for e in all_evidence(snapshot) if e.field == "AzureAdJoined")
    found = locate(joined, raw)
    assert found is not None
    assert (found.member, found.line) == ("dsregcmd-status.txt", 7)
    # without the parser's line in the note, the section and key still find it
    bare = Evidence(source="dsregcmd", field="DomainJoined", value="YES")
    assert locate(bare, raw) == type(found)("dsregcmd-status.txt", 9)


def test_a_text_too_long_to_show_is_cut_and_says_how_much() -> None:
    snapshot = Snapshot.model_validate({"source": {"kind": "bundle"}})
    big = ("[HKEY_LOCAL_MACHINE\\SOFTWARE\\X]\n" + "x" * (MAX_MEMBER_CHARS + 10)).encode()
    raw = build_raw(snapshot, {"registry/big.reg": big})
    member = raw.members[0]
    assert len(member.text) == MAX_MEMBER_CHARS
    assert member.cut == len(big) - MAX_MEMBER_CHARS
    assert member.regions["key:hklm\\software\\x"] == 1


def test_events_without_a_record_id_are_found_by_id_and_time() -> None:
    snapshot, _ = demo("event-1098-token-broker")
    events = [e.model_copy(update={"record_id": None}) for e in snapshot.events]
    raw = build_raw(snapshot.model_copy(update={"events": events}))
    event = events[-1]
    evidence = Evidence(
        source="event", channel=event.channel, event_id=event.event_id, time=event.time
    )
    found = locate(evidence, raw)
    assert found is not None
    head = line_of(raw, found.member, found.line)
    assert head.startswith(f"Record (no id) · Event {event.event_id}")
