"""SettingsUrl decoding: the documented value, paste damage, redactions, never an exception."""

from __future__ import annotations

import base64
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from esr_gui.core.parse.settings_url import SettingsUrlInfo, decode_settings_url

DOC_VALUE = (
    "eyJVcmlzIjpbImh0dHBzOi8va2FpbGFuaS5vbmUubWljcm9zb2Z0LmNvbS8iLCJodHRwczovL2thaWxhbmkxLm9u"
    "ZS5taWNyb3NvZnQuY29tLyJdfQ=="
)
KAILANI = ["https://kailani.one.microsoft.com/", "https://kailani1.one.microsoft.com/"]
REDACTED_2019 = (
    "eyJVxxxxIjpbImh0dHBzOi8va2FpbGFuaS5vbmUubWljcm9zb2Z0LmNvbS8iLCJodHRwczovL2thaWxhbmkxLm9uZS5"
    "taWNyb3NvZnQuY29tLyxxxx=="
)


def encode(document: object, *, urlsafe: bool = False) -> str:
    raw = json.dumps(document).encode()
    return (base64.urlsafe_b64encode if urlsafe else base64.b64encode)(raw).decode()


def test_documented_value_decodes_to_kailani() -> None:
    info = decode_settings_url(DOC_VALUE, field="SettingsUrl", section="Tenant Details")
    assert info.endpoints == KAILANI
    assert info.error is None
    assert info.hosts == ["kailani.one.microsoft.com", "kailani1.one.microsoft.com"]
    assert (info.field, info.section, info.raw) == ("SettingsUrl", "Tenant Details", DOC_VALUE)
    assert not info.is_empty


@pytest.mark.parametrize(
    "value",
    [
        DOC_VALUE.rstrip("="),
        DOC_VALUE.rstrip("=") + "=",
        f"  {DOC_VALUE}  ",
        DOC_VALUE[:50] + "\n   " + DOC_VALUE[50:],
        DOC_VALUE[:30] + " " + DOC_VALUE[30:],
    ],
    ids=["no-padding", "short-padding", "surrounding-space", "wrapped", "inner-space"],
)
def test_paste_damage_tolerated(value: str) -> None:
    info = decode_settings_url(value)
    assert info.endpoints == KAILANI
    assert info.error is None


def test_urlsafe_alphabet() -> None:
    value = encode({"Uris": ["https://x.example/?a=>>>&b=???"]}, urlsafe=True)
    assert "-" in value or "_" in value
    assert decode_settings_url(value).endpoints == ["https://x.example/?a=>>>&b=???"]


def test_plain_url_value() -> None:
    info = decode_settings_url("https://kailani.one.microsoft.com/")
    assert info.endpoints == ["https://kailani.one.microsoft.com/"]
    assert info.error is None


def test_empty_value_is_empty_not_an_error() -> None:
    info = decode_settings_url("", field="WorkplaceSettingsUrl", section="Work Account 1")
    assert info.is_empty
    assert info.error is None
    assert info.endpoints == []


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (REDACTED_2019, "redacted"),
        ("eyJVx{lots of characters}xxxx==", "not base64"),
        ("eyJVx{lots of characters}xxxx==", "redacted"),
        (encode({"Endpoints": KAILANI}), "no 'Uris' list"),
        (encode({"Uris": []}), "empty"),
        (encode(["https://a/"]), "not an object"),
        (base64.b64encode(b"not json at all").decode(), "not JSON"),
        (base64.b64encode(b"\xff\xfe\xfd").decode(), "not text"),
        ("abcde", "length"),
        ("кириллица", "not base64"),
    ],
)
def test_malformed_values_give_a_reason(value: str, reason: str) -> None:
    info = decode_settings_url(value, field="SettingsUrl")
    assert info.error is not None
    assert info.error.startswith("SettingsUrl could not be decoded")
    assert reason in info.error
    assert info.endpoints == []


def test_case_insensitive_uris_key_and_non_string_entries_dropped() -> None:
    info = decode_settings_url(encode({"uris": ["https://a.example/", 3, None, " "]}))
    assert info.endpoints == ["https://a.example/"]


def test_model_is_frozen() -> None:
    info = decode_settings_url(DOC_VALUE)
    with pytest.raises(ValueError):
        info.raw = "x"  # type: ignore[misc]
    assert SettingsUrlInfo.model_validate(info.model_dump()) == info


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_never_raises(value: str) -> None:
    info = decode_settings_url(value)
    assert info.error is None or not info.endpoints
