"""Red-team scenarios: bundles written byte by byte (scenario_bundles), judged through
`esr-diag check --bundle X --json`, for every finding id of contracts/findings.md.

Each test varies what a real device gives (layouts, encodings, code spellings, field names,
channels, builds at the thresholds, registry types, capture context, system.json gaps) and
checks status, evidence values, remedy ids and the headline.
"""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path
from typing import Any

import pytest

from esr_gui.cli import main
from esr_gui.core.diagnose import FINDING_IDS
from tests.unit.diagnose_support import (
    AAD,
    AZURE_DEBUG,
    CDJ,
    LOGONUI,
    MDM,
    MSA_GUID,
    PASSWORD,
    PIN,
    POLICY,
    SYNC_DEBUG,
    URL,
    USER_SYNC,
    WIP,
)
from tests.unit.scenario_bundles import (
    AZURE_OPERATIONAL,
    GROUPS,
    SMART_CARDS,
    SYNC_OPERATIONAL,
    TENANT,
    Dsreg,
    Ev,
    Scenario,
    build_key,
    toggles,
)

CV = build_key(19045, 4780)
TIMES = {"last_boot": "2026-11-25T07:00:00+01:00", "last_logon": "2026-11-25T07:05:00+01:00"}


class Doc:
    """The parsed `check --json` document and the exit code."""

    def __init__(self, doc: dict[str, Any], code: int) -> None:
        self.doc = doc
        self.code = code
        self.by_id = {f["id"]: f for f in doc["findings"]}

    def status(self, finding_id: str) -> str:
        """The status of one finding."""
        return str(self.by_id[finding_id]["status"])

    def values(self, finding_id: str) -> dict[str, str]:
        """Evidence of one finding as {field: value} (last one wins)."""
        return {e["field"]: e["value"] for e in self.by_id[finding_id]["evidence"]}

    def remedies(self, finding_id: str) -> list[str]:
        """The remedy ids of one finding."""
        return list(self.by_id[finding_id]["remedies"])

    @property
    def headline(self) -> str | None:
        """The finding id the headline names (None: calm)."""
        return self.doc["headline"]["finding_id"]


def check(tmp_path: Path, scenario: Scenario, name: str = "") -> Doc:
    """Write the scenario (to a fresh folder) and run `esr-diag check --bundle X --json`."""
    folder = tmp_path / (name or "bundle")
    while folder.exists():
        folder = folder.with_name(folder.name + "+")
    scenario.write(folder)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["check", "--bundle", str(folder), "--json"])
    doc = Doc(json.loads(out.getvalue()), code)
    assert [f["id"] for f in doc.doc["findings"]] == list(FINDING_IDS)
    statuses = {f["status"] for f in doc.doc["findings"]}
    unknown_input = doc.doc["findings"][0]["status"] in ("unknown", "warn")
    assert (doc.doc["state"] in ("FAIL", "UNKNOWN")) == ("fail" in statuses or unknown_input)
    assert code == (1 if doc.doc["state"] in ("FAIL", "UNKNOWN") else 0)
    return doc


def field_endswith(doc: Doc, finding_id: str, suffix: str) -> str:
    """The value of the evidence field ending in `suffix` (KeyError if absent)."""
    for name, value in doc.values(finding_id).items():
        if name.endswith(suffix):
            return value
    raise KeyError(
        f"{finding_id}: no evidence field ending in {suffix!r}: {doc.values(finding_id)}"
    )


def healthy(**changes: Any) -> Scenario:
    """A healthy Azure AD joined 22H2 device signed in with a PIN; `changes` override."""
    base: dict[str, Any] = {
        "registry": {"cv": CV, "logon": {LOGONUI: {"LastLoggedOnProvider": PIN}}, "u": toggles()},
        "events": {AAD: [], SYNC_DEBUG: []},
        "system": {**TIMES, "domain_controller_reachable": True, "wireless_adapter_present": False},
        "upn": "jdoe@contoso.com",
    }
    base.update(changes)
    return Scenario(**base)


# --- a healthy device, every layout and encoding ---------------------------------------------


@pytest.mark.parametrize("layout", ["sectioned", "flat"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
@pytest.mark.parametrize("regedit4", [False, True])
def test_healthy_device_is_calm(tmp_path: Path, layout: str, encoding: str, regedit4: bool) -> None:
    doc = check(tmp_path, healthy(layout=layout, dsreg_encoding=encoding, regedit4=regedit4))
    assert doc.code == 0 and doc.headline is None
    expected = {
        "prereq.os-build": "pass",
        "prereq.device-joined": "pass",
        "prereq.esr-enabled": "pass",
        "prereq.license": "manual",
        "prereq.restart-after-enable": "pass",
        "sync.policy-allows": "pass",
        "sync.user-toggles": "pass",
        "sync.settings-page-disabled": "not-applicable",
        "sync.two-device-test": "manual",
        "reg.status": "pass",
        "reg.wam-not-set": "not-applicable",
        "reg.settings-url-empty": "pass",
        "mfa.password-sign-in": "pass",
        "ki.smart-card-sign-in": "not-applicable",
        "ki.domain-offsite": "not-applicable",
        "ki.domain-date-time": "not-applicable",
    }
    assert {k: doc.status(k) for k in expected} == expected
    assert doc.values("reg.status")["AzureAdJoined"] == "YES"
    assert doc.values("reg.status")["WamDefaultGUID"].endswith("(AzureAd)")
    assert field_endswith(doc, "prereq.os-build", "CurrentBuild") == "19045"
    assert doc.remedies("sync.two-device-test") == [
        "remedy.lock-to-sync",
        "remedy.open-sync-settings",
    ]
    for finding_id in ("prereq.license", "sync.same-account", "sync.two-device-test"):
        assert doc.status(finding_id) == "manual"


# --- prereq.os-build and the build-gated known issues -----------------------------------------


@pytest.mark.parametrize(
    ("build", "ubr", "os_build", "gated"),
    [
        (10585, 0, "fail", ("not-applicable", "not-applicable")),
        (10586, 0, "warn", ("warn", "not-applicable")),
        (10586, 493, "warn", ("warn", "not-applicable")),
        (10586, 494, "warn", ("pass", "not-applicable")),
        (14393, 81, "warn", ("not-applicable", "warn")),
        (14393, 82, "warn", ("not-applicable", "pass")),
        (19044, 0, "warn", ("not-applicable", "not-applicable")),
        (19045, 0, "pass", ("not-applicable", "not-applicable")),
        (22000, 0, "pass", ("not-applicable", "not-applicable")),
        (26100, 0, "pass", ("not-applicable", "not-applicable")),
    ],
)
def test_builds_at_the_thresholds(
    tmp_path: Path, build: int, ubr: int, os_build: str, gated: tuple[str, str]
) -> None:
    ie, sideload = gated
    doc = check(tmp_path, Scenario(dsreg=None, registry={"cv": build_key(build, ubr)}))
    assert doc.status("prereq.os-build") == os_build
    assert field_endswith(doc, "prereq.os-build", "CurrentBuild") == str(build)
    assert doc.status("ki.ie-favorites-1511") == ie
    assert doc.status("ki.mdm-sideload-1607") == sideload
    if ie == "warn":
        assert doc.remedies("ki.ie-favorites-1511") == ["remedy.install-update"]
    if os_build == "fail":  # without dsregcmd /status the headline says so first
        assert doc.headline == "input.dsregcmd"
        assert "prereq.os-build" in doc.doc["headline"]["related"]
    if build >= 22000:
        assert "Windows 11" in doc.by_id["prereq.os-build"]["title"]


def test_ubr_missing_on_1607_warns_and_names_it(tmp_path: Path) -> None:
    doc = check(tmp_path, Scenario(dsreg=None, registry={"cv": build_key(14393, None)}))
    found = doc.by_id["ki.mdm-sideload-1607"]
    assert found["status"] == "warn"
    assert any("UBR" in m for m in found["missing"])
    assert "remedy.install-update" in found["remedies"]


@pytest.mark.parametrize(
    ("display", "release", "status"),
    [
        ("22H2", None, "pass"),
        ("24H2", None, "pass"),
        ("20H2", None, "warn"),
        ("21H2", None, "unknown"),
        (None, "1607", "warn"),
        (None, "1511", "warn"),
    ],
)
def test_version_name_without_current_build(
    tmp_path: Path, display: str | None, release: str | None, status: str
) -> None:
    more = {"ReleaseId": release} if release else {}
    registry = {"cv": build_key(None, 10, display=display, **more)}
    doc = check(tmp_path, Scenario(dsreg=None, registry=registry))
    assert doc.status("prereq.os-build") == status
    name = display or release
    assert name in doc.values("prereq.os-build").values()
    if release == "1607":
        assert doc.status("ki.mdm-sideload-1607") == "warn"
    else:
        assert doc.status("ki.mdm-sideload-1607") in ("not-applicable", "unknown")


def test_no_build_at_all_is_unknown(tmp_path: Path) -> None:
    doc = check(tmp_path, Scenario(layout="flat", registry={}))
    assert doc.status("prereq.os-build") == "unknown"
    assert doc.by_id["prereq.os-build"]["missing"]
    for finding_id in ("ki.ie-favorites-1511", "ki.wip-no-sync", "ki.uac-password-sync-1511"):
        assert doc.status(finding_id) == "unknown"


# --- ki.mdm-sideload-1607: code spellings, field names, channels ----------------------------


SIDELOAD_SPELLINGS = [
    ("HRESULT", "80070259", ""),
    ("HRESULT", "0x80070259", ""),
    ("Result", "0X80070259", ""),
    ("ErrorCode", "2147943001", ""),
    ("Status", "-2147024295", ""),
    ("ResultCode", "2147943001", ""),
    ("", "0x80070259", ""),
    ("Info", "-", "The remote provider has requested ... (Result: 80070259)."),
]


@pytest.mark.parametrize(("name", "value", "message"), SIDELOAD_SPELLINGS)
@pytest.mark.parametrize("channel", [AZURE_DEBUG, AZURE_OPERATIONAL, SYNC_DEBUG])
def test_sideload_event_in_every_spelling(
    tmp_path: Path, name: str, value: str, message: str, channel: str
) -> None:
    record = Ev(channel, 6013, [("CollectionId", "{0F8E1A6C}"), (name, value)], message, 7)
    scenario = Scenario(
        dsreg=Dsreg(dj="YES", url_key="AzureAdSettingsUrl"),
        layout="flat",
        registry={"cv": build_key(14393, 10)},
        events={channel: [record]},
        wrapped=channel == AZURE_OPERATIONAL,
    )
    doc = check(tmp_path, scenario)
    assert doc.status("ki.mdm-sideload-1607") == "fail"
    evidence = doc.by_id["ki.mdm-sideload-1607"]["evidence"]
    assert evidence[0]["event_id"] == 6013 and evidence[0]["value"] == "0x80070259"
    assert evidence[0]["channel"] == channel and evidence[0]["record_id"] == 7
    assert doc.remedies("ki.mdm-sideload-1607") == ["remedy.install-update"]
    assert doc.headline == "ki.mdm-sideload-1607"


def test_sideload_event_on_a_fixed_or_other_build(tmp_path: Path) -> None:
    event = {AZURE_DEBUG: [Ev(AZURE_DEBUG, 6013, [("HRESULT", "0x80070259")])]}
    fixed = check(tmp_path, Scenario(registry={"cv": build_key(14393, 82)}, events=event), "a")
    assert fixed.status("ki.mdm-sideload-1607") == "pass"
    other = Ev(AZURE_DEBUG, 6013, [("HRESULT", "0x80070005")])
    clean = Scenario(registry={"cv": build_key(14393, 10)}, events={AZURE_DEBUG: [other]})
    assert check(tmp_path, clean, "b").status("ki.mdm-sideload-1607") == "warn"
    no_build = check(tmp_path, Scenario(dsreg=None, events=event), "c")
    assert no_build.status("ki.mdm-sideload-1607") == "warn"  # the event, but is it 1607?
    assert no_build.by_id["ki.mdm-sideload-1607"]["missing"]
    assert no_build.remedies("ki.mdm-sideload-1607") == ["remedy.install-update"]


# --- ki.event-6065-account-disabled ----------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([("ErrorCode", "80070533")], ""),
        ([("Error", "0x80070533")], ""),
        ([("HRESULT", "2147943731")], ""),
        ([("Message", "failed")], "Error 0X80070533 This user can't sign in (account disabled)."),
    ],
)
@pytest.mark.parametrize("channel", [SYNC_DEBUG, SYNC_OPERATIONAL])
def test_event_6065(
    tmp_path: Path, data: list[tuple[str, str]], message: str, channel: str
) -> None:
    records = {channel: [Ev(channel, 6065, data, message, 41)]}
    scenario = healthy(events=records, wrapped=True, events_utf16=channel == SYNC_DEBUG)
    doc = check(tmp_path, scenario)
    assert doc.status("ki.event-6065-account-disabled") == "fail"
    evidence = doc.by_id["ki.event-6065-account-disabled"]["evidence"]
    assert evidence[0]["value"] == "0x80070533" and evidence[0]["record_id"] == 41
    assert doc.remedies("ki.event-6065-account-disabled")[0] == "remedy.update-credentials"
    assert doc.headline == "ki.event-6065-account-disabled"


def test_event_6065_clean_and_missing_log(tmp_path: Path) -> None:
    clean = healthy(events={SYNC_DEBUG: [Ev(SYNC_DEBUG, 6065, [("ErrorCode", "0x80070005")])]})
    assert check(tmp_path, clean, "a").status("ki.event-6065-account-disabled") == "not-applicable"
    none = check(tmp_path, healthy(events={}), "b")
    assert none.status("ki.event-6065-account-disabled") == "unknown"
    assert "remedy.enable-debug-channel" in none.remedies("ki.event-6065-account-disabled")


# --- ki.event-1098-token-broker --------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([("Error", "0xCAA5001C")], ""),
        ([("Error", "0xcaa5001c")], ""),
        ([("Error", "3399811100")], ""),
        ([("ErrorCode", "-895156196")], ""),
        ([("", "CAA5001C")], ""),
        ([("ErrorMessage", "Token broker operation failed.")], "Error: 0xCAA5001C Token broker"),
    ],
)
@pytest.mark.parametrize("with_1104", [False, True])
def test_event_1098(
    tmp_path: Path, data: list[tuple[str, str]], message: str, with_1104: bool
) -> None:
    records = [Ev(AAD, 1098, data, message, 5)]
    if with_1104:
        text = "AAD Cloud AP plugin call GetToken returned error: 0xC000005F"
        records.append(Ev(AAD, 1104, [("API", "GetToken"), ("Result", "0xC000005F")], text, 6))
    doc = check(tmp_path, healthy(events={AAD: records}))
    found = doc.by_id["ki.event-1098-token-broker"]
    assert found["status"] == "fail"
    assert [e["event_id"] for e in found["evidence"]] == [1098, 1104] if with_1104 else [1098]
    assert found["evidence"][0]["value"] == "0xCAA5001C"
    assert ("1104" in found["explanation"]) is with_1104
    assert found["remedies"] == ["remedy.install-update"]
    assert doc.headline == "ki.event-1098-token-broker"


def test_event_1104_alone_is_not_1098(tmp_path: Path) -> None:
    lone = Ev(AAD, 1104, [("API", "GetToken"), ("Result", "0xC000005F")])
    doc = check(tmp_path, healthy(events={AAD: [lone]}))
    assert doc.status("ki.event-1098-token-broker") == "not-applicable"
    assert (
        check(tmp_path, healthy(events={}), "b").status("ki.event-1098-token-broker") == "unknown"
    )


# --- sign-in provider: smart card, MFA -------------------------------------------------------


@pytest.mark.parametrize("guid", [*SMART_CARDS, SMART_CARDS[0].lower().strip("{}")])
@pytest.mark.parametrize("regedit4", [False, True])
def test_each_smart_card_provider(tmp_path: Path, guid: str, regedit4: bool) -> None:
    registry = {"cv": CV, "logon": {LOGONUI: {"LastLoggedOnProvider": guid}}}
    doc = check(tmp_path, healthy(registry=registry, regedit4=regedit4))
    assert doc.status("ki.smart-card-sign-in") == "warn"
    assert field_endswith(doc, "ki.smart-card-sign-in", "LastLoggedOnProvider") == guid
    assert doc.status("mfa.password-sign-in") == "info"
    assert doc.headline == "ki.smart-card-sign-in"


@pytest.mark.parametrize("guid", [PASSWORD, PASSWORD.upper(), PASSWORD.strip("{}").upper()])
def test_password_sign_in(tmp_path: Path, guid: str) -> None:
    registry = {"cv": CV, "logon": {LOGONUI: {"LastLoggedOnProvider": guid}}}
    mfa = Ev(AAD, 1098, [("Error", "0xCAA2000C")], "AADSTS50076: interaction_required", 3)
    doc = check(tmp_path, healthy(registry=registry, events={AAD: [mfa]}), "a")
    assert doc.status("mfa.password-sign-in") == "warn"
    assert field_endswith(doc, "mfa.password-sign-in", "LastLoggedOnProvider") == guid
    assert doc.remedies("mfa.password-sign-in")[0] == "remedy.sign-out-in"
    assert doc.status("ki.smart-card-sign-in") == "not-applicable"
    clean = check(tmp_path, healthy(registry=registry, events={AAD: []}), "b")
    assert clean.status("mfa.password-sign-in") == "pass"
    no_log = check(tmp_path, healthy(registry=registry, events={}), "c")
    assert no_log.status("mfa.password-sign-in") == "unknown"


def test_provider_not_captured(tmp_path: Path) -> None:
    doc = check(tmp_path, healthy(registry={"cv": CV}))
    for finding_id in ("mfa.password-sign-in", "ki.smart-card-sign-in"):
        assert doc.status(finding_id) == "unknown"
        assert doc.by_id[finding_id]["missing"]


def test_adfs_token_expired(tmp_path: Path) -> None:
    dsreg = Dsreg(dj="YES", enterprise_prt="YES")
    expired = Ev(AAD, 1096, [("Error", "0xCAA20003")], "invalid_grant AADSTS50132", 9)
    doc = check(tmp_path, healthy(dsreg=dsreg, events={AAD: [expired]}), "a")
    assert doc.status("mfa.adfs-token-expired") == "warn"
    assert doc.values("mfa.adfs-token-expired")["EnterprisePrt"] == "YES"
    assert "remedy.sign-out-in" in doc.remedies("mfa.adfs-token-expired")
    ok = check(tmp_path, healthy(dsreg=dsreg, events={AAD: []}), "b")
    assert ok.status("mfa.adfs-token-expired") == "pass"
    assert check(tmp_path, healthy(), "c").status("mfa.adfs-token-expired") == "not-applicable"
    no_log = check(tmp_path, healthy(dsreg=dsreg, events={}), "d")
    assert no_log.status("mfa.adfs-token-expired") == "unknown"


# --- policy ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "status", "remedies"),
    [
        ({POLICY: {"DisableSettingSync": 2}}, "fail", []),
        ({POLICY: {"DisableSettingSync": "2"}}, "fail", []),
        (
            {POLICY: {"DisableSettingSync": 2, "DisableSettingSyncUserOverride": 1}},
            "fail",
            ["remedy.open-sync-settings"],
        ),
        ({MDM: {"AllowSyncMySettings": 0}}, "fail", []),
        ({MDM: {"AllowSyncMySettings": "0"}}, "fail", []),
        ({POLICY: {"DisableCredentialsSettingSync": 2}}, "warn", []),
        ({POLICY: {"DisableWebBrowserSettingSync": "2"}}, "warn", []),
        ({POLICY: {"DisableSettingSync": 0}}, "pass", []),
        ({MDM: {"AllowSyncMySettings": 1}}, "pass", []),
        ({POLICY: {"DisableSyncOnPaidNetwork": 1}}, "pass", []),
    ],
)
@pytest.mark.parametrize("regedit4", [False, True])
def test_policy(
    tmp_path: Path,
    values: dict[str, dict[str, Any]],
    status: str,
    remedies: list[str],
    regedit4: bool,
) -> None:
    doc = check(tmp_path, healthy(registry={"cv": CV, "p": values}, regedit4=regedit4))
    assert doc.status("sync.policy-allows") == status
    assert doc.remedies("sync.policy-allows") == remedies
    ((_, blocking),) = [(k, v) for k, v in values.items()]
    name, data = next(iter(blocking.items()))
    if status != "pass":
        assert field_endswith(doc, "sync.policy-allows", "\\" + name).startswith(str(data))
    if status == "fail":
        assert doc.headline == "sync.policy-allows"


def test_policy_keys_not_captured_is_unknown(tmp_path: Path) -> None:
    doc = check(tmp_path, Scenario(registry={"cv": CV}))
    assert doc.status("sync.policy-allows") in ("pass", "unknown")
    assert check(tmp_path, Scenario(registry={}), "b").status("sync.policy-allows") == "unknown"


# --- the user's switches and the capture context ---------------------------------------------


@pytest.mark.parametrize(
    ("off", "status"), [((), "pass"), (("Credentials",), "warn"), (GROUPS, "fail")]
)
def test_user_toggles(tmp_path: Path, off: tuple[str, ...], status: str) -> None:
    doc = check(tmp_path, healthy(registry={"cv": CV, "u": toggles(off)}))
    assert doc.status("sync.user-toggles") == status
    for group in off:
        assert field_endswith(doc, "sync.user-toggles", f"{group}\\Enabled").startswith("0")
    if status != "pass":
        assert doc.remedies("sync.user-toggles") == ["remedy.open-sync-settings"]
    if status == "fail":
        assert doc.headline == "sync.user-toggles"


def test_user_toggles_not_captured(tmp_path: Path) -> None:
    doc = check(tmp_path, healthy(registry={"cv": CV}))
    assert doc.status("sync.user-toggles") == "unknown"


def test_system_context_keeps_user_checks_unknown(tmp_path: Path) -> None:
    """SYSTEM saw no user: user state must be unknown, never a pass or a fail."""
    machine = "CONTOSO\\PC-0042$"
    dsreg = Dsreg(dj="YES", wam="NO", guid=None, prt="NO", user_context=None, executing=machine)
    registry = {"cv": CV, "u": toggles(GROUPS), "logon": {LOGONUI: {"LastLoggedOnProvider": PIN}}}
    doc = check(tmp_path, healthy(dsreg=dsreg, registry=registry, context="system"))
    for finding_id in ("sync.user-toggles", "sync.settings-page-disabled", "reg.status"):
        assert doc.status(finding_id) == "unknown", finding_id
        assert doc.by_id[finding_id]["missing"]
    assert doc.status("sync.same-account") == "manual"
    assert doc.status("prereq.device-joined") == "pass"
    assert doc.status("ki.domain-date-time") == "warn"


# --- join state ------------------------------------------------------------------------------


def test_domain_joined_only(tmp_path: Path) -> None:
    dsreg = Dsreg(aad="NO", dj="YES", wam="NO", guid=None, prt="NO", url="")
    system = {"domain_controller_reachable": False}
    doc = check(tmp_path, Scenario(dsreg=dsreg, registry={"cv": CV}, system=system))
    assert doc.status("prereq.device-joined") == "fail"
    assert doc.values("prereq.device-joined") == {"AzureAdJoined": "NO", "DomainJoined": "YES"}
    assert doc.remedies("prereq.device-joined")[0] == "remedy.run-device-join-task"
    assert doc.status("reg.wam-not-set") == "fail"
    assert doc.values("reg.wam-not-set")["WamDefaultSet"] == "NO"
    assert "remedy.dsregcmd-leave" in doc.remedies("reg.wam-not-set")
    assert doc.status("reg.status") == "fail"
    for finding_id in ("prereq.esr-enabled", "reg.settings-url-empty", "ki.domain-offsite"):
        assert doc.status(finding_id) == "not-applicable"
    assert doc.status("ki.domain-date-time") == "warn"
    # No domain controller answers (system.json): the join stage names that, first.
    assert doc.headline == "join.stage"
    assert doc.values("join.stage")["system.json domain_controller_reachable"] == "false"


@pytest.mark.parametrize("wam", ["NO", "ERROR (0x80070520)"])
def test_wam_not_set_on_a_domain_device_whatever_the_spelling(tmp_path: Path, wam: str) -> None:
    dsreg = Dsreg(aad="NO", dj="YES", wam=wam, guid=None, prt="NO")
    doc = check(tmp_path, Scenario(dsreg=dsreg, layout="flat", registry={"cv": CV}))
    assert doc.status("reg.wam-not-set") == "fail"
    assert doc.values("reg.wam-not-set")["WamDefaultSet"] == wam


def test_workplace_registered_only_is_not_joined(tmp_path: Path) -> None:
    dsreg = Dsreg(aad="NO", dj="NO", wpj="YES", url="")
    doc = check(tmp_path, Scenario(dsreg=dsreg, registry={"cv": CV}))
    assert doc.status("prereq.device-joined") == "fail"
    assert doc.values("prereq.device-joined")["WorkplaceJoined"] == "YES"
    assert doc.remedies("prereq.device-joined") == ["remedy.join-azure-ad"]
    assert doc.status("reg.wam-not-set") == "not-applicable"
    assert doc.status("ki.mixed-case-upn") == "not-applicable"
    assert doc.headline == "prereq.device-joined"


def test_no_dsregcmd_join_from_registry(tmp_path: Path) -> None:
    registry = {
        "cv": CV,
        "cdj": {
            CDJ + "\\JoinInfo\\3A7F1C9E": {"TenantId": TENANT},
            CDJ + "\\TenantInfo\\" + TENANT: {"UserSettingSyncUrl": URL},
        },
    }
    doc = check(tmp_path, Scenario(dsreg=None, registry=registry))
    assert doc.status("prereq.device-joined") == "pass"
    assert doc.status("prereq.esr-enabled") == "pass"
    assert field_endswith(doc, "prereq.esr-enabled", "UserSettingSyncUrl") == URL
    for finding_id in ("reg.status", "reg.wam-not-set", "ki.domain-date-time"):
        assert doc.status(finding_id) == "unknown"


def test_hybrid_without_prt_greys_the_page(tmp_path: Path) -> None:
    doc = check(tmp_path, healthy(dsreg=Dsreg(dj="YES", prt="NO")))
    assert doc.status("sync.settings-page-disabled") == "fail"
    assert doc.values("sync.settings-page-disabled")["AzureAdPrt"] == "NO"
    assert doc.remedies("sync.settings-page-disabled")[0] == "remedy.sign-out-in"
    assert doc.headline == "sync.settings-page-disabled"
    ok = check(tmp_path, healthy(dsreg=Dsreg(dj="YES")), "b")
    assert ok.status("sync.settings-page-disabled") == "pass"


def test_same_account_msa(tmp_path: Path) -> None:
    doc = check(tmp_path, healthy(dsreg=Dsreg(guid=MSA_GUID)))
    assert doc.status("sync.same-account") == "warn"
    assert doc.status("reg.status") == "fail"


# --- settings URL ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dsreg", "registry", "status"),
    [
        (Dsreg(url=""), {}, "fail"),
        (Dsreg(url="", url_key="AzureAdSettingsUrl"), {}, "fail"),
        (Dsreg(url=None), {CDJ + "\\TenantInfo\\" + TENANT: {"UserSettingSyncUrl": URL}}, "pass"),
        (Dsreg(url=""), {CDJ + "\\TenantInfo\\" + TENANT: {"UserSettingSyncUrl": URL}}, "pass"),
        (Dsreg(url=None), {CDJ + "\\TenantInfo\\" + TENANT: {"UserSettingSyncUrl": ""}}, "fail"),
        (Dsreg(url=URL, url_key="WorkplaceSettingsUrl"), {}, "pass"),
        (Dsreg(url=None), {}, "unknown"),
    ],
)
@pytest.mark.parametrize("layout", ["sectioned", "flat"])
def test_settings_url_sources(
    tmp_path: Path, dsreg: Dsreg, registry: dict[str, Any], status: str, layout: str
) -> None:
    regs = {"cv": CV, "cdj": registry} if registry else {"cv": CV}
    doc = check(tmp_path, Scenario(dsreg=dsreg, layout=layout, registry=regs, system={}))
    for finding_id in ("prereq.esr-enabled", "reg.settings-url-empty"):
        assert doc.status(finding_id) == status, finding_id
    restart = doc.status("prereq.restart-after-enable")
    assert restart == {"fail": "warn", "pass": "pass", "unknown": "manual"}[status]
    if status == "fail":
        assert "" in doc.values("reg.settings-url-empty").values()
        assert doc.remedies("reg.settings-url-empty")[0] == "remedy.restart-and-sign-in"
        assert doc.remedies("prereq.esr-enabled") == ["remedy.restart-and-sign-in"]
        assert doc.headline == "reg.settings-url-empty"
    if status == "pass":
        assert URL in doc.values("reg.settings-url-empty").values()


def test_settings_url_empty_on_hybrid_offers_leave(tmp_path: Path) -> None:
    doc = check(tmp_path, healthy(dsreg=Dsreg(dj="YES", url="")))
    assert doc.remedies("reg.settings-url-empty") == [
        "remedy.restart-and-sign-in",
        "remedy.dsregcmd-leave",
    ]


# --- known issues of the device --------------------------------------------------------------


@pytest.mark.parametrize(
    ("upn", "status"),
    [
        ("jdoe@contoso.com", "not-applicable"),
        ("jdoe@Contoso.com", "not-applicable"),
        ("jdoe@CONTOSO.COM", "not-applicable"),
        ("JDoe@contoso.com", "warn"),
        ("John.Doe@CONTOSO.com", "warn"),
    ],
)
def test_mixed_case_upn(tmp_path: Path, upn: str, status: str) -> None:
    dsreg = Dsreg(executing=f"CONTOSO\\jdoe, {upn}")
    doc = check(tmp_path, healthy(dsreg=dsreg, upn=upn))
    assert doc.status("ki.mixed-case-upn") == status
    assert doc.values("ki.mixed-case-upn")["whoami /upn"] == upn
    if status == "warn":
        assert doc.remedies("ki.mixed-case-upn") == [
            "remedy.rejoin-azure-ad",
            "remedy.broker-plugin-cleanup",
        ]
        assert doc.headline == "ki.mixed-case-upn"
    hybrid = check(tmp_path, healthy(dsreg=Dsreg(dj="YES"), upn=upn), "h")
    assert hybrid.status("ki.mixed-case-upn") == "not-applicable"


@pytest.mark.parametrize(
    ("system", "status"),
    [
        ({"domain_controller_reachable": False}, "warn"),
        ({"domain_controller_reachable": True}, "not-applicable"),
        ({"domain_controller_reachable": None}, "unknown"),
        ({}, "unknown"),
        (None, "unknown"),
    ],
)
def test_domain_offsite(tmp_path: Path, system: dict[str, Any] | None, status: str) -> None:
    doc = check(tmp_path, healthy(dsreg=Dsreg(dj="YES"), system=system))
    assert doc.status("ki.domain-offsite") == status
    shown = {None: "not known", False: "false", True: "true"}
    known = (system or {}).get("domain_controller_reachable")
    assert field_endswith(doc, "ki.domain-offsite", "domain_controller_reachable") == shown[known]
    if status == "warn":
        assert doc.remedies("ki.domain-offsite") == ["remedy.connect-corp-network"]
        assert doc.headline == "ki.domain-offsite"


@pytest.mark.parametrize(
    ("wireless", "credentials_off", "ubr", "status"),
    [
        (True, False, 100, "warn"),
        (True, True, 100, "not-applicable"),
        (False, False, 100, "not-applicable"),
        (None, False, 100, "unknown"),
        ("absent", False, 100, "unknown"),
        (True, False, 494, "pass"),
    ],
)
def test_uac_password_sync(
    tmp_path: Path, wireless: Any, credentials_off: bool, ubr: int, status: str
) -> None:
    system = {} if wireless == "absent" else {"wireless_adapter_present": wireless}
    off = ("Credentials",) if credentials_off else ()
    registry = {"cv": build_key(10586, ubr), "u": toggles(off)}
    doc = check(tmp_path, Scenario(layout="flat", registry=registry, system=system))
    found = doc.by_id["ki.uac-password-sync-1511"]
    assert found["status"] == status, found["title"]
    if status == "warn":
        assert found["remedies"] == ["remedy.install-update"]
        assert (
            field_endswith(doc, "ki.uac-password-sync-1511", "wireless_adapter_present") == "true"
        )


@pytest.mark.parametrize(("wip", "status"), [(True, "warn"), (False, "not-applicable")])
def test_wip_on_1607(tmp_path: Path, wip: bool, status: str) -> None:
    registry: dict[str, Any] = {"cv": build_key(14393, 2000)}
    if wip:
        registry["wip"] = {WIP: {"EnterpriseIPRange": "10.0.0.1-10.0.0.255"}}
    doc = check(tmp_path, Scenario(registry=registry))
    assert doc.status("ki.wip-no-sync") in ((status,) if wip else (status, "unknown"))
    if wip:
        assert doc.values("ki.wip-no-sync")[WIP] == "present"
    assert doc.remedies("ki.wip-no-sync") == []


def test_limitations_never_headline(tmp_path: Path) -> None:
    registry = {"cv": build_key(14393, 2000), "wip": {WIP: {"x": 1}}}
    doc = check(tmp_path, healthy(dsreg=Dsreg(dj="YES"), registry=registry))
    assert doc.status("ki.domain-date-time") == "warn"
    assert doc.status("ki.wip-no-sync") == "warn"
    assert doc.headline not in ("ki.domain-date-time", "ki.wip-no-sync")


def test_hkcu_groups_all_off_with_sync_policy_five(tmp_path: Path) -> None:
    keys = toggles(GROUPS)
    keys[USER_SYNC] = {"SyncPolicy": 5}
    doc = check(tmp_path, healthy(registry={"cv": CV, "u": keys}))
    assert doc.status("sync.user-toggles") == "fail"


def test_nothing_captured_but_the_manifest(tmp_path: Path) -> None:
    doc = check(tmp_path, Scenario(dsreg=None, context=None))
    for finding_id in (
        "prereq.os-build",
        "prereq.device-joined",
        "prereq.esr-enabled",
        "reg.status",
        "reg.wam-not-set",
        "reg.settings-url-empty",
        "sync.settings-page-disabled",
        "ki.domain-date-time",
        "ki.domain-offsite",
        "ki.mixed-case-upn",
        "ki.smart-card-sign-in",
        "mfa.password-sign-in",
    ):
        assert doc.status(finding_id) == "unknown", finding_id
        assert doc.by_id[finding_id]["missing"], finding_id
    # Nothing read is not healthy: the headline names the missing dsregcmd /status.
    assert doc.headline == "input.dsregcmd" and doc.code == 1
    assert doc.doc["state"] == "UNKNOWN"
    assert "dsregcmd /status" in doc.doc["headline"]["action"]


def test_hybrid_registered_passes_wam_check(tmp_path: Path) -> None:
    doc = check(tmp_path, healthy(dsreg=Dsreg(dj="YES"), layout="flat"))
    assert doc.status("reg.wam-not-set") == "pass"
    assert doc.values("reg.wam-not-set")["WamDefaultSet"] == "YES"
    assert doc.status("prereq.device-joined") == "pass"


def test_mixed_case_upn_without_any_upn_is_unknown(tmp_path: Path) -> None:
    doc = check(tmp_path, healthy(dsreg=Dsreg(executing=None), upn=None))
    assert doc.status("ki.mixed-case-upn") == "unknown"
    logon = {"cv": CV, "l": {LOGONUI: {"LastLoggedOnUser": "JDoe@contoso.com"}}}
    from_logonui = check(tmp_path, healthy(dsreg=Dsreg(executing=None), registry=logon, upn=None))
    assert from_logonui.status("ki.mixed-case-upn") == "warn"
    assert (
        from_logonui.values("ki.mixed-case-upn")["LogonUI LastLoggedOnUser"] == "JDoe@contoso.com"
    )
