"""Decode dsregcmd's `SettingsUrl` value: base64 of `{"Uris": [...]}` naming the ESR endpoints."""

from __future__ import annotations

import base64
import binascii
import json
import re

from pydantic import BaseModel, ConfigDict

_BASE64_CHARS = re.compile(r"^[A-Za-z0-9+/]*$")
_REDACTION = re.compile(r"x{4,}|\{[^}]*\}|\.\.\.|\*{3,}", re.IGNORECASE)
_URL = re.compile(r"^https?://\S+$", re.IGNORECASE)


class SettingsUrlInfo(BaseModel):
    """One printed settings-URL field and what it decodes to.

    `raw` is the value as printed; "" means the field was printed empty, which is itself a
    finding (ESR has no endpoint to sync with). `error` explains a value that could not be
    decoded; `endpoints` is then empty.
    """

    model_config = ConfigDict(frozen=True)

    field: str
    raw: str
    endpoints: list[str] = []
    error: str | None = None
    section: str = ""

    @property
    def is_empty(self) -> bool:
        """Whether the field was printed with no value."""
        return not self.raw.strip()

    @property
    def hosts(self) -> list[str]:
        """Host names of the endpoints, in order, without duplicates."""
        found = (re.sub(r"^[a-z]+://", "", e, flags=re.IGNORECASE) for e in self.endpoints)
        return list(dict.fromkeys(h.split("/", 1)[0].split(":", 1)[0].lower() for h in found))


def _redaction_hint(value: str) -> str:
    return " (it looks redacted or abbreviated)" if _REDACTION.search(value) else ""


def _base64_bytes(compact: str) -> tuple[bytes | None, str | None]:
    """Decode standard or urlsafe base64 with or without padding: (bytes, error)."""
    body = compact.rstrip("=").replace("-", "+").replace("_", "/")
    if not _BASE64_CHARS.match(body):
        bad = sorted({c for c in body if not (c.isascii() and (c.isalnum() or c in "+/"))})
        shown = "".join(bad[:5])
        return None, f"it is not base64: it contains characters such as {shown!r}"
    if len(body) % 4 == 1:
        return None, "it is not valid base64: its length is wrong (truncated?)"
    try:
        return base64.b64decode(body + "=" * (-len(body) % 4), validate=True), None
    except (binascii.Error, ValueError):
        return None, "it is not valid base64"


def _uris(decoded: bytes) -> tuple[list[str], str | None]:
    """Endpoints from the decoded JSON document: (uris, error)."""
    try:
        document = json.loads(decoded.decode("utf-8"))
    except UnicodeDecodeError:
        return [], "the base64 decodes to bytes that are not text"
    except ValueError:
        return [], "the base64 decodes to text that is not JSON"
    if not isinstance(document, dict):
        return [], "the decoded JSON is not an object with a 'Uris' list"
    uris = next((v for k, v in document.items() if str(k).lower() == "uris"), None)
    if not isinstance(uris, list):
        return [], "the decoded JSON has no 'Uris' list"
    endpoints = [u.strip() for u in uris if isinstance(u, str) and u.strip()]
    if not endpoints:
        return [], "the decoded 'Uris' list is empty"
    return endpoints, None


def decode_settings_url(raw: str, field: str = "SettingsUrl", section: str = "") -> SettingsUrlInfo:
    """Decode one printed SettingsUrl-style value; never raises.

    Accepts standard or urlsafe base64, missing padding and embedded whitespace (a value
    wrapped or re-flowed by a paste), and a plain http(s) URL.
    """
    value = raw.strip()
    compact = "".join(value.split())
    if not compact:
        return SettingsUrlInfo(field=field, raw=value, section=section)
    if _URL.match(compact):
        return SettingsUrlInfo(field=field, raw=value, endpoints=[compact], section=section)
    decoded, error = _base64_bytes(compact)
    endpoints: list[str] = []
    if decoded is not None:
        endpoints, error = _uris(decoded)
    if error is not None:
        error = f"{field} could not be decoded: {error}{_redaction_hint(value)}"
    return SettingsUrlInfo(
        field=field, raw=value, endpoints=endpoints, error=error, section=section
    )
