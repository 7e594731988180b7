"""The network adapters' real Windows calls, where Windows (or Wine, in `make wine-capture`)
runs them: WinHTTP's default proxy and a probe through the real socket and TLS stack."""

from __future__ import annotations

import sys

import pytest

from esr_gui.platform.windows.netproxy import winhttp_choice, winhttp_default_proxy

pytestmark = pytest.mark.skipif(sys.platform != "win32", reason="calls winhttp.dll for real")


def test_winhttp_default_proxy_is_read_through_winhttp_dll() -> None:
    access, proxy, bypass = winhttp_default_proxy()
    assert isinstance(access, int)
    assert proxy is None or isinstance(proxy, str)
    assert bypass is None or isinstance(bypass, str)


def test_the_system_route_comes_from_winhttp() -> None:
    choice = winhttp_choice()
    assert choice.source == "WinHttpGetDefaultProxyConfiguration"
    assert choice.route.kind in ("direct", "winhttp-proxy")
