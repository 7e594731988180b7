"""Remedy id → a short action label, taken from the remedy catalogue (no second copy here)."""

from __future__ import annotations

from esr_gui.core.remedy.catalog import CATALOG


def remedy_label(remedy_id: str) -> str:
    """The catalogue title of a remedy, or a readable form of an id it does not know."""
    spec = CATALOG.get(remedy_id)
    if spec is not None:
        return spec.title
    return remedy_id.removeprefix("remedy.").replace("-", " ").capitalize()


def kb_url(kb: str) -> str:
    """`https://support.microsoft.com/kb/3176934` for `KB3176934` (or `3176934`)."""
    number = kb.upper().removeprefix("KB")
    return f"https://support.microsoft.com/kb/{number}"
