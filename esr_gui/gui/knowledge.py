"""What the GUI asks of the knowledge base: explanations of codes, events and findings.

`esr_gui.core.knowledge` (the diagnosis colleague's module) is used when present; until then
a small table of the guide's own codes and event ids answers, so the views never go blank.
Lookups never raise: an unknown code or id simply has no explanation.
"""

from __future__ import annotations

import importlib
import logging
from functools import cache
from types import ModuleType
from typing import Any

from esr_gui.core.errorcodes import normalize_code

log = logging.getLogger(__name__)

# The troubleshooting guide's own codes and events (contracts/findings.md, known issues).
_GUIDE_CODES: dict[str, str] = {
    "0x80070259": "Side-loaded (MDM) apps on 1607 break sync; install KB3176934 (14393.82).",
    "0x80070533": "Account disabled or credentials expired, or Azure RMS not provisioned "
    "(KB3193791).",
    "0xCAA5001C": "Token broker operation failed: missing permissions or ownership (KB3196528).",
    "0xC000005F": "No such logon session (Cloud AP get-token), seen with AAD event 1098.",
}
_GUIDE_EVENTS: dict[int, str] = {
    6013: "SettingSync-Azure: sync failed (with 80070259: side-loaded apps on 1607).",
    6065: "SettingSync: account disabled or credentials expired (80070533).",
    1098: "AAD: token broker operation failed (0xCAA5001C).",
    1104: "AAD: Cloud AP plugin call Get token returned an error.",
}
KNOWN_ISSUE_LINKS: dict[str, str] = {
    "ki.mdm-sideload-1607": "KB3176934",
    "ki.ie-favorites-1511": "KB3172985",
    "ki.uac-password-sync-1511": "KB3140743",
    "ki.event-6065-account-disabled": "KB3193791",
    "ki.event-1098-token-broker": "KB3196528",
}


@cache
def _module() -> ModuleType | None:
    try:
        return importlib.import_module("esr_gui.core.knowledge")
    except ImportError:
        return None


def _call(name: str, *args: object) -> Any:
    module = _module()
    func = getattr(module, name, None) if module else None
    if func is None:
        return None
    try:
        return func(*args)
    except Exception:
        log.exception("knowledge lookup %s%r failed", name, args)
        return None


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    for attr in ("meaning", "summary", "text", "title", "what", "description"):
        found = getattr(value, attr, None)
        if isinstance(found, str) and found:
            return found
    return str(value)


def explain_code(code: str) -> str:
    """One sentence on what an error code means, or ""."""
    normal = normalize_code(code) or code
    for name in ("explain_code", "error_code", "lookup_code", "describe_code"):
        text = _text(_call(name, normal))
        if text:
            return text
    return _GUIDE_CODES.get(normal.upper().replace("0X", "0x"), "")


def explain_event(channel: str, event_id: int) -> str:
    """One sentence on what an event id means in a channel, or ""."""
    for name in ("explain_event", "event_info", "lookup_event", "describe_event"):
        text = _text(_call(name, channel, event_id))
        if text:
            return text
    return _GUIDE_EVENTS.get(event_id, "") if _is_guide_channel(channel, event_id) else ""


def _is_guide_channel(channel: str, event_id: int) -> bool:
    lowered = channel.lower()
    if event_id in (1098, 1104):
        return "aad" in lowered
    return "settingsync" in lowered


def finding_text(finding_id: str) -> dict[str, str]:
    """What/why/what-to-do texts of a finding from the knowledge base (empty when absent)."""
    for name in ("finding_text", "finding_info", "explain_finding", "knowledge_for"):
        raw = _call(name, finding_id)
        if raw is None:
            continue
        if isinstance(raw, dict):
            return {str(k): str(v) for k, v in raw.items() if v}
        return {
            key: _text(getattr(raw, key))
            for key in ("what", "why", "what_to_do", "steps", "kb")
            if getattr(raw, key, None)
        }
    return {}


_PROVIDERS: dict[str, str] = {
    "60b78e88-ead8-445c-9cfd-0b87f74ea6cd": "Password",
    "d6886603-9d2f-4eb2-b667-1971041fa96b": "PIN / Windows Hello (NGC)",
    "cb82ea12-9f71-446d-89e1-8d0924e1256e": "PIN (legacy PINLogonProvider)",
    "8fd7e19c-3bf7-489b-a72c-846ab3678c96": "Smart card",
    "94596c7e-3744-41ce-893e-bbf09122f76a": "Smart card PIN",
    "1b283861-754f-4022-ad47-a5eaaa618894": "Smart card reader selection",
    "1ee7337f-85ac-45e2-a23c-37c753209769": "Smart card (WinRT)",
}


def provider_name(guid: str) -> str:
    """The credential provider a LastLoggedOnProvider GUID names, or ""."""
    for name in ("provider_name", "credential_provider", "credential_provider_name"):
        text = _text(_call(name, guid))
        if text:
            return text
    return _PROVIDERS.get(guid.strip().strip("{}").lower(), "")


def kb_link(kb: str) -> str:
    """Support URL of a KB number."""
    return f"https://support.microsoft.com/kb/{kb.upper().removeprefix('KB')}"
