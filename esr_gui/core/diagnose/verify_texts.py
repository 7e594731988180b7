"""Titles and explanations of the "verify sync" findings (our words; facts from the guide)."""

from __future__ import annotations

from esr_gui.core.diagnose.base import Verdict

HOW_TO_LOOK = (
    " To check by hand: Settings > Accounts > Sync your settings (Windows backup > Remember "
    "my preferences on Windows 11)."
)

POLICY = {
    "block": Verdict(
        "fail",
        "Settings sync is turned off by policy",
        "Policy turns settings sync off for the whole device ({which}). Nothing syncs, "
        "whatever the user chooses, until the administrator removes or relaxes it (Group "
        "Policy: Windows Components > Sync your settings > Do not sync; Intune: Experience > "
        "Allow Sync My Settings).{override}",
    ),
    "groups": Verdict(
        "warn",
        "Policy turns off sync of some groups: {groups}",
        "Group Policy stops these groups from syncing: {groups}. Everything else may sync. "
        "Some of these policies no longer have any effect on current Windows (desktop "
        "personalization, apps, Start layout).",
    ),
    "unknown": Verdict(
        "unknown",
        "Sync policy not known",
        "The policy keys were not captured, so a Group Policy or MDM block cannot be ruled out.",
    ),
    "event-only": Verdict(
        "fail",
        "Sync logged that policy blocks it",
        "Sync logged 'blocked by policy' (0x800704EC, ERROR_ACCESS_DISABLED_BY_POLICY) "
        "{count} time(s), last at {last}. The policy keys were not captured, so whether Group "
        "Policy (Windows Components > Sync your settings > Do not sync) or Intune (Experience "
        "> Allow Sync My Settings) sets it is not known: ask the administrator for both.",
    ),
    "event-disagrees": Verdict(
        "warn",
        "Sync logged a policy block the captured policy keys do not show",
        "Sync logged 'blocked by policy' (0x800704EC) {count} time(s), last at {last}, but the "
        "policy keys captured now do not turn sync off. The registry is the current state and "
        "the log is history: most likely the policy was removed after that event. Lock and "
        "unlock to start a sync; a new 0x800704EC after that means a policy still applies "
        "(check rsop.msc and the Intune profile).",
    ),
    "ok": Verdict(
        "pass",
        "No policy turns sync off",
        "Neither Group Policy (DisableSettingSync) nor MDM (AllowSyncMySettings) blocks sync.",
    ),
}
EVENT_AGREES = " Sync's own log agrees: it logged 'blocked by policy' (0x800704EC) {count} time(s)."
OVERRIDE_NOTE = (
    " DisableSettingSyncUserOverride = 1 lets users switch sync back on themselves, so the "
    "user's own switch decides."
)

TOGGLES = {
    "system": Verdict(
        "unknown",
        "The user's sync switches were not captured",
        "This capture ran as SYSTEM, so its HKCU is SYSTEM's, not the user's." + HOW_TO_LOOK,
    ),
    "unknown": Verdict(
        "unknown",
        "The user's sync switches were not captured",
        "The user's SettingSync switches are not in this capture." + HOW_TO_LOOK,
    ),
    "all-off": Verdict(
        "fail",
        "The user has switched sync off",
        "Every sync group of this user is switched off ({groups}), so nothing roams even if "
        "the rest is healthy. Switch sync on under Settings > Accounts > Sync your settings.",
    ),
    "some-off": Verdict(
        "warn",
        "The user has switched off sync of: {groups}",
        "These groups do not roam because the user switched them off: {groups}. The others "
        "are on. Switch them on if they should sync.",
    ),
    "sync-policy": Verdict(
        "warn",
        "Sync is switched off for this user (SyncPolicy 5)",
        "The per-user SyncPolicy value is 5, which privacy 'debloat' scripts set to turn sync "
        "off (Microsoft does not document the value). The group switches are on.",
    ),
    "ok": Verdict(
        "pass",
        "The user's sync switches are on",
        "Every sync group recorded for this user is switched on ({groups}).",
    ),
}

PAGE = {
    "no-dsregcmd": Verdict(
        "unknown",
        "Whether the sync page works is not known",
        "The join state and AzureAdPrt from dsregcmd /status are needed.",
    ),
    "not-hybrid": Verdict(
        "not-applicable",
        "Not a hybrid joined device",
        "This potential issue concerns domain-joined devices registered with Azure AD; this "
        "device is {join_type}.",
    ),
    "system": Verdict(
        "unknown",
        "PRT state of the user not known",
        "AzureAdPrt is per user; this capture ran as SYSTEM, so it does not show the user's.",
    ),
    "prt-unknown": Verdict(
        "unknown",
        "PRT state not known",
        "dsregcmd /status did not print AzureAdPrt, so it is not known whether the device "
        "has authenticated to Azure AD.",
    ),
    "prt-no": Verdict(
        "fail",
        "Hybrid device has not authenticated to Azure AD: the sync page is greyed out",
        "The device is domain-joined and registered, but AzureAdPrt is NO: it has no Azure AD "
        "token yet. The Sync your settings page then shows its switches greyed out and a note "
        "that some features need a Microsoft or work account. Device policy arrives "
        "asynchronously and this can last a few hours after joining; signing out and in, or "
        "running Automatic-Device-Join, retries it.",
    ),
    "prt-yes": Verdict(
        "pass",
        "The device has authenticated to Azure AD (PRT present)",
        "AzureAdPrt is YES, so the Sync your settings page can show the work account.",
    ),
}

SAME_ACCOUNT = {
    "msa": Verdict(
        "warn",
        "The default account is a personal Microsoft account",
        "WamDefaultGUID names the Microsoft account provider: Windows' default web account is "
        "a personal Microsoft account, so settings sync to the consumer service instead of "
        "the organisation. Sync your settings must name the work account, the same one as in "
        "Settings > Accounts > Your info.",
    ),
    "manual": Verdict(
        "manual",
        "Check that sync uses the sign-in account",
        "Open Settings > Accounts > Sync your settings: the top of the page must name the "
        "work account. Then Settings > Accounts > Your info must show that same account.",
    ),
}

TWO_DEVICE = Verdict(
    "manual",
    "Run the two-device sync test",
    "On PC 1 change something visible, e.g. move the taskbar to the top or right; lock and "
    "unlock (Win+L) to trigger a sync. On PC 2, signed in with the same work account (ESR "
    "follows the user, not the machine), lock and unlock too and watch for the change "
    "within five minutes.",
)
