"""Known-issue rules through bundles, including the flat 1607 layout."""

from __future__ import annotations

import pytest

from tests.unit.diagnose_support import (
    AAD,
    AZURE_DEBUG,
    LOGONUI,
    PIN,
    POLICY,
    SMART_CARD,
    SYNC_DEBUG,
    USER_SYNC,
    WIP,
    boxed,
    build,
    dsreg,
    event,
    finding,
)

SIDELOAD = event(AZURE_DEBUG, 6013, record=301, HRESULT="0x80070259", CollectionId="{c}")
FLAT_1607 = boxed(
    {
        "Device State": {
            "AzureAdJoined": "YES",
            "EnterpriseJoined": "NO",
            "KeySignTest:": "PASSED",
            "TenantId": "t",
            "SettingsUrl": "",
            "DomainJoined": "YES",
        },
        "User State": {"WorkplaceJoined": "NO", "WamDefaultSet": "NO", "AzureAdPrt": "NO"},
    }
)


@pytest.mark.parametrize(
    ("ubr", "events", "status"),
    [
        (10, [SIDELOAD], "fail"),
        (10, [], "warn"),
        (82, [SIDELOAD], "pass"),
    ],
)
def test_mdm_sideload_1607(ubr: int, events: list[object], status: str) -> None:
    found = finding(
        "ki.mdm-sideload-1607",
        dsregcmd=FLAT_1607,
        registry=build(14393, ubr),
        events={AZURE_DEBUG: events},
    )
    assert found.status == status
    if status == "fail":
        cited = next(e for e in found.evidence if e.source == "event")
        assert (cited.channel, cited.event_id, cited.record_id, cited.value) == (
            AZURE_DEBUG,
            6013,
            301,
            "0x80070259",
        )
        assert "KB3176934" in found.explanation
        assert found.remedies == ["remedy.install-update"]


def test_mdm_sideload_event_on_the_settingsync_debug_channel_counts() -> None:
    moved = event(SYNC_DEBUG, 6013, HRESULT="80070259")
    found = finding("ki.mdm-sideload-1607", registry=build(14393, 10), events={SYNC_DEBUG: [moved]})
    assert found.status == "fail"


def test_mdm_sideload_build_alone_without_logs_asks_for_the_debug_channel() -> None:
    found = finding("ki.mdm-sideload-1607", registry=build(14393, 10))
    assert found.status == "warn"
    assert "remedy.enable-debug-channel" in found.remedies
    assert any("SettingSync-Azure/Debug" in m for m in found.missing)


def test_mdm_sideload_other_builds_and_unknown() -> None:
    assert finding("ki.mdm-sideload-1607", registry=build(19045, 5131)).status == "not-applicable"
    assert (
        finding("ki.mdm-sideload-1607", dsregcmd=dsreg()).status == "not-applicable"
    )  # 1803+ layout
    assert finding("ki.mdm-sideload-1607", dsregcmd=FLAT_1607).status == "unknown"


@pytest.mark.parametrize(("ubr", "status"), [(300, "warn"), (494, "pass"), (1000, "pass")])
def test_ie_favorites_1511(ubr: int, status: str) -> None:
    found = finding("ki.ie-favorites-1511", registry=build(10586, ubr))
    assert found.status == status
    if status == "warn":
        assert "KB3172985" in found.explanation


def test_ie_favorites_not_applicable_elsewhere() -> None:
    assert finding("ki.ie-favorites-1511", registry=build(14393, 10)).status == "not-applicable"
    assert finding("ki.ie-favorites-1511").status == "unknown"


def test_wip_on_1607() -> None:
    present = finding("ki.wip-no-sync", registry={**build(14393, 82), WIP: {"Enabled": 1}})
    assert present.status == "warn"
    assert finding("ki.wip-no-sync", registry=build(14393, 82)).status == "not-applicable"
    assert (
        finding("ki.wip-no-sync", registry={**build(19045), WIP: {"E": 1}}).status
        == "not-applicable"
    )


def test_domain_date_time() -> None:
    assert finding("ki.domain-date-time", dsregcmd=dsreg(dj="YES")).status == "warn"
    assert finding("ki.domain-date-time", dsregcmd=dsreg()).status == "not-applicable"
    assert finding("ki.domain-date-time").status == "unknown"


def _uac(wireless: bool | None, credentials: int | None = 1, ubr: int = 300) -> str:
    registry: dict[str, dict[str, str | int]] = dict(build(10586, ubr))
    if credentials is not None:
        registry[USER_SYNC + r"\Groups\Credentials"] = {"Enabled": credentials}
    return finding(
        "ki.uac-password-sync-1511",
        registry=registry,
        system={"wireless_adapter_present": wireless},
    ).status


def test_uac_password_sync_1511() -> None:
    assert _uac(True) == "warn"
    assert _uac(True, credentials=None) == "warn"
    assert _uac(False) == "not-applicable"
    assert _uac(True, credentials=0) == "not-applicable"
    assert _uac(None) == "unknown"
    assert _uac(True, ubr=494) == "pass"
    policy = {**build(10586, 300), POLICY: {"DisableCredentialsSettingSync": 2}}
    found = finding(
        "ki.uac-password-sync-1511", registry=policy, system={"wireless_adapter_present": True}
    )
    assert found.status == "not-applicable"


@pytest.mark.parametrize(
    "guid",
    [
        SMART_CARD,
        "{94596c7e-3744-41ce-893e-bbf09122f76a}",
        "{1b283861-754f-4022-ad47-a5eaaa618894}",
        "{1EE7337F-85AC-45E2-A23C-37C753209769}",
    ],
)
def test_smart_card_providers(guid: str) -> None:
    found = finding("ki.smart-card-sign-in", registry={LOGONUI: {"LastLoggedOnProvider": guid}})
    assert found.status == "warn"
    assert found.evidence[0].field.endswith("LastLoggedOnProvider")


def test_smart_card_not_applicable_and_unknown() -> None:
    assert finding(
        "ki.smart-card-sign-in", registry={LOGONUI: {"LastLoggedOnProvider": PIN}}
    ).status == ("not-applicable")
    assert finding("ki.smart-card-sign-in").status == "unknown"


@pytest.mark.parametrize(
    ("reachable", "status"), [(False, "warn"), (True, "not-applicable"), (None, "unknown")]
)
def test_domain_offsite(reachable: bool | None, status: str) -> None:
    system = {"domain_controller_reachable": reachable}
    found = finding("ki.domain-offsite", dsregcmd=dsreg(dj="YES"), system=system)
    assert found.status == status
    if status == "warn":
        assert found.remedies == ["remedy.connect-corp-network"]


def test_domain_offsite_not_hybrid() -> None:
    system = {"domain_controller_reachable": False}
    assert finding("ki.domain-offsite", dsregcmd=dsreg(), system=system).status == "not-applicable"


def test_mixed_case_upn() -> None:
    found = finding("ki.mixed-case-upn", dsregcmd=dsreg(), upn="John.Doe@contoso.com")
    assert found.status == "warn"
    assert found.remedies == ["remedy.rejoin-azure-ad", "remedy.broker-plugin-cleanup"]
    assert any(e.source == "upn" and e.value == "John.Doe@contoso.com" for e in found.evidence)
    lower = finding("ki.mixed-case-upn", dsregcmd=dsreg(), upn="jdoe@contoso.com")
    assert lower.status == "not-applicable"
    assert (
        finding("ki.mixed-case-upn", dsregcmd=dsreg(dj="YES"), upn="J@c.com").status
        == "not-applicable"
    )
    assert finding("ki.mixed-case-upn", dsregcmd=dsreg()).status == "unknown"
    old = finding("ki.mixed-case-upn", dsregcmd=dsreg(), registry=build(10586, 494), upn="J@c.com")
    assert old.status == "not-applicable"


def test_mixed_case_upn_from_logonui_and_dsregcmd() -> None:
    logon = {LOGONUI: {"LastLoggedOnUser": "Jane.Roe@contoso.com"}}
    assert finding("ki.mixed-case-upn", dsregcmd=dsreg(), registry=logon).status == "warn"
    account = {"Executing Account Name": r"AzureAD\JaneRoe, Jane.Roe@contoso.com"}
    assert finding("ki.mixed-case-upn", dsregcmd=dsreg(Diagnostic_Data=account)).status == "warn"


def test_event_6065() -> None:
    bad = event(SYNC_DEBUG, 6065, record=12, Message="80070533 account disabled")
    found = finding("ki.event-6065-account-disabled", events={SYNC_DEBUG: [bad]})
    assert found.status == "fail"
    assert found.remedies == ["remedy.update-credentials", "remedy.install-update"]
    assert "KB3193791" in found.explanation
    other = event(SYNC_DEBUG, 6065, Message="something else 0x80070005")
    clean = finding("ki.event-6065-account-disabled", events={SYNC_DEBUG: [other]})
    assert clean.status == "not-applicable" and "does not apply" in clean.explanation
    missing = finding("ki.event-6065-account-disabled", events={AAD: []})
    assert missing.status == "unknown"
    assert missing.remedies == ["remedy.enable-debug-channel"]
    assert "switch it on" in missing.missing[0]


def test_event_1098_with_1104() -> None:
    events = [
        event(
            AAD, 1098, record=5, Error="3399811100", ErrorMessage="Token broker operation failed."
        ),
        event(AAD, 1104, record=6, API="Get token", Result="0xC000005F"),
    ]
    found = finding("ki.event-1098-token-broker", events={AAD: events})
    assert found.status == "fail"
    assert "1104" in found.explanation and "KB3196528" in found.explanation
    assert [e.event_id for e in found.evidence] == [1098, 1104]
    assert found.remedies == ["remedy.install-update"]


def test_event_1098_other_codes_do_not_apply_and_missing_log_is_unknown() -> None:
    quiet = event(AAD, 1098, Error="3399614467")
    assert finding("ki.event-1098-token-broker", events={AAD: [quiet]}).status == "not-applicable"
    found = finding("ki.event-1098-token-broker")
    assert found.status == "unknown"
    assert "AAD/Operational" in found.missing[0]
