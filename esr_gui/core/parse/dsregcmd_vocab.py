"""Known `dsregcmd /status` section names and keys (esr-facts §3.2 and the public samples).

The parser does not need the vocabulary for well-formed output; it uses it to place fields
that appear without a box header and to re-split pastes whose line breaks were lost.
"""

from __future__ import annotations

import re

from esr_gui.core.models.dsreg import normalize_key

SECTION_KEYS: dict[str, tuple[str, ...]] = {
    "Device State": (
        "AzureAdJoined",
        "EnterpriseJoined",
        "DomainJoined",
        "DomainName",
        "Virtual Desktop",
        "Device Name",
    ),
    "Device Details": (
        "DeviceId",
        "Thumbprint",
        "DeviceCertificateValidity",
        "KeyContainerId",
        "KeyProvider",
        "TpmProtected",
        "DeviceAuthStatus",
    ),
    "Tenant Details": (
        "TenantName",
        "TenantId",
        "Idp",
        "AuthCodeUrl",
        "AccessTokenUrl",
        "MdmUrl",
        "MdmTouUrl",
        "MdmComplianceUrl",
        "dmComplianceUrl",
        "SettingsUrl",
        "AzureAdSettingsUrl",
        "JoinSrvVersion",
        "JoinSrvUrl",
        "JoinSrvId",
        "KeySrvVersion",
        "KeySrvUrl",
        "KeySrvId",
        "WebAuthNSrvVersion",
        "WebAuthNSrvUrl",
        "WebAuthNSrvId",
        "DeviceManagementSrvVer",
        "DeviceManagementSrvVersion",
        "DeviceManagementSrvUrl",
        "DeviceManagementSrvId",
    ),
    "User State": (
        "NgcSet",
        "NgcKeyId",
        "CanReset",
        "WorkplaceJoined",
        "WorkAccountCount",
        "WamDefaultSet",
        "WamDefaultAuthority",
        "WamDefaultId",
        "WamDefaultGUID",
    ),
    "SSO State": (
        "AzureAdPrt",
        "AzureAdPrtUpdateTime",
        "AzureAdPrtExpiryTime",
        "AzureAdPrtAuthority",
        "EnterprisePrt",
        "EnterprisePrtUpdateTime",
        "EnterprisePrtExpiryTime",
        "EnterprisePrtAuthority",
        "AcquirePrtDiagnostics",
        "RefreshPrtDiagnostics",
        "Previous Prt Attempt",
        "Attempt Status",
        "User Identity",
        "Credential Type",
        "Correlation ID",
        "Endpoint URI",
        "HTTP Method",
        "HTTP Error",
        "HTTP Status",
        "Server Error Code",
        "Server Error Description",
        "OnPremTgt",
        "CloudTgt",
        "KerbTopLevelNames",
    ),
    "Diagnostic Data": (
        "Diagnostics Reference",
        "User Context",
        "Client Time",
        "AD Connectivity Test",
        "AD Configuration Test",
        "DRS Discovery Test",
        "DRS Connectivity Test",
        "Token acquisition Test",
        "Kerberos Ticket Test",
        "Fallback to Sync-Join",
        "Fallback to Fed-Join",
        "Previous Registration",
        "Registration Type",
        "Error Phase",
        "Client ErrorCode",
        "Server ErrorCode",
        "Server Message",
        "Https Status",
        "Request Id",
        "AadRecoveryEnabled",
        "KeySignTest",
        "Executing Account Name",
        "DisplayNameUpdated",
        "OsVersionUpdated",
        "HostNameUpdated",
        "Last HostName Update",
    ),
    "IE Proxy Config for Current User": (
        "Auto Detect Settings",
        "Auto-Configuration URL",
        "Proxy Server List",
        "Proxy Bypass List",
    ),
    "IE Proxy Config for System Account": (),
    "URL Specific Proxy Config": ("Auto Detect PAC Status",),
    "WinHttp Default Proxy Config": ("Access Type",),
    "Work Account 1": (
        "WorkplaceDeviceId",
        "WorkplaceThumbprint",
        "WorkplaceIdp",
        "WorkplaceTenantId",
        "WorkplaceTenantName",
        "WorkplaceMdmUrl",
        "WorkplaceSettingsUrl",
    ),
    "Ngc Prerequisite Check": (
        "IsDeviceJoined",
        "IsUserAzureAD",
        "PolicyEnabled",
        "PostLogonEnabled",
        "DeviceEligible",
        "SessionIsNotRemote",
        "CertEnrollment",
        "AdfsRefreshToken",
        "AdfsRaIsReady",
        "LogonCertTemplateReady",
        "PreReqResult",
        "OnPremTGT",
        "CloudTGT",
        "X509CertRequired",
        "ScepReady",
        "AadRecoveryNeeded",
        "NgcPreReq",
    ),
}

# Keys that legitimately recur in another box besides their home section.
_ALSO_IN: dict[str, tuple[str, ...]] = {
    "Work Account 1": (
        "DeviceCertificateValidity",
        "KeyContainerId",
        "KeyProvider",
        "TpmProtected",
        "NgcSet",
    ),
    "IE Proxy Config for System Account": SECTION_KEYS["IE Proxy Config for Current User"],
    "URL Specific Proxy Config": ("Executing Account Name",),
}

SECTIONED_ONLY = frozenset(
    normalize_key(name)
    for name in (
        "Device Details",
        "Tenant Details",
        "SSO State",
        "Diagnostic Data",
        "IE Proxy Config for Current User",
        "IE Proxy Config for System Account",
        "URL Specific Proxy Config",
        "WinHttp Default Proxy Config",
    )
)
WORK_ACCOUNT = re.compile(r"^work\s*account\s*\d+$", re.IGNORECASE)

# Fields that exist only in the 1607-era flat layout's Device State / User State boxes.
FLAT_DEVICE_STATE_KEYS = frozenset(
    normalize_key(k) for k in SECTION_KEYS["Device Details"] + SECTION_KEYS["Tenant Details"]
) | {normalize_key("KeySignTest")}
FLAT_USER_STATE_KEYS = frozenset(
    normalize_key(k) for k in SECTION_KEYS["SSO State"] + SECTION_KEYS["Work Account 1"]
)


def _home_sections() -> dict[str, str]:
    home: dict[str, str] = {}
    for section, keys in SECTION_KEYS.items():
        for key in keys:
            home.setdefault(normalize_key(key), section)
    return home


def _members() -> dict[str, frozenset[str]]:
    members: dict[str, set[str]] = {}
    for section, keys in (*SECTION_KEYS.items(), *_ALSO_IN.items()):
        members.setdefault(normalize_key(section), set()).update(normalize_key(k) for k in keys)
    return {section: frozenset(keys) for section, keys in members.items()}


HOME_SECTION: dict[str, str] = _home_sections()
KNOWN_KEYS: frozenset[str] = frozenset(HOME_SECTION)
_MEMBERS = _members()
KNOWN_SECTIONS: frozenset[str] = frozenset(_MEMBERS)


def is_known_key(key: str) -> bool:
    """Whether `key` (any case or spacing) is a field dsregcmd is known to print."""
    return normalize_key(key) in KNOWN_KEYS


def is_known_section(name: str) -> bool:
    """Whether `name` is a box header dsregcmd is known to print ("Work Account N" included)."""
    return normalize_key(name) in KNOWN_SECTIONS or WORK_ACCOUNT.match(name.strip()) is not None


def belongs_to(key: str, section: str) -> bool:
    """Whether `key` is known to be printed inside the box called `section`."""
    wanted = normalize_key(section)
    if WORK_ACCOUNT.match(section.strip()):
        wanted = normalize_key("Work Account 1")
    return normalize_key(key) in _MEMBERS.get(wanted, frozenset())


def home_section(key: str) -> str | None:
    """The (current-layout) box a known key is printed in, or None for an unknown key."""
    return HOME_SECTION.get(normalize_key(key))
