"""Quoting a piece of someone else's text inside one of our messages, at a bounded length."""

from __future__ import annotations

ELLIPSIS = "..."


def excerpt(text: str, limit: int) -> str:
    """`text` as is when it fits in `limit` characters, else its start and "..." (ASCII, so
    any console can print it)."""
    return text if len(text) <= limit else text[: limit - len(ELLIPSIS)] + ELLIPSIS
