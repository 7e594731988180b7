"""`join.scp-tenant`: the SCP (client registry, Active Directory) against dsregcmd's TenantId."""

from __future__ import annotations

from esr_gui.core.diagnose.scp import CDJ_AAD_KEY, check_scp_tenant
from esr_gui.core.models.findings import Finding
from tests.unit.diagnose_support import dsreg
from tests.unit.network_support import TENANT, ctx_of, net_snapshot

OTHER = "0b5c3a2e-1111-2222-3333-444455556666"


def _scp(state: str, tenant: str | None = TENANT) -> dict[str, object]:
    return {
        "tests": [],
        "scp": {
            "state": state,
            "tenant_id": tenant,
            "tenant_name": "contoso.com",
            "source": "LDAP CN=62a0ff2e-...,CN=Configuration,DC=contoso",
        },
    }


def _check(network: object = None, registry: object = None, **dsreg_spec: object) -> Finding:
    spec = {"dj": "YES", **dsreg_spec}
    snap = net_snapshot(network, dsregcmd=dsreg(**spec), registry=registry)  # type: ignore[arg-type]
    return check_scp_tenant(ctx_of(snap))


def test_not_domain_joined_is_not_applicable() -> None:
    assert _check(dj="NO").status == "not-applicable"


def test_nothing_read_is_unknown() -> None:
    found = _check()
    assert found.status == "unknown" and "CDJ\\AAD" in found.missing[0]


def test_client_side_scp_matching_passes_and_says_ad_was_not_queried() -> None:
    found = _check(
        registry={CDJ_AAD_KEY: {"TenantId": TENANT.upper(), "TenantName": "contoso.com"}}
    )
    assert found.status == "pass"
    assert "Active Directory was not queried" in found.explanation


def test_ad_scp_naming_another_tenant_fails() -> None:
    found = _check(network=_scp("found", OTHER))
    assert found.status == "fail"
    assert OTHER in found.explanation and TENANT in found.explanation


def test_either_source_disagreeing_fails() -> None:
    found = _check(network=_scp("found"), registry={CDJ_AAD_KEY: {"TenantId": OTHER}})
    assert found.status == "fail" and "client-side" in found.explanation


def test_no_scp_anywhere_before_a_join_fails() -> None:
    other_key = {r"HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion": {"CurrentBuild": "19045"}}
    found = _check(
        network=_scp("not-found", None),
        registry=other_key,
        aad="NO",
        Tenant_Details={"TenantId": ""},
    )
    assert found.status == "fail" and "0x801c001d" in found.explanation


def test_no_scp_on_a_registered_device_warns() -> None:
    other_key = {r"HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion": {"CurrentBuild": "19045"}}
    found = _check(network=_scp("not-found", None), registry=other_key)
    assert found.status == "warn"


def test_ad_not_found_but_registry_not_captured_stays_unknown() -> None:
    found = _check(network=_scp("not-found", None))
    assert found.status == "unknown"


def test_scp_before_the_device_registered_is_information() -> None:
    found = _check(network=_scp("found"), aad="NO", Tenant_Details={"TenantId": ""})
    assert found.status == "info" and TENANT in found.explanation
