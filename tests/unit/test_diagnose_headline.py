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
        assert rank.statuses and set(rank.statuses) <= {"fail", "warn"}
        assert len(rank.reason) > 10
    keys = [(r.finding_id, r.statuses) for r in RANKING]
    assert len(keys) == len(set(keys))
    fails = [i for i, r in enumerate(RANKING) if "fail" in r.statuses]
    warns = [i for i, r in enumerate(RANKING) if "warn" in r.statuses]
    assert max(fails) < min(warns)  # any fail outranks every warning


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
