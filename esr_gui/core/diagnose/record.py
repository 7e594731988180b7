"""One record per finding id: everything the product knows about a check, in one place.

A `FindingRecord` sits next to its rule (the `check` predicate) in the rule's module and holds
the reference texts (title, guide item, meaning, why, what to do, KB, first action), where the
finding sits in the headline ranking (with why it outranks the next), the short fix word the
known-issues table shows, and the row of docs/findings.md ("fails or warns when"). The rule,
the headline, the GUI, the text and HTML reports and docs/findings.md all read the record.
`core.diagnose.rules` lists the records in the contract's order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from esr_gui.core.models.findings import Finding, Status

if TYPE_CHECKING:
    from esr_gui.core.diagnose.context import DiagContext

Area = Literal[
    "checklist", "verify-sync", "registration", "mfa", "known-issues", "tenant", "network"
]
Lead = Literal["Most likely", "Cannot tell", "Partial data"]
CheckFn = Callable[["DiagContext"], Finding]

AREA_TITLES: dict[Area, str] = {
    "checklist": "Checklist",
    "verify-sync": "Verify sync",
    "registration": "Registration",
    "mfa": "MFA",
    "known-issues": "Known issues",
    "tenant": "Tenant (Entra ID)",
    "network": "Network",
}


@dataclass(frozen=True)
class Rank:
    """One row of the headline ranking: the statuses that count, and why the row sits here.

    `order` places the row in the one ranking table (lower first; rows are numbered in tens so
    a new one fits between two others); `reason` says why it outranks the next row. `when`
    narrows the row to findings whose evidence shows a case; `action` replaces the finding's
    own first step for that case (and then no catalogue remedy is offered, since none fits);
    `lead` is how the headline opens. `finding_id` is filled in by the registry.
    """

    order: int
    statuses: tuple[Status, ...]
    reason: str
    kind: Literal["cause", "limitation"] = "cause"
    lead: Lead = "Most likely"
    when: Callable[[Finding], bool] | None = None
    action: str | None = None
    finding_id: str = ""


@dataclass(frozen=True)
class FindingRecord:
    """Everything about one finding id (see the module docstring).

    `guide` names the item of the troubleshooting guide the check comes from; `action` is the
    one-line first step shown in the headline when this finding is the most likely cause;
    `docs` is the finding's row in docs/findings.md; `fix` is the short word the known-issues
    table shows when there is no KB ("No fix", "Reconnect", ...). `opt_in`: the data comes
    from a check the technician chooses to run (the tenant, the network); `unknown` without it
    says "not checked", not that the capture is incomplete.
    """

    id: str
    area: Area
    name: str
    guide: str
    meaning: str
    why: str
    todo: str
    check: CheckFn
    docs: str
    kb: str | None = None
    action: str | None = None
    fix: str = ""
    ranks: tuple[Rank, ...] = ()
    opt_in: bool = False

    @property
    def link(self) -> str | None:
        """The support article of `kb` (support.microsoft.com/kb/NNNNNNN), if there is one."""
        return f"https://support.microsoft.com/kb/{self.kb.removeprefix('KB')}" if self.kb else None

    @property
    def fix_label(self) -> str:
        """What the known-issues table shows as the fix: the KB, else the short fix word."""
        return self.kb or self.fix
