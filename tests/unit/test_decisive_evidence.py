"""The fact that decides a finding is listed first, so no report hides it behind "+N more"."""

from __future__ import annotations

from esr_gui.core.report.text import MAX_EVIDENCE, finding_lines
from esr_gui.gui.device_facts import dsreg_rows
from esr_gui.gui.models.events_model import cell_meaning, codes_cell
from tests.unit.diagnose_support import (
    AAD,
    SYNC_DEBUG,
    UDR,
    bundle_snapshot,
    diagnosis,
    dsreg,
    event,
)

# The SSO State of a hybrid device whose PRT request got HTTP 400 (MS-PRT's 0xc00000d0 case).
PRT_FAILED = {
    "SSO_State": {
        "AzureAdPrt": "NO",
        "Attempt Status": "0xc00000d0",
        "Credential Type": "Password",
        "Server Error Code": "invalid_request",
        "Server Error Description": "AADSTS90002: Tenant 'corp.local' not found.",
    }
}


def test_prt_and_its_attempt_status_come_before_the_join_fields() -> None:
    result = diagnosis(dsregcmd=dsreg(dj="YES", prt="NO", **PRT_FAILED))
    found = result.get("sync.settings-page-disabled")
    assert found.status == "fail"
    shown = [e.field for e in found.evidence[:MAX_EVIDENCE]]
    assert shown[:2] == ["AzureAdPrt", "Attempt Status"]
    text = "\n".join(finding_lines(found))
    assert "Attempt Status = 0xc00000d0" in text
    assert "STATUS_REQUEST_NOT_ACCEPTED" in text


def test_newest_1098_is_listed_first() -> None:
    events = [
        event(AAD, 1098, n, f"2026-11-2{n}T08:00:00+01:00", Error="0xCAA5001C") for n in (1, 2, 3)
    ]
    found = diagnosis(events={AAD: events}).get("ki.event-1098-token-broker")
    assert [e.record_id for e in found.evidence] == [3, 2, 1]


def test_device_status_row_with_a_code_says_what_it_means() -> None:
    status = bundle_snapshot(dsregcmd=dsreg(dj="YES", prt="NO", **PRT_FAILED)).dsregcmd
    assert status is not None
    rows = {r.name: r for group in dsreg_rows(status) for r in group.children}
    assert rows["Attempt Status"].expect.startswith("0xC00000D0 STATUS_REQUEST_NOT_ACCEPTED:")
    assert rows["Credential Type"].expect == ""


def test_events_row_shows_what_the_sync_code_means_beside_it() -> None:
    blocked = event(SYNC_DEBUG, 6509, message="LogHr(2) tid(bbc) 800704EC")
    (parsed,) = bundle_snapshot(events={SYNC_DEBUG: [blocked]}).events
    assert codes_cell(parsed) == "0x800704EC"
    assert cell_meaning(parsed).startswith("Blocked by policy.")


def test_registration_events_without_a_code_still_say_what_they_mean() -> None:
    failed = event(UDR, 205, message="The complete join response operation failed.")
    (parsed,) = bundle_snapshot(events={UDR: [failed]}).events
    assert cell_meaning(parsed) == "processing the join response failed (exit code given)"
