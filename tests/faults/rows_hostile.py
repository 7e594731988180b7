"""Hostile and huge inputs (issue 15): members that are not regular files, duplicate names,
absurd sizes and JSON, and outputs that cannot be written. Each is refused or read in part with
one sentence; nothing hangs and nothing is an "internal error"."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import sys
import warnings
import zipfile
from pathlib import Path

from esr_gui.cli import main as esr_diag
from esr_gui.resources import demo_dir
from tests.faults.hosts import DEMO, demo_members
from tests.faults.rows_bundle import NAME, PANE, WARN, Builder, read_anyway, refusal
from tests.faults.support import Fault, FaultEnv, Observed, manifest_with, write_zip

SYNC_XML = "events/Microsoft-Windows-SettingSync%4Operational.xml"
_RECORD = (
    "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>"
    "<Provider Name='Microsoft-Windows-SettingSync'/><EventID>6013</EventID>"
    "<TimeCreated SystemTime='2026-11-25T08:00:00.000Z'/><EventRecordID>{n}</EventRecordID>"
    "<Channel>Microsoft-Windows-SettingSync/Operational</Channel></System></Event>\n"
)


def fifo_member(path: Path) -> Path:
    """A folder bundle whose dsregcmd-status.txt is a named pipe (nobody ever writes to it)."""
    folder = path.with_suffix("")
    shutil.copytree(demo_dir() / DEMO, folder)
    (folder / "dsregcmd-status.txt").unlink()
    os.mkfifo(folder / "dsregcmd-status.txt")
    return folder


def fifo_zip_entry(path: Path) -> Path:
    """A zip whose notes.txt entry carries the Unix mode of a named pipe."""
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in demo_members().items():
            archive.writestr(name, data)
        info = zipfile.ZipInfo("notes.txt", date_time=(2026, 11, 25, 9, 14, 3))
        info.create_system = 3
        info.external_attr = 0o010644 << 16
        archive.writestr(info, b"read me")
    return path


def _duplicate(second: str) -> Builder:
    def build(path: Path) -> Path:
        with zipfile.ZipFile(path, "w") as archive:
            for name, data in demo_members().items():
                archive.writestr(name, data)
            with warnings.catch_warnings():  # zipfile warns "Duplicate name": that is the point
                warnings.simplefilter("ignore")
                archive.writestr(second, b"SOMEONE ELSE\r\n")
        return path

    return build


def big_manifest(path: Path) -> Path:
    """A manifest.json that inflates to 3 MiB (a few KiB in the zip)."""
    padded = manifest_with(producer=" " * (3 * 2**20))
    return write_zip(path, {**demo_members(), "manifest.json": padded})


def deep_manifest(path: Path) -> Path:
    """A manifest.json of 100,000 nested lists."""
    return write_zip(path, {**demo_members(), "manifest.json": b"[" * 100_000 + b"]" * 100_000})


def long_number_manifest(path: Path) -> Path:
    """A manifest.json holding a 5,000-digit number."""
    text = manifest_with()[:-1] + b', "n": ' + b"9" * 5_000 + b"}"
    return write_zip(path, {**demo_members(), "manifest.json": text})


def huge_dsregcmd(env: FaultEnv) -> Observed:
    """A dsregcmd-status.txt of 2 MiB of `Key : value` lines."""
    members = demo_members()
    members["dsregcmd-status.txt"] = (b"          SomeKey : SomeValue\r\n" * 70_000)[: 2**21]
    return read_anyway(env, members)


def huge_event_xml(env: FaultEnv) -> Observed:
    """A 40 MB SettingSync export (tiny records): only its two ends are parsed."""
    members = demo_members()
    block = "".join(_RECORD.format(n=n) for n in range(1000)).encode()
    members[SYNC_XML] = b"<Events>\n" + block * (40_000_000 // len(block)) + b"</Events>\n"
    return read_anyway(env, members)


def _cli_with_stdout(stdout: object, *args: str) -> tuple[int, str]:
    err = io.StringIO()
    saved = sys.stdout
    sys.stdout = stdout  # type: ignore[assignment]
    try:
        with contextlib.redirect_stderr(err):
            code = esr_diag(list(args))
    finally:
        sys.stdout = saved
    return code, err.getvalue()


def stdout_closed(env: FaultEnv) -> Observed:
    """`esr-diag check >&-`: Python starts with sys.stdout = None."""
    code, err = _cli_with_stdout(None, "check", "--bundle", str(demo_dir() / DEMO))
    return Observed(err.strip(), f"exit {code}")


class _Full(io.StringIO):
    def write(self, _text: str) -> int:
        raise OSError(28, "No space left on device")


def stdout_full(env: FaultEnv) -> Observed:
    """`esr-diag check > /dev/full`: every write to stdout fails with ENOSPC."""
    real_dup2 = os.dup2
    os.dup2 = lambda *_: None  # type: ignore[assignment] # keep the runner's own stdout
    try:
        code, err = _cli_with_stdout(_Full(), "check", "--bundle", str(demo_dir() / DEMO))
    finally:
        os.dup2 = real_dup2
    return Observed(err.strip(), f"exit {code}")


def dsregcmd_fifo(env: FaultEnv) -> Observed:
    """--dsregcmd names a named pipe nobody writes to."""
    fifo = env.tmp / "dsregcmd.txt"
    os.mkfifo(fifo)
    run = env.cli("check", "--dsregcmd", str(fifo))
    assert run.out == ""
    return Observed(env.plain(run.err.strip()), f"exit {run.code}")


def fleet_fifo(env: FaultEnv) -> Observed:
    """A fleet folder holding a named pipe called a.json next to a real bundle."""
    folder = env.tmp / "inputs"
    folder.mkdir()
    os.mkfifo(folder / "a.json")
    shutil.copytree(demo_dir() / DEMO, folder / "PC-0042")
    run = env.cli("fleet", str(folder))
    line = next(x for x in run.out.splitlines() if "a.json" in x)
    assert "1 device" in run.out
    return Observed(env.plain(line.strip()), "the other inputs read")


_CHECK = "esr-diag check (stderr)"
ROWS: list[Fault] = [
    refusal("bundle-fifo-member", "a folder bundle whose dsregcmd-status.txt is a named pipe",
             fifo_member, "esr-diag: refused member 'dsregcmd-status.txt': it is a named pipe "
             "(FIFO), not a regular file"),
    refusal("bundle-zip-special-entry", "a zip entry notes.txt with the mode of a named pipe",
             fifo_zip_entry, "esr-diag: refused member 'notes.txt': its zip entry is marked as "
             "a named pipe (FIFO), not a regular file"),
    refusal("bundle-duplicate-member", "two zip entries named whoami-upn.txt",
             _duplicate("whoami-upn.txt"), "esr-diag: the bundle holds two members with the "
             "same name ('whoami-upn.txt' and 'whoami-upn.txt'); tools disagree on which one "
             "counts, so the bundle is refused"),
    refusal("bundle-duplicate-case", "zip entries whoami-upn.txt and WHOAMI-UPN.TXT",
             _duplicate("WHOAMI-UPN.TXT"), "esr-diag: the bundle holds two members with names "
             "that differ only in letter case ('whoami-upn.txt' and 'WHOAMI-UPN.TXT'); tools "
             "disagree on which one counts, so the bundle is refused"),
    refusal("bundle-manifest-oversize", "manifest.json inflating to 3 MiB", big_manifest,
             "esr-diag: member 'manifest.json' is 3.0 MiB, larger than the 1 MiB allowed for "
             "it; refused"),
    refusal("bundle-manifest-deep-json", "manifest.json nested 100,000 deep", deep_manifest,
             "esr-diag: manifest.json is nested too deeply to read (arrays or objects inside "
             "one another thousands of levels deep); no real document is"),
    refusal("bundle-manifest-huge-number", "manifest.json holding a 5,000-digit number",
             long_number_manifest, "esr-diag: manifest.json holds a number thousands of digits "
             "long; no real document does, so it is refused"),
    Fault("dsregcmd-member-huge", "bundle", "dsregcmd-status.txt of 2 MiB of Key : value lines",
          PANE, "Not usable: dsregcmd-status.txt: it is 2 MiB; a real `dsregcmd /status` "
          "output is a few KiB, so a text larger than 1 MiB is not read",
          "exit 1; every other member read", huge_dsregcmd),  # UNKNOWN: dsregcmd unread
    Fault("event-xml-huge", "events", "a 40 MB SettingSync/Operational export of 88,000 records",
          WARN, f"Parser warning: {SYNC_XML}: The file is 38.1 MiB, more than the 32 MiB of "
          "events read whole; only up to 5,000 records at its start and 5,000 at its end "
          "were read (one end holds the newest), and the records in between were skipped.",
          "exit 1; every other member read", huge_event_xml),
    Fault("dsregcmd-fifo", "cli", "--dsregcmd names a named pipe nobody writes to", _CHECK,
          "esr-diag: <tmp>/dsregcmd.txt is a named pipe (FIFO), not a regular file; refused",
          "exit 2", dsregcmd_fifo),
    Fault("check-stdout-closed", "cli", "esr-diag check >&- (stdout closed)", _CHECK,
          "esr-diag: standard output is closed, so no result can be shown", "exit 2",
          stdout_closed),
    Fault("check-stdout-full", "cli", "esr-diag check > /dev/full (every write: ENOSPC)",
          _CHECK, "esr-diag: the result could not be written (No space left on device)",
          "exit 2", stdout_full),
    Fault("fleet-fifo-input", "cli", "a named pipe a.json in a fleet folder", "esr-diag fleet "
          "'Could not read' list", "<tmp>/inputs/a.json: is a named pipe (FIFO), not a "
          "regular file; it was not opened", "the other inputs read", fleet_fifo),
]  # fmt: skip

__all__ = ["NAME", "ROWS"]
