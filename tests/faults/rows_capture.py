"""Faults of a live capture: dsregcmd, the registry and the event channels, injected below
WindowsHost (subprocess.run, winreg, win32evtlog) and seen as `esr-diag collect` prints them.

Every check also proves that nothing else was lost: the capture finishes, every other probe
succeeds, and the bundle it writes opens and diagnoses.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import re
import subprocess
from pathlib import Path
from unittest import mock

from esr_gui.cli import build_parser
from esr_gui.cli import collect as collect_cli
from esr_gui.core.diagnose import run_diagnosis
from esr_gui.core.snapshot_builder import load_snapshot
from esr_gui.platform.capture_models import CaptureOptions
from tests.conftest import sample
from tests.faults.hosts import DEBUG, FAST, POLICY_KEY, Gate, InjectedHost, Injection
from tests.faults.support import Fault, FaultEnv, Observed, analysis_of
from tests.platform.fakes import FakeEvtlog, FakeRun, FakeWinreg, existing

_COUNTER = re.compile(r"^\[\s*\d+/\d+\] ")
DSREG = "dsregcmd.exe"


def collect(env: FaultEnv, host: InjectedHost, step: str) -> tuple[str, Path]:
    """Run `esr-diag collect --out <tmp>/c.zip` over `host` (short time limits); return the
    progress line of `step` without its [n/N] counter, and the bundle written."""
    out = env.tmp / "c.zip"
    args = build_parser().parse_args(["collect", "--out", str(out)])
    fast = CaptureOptions(limits=FAST)
    err = io.StringIO()
    with (
        mock.patch.object(collect_cli, "options_from", lambda _a: fast),
        contextlib.redirect_stderr(err),
        contextlib.redirect_stdout(io.StringIO()),
    ):
        assert collect_cli.run(args, host=host) == 0
    lines = [_COUNTER.sub("", line) for line in err.getvalue().splitlines()]
    mine = re.compile(rf"^\S+\s+{re.escape(step)}(:|$)")
    found = [line for line in lines if mine.match(line)]
    assert len(found) == 1, lines
    return found[0], out


def intact(bundle: Path, broken: str) -> None:
    """The bundle opens, diagnoses, and holds every probe but the broken one."""
    snapshot = load_snapshot(bundle)
    assert run_diagnosis(snapshot).findings
    assert snapshot.upn and snapshot.registry.keys
    if broken != "dsregcmd":
        assert snapshot.dsregcmd is not None
    if not broken.startswith("events:"):
        assert snapshot.channel_state(DEBUG) is not None


def _line(env: FaultEnv, injection: Injection, step: str) -> Observed:
    line, bundle = collect(env, InjectedHost(injection), step)
    intact(bundle, step)
    state = line.split(maxsplit=1)[0] if line else "absent"
    return Observed(line, f"step {state}; bundle written")


def _dsreg(answer: object) -> Injection:
    return Injection(tools=FakeRun().script(DSREG, "/status", answer))


def dsregcmd_missing(env: FaultEnv) -> Observed:
    """ToolRunner.exists: no dsregcmd.exe in System32."""
    return _line(env, Injection(tools=FakeRun(), exists=existing()), "dsregcmd")


def dsregcmd_killed(env: FaultEnv) -> Observed:
    """subprocess.run raises TimeoutExpired (process killed at its 0.5 s limit)."""
    return _line(env, _dsreg(subprocess.TimeoutExpired(DSREG, 0.5)), "dsregcmd")


def dsregcmd_hangs(env: FaultEnv) -> Observed:
    """subprocess.run blocks 5 s; the capture waits its limit + grace (0.7 s)."""
    gate = Gate(5.0, (0, b"", b""))
    try:
        return _line(env, _dsreg(gate), "dsregcmd")
    finally:
        gate.released.set()


def dsregcmd_exit_code(env: FaultEnv) -> Observed:
    """subprocess.run: exit 1, a French error on stderr (OEM code page 850)."""
    said = "Erreur : l'opération a échoué\r\n".encode("cp850")
    return _line(env, _dsreg((1, b"", said)), "dsregcmd")


def dsregcmd_hresult(env: FaultEnv) -> Observed:
    """subprocess.run: exit 0x801C0021, no output."""
    return _line(env, _dsreg((0x801C0021, b"", b"")), "dsregcmd")


def _parsed(env: FaultEnv, stdout: bytes) -> Observed:
    """dsregcmd answers; what the Device status pane then lists for the text."""
    window = env.window(host_factory=lambda: InjectedHost(_dsreg((0, stdout, b""))))
    assert window.refresh.refresh()
    problems = window.ui.devicePane.ui.problemsList
    lines = [problems.item(i).text() for i in range(problems.count())]
    snapshot = analysis_of(window).snapshot
    state = "parsed" if snapshot.dsregcmd is not None else "not parsed; other panes filled"
    assert snapshot.events and snapshot.registry.keys
    return Observed(lines[0], state)


def dsregcmd_garbage(env: FaultEnv) -> Observed:
    """subprocess.run: exit 0, binary garbage on stdout."""
    return _parsed(env, b"\x00\xff\xfe garbage \x13\x37" * 40)


def dsregcmd_utf16(env: FaultEnv) -> Observed:
    """subprocess.run: stdout UTF-16LE with BOM."""
    text = sample("14").read_text(encoding="utf-8", errors="replace")
    return _parsed(env, codecs.BOM_UTF16_LE + text.encode("utf-16-le"))


def dsregcmd_localized(env: FaultEnv) -> Observed:
    """subprocess.run: the Italian console's PowerShell banner before the fields."""
    return _parsed(env, sample("07").read_bytes())


def registry_missing(env: FaultEnv) -> Observed:
    """winreg.OpenKey raises FileNotFoundError."""
    return _line(env, Injection(keys={POLICY_KEY}), "registry:policy-settingsync.reg")


def registry_denied(env: FaultEnv) -> Observed:
    """winreg.OpenKey raises PermissionError (5)."""
    winreg = FakeWinreg()
    winreg.key(POLICY_KEY).denied = True
    injection = Injection(winreg=winreg, keys={POLICY_KEY})
    return _line(env, injection, "registry:policy-settingsync.reg")


def registry_denied_checklist(env: FaultEnv) -> Observed:
    """An unreadable policy key must not read as "no policy": the check says it is unknown."""
    winreg = FakeWinreg()
    winreg.key(POLICY_KEY).denied = True
    injection = Injection(winreg=winreg, keys={POLICY_KEY})
    window = env.window(host_factory=lambda: InjectedHost(injection))
    assert window.refresh.refresh()
    finding = analysis_of(window).finding("sync.policy-allows")
    assert finding is not None
    return Observed(finding.title, finding.status)


def _channel(env: FaultEnv, evtlog: FakeEvtlog | None, **kw: object) -> Observed:
    injection = Injection(evtlog=evtlog, channels={DEBUG}, **kw)  # type: ignore[arg-type]
    return _line(env, injection, f"events:{DEBUG}")


def channel_not_found(env: FaultEnv) -> Observed:
    """EvtQuery raises pywintypes.error 15007."""
    return _channel(env, FakeEvtlog())


def channel_disabled(env: FaultEnv) -> Observed:
    """EvtQuery: no events; channel config enabled=False."""
    return _channel(env, FakeEvtlog(channels={DEBUG: []}, enabled={DEBUG: False}))


def channel_denied(env: FaultEnv) -> Observed:
    """EvtQuery raises pywintypes.error 5."""
    return _channel(env, FakeEvtlog(channels={DEBUG: 5}))


def channel_debug_unreadable(env: FaultEnv) -> Observed:
    """EvtQuery raises pywintypes.error 15022; no wevtutil.exe to export with."""
    return _channel(env, FakeEvtlog(channels={DEBUG: 15022}))


def channel_cleared(env: FaultEnv) -> Observed:
    """EvtQuery raises pywintypes.error 15011."""
    return _channel(env, FakeEvtlog(channels={DEBUG: 15011}))


def no_event_reader(env: FaultEnv) -> Observed:
    """No pywin32 and no wevtutil.exe."""
    return _channel(env, None, exists=existing(DSREG))


def probe_bug(env: FaultEnv) -> Observed:
    """The system-facts probe raises RuntimeError (a bug)."""
    host = InjectedHost(Injection())
    host.fail("system", RuntimeError("WMI returned no rows"))
    line, bundle = collect(env, host, "system")
    intact(bundle, "system")
    return Observed(line, "step failed; bundle written")


def probe_unmapped_os_error(env: FaultEnv) -> Observed:
    """The UPN probe raises a raw PermissionError no adapter mapped."""
    host = InjectedHost(Injection())
    host.fail("upn", PermissionError(5, "Access is denied"))
    line, bundle = collect(env, host, "upn")
    assert load_snapshot(bundle).dsregcmd is not None
    return Observed(line, "step failed; bundle written")


def channel_denied_events_pane(env: FaultEnv) -> Observed:
    """What the Events tab says about a channel the capture could not read."""
    injection = Injection(evtlog=FakeEvtlog(channels={DEBUG: 5}), channels={DEBUG})
    window = env.window(host_factory=lambda: InjectedHost(injection))
    assert window.refresh.refresh()
    label = window.ui.eventsPane.ui.channelStates.text()
    part = next(p for p in label.split(" · ") if "SettingSync/Debug" in p)
    assert window.ui.eventsPane.model.rowCount() > 0
    return Observed(re.sub(r"<[^>]+>", "", part), "other channels shown")


_CAPTURE = "esr-diag collect step line"
ROWS: list[Fault] = [
    Fault("dsregcmd-missing", "dsregcmd", "ToolRunner.exists: no dsregcmd.exe in System32",
          _CAPTURE, "missing   dsregcmd: dsregcmd.exe is not present on this system",
          "step missing; bundle written", dsregcmd_missing),
    Fault("dsregcmd-killed-at-timeout", "dsregcmd",
          "subprocess.run raises TimeoutExpired (process killed at its 0.5 s limit)", _CAPTURE,
          "timeout   dsregcmd: dsregcmd.exe did not finish within 0.5 s and was stopped",
          "step timeout; bundle written", dsregcmd_killed),
    Fault("dsregcmd-hangs", "dsregcmd",
          "subprocess.run blocks 5 s; the capture waits its limit + grace (0.7 s)", _CAPTURE,
          "timeout   dsregcmd: dsregcmd /status did not answer within 0.7 s",
          "step timeout; bundle written", dsregcmd_hangs),
    Fault("dsregcmd-exit-code", "dsregcmd",
          "subprocess.run: exit 1, a French error on stderr (OEM code page 850)", _CAPTURE,
          "failed    dsregcmd: dsregcmd /status ended with exit code 1: "
          "Erreur : l'opération a échoué",
          "step failed; bundle written", dsregcmd_exit_code),
    Fault("dsregcmd-hresult-exit", "dsregcmd", "subprocess.run: exit 0x801C0021, no output",
          _CAPTURE, "failed    dsregcmd: dsregcmd /status ended with exit code 0x801C0021",
          "step failed; bundle written", dsregcmd_hresult),
    Fault("dsregcmd-garbage", "dsregcmd", "subprocess.run: exit 0, binary garbage on stdout",
          "Device status › unusable members (GUI refresh)",
          "Not usable: dsregcmd-status.txt: no dsregcmd /status fields were found in this text",
          "not parsed; other panes filled", dsregcmd_garbage),
    Fault("dsregcmd-utf16", "dsregcmd", "subprocess.run: stdout UTF-16LE with BOM",
          "Device status › unusable members (GUI refresh)",
          "Every bundle member was read without a warning.", "parsed", dsregcmd_utf16),
    Fault("dsregcmd-localized-banner", "dsregcmd",
          "subprocess.run: the Italian console's PowerShell banner before the fields",
          "Device status › parser warnings (GUI refresh)",
          "Parser warning: dsregcmd text: ignored 3 line(s) outside any section that are not "
          "dsregcmd fields (first: line 1, 'Windows PowerShell')", "parsed", dsregcmd_localized),
    Fault("registry-key-missing", "registry", "winreg.OpenKey raises FileNotFoundError",
          _CAPTURE, "missing   registry:policy-settingsync.reg: the key "
          "HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\SettingSync does not exist",
          "step missing; bundle written", registry_missing),
    Fault("registry-access-denied", "registry", "winreg.OpenKey raises PermissionError (5)",
          _CAPTURE, "failed    registry:policy-settingsync.reg: reading "
          "HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\SettingSync needs administrator rights",
          "step failed; bundle written", registry_denied),
    Fault("registry-denied-not-read-as-unset", "registry",
          "winreg.OpenKey raises PermissionError (5) for the sync policy key",
          "Checklist (GUI refresh)", "Sync policy not known", "unknown", registry_denied_checklist),
    Fault("channel-not-found", "events", "EvtQuery raises pywintypes.error 15007", _CAPTURE,
          f"missing   events:{DEBUG}: {DEBUG} is not present on this build",
          "step missing; bundle written", channel_not_found),
    Fault("channel-disabled", "events", "EvtQuery: no events; channel config enabled=False",
          _CAPTURE, f"missing   events:{DEBUG}: {DEBUG} is turned off (no events)",
          "step missing; bundle written", channel_disabled),
    Fault("channel-access-denied", "events", "EvtQuery raises pywintypes.error 5", _CAPTURE,
          f"failed    events:{DEBUG}: reading {DEBUG} needs administrator rights",
          "step failed; bundle written", channel_denied),
    Fault("channel-denied-events-pane", "events", "EvtQuery raises pywintypes.error 5",
          "Events tab › event log states (GUI refresh)", "needs admin: SettingSync/Debug",
          "other channels shown", channel_denied_events_pane),
    Fault("channel-enabled-debug-unreadable", "events",
          "EvtQuery raises pywintypes.error 15022; no wevtutil.exe to export with", _CAPTURE,
          f"failed    events:{DEBUG}: {DEBUG} is an enabled debug channel, which cannot be "
          "read while it runs: export it instead (wevtutil epl)",
          "step failed; bundle written", channel_debug_unreadable),
    Fault("channel-cleared-while-read", "events", "EvtQuery raises pywintypes.error 15011",
          _CAPTURE, f"failed    events:{DEBUG}: {DEBUG} was cleared while it was read",
          "step failed; bundle written", channel_cleared),
    Fault("probe-bug", "capture", "the system-facts probe raises RuntimeError (a bug)",
          _CAPTURE, "failed    system: stopped by an internal error (WMI returned no rows); "
          "see the log", "step failed; bundle written", probe_bug),
    Fault("probe-unmapped-os-error", "capture",
          "the UPN probe raises a raw PermissionError no adapter mapped", _CAPTURE,
          "failed    upn: Windows reported an error: Access is denied",
          "step failed; bundle written", probe_unmapped_os_error),
    Fault("no-event-log-reader", "events", "no pywin32 and no wevtutil.exe", _CAPTURE,
          f"missing   events:{DEBUG}: neither pywin32 nor wevtutil.exe is available to read "
          "event logs", "step missing; bundle written", no_event_reader),
]  # fmt: skip
