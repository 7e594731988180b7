"""Remedies that open a Settings page, Event Viewer or a support article, and the two that
switch a Debug event log on and off. In our own words.

A new "open a page" remedy is one record here, with `kind="open"` and its `uri`, added to
PAGE_REMEDIES: nothing else (planning opens the record's uri, the GUI and the CLI read the
record).
"""

from __future__ import annotations

from esr_gui.core.remedy import builders
from esr_gui.core.remedy.params import DebugChannelParams, KbParams, ViewerChannelParams
from esr_gui.core.remedy.remedy_spec import RemedySpec

REJOIN_AZURE_AD = RemedySpec(
    id="remedy.rejoin-azure-ad",
    title="Disconnect and rejoin Azure AD (guided)",
    summary="For an Azure AD joined device that stopped syncing, for example for a user with "
    "a mixed-case UPN after the 1607 upgrade: disconnect, clean the token files, join again.",
    kind="open",
    run_does="Opens Settings › Accounts › Access work or school (ms-settings:workplace).",
    guidance=(
        "Sign in with a local administrator account, not the affected user, and be sure of "
        "its password: once disconnected, Azure AD accounts cannot sign in to this device.",
        "In Settings › Accounts › Access work or school, select the work or school connection, "
        "choose Disconnect, confirm, and restart when Windows asks.",
        "Sign in as the local administrator again and clean the affected user's BrokerPlugin "
        "files: remedy.broker-plugin-cleanup, with this tool started as administrator and "
        "their profile chosen.",
        "In Access work or school choose Connect › Join this device to Azure Active Directory "
        "(Microsoft Entra ID) and sign in with the user's work account.",
        "Restart, have the user sign in with the work account, then capture again.",
    ),
    targets=("ki.mixed-case-upn", "prereq.device-joined", "reg.status"),
    needs_restart=True,
    needs_sign_out=True,
    cannot_undo=(
        "Disconnecting removes the device from Azure AD: Azure AD accounts cannot sign in "
        "until it is joined again.",
    ),
    related=("remedy.broker-plugin-cleanup",),
    notes=("The steps need a local administrator account; Run itself only opens Settings.",),
    uri="ms-settings:workplace",
)

JOIN_AZURE_AD = RemedySpec(
    id="remedy.join-azure-ad",
    title="Join this device to Azure AD (guided)",
    summary="For a device that was never joined (or only has a work account added): join it "
    "to Azure AD so the work account can sign in and settings can roam. Nothing to undo first.",
    kind="open",
    run_does="Opens Settings › Accounts › Access work or school (ms-settings:workplace).",
    guidance=(
        "Sign in with an account that is an administrator of this PC.",
        "In Access work or school, if the user's work account is listed as an added account "
        "(not a join), select it and choose Disconnect: a device cannot be registered and "
        "joined with the same account.",
        "Choose Connect › Join this device to Azure Active Directory (Microsoft Entra ID), sign "
        "in with the user's work account and confirm the organisation.",
        "Restart, have the user sign in with the work account, then capture again.",
    ),
    targets=("prereq.device-joined", "reg.status"),
    needs_restart=True,
    needs_sign_out=True,
    undo="Disconnect the device again under Access work or school.",
    related=("remedy.rejoin-azure-ad",),
    notes=(
        "A domain-joined device joins Azure AD through hybrid registration instead "
        "(remedy.run-device-join-task).",
        "Run itself only opens Settings.",
    ),
    uri="ms-settings:workplace",
)

_CHANNEL_EXAMPLE = {"channel": "Microsoft-Windows-SettingSync/Debug"}

ENABLE_DEBUG_CHANNEL = RemedySpec(
    id="remedy.enable-debug-channel",
    title="Switch on a Debug event log",
    summary="Debug logs are off by default, and some known issues (SettingSync events 6013 "
    "and 6065) only show there.",
    kind="command",
    changes_device=True,
    run_does="Runs wevtutil.exe sl CHANNEL /e:true /q:true with administrator rights, and "
    "remembers that this tool switched the log on.",
    guidance=(
        "Run switches the log on.",
        "Reproduce the problem: sign out and in, or lock and unlock.",
        "Capture again: the new events are read from the log.",
        "Switch the log off when you are done (remedy.disable-debug-channel).",
    ),
    targets=("ki.mdm-sideload-1607", "ki.event-6065-account-disabled"),
    params=DebugChannelParams,
    admin="required",
    undo="remedy.disable-debug-channel switches it off again; `esr-diag remedy list` shows "
    "the logs this tool switched on.",
    cannot_undo=("Windows may discard what the log held before it was switched on.",),
    related=("remedy.disable-debug-channel", "remedy.open-event-viewer"),
    example=_CHANNEL_EXAMPLE,
    build=builders.switch_channel,
    channel_state="switched-on",
    done="{channel} is on; this tool remembers that it switched it on.",
)

DISABLE_DEBUG_CHANNEL = RemedySpec(
    id="remedy.disable-debug-channel",
    title="Switch a Debug event log off again",
    summary="A Debug log left on costs a little disk space and performance; switch it off "
    "once the events are captured.",
    kind="command",
    changes_device=True,
    run_does="Runs wevtutil.exe sl CHANNEL /e:false /q:true with administrator rights.",
    guidance=(
        "Capture first if you still need the events: the log stops recording when it is off.",
        "Run switches it off; the events already written stay in the log file.",
    ),
    params=DebugChannelParams,
    admin="required",
    undo="remedy.enable-debug-channel switches it on again.",
    related=("remedy.enable-debug-channel",),
    example=_CHANNEL_EXAMPLE,
    build=builders.switch_channel,
    channel_state="switched-off",
    done="{channel} is off again.",
)

OPEN_SYNC_SETTINGS = RemedySpec(
    id="remedy.open-sync-settings",
    title="Open Sync your settings",
    summary="Check that sync is on, which groups sync, and which account the page names.",
    kind="open",
    run_does="Opens ms-settings:sync in the user's session. On Windows 11 this opens the "
    "Windows backup page, where the switch is called Remember my preferences.",
    guidance=(
        "Check that sync is on, and the groups that should sync.",
        "The top of the page should say it syncs with the work account, the same one as in "
        "Settings › Accounts › Your info.",
        "Greyed-out switches with a note that some features need a Microsoft or work account "
        "mean the device has not authenticated to Azure AD: check the registration first.",
    ),
    targets=("sync.user-toggles", "sync.same-account", "sync.settings-page-disabled"),
    uri="ms-settings:sync",
    build=builders.sync_settings,
)

OPEN_EVENT_VIEWER = RemedySpec(
    id="remedy.open-event-viewer",
    title="Open Event Viewer at a log",
    summary="Look at the events behind a finding in Windows' own viewer.",
    kind="launch",
    run_does="Starts %SystemRoot%\\System32\\mmc.exe eventvwr.msc /c:CHANNEL through the shell, "
    "in the user's session.",
    guidance=(
        "Event Viewer opens at the chosen log.",
        "Debug logs only appear after View › Show Analytic and Debug Logs, and hold events "
        "only while switched on (remedy.enable-debug-channel).",
    ),
    params=ViewerChannelParams,
    notes=(
        "Windows starts Event Viewer with the highest rights the account has, so an "
        "administrator may see a consent prompt; that prompt is Windows', not ours.",
    ),
    related=("remedy.enable-debug-channel",),
    example={"channel": "Microsoft-Windows-AAD/Operational"},
    build=builders.event_viewer,
    done="Event Viewer was started at {channel}.",
)

INSTALL_UPDATE = RemedySpec(
    id="remedy.install-update",
    title="Open the Microsoft support article (KB)",
    summary="Known issues are fixed by a cumulative update or by the steps of a support "
    "article; this opens the one the finding names.",
    kind="open",
    run_does="Opens https://support.microsoft.com/kb/NUMBER in the default browser.",
    guidance=(
        "For an update: compare the build (winver, or Settings › Windows Update › Update "
        "history) with the one the article names, and install it through Windows Update, "
        "WSUS/Intune or the Microsoft Update Catalog.",
        "For an article with steps (KB3193791, KB3196528): an administrator follows them.",
        "Restart if the update asks for it, then capture again.",
    ),
    params=KbParams,
    example={"kb": "KB3176934"},
    build=builders.install_update,
)

UPDATE_CREDENTIALS = RemedySpec(
    id="remedy.update-credentials",
    title="Renew the user's credentials",
    summary="Sync was refused because the account's credentials expired or the account is "
    "disabled (SettingSync event 6065, 0x80070533).",
    kind="open",
    run_does="Opens Settings › Accounts › Sign-in options (ms-settings:signinoptions).",
    guidance=(
        "Check the account in Azure AD (and on-premises AD): enabled, password not expired.",
        "Have the user change the password (Ctrl+Alt+Del › Change a password, with a domain "
        "controller in reach for a domain account), or have an administrator reset it.",
        "Sign out and sign in with the new password; the PIN works again afterwards.",
        "If the account is fine, the tenant may lack Azure RMS: see KB3193791 "
        "(remedy.install-update with kb=KB3193791).",
    ),
    targets=("ki.event-6065-account-disabled", "mfa.adfs-token-expired"),
    needs_sign_out=True,
    related=("remedy.install-update", "remedy.sign-out-in"),
    uri="ms-settings:signinoptions",
)

CONNECT_CORP_NETWORK = RemedySpec(
    id="remedy.connect-corp-network",
    title="Connect to the corporate network",
    summary="A domain-joined device that has been away from the office for a long time can "
    "no longer complete domain authentication, and sync waits until it can.",
    kind="open",
    run_does="Opens Settings › Network › VPN (ms-settings:network-vpn).",
    guidance=(
        "Connect the device to the office network, or to the corporate VPN.",
        "Make sure a domain controller answers (for example: nltest /dsgetdc:DOMAIN).",
        "Lock and unlock, or sign out and in, so Windows authenticates to the domain again.",
        "Capture again and compare.",
    ),
    targets=("ki.domain-offsite",),
    related=("remedy.lock-to-sync",),
    uri="ms-settings:network-vpn",
)

PAGE_REMEDIES: tuple[RemedySpec, ...] = (
    REJOIN_AZURE_AD,
    JOIN_AZURE_AD,
    ENABLE_DEBUG_CHANNEL,
    DISABLE_DEBUG_CHANNEL,
    OPEN_SYNC_SETTINGS,
    OPEN_EVENT_VIEWER,
    INSTALL_UPDATE,
    UPDATE_CREDENTIALS,
    CONNECT_CORP_NETWORK,
)
