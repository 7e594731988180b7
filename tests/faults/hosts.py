"""Hosts for fault injection: the demo device as a FakeHost, with chosen probes routed through
the real Windows adapters (`WindowsHost`'s dsregcmd, registry and event code) over injected OS
calls (subprocess.run, winreg, win32evtlog) — so each fault passes through the same error
mapping a real device would.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from esr_gui.core.data import ChannelSpec
from esr_gui.core.models.registry import key_id
from esr_gui.gui.exports import source_members
from esr_gui.gui.pipeline import Source
from esr_gui.platform.capture import CaptureResult, capture
from esr_gui.platform.capture_models import CaptureOptions, StepLimits, StepResult
from esr_gui.platform.fake import FakeHost
from esr_gui.platform.host import ChannelData, ChannelQuery
from esr_gui.platform.windows.host import WindowsHost
from esr_gui.platform.windows.process import ToolRunner
from esr_gui.platform.windows.registry import RegistryReader
from tests.platform.fakes import ENVIRON, FakeEvtlog, FakeRun, FakeWinreg, existing

DEMO = "hybrid-not-registered"
POLICY_KEY = "HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\SettingSync"
DEBUG = "Microsoft-Windows-SettingSync/Debug"
FAST = StepLimits(
    context=2, upn=2, dsregcmd=0.5, aad_join=2, registry=2, events=2, system=2, grace=0.2
)


def demo_members(name: str = DEMO) -> dict[str, bytes]:
    """The members of an embedded demo bundle."""
    return source_members(Source("demo", name=name), None)


@dataclass
class Injection:
    """Which probes go through WindowsHost, and the OS calls it gets instead of the real ones.

    `tools` present: dsregcmd runs through ToolRunner(run=tools, exists=exists).
    `keys`: registry keys read through RegistryReader(winreg).
    `channels`: channels read through WindowsHost.query_channel (pywin32 `evtlog`, or the
    wevtutil fallback over `tools` when `evtlog` is None).
    """

    tools: FakeRun | None = None
    exists: Callable[[str], bool] = field(default=existing("dsregcmd.exe"))
    winreg: FakeWinreg = field(default_factory=FakeWinreg)
    keys: set[str] = field(default_factory=set)
    evtlog: FakeEvtlog | None = None
    channels: set[str] = field(default_factory=set)


class InjectedHost(FakeHost):
    """The demo device (FakeHost data); the injected probes take the Windows code path."""

    def __init__(self, injection: Injection, members: dict[str, bytes] | None = None) -> None:
        base = FakeHost.from_members(members or demo_members())
        self.__dict__.update(base.__dict__)
        self.injection = injection
        run = injection.tools or FakeRun()
        tools = ToolRunner(run=run, exists=injection.exists, environ=ENVIRON)
        self.windows = WindowsHost(
            tools=tools,
            registry=RegistryReader(injection.winreg),
            evtlog=injection.evtlog,
            environ=dict(ENVIRON),
        )
        self._injected_keys = {key_id(k) for k in injection.keys}
        self._injected_channels = {c.lower() for c in injection.channels}

    def dsregcmd_status(self, *, timeout: float) -> bytes:
        """Through ToolRunner when `tools` was injected."""
        if self.injection.tools is None:
            return super().dsregcmd_status(timeout=timeout)
        return self.windows.dsregcmd_status(timeout=timeout)

    def export_registry_key(self, path: str, *, recursive: bool) -> bytes:
        """Through RegistryReader(FakeWinreg) for the injected keys."""
        if key_id(path) not in self._injected_keys:
            return super().export_registry_key(path, recursive=recursive)
        return self.windows.export_registry_key(path, recursive=recursive)

    def query_channel(self, channel: ChannelSpec, query: ChannelQuery) -> ChannelData:
        """Through WindowsHost.query_channel for the injected channels."""
        if channel.name.lower() not in self._injected_channels:
            return super().query_channel(channel, query)
        return self.windows.query_channel(channel, query)


def run_capture(host: FakeHost, limits: StepLimits = FAST) -> CaptureResult:
    """A capture with short time limits (the faults that hang must not slow the suite)."""
    return capture(host, options=CaptureOptions(limits=limits))


def step(result: CaptureResult, name: str) -> StepResult:
    """The step called `name`."""
    return next(s for s in result.steps if s.step == name)


class Gate:
    """A blocking fake process: waits until released (or `seconds`), then answers."""

    def __init__(self, seconds: float, answer: tuple[int, bytes, bytes]) -> None:
        self.seconds = seconds
        self.answer = answer
        self.released = threading.Event()

    def __call__(self, argv: list[str], kwargs: dict[str, Any]) -> tuple[int, bytes, bytes]:
        self.released.wait(self.seconds)
        return self.answer
