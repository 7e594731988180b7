"""Typed pieces of a live capture: options, per-step progress and results, and `capture.json`."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from esr_gui import __version__
from esr_gui.core.data import ChannelSpec, RegistryKeySpec
from esr_gui.core.models.events import ChannelCapture, ChannelState
from esr_gui.core.models.manifest import ProblemInfo
from esr_gui.platform.host import AadJoinInfo, HostContext, ProbeKind

StepKind = Literal["context", "upn", "dsregcmd", "aad-join", "registry", "events", "system"]
StepState = Literal["running", "ok", "missing", "failed", "timeout", "cancelled"]
CAPTURE_LOG_FORMAT = "esr-capture-log"

# A probe error that is a fact about the device (a key, a channel, a tool or an API that is
# not there), not a failure of the capture.
_MISSING_KINDS: frozenset[ProbeKind] = frozenset(
    {"not-found", "channel-not-found", "channel-disabled", "unavailable"}
)
_CHANNEL_STATES: dict[ProbeKind, ChannelState] = {
    "channel-not-found": "not-found",
    "not-found": "not-found",
    "access-denied": "access-denied",
    "channel-disabled": "disabled",
    "enabled-debug-unreadable": "enabled-debug-unreadable",
    "timeout": "timeout",
    "unavailable": "not-captured",
}


def step_state_for(kind: ProbeKind) -> StepState:
    """The step state a probe error leaves: missing, timeout or failed."""
    if kind in _MISSING_KINDS:
        return "missing"
    return "timeout" if kind == "timeout" else "failed"


def channel_state_for(kind: ProbeKind) -> ChannelState:
    """The ChannelCapture state a probe error leaves (anything unexpected is `error`)."""
    return _CHANNEL_STATES.get(kind, "error")


class StepLimits(BaseModel):
    """Seconds each probe may take before the capture gives up on it.

    `dsregcmd` is the process time limit (the process is killed); the capture waits `grace`
    seconds longer so that the kill is reported as the probe's own timeout.
    """

    model_config = ConfigDict(frozen=True)

    context: float = 15.0
    upn: float = 15.0
    dsregcmd: float = 60.0
    aad_join: float = 15.0
    registry: float = 20.0
    events: float = 45.0
    system: float = 30.0
    grace: float = 5.0


class CaptureOptions(BaseModel):
    """What to capture and how long to wait; the defaults suit a technician at the device."""

    model_config = ConfigDict(frozen=True)

    problem: ProblemInfo = Field(default_factory=ProblemInfo)
    notes: str = ""
    events_window: timedelta = timedelta(days=7)
    max_events: int = Field(default=500, ge=1)
    channels: tuple[ChannelSpec, ...] | None = None
    registry_keys: tuple[RegistryKeySpec, ...] | None = None
    user_sid: str | None = None
    limits: StepLimits = Field(default_factory=StepLimits)
    max_parallel: int = Field(default=4, ge=1, le=32)
    producer: str = f"esr-gui {__version__}"


class StepProgress(BaseModel):
    """One progress report: a step started (`running`) or finished (any other state).

    `index` is the step's 1-based place in the plan of `total` steps; `finished` counts the
    steps finished so far, so a progress bar is `finished / total`.
    """

    model_config = ConfigDict(frozen=True)

    step: str
    label: str
    kind: StepKind
    index: int
    total: int
    state: StepState
    message: str = ""
    finished: int = 0


class StepResult(BaseModel):
    """How one step ended, as recorded in `capture.json`."""

    step: str
    label: str
    kind: StepKind
    state: StepState
    message: str = ""
    error_kind: ProbeKind | None = None
    code: int | None = None
    members: list[str] = Field(default_factory=list)
    seconds: float = 0.0


class CaptureLog(BaseModel):
    """`capture.json`: how the capture went, step by step, and the facts it used.

    The snapshot builder reads `channels`; the rest is for the technician and for support.
    """

    model_config = ConfigDict(extra="allow")

    format: str = CAPTURE_LOG_FORMAT
    version: int = 1
    producer: str = ""
    host: str = ""
    started: str = ""
    finished: str = ""
    seconds: float = 0.0
    cancelled: bool = False
    context: HostContext | None = None
    aad_join: AadJoinInfo | None = None
    system_sources: dict[str, str] = Field(default_factory=dict)
    options: dict[str, Any] = Field(default_factory=dict)
    steps: list[StepResult] = Field(default_factory=list)
    channels: list[ChannelCapture] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
