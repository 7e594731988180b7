"""The Wine smoke test's tenant step, on Linux: build/fake_entra_server.py serves the tests' fake
on loopback and stops by itself; `smoke_checks.py tenant` holds the run to its promises."""

from __future__ import annotations

import importlib.util
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType

import pytest

BUILD = Path(__file__).resolve().parents[2] / "build"
SAMPLE = next((BUILD.parent / "tests/data/samples/dsregcmd").glob("14-*.txt"))
DEVICE_ID = "6e4cbe68-588b-499c-8c04-dcfff140a1ca"  # the sample's
UPN = "user_d26zuvzj01@inesecuritylabs.onmicrosoft.com"  # the sample's executing account


def _smoke_checks() -> ModuleType:
    spec = importlib.util.spec_from_file_location("smoke_checks", BUILD / "smoke_checks.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _start(folder: Path, *extra: str) -> subprocess.Popen[bytes]:
    args = [sys.executable, str(BUILD / "fake_entra_server.py"), str(folder), "--upn", UPN]
    process = subprocess.Popen([*args, *extra])
    for _ in range(300):
        if (folder / "server.json").exists() or process.poll() is not None:
            break
        time.sleep(0.05)
    return process


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """One real `esr-diag check --tenant --json` against the standalone fake (dev venv)."""
    folder = tmp_path_factory.mktemp("fake")
    fake = _start(folder, "--device-id", DEVICE_ID, "--lifetime", "120")
    try:
        base = json.loads((folder / "server.json").read_text())["base"]
        env = {**os.environ, "ESR_GRAPH_LOGIN_HOST": base, "ESR_GRAPH_BASE": base,
               "ESR_GRAPH_CA_BUNDLE": str(folder / "ca.pem")}  # fmt: skip
        cli = [sys.executable, "-m", "esr_gui.cli", "check", "--dsregcmd", str(SAMPLE)]
        args = [*cli, "--tenant", "--json"]
        done = subprocess.run(args, check=False, env=env, capture_output=True, timeout=120)
    finally:
        fake.send_signal(signal.SIGTERM)
        fake.wait(30)
    log = json.loads((folder / "log.json").read_text())
    return {"log": log, "out": done.stdout, "err": done.stderr, "base": base}


def test_fake_serves_on_loopback_and_the_real_run_passes(run: dict[str, object]) -> None:
    assert str(run["base"]).startswith("https://127.0.0.1:")
    message = _smoke_checks().check_tenant(run["log"], run["out"], run["err"], DEVICE_ID, "p1")
    assert "prereq.license=pass" in message and "tenant.device-object=pass" in message


@pytest.mark.parametrize(
    ("spoil", "said"),
    [
        ("leak", "a token of the fake was printed"),
        ("no-code", "not printed on stderr"),
        ("no-devices", "never asked ['GET /v1.0/devices']"),
        ("no-licence", "expected"),
    ],
)
def test_each_broken_promise_is_named(run: dict[str, object], spoil: str, said: str) -> None:
    log, out, err = dict(run["log"]), bytes(run["out"]), bytes(run["err"])  # type: ignore[call-overload]
    licence = "p1"
    if spoil == "leak":
        err += log["issued"][0].encode()
    elif spoil == "no-code":
        err = err.replace(log["user_codes"][-1].encode(), b"")
    elif spoil == "no-devices":
        log["requests"] = [r for r in log["requests"] if "/v1.0/devices" not in r]
    else:
        licence = "none"  # the fake had a P1 licence: prereq.license=pass is not a "fail"
    with pytest.raises(AssertionError, match=said.replace("[", r"\[").replace("]", r"\]")):
        _smoke_checks().check_tenant(log, out, err, DEVICE_ID, licence)


def test_fake_stops_by_itself_after_its_lifetime(tmp_path: Path) -> None:
    fake = _start(tmp_path, "--lifetime", "0.5")
    assert fake.wait(60) == 0
    log = json.loads((tmp_path / "log.json").read_text())
    assert log["timed_out"] is True and log["requests"] == []
