"""The proxy each context uses: WinINet (the user's Internet Options) and WinHTTP (SYSTEM).

WinINet: `HKCU\\...\\Internet Settings` — ProxyEnable, ProxyServer (`host:port` or
`http=h:p;https=h:p`), ProxyOverride (`;`-separated bypass list), AutoConfigURL (a PAC file).
WinHTTP: `WinHttpGetDefaultProxyConfiguration` (what `netsh winhttp show proxy` prints, without
its localised labels). A PAC file is JavaScript that this version does not run, so a context
whose proxy comes from one is reported as not tested, never guessed.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from dataclasses import dataclass

from esr_gui.platform.host import ProbeError
from esr_gui.platform.netprobe import Route
from esr_gui.platform.windows import _win32
from esr_gui.platform.windows.registry import RegistryReader

INTERNET_SETTINGS = r"HKCU\Software\Microsoft\Windows\CurrentVersion\Internet Settings"
ACCESS_NO_PROXY = 1
ACCESS_NAMED_PROXY = 3
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


def wininet_choice(reader: RegistryReader, path: str = INTERNET_SETTINGS) -> ProxyChoice:
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
        reason = f"the user's proxy comes from the PAC file {pac}, which is not evaluated here"
        return ProxyChoice(None, source, reason)
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
