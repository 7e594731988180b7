"""Why the last PRT attempt failed: dsregcmd's SSO State diagnostics read as one cause.

Windows 10 21H1 and later print, under `AcquirePrtDiagnostics` / `RefreshPrtDiagnostics`,
the failed attempt's Attempt Status (an NTSTATUS), HTTP Error / status, Endpoint URI, User
Identity, Credential Type and the server's error code and description (an `AADSTSnnnnn` from
Entra, an `MSISnnnn` from AD FS). The server's code is the most specific; the Attempt Status
alone says only where it failed. Causes and first steps: diagnosis-parity.md §2.4 and §2.6
(MS-PRT, MS-HYB, MS-AADSTS).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from esr_gui.core.knowledge.code_meanings import AADSTS_CODES, aadsts_codes, code_info
from esr_gui.core.parse.code_spellings import find_codes, normalize_code

Kind = Literal[
    "upn-suffix",
    "mfa",
    "disabled",
    "locked",
    "password-expired",
    "password",
    "sign-in-again",
    "device",
    "access-policy",
    "federation",
    "network",
    "other",
]
# Suffixes no Entra tenant can verify (reserved or private top-level names).
NON_ROUTABLE = (".local", ".lan", ".internal", ".localdomain", ".corp", ".home", ".intranet")
ACCOUNT_KINDS: frozenset[Kind] = frozenset(
    {"mfa", "disabled", "locked", "password-expired", "password", "sign-in-again"}
)


@dataclass(frozen=True)
class PrtCause:
    """One decoded cause: its kind, the code that names it, what it means, the first step."""

    kind: Kind
    code: str
    cause: str
    step: str


_RESET_PASSWORD = (
    "Have the user change the expired password (Ctrl+Alt+Del > Change a password, on the "
    "corporate network or VPN), then lock and unlock so Windows gets a new token."
)
_DEVICE_STEP = (
    "Check the device in the Entra admin center: if it is disabled, enable it (hybrid: enable "
    "the computer account in AD and let Entra Connect sync); if it was deleted, register the "
    "device again (hybrid: dsregcmd /leave elevated, restart, sign in)."
)
_NETWORK_STEP = (
    "Let the device reach login.microsoftonline.com (and the AD FS server, if federated) "
    "through the proxy, then lock and unlock and check AzureAdPrt again."
)
_FEDERATION_STEP = (
    "Have the AD FS administrator read the AD FS Admin log for this request (the correlation "
    "ID is printed) and fix the federation side; signing in again fails the same way."
)
_MFA_STEP = (
    "Sign in to Windows with the Windows Hello PIN (not the password), or complete MFA once "
    "in a Microsoft 365 app, then lock and unlock."
)

# AADSTS number -> (kind, first step). The meaning comes from AADSTS_CODES.
_AADSTS_STEPS: dict[str, tuple[Kind, str]] = {
    "50034": (
        "upn-suffix",
        "Check that the user signs in with the UPN that exists in Entra (the synced UPN, in "
        "Entra Connect's sync scope); a UPN that differs from the cloud one needs a matching "
        "verified suffix or an alternate login ID.",
    ),
    "50057": (
        "disabled",
        "Enable the user account (synced users: in Active Directory, then let Entra Connect "
        "sync), then lock and unlock.",
    ),
    "50053": (
        "locked",
        "Look up the failed sign-ins in the Entra sign-in log, let the lockout expire or "
        "unblock the account, then sign in with the right password.",
    ),
    "50055": ("password-expired", _RESET_PASSWORD),
    "50144": ("password-expired", _RESET_PASSWORD),
    "50126": (
        "password",
        "Sign in with the current password; after a recent password change wait until "
        "password hash sync has sent it to Entra (a few minutes), then lock and unlock.",
    ),
    "50132": ("password", "Lock the device and unlock it with the new password."),
    "50133": ("password", "Lock the device and unlock it with the new password."),
    "50173": ("sign-in-again", "Sign out and sign in again: the old grant was revoked."),
    "70008": ("sign-in-again", "Lock and unlock (or sign out and in) to get a fresh token."),
    "700082": ("sign-in-again", "Lock and unlock (or sign out and in) to get a fresh token."),
    "70043": ("sign-in-again", "Lock and unlock (or sign out and in) to get a fresh token."),
    "50074": ("mfa", _MFA_STEP),
    "50076": ("mfa", _MFA_STEP),
    "50158": ("mfa", _MFA_STEP),
    "50079": (
        "mfa",
        "Have the user register for MFA (https://aka.ms/mfasetup), then sign in with the "
        "Windows Hello PIN or lock and unlock.",
    ),
    "50155": ("device", _DEVICE_STEP),
    "135011": ("device", _DEVICE_STEP),
    "130007": ("device", _DEVICE_STEP),
    "130008": ("device", _DEVICE_STEP),
    "700003": ("device", _DEVICE_STEP),
    "50097": ("device", _DEVICE_STEP),
    "50187": ("device", _DEVICE_STEP),
    "53000": (
        "access-policy",
        "Look up the sign-in in the Entra sign-in log: the Conditional Access policy named "
        "there says what the device lacks (compliance, a managed device).",
    ),
    "53003": (
        "access-policy",
        "Look up the sign-in in the Entra sign-in log: the Conditional Access policy named "
        "there blocked it.",
    ),
    "50107": ("federation", _FEDERATION_STEP),
    "500021": (
        "network",
        "Add this tenant to the proxy's tenant-restriction list (Restrict-Access-To-Tenants).",
    ),
}

_UPN_SUFFIX_STEP = (
    "Give the user a UPN whose suffix is a verified domain of the tenant (add it as an "
    "alternative UPN suffix in Active Directory Domains and Trusts, change the user's UPN, "
    "let Entra Connect sync), or set up an alternate login ID; then sign out and in."
)

# Attempt Status NTSTATUS -> (kind, cause, first step), for when the server named no code.
_STATUS_STEPS: dict[str, tuple[Kind, str, str]] = {
    "0xC000005F": (
        "upn-suffix",
        "realm discovery found no tenant domain for the user's UPN suffix",
        _UPN_SUFFIX_STEP,
    ),
    "0xC004844C": (
        "upn-suffix",
        "the user's UPN is not in internet form (name@routable-domain)",
        "Run whoami /upn as the user; " + _UPN_SUFFIX_STEP[0].lower() + _UPN_SUFFIX_STEP[1:],
    ),
    "0xC000006A": (
        "password",
        "the password was refused",
        _AADSTS_STEPS["50126"][1],
    ),
    "0xC000023C": ("network", "the network was unreachable", _NETWORK_STEP),
    "0xC00000BE": ("network", "the network path was not found", _NETWORK_STEP),
    "0xC00000C4": ("network", "an unexpected network error", _NETWORK_STEP),
    "0xC0048442": (
        "network",
        "the token answer carried no user SID (a proxy altering the answer)",
        "Exempt login.microsoftonline.com from TLS inspection on the proxy.",
    ),
    "0xC00484C1": ("federation", "the WS-Trust endpoint returned no SAML token", _FEDERATION_STEP),
    "0xC004848B": ("federation", "the federation metadata lists no password URL", _FEDERATION_STEP),
    "0xC004848C": (
        "federation",
        "the federation metadata lists no certificate URL",
        _FEDERATION_STEP,
    ),
    "0xC00CEE4F": ("federation", "the WS-Trust answer contained a DTD", _FEDERATION_STEP),
}
_HTTP_400_STATUSES = frozenset({"0xC000006D", "0xC00000D0"})
_GUID = re.compile(r"^[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$", re.IGNORECASE)
_TENANT_NAMED = re.compile(r"tenant\s+'([^']+)'", re.IGNORECASE)
# WinHTTP errors printed as plain numbers (diagnosis-parity.md §2.2, MS-WINHTTP).
_WINHTTP_MEANINGS = {
    "12002": "the request timed out",
    "12007": "the server name could not be resolved",
    "12029": "no connection to the server could be made",
    "12030": "the connection was ended",
}
_WINHTTP = re.compile(r"(?<!\d)(12[01]\d\d)(?!\d)")
_MSIS = re.compile(r"\bMSIS(\d{4})\b", re.IGNORECASE)


def tenant_in(description: str) -> str | None:
    """The tenant an `AADSTS90002: Tenant 'corp.local' not found` message names, if any."""
    match = _TENANT_NAMED.search(description)
    return match.group(1).strip() if match else None


def _never_verified(domain: str) -> str:
    """A note for suffixes no tenant can ever verify (`.local` and kin)."""
    if domain.lower().rstrip(".").endswith(NON_ROUTABLE):
        return " (a non-routable suffix like this one can never be verified)"
    return ""


def _from_90002(description: str) -> PrtCause:
    tenant = tenant_in(description)
    if tenant and not _GUID.match(tenant.strip("{}")):
        return PrtCause(
            "upn-suffix",
            "AADSTS90002",
            f"Entra knows no tenant called '{tenant}': the user's UPN suffix is not a "
            "verified domain of the tenant" + _never_verified(tenant),
            _UPN_SUFFIX_STEP,
        )
    return PrtCause(
        "other",
        "AADSTS90002",
        "the tenant the request named was not found (a wrong tenant ID)",
        "Check the tenant ID the device uses (TenantId, the service connection point) against "
        "the tenant's real ID.",
    )


def _from_aadsts(number: str, description: str) -> PrtCause | None:
    if number == "90002":
        return _from_90002(description)
    known = _AADSTS_STEPS.get(number)
    if known is None:
        return None
    kind, step = known
    return PrtCause(kind, f"AADSTS{number}", AADSTS_CODES.get(number, "see the message"), step)


def decode_server_error(description: str) -> PrtCause | None:
    """The cause an AADSTS or MSIS code in a server error description names, or None."""
    numbers = aadsts_codes(description)
    for number in numbers:
        found = _from_aadsts(number, description)
        if found is not None:
            return found
    if numbers:
        number = numbers[0]
        return PrtCause(
            "other",
            f"AADSTS{number}",
            AADSTS_CODES.get(number, "an Entra error this tool has no entry for"),
            "Look the code up in the Entra sign-in log for this user (the correlation ID is "
            "printed) and fix what it names.",
        )
    msis = _MSIS.search(description)
    if msis is not None:
        return PrtCause(
            "federation", f"MSIS{msis.group(1)}", "AD FS refused the request", _FEDERATION_STEP
        )
    return None


def _transport_code(text: str) -> str | None:
    """A transport error from HTTP Error: an HRESULT, or a plain WinHTTP number (12002-12180)."""
    found = normalize_code(text) or next(iter(find_codes(text)), None)
    if found is not None:
        return found
    number = _WINHTTP.search(text)
    return f"WinHTTP {number.group(1)}" if number else None


def decode_status(status: str | None, http_error: str | None, endpoint: str) -> PrtCause | None:
    """The cause the Attempt Status (or a transport error) names when the server named none."""
    code = normalize_code(status or "") or next(iter(find_codes(status or "")), None)
    known = _STATUS_STEPS.get(code or "")
    if code and known is not None:
        kind, cause, step = known
        return PrtCause(kind, code, cause, step)
    transport = _transport_code(http_error or "")
    if transport is not None:
        info = code_info(transport)
        meaning = info.meaning.rstrip(".").lower() if info else "a transport error"
        meaning = _WINHTTP_MEANINGS.get(transport.removeprefix("WinHTTP "), meaning)
        return PrtCause(
            "network", transport, f"the request never got an answer: {meaning}", _NETWORK_STEP
        )
    if code is None:
        return None
    if "/adfs" in endpoint.lower():
        return PrtCause(
            "federation", code, "the AD FS server refused the request", _FEDERATION_STEP
        )
    info = code_info(code)
    meaning = info.meaning.rstrip(".") if info else "an error this tool has no entry for"
    step = (
        "Read the AAD Operational log (events 1081 and 1088 hold the server's answer, 1022 the "
        "URL) for the request at that time; the server's code there names the cause."
        if code in _HTTP_400_STATUSES
        else "Read the AAD Operational log around the time of the attempt for the failing step."
    )
    return PrtCause("other", code, meaning[:1].lower() + meaning[1:], step)
