"""Entry point of the live network tests (Windows): endpoints from the device, plans, run."""

from __future__ import annotations

import platform
import sys
import threading
from typing import TYPE_CHECKING

from esr_gui.core.dsreg_facts import DsregFacts
from esr_gui.core.models.network import NetworkResults
from esr_gui.core.models.snapshot import Snapshot
from esr_gui.core.network.endpoints import endpoints_for
from esr_gui.platform import PlatformUnavailableError, is_windows

if TYPE_CHECKING:  # the probes (ssl, sockets: ~40 ms to import) load when a test runs
    from esr_gui.platform.netrun import Progress


def require_windows() -> None:
    """PlatformUnavailableError off Windows, with the sentence the CLI and GUI show."""
    if not is_windows():
        raise PlatformUnavailableError(
            "the network tests run on the Windows device itself (as the user and as SYSTEM), "
            f"and this is {platform.system() or sys.platform}"
        )


def live_network_tests(
    snapshot: Snapshot,
    *,
    cancel: threading.Event | None = None,
    progress: Progress | None = None,
) -> NetworkResults:
    """Test this device's endpoints in every context this process can reach; on a domain
    member also read the SCP from Active Directory (for join.scp-tenant)."""
    require_windows()
    from esr_gui.platform.netrun import run_network_tests  # noqa: PLC0415
    from esr_gui.platform.windows.host import WindowsHost  # noqa: PLC0415
    from esr_gui.platform.windows.network import ad_scp, live_plans  # noqa: PLC0415

    facts = DsregFacts.from_status(snapshot.dsregcmd) if snapshot.dsregcmd else None
    who = WindowsHost().context()
    plans = live_plans(who.context, target_user_sid=who.target_user_sid)
    results = run_network_tests(endpoints_for(facts), plans, cancel=cancel, progress=progress)
    if facts is not None and facts.domain_joined and not (cancel and cancel.is_set()):
        if progress is not None:
            progress(0, 1, "reading the service connection point from Active Directory")
        results.scp = ad_scp()
    return results
