"""The troubleshooting guide's steps, retold in our own words (facts from the guide only).

Each topic links to the findings that check its steps; the online guide is a secondary link.
"""

from __future__ import annotations

from esr_gui.core.help.topics import HelpTopic, Section, finding_topic_id

GUIDE_URL = (
    "https://learn.microsoft.com/entra/identity/devices/enterprise-state-roaming-troubleshooting"
)
ONLINE = (("Microsoft's troubleshooting guide (online)", GUIDE_URL),)
GROUP = "Troubleshooting guide"


def _findings(*ids: str) -> tuple[str, ...]:
    return tuple(finding_topic_id(i) for i in ids)


CHECKLIST = HelpTopic(
    id="guide/checklist",
    title="Before you start: the five prerequisites",
    group=GROUP,
    summary="Check these first; if one is missing, nothing else will make sync work.",
    sections=(
        Section(
            "Check, in this order",
            items=(
                "Windows: at least Windows 10 version 1511 (build 10586), with the latest "
                "updates. Today Microsoft asks for Windows 10 22H2 or Windows 11.",
                "Join: the device is joined to Azure AD (Entra ID), or joined to the domain "
                "and also registered in Azure AD (hybrid).",
                "Tenant setting: an administrator has switched on 'Users may sync settings "
                "and app data' in the Entra ID device settings, for all users or for a group "
                "this user belongs to.",
                "Licence: the user has an Azure AD Premium (Entra ID P1 or P2) licence.",
                "Restart: after the setting was switched on, the device was restarted and "
                "the user signed in again.",
            ),
            ordered=True,
        ),
        Section(
            "In this app",
            (
                "Each prerequisite is a line of the Checklist group; select one and press F1 "
                "for its explanation.",
            ),
        ),
    ),
    related=_findings(
        "prereq.os-build",
        "prereq.device-joined",
        "prereq.esr-enabled",
        "prereq.license",
        "prereq.restart-after-enable",
    ),
    external=ONLINE,
)

VERIFY_SYNC = HelpTopic(
    id="guide/verify-sync",
    title="Verify that sync works",
    group=GROUP,
    summary="Look at the sync settings page, then prove sync end to end with a second PC.",
    sections=(
        Section(
            "On the device",
            items=(
                "Sign in with the work account and open Settings > Accounts > Sync your "
                "settings (Windows 11: Accounts > Windows backup).",
                "Sync and each setting you expect to roam should be on, and the page should "
                "say it syncs with the work account.",
                "Settings > Accounts > Your info should show that same account: sync follows "
                "the user, not the machine.",
            ),
            ordered=True,
        ),
        Section(
            "Two-device test",
            items=(
                "Sign in to a second PC with the same work account.",
                "Change something visible on the first PC, for example move the taskbar.",
                "Lock and unlock the screen (Windows + L) to nudge a sync.",
                "The change should show on the second PC within about five minutes.",
            ),
            ordered=True,
        ),
        Section(
            "Greyed-out switches",
            (
                "If the switches are greyed out and the page says some features need a "
                "Microsoft or work account, the device is hybrid but has not yet authenticated "
                "to Azure AD. Device policy can take a few hours to apply; check the "
                "registration status next.",
            ),
        ),
    ),
    related=(
        *_findings(
            "sync.policy-allows",
            "sync.user-toggles",
            "sync.settings-page-disabled",
            "sync.same-account",
            "sync.two-device-test",
        ),
        "guide/registration",
    ),
    external=ONLINE,
)

REGISTRATION = HelpTopic(
    id="guide/registration",
    title="Check the device registration (dsregcmd /status)",
    group=GROUP,
    summary="ESR needs a registered device; dsregcmd /status shows whether it is.",
    sections=(
        Section(
            "Run it",
            items=(
                "Open a normal (not elevated) command prompt as the user.",
                "Run dsregcmd /status.",
                "Healthy: AzureAdJoined is YES, WamDefaultSet is YES and WamDefaultGUID is "
                "a GUID followed by (AzureAd).",
            ),
            ordered=True,
        ),
        Section(
            "AzureAdJoined and WamDefaultSet both NO on a hybrid device",
            (
                "Either policy has not reached the device yet (it can take a few hours) or "
                "the device failed to authenticate to Azure AD.",
            ),
            items=(
                "Sign out and back in, or start the Automatic-Device-Join task in Task "
                "Scheduler, to retry the registration.",
                "If that does not help: run dsregcmd /leave from an elevated prompt, "
                "restart, and let the device register again.",
            ),
        ),
        Section(
            "The settings URL is empty",
            ("The user probably last signed in before ESR was switched on.",),
            items=(
                "Restart and have the user sign in.",
                "Optionally an administrator turns the tenant setting off and on again, then "
                "restart and sign in once more.",
                "Still empty: the device certificate may be bad; leave (dsregcmd /leave, "
                "elevated), restart and register again.",
            ),
        ),
    ),
    related=_findings(
        "reg.status",
        "reg.wam-not-set",
        "reg.settings-url-empty",
        "join.device-auth",
        "prt.status",
    ),
    external=ONLINE,
)

MFA = HelpTopic(
    id="guide/mfa",
    title="Multi-factor authentication and sync",
    group=GROUP,
    summary="Some MFA set-ups stop sync; Microsoft describes them in KB3193683.",
    sections=(
        Section(
            "Password sign-in with MFA required",
            (
                "When the portal requires MFA for the device (meant to protect administrator "
                "accounts), signing in to Windows with only a password can leave sync failing. "
                "Signing in with a Windows Hello (Passport for Work) PIN, or completing MFA in "
                "another Microsoft cloud service such as Office 365, gets sync going.",
            ),
        ),
        Section(
            "AD FS MFA and an expired token",
            (
                "With an AD FS multi-factor conditional access policy, sync can stop once the "
                "device's access token expires. Sign out and in with the PIN, or complete MFA "
                "in another Microsoft cloud service.",
            ),
        ),
    ),
    related=_findings("mfa.password-sign-in", "mfa.adfs-token-expired"),
    external=(*ONLINE, ("KB3193683 (online)", "https://support.microsoft.com/kb/3193683")),
)

EVENTS = HelpTopic(
    id="guide/events",
    title="Event logs to look at",
    group=GROUP,
    summary="Where Windows records sync and sign-in errors.",
    sections=(
        Section(
            "In Event Viewer, under Applications and Services Logs > Microsoft > Windows",
            items=(
                "SettingSync (and SettingSync-Azure): the sync itself.",
                "AAD: sign-in and token problems that stop sync.",
            ),
        ),
        Section(
            "In this app",
            (
                "The Events tab shows these logs from the capture; the sync-log findings "
                "name the error codes they found.",
            ),
        ),
    ),
    related=_findings("ev.sync-log-errors", "ev.sync-auth", "ev.sync-service-refused"),
    external=ONLINE,
)

ASK_FOR_HELP = HelpTopic(
    id="guide/ask-for-help",
    title="What to gather before asking Microsoft for help",
    group=GROUP,
    summary="Support needs these facts; the app's report and bundle hold most of them.",
    sections=(
        Section(
            "Write down",
            items=(
                "The error the user saw, or exactly what did not sync; which settings are "
                "expected to roam, and whether one or many fail.",
                "Who is affected: one user or several, how many devices each, and whether "
                "some devices sync and others do not.",
                "How the user signs in (which account, password, PIN or smart card) and "
                "whether they are in the group allowed to sync.",
                "The device: Azure AD joined or hybrid, its Windows build and latest updates.",
                "When the error happened: date, time and time zone.",
            ),
        ),
        Section(
            "In this app",
            (
                "File > Save bundle and File > Save report keep the capture and the diagnosis "
                "together; the redacted report hides names and ids.",
            ),
        ),
    ),
    external=ONLINE,
)
