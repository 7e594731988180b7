"""The remedies themselves: the guide's fix panel, in our own words.

One record per remedy holds everything about it (see `RemedySpec`). This file holds the
remedies that restart, sign out, lock, register or clean; `catalog_pages` those that open a
page, a log or an article (and switch Debug logs). REMEDIES is the allow-list, in order.
"""

from __future__ import annotations

from esr_gui.core.remedy import builders
from esr_gui.core.remedy.builders import AUTOMATIC_DEVICE_JOIN, RESTART_SECONDS
from esr_gui.core.remedy.catalog_pages import PAGE_REMEDIES
from esr_gui.core.remedy.params import CleanupParams
from esr_gui.core.remedy.remedy_spec import RemedySpec

RESTART_AND_SIGN_IN = RemedySpec(
    id="remedy.restart-and-sign-in",
    title="Restart, then sign in with the work account",
    summary="Windows picks up a newly enabled sync setting, and retries device registration, "
    "when the device starts and the user signs in.",
    kind="command",
    changes_device=True,
    run_does=f"Schedules a restart in {RESTART_SECONDS // 60} minutes with "
    "shutdown.exe /r, so the user can save their work first.",
    guidance=(
        "Ask the user to save their work and close their apps.",
        "Restart the device (Start › Power › Restart); Run schedules it for you, "
        f"{RESTART_SECONDS // 60} minutes from now.",
        "Have the user sign in with the same work account that should sync; where the tenant "
        "asks for multi-factor sign-in, use the PIN or Windows Hello rather than the password.",
        "Give Windows a few minutes, then capture again and compare.",
    ),
    targets=(
        "prereq.restart-after-enable",
        "prereq.esr-enabled",
        "reg.settings-url-empty",
        "reg.wam-not-set",
    ),
    needs_restart=True,
    undo="Until the countdown ends, `shutdown.exe /a` cancels the restart.",
    cannot_undo=(
        "When the countdown ends Windows restarts, and apps that are still open close "
        "without saving.",
    ),
    success="needs-restart",
    build=builders.restart,
    done=f"The restart is scheduled in {RESTART_SECONDS // 60} minutes; "
    "`shutdown.exe /a` cancels it until then.",
)

SIGN_OUT_IN = RemedySpec(
    id="remedy.sign-out-in",
    title="Sign out and sign in again",
    summary="A fresh sign-in makes Windows fetch new tokens and retry registration for this "
    "user; it is often enough after sync was just enabled or after a password change.",
    kind="guidance",
    run_does="Nothing is run for you: signing out closes every app in the session at once, "
    "this one included, so the user does it when their work is saved. Run records that "
    "the steps were given.",
    guidance=(
        "Ask the user to save their work.",
        "Sign out: Start › the account picture › Sign out.",
        "Sign in again with the work account. Where multi-factor sign-in is required, use the "
        "PIN or Windows Hello: a password sign-in may not get a token that sync accepts.",
        "Wait a few minutes, then capture again and compare.",
    ),
    targets=(
        "reg.wam-not-set",
        "prereq.restart-after-enable",
        "sync.settings-page-disabled",
        "mfa.password-sign-in",
        "mfa.adfs-token-expired",
    ),
    needs_sign_out=True,
    done="Nothing was run on the device: the steps are for the user to follow.",
)

LOCK_TO_SYNC = RemedySpec(
    id="remedy.lock-to-sync",
    title="Lock and unlock to trigger a sync",
    summary="Unlocking the session is one of the moments Windows syncs settings, so it makes "
    "the two-device test quick.",
    kind="lock",
    run_does="Locks this session (LockWorkStation), as Win+L does; unlocking it with the same "
    "account starts a sync.",
    guidance=(
        "Make a visible change on this device, for example move the taskbar to the top.",
        "Lock the session (Win+L; Run does it for you) and unlock it with the same work account.",
        "On a second device signed in with the same account, lock and unlock too; the change "
        "should arrive within about five minutes.",
    ),
    targets=("sync.two-device-test",),
    done="The session is locked; unlocking it with the same account starts a sync.",
)

RUN_DEVICE_JOIN_TASK = RemedySpec(
    id="remedy.run-device-join-task",
    title="Start the device registration task now",
    summary="Asks Windows to retry registering this domain-joined device in Azure AD now "
    "instead of at the next sign-in.",
    kind="command",
    changes_device=True,
    run_does=f"Runs schtasks.exe /run /tn {AUTOMATIC_DEVICE_JOIN}: first without administrator "
    "rights, and with them only if Windows refuses.",
    guidance=(
        "Run starts the Automatic-Device-Join task (Task Scheduler › Microsoft › Windows › "
        "Workplace Join).",
        "The device needs to reach a domain controller and the Internet while it runs.",
        "Registration finishes in the background: wait a few minutes, then check that "
        "dsregcmd /status shows AzureAdJoined YES, and capture again.",
        "If it keeps failing, the User Device Registration Admin log says why.",
    ),
    targets=(
        "reg.wam-not-set",
        "reg.status",
        "prereq.device-joined",
        "sync.settings-page-disabled",
    ),
    admin="if-denied",
    after=("The task runs in the background: give it a few minutes, then capture again.",),
    build=builders.device_join_task,
    done="The Automatic-Device-Join task was started.",
)

DSREGCMD_LEAVE = RemedySpec(
    id="remedy.dsregcmd-leave",
    title="Leave Azure AD and register again (hybrid devices)",
    summary="Removes the Azure AD registration of this domain-joined device so that it "
    "registers again from scratch; for a device stuck half-registered or with a bad "
    "device certificate.",
    kind="command",
    changes_device=True,
    run_does="Runs dsregcmd.exe /leave with administrator rights (Windows asks for consent).",
    guidance=(
        "Only for hybrid devices (domain-joined and registered in Azure AD); an Azure AD "
        "joined device is disconnected through Settings instead (remedy.rejoin-azure-ad).",
        "Run removes the registration; then restart and sign in with the domain account.",
    ),
    targets=(
        "reg.wam-not-set",
        "reg.settings-url-empty",
        "reg.status",
        "sync.settings-page-disabled",
    ),
    admin="required",
    needs_restart=True,
    cannot_undo=(
        "The device's Azure AD registration is removed at once: single sign-on to cloud "
        "apps, Windows Hello for Business and settings sync stop until it registers again.",
        "The old device entry stays in Azure AD until an administrator deletes it.",
    ),
    after=(
        "Restart the device.",
        "Sign in with the user's domain account while the device can reach a domain "
        "controller (office network or VPN).",
        "At sign-in the Automatic-Device-Join task registers the device again. This can take "
        "from minutes to a few hours, because the device entry has to reach Azure AD first.",
        "When dsregcmd /status shows AzureAdJoined YES, capture again and compare.",
    ),
    related=("remedy.restart-and-sign-in", "remedy.run-device-join-task"),
    success="needs-restart",
    build=builders.dsregcmd_leave,
    done="The device left Azure AD. Restart it, then let it register again (next steps below).",
)

BROKER_PLUGIN_CLEANUP = RemedySpec(
    id="remedy.broker-plugin-cleanup",
    title="Clean the AAD BrokerPlugin files of a profile",
    summary="Backs up, then deletes Settings\\settings.dat and the files under "
    "AC\\TokenBroker\\Account(s) of the Microsoft.AAD.BrokerPlugin package in one profile, "
    "so the work account's tokens are rebuilt at the next sign-in.",
    kind="cleanup",
    changes_device=True,
    run_does="Copies every listed file into a zip, checks the copy, then deletes only those "
    "files. Links and junctions are never followed.",
    guidance=(
        "Meant for one case: an Azure AD joined device whose user has a mixed-case UPN, as "
        "the middle step of disconnect → clean → reconnect (remedy.rejoin-azure-ad).",
        "The user whose profile is cleaned should be signed out. For another user's profile, "
        "start this tool with Run as administrator and choose their profile.",
        "Files Windows keeps open are reported and left in place; the option stop_broker=true "
        "stops the broker first.",
        "Afterwards the user signs in again; apps using the work account may ask once more.",
    ),
    targets=("ki.mixed-case-upn", "reg.status"),
    params=CleanupParams,
    needs_sign_out=True,
    backup=True,
    undo="`esr-diag remedy restore BACKUP` (or Restore in the Fix pane) puts every file back "
    "byte for byte.",
    cannot_undo=(
        "Apps signed in with the work account lose their cached sign-in; restoring the files "
        "does not bring those sessions back.",
    ),
    related=("remedy.rejoin-azure-ad",),
)

SESSION_AND_DEVICE_REMEDIES: tuple[RemedySpec, ...] = (
    RESTART_AND_SIGN_IN,
    SIGN_OUT_IN,
    LOCK_TO_SYNC,
    RUN_DEVICE_JOIN_TASK,
    DSREGCMD_LEAVE,
    BROKER_PLUGIN_CLEANUP,
)
REMEDIES: tuple[RemedySpec, ...] = (*SESSION_AND_DEVICE_REMEDIES, *PAGE_REMEDIES)
