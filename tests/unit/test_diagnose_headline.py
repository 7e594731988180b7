"""The headline: the ranking table as data, precedence between findings, the calm headline."""

from __future__ import annotations

from esr_gui.core.diagnose import FINDING_IDS, RANKING, choose_headline
from esr_gui.core.models.findings import Finding
from tests.unit.diagnose_support import (
    AZURE_DEBUG,
    LOGONUI,
    POLICY,
    SMART_CARD,
    USER_SYNC,
    build,
    diagnosis,
    dsreg,
    event,
)


def f(finding_id: str, status: str, remedies: list[str] | None = None) -> Finding:
    return Finding(
        id=finding_id, status=status, title=f"title of {finding_id}", remedies=remedies or []
    )  # type: ignore[arg-type]


def test_ranking_table_is_data_with_a_reason_per_row() -> None:
    for rank in RANKING:
        assert rank.finding_id in FINDING_IDS
        assert rank.statuses and set(rank.statuses) <= {"fail", "warn", "unknown"}
        assert len(rank.reason) > 10
    keys = [(r.finding_id, r.statuses, r.when) for r in RANKING]
    assert len(keys) == len(set(keys))
    # The unread input heads the table; a fail outranks every warning, except two warnings
    # that cause the fails below them: being away from the domain (reconnect first) and an
    # endpoint seen only through TLS inspection or a proxy asking for credentials.
    assert RANKING[0].finding_id == "input.dsregcmd" and RANKING[0].statuses == ("unknown",)
    fails = [i for i, r in enumerate(RANKING) if "fail" in r.statuses]
    early = {r.finding_id for i, r in enumerate(RANKING) if "warn" in r.statuses and i < max(fails)}
    # A device check that cannot reach Entra ID is the same kind of cause: the path first.
    # A join most likely waiting for Entra Connect explains the not-joined fail below it.
    assert early == {"ki.domain-offsite", "net.endpoints", "join.device-auth", "join.stage"}


def test_not_joined_beats_everything_about_wam() -> None:
    findings = [
        f("reg.status", "fail"),
        f("reg.wam-not-set", "fail"),
        f("prereq.device-joined", "fail", ["remedy.run-device-join-task"]),
    ]
    headline = choose_headline(findings)
    assert headline.finding_id == "prereq.device-joined"
    assert headline.remedy == "remedy.run-device-join-task"
    assert headline.action


def test_policy_block_beats_user_toggles() -> None:
    registry = {
        POLICY: {"DisableSettingSync": 2},
        USER_SYNC + r"\Groups\Windows": {"Enabled": 0},
    }
    result = diagnosis(dsregcmd=dsreg(), registry=registry)
    assert result.get("sync.user-toggles").status == "fail"
    assert result.headline.finding_id == "sync.policy-allows"


def test_known_issue_with_build_and_event_beats_generic_warnings() -> None:
    sideload = event(AZURE_DEBUG, 6013, HRESULT="0x80070259")
    registry = {**build(14393, 10), LOGONUI: {"LastLoggedOnProvider": SMART_CARD}}
    result = diagnosis(
        dsregcmd=dsreg(dj="YES"), registry=registry, events={AZURE_DEBUG: [sideload]}
    )
    assert result.get("ki.smart-card-sign-in").status == "warn"
    assert result.get("prereq.os-build").status == "warn"
    assert result.headline.finding_id == "ki.mdm-sideload-1607"
    assert "KB3176934" in result.headline.action
    assert result.headline.remedy == "remedy.install-update"


def test_calm_headline_when_nothing_fails_or_warns() -> None:
    headline = choose_headline([f("prereq.license", "manual"), f("reg.status", "pass")])
    assert headline.finding_id is None
    assert headline.text == "No known cause found"
    assert "two-device" in headline.action
    assert "sync.two-device-test" in headline.related


def test_calm_headline_says_when_data_was_missing() -> None:
    headline = choose_headline([f("reg.status", "unknown")])
    assert headline.text.startswith("No known cause found in the data captured")
    assert "reg.status" in headline.related


def test_limitations_never_headline() -> None:
    headline = choose_headline([f("ki.domain-date-time", "warn"), f("reg.status", "pass")])
    assert headline.finding_id is None
    assert "title of ki.domain-date-time" in headline.reason


def test_unranked_warning_falls_back_to_severity() -> None:
    headline = choose_headline([f("new.future-check", "warn"), f("other.check", "fail")])
    assert headline.finding_id == "other.check"


OFFSITE_HYBRID = {"domain_controller_reachable": False}


def test_unread_dsregcmd_heads_even_a_proven_fail() -> None:
    headline = choose_headline(
        [f("ki.event-6065-account-disabled", "fail"), f("input.dsregcmd", "unknown")]
    )
    assert headline.finding_id == "input.dsregcmd"
    assert headline.status == "unknown" and headline.lead == "Cannot tell"
    assert headline.text.startswith("Cannot tell: ")
    assert "dsregcmd /status" in headline.action
    assert headline.related == ["ki.event-6065-account-disabled"]


def test_a_partial_dsregcmd_heads_warnings_but_not_fails() -> None:
    partial = f("input.dsregcmd", "warn")
    headline = choose_headline([partial, f("ki.smart-card-sign-in", "warn")])
    assert headline.finding_id == "input.dsregcmd" and headline.lead == "Partial data"
    headline = choose_headline([partial, f("reg.settings-url-empty", "fail")])
    assert headline.finding_id == "reg.settings-url-empty"


def test_hybrid_away_from_the_domain_reconnects_before_signing_in_again() -> None:
    result = diagnosis(
        dsregcmd=dsreg(dj="YES", prt="NO"), registry=build(19045), system=OFFSITE_HYBRID
    )
    assert result.get("sync.settings-page-disabled").status == "fail"
    assert result.get("ki.domain-offsite").status == "warn"
    assert result.headline.finding_id == "ki.domain-offsite"
    assert result.headline.remedy == "remedy.connect-corp-network"
    assert "sign out" not in result.headline.action.lower()


def test_registration_error_code_gives_its_own_cause_and_step() -> None:
    diagnostic = {"Error Phase": "discover", "Client ErrorCode": "0x801c001d"}
    result = diagnosis(
        dsregcmd=dsreg(
            aad="NO", dj="YES", wam="NO", guid=None, prt="NO", Diagnostic_Data=diagnostic
        ),
        registry=build(19045),
    )
    headline = result.headline
    assert headline.finding_id == "join.stage"  # the stage finding names the same code
    assert "0x801C001D" in headline.text and "service connection point" in headline.text
    assert "CDJ\\AAD" in headline.action
    assert headline.remedy != "remedy.run-device-join-task"
    assert not headline.action.lower().startswith("start the device registration task")


def test_a_code_without_a_known_step_keeps_the_finding_remedy() -> None:
    diagnostic = {"Error Phase": "join", "Client ErrorCode": "0x80070005"}
    result = diagnosis(
        dsregcmd=dsreg(
            aad="NO", dj="YES", wam="NO", guid=None, prt="NO", Diagnostic_Data=diagnostic
        ),
        registry=build(19045),
    )
    assert result.headline.remedy == "remedy.run-device-join-task"


def test_a_device_never_joined_is_told_to_join_not_to_rejoin() -> None:
    for workplace in ("NO", "YES"):
        sections = dsreg(aad="NO", dj="NO", wam="NO", guid=None, prt="NO")
        sections["User State"]["WorkplaceJoined"] = workplace
        headline = diagnosis(dsregcmd=sections, registry=build(19045)).headline
        assert headline.finding_id == "prereq.device-joined"
        assert headline.action.startswith("Join the device to Azure AD")
        assert "rejoin" not in headline.action.lower()
        assert headline.remedy is None
