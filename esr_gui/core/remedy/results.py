"""What running a remedy did: an overall status, each step, each file, the backup."""

from __future__ import annotations

from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict

from esr_gui.core.remedy.plans import Operation

ResultStatus = Literal["done", "cancelled", "needs-restart", "failed"]
StepStatus = Literal["ok", "failed", "cancelled", "skipped"]
FileAction = Literal[
    "deleted",
    "left-locked",
    "left-changed",
    "left-unsafe",
    "restored",
    "already-present",
    "kept-aside",
    "failed",
]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class StepOutcome(_Frozen):
    """One step as it ran: the command line, whether it was elevated, its exit code."""

    purpose: str
    status: StepStatus
    command: str | None = None
    elevated: bool = False
    exit_code: int | None = None
    message: str = ""


class FileOutcome(_Frozen):
    """What happened to one file; `kept_aside` names a file moved out of the way on restore."""

    relative: str
    path: str
    action: FileAction
    message: str = ""
    kept_aside: str | None = None


class RemedyResult(_Frozen):
    """The typed outcome of run(): done, cancelled by the user, needs a restart, or failed.

    `message` is one calm sentence saying what changed (or that nothing did); `targets` are
    the finding ids to re-check after a fresh capture.
    """

    remedy_id: str
    operation: Operation = "remedy"
    status: ResultStatus
    message: str
    steps: tuple[StepOutcome, ...] = ()
    files: tuple[FileOutcome, ...] = ()
    backup_path: str | None = None
    next_steps: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    audit_path: str | None = None
    finished: AwareDatetime | None = None

    @property
    def changed_something(self) -> bool:
        """True when a step ran or a file was touched (the audit says which)."""
        return any(s.status == "ok" for s in self.steps) or any(
            f.action in ("deleted", "restored", "kept-aside") for f in self.files
        )
