"""Registration-status rules through bundles: reg.status, reg.wam-not-set, settings URL."""

from __future__ import annotations

import pytest

from tests.unit.diagnose_support import AAD_GUID, MSA_GUID, dsreg, finding


def test_status_passes_on_the_guides_three_values() -> None:
    found = finding("reg.status", dsregcmd=dsreg())
    assert found.status == "pass"
    assert [e.field for e in found.evidence] == ["AzureAdJoined", "WamDefaultSet", "WamDefaultGUID"]
    assert found.evidence[2].value == AAD_GUID


@pytest.mark.parametrize(
    ("sections", "names"),
    [
        (dsreg(wam="NO", guid=None), ["WamDefaultSet"]),
        (dsreg(guid=MSA_GUID), ["WamDefaultGUID"]),
        (dsreg(aad="NO", dj="YES", wam="NO", guid=None), ["AzureAdJoined", "WamDefaultSet"]),
        (dsreg(wam="ERROR", guid=None), ["WamDefaultSet"]),
    ],
)
def test_status_fails_naming_the_wrong_values(
    sections: dict[str, dict[str, str]], names: list[str]
) -> None:
    found = finding("reg.status", dsregcmd=sections)
    assert found.status == "fail"
    for name in names:
        assert name in found.title
    assert found.remedies


def test_status_from_an_elevated_prompt_warns_to_rerun_as_the_user() -> None:
    sections = dsreg(wam="ERROR", guid=None, Diagnostic_Data={"User Context": "ELEVATED User"})
    found = finding("reg.status", dsregcmd=sections)
    assert found.status == "warn"
    assert "not elevated" in found.explanation


def test_status_of_a_system_capture_is_unknown() -> None:
    account = {"Executing Account Name": r"CONTOSO\PC-0042$, PC-0042$@contoso.com"}
    found = finding("reg.status", dsregcmd=dsreg(wam="NO", guid=None, Diagnostic_Data=account))
    assert found.status == "unknown"
    assert any("SYSTEM" in m for m in found.missing)
    manifest_system = finding("reg.status", dsregcmd=dsreg(wam="NO", guid=None), context="system")
    assert manifest_system.status == "unknown"


def test_status_device_part_still_fails_in_a_system_capture() -> None:
    found = finding(
        "reg.status", dsregcmd=dsreg(aad="NO", dj="YES", wam="NO", guid=None), context="system"
    )
    assert found.status == "fail"


def test_status_unknown_without_dsregcmd_or_with_fields_missing() -> None:
    assert finding("reg.status").status == "unknown"
    truncated = finding("reg.status", dsregcmd={"Device State": {"AzureAdJoined": "YES"}})
    assert truncated.status == "unknown"
    assert any("WamDefaultSet" in m for m in truncated.missing)


@pytest.mark.parametrize(
    ("sections", "status"),
    [
        (dsreg(aad="NO", dj="YES", wam="NO", guid=None), "fail"),
        (dsreg(aad="NO", dj="YES", wam="ERROR", guid=None), "fail"),
        (dsreg(aad="NO", dj="YES", wam="YES", guid=MSA_GUID), "warn"),
        (dsreg(aad="YES", dj="YES", wam="NO", guid=None), "pass"),
        (dsreg(aad="YES", dj="NO"), "not-applicable"),
        (dsreg(aad="NO", dj="NO"), "not-applicable"),
    ],
)
def test_wam_not_set(sections: dict[str, dict[str, str]], status: str) -> None:
    found = finding("reg.wam-not-set", dsregcmd=sections)
    assert found.status == status
    if status == "fail":
        assert found.remedies == [
            "remedy.sign-out-in",
            "remedy.run-device-join-task",
            "remedy.dsregcmd-leave",
        ]


def test_wam_not_set_cites_the_registration_diagnostics() -> None:
    diag = {"Error Phase": "discover", "Client ErrorCode": "0x801c001d"}
    sections = dsreg(aad="NO", dj="YES", wam="NO", guid=None, Diagnostic_Data=diag)
    found = finding("reg.wam-not-set", dsregcmd=sections)
    assert any("DSREG_AUTOJOIN_ADCONFIG_READ_FAILED" in e.note for e in found.evidence)


def test_wam_not_set_unknown_without_dsregcmd() -> None:
    assert finding("reg.wam-not-set").status == "unknown"


@pytest.mark.parametrize(
    ("dj", "fix"),
    [("YES", "remedy.dsregcmd-leave"), ("NO", "remedy.rejoin-azure-ad")],
)
def test_settings_url_empty_fails_with_the_right_certificate_fix(dj: str, fix: str) -> None:
    found = finding("reg.settings-url-empty", dsregcmd=dsreg(dj=dj, url=""))
    assert found.status == "fail"
    assert found.remedies == ["remedy.restart-and-sign-in", fix]
    assert "signed in before ESR was enabled" in found.explanation
    assert found.evidence[0].field == "SettingsUrl"


def test_settings_url_old_field_name_and_present_value() -> None:
    sections = dsreg(url=None, Device_State={"AzureAdSettingsUrl": ""})
    assert finding("reg.settings-url-empty", dsregcmd=sections).status == "fail"
    assert finding("reg.settings-url-empty", dsregcmd=dsreg()).status == "pass"


def test_settings_url_not_applicable_or_unknown() -> None:
    assert (
        finding("reg.settings-url-empty", dsregcmd=dsreg(aad="NO", url="")).status
        == "not-applicable"
    )
    unknown = finding("reg.settings-url-empty", dsregcmd=dsreg(url=None))
    assert unknown.status == "unknown"
    assert "SettingsUrl" in unknown.missing[0]
