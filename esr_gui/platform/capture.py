"""A live capture: run every probe of a Host, and turn the answers into a bundle.

`capture()` is what the GUI runs in a worker (progress → signals) and what
`esr-diag collect` runs; the result is an ordinary bundle, so it goes through the same
parse → diagnose path as one a user sent by mail.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from esr_gui.core.bundle.limits import (
    CAPTURE_LOG,
    DSREGCMD,
    EVENTS_DIR,
    MANIFEST,
    NOTES,
    REGISTRY_DIR,
    SYSTEM,
    WHOAMI_UPN,
)
from esr_gui.core.bundle.reader import bundle_from_members
from esr_gui.core.bundle.writer import manifest_bytes, write_bundle
from esr_gui.core.data import ChannelSpec, RegistryKeySpec, capture_channels, capture_registry_keys
from esr_gui.core.models.events import ChannelCapture, ChannelState
from esr_gui.core.models.manifest import BUNDLE_FORMAT, BUNDLE_VERSION, Manifest
from esr_gui.core.models.snapshot import Snapshot, SourceKind
from esr_gui.core.snapshot_builder import snapshot_from_bundle
from esr_gui.platform.capture_models import (
    CaptureLog,
    CaptureOptions,
    StepResult,
    channel_state_for,
)
from esr_gui.platform.crosscheck import cross_check
from esr_gui.platform.host import (
    AadJoinInfo,
    ChannelQuery,
    Host,
    HostContext,
    ProbeError,
    SystemProbe,
)
from esr_gui.platform.runner import CancelCheck, ProgressCallback, Step, StepOutcome, StepRunner
from esr_gui.platform.this_run import run_id

Clock = Callable[[], datetime]


def local_now() -> datetime:
    """The current local time with its UTC offset."""
    return datetime.now().astimezone()


@dataclass
class CaptureResult:
    """A finished (or cancelled) capture: the manifest, the members, and how each step went."""

    manifest: Manifest
    members: dict[str, bytes]
    channels: list[ChannelCapture]
    steps: list[StepResult]
    log: CaptureLog
    warnings: list[str] = field(default_factory=list)
    cancelled: bool = False

    def all_members(self) -> dict[str, bytes]:
        """Every member including `manifest.json`, as it would be written."""
        return {**self.members, MANIFEST: manifest_bytes(self.manifest)}

    def to_snapshot(self, kind: SourceKind = "live", name: str | None = None) -> Snapshot:
        """Parse the capture like any bundle (same code path as an offline bundle)."""
        label = self.manifest.computer or "live capture"
        bundle = bundle_from_members(self.all_members(), label=label)
        snapshot = snapshot_from_bundle(bundle, kind=kind, name=name)
        if kind != "live":
            return snapshot
        # Made by this process just now: the run id ties a device-changing fix to it.
        stamp = {"run_id": run_id(), "captured_at": self.manifest.created}
        return snapshot.model_copy(update={"source": snapshot.source.model_copy(update=stamp)})

    def save(self, path: str | Path, *, as_zip: bool | None = None) -> Path:
        """Write the bundle (a zip when `path` ends in .zip, else a folder); returns the path."""
        return write_bundle(path, self.manifest, self.members, as_zip=as_zip)


def capture(
    host: Host,
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelCheck | None = None,
    options: CaptureOptions | None = None,
    clock: Clock = local_now,
) -> CaptureResult:
    """Run every probe of `host` with its own time limit and return the captured bundle.

    `progress` receives a StepProgress as each step starts and finishes (on this thread);
    `cancel` is polled between and during steps. A failing or hung probe is recorded in
    `capture.json` and the capture carries on; nothing here raises for a device problem.
    """
    session = _Session(host, options or CaptureOptions())
    started, t0 = clock(), time.monotonic()
    runner = StepRunner(
        session.plan(),
        progress=progress,
        cancel=cancel,
        max_parallel=session.options.max_parallel,
    )
    steps = runner.run()
    timing = _Timing(started, clock(), time.monotonic() - t0)
    return session.result(steps, runner.members, runner.cancelled, timing)


@dataclass(frozen=True)
class _Timing:
    started: datetime
    finished: datetime
    seconds: float


class _Session:
    """Capture state shared by the steps; only touched on the capture thread (`apply`)."""

    def __init__(self, host: Host, options: CaptureOptions) -> None:
        self.host = host
        self.options = options
        self.channel_specs = options.channels or capture_channels()
        self.registry_specs = options.registry_keys or capture_registry_keys()
        self.context: HostContext | None = None
        self.aad: AadJoinInfo | None = None
        self.system: SystemProbe | None = None
        self.dsregcmd: bytes | None = None
        self.channels: dict[str, ChannelCapture] = {}

    def plan(self) -> list[Step]:
        """Context first (registry paths depend on it), then dsregcmd (slowest), then the rest."""
        limits = self.options.limits
        dsreg_limit = limits.dsregcmd + limits.grace
        steps = [
            Step(
                "context", "capture context", "context", limits.context, self._context, None, True
            ),
            Step("dsregcmd", "dsregcmd /status", "dsregcmd", dsreg_limit, self._dsregcmd),
            Step("upn", "user principal name", "upn", limits.upn, self._upn),
            Step("aad-join", "NetGetAadJoinInformation", "aad-join", limits.aad_join, self._aad),
        ]
        steps += [self._registry_step(spec) for spec in self.registry_specs]
        steps += [self._channel_step(spec) for spec in self.channel_specs]
        steps.append(
            Step("system", "system facts", "system", limits.system + limits.grace, self._system)
        )
        return steps

    def _context(self) -> StepOutcome:
        found = self.host.context()
        if self.options.user_sid:
            found = found.model_copy(update={"target_user_sid": self.options.user_sid})

        def apply() -> None:
            self.context = found

        target = f", reading the hive of {found.target_user_sid}" if found.target_user_sid else ""
        return StepOutcome(message=f"{found.context} context{target}", apply=apply)

    def _dsregcmd(self) -> StepOutcome:
        data = self.host.dsregcmd_status(timeout=self.options.limits.dsregcmd)

        def apply() -> None:
            self.dsregcmd = data

        return StepOutcome({DSREGCMD: data}, f"{len(data)} bytes", apply=apply)

    def _upn(self) -> StepOutcome:
        upn = self.host.user_principal_name().strip()
        return StepOutcome({WHOAMI_UPN: (upn + "\r\n").encode("utf-8")}, upn)

    def _aad(self) -> StepOutcome:
        info = self.host.aad_join_info()

        def apply() -> None:
            self.aad = info

        return StepOutcome(message=f"join type {info.join_type}", apply=apply)

    def registry_path(self, spec: RegistryKeySpec) -> str:
        """The key to read: a per-user key goes through HKEY_USERS\\<SID> for another account."""
        sid = self.context.target_user_sid if self.context else None
        head, _, rest = spec.path.partition("\\")
        if spec.hive_user and sid and head.upper() in ("HKCU", "HKEY_CURRENT_USER"):
            return f"HKU\\{sid}\\{rest}"
        return spec.path

    def _registry_step(self, spec: RegistryKeySpec) -> Step:
        def probe() -> StepOutcome:
            path = self.registry_path(spec)
            data = self.host.export_registry_key(path, recursive=spec.recursive)
            return StepOutcome({REGISTRY_DIR + spec.file: data}, path)

        limit = self.options.limits.registry
        return Step(f"registry:{spec.file}", spec.path, "registry", limit, probe)

    def _channel_step(self, spec: ChannelSpec) -> Step:
        limits = self.options.limits
        query = ChannelQuery(
            window=self.options.events_window,
            max_events=self.options.max_events,
            timeout=limits.events,
        )

        def probe() -> StepOutcome:
            data = self.host.query_channel(spec, query)
            state: ChannelState = "captured" if data.count else "empty"
            found = ChannelCapture(
                channel=spec.name, state=state, count=data.count, message=data.note
            )

            def apply() -> None:
                self.channels[spec.name] = found

            message = f"{data.count} events" + (f"; {data.note}" if data.note else "")
            member = EVENTS_DIR + spec.file_stem + data.suffix
            return StepOutcome({member: data.data}, message, apply=apply)

        def on_error(error: ProbeError) -> None:
            state = channel_state_for(error.kind)
            self.channels[spec.name] = ChannelCapture(
                channel=spec.name, state=state, message=error.message
            )

        return Step(
            f"events:{spec.name}",
            spec.name,
            "events",
            limits.events + limits.grace,
            probe,
            on_error,
        )

    def _system(self) -> StepOutcome:
        found = self.host.system_facts(timeout=self.options.limits.system)
        data = found.facts.model_dump_json(indent=2).encode("utf-8") + b"\n"

        def apply() -> None:
            self.system = found

        return StepOutcome({SYSTEM: data}, "system facts", apply=apply)

    def result(
        self,
        steps: list[StepResult],
        members: Mapping[str, bytes],
        cancelled: bool,
        timing: _Timing,
    ) -> CaptureResult:
        """Assemble manifest, capture.json and notes around the members the steps produced."""
        channels = self._all_channels(cancelled)
        warnings = cross_check(self.dsregcmd, self.aad)
        log = self._log(steps, channels, warnings, cancelled, timing)
        out = dict(members)
        out[CAPTURE_LOG] = (log.model_dump_json(indent=2, exclude_none=False) + "\n").encode()
        if self.options.notes.strip():
            out[NOTES] = self.options.notes.replace("\r\n", "\n").replace("\n", "\r\n").encode()
        return CaptureResult(
            manifest=self._manifest(timing.started),
            members=out,
            channels=channels,
            steps=steps,
            log=log,
            warnings=warnings,
            cancelled=cancelled,
        )

    def _all_channels(self, cancelled: bool) -> list[ChannelCapture]:
        why = "the capture was cancelled first" if cancelled else "not captured"
        return [
            self.channels.get(spec.name)
            or ChannelCapture(channel=spec.name, state="not-captured", message=why)
            for spec in self.channel_specs
        ]

    def _log(
        self,
        steps: list[StepResult],
        channels: list[ChannelCapture],
        warnings: list[str],
        cancelled: bool,
        timing: _Timing,
    ) -> CaptureLog:
        opts = self.options
        return CaptureLog(
            producer=opts.producer,
            host=self.host.name,
            started=timing.started.isoformat(),
            finished=timing.finished.isoformat(),
            seconds=round(timing.seconds, 3),
            cancelled=cancelled,
            context=self.context,
            aad_join=self.aad,
            system_sources=self.system.sources if self.system else {},
            options={
                "events_window_hours": opts.events_window.total_seconds() / 3600,
                "max_events": opts.max_events,
                "max_parallel": opts.max_parallel,
                "limits": json.loads(opts.limits.model_dump_json()),
            },
            steps=steps,
            channels=channels,
            warnings=warnings,
        )

    def _manifest(self, created: datetime) -> Manifest:
        ctx = self.context or HostContext()
        return Manifest(
            format=BUNDLE_FORMAT,
            version=BUNDLE_VERSION,
            created=created,
            timezone=ctx.timezone,
            computer=ctx.computer,
            user=ctx.user,
            context=ctx.context,
            producer=self.options.producer,
            problem=self.options.problem,
        )
