"""`join.scp-tenant`: does the service connection point name the device's own tenant?

Hybrid join finds its tenant through the SCP: the client-side values TenantId / TenantName
under `HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\CDJ\\AAD` (deployed by policy,
read first) or the `keywords` azureADId / azureADName of
`CN=62a0ff2e-97b9-4513-943f-0d221bd30080,CN=Device Registration Configuration,CN=Services,
CN=Configuration,<forest>` in Active Directory (learn.microsoft.com/entra/identity/devices/
hybrid-join-control; DSRegTool tests D9–D12). Only the tenant id is compared: the SCP's
azureADName is a verified domain, dsregcmd's TenantName a display name.
"""

from __future__ import annotations

from dataclasses import dataclass

from esr_gui.core.diagnose.base import MISSING_DSREGCMD, say
from esr_gui.core.diagnose.context import DiagContext
from esr_gui.core.diagnose.evidence import from_reg_key, from_reg_value
from esr_gui.core.diagnose.network_texts import SCP
from esr_gui.core.diagnose.record import FindingRecord, Rank
from esr_gui.core.models.findings import Evidence, Finding

CDJ_AAD_KEY = r"HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\CDJ\AAD"


@dataclass(frozen=True)
class ScpSource:
    """One place the SCP was read: its name, the tenant id it holds ("" when none)."""

    name: str
    tenant_id: str
    evidence: tuple[Evidence, ...]


def _norm(guid: str | None) -> str:
    return (guid or "").strip().strip("{}").lower()


def _client_side(ctx: DiagContext) -> ScpSource | bool | None:
    """The CDJ\\AAD values; False when the key is known to be absent, None when not known."""
    key = ctx.snap.registry.key(CDJ_AAD_KEY)
    if key is None:
        return False if ctx.snap.registry_key_state(CDJ_AAD_KEY) == "missing" else None
    tenant = key.value("TenantId")
    name = key.value("TenantName")
    evidence = (
        from_reg_value(CDJ_AAD_KEY, "TenantId", tenant),
        from_reg_value(CDJ_AAD_KEY, "TenantName", name),
    )
    text = tenant.as_text() if tenant is not None else ""
    return ScpSource("the client-side SCP (CDJ\\AAD)", text, evidence) if text else False


def _directory(ctx: DiagContext) -> ScpSource | bool | None:
    """The SCP read from Active Directory (network.json `scp`); False when AD has none."""
    record = ctx.snap.network.scp if ctx.snap.network else None
    if record is None or record.state == "unknown":
        return None
    if record.state == "not-found" or not record.tenant_id:
        return False
    name = f"azureADName {record.tenant_name}" if record.tenant_name else ""
    evidence = Evidence(
        source="network",
        field="Active Directory SCP azureADId",
        value=record.tenant_id,
        note="; ".join(p for p in (name, record.source) if p),
    )
    return ScpSource("the SCP in Active Directory", record.tenant_id, (evidence,))


def _absence_evidence(client: object, directory: object, ctx: DiagContext) -> list[Evidence]:
    found: list[Evidence] = []
    if client is False:
        found.append(from_reg_key(CDJ_AAD_KEY, "no TenantId (client-side SCP not set)"))
    record = ctx.snap.network.scp if ctx.snap.network else None
    if directory is False and record is not None:
        note = record.error or record.source
        found.append(
            Evidence(source="network", field="Active Directory SCP", value=record.state, note=note)
        )
    return found


def check_scp_tenant(ctx: DiagContext) -> Finding:
    """join.scp-tenant: fail on another tenant, or no SCP before a join; see network_texts."""
    rid = "join.scp-tenant"
    facts = ctx.dsreg
    if facts is None:
        return say(rid, SCP["no-dsregcmd"], missing=[MISSING_DSREGCMD])
    if facts.domain_joined is False:
        return say(rid, SCP["not-domain"], ctx.fields("DomainJoined"))
    client, directory = _client_side(ctx), _directory(ctx)
    sources = [s for s in (client, directory) if isinstance(s, ScpSource)]
    dsreg_evidence = ctx.fields("DomainJoined", "AzureAdJoined", "TenantId")
    if not sources and (client is None or directory is None):
        return say(rid, SCP["unknown"], dsreg_evidence, missing=[_missing_text(client)])
    return _compare(ctx, sources, client, directory, dsreg_evidence)


def _missing_text(client: object) -> str:
    if client is None:
        return (
            f"the {CDJ_AAD_KEY} registry key was not captured, and the SCP in Active "
            "Directory was not found or not queried"
        )
    return (
        "the SCP in Active Directory was not queried (run the network tests on the device, "
        "inside the domain)"
    )


def _compare(
    ctx: DiagContext,
    sources: list[ScpSource],
    client: object,
    directory: object,
    dsreg_evidence: list[Evidence],
) -> Finding:
    rid = "join.scp-tenant"
    facts = ctx.dsreg
    assert facts is not None
    evidence = dsreg_evidence + [e for s in sources for e in s.evidence]
    tenant = _norm(facts.tenant_id)
    if not sources:
        where = _where(client, directory)
        evidence += _absence_evidence(client, directory, ctx)
        key = "absent-joined" if tenant else "absent-unjoined"
        return say(rid, SCP[key], evidence, where=where)
    if not tenant:
        return say(rid, SCP["unjoined"], evidence, tenant=sources[0].tenant_id)
    wrong = [s for s in sources if _norm(s.tenant_id) != tenant]
    if wrong:
        text = "; ".join(f"{s.name} names tenant {s.tenant_id}" for s in wrong)
        text += f", while dsregcmd prints TenantId {facts.tenant_id}"
        return say(rid, SCP["mismatch"], evidence, mismatch=text[:1].upper() + text[1:])
    names = " and ".join(s.name for s in sources)
    note = "" if len(sources) == 2 else " " + _unread_note(client, directory)
    return say(
        rid,
        SCP["ok"],
        evidence,
        sources=names[:1].upper() + names[1:],
        s="" if len(sources) == 2 else "s",
        tenant=facts.tenant_id,
        note=note.rstrip(),
    )


def _where(client: object, directory: object) -> str:
    said = ["not in the registry (CDJ\\AAD)" if client is False else "the registry was not read"]
    said.append("not in Active Directory" if directory is False else "AD was not queried")
    return ", ".join(said)


def _unread_note(client: object, directory: object) -> str:
    if client is None:
        return "The client-side SCP (CDJ\\AAD) was not captured."
    if directory is None:
        return "The SCP in Active Directory was not queried."
    return ""


SCP_TENANT_RECORD = FindingRecord(
    id="join.scp-tenant",
    area="registration",
    name="Service connection point names this tenant",
    guide="Beyond the guide: the SCP that points hybrid devices at their tenant",
    meaning="Whether the service connection point (client-side CDJ\\AAD registry values and the "
    "SCP in Active Directory) names the tenant dsregcmd reports.",
    why=(
        "Hybrid registration finds its tenant through the SCP: a missing SCP stops the join at "
        "discovery (0x801C001D), one naming another tenant registers the device there."
    ),
    todo=(
        "Configure the SCP for this tenant (Entra Connect > Configure device options), or the "
        "client-side registry values for a targeted deployment."
    ),
    action="Configure the service connection point for this tenant (Entra Connect device options).",
    check=check_scp_tenant,
    docs=(
        "domain-joined devices only (`not-applicable` otherwise): the client-side SCP"
        " (`HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\CDJ\\AAD` TenantId) or"
        " the SCP in Active Directory (keywords `azureADId`) names another tenant than dsregcmd's"
        " TenantId: `fail`; no SCP in either place: `fail` before the device registered"
        " (0x801c001d), `warn` once registered; an SCP but no TenantId printed yet: `info`;"
        " neither source read: `unknown`"
    ),
    ranks=(
        Rank(56, ("fail",), "the SCP decides where a hybrid join goes: fix it before retrying"),
        Rank(265, ("warn",), "harmless until the device registers again"),
    ),
)
