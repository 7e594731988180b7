"""Typed facts over parsed dsregcmd output, checked against the real captures."""

from __future__ import annotations

import pytest

from esr_gui.core.dsreg_facts import DsregFacts, FieldRef, wam_guid_is_azure_ad
from esr_gui.core.models.dsreg import DsregField, DsregSection, DsregStatus
from esr_gui.core.parse.dsregcmd import parse_dsregcmd
from tests.conftest import DSREG_SAMPLES, sample

KAILANI = ["https://kailani.one.microsoft.com/", "https://kailani1.one.microsoft.com/"]


def facts(prefix: str) -> DsregFacts:
    return DsregFacts.from_status(parse_dsregcmd(sample(prefix).read_bytes()))


def status_of(**sections: dict[str, str]) -> DsregStatus:
    return DsregStatus(
        layout="sectioned",
        sections=[
            DsregSection(
                name=name.replace("_", " "),
                fields=[DsregField(key=k, value=v) for k, v in fields.items()],
            )
            for name, fields in sections.items()
        ],
    )


@pytest.mark.parametrize(
    ("prefix", "join_type"),
    [
        ("01", "domain"),
        ("02", "hybrid"),
        ("03", "none"),
        ("04", "hybrid"),
        ("05", "hybrid"),
        ("07", "registered"),
        ("10", "azure-ad"),
        ("14", "azure-ad"),
        ("15", "domain"),
        ("16", "unknown"),
    ],
)
def test_join_type_of_every_sample(prefix: str, join_type: str) -> None:
    assert facts(prefix).join_type == join_type


def test_every_sample_gives_facts() -> None:
    for path in DSREG_SAMPLES:
        result = DsregFacts.from_status(parse_dsregcmd(path.read_bytes()))
        assert "status" not in result.model_dump()


def test_01_domain_joined_system_context() -> None:
    f = facts("01")
    assert (f.azure_ad_joined, f.domain_joined, f.enterprise_joined) == (False, True, False)
    assert f.user_context == "SYSTEM"
    assert f.client_error_code == "0x801C001D"
    assert f.error_phase == "discover"
    assert f.wam_default_set == "NO"
    assert f.wam_default_guid is None and f.wam_is_azure_ad is None
    assert f.azure_ad_prt is False
    assert f.settings_url is None
    assert f.executing_account == "RCMLAB\\RCMLAB-WS2022-S$, RCMLAB-WS2022-S$@rcmlab.local"
    assert f.upn_candidates == []  # the machine account is not a user
    assert f.domain_name == "RCMLAB"
    assert f.device_name == "rcmlab-ws2022-s.rcmlab.local"


def test_02_flat_layout_empty_settings_url() -> None:
    f = facts("02")
    assert f.settings_url is not None
    assert f.settings_url.is_empty and f.settings_url.error is None
    assert (f.settings_url.field, f.settings_url.section) == ("SettingsUrl", "Device State")
    assert f.azure_ad_prt is False
    assert f.source_of("AzureAdPrt") == FieldRef("User State", "AzureAdPrt", "NO", 38)
    assert f.device_id == "61eea2b8-efbe-43d9-b267-126433c8ee34"


def test_03_wam_error() -> None:
    f = facts("03")
    assert f.wam_default_set == "ERROR"
    assert f.workplace_joined is False


def test_04_wam_guid_with_spaces_and_redacted_settings_url() -> None:
    f = facts("04")
    assert f.wam_default_guid == "{ B16898C6-A148-4967-9171-64D755DA8520 } (AzureAd)"
    assert f.wam_is_azure_ad is True
    assert f.ngc_set is True
    assert f.azure_ad_prt is True
    assert f.prt_update_time == "2019-01-24 19:15:26.000 UTC"
    assert f.prt_expiry_time == "2019-02-07 19:15:26.000 UTC"
    assert f.settings_url is not None and f.settings_url.error is not None
    assert "redacted" in f.settings_url.error
    assert f.client_error_code == "0x801C0021"  # the first Diagnostic Data box
    assert f.server_error_code == "DirectoryError"
    assert f.tenant_name == "HybridADFS"


def test_05_prt_failure_diagnostics() -> None:
    f = facts("05")
    assert f.attempt_status == "0xC000006D"
    assert f.credential_type == "Password"
    assert f.upn_candidates == ["john@contoso.com"]
    assert f.device_auth_status == "SUCCESS"
    assert f.server_error_code == "DirectoryError"
    assert f.prt_server_error_code == "invalid_grant"
    assert f.prt_server_error_description is not None
    assert f.prt_server_error_description.startswith("AADSTS50126")
    assert f.evidence("server_error_code") == [
        FieldRef("Diagnostic Data", "Server ErrorCode", "DirectoryError", 131)
    ]
    assert f.source_of("http status") == FieldRef("SSO State", "HTTP status", "400", 80)


def test_07_registered_only_work_account() -> None:
    f = facts("07")
    assert f.workplace_joined is True
    assert len(f.work_accounts) == 1
    assert f.work_accounts[0]["WorkplaceTenantName"] == "Almaviva SpA"
    assert f.work_accounts[0]["TpmProtected"] == "YES"
    assert f.settings_url is not None
    assert (f.settings_url.field, f.settings_url.section) == (
        "WorkplaceSettingsUrl",
        "Work Account 1",
    )
    assert f.settings_url.is_empty
    assert f.evidence("settings_url") == [
        FieldRef("Work Account 1", "WorkplaceSettingsUrl", "", 49)
    ]


def test_10_azure_ad_joined_empty_settings_url_and_tenant_name() -> None:
    f = facts("10")
    assert f.settings_url is not None and f.settings_url.is_empty
    assert f.tenant_name == ""
    assert f.workplace_joined is None
    assert f.device_auth_status == "SUCCESS"


def test_14_cloud_only_prt_yes() -> None:
    f = facts("14")
    assert f.azure_ad_prt is True
    assert f.wam_is_azure_ad is True
    assert f.tenant_id == "d10f84e2-ba05-45c0-90b7-994f1fafa537"
    assert f.upn_candidates == ["user_d26zuvzj01@inesecuritylabs.onmicrosoft.com"]
    assert f.executing_account is not None and f.executing_account.startswith("AzureAD\\INEUser")


def test_15_dual_state_msa_wam_and_workplace_settings_url() -> None:
    f = facts("15")
    assert (f.domain_joined, f.workplace_joined, f.azure_ad_joined) == (True, True, False)
    assert f.wam_default_guid == "{D7F9...4F} (MicrosoftAccount)"
    assert f.wam_is_azure_ad is False
    assert f.settings_url is not None and f.settings_url.endpoints == KAILANI
    workplace = [u for u in f.all_settings_urls if u.field == "WorkplaceSettingsUrl"]
    assert len(workplace) == 1
    assert workplace[0].section == "User State"
    assert workplace[0].endpoints == KAILANI


def test_16_sso_only() -> None:
    f = facts("16")
    assert f.azure_ad_joined is None and f.domain_joined is None
    assert f.azure_ad_prt is True
    assert f.settings_url is None and f.all_settings_urls == []


def test_join_type_evidence_cites_each_field() -> None:
    f = facts("02")
    refs = {ref.key: ref for ref in f.evidence("join_type")}
    assert refs["AzureAdJoined"] == FieldRef("Device State", "AzureAdJoined", "YES", 5)
    assert refs["DomainJoined"].value == "YES"
    assert refs["WorkplaceJoined"].section == "User State"
    assert f.evidence("no such fact") == []


def test_sources_of_returns_duplicates_in_order() -> None:
    f = facts("04")
    assert [r.value for r in f.sources_of("Client ErrorCode")] == ["0x801c0021", "0x801c03f2"]
    assert f.source_of("Client ErrorCode", "SSO State") is None


@pytest.mark.parametrize(
    ("aad", "dj", "ej", "wpj", "expected"),
    [
        ("YES", "YES", "NO", "NO", "hybrid"),
        ("YES", "NO", "NO", "NO", "azure-ad"),
        ("NO", "YES", "NO", "NO", "domain"),
        ("NO", "YES", "YES", "NO", "domain"),
        ("NO", "YES", "NO", "YES", "domain"),
        ("NO", "NO", "NO", "YES", "registered"),
        ("NO", "NO", "NO", "NO", "none"),
        ("NO", "NO", "NO", None, "unknown"),
        ("YES", None, "NO", "NO", "unknown"),
        (None, "YES", "NO", "NO", "unknown"),
        ("ERROR", "YES", "NO", "NO", "unknown"),
    ],
)
def test_join_type_table(
    aad: str | None, dj: str | None, ej: str | None, wpj: str | None, expected: str
) -> None:
    device = {
        k: v
        for k, v in {"AzureAdJoined": aad, "EnterpriseJoined": ej, "DomainJoined": dj}.items()
        if v is not None
    }
    user = {"WorkplaceJoined": wpj} if wpj is not None else {}
    result = DsregFacts.from_status(status_of(Device_State=device, User_State=user))
    assert result.join_type == expected


def test_work_account_section_implies_registered() -> None:
    status = status_of(
        Device_State={"AzureAdJoined": "NO", "DomainJoined": "NO"},
        Work_Account_1={"WorkplaceTenantName": "Contoso"},
    )
    assert DsregFacts.from_status(status).join_type == "registered"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("{B16898C6-A148-4967-9171-64D755DA8520} (AzureAd)", True),
        ("{ B16898C6-A148-4967-9171-64D755DA8520 } (AzureAd)", True),
        ("{b16898c6-a148-4967-9171-64d755da8520}", True),
        ("{D7F9888F-E3FC-49b0-9EA6-A85B5F392A4F} (MicrosoftAccount)", False),
        ("", False),
        (None, None),
    ],
)
def test_wam_guid(value: str | None, expected: bool | None) -> None:
    assert wam_guid_is_azure_ad(value) is expected


def test_azure_ad_settings_url_older_name() -> None:
    status = status_of(Tenant_Details={"AzureAdSettingsUrl": "https://kailani.one.microsoft.com/"})
    info = DsregFacts.from_status(status).settings_url
    assert info is not None
    assert (info.field, info.section, info.endpoints) == (
        "AzureAdSettingsUrl",
        "Tenant Details",
        ["https://kailani.one.microsoft.com/"],
    )


def test_yes_no_other_words_are_none_and_codes_normalised() -> None:
    status = status_of(
        SSO_State={"AzureAdPrt": "ERROR", "Attempt Status": "FAILED 0xc000006d"},
        Diagnostic_Data={"Client ErrorCode": "0x0", "User Identity": "a@b.example, c@d.example"},
    )
    f = DsregFacts.from_status(status)
    assert f.azure_ad_prt is None
    assert f.attempt_status == "0xC000006D"
    assert f.client_error_code is None
    assert f.upn_candidates == ["a@b.example", "c@d.example"]


def test_facts_are_frozen() -> None:
    f = facts("14")
    with pytest.raises(ValueError):
        f.join_type = "none"  # type: ignore[misc]
