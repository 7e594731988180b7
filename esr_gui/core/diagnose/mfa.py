"""Multi-factor authentication: password sign-in under MFA, AD FS token expiry (KB3193683)."""

from __future__ import annotations

from esr_gui.core.diagnose.aad import (
    expiry_markers,
    federation_signals,
    marker_value,
    mfa_markers,
    token_errors,
)
from esr_gui.core.diagnose.base import MISSING_DSREGCMD, Verdict, missing_field, say
from esr_gui.core.diagnose.common import missing_provider
from esr_gui.core.diagnose.context import DiagContext
from esr_gui.core.diagnose.eventscan import channels_view, missing_channels, newest
from esr_gui.core.diagnose.evidence import from_event
from esr_gui.core.diagnose.record import FindingRecord, Rank
from esr_gui.core.knowledge.events import AAD_OPERATIONAL
from esr_gui.core.models.findings import Evidence, Finding

PASSWORD = {
    "unknown": Verdict(
        "unknown",
        "Sign-in method not known",
        "The last sign-in's credential provider (LogonUI LastLoggedOnProvider) is needed to "
        "tell a password sign-in from a PIN / Windows Hello one.",
    ),
    "strong": Verdict(
        "pass",
        "Last sign-in used {label}",
        "A {label} sign-in carries the strong-authentication claim that an MFA requirement "
        "asks for, so this potential issue does not apply.",
    ),
    # Not "not-applicable": a row saying "Does not apply" next to the smart-card known issue
    # that does apply reads as if the smart-card sign-in were fine.
    "smartcard": Verdict(
        "info",
        "Smart-card sign-in: see the smart-card known issue",
        "The last sign-in used a smart card, not a password, so the password-under-MFA issue "
        "is not the one here. A smart-card sign-in stops sync by itself: the known issue "
        "ki.smart-card-sign-in applies and says what to do.",
    ),
    "other": Verdict(
        "info",
        "Last sign-in used {label}",
        "Not a password sign-in; if sync fails and MFA is required, try signing in with the "
        "PIN / Windows Hello.",
    ),
    "password-mfa": Verdict(
        "warn",
        "Password sign-in while Azure AD asks for MFA",
        "The user last signed in with a password and the AAD log shows token requests refused "
        "because multi-factor authentication is required ({marks}). With MFA required, a "
        "password sign-in can leave sync without a usable token (KB3193683). Sign in with the "
        "Windows Hello PIN, or complete MFA once in another Microsoft 365 service.",
    ),
    "password-errors": Verdict(
        "warn",
        "Password sign-in with token errors in the AAD log",
        "The user last signed in with a password and the AAD log shows token errors "
        "({marks}). If the tenant requires MFA, a password sign-in can leave sync without a "
        "usable token (KB3193683): sign in with the Windows Hello PIN, or complete MFA in "
        "another Microsoft 365 service.",
    ),
    "password-clean": Verdict(
        "pass",
        "Password sign-in, no token errors in the AAD log",
        "The last sign-in used a password, but the AAD log shows no token errors. Should the "
        "tenant start to require MFA, a PIN / Windows Hello sign-in avoids this issue.",
    ),
    "password-no-log": Verdict(
        "unknown",
        "Password sign-in; the AAD log was not captured",
        "The last sign-in used a password. If the tenant requires MFA this can stop sync "
        "(KB3193683); the AAD Operational log would show it.",
    ),
}

ADFS = {
    "unknown": Verdict(
        "unknown",
        "AD FS federation not known",
        "Whether the tenant is federated with AD FS could not be told: EnterprisePrt "
        "(dsregcmd SSO State) and the AAD Operational log are missing.",
    ),
    "not-federated": Verdict(
        "not-applicable",
        "No sign of AD FS federation",
        "EnterprisePrt is not YES and nothing in the captured logs points at an AD FS "
        "endpoint, so this potential issue does not apply.",
    ),
    "no-log": Verdict(
        "unknown",
        "AD FS federation, but the AAD log was not captured",
        "The device uses AD FS; token-expiry errors would show in the AAD Operational log, "
        "which is not in this capture.",
    ),
    "expired": Verdict(
        "warn",
        "AD FS token expired under an MFA policy",
        "The device is federated with AD FS and the AAD log shows expired or revoked tokens "
        "({marks}). With an AD FS MFA policy, sync cannot renew the token silently. Sign out "
        "and in with the PIN / Windows Hello, or complete MFA in another Microsoft 365 "
        "service.",
    ),
    "ok": Verdict(
        "pass",
        "AD FS federation, no token-expiry errors",
        "The device is federated with AD FS and the AAD log shows no expired tokens.",
    ),
}
_STRONG = frozenset({"pin", "biometric", "fido"})
_PASSWORD_REMEDIES = ["remedy.sign-out-in", "remedy.install-update"]


def _password_with_errors(ctx: DiagContext, base: list[Evidence]) -> Finding | None:
    errors = token_errors(ctx.snap)
    if not errors:
        return None
    with_mfa = [e for e in errors if mfa_markers(e)]
    shown = newest(with_mfa or errors)
    evidence = base + [from_event(e, marker_value(e, mfa_markers(e))) for e in shown]
    marks = sorted({m for e in with_mfa for m in mfa_markers(e)}) or sorted(
        {f"event {e.event_id}" for e in errors}
    )
    key = "password-mfa" if with_mfa else "password-errors"
    text = ", ".join(marks)
    return say("mfa.password-sign-in", PASSWORD[key], evidence, _PASSWORD_REMEDIES, marks=text)


def check_password_sign_in(ctx: DiagContext) -> Finding:
    """mfa.password-sign-in: password provider + AAD token errors warn; PIN/Hello pass."""
    rid = "mfa.password-sign-in"
    provider = ctx.provider
    if provider.guid is None:
        return say(rid, PASSWORD["unknown"], missing=[missing_provider(ctx)])
    evidence = list(provider.evidence)
    if provider.kind in _STRONG:
        return say(rid, PASSWORD["strong"], evidence, label=provider.label)
    if provider.kind == "smartcard":
        return say(rid, PASSWORD["smartcard"], evidence)
    if provider.kind != "password":
        return say(rid, PASSWORD["other"], evidence, label=provider.label)
    evidence += ctx.fields("Credential Type")
    found = _password_with_errors(ctx, evidence)
    if found is not None:
        return found
    view = channels_view(ctx.snap, [AAD_OPERATIONAL])
    if view.any_read:
        return say(rid, PASSWORD["password-clean"], evidence)
    missing = missing_channels(view)
    return say(rid, PASSWORD["password-no-log"], evidence, _PASSWORD_REMEDIES, missing)


def check_adfs_token_expired(ctx: DiagContext) -> Finding:
    """mfa.adfs-token-expired: AD FS federation with token-expiry errors warn."""
    rid = "mfa.adfs-token-expired"
    signals = federation_signals(ctx)
    view = channels_view(ctx.snap, [AAD_OPERATIONAL])
    if not signals:
        enterprise = ctx.fields("EnterprisePrt")
        if enterprise or view.any_read:
            return say(rid, ADFS["not-federated"], enterprise)
        missing = [
            MISSING_DSREGCMD if ctx.dsreg is None else missing_field("EnterprisePrt", "SSO State")
        ]
        return say(rid, ADFS["unknown"], missing=missing + missing_channels(view))
    if not view.any_read:
        return say(rid, ADFS["no-log"], signals, missing=missing_channels(view))
    expired = [e for e in ctx.snap.events_in(AAD_OPERATIONAL) if expiry_markers(e)]
    if not expired:
        return say(rid, ADFS["ok"], signals)
    shown = newest(expired)
    evidence = signals + [from_event(e, marker_value(e, expiry_markers(e))) for e in shown]
    marks = ", ".join(sorted({m for e in expired for m in expiry_markers(e)}))
    remedies = ["remedy.sign-out-in", "remedy.update-credentials"]
    return say(rid, ADFS["expired"], evidence, remedies, marks=marks)


PASSWORD_SIGN_IN_RECORD = FindingRecord(
    id="mfa.password-sign-in",
    area="mfa",
    name="Sign-in method and MFA",
    guide="MFA potential issue: password sign-in while MFA is required (KB3193683)",
    meaning="Whether a password sign-in left the user without the MFA claim sync needs.",
    why=(
        "When MFA is required, a password-only sign-in gives tokens that sync cannot use; a PIN /"
        " Windows Hello sign-in carries the strong-authentication claim."
    ),
    todo=(
        "Sign in with the Windows Hello PIN, or complete MFA once in another Microsoft 365 "
        "service; see KB3193683."
    ),
    check=check_password_sign_in,
    docs=(
        "last sign-in used the password provider while token errors show in the AAD log: sign in "
        "with PIN / Windows Hello or complete MFA elsewhere; after a smart-card sign-in `info` "
        "(see `ki.smart-card-sign-in`, never `not-applicable` beside it)"
    ),
    kb="KB3193683",
    action="Sign out and sign in with the Windows Hello PIN instead of the password.",
    ranks=(Rank(190, ("warn",), "token errors after a password sign-in while MFA is required"),),
)

ADFS_TOKEN_EXPIRED_RECORD = FindingRecord(
    id="mfa.adfs-token-expired",
    area="mfa",
    name="AD FS token expiry",
    guide="MFA potential issue: AD FS MFA conditional access with an expired token",
    meaning="Whether a federated (AD FS) device's token expired under an MFA policy.",
    why="Once the token expires, sync cannot renew it silently while AD FS demands MFA.",
    todo="Sign out and in with the PIN, or complete MFA in another Microsoft 365 service.",
    check=check_adfs_token_expired,
    docs="AD FS federation with token-expiry errors in the AAD log",
    action="Sign out and sign in with the PIN (or complete MFA in Office 365).",
    ranks=(Rank(200, ("warn",), "expired AD FS tokens under an MFA policy"),),
)
