"""Texts of join.device-auth and join.state-consistency (our words; sources in join_device)."""

from __future__ import annotations

from esr_gui.core.diagnose.base import Verdict

REREGISTER: dict[str, str] = {
    "hybrid": (
        "Hybrid joined: run dsregcmd /leave from an elevated prompt, restart, and sign in; the "
        "device registers again once Entra Connect has synced its computer object."
    ),
    "azure-ad": (
        "Entra joined: run dsregcmd /forcerecovery from an elevated prompt and sign in, or "
        "disconnect and join again under Settings > Accounts > Access work or school."
    ),
    "other": (
        "Registered: disconnect the work account and add it again under Settings > Accounts > "
        "Access work or school."
    ),
    "any": (
        "Re-register the device: hybrid joined, dsregcmd /leave (elevated), restart and sign "
        "in; Entra joined, disconnect and join again under Access work or school."
    ),
}

AUTH_STEPS: dict[str, str] = {
    "disabled": (
        "An admin enables the device object in Entra ID (Devices > the DeviceId > Enable); for "
        "a hybrid joined device, enable its computer account in Active Directory and let Entra "
        "Connect sync it. Then lock and unlock."
    ),
    "deleted": (
        "Re-register the device: an admin first confirms in Entra ID that the DeviceId is gone; "
        "then, hybrid joined, dsregcmd /leave (elevated), restart and sign in; Entra joined, "
        "dsregcmd /forcerecovery (elevated) and sign in."
    ),
    "error": (
        "Let the device reach login.microsoftonline.com and enterpriseregistration.windows.net"
        " as SYSTEM (network, DNS, a proxy the machine account can pass), then run dsregcmd "
        "/status again."
    ),
}

AUTH: dict[str, Verdict] = {
    "unknown": Verdict(
        "unknown",
        "Device object state not known",
        "dsregcmd did not print DeviceAuthStatus (it appears from Windows 10 21H1 on a joined "
        "device), so whether the device object still exists and is enabled is not known.",
    ),
    "not-joined": Verdict(
        "not-applicable",
        "Not checked: {join}",
        "DeviceAuthStatus only applies to an Entra joined or hybrid joined device.",
    ),
    "ok": Verdict(
        "pass",
        "Device object exists and is enabled",
        "DeviceAuthStatus is SUCCESS: the device proved itself to Entra ID.",
    ),
    "disabled": Verdict(
        "fail",
        "Device object disabled in Entra ID",
        "DeviceAuthStatus failed and the server named the device disabled (AADSTS code in the "
        "evidence). A disabled device gets no primary refresh token, so ESR cannot sync. "
        "{step}",
    ),
    "deleted": Verdict(
        "fail",
        "Device object deleted from Entra ID",
        "DeviceAuthStatus failed and the server reported the device object not found (AADSTS "
        "code in the evidence). Windows still believes it is joined, but no token can be "
        "issued, so ESR cannot sync. Re-register the device. {fix}",
    ),
    "disabled-or-deleted": Verdict(
        "fail",
        "Device object disabled or deleted in Entra ID",
        "DeviceAuthStatus says the device is either disabled or deleted in Entra ID: Windows "
        "still shows it joined, but it gets no primary refresh token, so ESR cannot sync. An "
        "admin looks up the DeviceId in Entra ID (Devices). If it is disabled, enable it (hybrid:"
        " enable the computer account in Active Directory and let it sync). If it is not found,"
        " or shows Pending, re-register the device. {fix}",
    ),
    "error": Verdict(
        "warn",
        "Device check could not reach Entra ID",
        "DeviceAuthStatus is FAILED with an error{code}: the device could not run its check "
        "against Entra ID, which needs network access as SYSTEM. This says nothing about the "
        "device object; fix the network path (DNS, proxy, firewall) first and check again.",
    ),
    "other": Verdict(
        "fail",
        "Device authentication failed",
        "DeviceAuthStatus is {value}: the device could not prove itself to Entra ID, so it gets "
        "no primary refresh token. Check the device object in Entra ID; if it is fine, "
        "re-register. {fix}",
    ),
}

CONSISTENCY: dict[str, Verdict] = {
    "unknown": Verdict(
        "unknown",
        "Join state not known",
        "dsregcmd /status did not print the join flags, so they cannot be compared.",
    ),
    "contradiction": Verdict(
        "fail",
        "Join state contradicts itself",
        "{what}. These flags cannot all describe one working registration: it is broken or "
        "half finished. {fix}",
    ),
    "dual": Verdict(
        "warn",
        "Dual state: joined and registered to the same tenant",
        "The device is joined to Entra ID and also has a work account of the same tenant "
        "registered (WorkplaceJoined YES, WorkplaceTenantId = TenantId). Windows may use the "
        "registered account's identity instead of the device's. Disconnect that work account "
        "under Settings > Accounts > Access work or school; the device join stays (Windows 10 "
        "1803 and later clean this up by themselves).",
    ),
    "dual-maybe": Verdict(
        "warn",
        "Possible dual state: joined and also registered",
        "The device is joined to Entra ID and also has a work account registered "
        "(WorkplaceJoined YES); the tenants could not be compared (TenantId or "
        "WorkplaceTenantId not printed). If it is the same tenant, disconnect that work account "
        "under Settings > Accounts > Access work or school.",
    ),
    "other-tenant": Verdict(
        "pass",
        "Joined, plus another tenant's work account",
        "A work account of another tenant is registered beside the join; that is allowed and "
        "does not confuse the device's identity.",
    ),
    "ok": Verdict(
        "pass",
        "Join state consistent",
        "The join flags describe one coherent registration.",
    ),
}
