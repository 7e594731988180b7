"""Helpers of the remedy platform tests: a fake profile tree, fault-injecting seams, fakes.

(Named test_* so it sits with the tests it serves; it defines no tests itself.)
"""

from __future__ import annotations

import errno
import hashlib
import io
import os
import subprocess
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, BinaryIO

from esr_gui.core.models.snapshot import Snapshot, SourceInfo
from esr_gui.core.remedy.plans import Plan
from esr_gui.core.snapshot_builder import load_snapshot
from esr_gui.platform.fake import FakeHost
from esr_gui.platform.host import Host, HostContext
from esr_gui.platform.remedies import RemedyEngine, RemedyEnvironment
from esr_gui.platform.remedies.elevate import SHELLEXECUTEINFOW, WAIT_OBJECT_0
from esr_gui.platform.remedies.fsops import FileOps, Folder, OpenFile
from esr_gui.platform.remedies.runner import CommandRunner
from esr_gui.platform.this_run import run_id

PACKAGE = "Microsoft.AAD.BrokerPlugin_cw5n1h2txyewy"
PKG_PARTS = ("AppData", "Local", "Packages", PACKAGE)
CLOCK = datetime(2026, 11, 25, 9, 14, 3, tzinfo=timezone(timedelta(hours=1)))
SYSTEM_DIR = "C:\\Windows\\System32"
HYBRID = Path(__file__).resolve().parents[1] / "data" / "remedy" / "hybrid-bundle"


def package_of(profile: Path) -> Path:
    return profile.joinpath(*PKG_PARTS)


def make_profile(
    root: Path,
    name: str = "jdoe",
    *,
    accounts: str = "Accounts",
    settings: str = "Settings",
    settings_file: str = "settings.dat",
) -> Path:
    """A profile with the BrokerPlugin targets and neighbours that must survive."""
    profile = root / name
    pkg = package_of(profile)
    files = {
        pkg / settings / settings_file: b"REGF settings hive \x00\x01\x02",
        pkg / settings / "settings.dat.LOG1": b"hive log, not a target",
        pkg / "AC" / "TokenBroker" / accounts / "1a2b.tbacct": b"account one",
        pkg / "AC" / "TokenBroker" / accounts / "3c4d.tbacct": b"account two" * 50,
        pkg / "AC" / "TokenBroker" / accounts / "sub" / "nested.tbacct": b"nested account",
        pkg / "AC" / "TokenBroker" / "Cache" / "keep.bin": b"not a target",
        pkg / "LocalState" / "keep.txt": b"not a target either",
        profile / "Documents" / "thesis.docx": b"the user's work",
    }
    for path, data in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return profile


def tree_state(root: Path) -> dict[str, str]:
    """Every file and link below `root`: relative path → sha256 (or the link's target)."""
    state: dict[str, str] = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder) / name
            rel = path.relative_to(root).as_posix()
            if path.is_symlink():
                state[rel] = "link->" + os.readlink(path)
            elif path.is_file():
                state[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return state


class _FullDisk(io.BytesIO):
    def write(self, data: Any) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    def fileno(self) -> int:
        raise OSError(errno.EBADF, "no file")


@dataclass
class FaultyFs(FileOps):
    """FileOps with injected failures, keyed by file name (last path component)."""

    read_locked: set[str] = field(default_factory=set)
    unlink_locked: set[str] = field(default_factory=set)
    disk_full: bool = False
    corrupt_backup: bool = False
    chmods: list[tuple[str, int]] = field(default_factory=list)
    unlinked: list[str] = field(default_factory=list)

    def open_read(self, path: str) -> BinaryIO:
        if os.path.basename(path) in self.read_locked:
            raise _sharing_violation(path)
        if self.corrupt_backup and path.endswith(".zip.partial"):
            data = bytearray(Path(path).read_bytes())
            data[40] ^= 0xFF  # inside the first member's data
            return io.BytesIO(bytes(data))
        return super().open_read(path)

    def open_new(self, path: str) -> BinaryIO:
        if self.disk_full and path.endswith(".partial"):
            Path(path).touch()
            return _FullDisk()
        return super().open_new(path)

    def open_file(self, folder: Folder, name: str) -> OpenFile:
        if name in self.read_locked:
            raise _sharing_violation(os.path.join(folder.path, name))
        return super().open_file(folder, name)

    def unlink(self, path: str) -> None:
        self.unlinked.append(path)
        super().unlink(path)

    def delete_handle(self, opened: OpenFile) -> None:
        if opened.name in self.unlink_locked:
            raise _sharing_violation(opened.path)
        self.unlinked.append(opened.path)
        super().delete_handle(opened)

    def set_handle_mode(self, opened: OpenFile, mode: int) -> None:
        self.chmods.append((opened.path, mode))
        super().set_handle_mode(opened, mode)


def _sharing_violation(path: str) -> PermissionError:
    exc = PermissionError(errno.EACCES, "The process cannot access the file", path)
    exc.winerror = 32  # type: ignore[attr-defined]
    return exc


@dataclass
class FakeSession:
    """The user session: records opens and locks."""

    elevated: bool = False
    opened: list[tuple[str, str]] = field(default_factory=list)
    locks: int = 0
    fail_open: OSError | None = None

    def is_elevated(self) -> bool:
        return self.elevated

    def system_dir(self) -> str:
        return SYSTEM_DIR

    def open(self, target: str, arguments: str = "") -> None:
        if self.fail_open:
            raise self.fail_open
        self.opened.append((target, arguments))

    def lock(self) -> None:
        self.locks += 1


@dataclass
class FakeShellApi:
    """ShellExecuteExW and friends: succeed with `code`, or fail with `error`."""

    code: int = 0
    error: int | None = None
    wait_result: int = WAIT_OBJECT_0
    no_process: bool = False
    calls: list[dict[str, Any]] = field(default_factory=list)
    closed: list[int] = field(default_factory=list)
    waited: list[tuple[int, int]] = field(default_factory=list)

    def shell_execute_ex(self, info: SHELLEXECUTEINFOW) -> bool:
        self.calls.append(
            {
                "cbSize": info.cbSize,
                "fMask": info.fMask,
                "verb": info.lpVerb,
                "file": info.lpFile,
                "parameters": info.lpParameters,
                "show": info.nShow,
            }
        )
        if self.error is not None:
            return False
        info.hProcess = None if self.no_process else 4242
        return True

    def last_error(self) -> int:
        return self.error if self.error is not None else 0

    def wait(self, handle: int, milliseconds: int) -> int:
        self.waited.append((handle, milliseconds))
        return self.wait_result

    def exit_code(self, handle: int) -> int | None:
        return self.code

    def close(self, handle: int) -> None:
        self.closed.append(handle)


Answer = tuple[int, bytes] | BaseException


@dataclass
class ScriptedRun:
    """subprocess.run stand-in: answers by program file name; records every call."""

    answers: dict[str, Answer] = field(default_factory=dict)
    calls: list[tuple[list[str], dict[str, Any]]] = field(default_factory=list)

    def __call__(self, argv: list[str], **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
        self.calls.append((list(argv), kwargs))
        answer = self.answers.get(argv[0].rsplit("\\", 1)[-1].lower(), (0, b""))
        if isinstance(answer, BaseException):
            raise answer
        code, output = answer
        return subprocess.CompletedProcess(argv, code, output, b"")


def make_engine(
    data: Path,
    *,
    on_windows: bool = True,
    elevated: bool = False,
    run: Callable[..., Any] | None = None,
    shell: FakeShellApi | None = None,
    fs: FileOps | None = None,
    current_profile: str | None = None,
    registry: Any = None,
    host: Host | None = None,
    live: bool = True,
) -> tuple[RemedyEngine, FakeSession]:
    """An engine on fakes: Windows or not, elevated or not, scripted programs and UAC.

    This PC is PC-0042 (`host`, by default the hybrid test bundle's dsregcmd). With `live`,
    a plan made without a snapshot is made from a live capture of it taken by this run, as
    the GUI and the CLI do, so the device binding lets it run (its tests are elsewhere).
    """
    session = FakeSession(elevated=elevated)
    this_pc = host or identity_host(HYBRID)
    api = shell or FakeShellApi()
    env = RemedyEnvironment(
        data_dir=data,
        on_windows=on_windows,
        session=session,
        runner=CommandRunner(session.system_dir, run=run or ScriptedRun(), windows=on_windows),
        shell_api=lambda: api,
        fs=fs or FileOps(),
        registry=lambda: registry,
        current_profile=current_profile,
        host=lambda: this_pc,
        user="CONTOSO\\tech",
        computer="PC-0042",
        tool="esr-troubleshooter test",
        clock=lambda: CLOCK,
    )
    return (LiveEngine(env) if live else RemedyEngine(env)), session


class LiveEngine(RemedyEngine):
    """An engine whose plans default to a live capture of this PC (PC-0042) from this run."""

    def plan(
        self,
        remedy_id: str,
        params: Mapping[str, object] | None = None,
        *,
        snapshot: Snapshot | None = None,
        profile: str | None = None,
    ) -> Plan:
        """RemedyEngine.plan with `snapshot` defaulting to `live_snapshot(HYBRID)`."""
        chosen = snapshot or live_snapshot(HYBRID)
        return super().plan(remedy_id, params, snapshot=chosen, profile=profile)


def live_snapshot(bundle: Path) -> Snapshot:
    """A test bundle as if this run had just captured it live on its computer."""
    snapshot = load_snapshot(bundle)
    created = snapshot.manifest.created if snapshot.manifest else None
    source = SourceInfo(kind="live", name="test capture", run_id=run_id(), captured_at=created)
    return snapshot.model_copy(update={"source": source})


def identity_host(bundle: Path, computer: str | None = None) -> FakeHost:
    """A Host that says it is the bundle's computer and prints the bundle's dsregcmd."""
    snapshot = load_snapshot(bundle)
    name = computer or (snapshot.manifest.computer if snapshot.manifest else None)
    dsregcmd = (bundle / "dsregcmd-status.txt").read_bytes()
    return FakeHost(context=HostContext(computer=name), dsregcmd=dsregcmd)
