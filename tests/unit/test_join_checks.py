"""join.*, cert.* and capture.context on real captures (samples and tests/data/realworld).

Variants are the real text with one field changed (named in each test), to show the rule
reads the field and not the file.
"""

from __future__ import annotations

from pathlib import Path

from esr_gui.core.diagnose import run_diagnosis
from esr_gui.core.diagnose.engine import Diagnosis
from esr_gui.core.snapshot_builder import snapshot_from_dsregcmd
from tests.conftest import REPO, sample

REALWORLD = REPO / "tests" / "data" / "realworld" / "dsregcmd"
JP_PENDING = REALWORLD / "jpazureid-hybrid-pending-device-deviceauthstatus-failed-fragment.txt"
LAB_ERROR = REALWORLD / "intune-lab-journal-deviceauthstatus-failed-error-0xd000023c-fragment.txt"


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _diagnose(text: str) -> Diagnosis:
    return run_diagnosis(snapshot_from_dsregcmd(text.encode("utf-8"), "capture.txt", keep=True))


def _swap(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new)


def test_disabled_or_deleted_device_is_a_cause_with_an_admin_first_step() -> None:
    result = _diagnose(_text(JP_PENDING))
    auth = result.get("join.device-auth")
    assert auth.status == "fail" and "disabled or deleted" in auth.title
    assert result.headline.finding_id == "join.device-auth"
    assert "Entra ID" in result.headline.action and "admin" in result.headline.action
    assert not result.headline.calm


def test_an_aadsts_code_tells_disabled_from_deleted() -> None:
    base = _text(JP_PENDING)
    disabled = base + "Server Error Description : AADSTS135011: Device used is disabled.\n"
    deleted = base + "Server Error Description : AADSTS700003: Device object was not found.\n"
    head_disabled = _diagnose(disabled).headline
    head_deleted = _diagnose(deleted).headline
    assert "enables the device object" in head_disabled.action
    assert "dsregcmd /leave" in head_deleted.action and "Re-register" in head_deleted.action
    assert _diagnose(deleted).get("join.device-auth").title.startswith("Device object deleted")


def test_failed_error_is_connectivity_not_device_state() -> None:
    result = _diagnose(_text(LAB_ERROR))
    auth = result.get("join.device-auth")
    assert auth.status == "warn" and "could not reach" in auth.title
    assert "0xD000023C" in auth.explanation
    assert result.headline.finding_id == "join.device-auth"
    assert "SYSTEM" in result.headline.action and "proxy" in result.headline.action


def test_success_passes_and_an_unjoined_device_is_not_applicable() -> None:
    assert _diagnose(_text(sample("05-"))).get("join.device-auth").status == "pass"
    assert _diagnose(_text(sample("03-"))).get("join.device-auth").status == "not-applicable"


def test_scp_failure_heads_with_the_scp_step_not_the_join_task() -> None:
    result = _diagnose(_text(sample("01-")))
    stage = result.get("join.stage")
    assert stage.status == "fail" and "service connection point" in stage.title
    assert "discover phase" in stage.explanation
    assert result.headline.finding_id == "join.stage"
    assert "service connection point" in result.headline.action


def test_the_drs_discovery_sub_code_names_the_cause() -> None:
    text = _text(sample("01-"))
    text = _swap(text, "Test : FAIL [0x80070002]", "Test : PASS")
    text = _swap(text, "Discovery Test : SKIPPED", "Discovery Test : FAIL [0x801c0021/0x80072ee2]")
    text = _swap(text, "Client ErrorCode : 0x801c001d", "Client ErrorCode : 0x801c0021")
    result = _diagnose(text)
    assert "as SYSTEM" in result.get("join.stage").title
    assert result.headline.finding_id == "join.stage"
    assert "enterpriseregistration.windows.net" in result.headline.action
    notes = " ".join(e.note for e in result.get("join.stage").evidence)
    assert "sub-code 0x80072EE2" in notes and "WININET_E_TIMEOUT" in notes


def test_a_domain_device_that_never_tried_is_not_told_to_rejoin() -> None:
    text = _text(sample("01-"))
    for line in text.splitlines():
        if any(k in line for k in ("Previous Registration", "Error Phase", "Client ErrorCode")):
            text = text.replace(line + "\n", "")
    text = _swap(text, "AD Configuration Test : FAIL [0x80070002]", "AD Configuration Test : PASS")
    result = _diagnose(text)
    assert result.get("join.stage").title == "No registration attempt recorded"
    assert result.headline.finding_id == "join.stage"
    assert "Automatic-Device-Join" in result.headline.action
    assert "rejoin" not in result.headline.action.lower()


def test_a_joined_device_passes_the_stage() -> None:
    assert _diagnose(_text(sample("14-"))).get("join.stage").status == "pass"


def _hybrid_with_wpj(workplace_tenant: str) -> str:
    text = _text(REALWORLD / "registered-only-after-leave-no-blank-lines-2026.txt")
    text = _swap(text, "AzureAdJoined : NO", "AzureAdJoined : YES")
    text = _swap(text, "DomainJoined : NO", "DomainJoined : YES")
    tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47"
    text = _swap(text, f"WorkplaceTenantId : {tenant}", f"WorkplaceTenantId : {workplace_tenant}")
    return text + f"\n                  TenantId : {tenant}\n                  DeviceId : 1\n"


def test_dual_state_same_tenant_warns_and_another_tenant_passes() -> None:
    same = _diagnose(_hybrid_with_wpj("72f988bf-86f1-41af-91ab-2d7cd011db47"))
    other = _diagnose(_hybrid_with_wpj("00000000-1111-2222-3333-444444444444"))
    assert same.get("join.state-consistency").status == "warn"
    assert "Dual state" in same.get("join.state-consistency").title
    assert other.get("join.state-consistency").status == "pass"


def test_contradictory_flags_fail() -> None:
    text = _swap(_text(sample("14-")), "EnterpriseJoined : NO", "EnterpriseJoined : YES")
    finding = _diagnose(text).get("join.state-consistency")
    assert finding.status == "fail" and "EnterpriseJoined" in finding.explanation


def test_certificate_is_judged_at_the_capture_time_not_today() -> None:
    text = _text(sample("05-"))
    old = "[ 2019-01-11 21:02:50.000 UTC -- 2029-01-11 21:32:50.000 UTC ]"
    ended_2024 = _swap(text, old, "[ 2019-01-11 21:02:50.000 UTC -- 2024-01-11 21:32:50.000 UTC ]")
    assert _diagnose(ended_2024).get("cert.validity").status == "pass"  # valid in 2019
    late = text.replace("2019-01-31 09:25:31.000 UTC", "2028-12-20 09:25:31.000 UTC")
    soon = _diagnose(late).get("cert.validity")
    assert soon.status == "warn" and "22 days" in soon.title
    after = text.replace("2019-01-31 09:25:31.000 UTC", "2029-02-01 00:00:00.000 UTC")
    result = _diagnose(after)
    assert result.get("cert.validity").status == "fail"
    assert result.headline.finding_id == "cert.validity"


def test_without_a_capture_time_validity_is_unknown_not_guessed() -> None:
    finding = _diagnose(_text(sample("14-"))).get("cert.validity")
    assert finding.status == "unknown" and finding.missing


def test_retyped_dates_contradicted_by_the_prt_are_not_called_expired() -> None:
    text = _text(REALWORLD / "maxiemiliyan-aadjoined-ragged-indent.txt")
    finding = _diagnose(text).get("cert.validity")
    assert finding.status == "unknown" and "contradict" in finding.title


def test_key_sign_test_failure_fails_and_not_elevated_is_no_verdict() -> None:
    failed = _swap(_text(sample("14-")), "KeySignTest : PASSED", "KeySignTest : FAILED")
    assert _diagnose(failed).get("cert.device-key").status == "fail"
    elevated = REALWORLD / "msdocs-2017-hybrid-flat-nospace-colon-keysigntest-must-run-elevated.txt"
    key = _diagnose(_text(elevated)).get("cert.device-key")
    assert key.status == "pass" and "elevated" in key.explanation


def test_recovery_pending_warns() -> None:
    text = _swap(_text(sample("14-")), "AadRecoveryEnabled : NO", "AadRecoveryEnabled : YES")
    assert _diagnose(text).get("cert.device-key").status == "warn"


def test_capture_context_system_warns_user_passes_remote_informs() -> None:
    system = _diagnose(_text(sample("01-"))).get("capture.context")
    assert system.status == "warn" and "SYSTEM" in system.title
    user = REALWORLD / "htb-monteverde-ws2019-evilwinrm-domainjoined-ngcprereq-error.txt"
    assert _diagnose(_text(user)).get("capture.context").status == "pass"
    assert _diagnose(_text(sample("14-"))).get("capture.context").status == "info"


def test_user_state_verdicts_name_the_capture_caveat() -> None:
    elevated = _diagnose(_text(sample("05-")))
    page = elevated.get("sync.settings-page-disabled")
    assert page.status == "fail" and "Less certain" in page.explanation
    assert "capture.context" in page.explanation
    assert elevated.get("reg.status").explanation.count("elevated") == 1  # said once
    assert "Less certain" not in elevated.get("prereq.device-joined").explanation  # not user state
    user = REALWORLD / "htb-monteverde-ws2019-evilwinrm-domainjoined-ngcprereq-error.txt"
    assert all("Less certain" not in f.explanation for f in _diagnose(_text(user)).findings)


def test_capture_context_never_headlines() -> None:
    result = _diagnose(_text(sample("04-")))
    assert result.get("capture.context").status == "warn"
    assert result.headline.finding_id != "capture.context"


def test_dsreg_time_and_validity_readers_take_every_printed_spelling() -> None:
    from datetime import UTC, datetime

    from esr_gui.core.dsreg_facts import parse_dsreg_time, parse_test_result, parse_validity

    assert parse_dsreg_time("2022-11-07 15:51:42.000 UTC") == datetime(
        2022, 11, 7, 15, 51, 42, tzinfo=UTC
    )
    assert parse_dsreg_time("2026-06-01 14:10:46 UTC") == datetime(
        2026, 6, 1, 14, 10, 46, tzinfo=UTC
    )
    assert parse_dsreg_time("[Date]") is None and parse_dsreg_time("2026-13-40 00:00:00") is None
    two = parse_validity("[ 2026-06-01 14:10:46 UTC -- 2036-06-01 14:40:46 UTC ]")
    one = parse_validity("[ 2025-05-24 08:35:03.000 UTC - 2025-05-24 09:05:03.000 UTC ]")
    assert two is not None and two[1].year == 2036 and one is not None and one[0].hour == 8
    assert parse_validity("[REDACTED_DATE_RANGE]") is None
    result = parse_test_result("FAIL [0x801c0021/0x801c000c]")
    assert result is not None and result.failed and result.codes == ("0x801C0021", "0x801C000C")
    skipped = parse_test_result("SKIPPED")
    assert skipped is not None and not skipped.failed and parse_test_result("  ") is None


def _stage_variant(code: str, extra: str = "", config: str = "PASS") -> Diagnosis:
    text = _swap(
        _text(sample("01-")), "Client ErrorCode : 0x801c001d", f"Client ErrorCode : {code}"
    )
    text = _swap(text, "Test : FAIL [0x80070002]", f"Test : {config}")
    return _diagnose(text + extra)


def test_each_join_cause_heads_with_its_own_first_step() -> None:
    cases = {
        "TPM": _stage_variant("0x80090016"),
        "federation service": _stage_variant(
            "0xcaa90017", "    Token acquisition Test : FAIL [0xcaa90017]\n"
        ),
        "Wait at least five minutes": _stage_variant(
            "0x801c03f2",
            "            Server Message : The request is throttled, retry after 300 seconds\n",
        ),
        "Entra Connect": _stage_variant(
            "0x801c03f2",
            "            Server Message : The device object by the given id is not found.\n",
        ),
        "Correct the tenant ID": _stage_variant("0x801c003a"),
    }
    for words, result in cases.items():
        assert result.headline.finding_id == "join.stage", words
        assert words in result.headline.action, (words, result.headline.action)


def test_pre_check_phase_points_at_the_domain_controller() -> None:
    text = _swap(_text(sample("01-")), "AD Connectivity Test : PASS", "AD Connectivity Test : FAIL")
    result = _diagnose(_swap(text, "Error Phase : discover", "Error Phase : pre-check"))
    assert "domain controller" in result.get("join.stage").title
    assert "corporate network or VPN" in result.headline.action


def test_win32_1317_or_1312_in_an_error_text_is_ad_replication() -> None:
    """CMTrace `ad-replication-issue`: the code in a Server Message, or as an HRESULT."""
    message = "            Server Message : The user account lookup failed with error 1317.\n"
    for result in (
        _stage_variant("0x801c03f2", message),
        _stage_variant("0x80070525"),
        _stage_variant("0x801c0021", "", config="FAIL [0x801c0021/0x80070520]"),
    ):
        stage = result.get("join.stage")
        assert stage.status == "fail" and "replicated" in stage.title, stage.title
        assert result.headline.finding_id == "join.stage"
        assert "Active Directory replication" in result.headline.action
    notes = " ".join(e.note for e in _stage_variant("0x80070525").get("join.stage").evidence)
    assert "ERROR_NO_SUCH_USER" in notes


def test_1312_inside_a_longer_number_is_not_replication() -> None:
    message = "            Server Message : Request 213124 failed at 13:12.\n"
    stage = _stage_variant("0x801c03f2", message).get("join.stage")
    assert "replicated" not in stage.title


def test_fallback_to_sync_join_disabled_is_said_on_a_failed_join_only() -> None:
    text = _text(sample("01-"))
    found = _diagnose(_swap(text, "Sync-Join : ENABLED", "Sync-Join : DISABLED")).get("join.stage")
    assert found.status == "fail" and "does not fall back to the sync join" in found.explanation
    assert any(e.field == "Fallback to Sync-Join" for e in found.evidence)
    assert "fall back" not in _diagnose(text).get("join.stage").explanation
    joined = _text(sample("14-"))
    if "Sync-Join : ENABLED" in joined:
        joined = _swap(joined, "Sync-Join : ENABLED", "Sync-Join : DISABLED")
    assert "fall back" not in _diagnose(joined).get("join.stage").explanation


def _tests_passed_no_code() -> str:
    text = _text(sample("01-"))
    for line in text.splitlines():
        if any(k in line for k in ("Error Phase", "Client ErrorCode")):
            text = text.replace(line + "\n", "")
    text = _swap(text, "AD Configuration Test : FAIL [0x80070002]", "AD Configuration Test : PASS")
    return _swap(text, "DRS Discovery Test : SKIPPED", "DRS Discovery Test : PASS")


def test_passing_pre_join_tests_without_a_code_infer_a_pending_sync() -> None:
    stage = _diagnose(_tests_passed_no_code()).get("join.stage")
    assert stage.status == "warn" and "waiting for Entra Connect" in stage.title
    assert "2022-11-07 15:50:24" in stage.explanation
    result = _diagnose(_tests_passed_no_code())
    assert result.headline.finding_id == "join.stage"
    assert "Entra Connect" in result.headline.action
    skipped = _swap(
        _tests_passed_no_code(), "DRS Discovery Test : PASS", "DRS Discovery Test : SKIPPED"
    )
    assert _diagnose(skipped).get("join.stage").title != stage.title


def test_the_built_in_administrator_is_named_on_a_device_not_joined() -> None:
    admin = "Executing Account Name : RCMLAB\\Administrator, Administrator@rcmlab.local"
    text = _swap(
        _text(sample("01-")),
        "Executing Account Name : RCMLAB\\RCMLAB-WS2022-S$, RCMLAB-WS2022-S$@rcmlab.local",
        admin,
    )
    result = _diagnose(text)
    for rid in ("join.stage", "prereq.device-joined"):
        found = result.get(rid)
        assert "built-in Administrator account" in found.explanation, rid
        assert any(e.value.startswith("RCMLAB\\Administrator") for e in found.evidence)
    assert (
        "built-in Administrator"
        not in _diagnose(_text(sample("01-"))).get("join.stage").explanation
    )


def test_builtin_admin_names_and_sids() -> None:
    from esr_gui.core.diagnose.join_notes import is_builtin_admin

    assert is_builtin_admin("Administrator")
    assert is_builtin_admin("CONTOSO\\administrator, administrator@contoso.com")
    assert is_builtin_admin("Administrator@corp.local")
    assert is_builtin_admin("S-1-5-21-1004336348-1177238915-682003330-500")
    assert not is_builtin_admin("CONTOSO\\admin.jane, admin.jane@contoso.com")
    assert not is_builtin_admin("S-1-5-21-1004336348-1177238915-682003330-1500")
    assert not is_builtin_admin("NEKOLAB\\installer, installer")
