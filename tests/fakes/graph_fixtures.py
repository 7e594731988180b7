"""Fixtures shared by the Graph tests: the fake tenant and options that point at it."""

from __future__ import annotations

import socket
import stat
import sys
import webbrowser
from collections.abc import Iterator
from pathlib import Path

import pytest

from esr_gui.platform.graph.options import DeviceCode, TenantOptions
from tests.fakes.fake_entra import FakeEntra

DEVICE_ID = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"
FAKE_BROWSER = Path(__file__).with_name("fake_browser.py")


@pytest.fixture
def entra(tmp_path: Path) -> Iterator[FakeEntra]:
    """A fake Entra ID + Graph on 127.0.0.1, stopped after the test."""
    server = FakeEntra(tmp_path)
    try:
        yield server
    finally:
        server.stop()


def options_for(entra: FakeEntra, **changes: object) -> TenantOptions:
    """TenantOptions that sign in and call Graph against `entra`, trusting its CA only."""
    values: dict[str, object] = {
        "login_host": entra.base,
        "graph_base": entra.base,
        "ca_bundle": entra.ca,
        "instance_discovery": False,
        "max_retry_wait": 2,
        "browser_timeout": 20,
    }
    values.update(changes)
    return TenantOptions(**values)  # type: ignore[arg-type]


def device(
    trust: str = "AzureAd", enabled: bool = True, last: str = "2026-12-01T08:00:00Z"
) -> dict[str, object]:
    """A device object as Graph returns it."""
    return {"id": "obj-1", "deviceId": DEVICE_ID, "displayName": "PC-0042",
            "accountEnabled": enabled, "trustType": trust,
            "approximateLastSignInDateTime": last, "operatingSystem": "Windows",
            "operatingSystemVersion": "10.0.19045.1"}  # fmt: skip


class Codes:
    """Collects the device codes shown to the person signing in."""

    def __init__(self) -> None:
        self.shown: list[DeviceCode] = []

    def __call__(self, code: DeviceCode) -> None:
        self.shown.append(code)


def closed_port() -> int:
    """A loopback port nobody listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def fake_browser(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, entra: FakeEntra) -> Path:
    """$BROWSER → a script that starts the entra browser in the background and returns."""
    script = tmp_path / "browser.sh"
    script.write_text(
        f'#!/bin/sh\n"{sys.executable}" "{FAKE_BROWSER}" "$1" "{entra.ca}" >/dev/null 2>&1 &\n'
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("BROWSER", str(script))
    monkeypatch.setattr(webbrowser, "_tryorder", None)
    return script
