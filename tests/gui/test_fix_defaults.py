"""The Fix pane plans with the parameters the remedy's record derives from the finding."""

from __future__ import annotations

from esr_gui.core.models.findings import Evidence, Finding
from esr_gui.core.remedy.catalog import spec
from esr_gui.core.remedy.params import debug_channels
from esr_gui.gui.controllers.fix import remedy_params


def test_the_fix_pane_uses_the_records_defaults() -> None:
    debug = debug_channels()[-1]
    finding = Finding(
        id="ki.event-1098-token-broker",
        status="fail",
        title="x",
        evidence=[
            Evidence(source="event", channel="Microsoft-Windows-AAD/Operational"),
            Evidence(source="event", channel=debug),
        ],
    )
    assert remedy_params("remedy.install-update", finding) == {"kb": "KB3196528"}
    assert remedy_params("remedy.enable-debug-channel", finding) == {"channel": debug}
    assert remedy_params("remedy.open-event-viewer", finding) == {
        "channel": "Microsoft-Windows-AAD/Operational"
    }
    assert remedy_params("remedy.install-update", None) == spec("remedy.install-update").example
    assert remedy_params("remedy.sign-out-in", finding) == {}
