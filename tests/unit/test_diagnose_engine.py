"""The engine's promises: every id once, in order, on every run; a crashing rule is `unknown`."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from esr_gui.core.diagnose import FINDING_IDS, RULES, Rule, run_diagnosis
from esr_gui.core.diagnose.engine import diagnose
from esr_gui.core.dsreg_facts import DsregFacts
from esr_gui.core.models.dsreg import DsregField, DsregSection, DsregStatus
from esr_gui.core.models.findings import Finding
from esr_gui.core.models.registry import RegistryView, RegKey, RegValue
from esr_gui.core.models.snapshot import Snapshot, SourceInfo
from esr_gui.core.remedy.catalog import CATALOG
from tests.unit.diagnose_support import bundle_snapshot, dsreg

# The input check this project added (docs/findings.md), then contracts/findings.md in its order.
CONTRACT_IDS = [
    "input.dsregcmd", "capture.context",
    "prereq.os-build", "prereq.device-joined", "prereq.esr-enabled", "prereq.license",
    "prereq.restart-after-enable", "sync.policy-allows", "sync.user-toggles",
    "sync.settings-page-disabled", "sync.same-account", "sync.two-device-test", "reg.status",
    "reg.wam-not-set", "reg.settings-url-empty", "join.scp-tenant", "join.device-auth",
    "join.stage", "join.state-consistency", "cert.validity", "cert.device-key",
    "prt.status", "prt.last-attempt", "prt.upn-suffix", "prt.account", "prt.freshness",
    "prt.enterprise", "mfa.password-sign-in", "mfa.adfs-token-expired",
    "ki.mdm-sideload-1607", "ki.ie-favorites-1511", "ki.wip-no-sync", "ki.domain-date-time",
    "ki.uac-password-sync-1511", "ki.smart-card-sign-in", "ki.domain-offsite", "ki.mixed-case-upn",
    "ki.event-6065-account-disabled", "ki.event-1098-token-broker",
    "tenant.device-object", "tenant.user-account", "net.endpoints",
    "ev.sync-service-refused", "ev.sync-auth", "ev.sync-throttled", "ev.sync-quota",
    "ev.sync-log-errors",
]  # fmt: skip
STATUSES = {"pass", "fail", "warn", "info", "manual", "unknown", "not-applicable"}
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def check_invariants(findings: list[Finding], own_data: bool = True) -> None:
    assert [f.id for f in findings] == CONTRACT_IDS
    for f in findings:
        assert f.status in STATUSES
        assert f.title and f.explanation
        if own_data:  # fuzzed device values may contain braces themselves
            assert not PLACEHOLDER.search(f.title + f.explanation), f.id
        assert set(f.remedies) <= set(CATALOG), f.id
        if f.status == "unknown":
            assert f.missing, f"{f.id} is unknown but does not say what is missing"


def test_rule_table_matches_the_contract() -> None:
    assert list(FINDING_IDS) == CONTRACT_IDS


def test_empty_snapshot_reports_every_id_once() -> None:
    empty = Snapshot(source=SourceInfo(kind="pasted"))
    check_invariants(diagnose(empty))


def test_dsregcmd_only_snapshot_reports_every_id_once() -> None:
    check_invariants(run_diagnosis(bundle_snapshot(dsregcmd=dsreg())).findings)


def test_a_crashing_rule_becomes_unknown_with_the_reason() -> None:
    def boom(ctx: object) -> Finding:
        raise ZeroDivisionError("odd data")

    rules = tuple(Rule(r.id, r.area, boom) if r.id == "reg.status" else r for r in RULES)
    result = run_diagnosis(bundle_snapshot(dsregcmd=dsreg()), rules)
    crashed = result.get("reg.status")
    assert crashed.status == "unknown"
    assert "ZeroDivisionError: odd data" in crashed.explanation
    assert crashed.missing
    assert result.get("prereq.device-joined").status == "pass"  # the others still ran


def test_a_rule_answering_for_another_id_becomes_unknown() -> None:
    impostor = next(r for r in RULES if r.id == "prereq.license")
    rules = tuple(Rule(r.id, r.area, impostor.check) if r.id == "reg.status" else r for r in RULES)
    result = run_diagnosis(bundle_snapshot(), rules)
    assert [f.id for f in result.findings] == CONTRACT_IDS
    assert result.get("reg.status").status == "unknown"


def test_a_shared_fact_that_cannot_be_read_only_sinks_the_rules_using_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(cls: type, status: DsregStatus) -> DsregFacts:
        raise ValueError("cannot read")

    monkeypatch.setattr(DsregFacts, "from_status", classmethod(broken))
    result = run_diagnosis(bundle_snapshot(dsregcmd=dsreg()))
    assert [f.id for f in result.findings] == CONTRACT_IDS
    assert result.get("reg.status").status == "unknown"
    assert result.get("sync.two-device-test").status == "manual"


KEYS = [
    "AzureAdJoined", "DomainJoined", "WorkplaceJoined", "WamDefaultSet", "WamDefaultGUID",
    "AzureAdPrt", "SettingsUrl", "EnterprisePrt", "EnterprisePrtAuthority", "User Context",
    "Executing Account Name", "Client ErrorCode", "Attempt Status", "Error Phase",
]  # fmt: skip
VALUES = st.one_of(
    st.sampled_from(["YES", "NO", "ERROR", "", "ERROR (0xd0020017)", "eyJVx{x}==", "PC$@x.y"]),
    st.text(max_size=30),
)
SECTIONS = ["Device State", "Tenant Details", "User State", "SSO State", "Diagnostic Data"]
REG_PATHS = [
    r"HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion",
    r"HKLM\SOFTWARE\Policies\Microsoft\Windows\SettingSync",
    r"HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Authentication\LogonUI",
    r"HKCU\Software\Microsoft\Windows\CurrentVersion\SettingSync\Groups\Credentials",
    r"HKLM\SYSTEM\CurrentControlSet\Control\CloudDomainJoin\TenantInfo\t",
]
REG_NAMES = ["CurrentBuild", "UBR", "DisableSettingSync", "LastLoggedOnProvider", "Enabled",
             "UserSettingSyncUrl", "EditionID", "LastLoggedOnUser"]  # fmt: skip
REG_DATA = st.one_of(
    st.integers(-(2**31), 2**32), st.text(max_size=20), st.lists(st.text(max_size=5))
)


@st.composite
def odd_snapshots(draw: st.DrawFn) -> Snapshot:
    sections = [
        DsregSection(
            name=draw(st.sampled_from(SECTIONS)),
            fields=[
                DsregField(key=k, value=draw(VALUES)) for k in draw(st.lists(st.sampled_from(KEYS)))
            ],
        )
        for _ in range(draw(st.integers(0, 4)))
    ]
    keys = [
        RegKey(
            path=draw(st.sampled_from(REG_PATHS)),
            values=[
                RegValue(name=n, type="REG_SZ", data=draw(REG_DATA))
                for n in draw(st.lists(st.sampled_from(REG_NAMES)))
            ],
        )
        for _ in range(draw(st.integers(0, 4)))
    ]
    layout = draw(st.sampled_from(["sectioned", "flat", "unknown"]))
    return Snapshot(
        source=SourceInfo(kind="pasted"),
        dsregcmd=DsregStatus(layout=layout, sections=sections) if sections else None,
        registry=RegistryView.merged(keys),
        upn=draw(st.one_of(st.none(), st.text(max_size=20))),
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(odd_snapshots())
def test_no_rule_crashes_on_odd_data(snapshot: Snapshot) -> None:
    findings = diagnose(snapshot)
    check_invariants(findings, own_data=False)
    crashed = [f.id for f in findings if "could not run" in f.title]
    assert not crashed, [f.explanation for f in findings if f.id in crashed]
