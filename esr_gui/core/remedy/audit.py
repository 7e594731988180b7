"""The audit record: one JSON line per run, saying who ran what, when, and what happened."""

from __future__ import annotations

from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict

from esr_gui.core.remedy.binding import PlanSource, PlanTarget
from esr_gui.core.remedy.confirm import Confirmation
from esr_gui.core.remedy.plans import Operation, Plan
from esr_gui.core.remedy.results import RemedyResult

AUDIT_FILE = "audit.jsonl"


class AuditRecord(BaseModel):
    """Who (account, computer, elevated or not), when (ISO 8601 with offset), which remedy,
    what was viewed (`source`: kind, path, computer of the data the plan was made from), what
    was changed (`target`: computer, user, profile), the plan as confirmed, the result and
    where the backup is. Records written before `source`/`target` existed read as None."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    schema_version: Literal[1] = 1
    time: AwareDatetime
    user: str
    computer: str
    elevated: bool
    tool: str
    remedy_id: str
    operation: Operation
    source: PlanSource | None = None
    target: PlanTarget | None = None
    confirmation: Confirmation | None
    plan: Plan
    result: RemedyResult
    backup_path: str | None = None

    def to_line(self) -> str:
        """The record as one line of JSON (no trailing newline)."""
        return self.model_dump_json()
