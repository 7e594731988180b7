"""Titles and explanations of the known-issue findings (our words; builds and KBs: the guide)."""

from __future__ import annotations

from esr_gui.core.diagnose.base import Verdict

BUILD_GATE = {
    "other": Verdict(
        "not-applicable",
        "Does not apply to {label}",
        "This known issue only affects {release}; this device runs {label}.",
    ),
    "later": Verdict(
        "not-applicable",
        "Does not apply: Windows 10 1803 or later",
        "This known issue only affects {release}; dsregcmd's layout shows a later release.",
    ),
    "unknown": Verdict(
        "unknown",
        "Windows build not known",
        "This known issue only affects {release}; the build could not be read.",
    ),
    "fixed": Verdict(
        "pass",
        "Fixed on {label}",
        "The fix shipped with build {fixed} ({kb}); this device is at that level or later.",
    ),
}

SIDELOAD = {
    "event": Verdict(
        "fail",
        "1607 known issue: MDM side-loaded apps stop sync (event 6013, 0x80070259)",
        "{label} is older than 14393.82 and SettingSync logged event 6013 with 0x80070259: "
        "the known issue where apps side-loaded by MDM stop sync. Install KB3176934 (the "
        "August 23, 2016 cumulative update, 14393.82) or any later cumulative update.",
    ),
    "build": Verdict(
        "warn",
        "1607 below 14393.82: exposed to the MDM side-loading sync bug",
        "{label} is older than 14393.82, where apps side-loaded by MDM stop sync (event 6013 "
        "with 0x80070259). {events} KB3176934 or any later cumulative update removes the "
        "risk.",
    ),
    "event-no-build": Verdict(
        "warn",
        "Event 6013 with 0x80070259 seen; the build is not known",
        "SettingSync logged event 6013 with 0x80070259, the sign of the 1607 MDM "
        "side-loading bug. If the device runs 1607 below 14393.82, install KB3176934.",
    ),
}
EVENTS_READ = "The sync logs were read and show no such event."
EVENTS_UNREAD = "The sync logs were not captured, so the event could not be checked."

IE_FAVORITES = Verdict(
    "warn",
    "1511 below 10586.494: Internet Explorer favorites do not sync",
    "{label} is older than 10586.494, so Internet Explorer favorites do not roam. Install "
    "KB3172985 (July 2016 cumulative update) or any later one.",
)

WIP = {
    "present": Verdict(
        "warn",
        "1607 with Windows Information Protection: protected data and the theme do not sync",
        "A WIP policy is present on this 1607 device. Data protected by WIP, and the theme, "
        "do not roam through ESR on this release, by design; there is no fix (WIP itself is "
        "deprecated since 2022).",
    ),
    "absent": Verdict(
        "not-applicable",
        "No Windows Information Protection policy",
        "The WIP policy key is not present, so this known issue does not apply.",
    ),
    "unknown": Verdict(
        "unknown",
        "Windows Information Protection state not known",
        "On 1607, WIP-protected data and the theme do not sync; whether a WIP policy exists "
        "was not captured.",
    ),
}

UAC = {
    "applies": Verdict(
        "warn",
        "1511 with a wireless adapter and password sync: UAC prompts",
        "{label} is older than 10586.494, has a wireless adapter and syncs passwords: users "
        "can get UAC prompts when passwords sync. Install KB3140743 or any later cumulative "
        "update.{note}",
    ),
    "no-wireless": Verdict(
        "not-applicable",
        "No wireless adapter",
        "The UAC prompt issue needs a wireless adapter; this device has none.",
    ),
    "no-passwords": Verdict(
        "not-applicable",
        "Password sync is off",
        "The UAC prompt issue only occurs while passwords sync; password sync is off here.",
    ),
    "unknown": Verdict(
        "unknown",
        "Wireless adapter not known",
        "{label} is below 10586.494; whether it has a wireless adapter was not recorded.",
    ),
}
CREDENTIALS_DEFAULT = " (Password sync was not captured; it is on by default.)"

DATE_TIME = {
    "applies": Verdict(
        "warn",
        "Domain-joined: date, time and region (automatic time) do not sync",
        "On domain-joined devices automatic time does not roam, and with automatic time on "
        "the other date, time and region settings may not roam either. This is expected; "
        "there is no fix. Tell the user if they miss these settings.",
    ),
    "not-domain": Verdict(
        "not-applicable",
        "Not domain-joined",
        "Date, time and region only stop syncing on domain-joined devices.",
    ),
    "unknown": Verdict(
        "unknown",
        "Domain join not known",
        "DomainJoined from dsregcmd /status is needed.",
    ),
}

SMART_CARD = {
    "applies": Verdict(
        "warn",
        "Last sign-in used a smart card: sync stops",
        "The last sign-in used the {label} credential provider. Signing in with a smart card "
        "or virtual smart card stops settings sync, and Microsoft published no fix. If policy "
        "allows, sign in with the PIN / Windows Hello or a password instead.",
    ),
    "other": Verdict(
        "not-applicable",
        "Last sign-in did not use a smart card",
        "The last sign-in used {label}.",
    ),
    "unknown": Verdict(
        "unknown",
        "Sign-in method not known",
        "The last sign-in's credential provider (LogonUI LastLoggedOnProvider) is needed.",
    ),
}

OFFSITE = {
    "applies": Verdict(
        "warn",
        "Hybrid device cannot reach a domain controller",
        "No domain controller answered. A hybrid joined device that stays away from the "
        "corporate network cannot complete domain authentication, and sync stops until it "
        "can. Connect to the office network or VPN, then lock/unlock or sign in again.",
    ),
    "reachable": Verdict(
        "not-applicable",
        "A domain controller is reachable",
        "The device reached a domain controller, so domain authentication can complete and "
        "this known issue does not apply.",
    ),
    "not-hybrid": Verdict(
        "not-applicable",
        "Not a hybrid joined device",
        "This known issue concerns domain-joined devices registered with Azure AD; this "
        "device is {join_type}.",
    ),
    "unknown": Verdict(
        "unknown",
        "Domain controller reachability not known",
        "Whether the device can reach a domain controller was not recorded.",
    ),
}

MIXED_CASE = {
    "applies": Verdict(
        "warn",
        "Mixed-case UPN on an Azure AD joined device",
        "The user name in the UPN {upn} contains capital letters. On Azure AD joined devices "
        "upgraded from 10586 to 14393 this breaks sync. The fix: as local administrator "
        "disconnect the device, delete the user's BrokerPlugin Settings.dat and "
        "AC\\TokenBroker\\Account(s) files (back them up first), then join again.{note}",
    ),
    "tenant-same": Verdict(
        "not-applicable",
        "UPN spelt exactly as in Entra ID",
        "The device uses {upn}, exactly as Entra ID spells the account (read from Microsoft "
        "Graph), so the case mismatch behind this known issue is not there.",
    ),
    "lower": Verdict(
        "not-applicable",
        "UPN user name is all lower case",
        "The user name in the UPN ({upn}) has no capital letters (the case of the domain "
        "part does not matter), so this known issue does not apply.",
    ),
    "not-aadj": Verdict(
        "not-applicable",
        "Not an Azure AD joined (cloud-only) device",
        "This known issue concerns Azure AD joined devices that are not domain-joined; this "
        "device is {join_type}.",
    ),
    "old-build": Verdict(
        "not-applicable",
        "Build below 14393",
        "This known issue appears from build 14393 on; this device runs {label}.",
    ),
    "no-upn": Verdict(
        "unknown",
        "User's UPN not known",
        "The user's UPN is needed (whoami /upn, or dsregcmd's Executing Account Name).",
    ),
    "no-join": Verdict(
        "unknown",
        "Join type not known",
        "Whether the device is Azure AD joined (and not domain-joined) is needed.",
    ),
}
BUILD_UNKNOWN_NOTE = " (The build was not captured; the issue needs 14393 or later.)"
