"""decode_text: how captured text files are turned into str."""

from __future__ import annotations

import codecs

import pytest

from esr_gui.core.decoding import decode_text, looks_like_utf16le

TEXT = "AzureAdJoined : YES\r\nTenantName : Almaviva SpA più\r\n"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), TEXT),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), TEXT),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), TEXT),
        (TEXT.encode("utf-8"), TEXT),
        (TEXT.encode("utf-16-le"), TEXT),
        (TEXT.encode("cp850"), TEXT),
    ],
    ids=["utf16le-bom", "utf16be-bom", "utf8-bom", "utf8", "utf16le-no-bom", "oem-cp850"],
)
def test_every_windows_encoding_decodes(data: bytes, expected: str) -> None:
    assert decode_text(data) == expected


def test_bomless_utf16_with_astral_characters_is_still_utf16() -> None:
    """Regression (found by fuzzing the redaction): astral characters put NULs at even offsets."""
    text = "𐀀𐀀 jane.roe@fabrikam.com 𐀀𐀀 {3F2504E0-4F89-41D3-9A0C-0305E82C3301} 𐀀𐀀"
    data = text.encode("utf-16-le")
    assert looks_like_utf16le(data)
    assert decode_text(data) == text


def test_plain_ascii_is_not_mistaken_for_utf16() -> None:
    assert not looks_like_utf16le(b"AzureAdJoined : YES")
    assert not looks_like_utf16le(b"\x00")
