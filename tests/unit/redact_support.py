"""A demo bundle whose identifiers are also written every other way Windows and its tools do.

The 1098 demo (PC-0408, AzureAD\\JohnDoe, jdoe@contoso.com, its tenant and device ids and
certificate thumbprint) plus members that spell those same values URL-encoded (a sign-in URL),
JSON-escaped (a tool's JSON log), with XML character references, as GUIDs without dashes, in
braces and upper case, as thumbprints in pairs, as UTF-16 text inside REG_BINARY values of both
.reg formats, in a second user's profile folder, and in a member's file name; and manifest free
text that names people.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from esr_gui.core.models.registry import RegKey, RegValue
from esr_gui.core.parse.regfile_write import format_reg_file
from esr_gui.resources import demo_dir

DEMO = "event-1098-token-broker"
UPN = "jdoe@contoso.com"
COMPUTER = "PC-0408"
TENANT = "5f1c9d1e-7b3a-4c2e-9a51-0d6e8b4c2f10"
DEVICE = "8d3f6a2b-1c4e-4f7a-9b0d-2e5c7a9f1b34"
THUMB = "3A7F1C9E2B4D6A8C0E1F3B5D7A9C2E4F6B8D0A1C"
SID = "S-1-5-21-2873154090-1450218113-3312085742-1104"
OTHER_SID = "S-1-5-21-2873154090-1450218113-3312085742-1107"
FOLDER = "jroe.CONTOSO"
EXTRA_MEMBER = f"notes/{COMPUTER}-extra.txt"
PROFILE_LIST = "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\ProfileList"
IDENTITY_CACHE = "HKEY_CURRENT_USER\\Software\\Microsoft\\IdentityCRL\\StoredIdentities"


def _pairs(separator: str) -> str:
    return separator.join(THUMB[i : i + 2] for i in range(0, 40, 2))


def _notes() -> bytes:
    """Technician notes as the app writes them (UTF-16 with BOM), values in other spellings."""
    lines = [
        f"Sign-in link: https://myapps.microsoft.com/?login_hint={UPN.replace('@', '%40')}"
        f"&tenant={TENANT.replace('-', '')}",
        f"Device {{{DEVICE.upper()}}}, tenant {TENANT.replace('-', '').upper()}",
        f"certutil: Cert Hash(sha1): {_pairs(' ').lower()}",
        f"Certificate dialog thumbprint: {_pairs(':')}",
        f"Second profile on the machine: C:\\Users\\{FOLDER}\\AppData\\Local",
    ]
    return ("\r\n".join(lines) + "\r\n").encode("utf-16")


def _json_log() -> bytes:
    """A tool's JSON log with `@` and `\\` escaped the way JSON encoders may write them."""
    upn = UPN.replace("@", "\\u0040")
    profile = f"C:\\\\Users\\\\{FOLDER}"
    return (
        f'{{"account": "{upn}", "device": "{COMPUTER.lower()}.contoso.com", '
        f'"profile": "{profile}", "deviceId": "{DEVICE.replace("-", "")}"}}\n'
    ).encode()


def _xml_log() -> bytes:
    """An XML log with character references for `@`, a whole name and a letter."""
    charrefs = "".join(f"&#{ord(c)};" for c in COMPUTER)
    return (
        "<?xml version='1.0' encoding='utf-8'?>\n<log>"
        f"<user>jdoe&#64;contoso.com</user><alt>&#106;doe&#x40;contoso.com</alt>"
        f"<host>{charrefs}</host><sid>{SID}</sid></log>\n"
    ).encode()


def _binary(text: str) -> bytes:
    """A blob as Windows caches one: a length, UTF-16 text, a NUL, some flags."""
    wide = text.encode("utf-16-le")
    return len(wide).to_bytes(4, "little") + wide + b"\0\0" + bytes([1, 0, 0, 0, 0x7F])


def _reg_unicode() -> bytes:
    keys = [
        RegKey(
            path=f"{PROFILE_LIST}\\{OTHER_SID}",
            values=[
                RegValue(
                    name="ProfileImagePath", type="REG_EXPAND_SZ", data=f"C:\\Users\\{FOLDER}"
                ),
                RegValue(name="Sid", type="REG_BINARY", data=bytes(range(1, 29)).hex()),
            ],
        ),
        RegKey(
            path=IDENTITY_CACHE,
            values=[
                RegValue(name="Cached", type="REG_BINARY", data=_binary(UPN).hex()),
                RegValue(name="Host", type="REG_BINARY", data=(b"\x07" + _binary(COMPUTER)).hex()),
            ],
        ),
    ]
    return format_reg_file(keys)


def _reg_ansi() -> bytes:
    """The same cache exported as REGEDIT4 (8-bit file), its binary values still UTF-16."""
    data = ",".join(f"{b:02x}" for b in _binary(f"{UPN} on {COMPUTER}"))
    folder = ",".join(f"{b:02x}" for b in f"C:\\Users\\{FOLDER}\0".encode("cp1252"))
    lines = [
        "REGEDIT4",
        "",
        f"[{IDENTITY_CACHE}]",
        f'"Cached"=hex:{data[:75]}\\',
        f"  {data[75:]}",
        f'"Home"=hex(2):{folder}',
        "",
        "",
    ]
    return "\r\n".join(lines).encode("cp1252")


def spelled_members() -> dict[str, bytes]:
    """The demo's members plus the other spellings, and free text naming people."""
    root = demo_dir() / DEMO
    members = {
        p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()
    }
    manifest = json.loads(members["manifest.json"])
    manifest["problem"]["users_affected"] = "John Doe and Jane Roe (jroe@contoso.com)"
    manifest["problem"]["description"] = f"{UPN} cannot sync on {COMPUTER}"
    members["manifest.json"] = json.dumps(manifest, indent=2).encode()
    members["notes.txt"] = _notes()
    members["logs/signin.json"] = _json_log()
    members["logs/agent.xml"] = _xml_log()
    members["registry/identity-cache.reg"] = _reg_unicode()
    members["registry/identity-cache-ansi.reg"] = _reg_ansi()
    members[EXTRA_MEMBER] = b"Attached by the user.\r\n"
    return members


def spelled_zip(path: Path) -> Path:
    """The bundle as a zip, with a zip comment naming the computer (never copied out)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.comment = f"captured on {COMPUTER}".encode()
        for name, data in spelled_members().items():
            archive.writestr(name, data)
    return path
