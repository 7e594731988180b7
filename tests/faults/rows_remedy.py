"""Faults while fixing: the UAC prompt, the elevated program, and the BrokerPlugin cleanup's
files (locked, read-only, a junction out of the profile, a full disk while backing up).

Injected through the remedy seams (ShellExecuteExW, subprocess.run, FileOps) under the real
engine, seen as `esr-diag remedy run ... --yes` prints it (or in the Fix panel). Every cleanup
check proves the backup rule: nothing is deleted that is not in a verified backup.
"""

from __future__ import annotations

import contextlib
import io
import os
import zipfile
from pathlib import Path
from unittest import mock

from esr_gui.cli import main as esr_diag
from esr_gui.cli import remedy as remedy_cli
from esr_gui.platform.remedies import RemedyEngine
from esr_gui.platform.remedies.elevate import WAIT_TIMEOUT
from tests.faults.hosts import InjectedHost, Injection
from tests.faults.rows_restore import (
    cleanup_swap,
    profile_never_existed,
    redact_over_input,
    redact_over_output,
    restore_profile_removed,
    restore_swap,
    restore_tampered,
    restore_unsigned,
)
from tests.faults.support import Fault, FaultEnv, Observed, still_works
from tests.platform.test_remedies_support import (
    FakeShellApi,
    FaultyFs,
    ScriptedRun,
    make_engine,
    make_profile,
    package_of,
    tree_state,
)

REPO = Path(__file__).resolve().parents[2]
HYBRID = str(REPO / "tests" / "data" / "remedy" / "hybrid-bundle")
CLEANUP = "remedy.broker-plugin-cleanup"
LEAVE = "remedy.dsregcmd-leave"
TARGETS = 4
BACKUP = "<tmp>/data/backups/broker-plugin-jdoe-20261125-091403.zip"


def remedy_cli_run(env: FaultEnv, engine: RemedyEngine, *args: str) -> tuple[int, str]:
    """`esr-diag remedy ARGS --yes` over `engine`; exit code and the `Result:` line."""
    out = io.StringIO()
    with (
        mock.patch.object(remedy_cli, "make_engine", lambda: engine),
        # Without --bundle the CLI captures this PC live; this PC is the engine's host.
        mock.patch.object(remedy_cli, "live_host_factory", lambda: engine.env.host),
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(io.StringIO()),
    ):
        code = esr_diag(["remedy", *args, "--yes"])
    lines = [line for line in out.getvalue().splitlines() if line.startswith("Result: ")]
    assert len(lines) == 1, out.getvalue()
    return code, env.plain(lines[0])


def _leave(env: FaultEnv, api: FakeShellApi) -> Observed:
    engine, _ = make_engine(env.tmp / "data", shell=api)
    code, line = remedy_cli_run(env, engine, "run", LEAVE)
    assert engine.audit_file.is_file(), "every run is audited, also a refused one"
    assert len(api.calls) == 1 and api.calls[0]["verb"] == "runas"
    return Observed(line, f"exit {code}; audited")


def uac_cancelled(env: FaultEnv) -> Observed:
    """ShellExecuteExW fails with 1223 (prompt declined)."""
    return _leave(env, FakeShellApi(error=1223))


def elevated_fails(env: FaultEnv) -> Observed:
    """The elevated dsregcmd.exe exits with 5."""
    return _leave(env, FakeShellApi(code=5))


def elevated_hresult(env: FaultEnv) -> Observed:
    """The elevated dsregcmd.exe exits 0x801C0021."""
    return _leave(env, FakeShellApi(code=0x801C0021))


def elevated_not_found(env: FaultEnv) -> Observed:
    """ShellExecuteExW fails with 2 (file not found)."""
    return _leave(env, FakeShellApi(error=2))


def elevated_hangs(env: FaultEnv) -> Observed:
    """WaitForSingleObject times out."""
    return _leave(env, FakeShellApi(wait_result=WAIT_TIMEOUT))


def uac_cancelled_fix_panel(env: FaultEnv) -> Observed:
    """The Fix panel on a live capture: schtasks is refused, the elevated retry's UAC prompt
    is declined."""
    run = ScriptedRun({"schtasks.exe": (1, b"ERROR: Access is denied.\r\n")})
    host = InjectedHost(Injection())
    engine, _ = make_engine(env.tmp / "data", run=run, shell=FakeShellApi(error=1223), host=host)
    window = env.window(host_factory=lambda: host, engine=lambda: engine)
    assert window.refresh.refresh()
    window.fix.show_finding("prereq.device-joined")
    panel = window.ui.fixPanel
    assert panel.select_remedy("remedy.run-device-join-task")
    panel.ui.runButton.click()
    heading, message, *_ = panel.ui.resultView.toPlainText().splitlines()
    assert engine.audit_file.is_file()
    still_works(window)
    return Observed(message, heading)


def _cleanup(env: FaultEnv, fs: FaultyFs | None = None) -> tuple[int, str, Path]:
    profile = make_profile(env.tmp / "Users")
    engine, _ = make_engine(env.tmp / "data", on_windows=False, fs=fs)
    code, line = remedy_cli_run(env, engine, "run", CLEANUP, "--profile", str(profile))
    return code, line, profile


def _backed_up(env: FaultEnv) -> set[str]:
    backups = list((env.tmp / "data" / "backups").glob("*.zip"))
    assert len(backups) == 1
    with zipfile.ZipFile(backups[0]) as archive:
        return {n for n in archive.namelist() if n.startswith("files/")}


def cleanup_locked(env: FaultEnv) -> Observed:
    """FileOps.unlink: sharing violation on settings.dat."""
    code, line, profile = _cleanup(env, FaultyFs(unlink_locked={"settings.dat"}))
    assert (package_of(profile) / "Settings" / "settings.dat").is_file()
    assert len(_backed_up(env)) == TARGETS
    return Observed(line, f"exit {code}; locked file kept, all {TARGETS} backed up")


def cleanup_read_locked(env: FaultEnv) -> Observed:
    """FileOps.open_read: sharing violation on settings.dat (cannot be backed up)."""
    code, line, profile = _cleanup(env, FaultyFs(read_locked={"settings.dat"}))
    assert (package_of(profile) / "Settings" / "settings.dat").is_file()
    assert "files/Settings/settings.dat" not in _backed_up(env)
    return Observed(line, f"exit {code}; unreadable file kept and not deleted")


def cleanup_read_only(env: FaultEnv) -> Observed:
    """Settings.dat is read-only."""
    profile = make_profile(env.tmp / "Users")
    target = package_of(profile) / "Settings" / "settings.dat"
    target.chmod(0o444)
    engine, _ = make_engine(env.tmp / "data", on_windows=False)
    code, line = remedy_cli_run(env, engine, "run", CLEANUP, "--profile", str(profile))
    assert not target.exists() and len(_backed_up(env)) == TARGETS
    return Observed(line, f"exit {code}; read-only file backed up, then deleted")


def cleanup_junction(env: FaultEnv) -> Observed:
    """AC is a junction to a folder outside the profile: never entered, nothing outside lost."""
    profile = make_profile(env.tmp / "Users")
    outside = env.tmp / "elsewhere"
    (outside / "TokenBroker" / "Accounts").mkdir(parents=True)
    (outside / "TokenBroker" / "Accounts" / "victim.tbacct").write_bytes(b"not ours")
    ac = package_of(profile) / "AC"
    os.rename(ac, env.tmp / "real-ac")
    ac.symlink_to(outside, target_is_directory=True)
    before = tree_state(outside)
    engine, _ = make_engine(env.tmp / "data", on_windows=False)
    plan = engine.plan(CLEANUP, profile=str(profile))
    (skipped,) = plan.left_alone
    code, _line = remedy_cli_run(env, engine, "run", CLEANUP, "--profile", str(profile))
    assert tree_state(outside) == before and ac.is_symlink()
    return Observed(f"{skipped.relative} — {skipped.reason}", f"exit {code}; outside untouched")


def _untouched(env: FaultEnv, fs: FaultyFs) -> Observed:
    profile = make_profile(env.tmp / "Users")
    before = tree_state(profile)
    engine, _ = make_engine(env.tmp / "data", on_windows=False, fs=fs)
    code, line = remedy_cli_run(env, engine, "run", CLEANUP, "--profile", str(profile))
    assert tree_state(profile) == before, "a file was deleted without a verified backup"
    assert not list((env.tmp / "data" / "backups").glob("*")), "a partial backup was left"
    return Observed(line, f"exit {code}; every file still there, no partial backup")


def cleanup_disk_full(env: FaultEnv) -> Observed:
    """FileOps.open_new: every write fails with ENOSPC."""
    return _untouched(env, FaultyFs(disk_full=True))


def cleanup_backup_corrupt(env: FaultEnv) -> Observed:
    """FileOps.open_read: the backup reads back with a flipped byte."""
    return _untouched(env, FaultyFs(corrupt_backup=True))


_CLI = "esr-diag remedy run ... --yes (Result line)"
_FILE = "esr-diag remedy run ... --yes (the file's line, path left out)"
_ERR = "esr-diag remedy restore ... --yes (stderr)"
_LEAVE = "Result: failed — Remove this device's Azure AD registration: "
ROWS: list[Fault] = [
    Fault("uac-cancelled", "remedy", "ShellExecuteExW fails with 1223 (prompt declined)", _CLI,
          "Result: cancelled — The administrator prompt was declined. Nothing changed.",
          "exit 2; audited", uac_cancelled),
    Fault("uac-cancelled-fix-panel", "remedy",
          "schtasks.exe: exit 1 'Access is denied'; the elevated retry's prompt is declined",
          "Fix panel result (GUI, live capture)",
          "The administrator prompt was declined. Nothing changed.", "Cancelled",
          uac_cancelled_fix_panel),
    Fault("elevated-process-fails", "remedy", "the elevated dsregcmd.exe exits with 5", _CLI,
          _LEAVE + "dsregcmd.exe ended with exit code 5 (access was denied).",
          "exit 2; audited", elevated_fails),
    Fault("elevated-process-hresult", "remedy", "the elevated dsregcmd.exe exits 0x801C0021",
          _CLI, _LEAVE + "dsregcmd.exe ended with exit code 0x801C0021.", "exit 2; audited",
          elevated_hresult),
    Fault("elevated-not-found", "remedy", "ShellExecuteExW fails with 2 (file not found)", _CLI,
          _LEAVE + "Windows could not find C:\\Windows\\System32\\dsregcmd.exe (error 2).",
          "exit 2; audited", elevated_not_found),
    Fault("elevated-still-running", "remedy", "WaitForSingleObject times out", _CLI,
          _LEAVE + "C:\\Windows\\System32\\dsregcmd.exe was still running after 120 seconds; "
          "it was left running and its result is unknown.", "exit 2; audited", elevated_hangs),
    Fault("cleanup-file-locked", "cleanup", "FileOps.unlink: sharing violation on settings.dat",
          _CLI, "Result: failed — Deleted 3 of 4 file(s); 1 was left in place (see below). "
          f"The backup is {BACKUP}. Stopping the broker (stop_broker=true) or cleaning while "
          "the user is signed out usually frees them.",
          "exit 2; locked file kept, all 4 backed up", cleanup_locked),
    Fault("cleanup-file-unreadable", "cleanup",
          "FileOps.open_read: sharing violation on settings.dat (cannot be backed up)", _CLI,
          "Result: failed — Deleted 3 of 4 file(s); 1 was left in place (see below). "
          f"The backup is {BACKUP}. Stopping the broker (stop_broker=true) or cleaning while "
          "the user is signed out usually frees them.",
          "exit 2; unreadable file kept and not deleted", cleanup_read_locked),
    Fault("cleanup-read-only", "cleanup", "settings.dat is read-only", _CLI,
          "Result: done — Deleted 4 file(s) after backing them up and checking the copy. "
          f"The backup is {BACKUP}.", "exit 0; read-only file backed up, then deleted",
          cleanup_read_only),
    Fault("cleanup-junction-out", "cleanup",
          "the package's AC folder is a junction to a folder outside the profile",
          "the plan's 'Left alone' list (esr-diag remedy plan / Fix panel)",
          "AC — is a link or junction; it was not followed and is left alone",
          "exit 0; outside untouched", cleanup_junction),
    Fault("cleanup-disk-full", "cleanup", "FileOps.open_new: every write fails with ENOSPC",
          _CLI, "Result: failed — The backup could not be written (the disk is full); "
          "nothing was deleted.", "exit 2; every file still there, no partial backup",
          cleanup_disk_full),
    Fault("cleanup-backup-corrupt", "cleanup",
          "FileOps.open_read: the backup reads back with a flipped byte", _CLI,
          "Result: failed — The backup just written could not be read back: the zip is "
          "damaged or incomplete. Nothing was deleted.",
          "exit 2; every file still there, no partial backup", cleanup_backup_corrupt),
    Fault("cleanup-folder-swapped", "cleanup",
          "FileOps.read_handle: Settings becomes a link out of the profile between hash and delete",
          _FILE, "[left-unsafe] Left in place: a folder on its way was replaced while the "
          "cleanup ran; nothing was followed.", "exit 2; outside untouched", cleanup_swap),
    Fault("restore-folder-swapped", "cleanup",
          "FileOps.create_file: Settings becomes a link out of the profile between check and "
          "write", _FILE.replace("run", "restore"), "[left-unsafe] Not restored: a folder on its "
          "way was replaced while restoring; nothing was followed.",
          "exit 2; nothing written outside", restore_swap),
    Fault("restore-unsigned-backup", "cleanup",
          "a backup zip with no signature whose manifest names another profile folder",
          _ERR, "esr-diag: <tmp>/forged.zip was not made by this tool on this computer (it "
          "carries no signature); nothing was restored.", "exit 2; nothing written",
          restore_unsigned),
    Fault("restore-tampered-backup", "cleanup", "a backup whose manifest was edited after signing",
          _ERR, "esr-diag: <tmp>/forged.zip was changed after it was written, or was made by "
          "another user or on another computer (its signature does not match); nothing was "
          "restored.", "exit 2; nothing written", restore_tampered),
    Fault("restore-profile-removed", "cleanup",
          "the profile folder is deleted between the cleanup and the restore", _ERR,
          "esr-diag: The profile folder <tmp>/Users/jdoe no longer exists (it was removed after "
          "the backup was made); nothing was restored.", "exit 2; said once, nothing created",
          restore_profile_removed),
    Fault("profile-never-existed", "cleanup", "--profile names a folder that was never there",
          "esr-diag remedy plan (Cannot run line)", "Cannot run here: The profile folder "
          "<tmp>/Users/nobody does not exist; check the path (--profile, or the profile "
          "chosen). Nothing changed.", "exit 2", profile_never_existed),
    Fault("redact-out-is-input", "cli", "esr-diag redact X --out X", "esr-diag redact (stderr)",
          "esr-diag: --out <tmp>/in.zip is the bundle being redacted; the original would be "
          "lost. Choose another path; nothing was written", "exit 2; nothing written",
          redact_over_input),
    Fault("redact-out-exists", "cli", "esr-diag redact X --out Y, Y exists, no --force",
          "esr-diag redact (stderr)", "esr-diag: <tmp>/out.zip already exists; add --force to "
          "replace it. Nothing was written", "exit 2; nothing written", redact_over_output),
]  # fmt: skip
