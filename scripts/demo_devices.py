"""Demo devices for scripts/make_demo_bundles.py: the facts of a device and its members.

`Device` holds what a demo device is (build, join, sign-in, events); `sectioned` and
`flat_1607` print its dsregcmd /status the way Windows does; `members` assembles the bundle.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from demo_formats import (
    AAD_WAM_GUID,
    DEVICE_ID,
    PIN_PROVIDER,
    SETTINGS_URL,
    TENANT_ID,
    THUMBPRINT,
    Fields,
    cloud_domain_join,
    current_version,
    dsregcmd_text,
    event_members,
    logonui,
    system_json,
    user_sync,
)

from esr_gui.core.models.events import Event

LOGIN = "https://login.microsoftonline.com/" + TENANT_ID
DRS = "https://enterpriseregistration.windows.net"


@dataclass
class Device:
    """What a demo device is: the facts the member builders read."""

    computer: str
    build: tuple[int, int, str | None]
    aad: bool = True
    domain: bool = False
    prt: bool = True
    wam: bool = True
    settings_url: str = SETTINGS_URL
    upn: str = "jdoe@contoso.com"
    provider: str = PIN_PROVIDER
    dc: bool | None = None
    wireless: bool | None = True
    events: list[Event] = field(default_factory=list)
    extra: dict[str, bytes] = field(default_factory=dict)
    diagnostics: Fields = ()

    @property
    def user(self) -> str:
        return "CONTOSO\\jdoe" if self.domain else "AzureAD\\JohnDoe"


def _device_state(d: Device) -> Fields:
    state = [("AzureAdJoined", "YES" if d.aad else "NO"), ("EnterpriseJoined", "NO")]
    state.append(("DomainJoined", "YES" if d.domain else "NO"))
    if d.domain:
        state.append(("DomainName", "CONTOSO"))
    return [*state, ("Virtual Desktop", "NOT SET"), ("Device Name", d.computer.lower())]


def _tenant(d: Device) -> Fields:
    return [
        ("TenantName", "Contoso"),
        ("TenantId", TENANT_ID),
        ("AuthCodeUrl", LOGIN + "/oauth2/authorize"),
        ("AccessTokenUrl", LOGIN + "/oauth2/token"),
        ("MdmUrl", "https://enrollment.manage.microsoft.com/enrollmentserver/discovery.svc"),
        ("MdmTouUrl", "https://portal.manage.microsoft.com/TermsofUse.aspx"),
        ("MdmComplianceUrl", "https://portal.manage.microsoft.com/?portalAction=Compliance"),
        ("SettingsUrl", d.settings_url),
        ("JoinSrvVersion", "2.0"),
        ("JoinSrvUrl", DRS + "/EnrollmentServer/device/"),
        ("JoinSrvId", "urn:ms-drs:enterpriseregistration.windows.net"),
        ("KeySrvVersion", "1.0"),
        ("KeySrvUrl", DRS + "/EnrollmentServer/key/"),
        ("KeySrvId", "urn:ms-drs:enterpriseregistration.windows.net"),
    ]


def _user_sso(d: Device) -> list[tuple[str, Fields]]:
    user: Fields = [
        ("NgcSet", "YES" if d.provider == PIN_PROVIDER else "NO"),
        ("WorkplaceJoined", "NO"),
    ]
    user = [*user, ("WamDefaultSet", "YES" if d.wam else "NO")]
    if d.wam:
        user = [
            *user,
            ("WamDefaultAuthority", "organizations"),
            ("WamDefaultId", "https://login.microsoft.com"),
        ]
        user = [*user, ("WamDefaultGUID", AAD_WAM_GUID)]
    sso: Fields = [("AzureAdPrt", "YES" if d.prt else "NO")]
    if d.prt:
        sso = [*sso, ("AzureAdPrtUpdateTime", "2026-11-25 07:03:40.000 UTC")]
        sso = [*sso, ("AzureAdPrtExpiryTime", "2026-12-09 07:03:39.000 UTC")]
        sso = [*sso, ("AzureAdPrtAuthority", LOGIN)]
    sso = [*sso, ("EnterprisePrt", "NO"), ("EnterprisePrtAuthority", "")]
    return [("User State", user), ("SSO State", sso)]


def sectioned(d: Device) -> bytes:
    """dsregcmd /status of a 1803+ device, run unelevated as the user."""
    sections: list[tuple[str, Fields]] = [("Device State", _device_state(d))]
    if d.aad:
        details = [("DeviceId", DEVICE_ID), ("Thumbprint", THUMBPRINT)]
        details += [
            (
                "DeviceCertificateValidity",
                "[ 2025-03-02 10:11:12.000 UTC -- 2035-03-02 10:41:12.000 UTC ]",
            )
        ]
        details += [("KeyProvider", "Microsoft Platform Crypto Provider"), ("TpmProtected", "YES")]
        sections += [
            ("Device Details", [*details, ("DeviceAuthStatus", "SUCCESS")]),
            ("Tenant Details", _tenant(d)),
        ]
    sections += _user_sso(d)
    account = f"{d.user}, {d.upn}"
    diag = list(d.diagnostics) or [("AadRecoveryEnabled", "NO"), ("KeySignTest", "PASSED")]
    sections.append(("Diagnostic Data", [*diag, ("Executing Account Name", account)]))
    sections.append(("WinHttp Default Proxy Config", [("Access Type", "DIRECT")]))
    return dsregcmd_text(sections).encode("ascii")


def flat_1607(d: Device) -> bytes:
    """dsregcmd /status of a 1607 device: the old layout with tenant fields in Device State."""
    device = [("AzureAdJoined", "YES" if d.aad else "NO"), ("EnterpriseJoined", "NO")]
    device += [
        ("DeviceId", DEVICE_ID),
        ("Thumbprint", THUMBPRINT),
        ("KeyContainerId", "c2a1f0de-5b6a-4e0b-8d1f-3a7c9e2b4d60"),
    ]
    device += [
        ("KeyProvider", "Microsoft Software Key Storage Provider"),
        ("TpmProtected", "NO"),
        ("KeySignTest:", "PASSED"),
    ]
    device += [("Idp", "login.windows.net"), *_tenant(d)]
    device += [("DomainJoined", "YES" if d.domain else "NO")] + (
        [("DomainName", "CONTOSO")] if d.domain else []
    )
    user = [
        ("NgcSet", "NO"),
        ("WorkplaceJoined", "NO"),
        ("WamDefaultSet", "YES" if d.wam else "NO"),
    ]
    if d.wam:
        user += [
            ("WamDefaultAuthority", "organizations"),
            ("WamDefaultId", "https://login.microsoft.com"),
        ]
        user += [("WamDefaultGUID", AAD_WAM_GUID)]
    user += [("AzureAdPrt", "YES" if d.prt else "NO")]
    ngc = [("IsUserAzureAD", "YES"), ("PolicyEnabled", "NO"), ("DeviceEligible", "YES")]
    ngc += [("SessionIsNotRemote", "YES"), ("PreReqResult", "WillNotProvision")]
    sections = [("Device State", device), ("User State", user), ("Ngc Prerequisite Check", ngc)]
    return dsregcmd_text(sections).encode("ascii")


def members(d: Device, dsregcmd: bytes) -> dict[str, bytes]:
    """Every member of a demo bundle for device `d`."""
    build, ubr, display = d.build
    product = "Windows 10 Enterprise"
    out = {
        "dsregcmd-status.txt": dsregcmd,
        "whoami-upn.txt": (d.upn + "\r\n").encode("ascii"),
        "registry/currentversion.reg": current_version(build, ubr, display, product),
        "registry/logonui.reg": logonui(d.provider, d.user, "John Doe"),
        "registry/user-settingsync.reg": user_sync(),
        "registry/clouddomainjoin.reg": cloud_domain_join(d.upn, d.settings_url, joined=d.aad),
        "system.json": system_json(
            "2026-11-25T07:58:12+01:00", "2026-11-25T08:03:40+01:00", d.dc, d.wireless
        ),
    }
    out.update(event_members(d.computer, d.events))
    out.update(d.extra)
    return out
