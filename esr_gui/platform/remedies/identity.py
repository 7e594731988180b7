"""Who "this PC" is, read just now through the Host seam: computer name and DeviceId.

The device binding (`core.remedy.binding`) compares this with the capture a plan was made
from. The DeviceId comes from a fresh `dsregcmd /status` (only a device-changing remedy asks,
so the few seconds it takes are spent only then).
"""

from __future__ import annotations

from collections.abc import Callable

from esr_gui.core.dsreg_facts import DsregFacts
from esr_gui.core.errors import EsrError
from esr_gui.core.parse.dsregcmd import parse_dsregcmd
from esr_gui.core.remedy.binding import ThisPc
from esr_gui.platform.host import Host, ProbeError
from esr_gui.platform.this_run import run_id

DSREGCMD_SECONDS = 30.0
NO_HOST = "live capture needs Windows, and this is not Windows"


def basic_identity(computer: str | None, user: str) -> ThisPc:
    """This PC by the name the process knows, without asking Windows (for remedies that
    change nothing on the device)."""
    return ThisPc(computer=computer or None, user=user, run_id=run_id())


def read_identity(host_factory: Callable[[], Host] | None, user: str) -> ThisPc:
    """This PC's name (Host context) and DeviceId (a fresh dsregcmd /status); `problem` says
    what could not be read. Never raises for a device problem."""
    here = ThisPc(user=user, run_id=run_id())
    if host_factory is None:
        return here.model_copy(update={"problem": NO_HOST})
    try:
        host = host_factory()
        computer = host.context().computer
        raw = host.dsregcmd_status(timeout=DSREGCMD_SECONDS)
    except ProbeError as exc:
        return here.model_copy(update={"problem": exc.message})
    except EsrError as exc:
        return here.model_copy(update={"problem": str(exc)})
    try:
        facts = DsregFacts.from_status(parse_dsregcmd(raw, source="dsregcmd /status"))
    except EsrError as exc:
        problem = f"dsregcmd /status could not be read: {exc}"
        return here.model_copy(update={"computer": computer, "problem": problem})
    update = {"computer": computer, "device_id": facts.device_id, "device_checked": True}
    return here.model_copy(update=update)
