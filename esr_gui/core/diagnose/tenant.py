"""Tenant-side checks from Microsoft Graph data (`graph/`): licence, device object, user account.

`check_device_object` and `check_user_account` are rules (tenant.device-object,
tenant.user-account); `license_from_graph` is what prereq.license answers when Graph data is
there (None: no Graph data, the check stays manual). Every failed sign-in or call is shown as
`unknown` evidence with the sentence that says how to fix it.
"""

from __future__ import annotations

from datetime import datetime

from esr_gui.core.diagnose.base import Verdict, say
from esr_gui.core.diagnose.context import DiagContext
from esr_gui.core.diagnose.record import FindingRecord, Rank
from esr_gui.core.diagnose.tenant_texts import DEVICE, LICENSE, MISSING_GRAPH, SIGN_IN_HINT, USER
from esr_gui.core.diagnose.upn import user_upns
from esr_gui.core.models.findings import Evidence, Finding
from esr_gui.core.tenant.model import (
    CallKind,
    GraphCall,
    GraphData,
    GraphProblem,
    GraphUser,
    ServicePlan,
)
from esr_gui.core.tenant.problems import describe, fix_for

PREMIUM_PLANS = ("AAD_PREMIUM", "AAD_PREMIUM_P2")
STALE_DAYS = 90
EXPECTED_TRUST = {"azure-ad": "AzureAd", "hybrid": "ServerAd", "registered": "Workplace"}
_JOIN_WORDS = {
    "azure-ad": "Azure AD joined",
    "hybrid": "hybrid joined",
    "registered": "registered",
}
_REJOIN = {
    "azure-ad": ["remedy.rejoin-azure-ad"],
    "registered": ["remedy.rejoin-azure-ad"],
    "hybrid": ["remedy.dsregcmd-leave", "remedy.run-device-join-task"],
}


def graph_evidence(call: GraphCall, field: str, value: str, note: str = "") -> Evidence:
    """A fact Graph returned: the request and the property, its value, and the bundle member."""
    where = "; ".join(p for p in (call.file, note) if p)
    return Evidence(source="graph", field=f"{call.request} · {field}", value=value, note=where)


def problem_evidence(request: str, problem: GraphProblem) -> Evidence:
    """A failed sign-in or call, with what was said and how to fix it."""
    return Evidence(source="graph", field=request, value=describe(problem), note=fix_for(problem))


def _not_read(graph: GraphData, kind: CallKind) -> tuple[str, GraphProblem] | None:
    """(request, problem) when the call of `kind` gave no usable answer; None when it did."""
    call = graph.call(kind)
    if call is not None and call.problem is None:
        return None
    if call is not None and call.problem is not None:
        return call.request, call.problem
    if graph.sign_in is not None:
        return "sign-in to Microsoft Graph", graph.sign_in
    return "Microsoft Graph", GraphProblem(kind="error", message="this call was not made")


def _unknown(rid: str, verdict: Verdict, graph: GraphData | None, kind: CallKind) -> Finding:
    if graph is None:
        said = "the tenant was not checked."
        return say(rid, verdict, missing=[MISSING_GRAPH], problem=said, fix=SIGN_IN_HINT)
    found = _not_read(graph, kind)
    request, problem = found or ("Microsoft Graph", GraphProblem(kind="error"))
    said = describe(problem) or problem.kind
    evidence = [problem_evidence(request, problem)]
    missing = [f"Microsoft Graph's answer to {request}"]
    return say(rid, verdict, evidence, missing=missing, problem=f"{said}.", fix=fix_for(problem))


def device_user(ctx: DiagContext) -> tuple[str, Evidence] | None:
    """The device's user's UPN (whoami /upn, dsregcmd, LogonUI) with its evidence."""
    found = user_upns(ctx)
    return found[0] if found else None


def _whose(graph: GraphData, call: GraphCall) -> str:
    """Whose data a call returned: the other user it named, or the account that signed in."""
    if call.target != "me":
        return call.target
    return graph.user.upn if graph.user is not None else graph.signed_in_as


def license_from_graph(ctx: DiagContext) -> Finding | None:
    """prereq.license from Graph licence details: pass / fail / unknown; None without Graph
    data (then prereq.license stays `manual`)."""
    rid, graph = "prereq.license", ctx.snap.graph
    if graph is None or (graph.call("licenses") is None and graph.sign_in is None):
        return None
    if graph.licenses is None or (call := graph.call("licenses")) is None:
        return _unknown(rid, LICENSE["unknown"], graph, "licenses")
    whose = _whose(graph, call)
    mine = device_user(ctx)
    if mine and whose and whose.casefold() != mine[0].casefold():
        return say(rid, LICENSE["other-user"], [mine[1]], signed_in=whose, user=mine[0])
    user = whose or (mine[0] if mine else "the user")
    for lic in graph.licenses:
        for plan in lic.plans:
            if plan.name.upper() in PREMIUM_PLANS and plan.status.lower() == "success":
                value = f"{plan.name}: {plan.status}"
                evidence = [graph_evidence(call, f"{lic.sku} servicePlans", value)]
                return say(rid, LICENSE["pass"], evidence, plan=plan.name, sku=lic.sku, user=user)
    evidence = [_license_row(call, lic.sku, lic.plans) for lic in graph.licenses[:10]]
    return say(rid, LICENSE["fail"], evidence, count=len(graph.licenses), user=user)


def _license_row(call: GraphCall, sku: str, plans: list[ServicePlan]) -> Evidence:
    premium = [p for p in plans if p.name.upper() in PREMIUM_PLANS]
    shown = ", ".join(f"{p.name}: {p.status or '?'}" for p in premium)
    return graph_evidence(call, f"{sku} servicePlans", shown or "no Entra ID P1/P2 plan")


def check_device_object(ctx: DiagContext) -> Finding:
    """tenant.device-object: deleted / disabled fail; trust type or 90 days stale warn."""
    rid, graph = "tenant.device-object", ctx.snap.graph
    device_id = ctx.dsreg.device_id if ctx.dsreg else None
    ids = ctx.fields("DeviceId")
    if graph is not None and not device_id:
        return say(rid, DEVICE["no-device-id"], ids)
    call = graph.call("devices") if graph else None
    if graph is None or graph.devices is None or call is None or not device_id:
        return _unknown(rid, DEVICE["unknown"], graph, "devices")
    wanted = device_id.strip("{} ").casefold()
    match = [d for d in graph.devices if d.device_id.strip("{} ").casefold() == wanted]
    if not match and graph.devices:
        looked = graph.devices[0].device_id
        return say(rid, DEVICE["other-device"], ids, device_id=device_id, looked_up=looked)
    join = ctx.join.join_type
    if not match:
        evidence = [*ids, graph_evidence(call, "value", "[] (no device object)")]
        return say(rid, DEVICE["deleted"], evidence, _REJOIN.get(join, []), device_id=device_id)
    device = match[0]
    evidence = [*ids, *_device_facts(call, device.account_enabled, device.trust_type)]
    last = _last_text(device.last_sign_in)
    evidence.append(graph_evidence(call, "approximateLastSignInDateTime", last))
    if device.account_enabled is False:
        return say(rid, DEVICE["disabled"], evidence, device_id=device_id)
    expected = EXPECTED_TRUST.get(join)
    if expected and device.trust_type and device.trust_type.casefold() != expected.casefold():
        return say(
            rid, DEVICE["trust-mismatch"], [*evidence, *ctx.join.evidence], _REJOIN.get(join, []),
            device_id=device_id, trust=device.trust_type, join=_JOIN_WORDS[join],
            expected=expected,
        )  # fmt: skip
    days = _days_since(device.last_sign_in, graph.captured)
    if days is not None and days >= STALE_DAYS:
        return say(rid, DEVICE["stale"], evidence, device_id=device_id, last=last, days=days)
    trust = device.trust_type or "(not given)"
    return say(rid, DEVICE["pass"], evidence, device_id=device_id, trust=trust, last=last)


def _device_facts(call: GraphCall, enabled: bool | None, trust: str) -> list[Evidence]:
    shown = "(not given)" if enabled is None else str(enabled).lower()
    return [
        graph_evidence(call, "accountEnabled", shown),
        graph_evidence(call, "trustType", trust or "(not given)"),
    ]


def _last_text(when: datetime | None) -> str:
    return when.isoformat(timespec="minutes") if when else "never (or not recorded)"


def _days_since(when: datetime | None, captured: datetime | None) -> int | None:
    if when is None or captured is None:
        return None
    return (captured - when).days


def tenant_user(ctx: DiagContext) -> tuple[GraphUser, GraphCall] | None:
    """The account Graph returned, when it is the device's user (or the user is unknown)."""
    graph = ctx.snap.graph
    call = graph.call("user") if graph else None
    if graph is None or graph.user is None or call is None or call.problem is not None:
        return None
    mine = device_user(ctx)
    if mine and mine[0].casefold() != graph.user.upn.casefold():
        return None
    return graph.user, call


def tenant_upn_evidence(ctx: DiagContext) -> tuple[str, Evidence] | None:
    """Entra ID's spelling of the device user's UPN, for ki.mixed-case-upn: the tenant's case
    is the one the device must match. None without Graph data for that user."""
    found = tenant_user(ctx)
    if found is None:
        return None
    user, call = found
    return user.upn, graph_evidence(call, "userPrincipalName", user.upn)


def check_user_account(ctx: DiagContext) -> Finding:
    """tenant.user-account: disabled fail; UPN case differing from the device's warn."""
    rid, graph = "tenant.user-account", ctx.snap.graph
    call = graph.call("user") if graph else None
    if graph is None or graph.user is None or call is None or call.problem is not None:
        return _unknown(rid, USER["unknown"], graph, "user")
    mine = device_user(ctx)
    found = tenant_user(ctx)
    if found is None:
        user = mine[0] if mine else ""
        evidence = [mine[1]] if mine else []
        return say(rid, USER["other-user"], evidence, signed_in=graph.user.upn, user=user)
    account, call = found
    shown = "(not given)" if account.account_enabled is None else str(account.account_enabled)
    evidence = [
        graph_evidence(call, "userPrincipalName", account.upn),
        graph_evidence(call, "accountEnabled", shown.lower()),
    ]
    if account.account_enabled is False:
        return say(rid, USER["disabled"], evidence, ["remedy.update-credentials"], user=account.upn)
    if mine and mine[0] != account.upn:
        aadj = ctx.join.join_type == "azure-ad"
        remedies = ["remedy.rejoin-azure-ad", "remedy.broker-plugin-cleanup"] if aadj else []
        evidence.append(mine[1])
        return say(
            rid, USER["case"], evidence, remedies, tenant_upn=account.upn, device_upn=mine[0]
        )
    synced = {True: ", synced from on-premises AD", False: ", cloud only"}
    extra = (
        synced.get(account.on_premises_sync_enabled, "")
        if account.on_premises_sync_enabled is not None
        else ""
    )
    return say(rid, USER["pass"], evidence, user=account.upn, synced=extra)


DEVICE_OBJECT_RECORD = FindingRecord(
    id="tenant.device-object",
    area="tenant",
    name="Device object in Entra ID",
    guide="Beyond the guide: the device object in the tenant (Microsoft Graph, read only)",
    meaning="Whether Entra ID still holds this device (its DeviceId), enabled and of the right "
    "trust type.",
    why=(
        "A device object deleted or disabled in the tenant makes every token request of the "
        "device fail, while the device itself still reports that it is joined."
    ),
    todo=(
        "Check the tenant (Tools > Check the tenant…). A deleted object: join or register the "
        "device again; a disabled one: an administrator enables it in the Entra admin center."
    ),
    action=(
        "Have an administrator look the device up in the Entra admin center (Devices): enable it, "
        "or, if it was deleted, join or register the device again."
    ),
    check=check_device_object,
    docs=(
        "from `graph/` (`GET /v1.0/devices?$filter=deviceId eq '<DeviceId>'`): no device object"
        " (deleted) or `accountEnabled` false: `fail`; `trustType` not matching the join"
        " (`AzureAd` joined, `ServerAd` hybrid, `Workplace` registered) or no sign-in for 90 days"
        " before the check: `warn`; no Graph data, or the lookup refused or failed: `unknown` with"
        " the reason and how to fix it"
    ),
    opt_in=True,
    ranks=(
        Rank(52, ("fail",), "the tenant no longer accepts this device: every token and sync fails"),
        Rank(175, ("warn",), "the tenant's record of the device disagrees with the device"),
    ),
)

USER_ACCOUNT_RECORD = FindingRecord(
    id="tenant.user-account",
    area="tenant",
    name="User account in Entra ID",
    guide="Beyond the guide: the user's account in the tenant (Microsoft Graph, read only)",
    meaning="Whether the user's account is enabled, and whether its UPN is spelt the same as on "
    "the device.",
    why=(
        "A disabled account gets no tokens at all; a UPN whose case differs between the tenant "
        "and the device is the documented mixed-case UPN problem."
    ),
    todo=(
        "Check the tenant (Tools > Check the tenant…). A disabled account: an administrator "
        "enables it; a case mismatch: see the mixed-case UPN known issue."
    ),
    action="Have an administrator enable the user's account in the Entra admin center.",
    check=check_user_account,
    docs=(
        "from `graph/` (`/v1.0/me` or `/v1.0/users/<upn>`): the account disabled: `fail`; its UPN"
        " differs in case from the one the device uses (decides `ki.mixed-case-upn` too): `warn`;"
        " the account read is not the device's user, or no Graph data: `unknown`"
    ),
    opt_in=True,
    ranks=(
        Rank(54, ("fail",), "a disabled account gets no tokens: nothing on the device can help"),
        Rank(205, ("warn",), "the tenant's own spelling proves the UPN case mismatch"),
    ),
)
