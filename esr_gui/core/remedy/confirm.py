"""The Confirmation a caller must hold to run a plan: proof that exactly this plan was shown.

run() takes a Confirmation, never a flag. It is made from the plan after the user said yes
(the GUI dialog, or `--yes` on the command line) and carries the plan's digest, so a
confirmation for one plan cannot run another, nor the same remedy after the files changed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict

from esr_gui.core.remedy.errors import RemedyRefusedError
from esr_gui.core.remedy.plans import Operation, Plan

ConfirmedVia = Literal["gui-dialog", "cli-yes"]


class Confirmation(BaseModel):
    """Who confirmed which plan, how and when."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    plan_digest: str
    remedy_id: str
    operation: Operation
    via: ConfirmedVia
    by: str
    at: AwareDatetime

    @classmethod
    def of(
        cls, plan: Plan, *, via: ConfirmedVia, by: str, at: datetime | None = None
    ) -> Confirmation:
        """Confirm `plan` as shown; refused when the plan itself was refused."""
        if not plan.runnable:
            raise RemedyRefusedError(f"{plan.title}: {plan.refusal}")
        return cls(
            plan_digest=plan.digest(),
            remedy_id=plan.remedy_id,
            operation=plan.operation,
            via=via,
            by=by,
            at=at or datetime.now().astimezone(),
        )

    def matches(self, plan: Plan) -> bool:
        """True when this confirmation was given for exactly `plan`."""
        return (
            self.plan_digest == plan.digest()
            and self.remedy_id == plan.remedy_id
            and self.operation == plan.operation
        )
