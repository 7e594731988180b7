"""Plan models: exactly what a remedy will do, for the preview, the confirmation and the audit."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from esr_gui.core.models.dsreg import JoinType
from esr_gui.core.remedy.binding import PlanSource, PlanTarget, ThisPc
from esr_gui.core.remedy.remedy_types import AdminNeed
from esr_gui.core.remedy.steps import Step

Operation = Literal["remedy", "restore"]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FoundFile(_Frozen):
    """A file the cleanup would back up and delete, as found by the inventory.

    `sha256` is None when the file could not be read (Windows had it open): such a file is
    only deleted if it can be read and backed up at run time.
    """

    path: str
    relative: str
    size: int
    sha256: str | None = None
    read_only: bool = False
    mtime_ns: int = 0
    problem: str | None = None


class SkippedPath(_Frozen):
    """Something the inventory saw and deliberately left alone (a link, a junction, a device)."""

    path: str
    relative: str
    reason: str


class ProfileInventory(_Frozen):
    """The BrokerPlugin files of one profile, collected without following any link."""

    profile_dir: str
    package_dir: str
    package_found: bool
    files: tuple[FoundFile, ...] = ()
    skipped: tuple[SkippedPath, ...] = ()


class ProfileRef(_Frozen):
    """The profile a cleanup works on; `own` means the account running this tool."""

    path: str
    sid: str | None = None
    own: bool = False
    source: Literal["profile-list", "folder", "current-user"] = "folder"


class RegistryRef(_Frozen):
    """A registry key the remedy reads, or that Windows changes when the remedy runs."""

    key: str
    access: Literal["read", "changed"]
    note: str = ""


class PlanFacts(_Frozen):
    """What the platform knew when planning: the device, the process and the profile.

    Core planning is pure: every fact it needs is passed in here. `source` is the data the
    plan was made from, `this_pc` the PC this app runs on (for the device binding).
    """

    on_windows: bool
    process_elevated: bool = False
    join_type: JoinType | None = None
    join_type_source: str = ""
    windows11: bool | None = None
    profile: ProfileRef | None = None
    inventory: ProfileInventory | None = None
    backup_dir: str = ""
    enabled_channels: tuple[str, ...] = ()
    source: PlanSource = Field(default_factory=PlanSource)
    this_pc: ThisPc | None = None


class Plan(_Frozen):
    """Everything a remedy will do, shown before anything happens.

    `refusal` is set when the remedy cannot run here (the reason says why); such a plan is
    shown but never run; `rebind` says the refusal is the device binding (a live capture of
    this PC would lift it). `source` is what was viewed, `target` what a run changes.
    `digest()` binds a Confirmation to exactly this plan.
    """

    remedy_id: str
    operation: Operation = "remedy"
    title: str
    summary: str
    params: dict[str, str | bool] = Field(default_factory=dict)
    facts: PlanFacts
    steps: tuple[Step, ...] = ()
    guidance: tuple[str, ...] = ()
    files: tuple[FoundFile, ...] = ()
    left_alone: tuple[SkippedPath, ...] = ()
    registry: tuple[RegistryRef, ...] = ()
    admin: AdminNeed = "not-needed"
    admin_reason: str = ""
    needs_restart: bool = False
    needs_sign_out: bool = False
    cannot_undo: tuple[str, ...] = ()
    undo: str = ""
    backup_to: str | None = None
    source_backup: str | None = None
    targets: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    refusal: str | None = None
    changes_device: bool = False
    rebind: bool = False
    source: PlanSource | None = None
    target: PlanTarget | None = None
    created: AwareDatetime | None = None

    @property
    def needs_admin(self) -> bool:
        """True when the run cannot happen without administrator rights."""
        return self.admin == "required"

    @property
    def runnable(self) -> bool:
        """False when the plan was refused; run() will not start it."""
        return self.refusal is None

    @property
    def needs_windows(self) -> bool:
        """True when a step runs a Windows program, opens a page or locks the session."""
        return any(step.kind != "files" for step in self.steps)

    def digest(self) -> str:
        """SHA-256 of the plan without its creation time: equal plans, equal digests."""
        text = self.model_dump_json(exclude={"created"})
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def stamped(self, when: datetime) -> Plan:
        """The same plan with its creation time set."""
        return self.model_copy(update={"created": when})
