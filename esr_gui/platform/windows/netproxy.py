"""The proxy each context uses: WinINet (the user's Internet Options) and WinHTTP (SYSTEM).

WinINet: `HKCU\\...\\Internet Settings` — ProxyEnable, ProxyServer (`host:port` or
`http=h:p;https=h:p`), ProxyOverride (`;`-separated bypass list), AutoConfigURL (a PAC file).
WinHTTP: `WinHttpGetDefaultProxyConfiguration` (what `netsh winhttp show proxy` prints, without
its localised labels). A PAC file is not run by us: WinHTTP's own `WinHttpGetProxyForUrl` (the
engine Windows uses) answers which proxy each URL takes; when it cannot, the test goes direct and
says so.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from esr_gui.platform.host import ProbeError
from esr_gui.platform.netprobe import PacPicker, Route
from esr_gui.platform.windows import _win32
from esr_gui.platform.windows.registry import RegistryReader

INTERNET_SETTINGS = r"HKCU\Software\Microsoft\Windows\CurrentVersion\Internet Settings"
ACCESS_NO_PROXY = 1
ACCESS_NAMED_PROXY = 3
AUTOPROXY_CONFIG_URL = 0x2
PAC_TIMEOUT_MS = 8000
RawWinHttp = tuple[int, str | None, str | None]


@dataclass(frozen=True)
class ProxyChoice:
    """The route a context's tests take, or None with the reason it cannot be tested."""

    route: Route | None
    source: str
    reason: str = ""


def parse_proxy_list(text: str) -> str | None:
    """The HTTPS proxy of a ProxyServer value (`https=` first, then `http=`, then a bare one)."""
    entries = [e.strip() for e in text.replace(" ", ";").split(";") if e.strip()]
    by_scheme = {e.partition("=")[0].lower(): e.partition("=")[2] for e in entries if "=" in e}
    bare = next((e for e in entries if "=" not in e), None)
    chosen = by_scheme.get("https") or by_scheme.get("http") or bare
    if not chosen:
        return None
    chosen = chosen.removeprefix("http://").removeprefix("https://").rstrip("/")
    return chosen if ":" in chosen else f"{chosen}:80"


def _bypass(text: str | None) -> tuple[str, ...]:
    return tuple(e.strip() for e in (text or "").replace(" ", ";").split(";") if e.strip())


def wininet_choice(
    reader: RegistryReader,
    path: str = INTERNET_SETTINGS,
    pac_picker: Callable[[str], PacPicker] | None = None,
) -> ProxyChoice:
    """The user's route from Internet Settings (ProbeError only when the key cannot be read)."""
    try:
        keys = reader.read(path, recursive=False)
    except ProbeError as exc:
        if exc.kind == "not-found":
            return ProxyChoice(Route(), f"{path} (absent: direct)")
        raise
    key = keys[0]

    def text(name: str) -> str:
        value = key.value(name)
        return value.as_text().strip() if value is not None else ""

    source = f"{path}"
    pac = text("AutoConfigURL")
    if pac:
        pick = (pac_picker or winhttp_pac_picker)(pac)
        return ProxyChoice(Route("pac", pac_url=pac, pick=pick), source)
    enabled = key.value("ProxyEnable")
    proxy = parse_proxy_list(text("ProxyServer"))
    if enabled is not None and enabled.as_int() and proxy:
        return ProxyChoice(Route("wininet-proxy", proxy, _bypass(text("ProxyOverride"))), source)
    return ProxyChoice(Route(), source)


def winhttp_choice(get_default: Callable[[], RawWinHttp] | None = None) -> ProxyChoice:
    """SYSTEM's route from the WinHTTP default proxy configuration."""
    source = "WinHttpGetDefaultProxyConfiguration"
    access, proxy_list, bypass = (get_default or winhttp_default_proxy)()
    if access == ACCESS_NAMED_PROXY and proxy_list:
        proxy = parse_proxy_list(proxy_list)
        if proxy:
            return ProxyChoice(Route("winhttp-proxy", proxy, _bypass(bypass)), source)
    return ProxyChoice(Route(), source)


class _ProxyInfo(ctypes.Structure):
    _fields_ = (
        ("dwAccessType", ctypes.c_uint32),
        ("lpszProxy", ctypes.c_void_p),
        ("lpszProxyBypass", ctypes.c_void_p),
    )


def winhttp_default_proxy() -> RawWinHttp:
    """(access type, proxy list, bypass list) from winhttp.dll; the strings are freed."""
    winhttp = _win32.load_dll("winhttp")
    kernel32 = _win32.load_dll("kernel32")
    get = _win32.bind(winhttp, "WinHttpGetDefaultProxyConfiguration", ctypes.c_int, ctypes.c_void_p)
    free = _win32.bind(kernel32, "GlobalFree", ctypes.c_void_p, ctypes.c_void_p)
    info = _ProxyInfo()
    if not get(ctypes.byref(info)):
        raise _win32.win_error("WinHttpGetDefaultProxyConfiguration", _win32.last_error())
    try:
        proxy = ctypes.wstring_at(info.lpszProxy) if info.lpszProxy else None
        bypass = ctypes.wstring_at(info.lpszProxyBypass) if info.lpszProxyBypass else None
    finally:
        for pointer in (info.lpszProxy, info.lpszProxyBypass):
            if pointer:
                free(pointer)
    return int(info.dwAccessType), proxy, bypass


class _AutoProxyOptions(ctypes.Structure):
    _fields_ = (
        ("dwFlags", ctypes.c_uint32),
        ("dwAutoDetectFlags", ctypes.c_uint32),
        ("lpszAutoConfigUrl", ctypes.c_wchar_p),
        ("lpvReserved", ctypes.c_void_p),
        ("dwReserved", ctypes.c_uint32),
        ("fAutoLogonIfChallenged", ctypes.c_int),
    )


def pac_proxy_for(url: str, pac_url: str, winhttp: Any = None, kernel32: Any = None) -> str | None:
    """The proxy the PAC file at `pac_url` gives `url` (None: DIRECT), asked of WinHTTP."""
    winhttp = winhttp or _win32.load_dll("winhttp")
    kernel32 = kernel32 or _win32.load_dll("kernel32")
    p, w, u, i = ctypes.c_void_p, ctypes.c_wchar_p, ctypes.c_uint32, ctypes.c_int
    open_ = _win32.bind(winhttp, "WinHttpOpen", p, w, u, w, w, u)
    timeouts = _win32.bind(winhttp, "WinHttpSetTimeouts", i, p, i, i, i, i)
    get = _win32.bind(winhttp, "WinHttpGetProxyForUrl", i, p, w, p, p)
    close = _win32.bind(winhttp, "WinHttpCloseHandle", i, p)
    free = _win32.bind(kernel32, "GlobalFree", p, p)
    session = open_("esr-diag network test", ACCESS_NO_PROXY, None, None, 0)
    if not session:
        raise _win32.win_error("WinHttpOpen")
    try:
        timeouts(session, PAC_TIMEOUT_MS, PAC_TIMEOUT_MS, PAC_TIMEOUT_MS, PAC_TIMEOUT_MS)
        options = _AutoProxyOptions(AUTOPROXY_CONFIG_URL, 0, pac_url, None, 0, 1)
        info = _ProxyInfo()
        if not get(session, url, ctypes.byref(options), ctypes.byref(info)):
            raise _win32.win_error("WinHttpGetProxyForUrl", _win32.last_error())
        try:
            proxy = ctypes.wstring_at(info.lpszProxy) if info.lpszProxy else None
        finally:
            for pointer in (info.lpszProxy, info.lpszProxyBypass):
                if pointer:
                    free(pointer)
    finally:
        close(session)
    named = info.dwAccessType == ACCESS_NAMED_PROXY and proxy
    return parse_proxy_list(proxy) if named and proxy else None


def winhttp_pac_picker(pac_url: str) -> PacPicker:
    """A picker asking WinHTTP, for each URL, what the PAC file at `pac_url` says."""
    return lambda url: pac_proxy_for(url, pac_url)
