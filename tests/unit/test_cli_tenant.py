"""`esr-diag check --tenant` and `collect --tenant` against the local fake of Entra ID + Graph."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from esr_gui.cli import collect, main
from esr_gui.core.snapshot_builder import load_snapshot
from esr_gui.platform.fake import FakeHost
from esr_gui.platform.graph import options as graph_options
from esr_gui.platform.host import HostContext
from tests.conftest import python_snippet
from tests.fakes.fake_entra import FakeEntra
from tests.fakes.graph_fixtures import DEVICE_ID, device
from tests.unit.diagnose_support import boxed, dsreg


@pytest.fixture
def tenant_env(entra: FakeEntra, monkeypatch: pytest.MonkeyPatch) -> FakeEntra:
    """The CLI's Graph settings pointed at the fake (the national-cloud variables)."""
    monkeypatch.setenv(graph_options.ENV_LOGIN_HOST, entra.base)
    monkeypatch.setenv(graph_options.ENV_GRAPH_BASE, entra.base)
    monkeypatch.setenv(graph_options.ENV_CA_BUNDLE, entra.ca)
    entra.devices = [device()]
    return entra


def _dsregcmd(tmp_path: Path) -> Path:
    path = tmp_path / "dsregcmd.txt"
    path.write_text(boxed(dsreg(Device_Details={"DeviceId": DEVICE_ID})), encoding="ascii")
    return path


def _no_token(entra: FakeEntra, *outputs: bytes) -> None:
    for token in entra.issued:
        assert all(token.encode() not in out for out in outputs), "a token leaked"


def test_check_tenant_shows_the_code_on_stderr_and_keeps_stdout_json(
    tenant_env: FakeEntra, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["check", "--dsregcmd", str(_dsregcmd(tmp_path)), "--json", "--tenant"])
    out, err = capsys.readouterr()
    assert code in (0, 1)
    json.loads(out)  # stdout is still exactly the JSON document
    assert "enter" in err and "microsoft.com/devicelogin" in err
    assert "Reading /v1.0/devices" in err
    assert any(r.startswith("GET /v1.0/devices?") for r in tenant_env.requests)
    assert any("/5f1c9d1e-7b3a-4c2e-9a51/oauth2" in r for r in tenant_env.requests)  # its tenant
    _no_token(tenant_env, out.encode(), err.encode())


def test_check_tenant_sign_in_declined_is_said_and_the_check_still_reports(
    tenant_env: FakeEntra, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tenant_env.device_outcomes = ["declined"]
    code = main(["check", "--dsregcmd", str(_dsregcmd(tmp_path)), "--tenant", "contoso.com"])
    out, err = capsys.readouterr()
    assert code in (0, 1) and out
    assert "the tenant could not be checked: authorization_declined" in err
    assert any("/contoso.com/oauth2" in r for r in tenant_env.requests)


def test_intune_never_prompts(
    tenant_env: FakeEntra, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["check", "--dsregcmd", str(_dsregcmd(tmp_path)), "--intune", "--tenant"])
    out, err = capsys.readouterr()
    assert code == 2 and err == ""
    assert out.startswith("ESR ERROR | could not run: --tenant cannot be used with --intune")
    assert tenant_env.requests == []


def test_collect_tenant_puts_the_graph_answers_into_the_bundle(
    tenant_env: FakeEntra,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    text = boxed(dsreg(Device_Details={"DeviceId": DEVICE_ID})).encode("ascii")
    context = HostContext(user="CONTOSO\\jdoe", computer="PC-0042", timezone="UTC")
    host = FakeHost(context=context, upn="Jane.Doe@contoso.example", dsregcmd=text)
    monkeypatch.setattr(collect, "live_host", lambda: host)
    out = tmp_path / "pc.esrbundle.zip"
    assert main(["collect", "--out", str(out), "--tenant", "--quiet"]) == 0
    _, err = capsys.readouterr()
    with zipfile.ZipFile(out) as archive:
        names = set(archive.namelist())
        blobs = [archive.read(n) for n in names]
    assert {"graph/index.json", "graph/me.json", "graph/devices.json"} <= names
    snap = load_snapshot(out)
    assert snap.graph is not None and snap.graph.devices is not None
    assert snap.graph.devices[0].device_id == DEVICE_ID
    _no_token(tenant_env, *blobs, err.encode())


def test_esr_diag_starts_without_msal() -> None:
    """Intune runs esr-diag on every device: MSAL loads only when --tenant is used."""

    code = "import sys, esr_gui.cli; print([m for m in ('msal', 'requests') if m in sys.modules])"
    out = python_snippet(code, check=True)
    assert out.stdout.strip() == "[]"
