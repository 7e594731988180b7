"""The "verify sync" rules through bundles: policy, user switches, greyed page, account, test."""

from __future__ import annotations

import pytest

from tests.unit.diagnose_support import (
    MDM,
    MSA_GUID,
    POLICY,
    USER_SYNC,
    build,
    dsreg,
    finding,
)

GROUPS = ("Accessibility", "Credentials", "Personalization", "Windows")


def toggles(off: tuple[str, ...] = (), hive: str = USER_SYNC) -> dict[str, dict[str, str | int]]:
    keys: dict[str, dict[str, str | int]] = {hive: {"SyncPolicy": 1}}
    keys.update({rf"{hive}\Groups\{g}": {"Enabled": 0 if g in off else 1} for g in GROUPS})
    return keys


def test_policy_do_not_sync_fails_and_mentions_user_override() -> None:
    registry = {POLICY: {"DisableSettingSync": 2, "DisableSettingSyncUserOverride": 1}}
    found = finding("sync.policy-allows", registry=registry)
    assert found.status == "fail"
    assert "DisableSettingSync = 2" in found.explanation
    assert "DisableSettingSyncUserOverride = 1" in found.explanation
    assert found.evidence[0].field == POLICY + r"\DisableSettingSync"
    assert found.evidence[0].value.startswith("2")


def test_policy_mdm_block_fails() -> None:
    found = finding("sync.policy-allows", registry={MDM: {"AllowSyncMySettings": 0}})
    assert found.status == "fail"
    assert "AllowSyncMySettings = 0" in found.explanation
    assert found.remedies == []


def test_policy_group_switches_warn_naming_groups() -> None:
    registry = {POLICY: {"DisableCredentialsSettingSync": 2, "DisableWebBrowserSettingSync": 2}}
    found = finding("sync.policy-allows", registry=registry)
    assert found.status == "warn"
    assert "passwords" in found.title and "web browser" in found.title


def test_policy_captured_and_not_set_passes() -> None:
    found = finding(
        "sync.policy-allows", registry={MDM: {"AllowSyncMySettings": 1}, **build(19045)}
    )
    assert found.status == "pass"
    assert any(e.value == "(key not present)" for e in found.evidence)


def test_policy_unknown_without_registry() -> None:
    found = finding("sync.policy-allows", dsregcmd=dsreg())
    assert found.status == "unknown"
    assert len(found.missing) == 2


@pytest.mark.parametrize(
    ("off", "status"),
    [((), "pass"), (("Personalization",), "warn"), (GROUPS, "fail")],
)
def test_user_toggles(off: tuple[str, ...], status: str) -> None:
    found = finding("sync.user-toggles", registry=toggles(off))
    assert found.status == status
    for group in off if status == "warn" else ():
        assert group in found.title
    if status != "pass":
        assert found.remedies == ["remedy.open-sync-settings"]


def test_user_toggles_read_from_hkey_users_of_an_elevated_capture() -> None:
    hive = r"HKEY_USERS\S-1-5-21-1-2-3-1104\Software\Microsoft\Windows\CurrentVersion\SettingSync"
    found = finding(
        "sync.user-toggles", registry=toggles(("Credentials",), hive), context="elevated"
    )
    assert found.status == "warn"
    assert "Credentials" in found.title


def test_user_toggles_of_a_system_capture_are_not_the_users() -> None:
    found = finding("sync.user-toggles", registry=toggles(), context="system")
    assert found.status == "unknown"
    assert "SYSTEM" in found.explanation


def test_user_toggles_sync_policy_5_warns() -> None:
    registry = toggles()
    registry[USER_SYNC]["SyncPolicy"] = 5
    assert finding("sync.user-toggles", registry=registry).status == "warn"


def test_user_toggles_unknown_says_how_to_check_by_hand() -> None:
    found = finding("sync.user-toggles", dsregcmd=dsreg())
    assert found.status == "unknown"
    assert "Sync your settings" in found.explanation
    assert "was not captured" in found.missing[0]


@pytest.mark.parametrize(
    ("sections", "status"),
    [
        (dsreg(aad="YES", dj="YES", prt="NO"), "fail"),
        (dsreg(aad="YES", dj="YES", prt="YES"), "pass"),
        (dsreg(aad="YES", dj="NO", prt="NO"), "not-applicable"),
        (dsreg(aad="YES", dj="YES", prt=None), "unknown"),
    ],
)
def test_settings_page_disabled(sections: dict[str, dict[str, str]], status: str) -> None:
    found = finding("sync.settings-page-disabled", dsregcmd=sections)
    assert found.status == status
    if status == "fail":
        assert any(e.field == "AzureAdPrt" and e.value == "NO" for e in found.evidence)
        assert "greyed" in found.explanation
        assert found.remedies[0] == "remedy.sign-out-in"
    if status == "unknown":
        assert found.missing


def test_settings_page_shows_prt_diagnostics() -> None:
    sso = {"Attempt Status": "0xc000006d", "Credential Type": "Password"}
    found = finding(
        "sync.settings-page-disabled", dsregcmd=dsreg(dj="YES", prt="NO", SSO_State=sso)
    )
    notes = " ".join(e.note for e in found.evidence)
    assert "STATUS_LOGON_FAILURE" in notes


def test_same_account_personal_microsoft_account_warns() -> None:
    found = finding("sync.same-account", dsregcmd=dsreg(guid=MSA_GUID))
    assert found.status == "warn"
    assert found.evidence[0].field == "WamDefaultGUID"


def test_same_account_is_manual_otherwise() -> None:
    for spec in ({}, {"dsregcmd": dsreg()}):
        found = finding("sync.same-account", **spec)
        assert found.status == "manual"
        assert "Your info" in found.explanation


def test_two_device_test_is_manual_with_the_steps() -> None:
    found = finding("sync.two-device-test")
    assert found.status == "manual"
    assert "five minutes" in found.explanation and "Win+L" in found.explanation
    assert found.remedies == ["remedy.lock-to-sync", "remedy.open-sync-settings"]
