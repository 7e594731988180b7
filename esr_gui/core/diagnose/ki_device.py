"""Known issues of how the device is joined and used: date/time, smart card, off-site, UPN."""

from __future__ import annotations

from esr_gui.core.diagnose.base import MISSING_BUILD, MISSING_DSREGCMD, missing_field, say
from esr_gui.core.diagnose.common import missing_provider
from esr_gui.core.diagnose.context import DiagContext
from esr_gui.core.diagnose.evidence import from_system
from esr_gui.core.diagnose.ki_texts import (
    BUILD_UNKNOWN_NOTE,
    DATE_TIME,
    MIXED_CASE,
    OFFSITE,
    SMART_CARD,
)
from esr_gui.core.diagnose.prereq import build_evidence
from esr_gui.core.diagnose.prereq_texts import join_words
from esr_gui.core.diagnose.record import FindingRecord, Rank
from esr_gui.core.diagnose.tenant import tenant_upn_evidence
from esr_gui.core.diagnose.upn import has_capitals, user_upns
from esr_gui.core.knowledge.builds import windows_label
from esr_gui.core.models.findings import Finding


def check_domain_date_time(ctx: DiagContext) -> Finding:
    """ki.domain-date-time: domain-joined warn (expected, no fix); else n/a."""
    rid = "ki.domain-date-time"
    facts = ctx.dsreg
    if facts is None or facts.domain_joined is None:
        missing = [MISSING_DSREGCMD if facts is None else missing_field("DomainJoined", "")]
        return say(rid, DATE_TIME["unknown"], missing=missing)
    evidence = ctx.fields("DomainJoined")
    return say(rid, DATE_TIME["applies" if facts.domain_joined else "not-domain"], evidence)


def check_smart_card(ctx: DiagContext) -> Finding:
    """ki.smart-card-sign-in: LastLoggedOnProvider is a smart-card provider warn (no fix)."""
    rid = "ki.smart-card-sign-in"
    provider = ctx.provider
    if provider.guid is None:
        return say(rid, SMART_CARD["unknown"], missing=[missing_provider(ctx)])
    if provider.kind == "smartcard":
        remedies = ["remedy.sign-out-in"]
        return say(rid, SMART_CARD["applies"], provider.evidence, remedies, label=provider.label)
    return say(rid, SMART_CARD["other"], provider.evidence, label=provider.label)


def check_domain_offsite(ctx: DiagContext) -> Finding:
    """ki.domain-offsite: hybrid and no domain controller reachable warn; reachable pass."""
    rid = "ki.domain-offsite"
    join = ctx.join
    if join.join_type == "unknown":
        missing = [MISSING_DSREGCMD if ctx.dsreg is None else "AzureAdJoined / DomainJoined"]
        return say(rid, OFFSITE["unknown"], join.evidence, missing=missing)
    if join.join_type != "hybrid":
        return say(rid, OFFSITE["not-hybrid"], join.evidence, join_type=join_words(join.join_type))
    reachable = ctx.snap.system.domain_controller_reachable
    evidence = [*join.evidence, from_system("domain_controller_reachable", reachable)]
    if reachable is None:
        missing = ["system.json domain_controller_reachable (not recorded)"]
        return say(rid, OFFSITE["unknown"], evidence, missing=missing)
    if reachable:
        return say(rid, OFFSITE["reachable"], evidence)
    return say(rid, OFFSITE["applies"], evidence, ["remedy.connect-corp-network"])


def check_mixed_case_upn(ctx: DiagContext) -> Finding:
    """ki.mixed-case-upn: Azure AD joined, build 14393+, UPN with capitals warn."""
    rid = "ki.mixed-case-upn"
    join = ctx.join
    if join.join_type == "unknown":
        missing = [MISSING_DSREGCMD if ctx.dsreg is None else "AzureAdJoined / DomainJoined"]
        return say(rid, MIXED_CASE["no-join"], join.evidence, missing=missing)
    if join.join_type != "azure-ad":
        return say(rid, MIXED_CASE["not-aadj"], join.evidence, join_type=join_words(join.join_type))
    build = ctx.build
    if build is not None and build.build < 14393:
        label = windows_label(build)
        return say(rid, MIXED_CASE["old-build"], build_evidence(ctx, brief=True), label=label)
    upns = user_upns(ctx)
    if not upns:
        missing = ["the user's UPN (whoami-upn.txt: the output of whoami /upn as the user)"]
        return say(rid, MIXED_CASE["no-upn"], join.evidence, missing=missing)
    tenant = tenant_upn_evidence(ctx)
    if tenant is not None:  # Entra ID's own spelling decides: the mismatch is the cause
        upns = [(u, e) for u, e in upns if u.casefold() == tenant[0].casefold()] or upns
        mixed = [(u, e) for u, e in upns if u != tenant[0]]
        if not mixed:
            return say(rid, MIXED_CASE["tenant-same"], [upns[0][1], tenant[1]], upn=upns[0][0])
        mixed.append(tenant)
    else:
        mixed = [(u, e) for u, e in upns if has_capitals(u)]
    if not mixed:
        return say(rid, MIXED_CASE["lower"], [e for _, e in upns[:1]], upn=upns[0][0])
    later = ctx.layout_proves_build_after(14393)
    unknown_build = build is None and later is None
    evidence = [*join.evidence, *(e for _, e in mixed), *build_evidence(ctx, brief=True)]
    note = BUILD_UNKNOWN_NOTE if unknown_build else ""
    remedies = ["remedy.rejoin-azure-ad", "remedy.broker-plugin-cleanup"]
    missing = [MISSING_BUILD] if unknown_build else []
    return say(rid, MIXED_CASE["applies"], evidence, remedies, missing, upn=mixed[0][0], note=note)


DOMAIN_DATE_TIME_RECORD = FindingRecord(
    id="ki.domain-date-time",
    area="known-issues",
    name="Domain-joined: date, time and region",
    guide="Known issue: date, time and region do not sync on domain-joined devices",
    meaning=(
        "Domain-joined devices do not sync automatic time, which can keep other date, time and "
        "region settings from roaming."
    ),
    why="Expected behaviour, not a fault; there is no fix.",
    todo="Nothing to fix; explain it to the user.",
    check=check_domain_date_time,
    docs="domain-joined: Date, Time and Region (automatic time) do not sync (no fix)",
    fix="No fix",
    ranks=(Rank(330, ("warn",), "automatic time never roams: a limitation", kind="limitation"),),
)

SMART_CARD_SIGN_IN_RECORD = FindingRecord(
    id="ki.smart-card-sign-in",
    area="known-issues",
    name="Smart-card sign-in",
    guide="Known issue: sync does not work when signing in with a smart card",
    meaning="Signing in with a smart card or virtual smart card stops settings sync.",
    why="No fix was published.",
    todo="If policy allows, sign in with a PIN / Windows Hello or password instead.",
    check=check_smart_card,
    docs="last sign-in used a smart-card provider: sync stops (no fix)",
    action="If policy allows, sign in with the PIN or password instead of the smart card.",
    fix="No fix",
    ranks=(Rank(180, ("warn",), "a documented sign-in method that stops sync"),),
)

DOMAIN_OFFSITE_RECORD = FindingRecord(
    id="ki.domain-offsite",
    area="known-issues",
    name="Hybrid device away from the corporate network",
    guide="Known issue: a domain-joined device stops syncing after long periods off-site",
    meaning=(
        "A hybrid device that cannot reach a domain controller for long cannot finish domain "
        "authentication, and sync stops."
    ),
    why="Sync resumes once the device reaches the corporate network.",
    todo="Connect to the office network or VPN, then lock/unlock or sign in again.",
    check=check_domain_offsite,
    docs=(
        "domain-joined and registered, domain controller unreachable: reconnect to the corporate "
        "network"
    ),
    action="Connect the device to the corporate network or VPN, then sign in again.",
    fix="Reconnect",
    ranks=(
        Rank(
            100,
            ("warn",),
            ("away from the domain, sign-in, restart and the join task all fail: reconnect first"),
        ),
    ),
)

MIXED_CASE_UPN_RECORD = FindingRecord(
    id="ki.mixed-case-upn",
    area="known-issues",
    name="Mixed-case UPN on an Azure AD joined device",
    guide="Known issue: Azure AD joined device with a mixed-case UPN stops syncing",
    meaning=(
        "A UPN with capitals (UserName@...) on an Azure AD joined device upgraded from 10586 to "
        "14393 can break sync."
    ),
    why="Cached broker data keyed on the old spelling no longer matches.",
    todo=(
        "As local administrator: disconnect the device, delete the BrokerPlugin Settings.dat and "
        "the AC\\TokenBroker\\Account(s) files of the user, then join again."
    ),
    check=check_mixed_case_upn,
    docs=(
        "Azure AD joined (not domain-joined), build ≥ 14393, UPN with upper-case letters: unjoin,"
        " clean BrokerPlugin files, rejoin"
    ),
    action="Unjoin, clean the user's BrokerPlugin files (backup first), then rejoin.",
    fix="Rejoin",
    ranks=(Rank(210, ("warn",), "a documented UPN spelling problem on Azure AD joined devices"),),
)
