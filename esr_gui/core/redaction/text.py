"""The text side of redaction: one pass of one regex per text, and byte-exact re-encoding.

Known values (user, computer, domain and tenant names found in structured sources) and shapes
(e-mail addresses, SIDs, GUIDs, 40-hex thumbprints) are matched by a single alternation, so
no replacement is ever scanned again. Text goes back in the encoding it came in.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from dataclasses import dataclass

from esr_gui.core.decoding import looks_like_utf16le, oem_codec
from esr_gui.core.redaction.escapes import substitute
from esr_gui.core.redaction.tokens import (
    MIN_LITERAL,
    STOP_WORDS,
    WELL_KNOWN_GUIDS,
    TokenMap,
    guid_key,
    is_service_domain,
    registrable,
)

_EMAIL = r"(?<![\w.%+'$-])[\w.%+'$-]+@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}(?![\w-])"
_SID = r"(?<![\w-])(?i:S)-1-(?:5-21(?:-\d+){3,4}|12-1(?:-\d+){4})(?![\d])"
_GUID = r"(?<![0-9A-Za-z-])[0-9A-Fa-f]{8}(?:-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}(?![0-9A-Za-z-])"
_GUID32 = r"(?<![0-9A-Za-z])[0-9A-Fa-f]{32}(?![0-9A-Za-z])"
_THUMB = r"(?<![0-9A-Za-z])[0-9A-Fa-f]{40}(?![0-9A-Za-z])"
# A thumbprint as certutil or the certificate dialog shows it: 20 hex pairs, spaces or colons.
_THUMB_PAIRS = (
    r"(?<![0-9A-Za-z])(?<![0-9A-Fa-f][ :])[0-9A-Fa-f]{2}(?P<sep>[ :])[0-9A-Fa-f]{2}"
    r"(?:(?P=sep)[0-9A-Fa-f]{2}){18}(?![0-9A-Za-z])(?!(?P=sep)[0-9A-Fa-f])"
)
# A known value stands alone when no letter or digit touches it: `PC-0042-extra.txt` and
# `jdoe_old` still give the name away, so `-` and `_` separate.
_ALONE_BEFORE = r"(?<![^\W_])"
_ALONE_AFTER = r"(?![^\W_])"
_ACCOUNT_SPLIT = re.compile(r"\\+")
LiteralKind = str  # "user", "person", "computer", "netbios", "domain", "tenant-name"


class TextRedactor:
    """Collects known values, then replaces them (and every shape match) in any text."""

    def __init__(self, tokens: TokenMap | None = None, vocabulary: frozenset[str] = frozenset()):
        self.tokens = tokens or TokenMap()
        self._literals: dict[str, LiteralKind] = {}
        self._keep_keys: set[str] = {guid_key(g) for g in WELL_KNOWN_GUIDS}
        self._vocabulary = STOP_WORDS | vocabulary
        self._pattern: re.Pattern[str] | None = None
        self._handlers: dict[LiteralKind, Callable[[str], str]] = {
            "user": self.tokens.user,
            "person": self.tokens.person,
            "computer": self.tokens.computer,
            "netbios": self.tokens.netbios,
            "domain": self.tokens.domain,
            "tenant-name": self.tokens.tenant_name,
        }

    def add_literal(self, value: str | None, kind: LiteralKind) -> None:
        """Replace `value` wherever it stands as a whole word (generic words are left alone)."""
        text = (value or "").strip().strip('"').strip()
        low = text.lower()
        if len(text) < MIN_LITERAL or low in self._vocabulary or low in self._literals:
            return
        if kind == "domain" and is_service_domain(text):
            return
        self._literals[low] = kind
        self._pattern = None

    def keep_guid(self, value: str) -> None:
        """Never replace this GUID (e.g. an event provider's)."""
        self._keep_keys.add(guid_key(value))

    def claim_guid(self, value: str | None, kind: str) -> None:
        """Report this GUID under `kind` (tenant-id, device-id, key-id) when it is replaced."""
        if value:
            self.tokens.claim("guid", guid_key(value), kind)

    def add_email(self, address: str | None, kind: str = "email") -> None:
        """An e-mail address or UPN: its local part and its domain become known values."""
        local, at, domain = (address or "").strip().rpartition("@")
        if not at or not local:
            return
        self.tokens.claim("user", local, kind)
        self.add_literal(local, "user")
        self.add_domain(domain)

    def add_domain(self, host: str | None) -> None:
        """A DNS name: its organisation part becomes a known domain."""
        text = (host or "").strip().strip(".")
        if "." in text and not is_service_domain(text):
            self.add_literal(registrable(text), "domain")

    def add_host(self, name: str | None) -> None:
        """A computer name, possibly fully qualified (`PC42.contoso.com`)."""
        first, dot, rest = (name or "").strip().partition(".")
        self.add_literal(first.rstrip("$"), "computer")
        if dot:
            self.add_domain(rest)

    def add_account(self, account: str | None) -> None:
        """`DOMAIN\\user`, `user@domain`, `AzureAD\\Name` or a bare name."""
        text = (account or "").strip()
        if "@" in text and "\\" not in text:
            self.add_email(text, "upn")
            return
        parts = _ACCOUNT_SPLIT.split(text)
        if len(parts) == 2:
            domain, text = parts
            if "." in domain:
                self.add_domain(domain)
            elif domain not in (".", ""):
                self.add_literal(domain, "netbios")
        if text.endswith("$"):
            self.add_literal(text[:-1], "computer")
        else:
            self.add_literal(text, "user")

    def force_host(self, name: str) -> str:
        """The token of a field known to hold a computer name, however short it is."""
        first, dot, rest = name.strip().partition(".")
        if not first or first.lower() in self._vocabulary:
            return self.redact(name)
        return self.tokens.computer(first) + (dot + self.redact(rest) if dot else "")

    def force_account(self, account: str) -> str:
        """The token of a field known to hold `DOMAIN\\user` or a UPN, however short."""
        text = account.strip()
        if "@" in text and "\\" not in text:
            return self.redact(text)
        parts = _ACCOUNT_SPLIT.split(text)
        if len(parts) != 2:
            return self._force_user(text)
        domain, name = parts
        separator = text[len(domain) : len(text) - len(name)]
        if domain in ("", ".") or domain.lower() in self._vocabulary:
            mapped = domain
        else:
            mapped = self.tokens.domain(domain) if "." in domain else self.tokens.netbios(domain)
        return mapped + separator + self._force_user(name)

    def _force_user(self, name: str) -> str:
        if not name or name.lower() in self._vocabulary:
            return name
        if name.endswith("$"):
            return self.tokens.computer(name[:-1]) + "$"
        return self.tokens.user(name)

    def pattern(self) -> re.Pattern[str]:
        """The one alternation: e-mail, SID, GUID, thumbprint, then known values longest first."""
        if self._pattern is None:
            literals = sorted(self._literals, key=lambda s: (-len(s), s))
            known = "|".join(re.escape(s) for s in literals) or r"(?!x)x"
            self._pattern = re.compile(
                f"(?P<email>{_EMAIL})|(?P<sid>{_SID})|(?=[0-9A-Fa-f])(?:(?P<guid>{_GUID})"
                f"|(?P<guid32>{_GUID32})|(?P<thumb>{_THUMB})|(?P<pairs>{_THUMB_PAIRS}))"
                f"|(?P<known>{_ALONE_BEFORE}(?i:{known}){_ALONE_AFTER})"
            )
        return self._pattern

    def redact(self, text: str) -> str:
        """`text` with every known value and every personal shape replaced by its token,
        also where it is written URL-encoded, JSON-escaped or with XML character references."""
        return substitute(text, self.pattern(), self._replace)

    def replacements(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, token) of each value to replace in `text`, read as it is (no escapes)."""
        out = []
        for match in self.pattern().finditer(text):
            token = self._replace(match)
            if token != match.group():
                out.append((match.start(), match.end(), token))
        return out

    def _replace(self, match: re.Match[str]) -> str:
        text = match.group()
        group = match.lastgroup
        if group == "email":
            return self._email(text)
        if group == "sid":
            return self.tokens.sid(text)
        if group in ("guid", "guid32"):
            return text if self._kept(text) else self.tokens.guid(text)
        if group == "thumb":
            return self.tokens.thumbprint(text)
        if group == "pairs":
            return self.tokens.thumbprint_pairs(text, match.group("sep"))
        kind = self._literals.get(text.lower(), "user")
        return self._handlers[kind](text)

    def _kept(self, guid: str) -> bool:
        return guid_key(guid) in self._keep_keys

    def _email(self, address: str) -> str:
        local, _, domain = address.rpartition("@")
        if local.endswith("$"):  # a machine account: the computer's token
            return f"{self.tokens.computer(local[:-1])}$@{self._domain(domain)}"
        return self.tokens.email(address)

    def _domain(self, domain: str) -> str:
        return domain if is_service_domain(domain) else self.tokens.domain(domain)


@dataclass(frozen=True)
class Encoded:
    """A text member as decoded, with what is needed to write it back byte for byte."""

    text: str
    codec: str
    bom: bytes = b""
    tail: bytes = b""

    def encode(self, text: str) -> bytes:
        """`text` in the original encoding, BOM and any odd trailing byte included."""
        errors = "surrogatepass" if self.codec.startswith("utf-16") else "surrogateescape"
        return self.bom + text.encode(self.codec, errors=errors) + self.tail


def decode_member(data: bytes) -> Encoded:
    """Decode like `core.decoding.decode_text`, remembering how, so `encode` is exact."""
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return _utf16(data[len(bom) :], codec, bom)
    if data.startswith(codecs.BOM_UTF8):
        return Encoded(data[3:].decode("utf-8", "surrogateescape"), "utf-8", codecs.BOM_UTF8)
    if looks_like_utf16le(data):
        return _utf16(data, "utf-16-le", b"")
    try:
        return Encoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        codec = oem_codec()
        return Encoded(data.decode(codec, "surrogateescape"), codec)


def _utf16(body: bytes, codec: str, bom: bytes) -> Encoded:
    cut = len(body) - len(body) % 2
    return Encoded(body[:cut].decode(codec, "surrogatepass"), codec, bom, body[cut:])
