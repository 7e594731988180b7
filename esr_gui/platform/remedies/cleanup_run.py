"""Running a confirmed BrokerPlugin cleanup: optional broker stop, verified backup, deletes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from esr_gui.core.remedy.plans import FoundFile, Plan
from esr_gui.core.remedy.results import FileOutcome, ResultStatus, StepOutcome
from esr_gui.core.remedy.steps import CommandStep
from esr_gui.platform.remedies.backup import BackupError, BackupRequest, write_backup
from esr_gui.platform.remedies.datadir import backup_key
from esr_gui.platform.remedies.delete import delete_backed_up
from esr_gui.platform.remedies.executor import StepContext, run_command
from esr_gui.platform.remedies.fsops import FileOps, UnsafePathError, describe


@dataclass
class CleanupOutcome:
    """What the cleanup did; becomes the RemedyResult."""

    status: ResultStatus
    message: str
    steps: list[StepOutcome] = field(default_factory=list)
    files: list[FileOutcome] = field(default_factory=list)
    backup_path: str | None = None


@dataclass
class CleanupContext:
    """The seams and the context the backup manifest records."""

    steps: StepContext
    fs: FileOps
    now: datetime
    user: str
    computer: str
    data_dir: Path | None = None  # where the key that signs backups is kept


def run_cleanup(plan: Plan, ctx: CleanupContext) -> CleanupOutcome:
    """Stop the broker if consented (a declined prompt stops everything), back up and verify,
    then delete only the backed-up files; a locked file is reported and the rest go on."""
    steps = _stop_broker(plan, ctx)
    if steps and steps[-1].status == "cancelled":
        message = "The administrator prompt was declined; no file was touched."
        return CleanupOutcome("cancelled", message, steps)
    profile, inventory = plan.facts.profile, plan.facts.inventory
    if profile is None or inventory is None:
        return CleanupOutcome("failed", "The plan names no profile; nothing was deleted.", steps)
    try:
        key = _signing_key(plan, ctx)
    except BackupError as exc:
        return CleanupOutcome("failed", str(exc), steps)
    request = BackupRequest(
        remedy_id=plan.remedy_id,
        profile=profile,
        package_dir=inventory.package_dir,
        files=plan.files,
        folder=plan.backup_to or plan.facts.backup_dir,
        now=ctx.now,
        user=ctx.user,
        computer=ctx.computer,
        key=key,
    )
    try:
        backup = write_backup(request, ctx.fs)
    except BackupError as exc:
        return CleanupOutcome("failed", str(exc), steps)
    files = [_not_backed_up(found, exc) for found, exc in backup.unreadable]
    files.extend(delete_backed_up(backup.manifest, ctx.fs))
    return _summary(steps, files, backup.path or None)


def _not_backed_up(found: FoundFile, exc: OSError) -> FileOutcome:
    if isinstance(exc, UnsafePathError):
        message = f"Left in place, not backed up: {exc}."
        return FileOutcome(
            relative=found.relative, path=found.path, action="left-unsafe", message=message
        )
    message = f"Left in place: it could not be read for the backup ({describe(exc)})."
    return FileOutcome(
        relative=found.relative, path=found.path, action="left-locked", message=message
    )


def _signing_key(plan: Plan, ctx: CleanupContext) -> bytes:
    """The per-user key that signs the backup (made on first use); BackupError if unusable."""
    folder = ctx.data_dir or Path(plan.backup_to or plan.facts.backup_dir).parent
    try:
        key = backup_key(folder, create=True)
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise BackupError(
            f"The key that signs backups could not be made or read in {folder} ({reason}); "
            "nothing was deleted."
        ) from None
    assert key is not None  # create=True always returns one
    return key


def _stop_broker(plan: Plan, ctx: CleanupContext) -> list[StepOutcome]:
    """The consented broker-stop commands; a failure is noted, a declined prompt stops here."""
    steps: list[StepOutcome] = []
    for step in plan.steps:
        if isinstance(step, CommandStep):
            steps.append(run_command(step, ctx.steps))
            if steps[-1].status == "cancelled":
                break
    return steps


def _summary(
    steps: list[StepOutcome], files: list[FileOutcome], backup: str | None
) -> CleanupOutcome:
    deleted = sum(1 for f in files if f.action == "deleted")
    left = len(files) - deleted
    where = f" The backup is {backup}." if backup else ""
    if left == 0:
        message = f"Deleted {deleted} file(s) after backing them up and checking the copy.{where}"
        return CleanupOutcome("done", message, steps, files, backup)
    were = "was" if left == 1 else "were"
    message = (
        f"Deleted {deleted} of {len(files)} file(s); {left} {were} left in place (see below)."
        f"{where} Stopping the broker (stop_broker=true) or cleaning while the user is signed "
        "out usually frees them."
    )
    return CleanupOutcome("failed", message, steps, files, backup)
