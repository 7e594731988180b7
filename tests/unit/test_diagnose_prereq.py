"""The checklist rules, driven through bundles: build, join, ESR enabled, licence, restart."""

from __future__ import annotations

from pathlib import Path

import pytest

from esr_gui.core.diagnose import FINDING_IDS, run_diagnosis
from tests.unit.diagnose_support import (
    CDJ,
    CURRENT_VERSION,
    build,
    bundle_snapshot,
    dsreg,
    finding,
    written_snapshot,
)


@pytest.mark.parametrize(
    ("number", "ubr", "display", "status", "word"),
    [
        (10240, 16384, None, "fail", "1511"),
        (10586, 494, None, "warn", "22H2"),
        (14393, 10, None, "warn", "22H2"),
        (19044, 5131, "21H2", "warn", "FAQ"),
        (19045, 5131, "22H2", "pass", "22H2"),
        (22631, 4460, "23H2", "pass", "Windows 11"),
    ],
)
def test_os_build_tiers(number: int, ubr: int, display: str | None, status: str, word: str) -> None:
    found = finding("prereq.os-build", registry=build(number, ubr, display))
    assert found.status == status
    assert word in found.title + found.explanation
    fields = {e.field.rsplit("\\", 1)[-1] for e in found.evidence}
    assert {"CurrentBuild", "UBR"} <= fields


def test_os_build_windows_11_is_named_even_though_product_name_says_10() -> None:
    found = finding("prereq.os-build", registry=build(22631, 4460, "23H2"))
    assert found.title.startswith("Windows 11 23H2 (22631.4460)")


def test_os_build_server_edition_warns_client_only() -> None:
    spec = build(20348, 2700, "21H2", EditionID="ServerStandard")
    found = finding("prereq.os-build", registry=spec)
    assert found.status == "warn"
    assert "client editions" in found.explanation


def test_os_build_unknown_names_the_missing_key() -> None:
    found = finding("prereq.os-build", dsregcmd=dsreg())
    assert found.status == "unknown"
    assert any("CurrentVersion" in m and "CurrentBuild, UBR" in m for m in found.missing)
    assert "1803 or later" in found.explanation  # the sectioned layout says that much


@pytest.mark.parametrize(
    ("sections", "status", "remedy"),
    [
        (dsreg(aad="YES", dj="NO"), "pass", None),
        (dsreg(aad="YES", dj="YES"), "pass", None),
        (dsreg(aad="NO", dj="YES", wam="NO", guid=None), "fail", "remedy.run-device-join-task"),
        (
            dsreg(aad="NO", dj="NO", User_State={"WorkplaceJoined": "YES"}),
            "fail",
            "remedy.join-azure-ad",
        ),
        (dsreg(aad="NO", dj="NO"), "fail", "remedy.join-azure-ad"),
    ],
)
def test_device_joined(
    sections: dict[str, dict[str, str]], status: str, remedy: str | None
) -> None:
    found = finding("prereq.device-joined", dsregcmd=sections)
    assert found.status == status
    assert any(e.field == "AzureAdJoined" for e in found.evidence)
    if remedy:
        assert found.remedies[0] == remedy


def test_device_joined_registered_only_is_not_joined() -> None:
    found = finding(
        "prereq.device-joined", dsregcmd=dsreg(aad="NO", User_State={"WorkplaceJoined": "YES"})
    )
    assert found.status == "fail"
    assert "registered" in found.title.lower()


def test_device_joined_from_registry_cites_joininfo_and_says_what_is_missing() -> None:
    registry = {CDJ + r"\JoinInfo\3A7F1C9E2B4D": {"TenantId": "t", "UserEmail": "a@b.c"}}
    found = finding("prereq.device-joined", registry=registry)
    assert found.status == "pass"
    assert any("JoinInfo" in e.field for e in found.evidence)
    assert any("dsregcmd" in m for m in found.missing)


def test_device_joined_unknown_without_any_data() -> None:
    found = finding("prereq.device-joined")
    assert found.status == "unknown"
    assert found.missing


def test_esr_enabled_present_shows_decoded_endpoints() -> None:
    found = finding("prereq.esr-enabled", dsregcmd=dsreg())
    assert found.status == "pass"
    assert "kailani.one.microsoft.com" in found.explanation


def test_esr_enabled_abbreviated_value_is_still_present() -> None:
    found = finding("prereq.esr-enabled", dsregcmd=dsreg(url="eyJVx{lots of characters}xxxx=="))
    assert found.status == "pass"
    assert "could not be decoded" in found.explanation


def test_esr_enabled_empty_on_joined_device_fails() -> None:
    found = finding("prereq.esr-enabled", dsregcmd=dsreg(url=""))
    assert found.status == "fail"
    assert found.remedies == ["remedy.restart-and-sign-in"]


def test_esr_enabled_not_applicable_when_not_joined() -> None:
    assert (
        finding("prereq.esr-enabled", dsregcmd=dsreg(aad="NO", url="")).status == "not-applicable"
    )


def test_esr_enabled_read_from_the_registry_without_dsregcmd() -> None:
    tenant = CDJ + r"\TenantInfo\5f1c9d1e"
    found = finding("prereq.esr-enabled", registry={tenant: {"UserSettingSyncUrl": ""}})
    assert found.status == "fail"
    assert found.evidence[0].field.endswith("UserSettingSyncUrl")


def test_esr_enabled_unknown_without_data() -> None:
    found = finding("prereq.esr-enabled", registry=build(19045))
    assert found.status == "unknown"
    assert found.missing


def test_license_is_always_manual_and_says_where() -> None:
    for spec in ({}, {"dsregcmd": dsreg()}):
        found = finding("prereq.license", **spec)
        assert found.status == "manual"
        assert "Licenses" in found.explanation and "P1" in found.explanation


def test_restart_after_enable() -> None:
    system = {"last_boot": "2026-11-25T07:58:12+01:00", "last_logon": "2026-11-25T08:03:40+01:00"}
    warn = finding("prereq.restart-after-enable", dsregcmd=dsreg(url=""), system=system)
    assert warn.status == "warn"
    assert {e.field for e in warn.evidence} >= {"system.json last_boot", "system.json last_logon"}
    assert "remedy.restart-and-sign-in" in warn.remedies
    assert finding("prereq.restart-after-enable", dsregcmd=dsreg()).status == "pass"
    manual = finding("prereq.restart-after-enable", system=system)
    assert manual.status == "manual"
    assert len(manual.evidence) == 2


def test_written_zip_bundle_with_utf16_dsregcmd(tmp_path: Path) -> None:
    from tests.unit.diagnose_support import boxed

    text = b"\xff\xfe" + boxed(dsreg(url="")).encode("utf-16-le")
    snapshot = written_snapshot(tmp_path, dsregcmd=text, registry=build(19045, 5131, "22H2"))
    result = run_diagnosis(snapshot)
    assert result.get("reg.settings-url-empty").status == "fail"
    assert result.get("prereq.os-build").status == "pass"
    assert snapshot.registry.key(CURRENT_VERSION) is not None


def test_snapshot_without_manifest_context_still_diagnoses() -> None:
    assert len(run_diagnosis(bundle_snapshot()).findings) == len(FINDING_IDS)
