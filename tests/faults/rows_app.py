"""Faults of the app itself: a damaged or unwritable settings file, a crash inside a worker,
and the ways `esr-diag check` can be started wrongly or fail half-way.
"""

from __future__ import annotations

import json
import logging
from unittest import mock

import pytest

from esr_gui.cli import check as check_cli
from esr_gui.gui.controllers import session as session_controller
from esr_gui.gui.pipeline import Source
from esr_gui.gui.settings import SettingsStore
from esr_gui.resources import demo_dir
from tests.faults.hosts import DEMO
from tests.faults.support import (
    Fault,
    FaultEnv,
    Observed,
    analysis_of,
    app_log,
    notice,
    still_works,
    without_stamp,
)

BUNDLE = demo_dir() / DEMO


def _settings(env: FaultEnv, data: bytes) -> Observed:
    """The window starts with defaults, names the problem, keeps the bad file aside."""
    path = env.tmp / "config" / "settings.json"
    path.parent.mkdir(parents=True)
    path.write_bytes(data)
    window = env.window(store=SettingsStore(path))
    shown = without_stamp(env.plain(notice(window)))
    kept = list(path.parent.glob("settings.json.bad-*"))
    assert len(kept) == 1 and kept[0].read_bytes() == data and not path.exists()
    assert window.ctx.store.settings.recent_files == []
    still_works(window)
    window.close()
    assert json.loads(path.read_text())["version"] == 1, "fresh settings were saved"
    return Observed(shown, "defaults; bad file kept aside")


def settings_not_json(env: FaultEnv) -> Observed:
    """Settings.json cut in the middle of a list."""
    return _settings(env, b'{"version": 1, "recent_files": [')


def settings_bad_value(env: FaultEnv) -> Observed:
    """Auto_refresh_minutes = 100000."""
    return _settings(env, json.dumps({"auto_refresh_minutes": 100_000}).encode())


def settings_unwritable(env: FaultEnv) -> Observed:
    """The settings folder is a file: closing the window logs it and still closes."""
    blocker = env.tmp / "config-is-a-file"
    blocker.write_bytes(b"")
    window = env.window(store=SettingsStore(blocker / "settings.json"))
    with app_log() as records:
        assert window.close()
    said = [r.getMessage() for r in records if r.levelno >= logging.ERROR]
    return Observed(env.plain(said[0]), "window closed; logged in the Log tab")


def worker_crash(env: FaultEnv) -> Observed:
    """A bug inside a job: a dialog says so, the log has the traceback, the window lives on."""
    window = env.window()
    window.open_source(Source("demo", name="healthy-aad-joined"))
    boom = RuntimeError("a rule divided by zero")
    with app_log() as records, mock.patch.object(session_controller, "analyse", side_effect=boom):
        window.open_source(Source("demo", name=DEMO))
    assert any("Traceback" in r.getMessage() for r in records)
    (message,) = [details for name, details in env.dialogs.calls if name == "error"]
    assert window.status_label.text() == message
    assert analysis_of(window).source.name == "healthy-aad-joined"
    still_works(window)
    return Observed(message, "dialog + log; previous device kept")


def capture_crash(env: FaultEnv) -> Observed:
    """A bug while making the live host: Refresh fails calmly and can be tried again."""

    def broken_host() -> object:
        raise KeyError("SystemRoot")

    window = env.window(host_factory=broken_host)
    assert window.refresh.refresh()
    (message,) = [details for name, details in env.dialogs.calls if name == "error"]
    assert notice(window) == f"The live capture failed: {message}"
    assert window.ui.actionRefresh.isEnabled() and not window.refresh.running()
    still_works(window)
    return Observed(message, "dialog + header notice; Refresh enabled again")


def _check(env: FaultEnv, *args: str) -> Observed:
    run = env.cli("check", *args)
    lines = [line for line in (run.err or run.out).splitlines() if line.startswith("esr-diag")]
    return Observed(env.plain(lines[0] if lines else run.out.strip()), f"exit {run.code}")


def check_internal_error(env: FaultEnv) -> Observed:
    """Run_diagnosis raises RuntimeError."""
    with mock.patch.object(check_cli, "run_diagnosis", side_effect=RuntimeError("rule bug")):
        return _check(env, "--bundle", str(BUNDLE), "--json")


def intune_internal_error(env: FaultEnv) -> Observed:
    """Run_diagnosis raises RuntimeError under --intune."""
    with mock.patch.object(check_cli, "run_diagnosis", side_effect=RuntimeError("rule bug")):
        run = env.cli("check", "--bundle", str(BUNDLE), "--intune")
    assert run.err == "" and run.out.count("\n") == 1
    return Observed(run.out.strip(), f"exit {run.code}; stderr empty")


def log_json_unwritable(env: FaultEnv) -> Observed:
    """--log-json into a path below a file."""
    (env.tmp / "logs-is-a-file").write_bytes(b"")
    target = env.tmp / "logs-is-a-file" / "esr.jsonl"
    run = env.cli("check", "--bundle", str(BUNDLE), "--log-json", str(target))
    assert "Result   : at least one check FAILS" in run.out
    return Observed(env.plain(run.err.strip()), f"exit {run.code}; the check's own result")


def dsregcmd_file_missing(env: FaultEnv) -> Observed:
    """--dsregcmd names a file that is not there."""
    return _check(env, "--dsregcmd", str(env.tmp / "dsregcmd.txt"))


def live_off_windows(env: FaultEnv) -> Observed:
    """Check without a source on Linux."""
    if __import__("sys").platform == "win32":
        pytest.skip("live capture works here")
    return _check(env)


def two_sources(env: FaultEnv) -> Observed:
    """--bundle and --dsregcmd together."""
    return _check(env, "--bundle", str(BUNDLE), "--dsregcmd", "x.txt")


_CHECK = "esr-diag check (stderr)"
ROWS: list[Fault] = [
    Fault("settings-not-json", "settings", "settings.json cut in the middle of a list",
          "the window's header notice at start", "The settings file could not be read (it is "
          "not valid JSON); it was kept as settings.json.bad-<time> in <tmp>/config. "
          "Using defaults.", "defaults; bad file kept aside", settings_not_json),
    Fault("settings-bad-value", "settings", "auto_refresh_minutes = 100000",
          "the window's header notice at start", "The settings file could not be read "
          "(auto_refresh_minutes: Input should be less than or equal to 240); it was kept as "
          "settings.json.bad-<time> in <tmp>/config. Using defaults.",
          "defaults; bad file kept aside", settings_bad_value),
    Fault("settings-unwritable", "settings", "the settings folder is a file", "Log tab",
          "The settings could not be saved to <tmp>/config-is-a-file/settings.json (a part of "
          "its folder path is a file); the next start uses the ones saved before.",
          "window closed; logged in the Log tab", settings_unwritable),
    Fault("worker-crash", "app", "diagnosis raises RuntimeError inside the worker job",
          "error dialog + status bar (traceback in the log)",
          "Opening demo “hybrid-not-registered” stopped because of an internal error (a rule "
          "divided by zero). The app keeps running; the details are in the log (Log tab, or "
          "Tools › Open log folder).", "dialog + log; previous device kept", worker_crash),
    Fault("capture-crash", "app", "the live host cannot even be created (KeyError)",
          "error dialog + header notice", "Live capture stopped because of an internal error "
          "('SystemRoot'). The app keeps running; the details are in the log (Log tab, or "
          "Tools › Open log folder).", "dialog + header notice; Refresh enabled again",
          capture_crash),
    Fault("check-internal-error", "cli", "run_diagnosis raises RuntimeError", _CHECK,
          "esr-diag: internal error (RuntimeError: rule bug)", "exit 2", check_internal_error),
    Fault("intune-internal-error", "cli", "run_diagnosis raises RuntimeError under --intune",
          "esr-diag check --intune (stdout, one line)", "ESR ERROR | could not run: rule bug",
          "exit 2; stderr empty", intune_internal_error),
    Fault("log-json-unwritable", "cli", "--log-json into a path below a file", _CHECK,
          "esr-diag: --log-json: could not append to <tmp>/logs-is-a-file/esr.jsonl: a part "
          "of its folder path is a file (the check itself ran)",
          "exit 1; the check's own result", log_json_unwritable),
    Fault("dsregcmd-file-missing", "cli", "--dsregcmd names a file that is not there", _CHECK,
          "esr-diag: <tmp>/dsregcmd.txt does not exist", "exit 2", dsregcmd_file_missing),
    Fault("live-capture-off-windows", "cli", "check without a source on Linux", _CHECK,
          "esr-diag: live capture needs Windows, and this is Linux; open a capture with "
          "--bundle PATH or a saved text with --dsregcmd FILE", "exit 2", live_off_windows),
    Fault("check-two-sources", "cli", "--bundle and --dsregcmd together", _CHECK,
          "esr-diag: argument --dsregcmd: not allowed with argument --bundle (see esr-diag "
          "--help)", "exit 2", two_sources),
]  # fmt: skip
