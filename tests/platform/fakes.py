"""Stand-ins for the Windows entry points: subprocess.run, winreg, win32evtlog, DLL functions."""

from __future__ import annotations

import ctypes
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

SYSTEM_ROOT = "C:\\Windows"
ENVIRON = {"SystemRoot": SYSTEM_ROOT, "COMPUTERNAME": "PC-0042", "USERNAME": "jdoe"}


def system32(tool: str) -> str:
    return f"{SYSTEM_ROOT}\\System32\\{tool}"


# ---------------------------------------------------------------- subprocess.run


@dataclass
class FakeRun:
    """A scripted `subprocess.run`: answers by (tool file name, first argument)."""

    answers: dict[tuple[str, str], Any] = field(default_factory=dict)
    calls: list[tuple[list[str], dict[str, Any]]] = field(default_factory=list)

    def script(self, tool: str, first_arg: str, answer: Any) -> FakeRun:
        """`answer`: (exit code, stdout, stderr), an exception instance, or a callable."""
        self.answers[(tool.lower(), first_arg.lower())] = answer
        return self

    def __call__(self, argv: list[str], **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
        self.calls.append((list(argv), kwargs))
        tool = argv[0].rsplit("\\", 1)[-1].lower()
        first = argv[1].lower() if len(argv) > 1 else ""
        answer = self.answers.get((tool, first))
        if answer is None:
            raise AssertionError(f"unexpected command {argv}")
        if callable(answer):
            answer = answer(argv, kwargs)
        if isinstance(answer, BaseException):
            raise answer
        code, out, err = answer
        return subprocess.CompletedProcess(argv, code, out, err)


def existing(*tools: str) -> Callable[[str], bool]:
    """An `exists` function that knows only these System32 tools."""
    paths = {system32(t).lower() for t in tools}
    return lambda path: path.lower() in paths


# ---------------------------------------------------------------- winreg


@dataclass
class RegNode:
    values: list[tuple[str, Any, int]] = field(default_factory=list)
    subkeys: dict[str, RegNode] = field(default_factory=dict)
    denied: bool = False
    write_time: int = 0


class _Handle:
    def __init__(self, node: RegNode) -> None:
        self.node = node

    def __enter__(self) -> _Handle:
        return self

    def __exit__(self, *_: object) -> None:
        return None


class FakeWinreg:
    """Enough of `winreg` for the reader: OpenKey, QueryInfoKey, EnumValue, EnumKey."""

    HKEY_LOCAL_MACHINE = "HKLM"
    HKEY_CURRENT_USER = "HKCU"
    HKEY_USERS = "HKU"
    HKEY_CLASSES_ROOT = "HKCR"
    HKEY_CURRENT_CONFIG = "HKCC"

    def __init__(self) -> None:
        self.hives: dict[str, RegNode] = {
            h: RegNode() for h in ("HKLM", "HKCU", "HKU", "HKCR", "HKCC")
        }
        self.opened: list[tuple[str, int]] = []

    def key(self, path: str) -> RegNode:
        """Create (or find) the node at `HKLM\\a\\b`."""
        hive, *parts = path.split("\\")
        node = self.hives[hive]
        for part in parts:
            match = next((k for k in node.subkeys if k.lower() == part.lower()), None)
            if match is None:
                node.subkeys[part] = RegNode()
                match = part
            node = node.subkeys[match]
        return node

    def OpenKey(self, root: Any, sub: str, reserved: int = 0, access: int = 0) -> _Handle:
        node = root.node if isinstance(root, _Handle) else self.hives[root]
        self.opened.append((sub, access))
        for part in [p for p in sub.split("\\") if p]:
            match = next((k for k in node.subkeys if k.lower() == part.lower()), None)
            if match is None:
                raise FileNotFoundError(2, "The system cannot find the file specified")
            node = node.subkeys[match]
        if node.denied:
            raise PermissionError(5, "Access is denied")
        return _Handle(node)

    def QueryInfoKey(self, handle: _Handle) -> tuple[int, int, int]:
        node = handle.node
        return len(node.subkeys), len(node.values), node.write_time

    def EnumValue(self, handle: _Handle, index: int) -> tuple[str, Any, int]:
        return handle.node.values[index]

    def EnumKey(self, handle: _Handle, index: int) -> str:
        return list(handle.node.subkeys)[index]


# ---------------------------------------------------------------- win32evtlog


class FakePyWinError(Exception):
    """Shaped like pywintypes.error: (winerror, funcname, strerror) and `.winerror`."""

    def __init__(self, winerror: int, funcname: str = "EvtQuery", message: str = "") -> None:
        super().__init__(winerror, funcname, message)
        self.winerror = winerror


def event_xml(record: int, channel: str, event_id: int = 1098, when: str = "2026-11-24") -> str:
    ns = "http://schemas.microsoft.com/win/2004/08/events/event"
    return (
        f"<Event xmlns='{ns}'><System><Provider Name='Microsoft-Windows-AAD'/>"
        f"<EventID>{event_id}</EventID><Level>2</Level>"
        f"<TimeCreated SystemTime='{when}T08:00:{record % 60:02d}.0000000Z'/>"
        f"<EventRecordID>{record}</EventRecordID><Channel>{channel}</Channel>"
        f"<Computer>PC-0042.contoso.com</Computer><Security/></System>"
        f"<EventData><Data Name='Error'>0xCAA5001C</Data></EventData></Event>"
    )


@dataclass
class FakeEvtlog:
    """`win32evtlog` with channels of rendered events (oldest first) or a winerror to raise."""

    channels: dict[str, list[str] | int] = field(default_factory=dict)
    enabled: dict[str, bool] = field(default_factory=dict)
    next_error: dict[str, int] = field(default_factory=dict)
    direct: set[str] = field(default_factory=set)
    queries: list[tuple[str, int, str]] = field(default_factory=list)

    def EvtQuery(self, path: str, flags: int, query: str | None = None) -> list[str]:
        self.queries.append((path, flags, query or ""))
        found = self.channels.get(path)
        if found is None:
            raise FakePyWinError(15007, "EvtQuery", "The specified channel could not be found.")
        if isinstance(found, int):
            raise FakePyWinError(found)
        if path in self.direct and flags & 0x200:
            raise FakePyWinError(50, "EvtQuery", "The request is not supported.")
        ordered = list(found) if flags & 0x100 or not flags & 0x200 else list(reversed(found))
        if path in self.next_error:
            ordered.insert(0, "")  # marks the point where EvtNext fails
        return [path, *ordered]  # type: ignore[list-item]

    def EvtNext(
        self, handle: list[str], count: int, timeout: int = -1, flags: int = 0
    ) -> tuple[str, ...]:
        path = handle[0]
        if handle[1:2] == [""]:
            raise FakePyWinError(self.next_error[path], "EvtNext")
        batch = handle[1 : 1 + count]
        del handle[1 : 1 + count]
        return tuple(batch)

    def EvtRender(self, event: str, flags: int) -> str:
        assert flags == 1
        return event

    def EvtOpenChannelConfig(self, path: str) -> str:
        return path

    def EvtGetChannelConfigProperty(self, config: str, prop: int) -> tuple[bool, int]:
        return self.enabled.get(config, True), 13


# ---------------------------------------------------------------- ctypes DLL functions


def out(arg: Any) -> Any:
    """The object behind a `ctypes.byref(...)` argument."""
    return arg._obj if hasattr(arg, "_obj") else arg


def write_wide(buffer: Any, text: str) -> None:
    ctypes.memmove(
        buffer, ctypes.create_unicode_buffer(text), (len(text) + 1) * ctypes.sizeof(ctypes.c_wchar)
    )
