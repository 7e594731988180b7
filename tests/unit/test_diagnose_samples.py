"""Every shared real sample gives a sensible verdict (dsregcmd texts and event exports)."""

from __future__ import annotations

import pytest

from esr_gui.core.bundle.reader import bundle_from_members
from esr_gui.core.diagnose import FINDING_IDS, Diagnosis, run_diagnosis
from esr_gui.core.snapshot_builder import snapshot_from_bundle, snapshot_from_dsregcmd
from tests.conftest import DSREG_SAMPLES, sample
from tests.unit.diagnose_support import members

AAD_FILE = "events/Microsoft-Windows-AAD%4Operational"


def dsreg_sample(prefix: str) -> Diagnosis:
    path = sample(prefix)
    return run_diagnosis(snapshot_from_dsregcmd(path.read_bytes(), str(path)))


def events_bundle(files: dict[str, str]) -> Diagnosis:
    data = members()
    data.update({member: sample(prefix, "events").read_bytes() for member, prefix in files.items()})
    return run_diagnosis(snapshot_from_bundle(bundle_from_members(data, label="samples")))


@pytest.mark.parametrize("path", DSREG_SAMPLES, ids=lambda p: p.name[:12])
def test_every_dsregcmd_sample_gives_every_finding_without_crashing(path: object) -> None:
    result = run_diagnosis(snapshot_from_dsregcmd(path.read_bytes(), str(path)))  # type: ignore[attr-defined]
    assert [f.id for f in result.findings] == list(FINDING_IDS)
    assert not [f.id for f in result.findings if "could not run" in f.title]
    assert result.headline.text


@pytest.mark.parametrize(
    ("prefix", "finding_id", "status"),
    [
        ("01", "prereq.device-joined", "fail"),
        ("01", "reg.wam-not-set", "fail"),
        ("02", "sync.settings-page-disabled", "fail"),
        ("02", "reg.settings-url-empty", "fail"),
        ("02", "reg.status", "fail"),
        ("02", "prereq.device-joined", "pass"),
        ("03", "prereq.device-joined", "fail"),
        ("03", "prereq.esr-enabled", "not-applicable"),
        ("04", "reg.status", "pass"),
        ("04", "prereq.esr-enabled", "pass"),
        ("05", "sync.settings-page-disabled", "fail"),
        ("07", "prereq.device-joined", "fail"),
        ("10", "reg.settings-url-empty", "fail"),
        ("10", "reg.status", "unknown"),
        ("14", "reg.settings-url-empty", "fail"),
        ("14", "reg.status", "pass"),
        ("15", "prereq.device-joined", "fail"),
        ("15", "sync.same-account", "warn"),
        ("16", "prereq.device-joined", "unknown"),
    ],
)
def test_sample_verdicts(prefix: str, finding_id: str, status: str) -> None:
    assert dsreg_sample(prefix).get(finding_id).status == status


def test_sample_01_system_context_is_recognised() -> None:
    result = dsreg_sample("01")
    joined = result.get("prereq.device-joined")
    assert any("DSREG_AUTOJOIN_ADCONFIG_READ_FAILED" in e.note for e in joined.evidence)
    assert result.headline.finding_id == "join.stage"
    assert "service connection point" in result.headline.action


def test_sample_02_flat_1607_layout_headline() -> None:
    result = dsreg_sample("02")
    assert result.headline.finding_id == "sync.settings-page-disabled"
    prt = [e for e in result.get("sync.settings-page-disabled").evidence if e.field == "AzureAdPrt"]
    assert prt and "User State" in prt[0].note  # the 1607 layout keeps AzureAdPrt in User State


def test_sample_03_not_joined_headline_beats_wam() -> None:
    result = dsreg_sample("03")
    assert result.get("reg.status").status == "fail"
    assert result.headline.finding_id == "prereq.device-joined"


@pytest.mark.parametrize(
    "prefix",
    [
        "ormasoftchile-evtx-viewer_tests-test_data-sample.evtx",
        "ormasoftchile-evtx-viewer_tests-test_data-sample.xml",
        "tugix456-randaodcxjj_Microsoft-Windows-AAD%4Operational.evtx",
        "tugix456-randaodcxjj_Microsoft-Windows-AAD%4Operational.rendered",
    ],
)
def test_aad_exports_with_caa5001c_raise_the_1098_known_issue(prefix: str) -> None:
    suffix = ".evtx" if prefix.endswith(".evtx") else ".xml"
    result = events_bundle({AAD_FILE + suffix: prefix})
    found = result.get("ki.event-1098-token-broker")
    assert found.status == "fail"
    cited = [e for e in found.evidence if e.event_id == 1098]
    assert cited and all(e.record_id is not None and e.time is not None for e in cited)
    # An events-only capture: the headline asks for dsregcmd /status, and names the 1098.
    assert result.headline.finding_id == "input.dsregcmd"
    assert "ki.event-1098-token-broker" in result.headline.related


def test_aad_sample_inner_codes_are_explained() -> None:
    result = events_bundle(
        {AAD_FILE + ".evtx": "ormasoftchile-evtx-viewer_tests-test_data-sample.evtx"}
    )
    assert "ERROR_ADAL_INTERNET_TIMEOUT" in result.get("ki.event-1098-token-broker").explanation


def test_settingsync_debug_export_without_6065_does_not_apply() -> None:
    prefix = "tugix456-randaodcxjj_Microsoft-Windows-SettingSync%4"
    files = {
        "events/Microsoft-Windows-SettingSync%4Debug.evtx": prefix + "Debug.evtx",
        "events/Microsoft-Windows-SettingSync%4Operational.evtx": prefix + "Operational.EMPTY",
    }
    result = events_bundle(files)
    assert result.get("ki.event-6065-account-disabled").status == "not-applicable"
    assert "55 events" in result.get("ki.event-6065-account-disabled").explanation


def test_udr_export_of_a_personal_pc_changes_nothing_it_should_not() -> None:
    udr = "tugix456-randaodcxjj_Microsoft-Windows-User Device Registration%4Admin.evtx"
    result = events_bundle({"events/Microsoft-Windows-User Device Registration%4Admin.evtx": udr})
    assert result.get("mfa.adfs-token-expired").status == "unknown"
    assert not [f for f in result.findings if f.status == "fail"]
