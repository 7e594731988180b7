"""Bytes → text for the outputs of Windows tools (UTF-16 with BOM, UTF-8, or the OEM code page)."""

from __future__ import annotations

import codecs

# Off Windows there is no "oem" codec; cp850 decodes every byte and suits Western consoles.
FALLBACK_OEM_CODEPAGE = "cp850"
# Nor an "mbcs" (ANSI) codec: cp1252 is the Western ANSI code page Notepad saves in.
FALLBACK_ANSI_CODEPAGE = "cp1252"


def oem_codec() -> str:
    """The console's OEM code page codec, or cp850 where Python has none (off Windows)."""
    try:
        codecs.lookup("oem")
    except LookupError:
        return FALLBACK_OEM_CODEPAGE
    return "oem"


def ansi_codec() -> str:
    """The ANSI code page codec ("mbcs" on Windows), or cp1252 where Python has none."""
    try:
        codecs.lookup("mbcs")
    except LookupError:
        return FALLBACK_ANSI_CODEPAGE
    return "mbcs"


def _letter_score(text: str) -> int:
    """How word-like the non-ASCII characters of `text` are: +1 for a letter, -1 for anything
    else (box drawing, symbols, U+FFFD) and for a capital right after a small letter
    ("SociÚtÚ" is "Société" read in the wrong code page)."""
    score = 0
    for index, char in enumerate(text):
        if char.isascii():
            continue
        previous = text[index - 1] if index else " "
        if not char.isalpha() or (char.isupper() and previous.islower()):
            score -= 1
        else:
            score += 1
    return score


def _decode_legacy(data: bytes) -> str:
    """Bytes in a legacy code page: the console's OEM one (`cmd > file`) or the ANSI one
    (Notepad, `Out-File -Encoding Default`), whichever reads the non-ASCII text as words.
    A tie keeps the OEM code page, which is what dsregcmd writes to a redirected console."""
    oem = data.decode(oem_codec(), errors="replace")
    ansi = data.decode(ansi_codec(), errors="replace")
    return ansi if _letter_score(ansi) > _letter_score(oem) else oem


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
    code page (the console's, or cp850 off Windows) unless the ANSI code page (cp1252 off
    Windows) reads the non-ASCII characters as words better. NUL characters are dropped.
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
            text = _decode_legacy(data)
    return text.replace("\x00", "")
