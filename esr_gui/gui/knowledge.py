"""What the GUI asks of the knowledge base and the finding records, in the shapes views use.

Lookups never raise: an unknown code, event id or provider simply has no explanation.
"""

from __future__ import annotations

from esr_gui.core.diagnose.rules import finding_record
from esr_gui.core.errorcodes import normalize_code
from esr_gui.core.knowledge import (
    code_info,
    credential_provider,
    event_meaning,
    remedy_label,
)
from esr_gui.core.knowledge import kb_url as _kb_url


def explain_code(code: str) -> str:
    """`NAME: meaning` of an error code, or ""."""
    info = code_info(code)
    return f"{info.name}: {info.meaning}" if info else ""


def code_meaning(code: str) -> str:
    """The meaning of an error code in a sentence (without its name), or ""."""
    info = code_info(code)
    return info.meaning if info else ""


def explain_event(channel: str, event_id: int) -> str:
    """What an event id means in its channel, or ""."""
    return event_meaning(channel, event_id) or ""


def finding_kb(finding_id: str) -> str:
    """The KB article of a finding (known issues), or ""."""
    info = finding_record(finding_id)
    return info.kb or "" if info else ""


def provider_name(guid: str) -> str:
    """The credential provider a LastLoggedOnProvider GUID names, or ""."""
    found = credential_provider(guid)
    return found.name if found else ""


def kb_link(kb: str) -> str:
    """Support URL of a KB number."""
    return _kb_url(kb)


def remedy_title(remedy_id: str) -> str:
    """The catalogue title of a remedy."""
    return remedy_label(remedy_id)


def code_text(code: str) -> str:
    """A code in its normal spelling."""
    return normalize_code(code) or code
