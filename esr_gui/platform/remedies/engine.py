"""The remediation engine: plan → (caller confirms) → run → audit, and restore.

The GUI and `esr-diag remedy` both use it:

    engine = RemedyEngine(RemedyEnvironment.default())
    plan = engine.plan("remedy.broker-plugin-cleanup", {}, profile=path)
    confirmation = Confirmation.of(plan, via="gui-dialog", by=user)   # after the user said yes
    result = engine.run(plan, confirmation)                           # backs up, runs, audits

run() rebuilds the plan from the catalogue and the device as they are now and runs it only if
it is identical to the confirmed one: steps never come from the caller's plan object.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from esr_gui.core.dsreg_facts import DsregFacts
from esr_gui.core.models.snapshot import Snapshot
from esr_gui.core.remedy.audit import AuditRecord
from esr_gui.core.remedy.binding import PlanSource, ThisPc, source_of
from esr_gui.core.remedy.catalog import CATALOG, spec
from esr_gui.core.remedy.confirm import Confirmation
from esr_gui.core.remedy.errors import RemedyRefusedError
from esr_gui.core.remedy.outcome import summarize
from esr_gui.core.remedy.planning import plan_remedy
from esr_gui.core.remedy.plans import Plan, PlanFacts, ProfileRef
from esr_gui.core.remedy.remedy_info import RemedyInfo
from esr_gui.core.remedy.results import RemedyResult, ResultStatus
from esr_gui.platform.remedies import audit_log, channel_state
from esr_gui.platform.remedies.backup import BACKUP_FOLDER
from esr_gui.platform.remedies.channel_state import EnabledChannel
from esr_gui.platform.remedies.cleanup_run import CleanupContext, run_cleanup
from esr_gui.platform.remedies.elevate import ElevatedOutcome, run_elevated
from esr_gui.platform.remedies.environment import RemedyEnvironment
from esr_gui.platform.remedies.executor import StepContext, run_steps
from esr_gui.platform.remedies.identity import basic_identity, read_identity
from esr_gui.platform.remedies.inventory import inventory_profile
from esr_gui.platform.remedies.profiles import (
    ProfileEntry,
    choose_profile,
    list_profiles,
    same_path,
)
from esr_gui.platform.remedies.restore import restore_summary
from esr_gui.platform.remedies.restore_plan import plan_backup_restore, restore_backup
from esr_gui.platform.this_run import run_id

CHANGED = (
    "What the plan describes changed since it was shown (files, profile, or this tool's rights); "
    "nothing was changed. Preview the plan again and confirm the new one."
)


class RemedyEngine:
    """Plans, runs, audits and restores remedies on one machine (or one profile folder)."""

    def __init__(self, env: RemedyEnvironment) -> None:
        self.env = env

    @property
    def audit_file(self) -> Path:
        """The JSON-lines audit log."""
        return audit_log.audit_path(self.env.data_dir)

    @property
    def backups_dir(self) -> Path:
        """Where cleanup backups are written."""
        return self.env.data_dir / BACKUP_FOLDER

    def catalog(self) -> list[RemedyInfo]:
        """Every allow-listed remedy, described."""
        return [r.info() for r in CATALOG.values()]

    def enabled_channels(self) -> list[EnabledChannel]:
        """Debug channels this tool switched on and not yet off."""
        return channel_state.load_state(channel_state.state_path(self.env.data_dir)).channels

    def profiles(self) -> list[ProfileEntry]:
        """User profiles from ProfileList (empty when there is no registry, e.g. not Windows)."""
        reader = self.env.registry()
        return list_profiles(reader, self.env.current_profile) if reader else []

    def plan(
        self,
        remedy_id: str,
        params: Mapping[str, object] | None = None,
        *,
        snapshot: Snapshot | None = None,
        profile: str | None = None,
    ) -> Plan:
        """The plan to preview; RemedyRefusedError for an unknown id or bad parameters."""
        remedy = spec(remedy_id)
        ref = None
        if remedy.kind == "cleanup":
            ref = choose_profile(profile, self.profiles(), self.env.current_profile)
        device = _device_facts(snapshot).model_copy(update={"source": source_of(snapshot)})
        facts = self._facts(device, ref, identify=remedy.changes_device)
        return plan_remedy(remedy.id, params or {}, facts, self.env.clock())

    def this_pc(self, source: PlanSource, *, identify: bool) -> ThisPc:
        """This PC as the device binding sees it. Its DeviceId is read (a fresh dsregcmd)
        only for a device-changing remedy planned from a live capture of this run: for any
        other source the binding refuses before the DeviceId matters."""
        env = self.env
        if identify and source.kind == "live" and source.run_id == run_id():
            return read_identity(env.host, env.user)
        return basic_identity(env.computer, env.user)

    def _facts(
        self, device: PlanFacts, profile: ProfileRef | None, *, identify: bool = False
    ) -> PlanFacts:
        if profile is not None:
            own = self.env.current_profile is not None and same_path(
                profile.path, self.env.current_profile
            )
            profile = profile.model_copy(update={"own": own})
        state = channel_state.load_state(channel_state.state_path(self.env.data_dir))
        return device.model_copy(
            update={
                "on_windows": self.env.on_windows,
                "process_elevated": self.env.session.is_elevated(),
                "profile": profile,
                "inventory": inventory_profile(profile.path, self.env.fs) if profile else None,
                "backup_dir": str(self.backups_dir),
                "enabled_channels": tuple(c.channel for c in state.channels),
                "this_pc": self.this_pc(device.source, identify=identify),
            }
        )

    def run(self, plan: Plan, confirmation: Confirmation) -> RemedyResult:
        """Run a confirmed plan: checks, backup (cleanup), steps, audit record. Returns the
        result; raises RemedyRefusedError (nothing changed) when it must not start."""
        if plan.operation == "restore":
            return self.restore(plan, confirmation)
        self._preflight(plan, confirmation)
        device = plan.facts.model_copy(update={"profile": None, "inventory": None})
        identify = spec(plan.remedy_id).changes_device
        facts = self._facts(device, plan.facts.profile, identify=identify)
        fresh = plan_remedy(plan.remedy_id, plan.params, facts)
        if not fresh.runnable:  # this PC, read again now, is not the one planned for
            message = f"{fresh.refusal} Nothing changed."
            return self._finish(plan, confirmation, self._refused_result(plan, message))
        if fresh.digest() != plan.digest():
            return self._finish(plan, confirmation, self._refused_result(plan, CHANGED))
        return self._finish(plan, confirmation, self._execute(fresh))

    def _preflight(self, plan: Plan, confirmation: Confirmation) -> None:
        if not isinstance(confirmation, Confirmation) or not confirmation.matches(plan):
            raise RemedyRefusedError(
                "This confirmation was given for a different plan; nothing changed. Confirm the "
                "plan that is shown."
            )
        if not plan.runnable:
            raise RemedyRefusedError(f"{plan.title}: {plan.refusal}")
        if plan.needs_windows and not self.env.on_windows:
            raise RemedyRefusedError(
                f"{plan.remedy_id} runs Windows programs or opens Windows pages, so it needs "
                "Windows; nothing changed. Run it on the device itself."
            )
        audit_log.check_appendable(self.audit_file)

    def _step_context(self, elevated: bool) -> StepContext:
        def elevate(exe: str, args: Sequence[str], timeout: int) -> ElevatedOutcome:
            return run_elevated(exe, args, self.env.shell_api(), timeout_seconds=timeout)

        return StepContext(self.env.runner, elevate, self.env.session, elevated)

    def _execute(self, plan: Plan) -> RemedyResult:
        ctx = self._step_context(plan.facts.process_elevated)
        if spec(plan.remedy_id).kind == "cleanup":
            env = self.env
            done = run_cleanup(
                plan, CleanupContext(ctx, env.fs, env.clock(), env.user, env.computer, env.data_dir)
            )
            return self._result(
                plan,
                done.status,
                done.message,
                steps=done.steps,
                files=done.files,
                backup=done.backup_path,
            )
        outcomes = run_steps(plan.steps, ctx)
        status, message = summarize(plan, outcomes)
        if status in ("done", "needs-restart"):
            message = self._remember_channel(plan, message)
        return self._result(plan, status, message, steps=outcomes)

    def _remember_channel(self, plan: Plan, message: str) -> str:
        """Note the Debug log a run switched on (or forget one it switched off), as the
        remedy's record says (`channel_state`)."""
        channel = str(plan.params.get("channel", ""))
        path = channel_state.state_path(self.env.data_dir)
        effect = spec(plan.remedy_id).channel_state
        try:
            if effect == "switched-on":
                channel_state.mark_enabled(path, channel, self.env.clock(), self.env.user)
            elif effect == "switched-off":
                channel_state.mark_disabled(path, channel)
        except OSError as exc:
            return f"{message} (It could not be noted in {path}: {exc.strerror or exc}.)"
        return message

    def _result(
        self,
        plan: Plan,
        status: ResultStatus,
        message: str,
        *,
        steps: Sequence[object] = (),
        files: Sequence[object] = (),
        backup: str | None = None,
    ) -> RemedyResult:
        remedy = spec(plan.remedy_id)
        next_steps = remedy.after if status in ("done", "needs-restart") else ()
        return RemedyResult.model_validate(
            {
                "remedy_id": plan.remedy_id,
                "operation": plan.operation,
                "status": status,
                "message": message,
                "steps": tuple(steps),
                "files": tuple(files),
                "backup_path": backup,
                "next_steps": next_steps if plan.operation == "remedy" else (),
                "targets": plan.targets,
                "finished": self.env.clock(),
            }
        )

    def _refused_result(self, plan: Plan, message: str) -> RemedyResult:
        return self._result(plan, "failed", message)

    def _finish(self, plan: Plan, confirmation: Confirmation, result: RemedyResult) -> RemedyResult:
        record = AuditRecord(
            time=self.env.clock(),
            user=self.env.user,
            computer=self.env.computer,
            elevated=plan.facts.process_elevated,
            tool=self.env.tool,
            remedy_id=plan.remedy_id,
            operation=plan.operation,
            source=plan.source,
            target=plan.target,
            confirmation=confirmation,
            plan=plan,
            result=result,
            backup_path=result.backup_path or plan.source_backup,
        )
        try:
            audit_log.append_record(self.audit_file, record)
        except OSError as exc:
            reason = exc.strerror or exc
            note = f" The audit record could not be written to {self.audit_file} ({reason})."
            return result.model_copy(update={"message": result.message + note})
        return result.model_copy(update={"audit_path": str(self.audit_file)})

    def plan_restore(self, backup: str, profile: str | None = None) -> Plan:
        """The plan of putting a cleanup backup back into a real profile: `profile` if named
        (it must be in the profile list on Windows), else the listed profile the backup was
        made from. BackupError for a backup this tool did not make here; RemedyRefusedError
        for a profile that is not the right one."""
        reader = self.env.registry()
        listed = list_profiles(reader, self.env.current_profile) if reader else None
        device = PlanFacts(on_windows=self.env.on_windows)
        plan = plan_backup_restore(
            self.env, backup, profile, listed, lambda ref: self._facts(device, ref)
        )
        return plan.stamped(self.env.clock())

    def restore(self, plan: Plan, confirmation: Confirmation) -> RemedyResult:
        """Restore a confirmed restore plan; every file is written back and verified."""
        self._preflight(plan, confirmation)
        if plan.operation != "restore" or plan.source_backup is None:
            raise RemedyRefusedError("This plan is not a restore; nothing changed.")
        named = plan.facts.profile.path if plan.facts.profile else None
        fresh = self.plan_restore(plan.source_backup, named)
        if fresh.digest() != plan.digest():
            return self._finish(plan, confirmation, self._refused_result(plan, CHANGED))
        files = restore_backup(self.env, fresh)
        status, message = restore_summary(files, plan.source_backup)
        result = self._result(plan, status, message, files=files)
        return self._finish(plan, confirmation, result)


def _device_facts(snapshot: Snapshot | None) -> PlanFacts:
    """Join type and Windows 11 from a snapshot (None when there is no snapshot)."""
    if snapshot is None:
        return PlanFacts(on_windows=False)
    source = snapshot.source.path or snapshot.source.name or f"{snapshot.source.kind} capture"
    join = DsregFacts.from_status(snapshot.dsregcmd).join_type if snapshot.dsregcmd else "unknown"
    build = snapshot.os_build
    return PlanFacts(
        on_windows=False,
        join_type=join,
        join_type_source=source,
        windows11=build.is_windows11 if build else None,
    )
