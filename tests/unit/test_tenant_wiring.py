"""The tenant checks inside a whole diagnosis: the records, prereq.license, ki.mixed-case-upn,
the headline and the checklist group (issue 18)."""

from __future__ import annotations

from esr_gui.core.diagnose import run_diagnosis
from esr_gui.core.diagnose.rules import FINDING_IDS
from esr_gui.gui.status import group_of
from tests.unit.tenant_support import (
    DEVICES,
    LICENCES,
    ME,
    device,
    devices,
    graph_members,
    licences,
    me,
    tenant_snapshot,
)


def test_every_finding_id_has_a_checklist_group() -> None:
    """A finding with no group would never show in the checklist."""
    assert [i for i in FINDING_IDS if group_of(i) is None] == []
    assert {"tenant.device-object", "tenant.user-account"} <= set(FINDING_IDS)


def test_without_graph_data_the_tenant_checks_are_unknown_and_the_licence_manual() -> None:
    found = run_diagnosis(tenant_snapshot(None)).by_id()
    assert found["tenant.device-object"].status == "unknown"
    assert found["tenant.user-account"].status == "unknown"
    assert found["prereq.license"].status == "manual"


def test_a_licence_read_from_graph_decides_prereq_license() -> None:
    good = licences(("AAD_PREMIUM", "Success"))
    ok = run_diagnosis(tenant_snapshot(graph_members((ME, 200, me()), (LICENCES, 200, good))))
    assert ok.get("prereq.license").status == "pass"
    none = licences(("EXCHANGE_S_STANDARD", "Success"))
    bad = run_diagnosis(tenant_snapshot(graph_members((ME, 200, me()), (LICENCES, 200, none))))
    assert bad.get("prereq.license").status == "fail"
    assert bad.headline.finding_id == "prereq.license"


def test_a_deleted_device_object_heads_the_diagnosis() -> None:
    graph = graph_members((ME, 200, me()), (DEVICES, 200, devices()))
    diagnosis = run_diagnosis(tenant_snapshot(graph))
    assert diagnosis.get("tenant.device-object").status == "fail"
    assert diagnosis.headline.finding_id == "tenant.device-object"
    assert "Entra admin center" in diagnosis.headline.action


def test_the_tenant_spelling_decides_the_mixed_case_known_issue() -> None:
    """Capitals alone made the known issue apply; with Graph data only a real mismatch does."""
    same = run_diagnosis(tenant_snapshot(graph_members((ME, 200, me()))))
    assert same.get("ki.mixed-case-upn").status == "not-applicable"
    assert any(e.source == "graph" for e in same.get("ki.mixed-case-upn").evidence)
    lower = me("jane.doe@contoso.example")
    differs = run_diagnosis(tenant_snapshot(graph_members((ME, 200, lower))))
    assert differs.get("ki.mixed-case-upn").status == "warn"
    assert differs.get("tenant.user-account").status == "warn"
    without = run_diagnosis(tenant_snapshot(None))
    assert without.get("ki.mixed-case-upn").status == "warn"  # capitals, no tenant data


def test_a_healthy_tenant_keeps_the_diagnosis_calm() -> None:
    graph = graph_members(
        (ME, 200, me()),
        (LICENCES, 200, licences(("AAD_PREMIUM", "Success"))),
        (DEVICES, 200, devices(device())),
    )
    diagnosis = run_diagnosis(tenant_snapshot(graph))
    assert diagnosis.get("tenant.device-object").status == "pass"
    assert diagnosis.get("tenant.user-account").status == "pass"
