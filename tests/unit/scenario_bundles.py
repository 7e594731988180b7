"""Scenario bundles written byte by byte, independently of the product's own writers.

The diagnosis tests in `test_diagnose_scenarios.py` must not trust our `write_bundle`,
`format_reg_file` or `events_to_xml`: a bug shared by writer and reader would hide itself.
So this module spells out every member the way Windows' own tools print it:

* `dsregcmd /status` in the 1803+ sectioned layout (Device State, Device Details, Tenant
  Details, User State, SSO State, Diagnostic Data) and the 1607-era flat layout (Device State
  and User State only, settings URL printed as `AzureAdSettingsUrl` or `SettingsUrl`), as
  UTF-8 or UTF-16 with BOM;
* `reg export` files as REGEDIT5 (UTF-16LE with BOM, CRLF) or REGEDIT4 (ANSI cp1252);
* `wevtutil qe /f:xml` output as a bare run of `<Event>` elements or wrapped in one root;
* `manifest.json` and `system.json` as plain JSON (fields can be null, absent or false).

A scenario is a `Scenario` value; `write()` lays it out as a bundle folder.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

# Names and values shared with the model-level diagnosis tests (constants, not writers).
from tests.unit.diagnose_support import (
    AAD_GUID,
    CREATED,
    CURRENT_VERSION,
    URL,
    USER_SYNC,
)

TENANT = "5f1c9d1e-7b3a-4c2e-9a51-0d6e8b4c2f10"
SYNC_OPERATIONAL = "Microsoft-Windows-SettingSync/Operational"
AZURE_OPERATIONAL = "Microsoft-Windows-SettingSync-Azure/Operational"
SMART_CARDS = (
    "{8FD7E19C-3BF7-489B-A72C-846AB3678C96}",
    "{94596c7e-3744-41ce-893e-bbf09122f76a}",
    "{1b283861-754f-4022-ad47-a5eaaa618894}",
    "{1ee7337f-85ac-45e2-a23c-37c753209769}",
)
GROUPS = ("Accessibility", "AppSync", "BrowserSettings", "Credentials", "Windows")

Sections = dict[str, dict[str, str]]
RegData = int | str | tuple[str, str]  # int: REG_DWORD; str: REG_SZ; ("hex(2)", ...) raw
RegKeys = Mapping[str, Mapping[str, RegData]]
_HIVES = {"HKLM": "HKEY_LOCAL_MACHINE", "HKCU": "HKEY_CURRENT_USER", "HKU": "HKEY_USERS"}


# --- dsregcmd /status ---------------------------------------------------------------------


@dataclass
class Dsreg:
    """A device as dsregcmd prints it (None leaves a field out; "" prints it empty)."""

    aad: str | None = "YES"
    dj: str | None = "NO"
    wpj: str | None = "NO"
    wam: str | None = "YES"
    guid: str | None = AAD_GUID
    prt: str | None = "YES"
    url: str | None = URL
    url_key: str = "SettingsUrl"
    enterprise_prt: str | None = "NO"
    user_context: str | None = "UN-ELEVATED User"
    executing: str | None = "CONTOSO\\jdoe, jdoe@contoso.com"
    extra: Sections = field(default_factory=dict)

    def sectioned(self) -> Sections:
        """The 1803+ boxes, in the order Windows prints them."""
        device = _drop({"AzureAdJoined": self.aad, "EnterpriseJoined": "NO"})
        device.update(_drop({"DomainJoined": self.dj}))
        if self.dj == "YES":
            device["DomainName"] = "CONTOSO"
        device["Device Name"] = "PC-0042.contoso.com"
        tenant = {"TenantName": "Contoso", "TenantId": TENANT, "Idp": "login.windows.net"}
        tenant.update(_drop({self.url_key: self.url}))
        tenant["MdmUrl"] = "https://enrollment.manage.microsoft.com/enrollmentserver/discovery.svc"
        user = _drop({"NgcSet": "NO", "WorkplaceJoined": self.wpj, "WamDefaultSet": self.wam})
        user.update(_drop({"WamDefaultAuthority": "organizations" if self.guid else None}))
        user.update(_drop({"WamDefaultGUID": self.guid}))
        sso = _drop({"AzureAdPrt": self.prt, "EnterprisePrt": self.enterprise_prt})
        diag = _drop({"User Context": self.user_context, "Executing Account Name": self.executing})
        sections = {
            "Device State": device,
            "Device Details": {"DeviceId": "8d3f6a2b-1c4e-4f7a-9b0d-2e5c7a9f1b34"},
            "Tenant Details": tenant,
            "User State": user,
            "SSO State": sso,
            "Diagnostic Data": diag,
        }
        return _merge(sections, self.extra)

    def flat(self) -> Sections:
        """The 1607-era layout: Device State (with tenant fields and the URL) and User State."""
        device = _drop({"AzureAdJoined": self.aad, "EnterpriseJoined": "NO"})
        device.update({"DeviceId": "8d3f6a2b-1c4e-4f7a-9b0d-2e5c7a9f1b34", "TenantId": TENANT})
        device["TenantName"] = "Contoso"
        device.update(_drop({self.url_key: self.url, "DomainJoined": self.dj}))
        if self.dj == "YES":
            device["DomainName"] = "CONTOSO"
        user = _drop({"NgcSet": "NO", "WorkplaceJoined": self.wpj, "WamDefaultSet": self.wam})
        user.update(_drop({"WamDefaultGUID": self.guid, "AzureAdPrt": self.prt}))
        return _merge({"Device State": device, "User State": user}, self.extra)


def _drop(fields: Mapping[str, str | None]) -> dict[str, str]:
    return {k: v for k, v in fields.items() if v is not None}


def _merge(sections: Sections, extra: Sections) -> Sections:
    for name, fields in extra.items():
        sections.setdefault(name, {}).update(fields)
    return sections


def boxed_text(sections: Sections) -> str:
    """dsregcmd's console text: a +---+ box per section, keys right-aligned to a colon column."""
    ruler = "+" + "-" * 70 + "+"
    lines = [""]
    for name, fields in sections.items():
        pad = max((len(k) for k in fields), default=10) + 1
        lines += [ruler, "| " + name.ljust(68) + " |", ruler, ""]
        lines += [f"{k.rjust(pad)} : {v}".rstrip() for k, v in fields.items()]
        lines.append("")
    return "\r\n".join(lines) + "\r\n"


def dsreg_bytes(device: Dsreg, layout: str = "sectioned", encoding: str = "utf-8") -> bytes:
    """The printed status in `layout` (sectioned / flat), encoded like a saved console output."""
    text = boxed_text(device.sectioned() if layout == "sectioned" else device.flat())
    if encoding == "utf-16":
        return b"\xff\xfe" + text.encode("utf-16-le")
    return text.encode(encoding)


# --- reg export ---------------------------------------------------------------------------


def _reg_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _reg_line(name: str, data: RegData) -> str:
    label = "@" if name == "" else _reg_string(name)
    if isinstance(data, bool):
        raise TypeError("use 0/1 for a DWORD")
    if isinstance(data, int):
        return f"{label}=dword:{data & 0xFFFFFFFF:08x}"
    if isinstance(data, tuple):
        return f"{label}={data[0]}:{data[1]}"
    return f"{label}={_reg_string(data)}"


def reg_text(keys: RegKeys, regedit4: bool = False) -> str:
    """A `reg export` file: header, then `[HIVE\\path]` and one `"name"=data` line per value."""
    lines = ["REGEDIT4" if regedit4 else "Windows Registry Editor Version 5.00", ""]
    for path, values in keys.items():
        hive, _, rest = path.partition("\\")
        lines.append(f"[{_HIVES.get(hive, hive)}\\{rest}]")
        lines += [_reg_line(name, data) for name, data in values.items()]
        lines.append("")
    return "\r\n".join(lines) + "\r\n"


def reg_bytes(keys: RegKeys, regedit4: bool = False) -> bytes:
    """REGEDIT5 as UTF-16LE with BOM, REGEDIT4 as ANSI (cp1252), as `reg export` writes them."""
    text = reg_text(keys, regedit4)
    return text.encode("cp1252") if regedit4 else b"\xff\xfe" + text.encode("utf-16-le")


def build_key(
    number: int | None,
    ubr: int | None = 0,
    display: str | None = None,
    product: str = "Windows 10 Enterprise",
    **more: RegData,
) -> dict[str, dict[str, RegData]]:
    """The CurrentVersion key of a build (None values are left out)."""
    values: dict[str, RegData] = {"EditionID": "Enterprise", "ProductName": product}
    if number is not None:
        values["CurrentBuild"] = str(number)
        values["CurrentBuildNumber"] = str(number)
    if ubr is not None:
        values["UBR"] = ubr
    if display is not None:
        values["DisplayVersion"] = display
    values.update(more)
    return {CURRENT_VERSION: values}


def toggles(
    off: Iterable[str] = (), groups: Iterable[str] = GROUPS
) -> dict[str, dict[str, RegData]]:
    """HKCU SettingSync\\Groups\\*\\Enabled, with the groups in `off` switched off."""
    shut = set(off)
    keys: dict[str, dict[str, RegData]] = {USER_SYNC: {"SyncPolicy": 1}}
    keys[USER_SYNC + "\\Groups"] = {}
    for group in groups:
        keys[f"{USER_SYNC}\\Groups\\{group}"] = {"Enabled": 0 if group in shut else 1}
    return keys


# --- wevtutil XML -------------------------------------------------------------------------

_NS = "http://schemas.microsoft.com/win/2004/08/events/event"


@dataclass
class Ev:
    """One event record (`data` in order; a name of "" writes an unnamed `<Data>`)."""

    channel: str
    event_id: int
    data: list[tuple[str, str]] = field(default_factory=list)
    message: str = ""
    record: int = 1
    when: str = "2026-11-25T07:15:00.0000000Z"
    level: int = 2
    provider: str | None = None

    def xml(self) -> str:
        """The record as wevtutil prints it (single quotes, no whitespace between elements)."""
        provider = self.provider or self.channel.split("/", 1)[0]
        system = (
            f"<System><Provider Name='{escape(provider)}'/><EventID>{self.event_id}</EventID>"
            f"<Version>0</Version><Level>{self.level}</Level><Task>0</Task>"
            f"<TimeCreated SystemTime='{self.when}'/><EventRecordID>{self.record}</EventRecordID>"
            f"<Channel>{escape(self.channel)}</Channel><Computer>PC-0042.contoso.com</Computer>"
            "<Security UserID='S-1-5-21-1-2-3-1104'/></System>"
        )
        rows = "".join(
            f"<Data Name='{escape(n)}'>{escape(v)}</Data>" if n else f"<Data>{escape(v)}</Data>"
            for n, v in self.data
        )
        render = ""
        if self.message:
            render = (
                "<RenderingInfo Culture='en-US'><Message>"
                f"{escape(self.message)}</Message></RenderingInfo>"
            )
        return f"<Event xmlns='{_NS}'>{system}<EventData>{rows}</EventData>{render}</Event>"


def events_bytes(events: Iterable[Ev], wrapped: bool = False, utf16: bool = False) -> bytes:
    """`wevtutil qe CHANNEL /f:xml`: a bare run (one per line), or inside `<Events>`."""
    body = "\r\n".join(e.xml() for e in events)
    text = f"<Events>\r\n{body}\r\n</Events>\r\n" if wrapped else body + "\r\n"
    return b"\xff\xfe" + text.encode("utf-16-le") if utf16 else text.encode("utf-8")


def channel_file(channel: str) -> str:
    """`events/Microsoft-Windows-AAD%4Operational.xml` for a channel."""
    return "events/" + channel.replace("/", "%4") + ".xml"


# --- the bundle ---------------------------------------------------------------------------


@dataclass
class Scenario:
    """A device capture: each member as bytes, or None to leave it out of the bundle."""

    dsreg: Dsreg | None = field(default_factory=Dsreg)
    layout: str = "sectioned"
    dsreg_encoding: str = "utf-8"
    dsreg_raw: bytes | None = None
    registry: dict[str, RegKeys] = field(default_factory=dict)
    regedit4: bool = False
    events: dict[str, list[Ev]] = field(default_factory=dict)
    wrapped: bool = False
    events_utf16: bool = False
    event_files: dict[str, bytes] = field(default_factory=dict)
    system: Mapping[str, object] | None = None
    system_raw: bytes | None = None
    context: str | None = "user"
    upn: str | None = None

    def members(self) -> dict[str, bytes]:
        """Every member's name and bytes."""
        out = {"manifest.json": self._manifest()}
        if self.dsreg_raw is not None:
            out["dsregcmd-status.txt"] = self.dsreg_raw
        elif self.dsreg is not None:
            out["dsregcmd-status.txt"] = dsreg_bytes(self.dsreg, self.layout, self.dsreg_encoding)
        for name, keys in self.registry.items():
            out[f"registry/{name}.reg"] = reg_bytes(keys, self.regedit4)
        for channel, records in self.events.items():
            out[channel_file(channel)] = events_bytes(records, self.wrapped, self.events_utf16)
        out.update(self.event_files)
        if self.system_raw is not None:
            out["system.json"] = self.system_raw
        elif self.system is not None:
            out["system.json"] = json.dumps(self.system).encode()
        if self.upn is not None:
            out["whoami-upn.txt"] = (self.upn + "\r\n").encode()
        return out

    def _manifest(self) -> bytes:
        manifest: dict[str, object] = {"format": "esr-bundle", "version": 1, "created": CREATED}
        manifest.update({"computer": "PC-0042", "user": "CONTOSO\\jdoe"})
        if self.context is not None:
            manifest["context"] = self.context
        return json.dumps(manifest, indent=2).encode()

    def write(self, folder: Path) -> Path:
        """Lay the bundle out as a folder (created) and return its path."""
        for name, data in self.members().items():
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        return folder
