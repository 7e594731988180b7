"""Titles and explanations of the registration-status findings (our words)."""

from __future__ import annotations

from esr_gui.core.diagnose.base import Verdict

RERUN = (
    " Run dsregcmd /status again in a normal (not elevated) prompt as the signed-in user and "
    "capture that."
)

STATUS = {
    "no-dsregcmd": Verdict(
        "unknown",
        "Registration status not known",
        "The guide's check needs dsregcmd /status: AzureAdJoined, WamDefaultSet and "
        "WamDefaultGUID.",
    ),
    "incomplete": Verdict(
        "unknown",
        "Registration status incomplete",
        "Some of the fields the guide checks were not printed: {fields}.",
    ),
    "ok": Verdict(
        "pass",
        "Registration status as expected",
        "AzureAdJoined is YES, WamDefaultSet is YES and WamDefaultGUID ends with (AzureAd): "
        "the device is registered and Windows' default web account is the Azure AD one.{note}",
    ),
    "system": Verdict(
        "unknown",
        "User part of the registration status not readable (SYSTEM capture)",
        "The device is registered (AzureAdJoined YES), but {problems}. This capture ran as "
        "SYSTEM, so the User State fields describe SYSTEM, not the user." + RERUN,
    ),
    "elevated": Verdict(
        "warn",
        "Registration status read from an elevated prompt",
        "The device is registered (AzureAdJoined YES), but {problems}. This capture ran "
        "elevated: User State then describes the elevated context, and WamDefaultSet can "
        "even show ERROR." + RERUN,
    ),
    "fail": Verdict(
        "fail",
        "Registration status not as expected: {names}",
        "dsregcmd /status should show AzureAdJoined YES, WamDefaultSet YES and a "
        "WamDefaultGUID ending in (AzureAd). Here {problems}.",
    ),
}
ELEVATED_NOTE = " (Read from an elevated or SYSTEM capture; the values still look right.)"

WAM_NOT_SET = {
    "no-dsregcmd": Verdict(
        "unknown",
        "Hybrid registration state not known",
        "DomainJoined, AzureAdJoined and WamDefaultSet from dsregcmd /status are needed.",
    ),
    "not-domain": Verdict(
        "not-applicable",
        "Not a domain-joined device",
        "This potential issue concerns domain-joined devices; this one is not domain-joined.",
    ),
    "fail": Verdict(
        "fail",
        "Domain-joined device not registered with Azure AD (WamDefaultSet and AzureAdJoined "
        "not YES)",
        "The device is domain-joined but AzureAdJoined is {aad} and WamDefaultSet is {wam}. "
        "Either policy has not reached it yet (this can take a few hours) or device "
        "authentication to Azure AD failed. Sign out and in, or run the Automatic-Device-Join "
        "task; as a last resort run dsregcmd /leave elevated, restart and let it register "
        "again.{note}",
    ),
    "wam-only": Verdict(
        "warn",
        "Domain-joined device not registered with Azure AD",
        "AzureAdJoined is {aad} although the device is domain-joined; WamDefaultSet is YES "
        "because some other account ({guid}) is the default web account, which is not a "
        "device registration. Retry registration: sign out and in, or run "
        "Automatic-Device-Join.",
    ),
    "ok": Verdict(
        "pass",
        "Domain-joined device is registered with Azure AD",
        "AzureAdJoined is YES on this domain-joined device, so this potential issue does not "
        "apply (the user part is checked by reg.status).",
    ),
}
ERROR_NOTE = (
    " WamDefaultSet ERROR can also come from running dsregcmd elevated; confirm in a normal prompt."
)

URL_EMPTY = {
    "present": Verdict(
        "pass",
        "Settings URL present",
        "{field} is filled in. {decoded}",
    ),
    "empty": Verdict(
        "fail",
        "Settings URL is empty: the device has no ESR endpoint",
        "{field} is empty. Most often the user last signed in before ESR was enabled: restart "
        "and sign in. If it stays empty, an administrator can switch 'Users may sync settings "
        "and app data' off and on again (then restart and sign in). A bad device certificate "
        "also empties it: then {cert_fix}.",
    ),
    "unknown": Verdict(
        "unknown",
        "Settings URL not known",
        "Neither dsregcmd /status nor the registry's TenantInfo key shows the settings URL.",
    ),
}
CERT_FIX = {
    "hybrid": "run dsregcmd /leave elevated, restart, and let the device register again",
    "azure-ad": "disconnect the device and join it to Azure AD again",
    "unknown": "leave and register again (hybrid: dsregcmd /leave; Azure AD joined: rejoin)",
}
