"""The leak scanner: every original identifier, in every spelling, searched in every output byte.

Identifiers are found in the original bundle independently of the redactor (regexes over the
decoded members, the manifest, dsregcmd). Each is spelled plain, URL-encoded, JSON-escaped,
with XML character references, as a GUID without dashes, as a thumbprint in spaced or colon
pairs, and each spelling is searched as UTF-8, UTF-16LE and .reg hex (UTF-16LE and 8-bit bytes
as `6a,00,64,00`) in every member, every member name and the zip's comments, case-insensitively.
"""

from __future__ import annotations

import io
import json
import re
import urllib.parse
import zipfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from esr_gui.core.decoding import decode_text

EMAIL = re.compile(r"[\w.%+'-]+@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}")
SID = re.compile(r"S-1-(?:5-21(?:-\d+){3}|12-1(?:-\d+){4})", re.IGNORECASE)
GUID = re.compile(
    r"(?<![0-9A-Za-z-])[0-9A-Fa-f]{8}(?:-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}(?![0-9A-Za-z-])"
)
THUMB = re.compile(r"(?<![0-9A-Za-z])[0-9A-Fa-f]{40}(?![0-9A-Za-z])")
PROVIDER_GUID = re.compile(r"Guid=['\"]\{?([0-9A-Fa-f-]{36})")
COMPUTER = re.compile(r"<Computer>([^<.]+)")
FOLDER = re.compile(r"[\\/]Users[\\/]+([^\\/\"'<>|:*?\s;,()%&=]+)", re.IGNORECASE)
DEVICE_NAME = re.compile(r"^\s*Device Name : (\S+)", re.MULTILINE)
NOT_A_FOLDER = {"public", "default", "all", "default user"}
_CONTINUATION = re.compile(r",\\\r?\n\s*")


def identifiers(members: Mapping[str, bytes], keep_guids: Iterable[str]) -> dict[str, str]:
    """Each identifier of the original bundle and its kind (email, sid, guid...)."""
    texts = {n: decode_text(d) for n, d in members.items() if not n.endswith(".evtx")}
    keep = {g.upper() for g in keep_guids}
    for text in texts.values():
        keep |= {g.upper() for g in PROVIDER_GUID.findall(text)}
    found: dict[str, str] = {}
    for text in texts.values():
        found |= {e: "email" for e in EMAIL.findall(text)}
        found |= {s: "sid" for s in SID.findall(text)}
        found |= {g: "guid" for g in GUID.findall(text) if g.upper() not in keep}
        found |= {t: "thumbprint" for t in THUMB.findall(text)}
        found |= {c.strip(): "computer" for c in COMPUTER.findall(text)}
        found |= {c: "computer" for c in DEVICE_NAME.findall(text)}
        folders = {f.rstrip(".") for f in FOLDER.findall(text)}
        found |= {f: "folder" for f in folders if f.lower() not in NOT_A_FOLDER}
    manifest = json.loads(texts["manifest.json"])
    if manifest.get("computer"):
        found[manifest["computer"]] = "computer"
    for part in re.split(r"\\+", manifest.get("user") or ""):
        if len(part) >= 3 and part.lower() != "azuread":
            found[part] = "account"
    upn = texts.get("whoami-upn.txt", "").strip()
    if "@" in upn:
        local, _, domain = upn.partition("@")
        found |= {upn: "email", local: "account", domain: "domain"}
    return found


_ESCAPES: tuple[Callable[[str], str], ...] = (
    lambda c: f"\\u{ord(c):04x}",  # JSON
    lambda c: f"&#{ord(c)};",  # XML, decimal
    lambda c: f"&#x{ord(c):x};",  # XML, hex
    lambda c: "".join(f"%{b:02x}" for b in c.encode()),  # URL, every character
)


def spellings(value: str, kind: str) -> set[str]:
    """`value` written every way the redactor must also catch."""
    out = {value, value.replace("\\", "\\\\")}
    out.add(urllib.parse.quote(value, safe=""))
    out.add(urllib.parse.quote(value, safe="").lower())
    for escape in _ESCAPES:
        out.add("".join(escape(c) if c in "@\\" else c for c in value))
        out.add("".join(c if c.isalnum() else escape(c) for c in value))
        out.add("".join(escape(c) for c in value))
        out.add(escape(value[0]) + value[1:])
    if kind == "guid":
        out.add(value.replace("-", ""))
    if kind == "thumbprint":
        pairs = [value[i : i + 2] for i in range(0, 40, 2)]
        out |= {" ".join(pairs), ":".join(pairs)}
    return out


def _reg_hex(data: bytes) -> str:
    return ",".join(f"{b:02x}" for b in data)


def needles(found: Mapping[str, str]) -> dict[bytes, str]:
    """Every byte string that would give an identifier away, and what it is."""
    out: dict[bytes, str] = {}
    for value, kind in found.items():
        for spelled in spellings(value, kind):
            what = f"{kind} {value!r} spelled {spelled!r}"
            wide = spelled.encode("utf-16-le")
            narrow = spelled.encode("utf-8")
            for needle in (narrow, wide, _reg_hex(wide).encode(), _reg_hex(narrow).encode()):
                out.setdefault(needle.lower(), what)
    return out


def zip_blobs(path: Path) -> dict[str, bytes]:
    """Every byte a zip gives out: members (raw and decoded), names and comments."""
    blobs: dict[str, bytes] = {}
    raw = path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        blobs["<zip comment>"] = archive.comment
        for info in archive.infolist():
            blobs[f"<name of {info.filename}>"] = info.filename.encode("utf-8")
            blobs[f"<comment of {info.filename}>"] = info.comment + info.extra
            blobs |= member_blobs(info.filename, archive.read(info))
    return blobs


def member_blobs(name: str, data: bytes) -> dict[str, bytes]:
    """A member's bytes, its decoded text, and a .reg file's hex with line breaks joined."""
    text = decode_text(data)
    out = {name: data, f"{name} (decoded)": text.encode("utf-8", "surrogatepass")}
    if name.lower().endswith(".reg"):
        out[f"{name} (hex joined)"] = _CONTINUATION.sub(",", text).encode("utf-8", "replace")
    return out


def leaks(blobs: Mapping[str, bytes], wanted: Mapping[bytes, str]) -> list[str]:
    """Every identifier spelling found in any blob (empty when nothing leaks)."""
    found = []
    for where, blob in blobs.items():
        lowered = blob.lower()
        found += [f"{what} in {where}" for needle, what in wanted.items() if needle in lowered]
    return sorted(found)
