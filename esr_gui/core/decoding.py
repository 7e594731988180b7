"""Bytes → text for the outputs of Windows tools (UTF-16 with BOM, UTF-8, or the OEM code page)."""

from __future__ import annotations

import codecs

# Off Windows there is no "oem" codec; cp850 decodes every byte and suits Western consoles.
FALLBACK_OEM_CODEPAGE = "cp850"


def oem_codec() -> str:
    """The console's OEM code page codec, or cp850 where Python has none (off Windows)."""
    try:
        codecs.lookup("oem")
    except LookupError:
        return FALLBACK_OEM_CODEPAGE
    return "oem"


def looks_like_utf16le(data: bytes) -> bool:
    """UTF-16LE without a BOM: NUL bytes mostly at odd offsets (mostly-ASCII text as wide chars).

    Characters outside ASCII put NULs at even offsets too, so the test is relative, not absolute.
    """
    sample = data[:4096]
    half = len(sample) // 2
    if half < 2:
        return False
    odd_nuls = sample[1 : 2 * half : 2].count(0)
    even_nuls = sample[0 : 2 * half : 2].count(0)
    return odd_nuls >= 0.5 * half and odd_nuls > 2 * even_nuls


def decode_text(data: bytes) -> str:
    """Decode a captured text file the way Windows wrote it; never raises.

    Order: UTF-16 with BOM, UTF-8 with BOM, BOM-less UTF-16LE, strict UTF-8, then the OEM
    code page (the console's, or cp850 off Windows). NUL characters are dropped.
    """
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        text = data.decode("utf-16", errors="replace")
    elif data.startswith(codecs.BOM_UTF8):
        text = data[3:].decode("utf-8", errors="replace")
    elif looks_like_utf16le(data):
        text = data[: len(data) - len(data) % 2].decode("utf-16-le", errors="replace")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode(oem_codec(), errors="replace")
    return text.replace("\x00", "")
