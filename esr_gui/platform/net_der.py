"""Read the issuer name out of a DER certificate, without a crypto library.

Used when a TLS handshake fails verification (a TLS-inspecting proxy's CA that this context
does not trust): the leaf is then read from a second, unverified handshake only to name its
issuer. Only the few tags of X.509's `tbsCertificate` up to `issuer` are walked.
"""

from __future__ import annotations

from collections.abc import Mapping

_NAMES = {
    b"\x55\x04\x03": "CN",
    b"\x55\x04\x0a": "O",
    b"\x55\x04\x0b": "OU",
    b"\x55\x04\x06": "C",
}
_ORDER = ("CN", "OU", "O", "C")


def _tlv(data: bytes, pos: int) -> tuple[int, int, int]:
    """(tag, start of content, end of content) of the element at `pos`; ValueError if cut."""
    if pos + 2 > len(data):
        raise ValueError("truncated")
    tag, length = data[pos], data[pos + 1]
    pos += 2
    if length & 0x80:
        count = length & 0x7F
        if count == 0 or count > 4 or pos + count > len(data):
            raise ValueError("bad length")
        length = int.from_bytes(data[pos : pos + count], "big")
        pos += count
    if pos + length > len(data):
        raise ValueError("truncated")
    return tag, pos, pos + length


def _children(data: bytes, start: int, end: int) -> list[tuple[int, int, int]]:
    found = []
    while start < end:
        element = _tlv(data, start)
        found.append(element)
        start = element[2]
    return found


def issuer_of_der(der: bytes) -> str | None:
    """`CN=..., O=..., C=..` of the certificate's issuer, or None when it cannot be read."""
    try:
        _, cert_start, cert_end = _tlv(der, 0)
        _, tbs_start, tbs_end = _children(der, cert_start, cert_end)[0]
        fields = _children(der, tbs_start, tbs_end)
        if fields and fields[0][0] == 0xA0:  # explicit [0] version
            fields = fields[1:]
        _, name_start, name_end = fields[2]  # serial, signature algorithm, issuer
        parts: dict[str, str] = {}
        for _, set_start, set_end in _children(der, name_start, name_end):
            for _, seq_start, seq_end in _children(der, set_start, set_end):
                (_, oid_s, oid_e), (vtag, val_s, val_e) = _children(der, seq_start, seq_end)[:2]
                key = _NAMES.get(der[oid_s:oid_e])
                if key and key not in parts:
                    codec = "utf-16-be" if vtag == 0x1E else "utf-8"
                    parts[key] = der[val_s:val_e].decode(codec, errors="replace")
    except (ValueError, IndexError):
        return None
    shown = [f"{k}={parts[k]}" for k in _ORDER if k in parts]
    return ", ".join(shown) or None


def issuer_of_peercert(cert: Mapping[str, object]) -> str | None:
    """The same form from `ssl.SSLSocket.getpeercert()` (a verified handshake)."""
    keys = {
        "commonName": "CN",
        "organizationalUnitName": "OU",
        "organizationName": "O",
        "countryName": "C",
    }
    parts: dict[str, str] = {}
    issuer = cert.get("issuer")
    for rdn in issuer if isinstance(issuer, tuple) else ():
        for name, value in rdn:
            key = keys.get(name)
            if key and key not in parts:
                parts[key] = str(value)
    shown = [f"{k}={parts[k]}" for k in _ORDER if k in parts]
    return ", ".join(shown) or None
