"""The real MSAL against a local HTTPS entra of Entra ID and Graph: sign-in flows, incremental
scopes, Graph errors, and what ends up in the `graph/` members (never a token)."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from esr_gui.platform.graph.tenant_check import TenantTarget, check_tenant
from tests.fakes.fake_entra import Account, FakeEntra
from tests.fakes.graph_fixtures import (
    DEVICE_ID,
    Codes,
    closed_port,
    device,
    options_for,
)

TARGET = TenantTarget(device_id=DEVICE_ID, user_upn="Jane.Doe@contoso.example")


def _run(entra: FakeEntra, target: TenantTarget = TARGET, **changes: object):
    codes, said = Codes(), []
    result = check_tenant(options_for(entra, **changes), target, show_code=codes, say=said.append)
    return result, codes, said


def _index(result) -> dict:
    return json.loads(result.members["graph/index.json"])


def test_device_code_with_pending_then_success_reads_user_licence_and_device(
    entra: FakeEntra,
) -> None:
    entra.devices = [device()]
    entra.pending_polls, entra.interval = 1, 1  # one authorization_pending, our own wait
    result, codes, _ = _run(entra)
    graph = result.graph
    assert graph.sign_in is None
    assert graph.user is not None and graph.user.upn == "Jane.Doe@contoso.example"
    assert graph.licenses is not None and graph.licenses[0].sku == "EMS"
    assert graph.devices is not None and graph.devices[0].device_id == DEVICE_ID
    # Incremental: User.Read first, then a second sign-in only for Device.Read.All.
    assert len(codes.shown) == 2 and codes.shown[0].code
    assert graph.scopes == ["User.Read", "Device.Read.All"]
    assert graph.signed_in_as == "Jane.Doe@contoso.example"
    assert set(result.members) == {
        "graph/index.json", "graph/me.json", "graph/me-licenseDetails.json", "graph/devices.json"
    }  # fmt: skip
    assert [c["status"] for c in _index(result)["calls"]] == [200, 200, 200]


def test_consented_scope_is_asked_silently_without_a_second_code(entra: FakeEntra) -> None:
    entra.consented = {"User.Read", "Device.Read.All"}
    entra.devices = [device()]
    result, codes, _ = _run(entra)
    assert len(codes.shown) == 1
    assert result.graph.devices is not None
    assert sum("devicecode" in r for r in entra.requests) == 1


@pytest.mark.parametrize(
    ("outcome", "kind"), [("expired", "expired-code"), ("declined", "declined")]
)
def test_sign_in_refused_is_recorded_not_raised(entra: FakeEntra, outcome: str, kind: str) -> None:
    entra.device_outcomes = [outcome]
    result, _, said = _run(entra)
    assert result.graph.sign_in is not None and result.graph.sign_in.kind == kind
    assert _index(result)["calls"] == [] and set(result.members) == {"graph/index.json"}
    assert any("Sign-in failed" in s for s in said)


def test_device_read_all_refused_is_reported_as_admin_consent(entra: FakeEntra) -> None:
    entra.device_outcomes = ["grant", "declined"]  # "Need admin approval": the user backs out
    result, _, _ = _run(entra)
    call = result.graph.call("devices")
    assert call is not None and call.problem is not None
    assert call.problem.kind == "admin-consent" and call.status is None
    assert result.graph.user is not None  # the user part still counts


@pytest.mark.parametrize(
    ("status", "wait", "kind"), [(403, None, "forbidden"), (401, None, "unauthorized"),
                                 (429, 120, "throttled")],
)  # fmt: skip
def test_graph_errors_are_kept_as_raw_bodies(
    entra: FakeEntra, status: int, wait: int | None, kind: str
) -> None:
    entra.consented = {"User.Read", "Device.Read.All"}
    entra.graph_faults["/v1.0/devices"] = [(status, wait)] * 3
    result, _, _ = _run(entra)
    call = result.graph.call("devices")
    assert call is not None and call.status == status and call.problem is not None
    assert call.problem.kind == kind and call.file == "graph/devices-error.json"
    body = json.loads(result.members["graph/devices-error.json"])
    assert body["error"]["code"]
    if wait:
        assert call.problem.retry_after == wait


def test_429_with_a_short_retry_after_is_waited_for_and_said(entra: FakeEntra) -> None:
    entra.graph_faults["/v1.0/me"] = [(429, 1)]
    result, _, said = _run(entra, TenantTarget())
    assert result.graph.user is not None
    assert any("waiting 1 s" in s for s in said)
    assert sum(r.startswith("GET /v1.0/me?") for r in entra.requests) == 2


def test_no_network_is_a_problem_not_a_crash(entra: FakeEntra) -> None:
    result, _, _ = _run(entra, login_host=f"https://127.0.0.1:{closed_port()}")
    assert result.graph.sign_in is not None and result.graph.sign_in.kind == "no-network"


def test_tls_is_really_verified(entra: FakeEntra, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REQUESTS_CA_BUNDLE", raising=False)
    monkeypatch.delenv("CURL_CA_BUNDLE", raising=False)
    result, _, _ = _run(entra, ca_bundle=None)  # the entra's CA is not trusted then
    assert result.graph.sign_in is not None
    assert "SSL" in result.graph.sign_in.message or "CERTIFICATE" in result.graph.sign_in.message


def test_cancel_while_waiting_for_the_code(entra: FakeEntra) -> None:
    entra.pending_polls, entra.interval = 1000, 5
    flag = {"cancel": False}

    def show(_code: object) -> None:
        flag["cancel"] = True  # the user presses Cancel while the code is on screen

    options = options_for(entra)
    result = check_tenant(options, TARGET, show_code=show, cancelled=lambda: flag["cancel"])
    assert result.graph.sign_in is not None and result.graph.sign_in.kind == "cancelled"


def test_technician_reads_the_devices_user_with_user_read_all(entra: FakeEntra) -> None:
    entra.user = Account("helpdesk@contoso.example")
    entra.others["jane.doe@contoso.example"] = Account("Jane.Doe@contoso.example", enabled=False)
    result, codes, _ = _run(entra, TenantTarget(user_upn="jane.doe@contoso.example"))
    assert [c.request.split("?")[0] for c in result.graph.calls] == [
        "GET /v1.0/me", "GET /v1.0/users/jane.doe@contoso.example",
        "GET /v1.0/users/jane.doe@contoso.example/licenseDetails",
    ]  # fmt: skip
    assert result.graph.user is not None and result.graph.user.account_enabled is False
    assert "User.Read.All" in result.graph.scopes and len(codes.shown) == 2


def test_browser_sign_in_through_the_loopback_redirect(
    entra: FakeEntra, fake_browser: Path
) -> None:
    entra.consented = {"User.Read", "Device.Read.All"}
    entra.devices = [device()]
    result, codes, _ = _run(entra, flow="browser")
    assert codes.shown == []
    assert result.graph.sign_in is None and result.graph.devices is not None


def test_browser_sign_in_declined(entra: FakeEntra, fake_browser: Path) -> None:
    entra.browser_outcome = "deny"
    result, _, _ = _run(entra, flow="browser")
    assert result.graph.sign_in is not None and result.graph.sign_in.kind == "declined"


def test_no_token_in_members_messages_or_log(
    entra: FakeEntra, caplog: pytest.LogCaptureFixture
) -> None:
    entra.devices = [device()]
    caplog.set_level(logging.DEBUG)
    result, codes, said = _run(entra)
    assert len(entra.issued) >= 6
    outputs = [*result.members.values(), "\n".join(said).encode(), caplog.text.encode()]
    outputs.append(repr(codes.shown).encode())
    for token in entra.issued:
        assert all(token.encode() not in out for out in outputs), "a token leaked"


def test_cancel_while_the_browser_sign_in_waits(
    entra: FakeEntra, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import stat
    import threading
    import webbrowser

    idle = tmp_path / "idle-browser.sh"  # a browser that opens and is never used
    idle.write_text("#!/bin/sh\nexit 0\n")
    idle.chmod(idle.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("BROWSER", str(idle))
    monkeypatch.setattr(webbrowser, "_tryorder", None)
    asked = threading.Event()
    options = options_for(entra, flow="browser", browser_timeout=3)

    def cancelled() -> bool:
        if asked.is_set():
            return True
        asked.set()  # the first look: the sign-in has started; Cancel is pressed next
        return False

    result = check_tenant(options, TARGET, show_code=Codes(), cancelled=cancelled)
    assert result.graph.sign_in is not None and result.graph.sign_in.kind == "cancelled"
