"""net.endpoints and join.scp-tenant inside a whole diagnosis: reported on every run, ranked,
and an untested network is "not tested", not missing data (issue 18)."""

from __future__ import annotations

from esr_gui.core.diagnose import run_diagnosis
from esr_gui.core.diagnose.rules import missing_data
from tests.unit.network_support import all_ok, net_snapshot, net_test


def test_an_untested_network_is_unknown_but_not_missing_data() -> None:
    diagnosis = run_diagnosis(net_snapshot())
    assert diagnosis.get("net.endpoints").status == "unknown"
    assert "net.endpoints" not in missing_data(diagnosis.findings)


def test_registration_blocked_for_system_heads_the_diagnosis() -> None:
    tests = all_ok("user") + [
        net_test(str(t["url"]), "system", "tcp", error="refused")
        if "enterpriseregistration" in str(t["url"])
        else t
        for t in all_ok("system")
    ]
    diagnosis = run_diagnosis(net_snapshot({"tests": tests}))
    assert diagnosis.get("net.endpoints").status == "fail"
    assert diagnosis.headline.finding_id == "net.endpoints"
    assert "WinHTTP" in diagnosis.headline.action
