"""The PRT itself: present (AzureAdPrt), fresh (update and expiry times), and AD FS's own.

Sources: diagnosis-parity.md §1.2 (MS-DSREG, MS-PRT step 1: older than 4 hours means the PRT
is not refreshing; lock and unlock, then re-check), DSRegTool D35 and D38, CMTrace Open
`no-azure-prt` and `stale-prt`.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from esr_gui.core.diagnose.aad import federation_signals
from esr_gui.core.diagnose.base import missing_field, say
from esr_gui.core.diagnose.context import DiagContext
from esr_gui.core.diagnose.prt_attempt import capture_time, prt_gate, prt_ref, read_attempt
from esr_gui.core.diagnose.prt_causes import MISSING_PRT
from esr_gui.core.diagnose.prt_texts import ENTERPRISE, FRESH, STATUS
from esr_gui.core.diagnose.record import FindingRecord, Rank
from esr_gui.core.dsreg_facts import parse_dsreg_time
from esr_gui.core.models.findings import Finding

STALE_AFTER = timedelta(hours=4)


def check_status(ctx: DiagContext) -> Finding:
    """prt.status: AzureAdPrt YES pass, NO fail (with the decoded cause when printed)."""
    rid = "prt.status"
    gated = prt_gate(ctx, rid, "The Azure AD PRT")
    if gated is not None:
        return gated
    facts = ctx.dsreg
    evidence = ctx.fields("AzureAdPrt")
    if facts is None or facts.azure_ad_prt is None:
        return say(rid, STATUS["not-printed"], evidence, missing=[MISSING_PRT])
    if facts.azure_ad_prt:
        return say(rid, STATUS["yes"], [*evidence, *ctx.fields("AzureAdPrtUpdateTime")])
    attempt = read_attempt(ctx)
    shown = [*evidence, *attempt.evidence]
    if attempt.cause is not None:
        cause = attempt.cause
        return say(
            rid, STATUS["no-cause"], shown, code=cause.code, cause=cause.cause, step=cause.step
        )
    why = "" if attempt.printed else " (Windows 10 before 21H1 prints none)"
    return say(rid, STATUS["no"], shown, ["remedy.sign-out-in"], why=why)


def _age(delta: timedelta) -> str:
    hours = delta.total_seconds() / 3600
    if hours < 1:
        return f"{max(0, round(hours * 60))} minutes"
    if hours < 48:
        return f"{hours:.1f} hours"
    return f"{hours / 24:.1f} days"


def _stamp(when: datetime) -> str:
    return when.strftime("%Y-%m-%d %H:%M UTC")


def check_freshness(ctx: DiagContext) -> Finding:
    """prt.freshness: expired at capture fail; last update over 4 hours before it warn."""
    rid = "prt.freshness"
    gated = prt_gate(ctx, rid, "The PRT's age")
    if gated is not None:
        return gated
    facts = ctx.dsreg
    if facts is None or not facts.azure_ad_prt:
        return say(rid, FRESH["no-prt"], ctx.fields("AzureAdPrt"))
    times = ctx.fields("AzureAdPrtUpdateTime", "AzureAdPrtExpiryTime")
    updated = parse_dsreg_time(facts.prt_update_time)
    if updated is None:
        value = facts.prt_update_time or "not printed"
        return say(
            rid,
            FRESH["no-time"],
            times,
            missing=[missing_field("AzureAdPrtUpdateTime", "SSO State")],
            value=value,
        )
    captured = capture_time(ctx)
    shown = [*times, *captured.evidence]
    if captured.when is None:
        missing = ["the capture time (manifest.json `created`, or dsregcmd's Client Time)"]
        return say(rid, FRESH["no-capture-time"], shown, missing=missing, updated=_stamp(updated))
    expiry = parse_dsreg_time(facts.prt_expiry_time)
    when = {"captured": _stamp(captured.when), "updated": _stamp(updated)}
    if expiry is not None and expiry < captured.when:
        return say(
            rid, FRESH["expired"], shown, ["remedy.lock-to-sync"], expiry=_stamp(expiry), **when
        )
    age = captured.when - updated
    if age > STALE_AFTER:
        return say(rid, FRESH["stale"], shown, ["remedy.lock-to-sync"], age=_age(age), **when)
    return say(rid, FRESH["fresh"], shown, age=_age(age), **when)


def check_enterprise(ctx: DiagContext) -> Finding:
    """prt.enterprise: the AD FS PRT; informational, since ESR rides on the Azure AD PRT."""
    rid = "prt.enterprise"
    gated = prt_gate(ctx, rid, "The AD FS PRT")
    if gated is not None:
        return gated
    ref = prt_ref(ctx, "EnterprisePrt")
    if ref is None:
        return say(
            rid, ENTERPRISE["not-printed"], missing=[missing_field("EnterprisePrt", "SSO State")]
        )
    evidence = ctx.fields("EnterprisePrt", "EnterprisePrtUpdateTime")
    if ref.value.strip().upper() == "YES":
        return say(rid, ENTERPRISE["yes"], evidence)
    authority = prt_ref(ctx, "EnterprisePrtAuthority")
    endpoint = prt_ref(ctx, "Endpoint URI")
    signals = [r for r in (authority, endpoint) if r is not None and "/adfs" in r.value.lower()]
    if not signals and not federation_signals(ctx):
        return say(rid, ENTERPRISE["managed"], evidence)
    where = signals[0].value.strip() if signals else "AD FS sign-in events"
    return say(
        rid,
        ENTERPRISE["missing"],
        [*evidence, *ctx.fields("EnterprisePrtAuthority")],
        authority=where,
    )


_BEYOND = "Beyond the guide: "

STATUS_RECORD = FindingRecord(
    id="prt.status",
    area="registration",
    name="Azure AD primary refresh token",
    guide=_BEYOND + "AzureAdPrt in SSO State (MS-DSREG; MS-PRT step 1)",
    meaning="Whether the signed-in user holds an Azure AD primary refresh token (PRT).",
    why="Sync gets the user's tokens from the PRT: without it nothing roams.",
    todo=(
        "Follow the cause printed under the PRT diagnostics (see prt.last-attempt); without "
        "one, lock and unlock while online and check AzureAdPrt again."
    ),
    check=check_status,
    docs=(
        "AzureAdPrt NO on an Azure AD joined or hybrid device (read as the user): `fail`, with "
        "the decoded cause when SSO State prints one; `unknown` from a SYSTEM capture; "
        "`not-applicable` when not joined"
    ),
    action=(
        "Lock and unlock (or sign out and in) while online, then run dsregcmd /status again; "
        "if AzureAdPrt stays NO, read the AAD Operational log for the failing step."
    ),
    ranks=(Rank(124, ("fail",), "no PRT on a joined device, no more specific cause printed"),),
)

FRESHNESS_RECORD = FindingRecord(
    id="prt.freshness",
    area="registration",
    name="PRT refreshed recently",
    guide=_BEYOND + "AzureAdPrtUpdateTime older than 4 hours: the PRT is not refreshing (MS-PRT)",
    meaning="Whether the PRT was renewed within the last 4 hours before the capture.",
    why="A PRT that stops refreshing expires, and sync then gets no token.",
    todo="Lock and unlock while online; AzureAdPrtUpdateTime should move.",
    check=check_freshness,
    docs=(
        "AzureAdPrtExpiryTime before the capture time: `fail`; AzureAdPrtUpdateTime more than 4 "
        "hours before it: `warn`. The capture time is the manifest's `created` (else a live "
        "capture's time, else dsregcmd's Client Time); with none the age is `unknown` — the "
        "clock of the computer running the tool is never used"
    ),
    action="Lock and unlock while online, then check that AzureAdPrtUpdateTime has moved.",
    ranks=(
        Rank(126, ("fail",), "an expired PRT: no token until the user signs in again"),
        Rank(246, ("warn",), "the PRT stopped refreshing but still works for now"),
    ),
)

ENTERPRISE_RECORD = FindingRecord(
    id="prt.enterprise",
    area="registration",
    name="AD FS token (EnterprisePrt)",
    guide=_BEYOND + "EnterprisePrt in SSO State (MS-DSREG; DSRegTool D38)",
    meaning="Whether a federated device also holds the AD FS PRT.",
    why="ESR rides on the Azure AD PRT; the AD FS one matters for on-premises single sign-on.",
    todo="Sign in once with line of sight to AD FS; nothing to do for ESR.",
    check=check_enterprise,
    docs=(
        "`info` when EnterprisePrt is NO on a device pointing at AD FS (EnterprisePrtAuthority, "
        "an /adfs endpoint, AD FS events): it does not stop ESR; `not-applicable` on a managed "
        "domain"
    ),
)
