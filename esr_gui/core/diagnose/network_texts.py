"""Titles and explanations of `net.endpoints` and `join.scp-tenant` (our words)."""

from __future__ import annotations

from esr_gui.core.diagnose.base import Verdict

SLOW_MS = 2000
SLOW_NOTE = (
    " Slow answers (over {limit} ms): {slow}. A slow answer alone does not fail a request "
    "(Windows waits far longer), but a proxy or inspection device that slow makes sign-in "
    "and sync sluggish and can time out under load."
)
MISSING_NETWORK = (
    "the network tests were not run (esr-diag collect --network, or Tools > Test the network "
    "in the app, on the device)"
)
SYSTEM_FIX = (
    " Registration runs as SYSTEM and uses the WinHTTP proxy, not the browser's: set it with "
    "a WinHTTP proxy policy or WPAD, allow the computer account through the proxy, and add "
    "the Microsoft endpoints to the TLS-inspection bypass list."
)
USER_FIX = (
    " Sync runs as the signed-in user through the Internet Options (WinINet) proxy: check the "
    "user's proxy or PAC file and the firewall rules for these hosts."
)

NET = {
    "untested": Verdict(
        "unknown",
        "Network to Microsoft's endpoints not tested",
        "Whether this device reaches the registration, sign-in and sync endpoints is only "
        "known after the network tests have run on it.",
    ),
    "fail": Verdict(
        "fail",
        "An endpoint the device needs cannot be reached",
        "These endpoints could not be reached in the context that needs them: {failed}.{fix}{slow}",
    ),
    "warn": Verdict(
        "warn",
        "Endpoints reached only through TLS inspection or an authenticating proxy",
        "{warned}. Windows' registration and sync clients can fail behind TLS inspection "
        "(they expect Microsoft's own certificates) and SYSTEM cannot answer a proxy's "
        "password prompt: exempt these hosts from inspection and authentication.{slow}",
    ),
    "partial": Verdict(
        "unknown",
        "Network tests incomplete",
        "Everything that was tested could be reached, but {untested}.{slow}",
    ),
    "ok": Verdict(
        "pass",
        "Microsoft's endpoints reachable",
        "Every endpoint was reached directly or through the configured proxy, as SYSTEM "
        "(registration) and as the user (sync), with Microsoft's own certificates.{note}",
    ),
}

SCP = {
    "no-dsregcmd": Verdict(
        "unknown",
        "Service connection point not compared",
        "The comparison needs dsregcmd /status (DomainJoined and TenantId).",
    ),
    "not-domain": Verdict(
        "not-applicable",
        "Service connection point not used",
        "The device is not joined to an Active Directory domain; only hybrid join reads the "
        "service connection point (SCP).",
    ),
    "unknown": Verdict(
        "unknown",
        "Service connection point not read",
        "Neither the client-side SCP (registry) nor the SCP in Active Directory was read, so "
        "the tenant hybrid join would register with cannot be compared.",
    ),
    "mismatch": Verdict(
        "fail",
        "The service connection point names another tenant",
        "{mismatch}. Hybrid join registers the device in the tenant the SCP names, so a "
        "re-registration would go to the wrong tenant or fail (0x801c003a, AADSTS90002). "
        "Correct the SCP in Active Directory (Entra Connect, Device options) or the "
        "CDJ\\AAD TenantId value deployed by policy.",
    ),
    "absent-unjoined": Verdict(
        "fail",
        "No service connection point: hybrid join cannot find the tenant",
        "The device is domain joined but not registered, and no SCP was found ({where}). "
        "Without one the join stops at discovery (0x801c001d). Configure the SCP with Entra "
        "Connect (Device options) or deploy the client-side CDJ\\AAD values.",
    ),
    "absent-joined": Verdict(
        "warn",
        "No service connection point found",
        "The device is registered, but no SCP was found ({where}). Registration works now; a "
        "re-registration (after dsregcmd /leave, a reset or a new device) would stop at "
        "discovery (0x801c001d).",
    ),
    "unjoined": Verdict(
        "info",
        "Service connection point found; the device has not registered yet",
        "The SCP names tenant {tenant}; dsregcmd prints no TenantId yet, so there is nothing "
        "to compare with.",
    ),
    "ok": Verdict(
        "pass",
        "The service connection point names the device's tenant",
        "{sources} name{s} tenant {tenant}, the TenantId dsregcmd prints.{note}",
    ),
}
