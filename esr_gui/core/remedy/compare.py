"""Before/after: how the findings a remedy targets changed after a fresh capture."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from pydantic import BaseModel, ConfigDict

from esr_gui.core.models.findings import Finding, Status

Change = Literal["fixed", "improved", "unchanged", "worse", "unclear", "missing", "different"]

# Higher is better; not-applicable ranks with pass (the problem no longer applies).
_RANK: dict[str, int] = {
    "fail": 0,
    "warn": 1,
    "unknown": 2,
    "manual": 3,
    "info": 4,
    "pass": 5,
    "not-applicable": 5,
}
_GOOD = frozenset({"pass", "not-applicable", "info"})
_BAD = frozenset({"fail", "warn"})
_UNDECIDED = frozenset({"unknown", "manual"})


class FindingChange(BaseModel):
    """One targeted finding before and after (None when a run did not report it)."""

    model_config = ConfigDict(frozen=True)

    id: str
    before: Status | None
    after: Status | None
    change: Change
    title: str = ""


def classify(before: Status | None, after: Status | None) -> Change:
    """How a status moved: fixed (fail/warn → good), improved, unchanged, worse, unclear (the
    check can no longer decide: unknown or manual now), missing (not reported), or different
    (one good status for another: the check now applies and passes, or no longer applies)."""
    if before is None or after is None:
        return "missing"
    if before == after:
        return "unchanged"
    if before in _BAD and after in _GOOD:
        return "fixed"
    if before in _GOOD and after in _GOOD:
        return "different"
    if after in _UNDECIDED:
        return "unclear"
    return "improved" if _RANK[after] > _RANK[before] else "worse"


def compare_findings(
    before: list[Finding], after: list[Finding], ids: Iterable[str]
) -> list[FindingChange]:
    """The change of each finding id in `ids` (in that order, each once). Pure."""
    old = {f.id: f for f in before}
    new = {f.id: f for f in after}
    changes: list[FindingChange] = []
    for finding_id in dict.fromkeys(ids):
        b, a = old.get(finding_id), new.get(finding_id)
        shown = a or b
        title = shown.title if shown is not None else ""
        changes.append(
            FindingChange(
                id=finding_id,
                before=b.status if b else None,
                after=a.status if a else None,
                change=classify(b.status if b else None, a.status if a else None),
                title=title,
            )
        )
    return changes


def changed_findings(before: list[Finding], after: list[Finding]) -> list[FindingChange]:
    """Every finding whose status differs between two runs (a finding one run lacks counts as
    changed), in the later run's order, then those only the earlier run reported. Pure."""
    ids = [f.id for f in after] + [f.id for f in before]
    return [c for c in compare_findings(before, after, ids) if c.before != c.after]
