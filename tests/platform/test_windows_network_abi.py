"""Network struct layouts against the Windows SDK; meaningful only under Windows Python (Wine)."""

from __future__ import annotations

import ctypes
import sys

import pytest

from esr_gui.platform.windows.ldap_scp import _Timeval
from esr_gui.platform.windows.netproxy import _ProxyInfo

pytestmark = pytest.mark.skipif(sys.platform != "win32", reason="Windows ABI sizes")


def test_struct_sizes_match_the_sdk_on_x64() -> None:
    assert ctypes.sizeof(_ProxyInfo) == 24  # WINHTTP_PROXY_INFO
    assert ctypes.sizeof(_Timeval) == 8  # l_timeval (two LONGs)


def test_the_winhttp_default_proxy_answers_without_raw_errors() -> None:
    from esr_gui.platform.host import ProbeError
    from esr_gui.platform.windows.netproxy import winhttp_default_proxy

    try:
        access, _proxy, _bypass = winhttp_default_proxy()
    except ProbeError:
        return  # Wine may lack the call: a ProbeError, never a raw OSError
    assert access in (0, 1, 3, 4)
