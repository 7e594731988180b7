"""Struct layouts against the Windows SDK sizes; meaningful only under Windows Python (Wine).

On Linux ctypes.wintypes.DWORD is 8 bytes wide, so these only run where it is 4
(`make wine-capture` runs them under Windows CPython).
"""

from __future__ import annotations

import ctypes
import sys

import pytest

from esr_gui.platform.windows.aadjoin import CERT_CONTEXT, DSREG_JOIN_INFO, DSREG_USER_INFO
from esr_gui.platform.windows.sysinfo import DYNAMIC_TIME_ZONE_INFORMATION, IP_ADAPTER_ADDRESSES

pytestmark = pytest.mark.skipif(sys.platform != "win32", reason="Windows ABI sizes")


def test_struct_sizes_match_the_sdk_on_x64() -> None:
    assert ctypes.sizeof(ctypes.c_void_p) == 8
    assert ctypes.sizeof(DYNAMIC_TIME_ZONE_INFORMATION) == 432
    assert ctypes.sizeof(CERT_CONTEXT) == 40
    assert ctypes.sizeof(DSREG_USER_INFO) == 24
    assert ctypes.sizeof(DSREG_JOIN_INFO) == 96
    assert IP_ADAPTER_ADDRESSES.IfType.offset == 100


def test_real_calls_answer_without_raising_raw_errors() -> None:
    from esr_gui.platform.host import ProbeError
    from esr_gui.platform.windows.sysinfo import Win32Facts
    from esr_gui.platform.windows.token import TokenReader

    facts = TokenReader().read()
    assert facts.sid and facts.sid.startswith("S-1-")
    win32 = Win32Facts()
    assert win32.uptime().total_seconds() > 0
    assert isinstance(win32.wireless_adapter_present(), bool)
    try:
        win32.timezone_name()
    except ProbeError:
        pass
