"""Why the PRT failed: the last attempt decoded, a UPN suffix Entra cannot route, the account.

Sources: diagnosis-parity.md §1.2 (SSO State diagnostics), §2.4 (Attempt Status) and §2.6
(AADSTS codes): MS-DSREG, MS-PRT, MS-HYB, MS-AADSTS.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from esr_gui.core.diagnose.base import Verdict, say
from esr_gui.core.diagnose.context import DiagContext
from esr_gui.core.diagnose.prt_attempt import (
    has_non_routable_suffix,
    prt_gate,
    prt_ref,
    read_attempt,
)
from esr_gui.core.diagnose.prt_decode import ACCOUNT_KINDS, Kind, PrtCause, decode_server_error
from esr_gui.core.diagnose.prt_decode import decode_status as _decode_status
from esr_gui.core.diagnose.prt_texts import ACCOUNT, ATTEMPT, STATUS, SUFFIX
from esr_gui.core.diagnose.record import FindingRecord, Rank
from esr_gui.core.models.findings import Evidence, Finding

MISSING_PRT = "dsregcmd /status did not print AzureAdPrt (SSO State)"
MISSING_DIAGNOSTICS = (
    "the failed attempt's Attempt Status and Server Error Description (dsregcmd SSO State, "
    "Windows 10 21H1 and later), or the AAD Operational log"
)

_OWNERS: dict[str, str] = {
    "upn-suffix": "prt.upn-suffix",
    **{kind: "prt.account" for kind in ACCOUNT_KINDS},
}


def kind_of(found: Finding) -> Kind | None:
    """The cause kind a prt.* finding's evidence shows (for the headline's ranking rows)."""
    values = {e.field: e.value for e in found.evidence}
    description = values.get("Server Error Description") or values.get("Server Message") or ""
    cause = decode_server_error(description) if description else None
    if cause is None and ("Attempt Status" in values or "HTTP Error" in values):
        cause = _decode_status(
            values.get("Attempt Status"), values.get("HTTP Error"), values.get("Endpoint URI", "")
        )
    return cause.kind if cause is not None else None


def _prt_value(ctx: DiagContext) -> bool | None:
    return ctx.dsreg.azure_ad_prt if ctx.dsreg is not None else None


def _attempt_fields(cause: PrtCause, refer: bool) -> dict[str, str]:
    owner = _OWNERS.get(cause.kind) if refer else None
    text = f"{owner} says what this means for the user. " if owner else ""
    return {"code": cause.code, "cause": cause.cause, "step": cause.step, "owner": text}


def check_last_attempt(ctx: DiagContext) -> Finding:
    """prt.last-attempt: the failed acquire/refresh dsregcmd printed, decoded."""
    rid = "prt.last-attempt"
    gated = prt_gate(ctx, rid, "The last PRT attempt")
    if gated is not None:
        return gated
    has_prt = _prt_value(ctx)
    attempt = read_attempt(ctx)
    shown = [*attempt.evidence, *ctx.fields("AzureAdPrt", "AzureAdPrtUpdateTime")]
    if not attempt.printed:
        verdict = ATTEMPT["none-no"] if has_prt is False else ATTEMPT["none-yes"]
        if has_prt is None:
            return prt_gate_missing(ctx, rid)
        missing = [MISSING_DIAGNOSTICS] if verdict.status == "unknown" else []
        return say(rid, verdict, shown, missing=missing)
    cause = attempt.cause
    if cause is None:
        return say(rid, ATTEMPT["undecoded"], shown)
    fields = _attempt_fields(cause, refer=not has_prt)
    if has_prt and attempt.superseded:
        when = attempt.when.isoformat(sep=" ", timespec="seconds") if attempt.when else "?"
        return say(rid, ATTEMPT["superseded"], shown, when=when, **fields)
    key = "refresh-failed" if has_prt else "failed"
    return say(rid, ATTEMPT[key], shown, **fields)


def prt_gate_missing(ctx: DiagContext, rule_id: str) -> Finding:
    """unknown: AzureAdPrt itself was not printed."""
    return say(rule_id, STATUS["not-printed"], missing=[MISSING_PRT])


@dataclass(frozen=True)
class _Failure:
    """What a cause check reads: the PRT flag, the current decoded cause, and the evidence."""

    has_prt: bool | None
    cause: PrtCause | None
    shown: list[Evidence]


def _failure_or_finding(ctx: DiagContext, rid: str, title: str, ok: Verdict) -> Finding | _Failure:
    """The gate (not joined, SYSTEM …) or, with a PRT, `ok`: a failed refresh while the PRT
    works is prt.last-attempt's to report; otherwise the failure to judge."""
    gated = prt_gate(ctx, rid, title)
    if gated is not None:
        return gated
    attempt, has_prt = read_attempt(ctx), _prt_value(ctx)
    if has_prt:
        return say(rid, ok, ctx.fields("AzureAdPrt"))
    return _Failure(has_prt, attempt.cause, [*attempt.evidence, *ctx.fields("AzureAdPrt")])


def check_upn_suffix(ctx: DiagContext) -> Finding:
    """prt.upn-suffix: AADSTS90002 naming a domain, 0xC000005F, 0xC004844C; a .local UPN."""
    rid = "prt.upn-suffix"
    found = _failure_or_finding(ctx, rid, "Whether the UPN suffix can sign in", SUFFIX["ok"])
    if isinstance(found, Finding):
        return found
    cause, shown = found.cause, found.shown
    if cause is not None and cause.kind == "upn-suffix":
        return say(rid, SUFFIX["fail"], shown, code=cause.code, cause=cause.cause, step=cause.step)
    if found.has_prt is None:
        return prt_gate_missing(ctx, rid)
    if cause is not None:
        return say(rid, SUFFIX["other"], shown)
    return _suffix_suspect(ctx, rid, shown)


def _suffix_suspect(ctx: DiagContext, rid: str, shown: list[Evidence]) -> Finding:
    """No PRT and no server code: a non-routable suffix on the user's UPN still tells."""
    ref = prt_ref(ctx, "User Identity")
    candidates = [ref.value] if ref is not None else []
    candidates += ctx.dsreg.upn_candidates if ctx.dsreg is not None else []
    bad = next((u for u in candidates if has_non_routable_suffix(u)), None)
    if bad is None:
        return say(rid, SUFFIX["no-data"], shown, missing=[MISSING_DIAGNOSTICS])
    cited = ctx.fields("Executing Account Name") if ref is None else []
    return say(rid, SUFFIX["suspect"], [*shown, *cited], upn=bad)


def check_account(ctx: DiagContext) -> Finding:
    """prt.account: disabled, locked, expired or changed password, MFA required (AADSTS)."""
    rid = "prt.account"
    found = _failure_or_finding(ctx, rid, "Whether the account can sign in", ACCOUNT["ok"])
    if isinstance(found, Finding):
        return found
    cause, shown = found.cause, found.shown
    if cause is not None and cause.kind in ACCOUNT_KINDS:
        credential = prt_ref(ctx, "Credential Type")
        with_what = f" (signed in with {credential.value.strip()})" if credential else ""
        step = _account_step(ctx, cause)
        fields = {"code": cause.code, "cause": cause.cause, "step": step}
        return say(rid, ACCOUNT["fail"], shown, credential=with_what, **fields)
    if found.has_prt is None:
        return prt_gate_missing(ctx, rid)
    if cause is not None:
        return say(rid, ACCOUNT["other"], shown)
    return say(rid, ACCOUNT["no-data"], shown, missing=[MISSING_DIAGNOSTICS])


def _account_step(ctx: DiagContext, cause: PrtCause) -> str:
    """MFA after a PIN sign-in: the PIN is already used, so completing MFA is the step."""
    if cause.kind == "mfa" and ctx.provider.kind in ("pin", "biometric", "fido"):
        return (
            "The last sign-in already used Windows Hello; complete MFA once in a Microsoft 365 "
            "app (or re-register for MFA), then lock and unlock."
        )
    return cause.step


def _kind_is(*kinds: Kind) -> Callable[[Finding], bool]:
    """A ranking row's `when`: the finding's evidence shows one of `kinds`."""

    def shows(found: Finding) -> bool:
        return kind_of(found) in kinds

    shows.__name__ = "shows_" + "_".join(k.replace("-", "_") for k in kinds)
    return shows


_BEYOND = "Beyond the guide: "

UPN_SUFFIX_RECORD = FindingRecord(
    id="prt.upn-suffix",
    area="registration",
    name="UPN suffix usable for sign-in",
    guide=_BEYOND + "the user's UPN suffix must be a verified domain of the tenant (MS-PRT)",
    meaning="Whether Entra can find the user's tenant from the suffix of the UPN.",
    why=(
        "Entra finds the tenant from the UPN suffix; a suffix that is not a verified domain "
        "(corp.local can never be one) gets no PRT, so sync gets no token."
    ),
    todo=(
        "Give the user a UPN with a verified, routable suffix (alternative UPN suffix in AD "
        "Domains and Trusts, change the UPN, sync), or set up an alternate login ID."
    ),
    check=check_upn_suffix,
    docs=(
        "`fail` when AzureAdPrt is not YES and the last PRT attempt names a tenant that is a "
        "domain "
        "(`AADSTS90002: Tenant 'corp.local' not found`), or Attempt Status is 0xC000005F "
        "(realm not found) or 0xC004844C (UPN malformed), or AADSTS50034; `warn` when there is "
        "no PRT, no server error, and the UPN has a non-routable suffix (.local, .lan, …). "
        "Signing out and in never helps here"
    ),
    action=(
        "Give the user a UPN suffix that is a verified domain of the tenant (or an alternate "
        "login ID), sync, then sign out and in."
    ),
    ranks=(
        Rank(111, ("fail",), "the UPN suffix names no tenant: no sign-in can get a PRT"),
        Rank(236, ("warn",), "no PRT and a non-routable UPN suffix, unconfirmed by a code"),
    ),
)

ACCOUNT_RECORD = FindingRecord(
    id="prt.account",
    area="registration",
    name="Account can sign in to Azure AD",
    guide=_BEYOND + "account problems the PRT attempt reports (MS-PRT, AADSTS codes)",
    meaning="Whether Azure AD refused the user's account when Windows asked for a PRT.",
    why=(
        "A disabled or locked account, an expired or changed password, or an MFA requirement "
        "stops the PRT, and with it every token sync needs."
    ),
    todo=(
        "Fix what the code names: enable or unlock the account, change the expired password, "
        "or sign in with the Windows Hello PIN when MFA is required."
    ),
    check=check_account,
    docs=(
        "`fail` when AzureAdPrt is not YES and the last PRT attempt's server error names an "
        "account problem: disabled "
        "(AADSTS50057), locked (50053), password expired (50055, 50144), wrong or changed "
        "password (50126, 50132, 50133, Attempt Status 0xC000006A), revoked (50173, 70008), "
        "MFA required (50074, 50076, 50079, 50158). Each has its own first step"
    ),
    action="Lock the device and unlock it with the current password, while online.",
    ranks=(
        Rank(
            112,
            ("fail",),
            "a disabled account cannot sign in anywhere",
            when=_kind_is("disabled"),
            action="Enable the user account (synced: in AD, then sync), then lock and unlock.",
        ),
        Rank(
            113,
            ("fail",),
            "a locked account cannot sign in until unlocked",
            when=_kind_is("locked"),
            action="Unblock the account or let the lockout expire, then sign in again.",
        ),
        Rank(
            114,
            ("fail",),
            "an expired password stops every token",
            when=_kind_is("password-expired"),
            action="Have the user change the expired password, then lock and unlock.",
        ),
        Rank(
            115,
            ("fail",),
            "Azure AD asks for MFA: a password sign-in cannot give it",
            when=_kind_is("mfa"),
            action="Sign in to Windows with the Windows Hello PIN (or complete MFA once).",
        ),
        Rank(116, ("fail",), "a wrong, changed or revoked credential named by Azure AD"),
    ),
)

LAST_ATTEMPT_RECORD = FindingRecord(
    id="prt.last-attempt",
    area="registration",
    name="Last PRT attempt",
    guide=_BEYOND + "the SSO State diagnostics of a failed PRT attempt (21H1+, MS-DSREG)",
    meaning="Why Windows last failed to get or refresh the user's PRT, decoded.",
    why="The server's code names the cause; the generic advice (sign out and in) rarely fixes it.",
    todo="Follow the first step for the code shown; the correlation ID finds it in the logs.",
    check=check_last_attempt,
    docs=(
        "`fail` when AzureAdPrt is NO and SSO State prints a failed attempt (Attempt Status, "
        "Server Error Code / Description, HTTP Error, Endpoint URI) — decoded to device, "
        "network, federation (AD FS, MSIS codes), Conditional Access or other causes; `warn` "
        "when a refresh failed while a PRT is still held; `info` when the failure predates "
        "the last refresh"
    ),
    action=(
        "Look the code up in the Entra sign-in log (correlation ID) or the AAD Operational "
        "log, and fix what it names."
    ),
    ranks=(
        Rank(
            117,
            ("fail",),
            "the device object is disabled or deleted: no user sign-in helps",
            when=_kind_is("device"),
            action="Check the device in Entra: enable it if disabled, register again if deleted.",
        ),
        Rank(
            118,
            ("fail",),
            "the request never reached Azure AD",
            when=_kind_is("network"),
            action="Let the device reach login.microsoftonline.com through the proxy, then lock "
            "and unlock.",
        ),
        Rank(
            119,
            ("fail",),
            "AD FS refused the request: fixed on the federation side",
            when=_kind_is("federation"),
            action="Have the AD FS administrator read the AD FS Admin log for this request.",
        ),
        Rank(
            121,
            ("fail",),
            "Conditional Access blocked the token",
            when=_kind_is("access-policy"),
            action="Find the blocking Conditional Access policy in the Entra sign-in log.",
        ),
        Rank(122, ("fail",), "a named PRT failure without a cause of its own row"),
        Rank(238, ("warn",), "a PRT refresh failed while the token still works"),
    ),
)
