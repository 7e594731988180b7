"""Finding the personal values of a bundle in its structured sources, before any replacing.

Names are only known from where they are certain (manifest, dsregcmd fields, registry values,
event System fields); the shapes (e-mail, SID, GUID, thumbprint) are caught by pattern later.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from typing import Any

from esr_gui.core.bundle.limits import (
    CAPTURE_LOG,
    DSREGCMD,
    MANIFEST,
    NETWORK,
    REGISTRY_DIR,
    WHOAMI_UPN,
)
from esr_gui.core.decoding import decode_text
from esr_gui.core.errors import EsrError
from esr_gui.core.models.dsreg import normalize_key
from esr_gui.core.models.events import Event
from esr_gui.core.parse.dsregcmd import parse_dsregcmd
from esr_gui.core.parse.regfile import parse_reg_file
from esr_gui.core.redaction.graph import collect_graph
from esr_gui.core.redaction.network import collect_network
from esr_gui.core.redaction.text import TextRedactor

_PROVIDER_GUID = re.compile(r"Guid=['\"]\{?([0-9A-Fa-f-]{36})\}?['\"]")
_URL_HOST = re.compile(r"^[a-z]+://([^/:\s]+)", re.IGNORECASE)
# A profile folder: `C:\Users\jdoe`, `C:\\Users\\jdoe` in JSON, `/Users/jdoe` in a URL path.
_USER_FOLDER = re.compile(r"[\\/]+(?i:users)[\\/]+([^\\/\"'<>|:*?\s\0;,()\[\]{}=&%]+)")
_FOLDER_SUFFIX = re.compile(r"^(?P<name>.+)\.(?P<suffix>\d{3}|[A-Z][A-Z0-9-]*)$")
Action = Callable[[TextRedactor, str], None]


def _guid(kind: str) -> Action:
    return lambda r, v: r.claim_guid(v.strip("{} "), kind)


def _accounts(r: TextRedactor, value: str) -> None:
    for part in value.split(","):
        r.add_account(part)


def _domains(r: TextRedactor, value: str) -> None:
    for part in re.split(r"[,;\s]+", value):
        r.add_domain(part.strip("."))


def _netbios_or_domain(r: TextRedactor, value: str) -> None:
    if "." in value:
        r.add_domain(value)
    else:
        r.add_literal(value, "netbios")


def _url_host(r: TextRedactor, value: str) -> None:
    match = _URL_HOST.match(value.strip())
    r.add_domain(match.group(1) if match else value)


_DSREG: dict[str, Action] = {
    "devicename": lambda r, v: r.add_host(v),
    "domainname": _netbios_or_domain,
    "tenantname": lambda r, v: r.add_literal(v, "tenant-name"),
    "workplacetenantname": lambda r, v: r.add_literal(v, "tenant-name"),
    "tenantid": _guid("tenant-id"),
    "workplacetenantid": _guid("tenant-id"),
    "deviceid": _guid("device-id"),
    "workplacedeviceid": _guid("device-id"),
    "keycontainerid": _guid("key-id"),
    "ngckeyid": _guid("key-id"),
    "executingaccountname": _accounts,
    "useridentity": _accounts,
    "kerbtoplevelnames": _domains,
    "idp": _url_host,
    "workplaceidp": _url_host,
    "enterpriseprtauthority": _url_host,
}
_REGISTRY: dict[str, Action] = {
    "lastloggedonuser": lambda r, v: r.add_account(v),
    "lastloggedonsamuser": lambda r, v: r.add_account(v),
    "lastloggedondisplayname": lambda r, v: r.add_literal(v, "person"),
    "registeredowner": lambda r, v: r.add_literal(v, "person"),
    "registeredorganization": lambda r, v: r.add_literal(v, "tenant-name"),
    "useremail": lambda r, v: r.add_email(v, "upn"),
    "tenantid": _guid("tenant-id"),
    "deviceid": _guid("device-id"),
    "displayname": lambda r, v: r.add_literal(v, "tenant-name"),
    "idpdomain": lambda r, v: r.add_domain(v),
    "devicedisplayname": lambda r, v: r.add_host(v),
    "computername": lambda r, v: r.add_host(v),
}
_EVENT_ACCOUNT_KEYS = frozenset(
    k.lower()
    for k in (
        "UserName", "User", "UserPrincipalName", "Upn", "AccountName", "TargetUserName",
        "SubjectUserName", "SamAccountName", "UserEmail", "Email", "EmailAddress",
        "LoggedOnUser", "UserIdentity", "Identity",
    )
)  # fmt: skip


def collect_user_folders(text: str, r: TextRedactor) -> None:
    """Profile folder names: `jdoe`, and `jdoe.CONTOSO` / `jdoe.000` as the user and domain."""
    for match in _USER_FOLDER.finditer(text):
        folder = match.group(1).rstrip(".")
        if folder.lower() in ("all users", "default user", "public", "default", "desktop.ini"):
            continue
        split = _FOLDER_SUFFIX.match(folder)
        if split is None:
            r.add_literal(folder, "user")
            continue
        r.add_literal(split.group("name"), "user")
        if not split.group("suffix").isdigit():
            r.add_literal(split.group("suffix"), "netbios")


def collect_manifest(data: bytes, r: TextRedactor) -> None:
    """Computer and user of manifest.json."""
    raw = _json(data)
    r.add_host(_text(raw.get("computer")))
    r.add_account(_text(raw.get("user")))


def collect_capture_log(data: bytes, r: TextRedactor) -> None:
    """Our own capture.json: context names and the join API's ids and names."""
    raw = _json(data)
    context = raw.get("context") if isinstance(raw.get("context"), dict) else {}
    join = raw.get("aad_join") if isinstance(raw.get("aad_join"), dict) else {}
    assert isinstance(context, dict) and isinstance(join, dict)
    r.add_account(_text(context.get("user")))
    r.add_account(_text(context.get("target_user")))
    r.add_host(_text(context.get("computer")))
    r.claim_guid(_text(join.get("device_id")), "device-id")
    r.claim_guid(_text(join.get("tenant_id")), "tenant-id")
    r.claim_guid(_text(join.get("user_key_id")), "key-id")
    r.add_email(_text(join.get("join_user_email")), "upn")
    r.add_email(_text(join.get("user_email")), "upn")
    r.add_literal(_text(join.get("tenant_display_name")), "tenant-name")
    r.add_domain(_text(join.get("idp_domain")))


def collect_upn(data: bytes, r: TextRedactor) -> None:
    """whoami-upn.txt."""
    text = decode_text(data).strip()
    if text:
        r.add_email(text.splitlines()[0].strip(), "upn")


def collect_dsregcmd(data: bytes, r: TextRedactor) -> None:
    """Names and ids from the parsed dsregcmd fields."""
    try:
        status = parse_dsregcmd(data, source=DSREGCMD)
    except EsrError:
        return
    for section in status.sections:
        for field in section.fields:
            action = _DSREG.get(normalize_key(field.key))
            if action is not None and field.value.strip():
                action(r, field.value.strip())


def collect_registry(name: str, data: bytes, r: TextRedactor) -> None:
    """Account, owner and join values of one `.reg` file."""
    try:
        parsed = parse_reg_file(data, origin=name)
    except EsrError:
        return
    for key in parsed.keys:
        parts = key.path.split("\\")
        if len(parts) >= 2 and parts[-2].lower() == "tenantinfo":
            r.claim_guid(parts[-1], "tenant-id")
        for value in key.values:
            for text in value.data if isinstance(value.data, list) else [value.data]:
                if isinstance(text, str):
                    collect_user_folders(text, r)
            action = _REGISTRY.get(value.name.lower())
            if action is not None and isinstance(value.data, str) and value.data.strip():
                action(r, value.data.strip())


def collect_events(events: list[Event], xml_text: str, r: TextRedactor) -> None:
    """Computer names and account fields of events; provider GUIDs are kept."""
    for guid in _PROVIDER_GUID.findall(xml_text):
        r.keep_guid(guid)
    for event in events:
        r.add_host(event.computer)
        for key, value in event.data.items():
            if key.lower() in _EVENT_ACCOUNT_KEYS and value and len(value) < 256:
                r.add_account(value)


def collect_all(members: Mapping[str, bytes], r: TextRedactor) -> None:
    """Every structured source of a bundle (events are collected by the caller)."""
    lower = {n.lower(): d for n, d in members.items()}
    if MANIFEST in lower:
        collect_manifest(lower[MANIFEST], r)
    if CAPTURE_LOG in lower:
        collect_capture_log(lower[CAPTURE_LOG], r)
    if WHOAMI_UPN in lower:
        collect_upn(lower[WHOAMI_UPN], r)
    if DSREGCMD in lower:
        collect_dsregcmd(lower[DSREGCMD], r)
    if NETWORK in lower:
        collect_network(lower[NETWORK], r)
    for name, data in lower.items():
        if name.startswith(REGISTRY_DIR) and name.endswith(".reg"):
            collect_registry(name, data, r)
    collect_graph(lower, r)


def _json(data: bytes) -> dict[str, Any]:
    try:
        raw = json.loads(decode_text(data))
    except ValueError:
        return {}
    return raw if isinstance(raw, dict) else {}


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None
