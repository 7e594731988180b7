"""The prt.* findings on real captures (issue 17): the PRT, why it failed, and how old it is.

The captures are real public outputs (tests/data/realworld/SOURCES.md, shared samples); the
variants below change one printed value of a real capture to show the rule reads the field,
not the file.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from esr_gui.core.diagnose import Diagnosis, run_diagnosis
from esr_gui.core.models.findings import Finding
from esr_gui.core.models.manifest import Manifest
from esr_gui.core.snapshot_builder import load_snapshot, snapshot_from_dsregcmd
from tests.conftest import sample
from tests.unit.diagnose_support import PASSWORD, PIN
from tests.unit.scenario_bundles import Dsreg
from tests.unit.scenario_catalog import SCENARIOS, device

REAL = Path(__file__).parents[1] / "data" / "realworld" / "dsregcmd"
CORP_LOCAL = REAL / "truong-hybrid-sso-state-aadsts90002-corp-local-upn.txt"
EARTHLOCAL = REAL / "ws01-headerless-prt-aadsts90002-unverified-earthlocal-com.txt"
MSIS = REAL / "msqa-591928-answer-sso-state-placeholders-adfs-msis9682.txt"


def diagnose(text: str, created: datetime | None = None) -> Diagnosis:
    snapshot = snapshot_from_dsregcmd(text.encode(), "test.txt")
    if created is not None:
        manifest = Manifest(format="esr-bundle", version=1, created=created)
        snapshot = snapshot.model_copy(update={"manifest": manifest})
    return run_diagnosis(snapshot)


def text_of(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def by_id(result: Diagnosis) -> dict[str, Finding]:
    return {f.id: f for f in result.findings}


@pytest.mark.parametrize("path", [CORP_LOCAL, EARTHLOCAL], ids=["corp.local", "earthlocal.com"])
def test_aadsts90002_is_a_upn_suffix_problem_and_heads(path: Path) -> None:
    result = diagnose(text_of(path))
    found = by_id(result)
    assert found["prt.upn-suffix"].status == "fail"
    assert found["prt.status"].status == "fail"
    assert found["prt.account"].status == "not-applicable"
    assert result.headline.finding_id == "prt.upn-suffix"
    # The first step changes the UPN suffix; signing out and in never helps here.
    assert result.headline.action.startswith("Give the user a UPN suffix")
    assert "sign out and sign in" not in result.headline.action.lower()
    first = found["prt.upn-suffix"].evidence[0]
    assert first.field == "Server Error Description" and "AADSTS90002" in first.value


def test_the_local_suffix_is_named_as_never_verifiable() -> None:
    local = by_id(diagnose(text_of(CORP_LOCAL)))["prt.upn-suffix"]
    routable = by_id(diagnose(text_of(EARTHLOCAL)))["prt.upn-suffix"]
    assert "can never be verified" in local.explanation
    assert "can never be verified" not in routable.explanation
    identity = next(e for e in local.evidence if e.field == "User Identity")
    assert "non-routable" in identity.note


def test_aadsts90002_naming_a_tenant_id_is_not_a_upn_suffix_problem() -> None:
    text = text_of(CORP_LOCAL).replace(
        "corp.local' not found", "0a1b2c3d-0000-1111-2222-333344445555' not found"
    )
    found = by_id(diagnose(text))
    assert found["prt.upn-suffix"].status == "not-applicable"
    assert found["prt.last-attempt"].status == "fail"
    assert "tenant ID" in found["prt.last-attempt"].explanation


def test_realm_not_found_status_without_server_text_is_a_upn_suffix_problem() -> None:
    lines = [line for line in text_of(CORP_LOCAL).splitlines() if "Server Error" not in line]
    text = "\n".join(lines).replace("0xc00000d0", "C000005F")  # bare hex, upper case
    found = by_id(diagnose(text))
    assert found["prt.upn-suffix"].status == "fail"
    assert "0xC000005F" in found["prt.upn-suffix"].title


def test_sample_05_wrong_password_is_an_account_problem() -> None:
    result = diagnose(sample("05").read_text(encoding="utf-8"))
    found = by_id(result)
    assert found["prt.account"].status == "fail"
    assert "AADSTS50126" in found["prt.account"].title
    assert "(signed in with Password)" in found["prt.account"].explanation
    assert result.headline.finding_id == "prt.account"
    assert found["prt.enterprise"].status == "pass"


@pytest.mark.parametrize(
    ("code", "kind_word", "action_start"),
    [
        ("AADSTS50057: The user account is disabled.", "disabled", "Enable the user account"),
        ("AADSTS50053: The account is locked.", "locked", "Unblock the account"),
        ("AADSTS50055: The password is expired.", "expired", "Have the user change"),
        ("AADSTS50076: Due to a configuration change", "multi-factor", "Sign in to Windows with"),
    ],
)
def test_each_account_problem_heads_with_its_own_first_step(
    code: str, kind_word: str, action_start: str
) -> None:
    original = "AADSTS50126: Error validating credentials due to invalid username or password."
    text = sample("05").read_text(encoding="utf-8").replace(original, code)
    result = diagnose(text)
    assert kind_word in by_id(result)["prt.account"].title
    assert result.headline.finding_id == "prt.account"
    assert result.headline.action.startswith(action_start)


def test_device_deleted_heads_with_the_device_step() -> None:
    text = text_of(CORP_LOCAL).replace(
        "AADSTS90002: Tenant 'corp.local' not found.", "AADSTS700003: Device object was not found"
    )
    result = diagnose(text)
    assert by_id(result)["prt.last-attempt"].status == "fail"
    assert result.headline.finding_id == "prt.last-attempt"
    assert result.headline.action.startswith("Check the device in Entra")


@pytest.mark.parametrize(
    ("printed", "shown"), [("0x80072ee7", "0x80072EE7"), ("12029", "WinHTTP 12029")]
)
def test_transport_error_is_a_network_cause(printed: str, shown: str) -> None:
    lines = [line for line in text_of(CORP_LOCAL).splitlines() if "Server Error" not in line]
    text = "\n".join(lines).replace("0xc00000d0", "0xc000006d") + f"\n  HTTP Error : {printed}\n"
    result = diagnose(text)
    assert shown in by_id(result)["prt.last-attempt"].title
    assert result.headline.action.startswith("Let the device reach login.microsoftonline.com")


def test_adfs_msis_error_on_a_held_prt_warns_and_names_the_federation_side() -> None:
    found = by_id(diagnose(text_of(MSIS)))
    attempt = found["prt.last-attempt"]
    assert attempt.status == "warn" and "MSIS9682" in attempt.title
    assert "AD FS" in attempt.explanation
    assert found["prt.status"].status == "pass"
    assert found["prt.enterprise"].status == "info"


FRESH_TEXT = sample("14").read_text(encoding="utf-8")  # updated 2025-03-09 11:00:27, expires 03-23


@pytest.mark.parametrize(
    ("created", "status"),
    [
        (datetime(2025, 3, 9, 12, 0, tzinfo=UTC), "pass"),
        (datetime(2025, 3, 9, 16, 0, tzinfo=UTC), "warn"),
        (datetime(2025, 3, 24, 9, 0, tzinfo=UTC), "fail"),
    ],
)
def test_freshness_is_judged_against_the_capture_time(created: datetime, status: str) -> None:
    found = by_id(diagnose(FRESH_TEXT, created))["prt.freshness"]
    assert found.status == status
    assert any(e.source == "manifest" for e in found.evidence)


def test_freshness_without_a_capture_time_is_unknown_never_judged_by_todays_clock() -> None:
    found = by_id(diagnose(FRESH_TEXT))["prt.freshness"]
    assert found.status == "unknown"
    assert found.missing and "capture time" in found.missing[0]


def test_freshness_falls_back_on_dsregcmds_own_client_time() -> None:
    box = "+" + "-" * 70 + "+\n| Diagnostic Data" + " " * 55 + "|\n+" + "-" * 70 + "+\n"
    text = FRESH_TEXT + "\n" + box + "\n               Client Time : 2025-03-09 18:30:00.000 UTC\n"
    found = by_id(diagnose(text))["prt.freshness"]
    assert found.status == "warn" and "7.5 hours" in found.title


def test_a_failure_older_than_the_last_refresh_is_only_information() -> None:
    extra = (
        "     AcquirePrtDiagnostics : PRESENT\n"
        "      Previous Prt Attempt : 2025-03-08 09:00:00.000 UTC\n"
        "            Attempt Status : 0xc000006d\n"
    )
    text = FRESH_TEXT.replace(
        "             EnterprisePrt : NO\n", extra + "             EnterprisePrt : NO\n"
    )
    found = by_id(diagnose(text))["prt.last-attempt"]
    assert found.status == "info" and "refreshed since" in found.title


def test_azure_ad_joined_without_prt_is_a_finding_and_heads(tmp_path: Path) -> None:
    snapshot = load_snapshot(SCENARIOS["aadj-no-prt"]().write(tmp_path / "b"))
    result = run_diagnosis(snapshot)
    assert by_id(result)["prt.status"].status == "fail"
    assert by_id(result)["sync.settings-page-disabled"].status == "not-applicable"
    assert result.headline.finding_id == "prt.status"


def test_hybrid_without_diagnostics_keeps_the_settings_page_headline() -> None:
    result = diagnose(sample("02").read_text(encoding="utf-8"))
    found = by_id(result)
    assert found["prt.status"].status == "fail"
    assert found["prt.last-attempt"].status == "unknown" and found["prt.last-attempt"].missing
    assert result.headline.finding_id == "sync.settings-page-disabled"


def test_a_system_capture_cannot_judge_the_users_prt(tmp_path: Path) -> None:
    snapshot = load_snapshot(SCENARIOS["system-context"]().write(tmp_path / "b"))
    found = by_id(run_diagnosis(snapshot))
    for finding_id in ("prt.status", "prt.upn-suffix", "prt.account", "prt.freshness"):
        assert found[finding_id].status == "unknown", finding_id
        assert found[finding_id].missing


def _mfa_device(provider: str, tmp_path: Path) -> Diagnosis:
    sso = {
        "AcquirePrtDiagnostics": "PRESENT",
        "Attempt Status": "0xc000006d",
        "Credential Type": "Password",
        "Server Error Code": "interaction_required",
        "Server Error Description": "AADSTS50076: Due to a configuration change made by your "
        "administrator, or because you moved to a new location, you must use multi-factor "
        "authentication.",
    }
    scenario = device(provider=provider, dsreg=Dsreg(prt="NO", extra={"SSO State": sso}))
    return run_diagnosis(load_snapshot(scenario.write(tmp_path / provider[:8])))


def test_mfa_required_after_a_password_sign_in_says_use_the_pin(tmp_path: Path) -> None:
    result = _mfa_device(PASSWORD, tmp_path)
    assert result.headline.finding_id == "prt.account"
    assert "Windows Hello PIN" in by_id(result)["prt.account"].explanation


def test_mfa_required_after_a_pin_sign_in_does_not_say_use_the_pin(tmp_path: Path) -> None:
    found = by_id(_mfa_device(PIN, tmp_path))["prt.account"]
    assert found.status == "fail"
    assert "already used Windows Hello" in found.explanation


def test_a_refresh_failure_while_the_prt_works_warns_once_and_blames_no_account() -> None:
    """A shared device may print another user's failure: with AzureAdPrt YES the account and
    the UPN suffix demonstrably work; only the failed refresh is reported (as a warning)."""
    text = text_of(MSIS).replace(
        "MSIS9682: Received invalid OAuth JWT Bearer request. The certificate used to sign JWT "
        "Bearer request is not from a registered device with a Transport key.",
        "AADSTS50055: The password is expired.",
    )
    found = by_id(diagnose(text))
    assert found["prt.last-attempt"].status == "warn"
    assert "AADSTS50055" in found["prt.last-attempt"].title
    assert "prt.account says" not in found["prt.last-attempt"].explanation
    assert found["prt.account"].status == "pass"
    assert found["prt.upn-suffix"].status == "pass"
