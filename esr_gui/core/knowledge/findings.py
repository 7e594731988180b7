"""What each finding means, why it matters and what to do: the text behind the GUI and reports.

One entry per id of contracts/findings.md, in that order. Written in our own words; the
troubleshooting guide supplies the facts (builds, KB numbers, event ids, paths).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Area = Literal["checklist", "verify-sync", "registration", "mfa", "known-issues"]

AREA_TITLES: dict[Area, str] = {
    "checklist": "Checklist",
    "verify-sync": "Verify sync",
    "registration": "Registration",
    "mfa": "MFA",
    "known-issues": "Known issues",
}


@dataclass(frozen=True)
class FindingInfo:
    """Reference text for one finding id.

    `guide` names the item of the troubleshooting guide the check comes from; `action` is the
    one-line first step shown in the headline when this finding is the most likely cause.
    """

    id: str
    area: Area
    name: str
    guide: str
    meaning: str
    why: str
    todo: str
    kb: str | None = None
    action: str | None = None

    @property
    def link(self) -> str | None:
        """The support article of `kb` (support.microsoft.com/kb/NNNNNNN), if there is one."""
        return f"https://support.microsoft.com/kb/{self.kb.removeprefix('KB')}" if self.kb else None


_INPUT = (
    FindingInfo(
        "input.dsregcmd",
        "checklist",
        "dsregcmd /status read",
        "Every section of the guide starts from dsregcmd /status (device registration status)",
        "Whether the capture's dsregcmd /status text could be read, and whether it holds the "
        "Device State, User State and (1803 and later) SSO State sections.",
        "Almost every check reads dsregcmd /status. Without it, or with only a part of it, "
        "the other checks cannot decide, and a calm result would mean nothing.",
        "Capture dsregcmd /status again as the signed-in user in a normal (not elevated) "
        "prompt and open or paste the whole text.",
        action="Capture dsregcmd /status again (dsregcmd /status > dsregcmd-status.txt, "
        "as the signed-in user, not elevated) and open it.",
    ),
)

_CHECKLIST = (
    FindingInfo(
        "prereq.os-build",
        "checklist",
        "Windows version",
        "Preliminary step 1: Windows 10 1511 (build 10586) or later, fully updated",
        "Which Windows build the device runs, compared with what ESR needs.",
        "The guide's floor was 1511 (10586); today's docs ask for Windows 10 22H2 (19045) or "
        "Windows 11, and the FAQ accepts 21H2 (19044). ESR is for client editions only.",
        "Update Windows to a supported release and install the latest cumulative update.",
        action="Update Windows to Windows 10 22H2 or Windows 11 with the latest updates.",
    ),
    FindingInfo(
        "prereq.device-joined",
        "checklist",
        "Device joined to Azure AD",
        "Preliminary step 2: Azure AD joined, or domain-joined and registered with Azure AD",
        "Whether the device is Azure AD joined or hybrid joined (domain-joined and registered).",
        "ESR keys the data to the work account on a joined device; a device that is only "
        "domain-joined, only registered (a work account added) or not joined cannot sync.",
        "Hybrid: let registration finish (sign out and in, or run Automatic-Device-Join). "
        "Cloud: join the device under Settings > Accounts > Access work or school.",
    ),
    FindingInfo(
        "prereq.esr-enabled",
        "checklist",
        "ESR enabled for the user",
        "Preliminary step 3: Enterprise State Roaming enabled in the portal for the user",
        "Whether the device received a sync endpoint (SettingsUrl) for this user's tenant.",
        "An empty settings URL means ESR is off for the user (not selected, or not in the "
        "selected group) or the device has not picked the setting up yet.",
        "Check Entra admin center > Devices > Enterprise State Roaming (All or the user's "
        "group), then restart and sign in.",
        action="Check ESR is enabled for the user in the Entra admin center, then restart "
        "and sign in.",
    ),
    FindingInfo(
        "prereq.license",
        "checklist",
        "Licence",
        "Preliminary step 4: the user has an Azure AD Premium subscription",
        "Whether the user holds a licence that includes ESR.",
        "ESR needs Entra ID P1 or P2 (formerly Azure AD Premium) or EMS; nothing on the "
        "device shows it.",
        "Entra admin center > Users > the user > Licenses: look for Entra ID P1/P2 or EMS.",
    ),
    FindingInfo(
        "prereq.restart-after-enable",
        "checklist",
        "Restart and sign-in after enabling",
        "Preliminary step 5: restart and sign in after ESR was enabled",
        "Whether the device restarted and the user signed in after ESR was switched on.",
        "Windows fetches the sync endpoint when the device starts and the user signs in; a "
        "session older than the change keeps the old, empty value.",
        "Restart the device and have the user sign in with the work account.",
        action="Restart the device and sign in again with the work account.",
    ),
)

_VERIFY = (
    FindingInfo(
        "sync.policy-allows",
        "verify-sync",
        "Sync allowed by policy",
        "Verify sync: sync and the individual settings are on",
        "Whether Group Policy or MDM turns settings sync off, fully or for some groups.",
        "A 'Do not sync' policy (DisableSettingSync = 2) or MDM AllowSyncMySettings = 0 stops "
        "all sync whatever the user chooses; per-group policies stop those groups.",
        "Ask the policy owner to remove or relax the GPO (Sync your settings) or the Intune "
        "Experience setting, then run gpupdate / sync the device and sign in again.",
        action="Have the administrator remove the policy that turns sync off.",
    ),
    FindingInfo(
        "sync.user-toggles",
        "verify-sync",
        "User's sync switches",
        "Verify sync: Settings > Accounts > Sync your settings shows sync and the settings on",
        "The user's own switches on the Sync your settings page.",
        "Groups the user switched off do not roam, even when everything else is healthy.",
        "Open Settings > Accounts > Sync your settings (Windows backup on Windows 11) and "
        "switch the wanted groups on.",
        action="Switch sync on in Settings > Accounts > Sync your settings.",
    ),
    FindingInfo(
        "sync.settings-page-disabled",
        "verify-sync",
        "Sync settings page usable",
        "Potential issue: greyed toggles and a 'features only available with a Microsoft or "
        "work account' note",
        "Whether a hybrid device has authenticated to Azure AD (has a primary refresh token).",
        "Without a PRT the page greys its switches out; device policy arrives asynchronously "
        "and this can last hours after a join.",
        "Wait for policy, sign out and in, or run Automatic-Device-Join; then check "
        "dsregcmd /status again (AzureAdPrt YES).",
        action="Sign out and sign in again so the device gets its Azure AD token (PRT).",
    ),
    FindingInfo(
        "sync.same-account",
        "verify-sync",
        "Same account for sync and sign-in",
        "Verify sync: the page names the work account, the same as in Your info",
        "Whether settings sync with the account the user signs in with.",
        "Sync follows the default account; a personal Microsoft account as default sends "
        "settings to the consumer service instead of the tenant.",
        "Compare Settings > Accounts > Sync your settings (top of the page) with "
        "Settings > Accounts > Your info: both must name the work account.",
        action="Make the work account the account Windows signs in and syncs with.",
    ),
    FindingInfo(
        "sync.two-device-test",
        "verify-sync",
        "Two-device sync test",
        "Verify sync: change a setting on one PC and see it on another within five minutes",
        "The end-to-end proof that settings roam between two devices.",
        "Every other check looks at one device; only this test shows the round trip works.",
        "On PC 1 move the taskbar, lock and unlock (Win+L); on PC 2, signed in with the same "
        "work account, watch for the change within five minutes.",
    ),
)

_REGISTRATION = (
    FindingInfo(
        "reg.status",
        "registration",
        "Device registration status",
        "Verify the device registration status: AzureAdJoined YES, WamDefaultSet YES, "
        "WamDefaultGUID ends with (AzureAd)",
        "The three dsregcmd /status values the guide expects on a device that can sync.",
        "They show the device is registered and that Windows' default web account is the "
        "Azure AD one, which ESR uses to get its token.",
        "Run dsregcmd /status unelevated as the user; fix whichever value is wrong (see the "
        "related findings).",
    ),
    FindingInfo(
        "reg.wam-not-set",
        "registration",
        "Hybrid registration completed",
        "Potential issue: WamDefaultSet and AzureAdJoined both NO on a domain-joined device",
        "A domain-joined device that has not (yet) registered with Azure AD.",
        "Policy may still be pending, or device authentication failed; until it registers, "
        "the user has no Azure AD account for sync.",
        "Wait a few hours for policy, sign out and in, or run the Automatic-Device-Join "
        "task; as a last resort dsregcmd /leave (elevated), restart and register again.",
        action="Run the Automatic-Device-Join task (or sign out and in) to retry registration.",
    ),
    FindingInfo(
        "reg.settings-url-empty",
        "registration",
        "Settings URL present",
        "Potential issue: the settings URL field is empty and the device does not sync",
        "Whether dsregcmd shows an ESR endpoint (SettingsUrl / AzureAdSettingsUrl).",
        "Empty means the user signed in before ESR was enabled, the admin setting did not "
        "apply, or the device certificate is bad.",
        "Restart and sign in; optionally have the admin switch ESR off and on again; if it "
        "stays empty, dsregcmd /leave (hybrid) or rejoin (Azure AD joined).",
        action="Restart the device and sign in with the work account.",
    ),
)

_MFA = (
    FindingInfo(
        "mfa.password-sign-in",
        "mfa",
        "Sign-in method and MFA",
        "MFA potential issue: password sign-in while MFA is required (KB3193683)",
        "Whether a password sign-in left the user without the MFA claim sync needs.",
        "When MFA is required, a password-only sign-in gives tokens that sync cannot use; a "
        "PIN / Windows Hello sign-in carries the strong-authentication claim.",
        "Sign in with the Windows Hello PIN, or complete MFA once in another Microsoft 365 "
        "service; see KB3193683.",
        kb="KB3193683",
        action="Sign out and sign in with the Windows Hello PIN instead of the password.",
    ),
    FindingInfo(
        "mfa.adfs-token-expired",
        "mfa",
        "AD FS token expiry",
        "MFA potential issue: AD FS MFA conditional access with an expired token",
        "Whether a federated (AD FS) device's token expired under an MFA policy.",
        "Once the token expires, sync cannot renew it silently while AD FS demands MFA.",
        "Sign out and in with the PIN, or complete MFA in another Microsoft 365 service.",
        action="Sign out and sign in with the PIN (or complete MFA in Office 365).",
    ),
)

_KNOWN = (
    FindingInfo(
        "ki.mdm-sideload-1607",
        "known-issues",
        "1607: MDM side-loaded apps stop sync",
        "Known issue: sync does not work on devices with apps side-loaded by MDM (1607)",
        "Windows 10 1607 before build 14393.82 stops syncing when MDM side-loads apps; "
        "SettingSync-Azure logs event 6013 with 80070259.",
        "A bug of that build; only the update fixes it.",
        "Install the August 23, 2016 cumulative update KB3176934 (14393.82) or any later one.",
        kb="KB3176934",
        action="Install KB3176934 (build 14393.82) or any later cumulative update.",
    ),
    FindingInfo(
        "ki.ie-favorites-1511",
        "known-issues",
        "1511: Internet Explorer favorites",
        "Known issue: Internet Explorer favorites do not sync (1511)",
        "Windows 10 1511 before 10586.494 does not sync IE favorites.",
        "Users see favorites missing on their other devices.",
        "Install the July 2016 cumulative update KB3172985 (10586.494) or later.",
        kb="KB3172985",
        action="Install KB3172985 (build 10586.494) or any later cumulative update.",
    ),
    FindingInfo(
        "ki.wip-no-sync",
        "known-issues",
        "1607: WIP-protected data and theme",
        "Known issue: theme and WIP-protected data do not sync (1607)",
        "On 1607 data protected by Windows Information Protection, and the theme, do not roam.",
        "It prevents leaks of protected data; there is no fix (WIP is deprecated since 2022).",
        "Nothing to fix; tell the user which settings will not roam.",
    ),
    FindingInfo(
        "ki.domain-date-time",
        "known-issues",
        "Domain-joined: date, time and region",
        "Known issue: date, time and region do not sync on domain-joined devices",
        "Domain-joined devices do not sync automatic time, which can keep other date, time "
        "and region settings from roaming.",
        "Expected behaviour, not a fault; there is no fix.",
        "Nothing to fix; explain it to the user.",
    ),
    FindingInfo(
        "ki.uac-password-sync-1511",
        "known-issues",
        "1511: UAC prompts when syncing passwords",
        "Known issue: UAC prompts when syncing passwords (1511, wireless NIC)",
        "Windows 10 1511 before 10586.494 with a wireless adapter and password sync on shows "
        "UAC prompts.",
        "Users are prompted unexpectedly.",
        "Install KB3140743 (10586.494) or any later cumulative update.",
        kb="KB3140743",
        action="Install KB3140743 (build 10586.494) or any later cumulative update.",
    ),
    FindingInfo(
        "ki.smart-card-sign-in",
        "known-issues",
        "Smart-card sign-in",
        "Known issue: sync does not work when signing in with a smart card",
        "Signing in with a smart card or virtual smart card stops settings sync.",
        "No fix was published.",
        "If policy allows, sign in with a PIN / Windows Hello or password instead.",
        action="If policy allows, sign in with the PIN or password instead of the smart card.",
    ),
    FindingInfo(
        "ki.domain-offsite",
        "known-issues",
        "Hybrid device away from the corporate network",
        "Known issue: a domain-joined device stops syncing after long periods off-site",
        "A hybrid device that cannot reach a domain controller for long cannot finish domain "
        "authentication, and sync stops.",
        "Sync resumes once the device reaches the corporate network.",
        "Connect to the office network or VPN, then lock/unlock or sign in again.",
        action="Connect the device to the corporate network or VPN, then sign in again.",
    ),
    FindingInfo(
        "ki.mixed-case-upn",
        "known-issues",
        "Mixed-case UPN on an Azure AD joined device",
        "Known issue: Azure AD joined device with a mixed-case UPN stops syncing",
        "A UPN with capitals (UserName@...) on an Azure AD joined device upgraded from 10586 "
        "to 14393 can break sync.",
        "Cached broker data keyed on the old spelling no longer matches.",
        "As local administrator: disconnect the device, delete the BrokerPlugin Settings.dat "
        "and the AC\\TokenBroker\\Account(s) files of the user, then join again.",
        action="Unjoin, clean the user's BrokerPlugin files (backup first), then rejoin.",
    ),
    FindingInfo(
        "ki.event-6065-account-disabled",
        "known-issues",
        "Event 6065: account disabled",
        "Known issue: event 6065 with 80070533 (account currently disabled)",
        "SettingSync logged that the account cannot sign in (80070533).",
        "Either the user's credentials expired, or the tenant lacks Azure RMS.",
        "Have the user renew their credentials and sign in with them; for the RMS case follow "
        "KB3193791.",
        kb="KB3193791",
        action="Have the user update their password and sign in with the new credentials.",
    ),
    FindingInfo(
        "ki.event-1098-token-broker",
        "known-issues",
        "Event 1098: token broker failed",
        "Known issue: event 1098 with 0xCAA5001C (often with 1104 and 0xC000005F)",
        "The AAD token broker failed to get a token (0xCAA5001C).",
        "With 1104 / 0xC000005F it points at missing permissions or ownership attributes; "
        "sync gets no token.",
        "Follow the steps of KB3196528.",
        kb="KB3196528",
        action="Follow KB3196528 (permissions and ownership for the token broker).",
    ),
)

FINDING_KNOWLEDGE: dict[str, FindingInfo] = {
    i.id: i for i in (*_INPUT, *_CHECKLIST, *_VERIFY, *_REGISTRATION, *_MFA, *_KNOWN)
}
FINDING_IDS: tuple[str, ...] = tuple(FINDING_KNOWLEDGE)


def finding_info(finding_id: str) -> FindingInfo | None:
    """The reference text for `finding_id`, or None for an id we do not know."""
    return FINDING_KNOWLEDGE.get(finding_id)
