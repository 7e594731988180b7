"""Titles and explanations of the checklist findings (our words; facts from the guide)."""

from __future__ import annotations

from esr_gui.core.diagnose.base import Verdict

OS_BUILD = {
    "unknown": Verdict(
        "unknown",
        "Windows build not known",
        "The Windows version could not be read, so the minimum cannot be checked.{hint}",
    ),
    "too-old": Verdict(
        "fail",
        "{label} is too old for ESR",
        "{label} predates Windows 10 1511 (build 10586), the first release with Enterprise "
        "State Roaming. Upgrade to Windows 10 22H2 or Windows 11.",
    ),
    "faq-only": Verdict(
        "warn",
        "{label} is below the documented minimum (22H2)",
        "{label} is 21H2: the ESR FAQ still accepts it, but the current troubleshooting page "
        "asks for Windows 10 22H2 (19045) or Windows 11.{server}",
    ),
    "old": Verdict(
        "warn",
        "{label} is below the documented minimum (22H2)",
        "{label} is older than today's documented minimum, Windows 10 22H2 (19045) or Windows "
        "11 (build 22000 and later); the FAQ accepts 21H2 (19044). The original guide only "
        "asked for 1511 (10586), so sync can still work, but this release is out of support; "
        "the known issues of old builds are checked below.{server}",
    ),
    "server": Verdict(
        "warn",
        "{label} is a Server edition",
        "ESR supports client editions of Windows only (not Server, not multi-session), "
        "whatever the build.",
    ),
    "ok": Verdict(
        "pass",
        "{label} meets the minimum",
        "{label} meets the minimum the current docs ask for (Windows 10 22H2, build 19045, "
        "or Windows 11). Keep it on the latest cumulative update.",
    ),
}
SERVER_NOTE = " It is also a Server edition; ESR supports client editions only."

DEVICE_JOINED = {
    "registry": Verdict(
        "pass",
        "Device joined (from the registry)",
        "The registry holds a device join certificate (CloudDomainJoin\\JoinInfo), so the "
        "device is Azure AD joined or hybrid joined; without dsregcmd /status the two cannot "
        "be told apart.",
    ),
    "hybrid": Verdict(
        "pass",
        "Hybrid joined (domain-joined and registered with Azure AD)",
        "AzureAdJoined and DomainJoined are both YES: a hybrid joined device, which ESR accepts.",
    ),
    "azure-ad": Verdict(
        "pass",
        "Azure AD joined",
        "AzureAdJoined is YES: the device is joined to Azure AD, which ESR accepts.",
    ),
    "domain": Verdict(
        "fail",
        "Domain-joined but not registered with Azure AD",
        "DomainJoined is YES but AzureAdJoined is NO: hybrid registration has not completed, "
        "so there is no Azure AD device identity for sync. Registration may still be waiting "
        "for policy, or it failed (see the diagnostic fields, when printed).",
    ),
    "registered": Verdict(
        "fail",
        "Only registered with Azure AD (a work account), not joined",
        "The device has a work account added (Azure AD registered, WorkplaceJoined YES) but "
        "is neither Azure AD joined nor hybrid joined. ESR needs one of those.",
    ),
    "none": Verdict(
        "fail",
        "Not joined to Azure AD or to a domain",
        "AzureAdJoined and DomainJoined are both NO: ESR needs the device joined to Azure AD "
        "(or domain-joined and registered).",
    ),
    "unknown": Verdict(
        "unknown",
        "Join state not known",
        "Neither dsregcmd /status nor the registry (CloudDomainJoin\\JoinInfo) shows whether "
        "the device is joined.",
    ),
}


def join_words(join_type: str) -> str:
    """prereq.device-joined's words for a join type, to go mid-sentence ("this device is …").

    Every text that names the join state uses these, so no row calls a domain-joined device
    "not joined" or names a join type by its internal id.
    """
    title = DEVICE_JOINED.get(join_type, DEVICE_JOINED["unknown"]).title
    return title if title.startswith("Azure") else title[0].lower() + title[1:]


ESR_ENABLED = {
    "present": Verdict(
        "pass",
        "ESR is enabled: the device has a sync endpoint",
        "The settings URL is filled in, so ESR is enabled for this user and the device has "
        "picked it up. {decoded}",
    ),
    "empty": Verdict(
        "fail",
        "No sync endpoint: ESR is off for this user or not picked up yet",
        "The settings URL is empty. Either ESR is not enabled for this user (Entra admin "
        "center > Devices > Enterprise State Roaming: All, or a group the user is in), or the "
        "user signed in before it was enabled. After checking the portal, restart and sign "
        "in.",
    ),
    "unknown": Verdict(
        "unknown",
        "Whether ESR is enabled is not known",
        "No settings URL was found: neither dsregcmd /status (Tenant Details > SettingsUrl) "
        "nor the registry (CloudDomainJoin\\TenantInfo > UserSettingSyncUrl) shows one.",
    ),
}

LICENSE = Verdict(
    "manual",
    "Check the user's licence in the portal",
    "A licence cannot be seen from the device. In the Entra admin center open Users > the "
    "user > Licenses and look for Microsoft Entra ID P1 or P2 (formerly Azure AD Premium) or "
    "Enterprise Mobility + Security (EMS).",
)

RESTART = {
    "present": Verdict(
        "pass",
        "The device picked up ESR after it was enabled",
        "The settings URL is present, so a restart and sign-in since ESR was enabled already "
        "happened.",
    ),
    "empty": Verdict(
        "warn",
        "Restart and sign in again after enabling ESR",
        "The settings URL is empty: if ESR was enabled recently, the device has not picked it "
        "up. Restart, have the user sign in, then check again.",
    ),
    "manual": Verdict(
        "manual",
        "Check for a restart and sign-in after ESR was enabled",
        "Ask when ESR was enabled for this user or their group and compare it with the last "
        "restart and sign-in (shown when captured). If those came first, restart and sign in.",
    ),
}
