"""Helpers for scripts/make_demo_bundles.py: native-format members built from plain data.

dsregcmd text in the boxed layout Windows prints (sectioned 1803+ or the flat 1607 layout),
`.reg` files through the reg-export writer, event XML through the wevtutil-style writer.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

from esr_gui.core.models.events import Event
from esr_gui.core.models.registry import RegKey, RegValue
from esr_gui.core.parse.events_write import events_to_xml
from esr_gui.core.parse.regfile_write import format_reg_file

Fields = Sequence[tuple[str, str]]
RULER = "+" + "-" * 70 + "+"
SETTINGS_URL = base64.b64encode(
    json.dumps(
        {"Uris": ["https://kailani.one.microsoft.com/", "https://kailani1.one.microsoft.com/"]},
        separators=(",", ":"),
    ).encode()
).decode()
AAD_WAM_GUID = "{B16898C6-A148-4967-9171-64D755DA8520} (AzureAd)"
TENANT_ID = "5f1c9d1e-7b3a-4c2e-9a51-0d6e8b4c2f10"
DEVICE_ID = "8d3f6a2b-1c4e-4f7a-9b0d-2e5c7a9f1b34"
THUMBPRINT = "3A7F1C9E2B4D6A8C0E1F3B5D7A9C2E4F6B8D0A1C"
USER_SID = "S-1-5-21-2873154090-1450218113-3312085742-1104"
PIN_PROVIDER = "{D6886603-9D2F-4EB2-B667-1971041FA96B}"
PASSWORD_PROVIDER = "{60B78E88-EAD8-445C-9CFD-0B87F74EA6CD}"
SMART_CARD_PROVIDER = "{8FD7E19C-3BF7-489B-A72C-846AB3678C96}"
SYNC_GROUPS = (
    "Accessibility",
    "AppSync",
    "BrowserSettings",
    "Credentials",
    "DesktopTheme",
    "Language",
    "PackageState",
    "Personalization",
    "StartLayout",
    "Windows",
)
CHANNELS = (
    "Microsoft-Windows-SettingSync/Debug",
    "Microsoft-Windows-SettingSync/Operational",
    "Microsoft-Windows-SettingSync-Azure/Debug",
    "Microsoft-Windows-SettingSync-Azure/Operational",
    "Microsoft-Windows-CloudStore/Operational",
    "Microsoft-Windows-AAD/Operational",
    "Microsoft-Windows-User Device Registration/Admin",
)


def dsregcmd_text(sections: Sequence[tuple[str, Fields]], width: int | None = None) -> str:
    """Boxed `dsregcmd /status` text: a ruled header per section, right-aligned `key : value`."""
    keys = [k for _, fields in sections for k, _ in fields]
    pad = width or max(len(k) for k in keys) + 1
    lines: list[str] = [""]
    for name, fields in sections:
        lines += [RULER, "| " + name.ljust(68) + " |", RULER, ""]
        lines += [f"{key.rjust(pad)} : {value}".rstrip() for key, value in fields]
        lines.append("")
    return "\r\n".join(lines) + "\r\n"


def sz(name: str, data: str) -> RegValue:
    """A REG_SZ value."""
    return RegValue(name=name, type="REG_SZ", data=data)


def dword(name: str, data: int) -> RegValue:
    """A REG_DWORD value."""
    return RegValue(name=name, type="REG_DWORD", data=data)


def reg_file(keys: Iterable[tuple[str, list[RegValue]]]) -> bytes:
    """A `reg export` file (UTF-16LE) of `keys` given as (path, values)."""
    return format_reg_file(RegKey(path=path, values=values) for path, values in keys)


def current_version(build: int, ubr: int, display: str | None, product: str) -> bytes:
    """HKLM\\...\\Windows NT\\CurrentVersion as exported on a client of that build."""
    values = [
        sz("CurrentBuild", str(build)),
        sz("CurrentBuildNumber", str(build)),
        sz("CurrentType", "Multiprocessor Free"),
        sz("EditionID", "Enterprise"),
        sz("InstallationType", "Client"),
        sz("ProductName", product),
        sz("ReleaseId", "2009" if build >= 19042 else {14393: "1607", 10586: "1511"}[build]),
        dword("UBR", ubr),
    ]
    if display:
        values.insert(1, sz("DisplayVersion", display))
    return reg_file([(r"HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion", values)])


def logonui(provider: str, user: str, display_name: str) -> bytes:
    """LogonUI with the last sign-in's credential provider and user."""
    values = [
        sz("LastLoggedOnDisplayName", display_name),
        sz("LastLoggedOnProvider", provider),
        sz("LastLoggedOnSAMUser", user),
        sz("LastLoggedOnUser", user),
        sz("LastLoggedOnUserSID", USER_SID),
        sz("SelectedUserSID", USER_SID),
    ]
    path = r"HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Authentication\LogonUI"
    return reg_file([(path, values)])


def user_sync(off: Sequence[str] = ()) -> bytes:
    """HKCU\\...\\SettingSync with its Groups\\* switches (the groups in `off` disabled)."""
    root = r"HKCU\Software\Microsoft\Windows\CurrentVersion\SettingSync"
    keys: list[tuple[str, list[RegValue]]] = [
        (root, [dword("SyncPolicy", 1)]),
        (root + r"\Groups", []),
    ]
    keys += [(rf"{root}\Groups\{g}", [dword("Enabled", 0 if g in off else 1)]) for g in SYNC_GROUPS]
    return reg_file(keys)


def cloud_domain_join(email: str, settings_url: str, joined: bool = True) -> bytes:
    """CloudDomainJoin with JoinInfo\\<thumbprint> and TenantInfo\\<tenant> (or empty)."""
    root = r"HKLM\SYSTEM\CurrentControlSet\Control\CloudDomainJoin"
    if not joined:
        return reg_file([(root, []), (root + r"\JoinInfo", []), (root + r"\TenantInfo", [])])
    join = [sz("IdpDomain", "login.windows.net"), sz("TenantId", TENANT_ID), sz("UserEmail", email)]
    tenant = [
        sz("DisplayName", "Contoso"),
        sz(
            "MdmEnrollmentUrl",
            "https://enrollment.manage.microsoft.com/enrollmentserver/discovery.svc",
        ),
        sz("UserSettingSyncUrl", settings_url),
    ]
    return reg_file(
        [
            (root, []),
            (root + r"\JoinInfo", []),
            (rf"{root}\JoinInfo\{THUMBPRINT}", join),
            (root + r"\TenantInfo", []),
            (rf"{root}\TenantInfo\{TENANT_ID}", tenant),
        ]
    )


def event(
    channel: str,
    event_id: int,
    when: str,
    record: int,
    *,
    level: int = 4,
    message: str = "",
    **data: str,
) -> Event:
    """One event of `channel` (time in ISO 8601 with offset; `message` as Event Viewer shows)."""
    return Event(
        channel=channel,
        provider=channel.split("/", 1)[0],
        event_id=event_id,
        level=level,
        time=datetime.fromisoformat(when).astimezone(UTC),
        record_id=record,
        user_sid=USER_SID,
        data=data,
        message=message,
    )


def event_members(computer: str, events: Iterable[Event]) -> dict[str, bytes]:
    """One `events/<channel>.xml` per captured channel (empty when it logged nothing)."""
    by_channel: dict[str, list[Event]] = {c: [] for c in CHANNELS}
    for item in events:
        by_channel[item.channel].append(item.model_copy(update={"computer": computer}))
    return {
        f"events/{channel.replace('/', '%4')}.xml": events_to_xml(items).encode("utf-8")
        for channel, items in by_channel.items()
    }


def system_json(boot: str, logon: str, dc: bool | None, wireless: bool | None) -> bytes:
    """system.json with the capture's session times and network facts."""
    data = {
        "last_boot": boot,
        "last_logon": logon,
        "domain_controller_reachable": dc,
        "wireless_adapter_present": wireless,
    }
    return (json.dumps(data, indent=2) + "\n").encode("utf-8")
