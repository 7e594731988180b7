"""tenant.device-object, tenant.user-account and prereq.license from Graph data."""

from __future__ import annotations

from esr_gui.core.diagnose.context import DiagContext
from esr_gui.core.diagnose.tenant import (
    check_device_object,
    check_user_account,
    license_from_graph,
    tenant_upn_evidence,
)
from esr_gui.core.diagnose.tenant_texts import MISSING_GRAPH
from tests.unit.tenant_support import (
    DEVICES,
    LICENCES,
    ME,
    ctx_of,
    device,
    devices,
    graph_members,
    licences,
    me,
    tenant_snapshot,
)

FORBIDDEN = {"error": {"code": "Authorization_RequestDenied", "message": "Insufficient."}}


# --- prereq.license ---------------------------------------------------------------------
def test_licence_with_p1_provisioned_passes_with_the_plan_as_evidence() -> None:
    body = licences(("AAD_PREMIUM", "Success"), ("EXCHANGE_S_STANDARD", "Success"))
    found = license_from_graph(ctx_of(graph_members((ME, 200, me()), (LICENCES, 200, body))))
    assert found is not None and found.status == "pass"
    assert [(e.source, e.value) for e in found.evidence] == [("graph", "AAD_PREMIUM: Success")]
    assert "EMS" in found.explanation


def test_licence_without_an_active_p1_or_p2_fails() -> None:
    body = licences(("AAD_PREMIUM_P2", "Disabled"), ("EXCHANGE_S_STANDARD", "Success"))
    found = license_from_graph(ctx_of(graph_members((ME, 200, me()), (LICENCES, 200, body))))
    assert found is not None and found.status == "fail"
    assert found.evidence[0].value == "AAD_PREMIUM_P2: Disabled"


def test_licence_without_graph_data_is_left_to_the_manual_rule() -> None:
    assert license_from_graph(ctx_of(None)) is None


def test_licence_refused_is_unknown_with_the_fix() -> None:
    graph = graph_members((ME, 200, me()), (LICENCES, 403, FORBIDDEN))
    found = license_from_graph(ctx_of(graph))
    assert found is not None and found.status == "unknown"
    assert "403 Authorization_RequestDenied" in found.evidence[0].value
    assert "Global Reader" in found.explanation


def test_licence_of_the_technician_is_not_taken_for_the_users() -> None:
    body = licences(("AAD_PREMIUM", "Success"))
    graph = graph_members(
        (ME, 200, me("helpdesk@contoso.example")), (LICENCES, 200, body),
        signed_in_as="helpdesk@contoso.example",
    )  # fmt: skip
    found = license_from_graph(ctx_of(graph))
    assert found is not None and found.status == "unknown"
    assert "helpdesk@contoso.example" in found.title


def test_sign_in_expired_makes_the_licence_unknown_with_how_to_retry() -> None:
    graph = graph_members(sign_in={"kind": "expired-code", "code": "expired_token"})
    found = license_from_graph(ctx_of(graph))
    assert found is not None and found.status == "unknown"
    assert "expired" in found.explanation and "15 minutes" in found.explanation


# --- tenant.device-object ---------------------------------------------------------------
def _device_finding(body: dict, join: str = "aad"):
    return check_device_object(ctx_of(graph_members((DEVICES, 200, body)), join=join))


def test_device_object_missing_fails_as_deleted_with_rejoin() -> None:
    found = _device_finding(devices())
    assert found.status == "fail" and "deleted" in found.title
    assert found.remedies == ["remedy.rejoin-azure-ad"]


def test_hybrid_device_deleted_offers_leave_and_the_join_task() -> None:
    found = _device_finding(devices(), join="hybrid")
    assert found.remedies == ["remedy.dsregcmd-leave", "remedy.run-device-join-task"]


def test_device_object_disabled_fails() -> None:
    found = _device_finding(devices(device(accountEnabled=False)))
    assert found.status == "fail" and "disabled" in found.title
    assert any(e.field.endswith("accountEnabled") and e.value == "false" for e in found.evidence)


def test_trust_type_not_matching_the_join_warns() -> None:
    found = _device_finding(devices(device(trustType="ServerAd")))
    assert found.status == "warn" and "ServerAd" in found.title


def test_hybrid_device_with_server_ad_trust_passes() -> None:
    assert _device_finding(devices(device(trustType="ServerAd")), join="hybrid").status == "pass"


def test_device_not_signed_in_for_90_days_warns() -> None:
    found = _device_finding(devices(device(approximateLastSignInDateTime="2026-08-01T00:00:00Z")))
    assert found.status == "warn" and "128 days" in found.title


def test_device_object_present_and_enabled_passes() -> None:
    found = _device_finding(devices(device()))
    assert found.status == "pass"
    assert {e.source for e in found.evidence} == {"dsregcmd", "graph"}


def test_device_lookup_refused_for_admin_consent_says_how_to_grant_it() -> None:
    error = {"kind": "admin-consent", "code": "authorization_declined", "message": "declined"}
    found = check_device_object(ctx_of(graph_members((DEVICES, None, error))))
    assert found.status == "unknown"
    assert "Grant admin consent" in found.explanation
    assert "Grant admin consent" in found.evidence[0].note


def test_device_without_graph_data_is_unknown_and_says_what_is_missing() -> None:
    found = check_device_object(ctx_of(None))
    assert found.status == "unknown" and found.missing == [MISSING_GRAPH]
    assert "Check the tenant" in found.explanation


def test_graph_answer_about_another_device_is_not_used() -> None:
    other = device(deviceId="99999999-bbbb-cccc-dddd-eeeeeeeeeeee")
    assert _device_finding(devices(other)).status == "unknown"


# --- tenant.user-account ----------------------------------------------------------------
def test_user_account_disabled_fails() -> None:
    found = check_user_account(ctx_of(graph_members((ME, 200, me(enabled=False)))))
    assert found.status == "fail"


def test_user_upn_case_differing_from_the_device_warns() -> None:
    found = check_user_account(ctx_of(graph_members((ME, 200, me("jane.doe@contoso.example")))))
    assert found.status == "warn"
    assert found.remedies == ["remedy.rejoin-azure-ad", "remedy.broker-plugin-cleanup"]


def test_user_account_enabled_and_same_spelling_passes() -> None:
    assert check_user_account(ctx_of(graph_members((ME, 200, me())))).status == "pass"


def test_user_account_of_someone_else_is_unknown() -> None:
    graph = graph_members((ME, 200, me("helpdesk@contoso.example")))
    found = check_user_account(ctx_of(graph))
    assert found.status == "unknown" and "helpdesk@contoso.example" in found.title


def test_user_read_failed_with_429_is_unknown_and_says_retry_after() -> None:
    graph = graph_members((ME, 429, {"error": {"code": "TooManyRequests", "message": "Slow"}}))
    found = check_user_account(ctx_of(graph))
    assert found.status == "unknown" and "429 TooManyRequests" in found.evidence[0].value


def test_tenant_spelling_of_the_upn_for_the_mixed_case_check() -> None:
    found = tenant_upn_evidence(ctx_of(graph_members((ME, 200, me("jane.doe@contoso.example")))))
    assert found is not None and found[0] == "jane.doe@contoso.example"
    assert found[1].source == "graph"
    assert tenant_upn_evidence(ctx_of(None)) is None


def test_graph_data_without_a_device_lookup_says_the_lookup_was_not_made() -> None:
    found = check_device_object(ctx_of(graph_members((ME, 200, me()))))
    assert found.status == "unknown" and "this call was not made" in found.explanation


def test_no_device_id_is_said_as_such_when_the_tenant_was_checked() -> None:
    snap = tenant_snapshot(graph_members((ME, 200, me())))
    assert snap.dsregcmd is not None
    snap = snap.model_copy(update={"dsregcmd": None})
    found = check_device_object(DiagContext(snap))
    assert found.status == "unknown" and "no DeviceId" in found.title
