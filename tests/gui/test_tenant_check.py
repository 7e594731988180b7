"""Tools › Check the tenant…: the real MSAL against the local fake, in the worker pool, with the
device code shown in the app, Cancel, and the Graph data reaching the diagnosis and the bundle."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from esr_gui.core.snapshot_builder import load_snapshot
from esr_gui.gui.pipeline import Source
from esr_gui.platform.graph.options import SignInFlow, TenantOptions
from tests.fakes.fake_entra import FakeEntra
from tests.fakes.graph_fixtures import options_for
from tests.gui.conftest import FakeDialogs

DEVICE_ID = "61eea2b8-efbe-43d9-b267-126433c8ee34"  # the sample bundle's dsregcmd DeviceId


def _options(entra: FakeEntra) -> Any:
    def make(_snapshot: object, flow: SignInFlow) -> TenantOptions:
        return options_for(entra, flow=flow)

    return make


def _open(window: Any, qtbot: Any, bundle: Path) -> None:
    window.open_source(Source("bundle", path=str(bundle)))
    qtbot.waitUntil(lambda: window.session.analysis is not None, timeout=10_000)


def test_tenant_check_feeds_the_diagnosis_and_the_saved_bundle(
    make_window: Any,
    qtbot: Any,
    entra: FakeEntra,
    sample_bundle: Path,
    dialogs: FakeDialogs,
) -> None:
    entra.devices = [{"id": "o", "deviceId": DEVICE_ID, "accountEnabled": False,
                      "trustType": "ServerAd", "displayName": "PC-TEST"}]  # fmt: skip
    window = make_window(tenant_options=_options(entra))
    assert not window.ui.actionCheckTenant.isEnabled()  # nothing open yet
    _open(window, qtbot, sample_bundle)
    assert window.ui.actionCheckTenant.isEnabled()
    window.ui.actionCheckTenant.trigger()
    dialog = window.tenant.dialog
    assert dialog is not None and dialog.isVisible()
    shown: list[str] = []
    show = dialog.show_code
    dialog.show_code = lambda code: (shown.append(code.code), show(code))  # type: ignore[method-assign]
    dialog.code_button.click()  # the synchronous pool runs the whole check here
    graph = window.session.analysis.snapshot.graph
    assert graph is not None and graph.devices is not None
    assert graph.devices[0].account_enabled is False
    assert len(shown) == 2 and all(shown)  # User.Read, then Device.Read.All: shown in the app
    assert not dialog.code.text() and dialog.code_button.isEnabled()  # done: ready again
    assert "device object read" in dialog.status.text()
    assert "Signed in as Jane.Doe@contoso.example" in window.status_label.text()
    saved = sample_bundle.parent / "out.esrbundle.zip"
    dialogs.paths.append(str(saved))
    window.ui.actionSaveBundle.trigger()
    snap = load_snapshot(saved)
    assert snap.graph is not None and snap.graph.devices is not None
    blob = saved.read_bytes()
    assert all(token.encode() not in blob for token in entra.issued)


def test_device_code_shown_then_cancel_from_the_worker_pool(
    make_window: Any, qtbot: Any, entra: FakeEntra, sample_bundle: Path, real_pool: Any
) -> None:
    entra.pending_polls, entra.interval = 10_000, 1  # nobody ever enters the code
    gui_thread = threading.get_ident()
    seen: list[int] = []
    original = entra.device_code

    def spy(form: dict[str, str]) -> dict[str, Any]:
        seen.append(threading.get_ident())
        return original(form)

    entra.device_code = spy  # type: ignore[method-assign]
    window = make_window(pool=real_pool, tenant_options=_options(entra))
    _open(window, qtbot, sample_bundle)
    window.ui.actionCheckTenant.trigger()
    dialog = window.tenant.dialog
    dialog.code_button.click()
    qtbot.waitUntil(lambda: bool(dialog.code.text()), timeout=10_000)
    assert window.tenant.running() and not dialog.code_button.isEnabled()
    dialog.cancel_button.click()
    qtbot.waitUntil(lambda: not window.tenant.running(), timeout=10_000)
    assert dialog.status.text().startswith("Cancelled: nothing was read")
    assert window.session.analysis.snapshot.graph is None  # what was shown stays
    assert window.session.graph_members is None
    assert seen and gui_thread not in seen  # the server thread, asked from a pool thread
