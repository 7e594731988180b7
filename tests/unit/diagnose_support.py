"""Building small capture bundles for the diagnosis tests, in the real native formats.

Tests describe a device with plain data (dsregcmd sections, registry values, events,
system.json facts); `bundle_snapshot` turns it into bundle members (boxed dsregcmd text,
UTF-16 `reg export` files, wevtutil XML) and loads them through the real bundle reader and
snapshot builder, so every test exercises the same path a technician's bundle takes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path

from esr_gui.core.bundle.reader import bundle_from_members
from esr_gui.core.bundle.writer import write_bundle
from esr_gui.core.diagnose import Diagnosis, run_diagnosis
from esr_gui.core.models.events import Event
from esr_gui.core.models.findings import Finding
from esr_gui.core.models.manifest import Manifest
from esr_gui.core.models.registry import RegKey, RegValue
from esr_gui.core.models.snapshot import Snapshot
from esr_gui.core.parse.events_write import events_to_xml
from esr_gui.core.parse.regfile_write import format_reg_file
from esr_gui.core.snapshot_builder import load_snapshot, snapshot_from_bundle

CREATED = "2026-11-25T09:14:03+01:00"
URL = (
    "eyJVcmlzIjpbImh0dHBzOi8va2FpbGFuaS5vbmUubWljcm9zb2Z0LmNvbS8iLCJodHRwczovL2thaWxhbmkx"
    "Lm9uZS5taWNyb3NvZnQuY29tLyJdfQ=="
)
AAD_GUID = "{B16898C6-A148-4967-9171-64D755DA8520} (AzureAd)"
MSA_GUID = "{D7F9888F-E3FC-49B0-9EA6-A85B5F392A4F} (MicrosoftAccount)"
CURRENT_VERSION = r"HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion"
LOGONUI = r"HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Authentication\LogonUI"
POLICY = r"HKLM\SOFTWARE\Policies\Microsoft\Windows\SettingSync"
MDM = r"HKLM\SOFTWARE\Microsoft\PolicyManager\current\device\Experience"
USER_SYNC = r"HKCU\Software\Microsoft\Windows\CurrentVersion\SettingSync"
WIP = r"HKLM\SOFTWARE\Microsoft\EnterpriseDataProtection\Policies"
CDJ = r"HKLM\SYSTEM\CurrentControlSet\Control\CloudDomainJoin"
AAD = "Microsoft-Windows-AAD/Operational"
SYNC_DEBUG = "Microsoft-Windows-SettingSync/Debug"
AZURE_DEBUG = "Microsoft-Windows-SettingSync-Azure/Debug"
UDR = "Microsoft-Windows-User Device Registration/Admin"
PIN = "{D6886603-9D2F-4EB2-B667-1971041FA96B}"
PASSWORD = "{60b78e88-ead8-445c-9cfd-0b87f74ea6cd}"
SMART_CARD = "{8FD7E19C-3BF7-489B-A72C-846AB3678C96}"

Sections = dict[str, dict[str, str]]
RegSpec = Mapping[str, Mapping[str, str | int]]


def dsreg(
    *,
    aad: str = "YES",
    dj: str = "NO",
    wam: str | None = "YES",
    guid: str | None = AAD_GUID,
    prt: str | None = "YES",
    url: str | None = URL,
    **extra: dict[str, str],
) -> Sections:
    """Sections of a sectioned dsregcmd /status (None leaves a field out)."""
    sections: Sections = {
        "Device State": {"AzureAdJoined": aad, "EnterpriseJoined": "NO", "DomainJoined": dj},
        "Tenant Details": {"TenantName": "Contoso", "TenantId": "5f1c9d1e-7b3a-4c2e-9a51"},
        "User State": {"NgcSet": "NO", "WorkplaceJoined": "NO"},
        "SSO State": {"EnterprisePrt": "NO"},
    }
    optional = (("Tenant Details", "SettingsUrl", url), ("User State", "WamDefaultSet", wam))
    optional += (("User State", "WamDefaultGUID", guid), ("SSO State", "AzureAdPrt", prt))
    for section, key, value in optional:
        if value is not None:
            sections[section][key] = value
    for name, fields in extra.items():
        sections.setdefault(name.replace("_", " "), {}).update(fields)
    return sections


def boxed(sections: Sections) -> str:
    """`dsregcmd /status` text in Windows' boxed layout (CRLF, right-aligned keys)."""
    ruler = "+" + "-" * 70 + "+"
    pad = max((len(k) for f in sections.values() for k in f), default=10) + 1
    lines = [""]
    for name, fields in sections.items():
        lines += [ruler, "| " + name.ljust(68) + " |", ruler, ""]
        lines += [f"{k.rjust(pad)} : {v}".rstrip() for k, v in fields.items()]
        lines.append("")
    return "\r\n".join(lines) + "\r\n"


def reg_bytes(keys: RegSpec) -> bytes:
    """A UTF-16 `reg export` file of `keys` (ints become REG_DWORD, text REG_SZ)."""
    out = []
    for path, values in keys.items():
        regs = [
            RegValue(name=n, type="REG_DWORD", data=v)
            if isinstance(v, int)
            else RegValue(name=n, type="REG_SZ", data=v)
            for n, v in values.items()
        ]
        out.append(RegKey(path=path, values=regs))
    return format_reg_file(out)


def event(
    channel: str,
    event_id: int,
    record: int = 1,
    when: str = "2026-11-25T08:00:00+01:00",
    **data: str,
) -> Event:
    """One event of `channel` with EventData `data` (message from `message=`)."""
    message = data.pop("message", "")
    return Event(
        channel=channel,
        provider=channel.split("/", 1)[0],
        event_id=event_id,
        level=2,
        time=datetime.fromisoformat(when).astimezone(UTC),
        record_id=record,
        computer="PC-0042",
        data=data,
        message=message,
    )


def members(
    *,
    dsregcmd: Sections | str | bytes | None = None,
    registry: RegSpec | None = None,
    events: Mapping[str, Iterable[Event]] | None = None,
    system: Mapping[str, object] | None = None,
    upn: str | None = None,
    context: str = "user",
) -> dict[str, bytes]:
    """Bundle members for a device described by plain data."""
    manifest = {"format": "esr-bundle", "version": 1, "created": CREATED, "computer": "PC-0042"}
    out = {"manifest.json": json.dumps({**manifest, "context": context}).encode()}
    if isinstance(dsregcmd, dict):
        dsregcmd = boxed(dsregcmd)
    if isinstance(dsregcmd, str):
        dsregcmd = dsregcmd.encode("ascii")
    if dsregcmd is not None:
        out["dsregcmd-status.txt"] = dsregcmd
    if registry:
        out["registry/test.reg"] = reg_bytes(registry)
    for channel, items in (events or {}).items():
        out[f"events/{channel.replace('/', '%4')}.xml"] = events_to_xml(items).encode()
    if system is not None:
        out["system.json"] = json.dumps(system).encode()
    if upn is not None:
        out["whoami-upn.txt"] = (upn + "\r\n").encode()
    return out


def bundle_snapshot(**spec: object) -> Snapshot:
    """The Snapshot of an in-memory bundle built by `members(**spec)`."""
    return snapshot_from_bundle(bundle_from_members(members(**spec), label="test"))  # type: ignore[arg-type]


def written_snapshot(tmp: Path, name: str = "b.esrbundle.zip", **spec: object) -> Snapshot:
    """The Snapshot of a bundle written to disk with write_bundle (zip when `name` ends .zip)."""
    files = members(**spec)  # type: ignore[arg-type]
    manifest = Manifest.model_validate_json(files.pop("manifest.json"))
    return load_snapshot(write_bundle(tmp / name, manifest, files))


def diagnosis(**spec: object) -> Diagnosis:
    """run_diagnosis over a bundle built from `spec`."""
    return run_diagnosis(bundle_snapshot(**spec))


def finding(finding_id: str, **spec: object) -> Finding:
    """The one finding `finding_id` for a bundle built from `spec`."""
    return diagnosis(**spec).get(finding_id)


def build(number: int, ubr: int | None = 0, display: str | None = None, **more: str) -> RegSpec:
    """The CurrentVersion key of a given build (for `registry=`)."""
    values: dict[str, str | int] = {"CurrentBuild": str(number), "EditionID": "Enterprise"}
    values["ProductName"] = "Windows 10 Enterprise"
    if ubr is not None:
        values["UBR"] = ubr
    if display:
        values["DisplayVersion"] = display
    values.update(more)
    return {CURRENT_VERSION: values}
