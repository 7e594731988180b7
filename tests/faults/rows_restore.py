"""Faults of the cleanup's deletes and the restore's writes (a folder swapped for a link
between two steps, a forged or edited backup, a removed profile) and of `esr-diag redact`'s
output. The rows themselves are in rows_remedy.py.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path
from unittest import mock

from esr_gui.cli import remedy as remedy_cli
from esr_gui.platform.remedies import RemedyEngine
from tests.faults.hosts import demo_members
from tests.faults.support import TMP, FaultEnv, Observed, write_zip
from tests.platform.test_remedies_support import make_engine, make_profile, package_of, tree_state
from tests.platform.test_remedies_swap import SwapFs

CLEANUP = "remedy.broker-plugin-cleanup"


def _cli(env: FaultEnv, engine: RemedyEngine, *args: str) -> tuple[int, str, str]:
    """`esr-diag ARGS` over `engine`: exit code, stdout and stderr (with <tmp>)."""
    with mock.patch.object(remedy_cli, "make_engine", lambda: engine):
        run = env.cli(*args)
    return run.code, env.plain(run.out), env.plain(run.err)


def _file_line(out: str, name: str) -> str:
    (line,) = [x.strip() for x in out.splitlines() if x.strip().startswith("[") and name in x]
    return line.split(" ", 2)[0] + " " + line.split(" ", 2)[2]  # the path itself is in <tmp>


def _swapped(env: FaultEnv, step: str) -> tuple[SwapFs, Path, RemedyEngine, Path]:
    profile = make_profile(env.tmp / "Users")
    outside = env.tmp / "outside"
    outside.mkdir()
    if step != "write":
        (outside / "settings.dat").write_bytes(b"someone else's settings.dat")
    fs = SwapFs(step, package_of(profile) / "Settings", outside)
    engine, _ = make_engine(env.tmp / "data", on_windows=False, fs=fs)
    return fs, profile, engine, outside


def cleanup_swap(env: FaultEnv) -> Observed:
    """Settings is swapped for a link out of the profile between the hash and the delete."""
    fs, profile, engine, outside = _swapped(env, "hash")
    before = tree_state(outside)
    fs.arm_after_backup = True
    code, out, _ = _cli(env, engine, "remedy", "run", CLEANUP, "--profile", str(profile), "--yes")
    assert fs.swapped and tree_state(outside) == before
    return Observed(_file_line(out, "settings.dat"), f"exit {code}; outside untouched")


def restore_swap(env: FaultEnv) -> Observed:
    """Settings is swapped for a link out of the profile between the check and the write."""
    fs, profile, engine, outside = _swapped(env, "write")
    code, out, _ = _cli(env, engine, "remedy", "run", CLEANUP, "--profile", str(profile), "--yes")
    backup = next(x[8:] for x in out.splitlines() if x.startswith("Backup: "))
    fs.armed = True
    code, out, _ = _cli(env, engine, "remedy", "restore", backup.replace(TMP, str(env.tmp)),
                        "--profile", str(profile), "--yes")  # fmt: skip
    assert fs.swapped and not list(outside.iterdir())
    return Observed(_file_line(out, "settings.dat"), f"exit {code}; nothing written outside")


def _backup_of(env: FaultEnv) -> tuple[RemedyEngine, Path, Path]:
    profile = make_profile(env.tmp / "Users")
    engine, _ = make_engine(env.tmp / "data", on_windows=False)
    _cli(env, engine, "remedy", "run", CLEANUP, "--profile", str(profile), "--yes")
    (backup,) = (env.tmp / "data" / "backups").glob("*.zip")
    return engine, profile, backup


def _forge(backup: Path, out: Path, keep_mac: bool) -> Path:
    with zipfile.ZipFile(backup) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "manifest.json":
                data = data.replace(b'"profile_dir": "', b'"profile_dir": "/tmp/../')
            if keep_mac or info.filename != "manifest.hmac":
                dst.writestr(info.filename, data)
    return out


def _restore_refused(env: FaultEnv, keep_mac: bool) -> Observed:
    engine, profile, backup = _backup_of(env)
    forged = _forge(backup, env.tmp / "forged.zip", keep_mac)
    before = tree_state(profile)
    code, out, err = _cli(env, engine, "remedy", "restore", str(forged), "--profile",
                          str(profile), "--yes")  # fmt: skip
    assert tree_state(profile) == before and out == ""
    return Observed(err.strip(), f"exit {code}; nothing written")


def restore_unsigned(env: FaultEnv) -> Observed:
    """A backup whose manifest names another profile folder and has no signature."""
    return _restore_refused(env, keep_mac=False)


def restore_tampered(env: FaultEnv) -> Observed:
    """A backup whose manifest was edited after it was signed."""
    return _restore_refused(env, keep_mac=True)


def restore_profile_removed(env: FaultEnv) -> Observed:
    """The profile folder is deleted between the cleanup and the restore."""
    engine, profile, backup = _backup_of(env)
    shutil.rmtree(profile)
    code, out, err = _cli(env, engine, "remedy", "restore", str(backup), "--profile",
                          str(profile), "--yes")  # fmt: skip
    assert out == "" and len(err.splitlines()) == 1 and not profile.exists()
    return Observed(err.strip(), f"exit {code}; said once, nothing created")


def profile_never_existed(env: FaultEnv) -> Observed:
    """--profile names a folder that was never there."""
    engine, _ = make_engine(env.tmp / "data", on_windows=False)
    nowhere = env.tmp / "Users" / "nobody"
    code, out, err = _cli(env, engine, "remedy", "plan", CLEANUP, "--profile", str(nowhere))
    (line,) = [x for x in out.splitlines() if x.startswith("Cannot run here: ")]
    assert "no longer there" not in out + err and not nowhere.exists()
    return Observed(line, f"exit {code}")


def _redact(env: FaultEnv, same: bool) -> Observed:
    source = write_zip(env.tmp / "in.zip", demo_members())
    before = source.read_bytes()
    out = source if same else env.tmp / "out.zip"
    if not same:
        out.write_bytes(b"someone else's file")
    run = env.cli("redact", str(source), "--out", str(out))
    assert source.read_bytes() == before and (same or out.read_bytes() == b"someone else's file")
    return Observed(env.plain(run.err.strip()), f"exit {run.code}; nothing written")


def redact_over_input(env: FaultEnv) -> Observed:
    """`redact X --out X`."""
    return _redact(env, same=True)


def redact_over_output(env: FaultEnv) -> Observed:
    """`redact X --out Y` where Y exists, without --force."""
    return _redact(env, same=False)
