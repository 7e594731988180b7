"""Error codes an ESR technician meets, normalised (`0xXXXXXXXX`), with a one-line meaning.

Symbolic names are Windows' own where Microsoft documents one (esr-facts §3.4, notes/02);
where none is published the name is a short label in brackets. Meanings are our words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from esr_gui.core.parse.code_spellings import normalize_code


@dataclass(frozen=True)
class CodeInfo:
    """One error code: normalised code, symbolic name (or a bracketed label), meaning."""

    code: str
    name: str
    meaning: str


_ESR: tuple[tuple[str, str, str], ...] = (
    (
        "0x80070259",
        "ERROR_FOUND_OUT_OF_SCOPE",
        "Logged with SettingSync event 6013 on Windows 10 1607 when MDM side-loaded apps break "
        "sync; fixed by KB3176934 (14393.82).",
    ),
    (
        "0x80070533",
        "ERROR_ACCOUNT_DISABLED",
        "The account cannot sign in (disabled, or its credentials expired); with event 6065 it "
        "can also mean the tenant has no Azure RMS (KB3193791).",
    ),
    (
        "0xCAA5001C",
        "[token broker operation failed]",
        "The AAD token broker could not get a token for the app (event 1098); with 1104 and "
        "0xC000005F it points at missing permissions or ownership (KB3196528).",
    ),
    (
        "0xC000005F",
        "STATUS_NO_SUCH_LOGON_SESSION",
        "The Cloud AP plugin found no usable logon session; for a PRT it often means user realm "
        "discovery failed (UPN suffix not a verified domain).",
    ),
    (
        "0xCAA2000C",
        "[interaction required]",
        "Azure AD wants the user to interact, typically to complete multi-factor authentication.",
    ),
)

_REGISTRATION: tuple[tuple[str, str, str], ...] = (
    (
        "0x801C001D",
        "DSREG_AUTOJOIN_ADCONFIG_READ_FAILED",
        "The service connection point (SCP) with the tenant details could not be read from AD.",
    ),
    (
        "0x801C0021",
        "DSREG_AUTOJOIN_DISC_FAILED",
        "Discovery of the device registration service failed.",
    ),
    ("0x801C001F", "DSREG_AUTOJOIN_DISC_WAIT_TIMEOUT", "Discovery timed out."),
    (
        "0x801C003D",
        "DSREG_AUTOJOIN_USERREALM_DISCOVERY_FAILED",
        "Could not tell whether the domain is managed or federated.",
    ),
    (
        "0x801C003A",
        "DSREG_DISCOVERY_TENANT_NOT_FOUND",
        "The SCP names a wrong tenant, or the tenant has no active subscription.",
    ),
    ("0x801C0025", "DSREG_SERVER_BUSY", "The registration service answered HTTP 503."),
    (
        "0x801C03F2",
        "DSREG_E_DIRECTORY_FAILURE",
        "The registration service reported a directory error; for sync-join this is expected "
        "until Entra Connect has synced the computer object.",
    ),
    (
        "0x801C0002",
        "DSREG_E_DEVICE_AUTHENTICATION_ERROR",
        "The registration service could not authenticate the device.",
    ),
    (
        "0x801C0006",
        "DSREG_E_DEVICE_INTERNALSERVICE_ERROR",
        "The registration service reported an internal error.",
    ),
    (
        "0x8007000D",
        "E_INVALIDDATA",
        "A server answer could not be parsed, often a proxy returning an HTML page.",
    ),
)

_NETWORK: tuple[tuple[str, str, str], ...] = (
    ("0x80072EFD", "WININET_E_CANNOT_CONNECT", "No connection to the server could be made."),
    ("0x80072EE2", "WININET_E_TIMEOUT", "The network request timed out."),
    ("0x80072EE7", "WININET_E_NAME_NOT_RESOLVED", "The server name could not be resolved."),
    ("0x80072EFE", "WININET_E_CONNECTION_ABORTED", "The connection was aborted."),
    (
        "0x80072F8F",
        "WININET_E_DECODING_FAILED",
        "The server's answer could not be decoded (TLS inspection or a clock problem).",
    ),
    (
        "0x80072F94",
        "ERROR_WINHTTP_AUTODETECTION_FAILED",
        "Proxy auto-detection (WPAD) found no proxy script.",
    ),
)

_ADAL: tuple[tuple[str, str, str], ...] = (
    (
        "0xCAA90017",
        "ERROR_ADAL_PROTOCOL_NOT_SUPPORTED",
        "The federation server does not speak WS-Trust.",
    ),
    (
        "0xCAA9002C",
        "ERROR_ADAL_FAILED_TO_PARSE_XML",
        "The on-premises federation service returned no XML.",
    ),
    (
        "0xCAA90023",
        "ERROR_ADAL_COULDNOT_DISCOVER_USERNAME_PASSWORD_ENDPOINT",
        "No username/password endpoint was found on the federation service.",
    ),
    ("0xCAA82EE2", "ERROR_ADAL_INTERNET_TIMEOUT", "A token request timed out."),
    (
        "0xCAA82EFE",
        "ERROR_ADAL_INTERNET_CONNECTION_ABORTED",
        "The connection to the sign-in endpoint was aborted.",
    ),
    (
        "0xCAA82F8F",
        "ERROR_ADAL_INTERNET_SECURE_FAILURE",
        "The server's TLS certificate could not be validated (inspection proxy, clock skew).",
    ),
    (
        "0xCAA82EFD",
        "ERROR_ADAL_INTERNET_CANNOT_CONNECT",
        "login.microsoftonline.com could not be reached.",
    ),
    (
        "0xCAA20003",
        "ERROR_ADAL_SERVER_ERROR_INVALID_GRANT",
        "Azure AD refused the grant (invalid_grant): expired session, changed password, or a "
        "federation token it did not accept.",
    ),
    (
        "0xCAA90014",
        "ERROR_ADAL_WSTRUST_REQUEST_SECURITYTOKEN_FAILED",
        "The WS-Trust answer was a fault; no assertion was obtained.",
    ),
    (
        "0xCAA90006",
        "ERROR_ADAL_WSTRUST_TOKEN_REQUEST_FAIL",
        "The token endpoint returned an error to the WS-Trust request.",
    ),
    ("0xCAA1002D", "ERROR_ADAL_OPERATION_PENDING", "A general ADAL failure."),
    (
        "0xCAA7000A",
        "[internet connection timed out]",
        "The token broker's internet connection timed out.",
    ),
)

_PRT: tuple[tuple[str, str, str], ...] = (
    (
        "0xC000006D",
        "STATUS_LOGON_FAILURE",
        "Sign-in failed: wrong credentials, or Azure AD / WS-Trust answered HTTP 400.",
    ),
    ("0xC000006A", "STATUS_WRONG_PASSWORD", "The password was not accepted."),
    (
        "0xC00000D0",
        "STATUS_REQUEST_NOT_ACCEPTED",
        "Azure AD or the WS-Trust endpoint answered HTTP 400.",
    ),
    ("0xC000023C", "STATUS_NETWORK_UNREACHABLE", "The network was unreachable."),
    ("0xC00000BE", "STATUS_BAD_NETWORK_PATH", "The network path was not found."),
    ("0xC00000C4", "STATUS_UNEXPECTED_NETWORK_ERROR", "An unexpected network error."),
    (
        "0xC004844C",
        "AAD_CLOUDAP_E_OAUTH_USERNAME_IS_MALFORMED",
        "The UPN is not in the expected (internet) format.",
    ),
    ("0xC0048442", "AAD_CLOUDAP_E_OAUTH_USER_SID_IS_EMPTY", "The ID token carried no user SID."),
    (
        "0xC00484C1",
        "AAD_CLOUDAP_E_WSTRUST_SAML_TOKENS_ARE_EMPTY",
        "The WS-Trust endpoint returned no SAML token.",
    ),
    (
        "0xC004848B",
        "AAD_CLOUDAP_E_HTTP_PASSWORD_URI_IS_EMPTY",
        "The federation metadata lists no password endpoint.",
    ),
    (
        "0xC004848C",
        "AAD_CLOUDAP_E_HTTP_CERTIFICATE_URI_IS_EMPTY",
        "The federation metadata lists no certificate endpoint.",
    ),
    ("0xC00CEE4F", "WC_E_DTDPROHIBITED", "The WS-Trust answer contained a DTD."),
    (
        "0xD000023C",
        "[STATUS_NETWORK_UNREACHABLE as an HRESULT]",
        "The network was unreachable (seen in DeviceAuthStatus: the device check could not "
        "reach Entra ID).",
    ),
)

_KEYS_AND_MISC: tuple[tuple[str, str, str], ...] = (
    (
        "0x80090016",
        "NTE_BAD_KEYSET",
        "The device key is gone (TPM cleared, or a badly prepared image).",
    ),
    ("0x80290407", "TPM_E_PCP_INTERNAL_ERROR", "A generic TPM error."),
    ("0x80280036", "TPM_E_NOTFIPS", "A TPM in FIPS mode is not supported for the device key."),
    ("0x80090031", "NTE_AUTHENTICATION_IGNORED", "The TPM is locked out."),
    ("0x80070002", "ERROR_FILE_NOT_FOUND", "A file or registry entry was not found."),
    ("0x80070005", "E_ACCESSDENIED", "Access was denied."),
    ("0x80080005", "CO_E_SERVER_EXEC_FAILURE", "A COM server (often the broker) failed to start."),
    (
        "0x8AA500DB",
        "[informational]",
        "The token cache was partitioned: a one-time migration, not an error.",
    ),
)

ERROR_CODES: dict[str, CodeInfo] = {
    code: CodeInfo(code, name, meaning)
    for table in (_ESR, _REGISTRATION, _NETWORK, _ADAL, _PRT, _KEYS_AND_MISC)
    for code, name, meaning in table
}

AADSTS_CODES: dict[str, str] = {
    "50020": "the account is not a user of this tenant (a guest that was never added)",
    "50034": "the user does not exist in the tenant",
    "50053": "the account is locked (too many wrong passwords) or the IP address is blocked",
    "50057": "the user account is disabled",
    "50058": "no single sign-on session was found (normal in silent requests)",
    "50055": "the password has expired",
    "50074": "strong (multi-factor) authentication is required",
    "50076": "multi-factor authentication is required (policy or a new location)",
    "50079": "the user must register for multi-factor authentication",
    "50097": "device authentication is required but the device identity was not presented",
    "50107": "the federation realm of the domain does not exist (federated domain set up wrongly)",
    "50126": "wrong user name or password",
    "50132": "the session is no longer valid (password change or expiry, stale sign-in)",
    "50133": "the session was revoked (password change or expiry)",
    "50144": "the on-premises Active Directory password has expired",
    "50155": "device authentication failed",
    "50187": "the device information was not provided with the request",
    "53000": "Conditional Access requires a compliant or managed device",
    "53003": "Conditional Access blocked the sign-in",
    "50158": "an external security challenge (third-party MFA) was not satisfied",
    "50173": "the grant was revoked; a fresh sign-in is needed",
    "70008": "the refresh token has expired or was revoked",
    "700082": "the refresh token expired after a long time unused",
    "70043": "the refresh token expired because of a sign-in frequency policy",
    "130007": "the Windows Hello key refers to a device that is disabled",
    "130008": "the Windows Hello key refers to a device that was not found (deleted)",
    "500021": "tenant restrictions (a proxy header) block sign-in to this tenant",
    "700003": "the device object was not found in the tenant (deleted)",
    "90002": "the tenant was not found",
    "135011": "the device is disabled in the directory",
}

_AADSTS = re.compile(r"AADSTS(\d{5,6})", re.IGNORECASE)


def code_info(code: str) -> CodeInfo | None:
    """What we know of `code` in any spelling (`80070259`, `0xcaa5001c`, decimal), or None."""
    normal = normalize_code(code)
    return ERROR_CODES.get(normal) if normal else None


def describe_code(code: str) -> str:
    """`0x80070533 ERROR_ACCOUNT_DISABLED: meaning`, or the normalised code alone."""
    normal = normalize_code(code) or code.strip()
    info = ERROR_CODES.get(normal)
    return f"{normal} {info.name}: {info.meaning}" if info else normal


def aadsts_codes(text: str) -> list[str]:
    """Every `AADSTSnnnnn` number in `text`, in order, without duplicates."""
    return list(dict.fromkeys(m.group(1) for m in _AADSTS.finditer(text)))


def describe_aadsts(number: str) -> str:
    """`AADSTS50076 (multi-factor authentication is required …)` or the bare code."""
    meaning = AADSTS_CODES.get(number)
    return f"AADSTS{number} ({meaning})" if meaning else f"AADSTS{number}"


# Sync-log codes (diagnosis-parity.md §2.7; HTTP_E_STATUS_* are 0x80190000 + the HTTP status,
# winerror.h). Added after the other tables so the lines above stay untouched.
_SYNC: tuple[tuple[str, str, str], ...] = (
    (
        "0x800704EC",
        "ERROR_ACCESS_DISABLED_BY_POLICY",
        "Blocked by policy. For sync: Group Policy (DisableSettingSync or a per-group "
        "Disable*SettingSync) or MDM (AllowSyncMySettings = 0) switches it off.",
    ),
    (
        "0x80070520",
        "ERROR_NO_SUCH_LOGON_SESSION",
        "No usable logon session. For sync: no token could be had for the user's sign-in "
        "(check AzureAdPrt and the default work account).",
    ),
    (
        "0x8007001F",
        "ERROR_GEN_FAILURE",
        "A generic failure wrapper; the events around it say more.",
    ),
    (
        "0x80190191",
        "HTTP_E_STATUS_DENIED",
        "The server answered HTTP 401: the request carried no token it accepts.",
    ),
    (
        "0x80190193",
        "HTTP_E_STATUS_FORBIDDEN",
        "The server answered HTTP 403: it understood the request and refuses it.",
    ),
    (
        "0x8019019D",
        "HTTP_E_STATUS_REQUEST_TOO_LARGE",
        "The server answered HTTP 413: what was sent is larger than it accepts.",
    ),
    (
        "0x801901AD",
        "[HTTP 429 too many requests]",
        "The server answered HTTP 429: too many requests, it asks the client to slow down.",
    ),
    (
        "0x801901F7",
        "HTTP_E_STATUS_SERVICE_UNAVAIL",
        "The server answered HTTP 503: the service is busy or unavailable for now.",
    ),
    (
        "0x8007050F",
        "ERROR_DISK_QUOTA_EXCEEDED",
        "A quota was exceeded.",
    ),
)
ERROR_CODES.update({code: CodeInfo(code, name, meaning) for code, name, meaning in _SYNC})

# Win32 1317 in a hybrid join's error text (diagnosis-parity.md §4, CMTrace `ad-replication-issue`).
# 0x80070520 (1312) is in _SYNC above. Added after the other tables.
_JOIN_AD: tuple[tuple[str, str, str], ...] = (
    (
        "0x80070525",
        "ERROR_NO_SUCH_USER",
        "The account does not exist where it was looked up. In a hybrid join: the computer "
        "object has not replicated to that domain controller (or synced to Entra ID) yet.",
    ),
)
ERROR_CODES.update({code: CodeInfo(code, name, meaning) for code, name, meaning in _JOIN_AD})
