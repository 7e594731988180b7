"""The sync logs read through one code table: ev.sync-* families and the policy-block code.

The policy case runs on a real capture (tugix456's SettingSync/Debug export, Turkish text, with
LogHr 6509 events carrying 800704EC); the families on events in wevtutil's own XML, as the
bundle reader loads them.
"""

from __future__ import annotations

import pytest

from esr_gui.core.models.events import Event
from esr_gui.core.report.text import evidence_line as text_evidence_line
from esr_gui.gui.evidence_text import evidence_line
from tests.unit.diagnose_support import (
    AZURE_DEBUG,
    MDM,
    POLICY,
    SYNC_DEBUG,
    build,
    diagnosis,
    dsreg,
    event,
    finding,
)
from tests.unit.test_diagnose_samples import events_bundle

SYNC_OPERATIONAL = "Microsoft-Windows-SettingSync/Operational"
AZURE_OPERATIONAL = "Microsoft-Windows-SettingSync-Azure/Operational"
CLOUDSTORE = "Microsoft-Windows-CloudStore/Operational"
TUGIX = "tugix456-randaodcxjj_Microsoft-Windows-SettingSync%4Debug.evtx"
STORAGE_URL = "https://kailani.one.microsoft.com/collections/windows"


def tugix_debug() -> dict[str, str]:
    return {"events/Microsoft-Windows-SettingSync%4Debug.evtx": TUGIX}


def storage(status: int, record: int = 1) -> Event:
    """SettingSync/Debug 6532 as its manifest words it (Verb, Url, StatusCode)."""
    text = f"Storage request: PUT to {STORAGE_URL} completed with status code {status}"
    return event(SYNC_DEBUG, 6532, record, message=text, Verb="PUT", StatusCode=str(status))


def test_real_policy_block_events_fail_the_policy_check_without_registry() -> None:
    found = events_bundle(tugix_debug()).get("sync.policy-allows")
    assert found.status == "fail"
    assert "0x800704EC" in found.explanation and "not captured" in found.explanation
    first = found.evidence[0]
    assert (first.source, first.event_id) == ("event", 6509)
    assert first.value == "0x800704EC"
    # Where the code is shown, its name and meaning stand beside it.
    assert "0x800704EC (ERROR_ACCESS_DISABLED_BY_POLICY: Blocked by policy.)" in (
        evidence_line(first)
    )
    assert "ERROR_ACCESS_DISABLED_BY_POLICY" in text_evidence_line(first)
    assert found.missing


def test_policy_event_with_keys_allowing_sync_warns_event_first() -> None:
    policy_event = event(SYNC_DEBUG, 6509, message="LogHr(2) tid(bbc) 800704EC blocked")
    result = diagnosis(
        registry={MDM: {"AllowSyncMySettings": 1}, **build(19045)},
        events={SYNC_DEBUG: [policy_event]},
    )
    found = result.get("sync.policy-allows")
    assert found.status == "warn"
    assert found.evidence[0].source == "event"
    assert any(e.source == "registry" for e in found.evidence)
    assert "removed" in found.explanation


def test_registry_block_stays_first_and_the_event_agrees() -> None:
    registry = {POLICY: {"DisableSettingSync": 2}}
    blocked = event(SYNC_DEBUG, 6065, Message="Error 0x800704EC")
    found = finding("sync.policy-allows", registry=registry, events={SYNC_DEBUG: [blocked]})
    assert found.status == "fail"
    assert found.evidence[0].field == POLICY + r"\DisableSettingSync"
    assert found.evidence[-1].event_id == 6065
    assert "log agrees" in found.explanation


def test_policy_code_outside_the_sync_logs_is_not_a_sync_policy() -> None:
    other = event("Microsoft-Windows-AAD/Operational", 1098, Error="0x800704EC")
    found = finding(
        "sync.policy-allows",
        registry={MDM: {"AllowSyncMySettings": 1}},
        events={"Microsoft-Windows-AAD/Operational": [other]},
    )
    assert found.status == "pass"


@pytest.mark.parametrize(
    ("status", "finding_id", "verdict"),
    [
        (429, "ev.sync-throttled", "warn"),
        (503, "ev.sync-throttled", "warn"),
        (401, "ev.sync-auth", "fail"),
        (403, "ev.sync-service-refused", "fail"),
        (413, "ev.sync-quota", "warn"),
    ],
)
def test_storage_http_status_decides_its_family(status: int, finding_id: str, verdict: str) -> None:
    result = diagnosis(events={SYNC_DEBUG: [storage(200, 1), storage(status, 2)]})
    found = result.get(finding_id)
    assert found.status == verdict
    assert [e.event_id for e in found.evidence] == [6532]
    assert found.evidence[0].value == f"HTTP {status}"
    others = {"ev.sync-throttled", "ev.sync-auth", "ev.sync-service-refused", "ev.sync-quota"}
    assert all(result.get(i).status == "not-applicable" for i in others - {finding_id})


def test_azure_token_failure_in_decimal_counts_as_auth() -> None:
    # 0x80190191 (HTTP 401) as SettingSync-Azure writes HRESULTs: signed decimal.
    failed = event(AZURE_OPERATIONAL, 5002, Status="UserInteractionRequired", Result="-2145844847")
    found = finding("ev.sync-auth", events={AZURE_OPERATIONAL: [failed]})
    assert found.status == "fail"
    assert "0x80190191" in found.evidence[0].value
    assert "remedy.sign-out-in" in found.remedies


def test_information_5002_without_a_code_is_not_a_failure() -> None:
    fine = event(AZURE_OPERATIONAL, 5002, Status="Success").model_copy(update={"level": 4})
    assert finding("ev.sync-auth", events={AZURE_OPERATIONAL: [fine]}).status == "not-applicable"


def cloudstore_error(code: int, record: int = 1) -> Event:
    """CloudStore/Operational event 1 in its manifest's shape: ErrorCode in unsigned decimal."""
    text = f"Error 0x{code:08X} occurred. See event details for more information."
    fields = {"ProcessName": "svchost.exe", "Type": "1", "ErrorCode": str(code)}
    fields["File"] = r"onecoreuap\shell\cloudstore\store\cache\src\cloudcacheinitializer.cpp"
    return event(CLOUDSTORE, 1, record, message=text, LineNumber="313", **fields)


def test_real_cloudstore_noise_is_listed_not_taken_for_a_sign_in_failure() -> None:
    # The published example of CloudStore event 1 (detection-wiki, see SOURCES.md): 0x80070520
    # (no logon session) from svchost while the cache initialises, a common harmless error.
    result = diagnosis(events={CLOUDSTORE: [cloudstore_error(2147943712)]})
    assert result.get("ev.sync-auth").status == "not-applicable"
    found = result.get("ev.sync-log-errors")
    assert found.status == "info"
    assert "0x80070520 ERROR_NO_SUCH_LOGON_SESSION ×1" in found.explanation
    assert found.evidence[0].channel == CLOUDSTORE


def test_cloudstore_errors_are_read_through_the_code_table() -> None:
    busy = cloudstore_error(0x801901F7)
    found = finding("ev.sync-throttled", events={CLOUDSTORE: [busy]})
    assert found.status == "warn"
    assert found.evidence[0].channel == CLOUDSTORE
    assert "HTTP_E_STATUS_SERVICE_UNAVAIL" in evidence_line(found.evidence[0])


def test_operational_ids_name_the_cause_on_their_own() -> None:
    result = diagnosis(
        events={SYNC_OPERATIONAL: [event(SYNC_OPERATIONAL, 5517), event(SYNC_OPERATIONAL, 5516)]}
    )
    assert result.get("ev.sync-throttled").status == "warn"
    assert result.get("ev.sync-quota").status == "warn"


def test_newest_deciding_event_comes_first() -> None:
    older = event(AZURE_DEBUG, 6007, 1, "2026-11-20T08:00:00+01:00")
    newer = event(AZURE_DEBUG, 6007, 2, "2026-11-25T08:00:00+01:00")
    found = finding("ev.sync-auth", events={AZURE_DEBUG: [older, newer]})
    assert [e.record_id for e in found.evidence] == [2, 1]
    assert "2 time(s)" in found.explanation


def test_without_sync_logs_the_families_are_unknown_and_say_which_log() -> None:
    found = finding("ev.sync-quota", registry=build(19045))
    assert found.status == "unknown"
    assert any("SettingSync/Operational" in m for m in found.missing)


def test_real_debug_log_without_such_events_is_not_applicable() -> None:
    found = events_bundle(tugix_debug()).get("ev.sync-auth")
    assert found.status == "not-applicable"
    assert "SettingSync/Debug (55 events)" in found.explanation


def test_service_refusal_heads_a_healthy_device_with_an_admin_step() -> None:
    healthy = {"dsregcmd": dsreg(), "registry": build(19045), "system": {"last_boot": None}}
    result = diagnosis(**healthy, events={SYNC_DEBUG: [storage(403)]})
    assert result.headline.finding_id == "ev.sync-service-refused"
    assert "Enterprise State Roaming" in result.headline.action


def test_other_codes_of_the_real_debug_log_are_counted_and_decoded() -> None:
    found = events_bundle(tugix_debug()).get("ev.sync-log-errors")
    assert found.status == "info"
    # 31 LogHr events with 80070002; the 800704EC ones belong to sync.policy-allows.
    assert "0x80070002 ERROR_FILE_NOT_FOUND ×31" in found.explanation
    assert "0x800704EC" not in found.explanation
    assert [e.value for e in found.evidence] == ["0x80070002"]


def test_cloudstore_initialization_is_read_when_the_bundle_holds_it() -> None:
    init = "Microsoft-Windows-CloudStore/Initialization"
    odd = event(init, 1, message="Error 0x8007001F occurred.", Type="1", ErrorCode="2147942431")
    found = finding("ev.sync-log-errors", events={init: [odd]})
    assert found.status == "info"
    assert found.evidence[0].channel == init
    assert "ERROR_GEN_FAILURE" in found.explanation
    # A log the capture never lists is not asked for when it is absent.
    assert not [m for m in finding("ev.sync-log-errors").missing if "Initialization" in m]


def test_a_logged_policy_block_alone_ranks_below_an_empty_settings_url() -> None:
    # The event is history; the empty URL is the device's current state.
    blocked = event(SYNC_DEBUG, 6509, message="LogHr(2) tid(bbc) 800704EC")
    result = diagnosis(dsregcmd=dsreg(url=""), events={SYNC_DEBUG: [blocked]})
    assert result.get("sync.policy-allows").status == "fail"
    assert result.headline.finding_id == "reg.settings-url-empty"


def test_a_5002_without_level_or_code_is_a_success_but_6561_always_counts() -> None:
    no_level = event(AZURE_OPERATIONAL, 5002, Status="Success").model_copy(update={"level": None})
    assert finding("ev.sync-auth", events={AZURE_OPERATIONAL: [no_level]}).status == (
        "not-applicable"
    )
    aborted = event(SYNC_DEBUG, 6561, message="Aborting sync session: not connected")
    aborted = aborted.model_copy(update={"level": 4})
    assert finding("ev.sync-auth", events={SYNC_DEBUG: [aborted]}).status == "fail"


ORMA_AAD = "ormasoftchile-evtx-viewer_tests-test_data-sample.evtx_AAD-Operational.evtx"


def test_real_aad_operational_errors_no_finding_decides_are_counted_and_decoded() -> None:
    found = events_bundle({"events/Microsoft-Windows-AAD%4Operational.evtx": ORMA_AAD}).get(
        "ev.sync-log-errors"
    )
    assert "The AAD Operational log holds 11 error event(s)" in found.explanation
    assert "0xCAA82EE2 ERROR_ADAL_INTERNET_TIMEOUT ×2" in found.explanation
    # 1098 with 0xCAA5001C is ki.event-1098-token-broker's: not counted here.
    assert "0xCAA5001C" not in found.explanation
    assert "0xCAA9004F" in [e.value for e in found.evidence]


def test_aad_errors_turn_clean_sync_logs_into_info_and_warnings_do_not_count() -> None:
    found = events_bundle(
        {
            "events/Microsoft-Windows-AAD%4Operational.evtx": ORMA_AAD,
            **tugix_debug(),
        }
    ).get("ev.sync-log-errors")
    assert found.status == "info" and "AAD Operational log holds 11" in found.explanation
    assert "0xCAA90004" not in found.explanation  # level Warning (1097): not counted
    tugix_aad = "tugix456-randaodcxjj_Microsoft-Windows-AAD%4Operational.evtx"
    only_decided = events_bundle({"events/Microsoft-Windows-AAD%4Operational.evtx": tugix_aad})
    assert "AAD Operational log holds" not in only_decided.get("ev.sync-log-errors").explanation
