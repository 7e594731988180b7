"""Device registration status: the guide's dsregcmd expectations and its two potential issues."""

from __future__ import annotations

from esr_gui.core.diagnose.base import MISSING_DSREGCMD, MISSING_SYSTEM_USER, missing_field, say
from esr_gui.core.diagnose.common import not_joined_gate, registration_diagnostics
from esr_gui.core.diagnose.context import DiagContext
from esr_gui.core.diagnose.prereq import decoded_text
from esr_gui.core.diagnose.record import FindingRecord, Rank
from esr_gui.core.diagnose.registration_texts import (
    CERT_FIX,
    ELEVATED_NOTE,
    ERROR_NOTE,
    STATUS,
    URL_EMPTY,
    WAM_NOT_SET,
)
from esr_gui.core.dsreg_facts import DsregFacts
from esr_gui.core.models.findings import Finding


def _is_yes(value: str | None) -> bool:
    return (value or "").strip().upper() == "YES"


def _status_problems(facts: DsregFacts) -> tuple[list[str], list[str], list[str]]:
    """(problems as sentences, names of the failing fields, fields not printed)."""
    problems: list[str] = []
    names: list[str] = []
    missing: list[str] = []
    aad = facts.status.get("AzureAdJoined")
    wam = facts.wam_default_set
    guid = facts.wam_default_guid
    checks = (
        ("AzureAdJoined", "Device State", aad, _is_yes(aad), "YES"),
        ("WamDefaultSet", "User State", wam, _is_yes(wam), "YES"),
    )
    for key, section, value, good, expected in checks:
        if value is None:
            missing.append(missing_field(key, section))
        elif not good:
            problems.append(f"{key} is {value or 'empty'} (expected {expected})")
            names.append(key)
    if guid is not None and not facts.wam_is_azure_ad:
        problems.append(f"WamDefaultGUID is {guid} (expected a GUID ending in (AzureAd))")
        names.append("WamDefaultGUID")
    elif guid is None and _is_yes(wam):
        missing.append(missing_field("WamDefaultGUID", "User State"))
    return problems, names, missing


def _status_remedies(facts: DsregFacts, names: list[str]) -> list[str]:
    if "AzureAdJoined" in names and facts.domain_joined:
        return ["remedy.run-device-join-task", "remedy.sign-out-in"]
    if "AzureAdJoined" in names:
        return ["remedy.rejoin-azure-ad"]
    return ["remedy.sign-out-in", "remedy.restart-and-sign-in"]


def check_reg_status(ctx: DiagContext) -> Finding:
    """reg.status: pass on AzureAdJoined YES + WamDefaultSet YES + (AzureAd) GUID; else fail."""
    rid = "reg.status"
    facts = ctx.dsreg
    if facts is None:
        return say(rid, STATUS["no-dsregcmd"], missing=[MISSING_DSREGCMD])
    problems, names, missing = _status_problems(facts)
    evidence = ctx.fields("AzureAdJoined", "WamDefaultSet", "WamDefaultGUID")
    if missing and not problems:
        text = "; ".join(missing)
        return say(rid, STATUS["incomplete"], evidence, missing=missing, fields=text)
    context = ctx.capture
    if not problems:
        note = "" if context.user_state_trusted else ELEVATED_NOTE
        return say(rid, STATUS["ok"], [*evidence, *context.evidence], note=note)
    text = "; ".join(problems)
    if facts.azure_ad_joined and not context.user_state_trusted:
        key = "system" if context.context == "system" else "elevated"
        evidence += context.evidence
        missing = [MISSING_SYSTEM_USER]
        return say(rid, STATUS[key], evidence, ["remedy.sign-out-in"], missing, problems=text)
    remedies = _status_remedies(facts, names)
    return say(rid, STATUS["fail"], evidence, remedies, problems=text, names=", ".join(names))


def _bad(value: str | None) -> bool:
    word = (value or "").strip().upper()
    return word in ("NO", "") or word.startswith("ERROR")


def check_wam_not_set(ctx: DiagContext) -> Finding:
    """reg.wam-not-set: domain-joined with AzureAdJoined and WamDefaultSet NO/ERROR fail."""
    rid = "reg.wam-not-set"
    facts = ctx.dsreg
    if facts is None or facts.domain_joined is None:
        missing = [MISSING_DSREGCMD if facts is None else missing_field("DomainJoined", "")]
        return say(rid, WAM_NOT_SET["no-dsregcmd"], missing=missing)
    evidence = ctx.fields("DomainJoined", "AzureAdJoined", "WamDefaultSet", "WamDefaultGUID")
    if not facts.domain_joined:
        return say(rid, WAM_NOT_SET["not-domain"], evidence)
    aad = facts.status.get("AzureAdJoined")
    wam = facts.wam_default_set
    if aad is None:
        missing = [missing_field("AzureAdJoined", "Device State")]
        return say(rid, WAM_NOT_SET["no-dsregcmd"], evidence, missing=missing)
    if not _bad(aad):
        return say(rid, WAM_NOT_SET["ok"], evidence)
    evidence += registration_diagnostics(ctx)
    if _is_yes(wam):
        guid = facts.wam_default_guid or "not printed"
        return say(rid, WAM_NOT_SET["wam-only"], evidence, _WAM_REMEDIES[:2], aad=aad, guid=guid)
    note = ERROR_NOTE if (wam or "").upper().startswith("ERROR") else ""
    shown_wam = wam if wam is not None else "not printed"
    return say(rid, WAM_NOT_SET["fail"], evidence, _WAM_REMEDIES, aad=aad, wam=shown_wam, note=note)


_WAM_REMEDIES = ["remedy.sign-out-in", "remedy.run-device-join-task", "remedy.dsregcmd-leave"]


def _cert_fix_remedies(join_type: str) -> tuple[str, list[str]]:
    if join_type == "hybrid":
        return CERT_FIX["hybrid"], ["remedy.dsregcmd-leave"]
    if join_type == "azure-ad":
        return CERT_FIX["azure-ad"], ["remedy.rejoin-azure-ad"]
    return CERT_FIX["unknown"], ["remedy.dsregcmd-leave", "remedy.rejoin-azure-ad"]


def check_settings_url_empty(ctx: DiagContext) -> Finding:
    """reg.settings-url-empty: the settings URL empty on a joined device fail; present pass."""
    rid = "reg.settings-url-empty"
    gate = not_joined_gate(ctx, rid, "The settings URL")
    if gate is not None:
        return gate
    url = ctx.settings_url
    field = url.info.field if url.info else "SettingsUrl"
    if url.state == "present":
        return say(rid, URL_EMPTY["present"], url.evidence, field=field, decoded=decoded_text(ctx))
    if url.state == "empty":
        cert_fix, fixes = _cert_fix_remedies(ctx.join.join_type)
        remedies = ["remedy.restart-and-sign-in", *fixes]
        return say(rid, URL_EMPTY["empty"], url.evidence, remedies, field=field, cert_fix=cert_fix)
    no_field = missing_field("SettingsUrl", "Tenant Details")
    missing = [MISSING_DSREGCMD if ctx.dsreg is None else no_field]
    return say(rid, URL_EMPTY["unknown"], missing=missing)


STATUS_RECORD = FindingRecord(
    id="reg.status",
    area="registration",
    name="Device registration status",
    guide=(
        "Verify the device registration status: AzureAdJoined YES, WamDefaultSet YES, "
        "WamDefaultGUID ends with (AzureAd)"
    ),
    meaning="The three dsregcmd /status values the guide expects on a device that can sync.",
    why=(
        "They show the device is registered and that Windows' default web account is the Azure AD"
        " one, which ESR uses to get its token."
    ),
    todo=(
        "Run dsregcmd /status unelevated as the user; fix whichever value is wrong (see the "
        "related findings)."
    ),
    check=check_reg_status,
    docs=(
        "`pass` when AzureAdJoined YES, WamDefaultSet YES and WamDefaultGUID ends with `(AzureAd)`"
    ),
    ranks=(
        Rank(150, ("fail",), "a registration value off the guide's expectation"),
        Rank(240, ("warn",), "registration read elevated: capture again as the user"),
    ),
)

WAM_NOT_SET_RECORD = FindingRecord(
    id="reg.wam-not-set",
    area="registration",
    name="Hybrid registration completed",
    guide="Potential issue: WamDefaultSet and AzureAdJoined both NO on a domain-joined device",
    meaning="A domain-joined device that has not (yet) registered with Azure AD.",
    why=(
        "Policy may still be pending, or device authentication failed; until it registers, the "
        "user has no Azure AD account for sync."
    ),
    todo=(
        "Wait a few hours for policy, sign out and in, or run the Automatic-Device-Join task; as "
        "a last resort dsregcmd /leave (elevated), restart and register again."
    ),
    check=check_wam_not_set,
    docs=(
        "WamDefaultSet and AzureAdJoined both NO (or `ERROR`) on a domain-joined device: `fail` "
        "(policy pending or device auth failed)"
    ),
    action="Run the Automatic-Device-Join task (or sign out and in) to retry registration.",
    ranks=(
        Rank(110, ("fail",), "domain-joined but never registered with Azure AD"),
        Rank(230, ("warn",), "domain-joined, not registered, another default account"),
    ),
)

SETTINGS_URL_EMPTY_RECORD = FindingRecord(
    id="reg.settings-url-empty",
    area="registration",
    name="Settings URL present",
    guide="Potential issue: the settings URL field is empty and the device does not sync",
    meaning="Whether dsregcmd shows an ESR endpoint (SettingsUrl / AzureAdSettingsUrl).",
    why=(
        "Empty means the user signed in before ESR was enabled, the admin setting did not apply, "
        "or the device certificate is bad."
    ),
    todo=(
        "Restart and sign in; optionally have the admin switch ESR off and on again; if it stays "
        "empty, dsregcmd /leave (hybrid) or rejoin (Azure AD joined)."
    ),
    check=check_settings_url_empty,
    docs=(
        "the settings URL is empty on a joined device: `fail` (restart + sign-in; admin "
        "re-enable; bad device certificate)"
    ),
    action="Restart the device and sign in with the work account.",
    ranks=(Rank(130, ("fail",), "no ESR endpoint on a joined device"),),
)
