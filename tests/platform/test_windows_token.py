"""Elevation and SYSTEM detection through fake advapi32/kernel32 functions."""

from __future__ import annotations

import ctypes
from types import SimpleNamespace
from typing import Any

import pytest

from esr_gui.platform.windows.token import (
    TokenFacts,
    TokenReader,
    classify,
    read_token_facts,
)
from tests.platform.fakes import out

SID_POINTER = 0x5EED


def fake_dlls(
    *, elevated: int, elevation_type: int, sid: str, open_ok: bool = True
) -> tuple[Any, Any, list[str]]:
    """advapi32/kernel32 fakes that answer GetTokenInformation like Windows would."""
    calls: list[str] = []

    def open_process_token(process: Any, access: int, token: Any) -> int:
        calls.append(f"OpenProcessToken:{access:#x}")
        out(token).value = 0x1234
        return 1 if open_ok else 0

    def get_token_information(
        token: Any, info_class: int, buffer: Any, size: Any, needed: Any
    ) -> int:
        calls.append(f"GetTokenInformation:{info_class}")
        if info_class == 20:
            out(buffer).value = elevated
            return 1
        if info_class == 18:
            out(buffer).value = elevation_type
            return 1
        if buffer is None:  # first TokenUser call: ask for the size
            out(needed).value = 44
            return 0
        ctypes.c_void_p.from_buffer(buffer).value = SID_POINTER
        return 1

    def convert_sid(psid: Any, text: Any) -> int:
        assert psid == SID_POINTER
        out(text).value = sid
        return 1

    advapi32 = SimpleNamespace(
        OpenProcessToken=open_process_token,
        GetTokenInformation=get_token_information,
        ConvertSidToStringSidW=convert_sid,
    )
    kernel32 = SimpleNamespace(
        GetCurrentProcess=lambda: -1,
        CloseHandle=lambda handle: calls.append("CloseHandle") or 1,
        LocalFree=lambda pointer: calls.append("LocalFree") or 0,
    )
    return advapi32, kernel32, calls


@pytest.mark.parametrize(
    ("elevated", "elevation_type", "sid", "context", "kind"),
    [
        (0, 3, "S-1-5-21-1-2-3-1001", "user", "limited"),  # admin with a split token, not elevated
        (0, 1, "S-1-5-21-1-2-3-1002", "user", "default"),  # standard user
        (1, 2, "S-1-5-21-1-2-3-1001", "elevated", "full"),  # elevated through UAC
        (1, 1, "S-1-5-21-1-2-3-500", "elevated", "default"),  # UAC off, administrator
        (1, 1, "S-1-5-18", "system", "default"),  # LocalSystem
    ],
)
def test_token_classification(
    elevated: int, elevation_type: int, sid: str, context: str, kind: str
) -> None:
    advapi32, kernel32, calls = fake_dlls(elevated=elevated, elevation_type=elevation_type, sid=sid)
    facts = TokenReader(advapi32, kernel32).read()
    assert facts == TokenFacts(sid=sid, elevated=bool(elevated), elevation_type=kind)  # type: ignore[arg-type]
    assert classify(facts) == context
    assert "OpenProcessToken:0x8" in calls  # TOKEN_QUERY only
    assert "CloseHandle" in calls and "LocalFree" in calls


def test_unreadable_token_is_unknown_and_counts_as_user() -> None:
    advapi32, kernel32, _ = fake_dlls(elevated=1, elevation_type=2, sid="S-1-5-18", open_ok=False)
    facts = read_token_facts(TokenReader(advapi32, kernel32))
    assert facts == TokenFacts(sid=None, elevated=None, elevation_type="unknown")
    assert classify(facts) == "user"


def test_missing_function_is_unavailable_not_attribute_error() -> None:
    facts = read_token_facts(
        TokenReader(SimpleNamespace(), SimpleNamespace(GetCurrentProcess=lambda: -1))
    )
    assert facts.elevation_type == "unknown"
