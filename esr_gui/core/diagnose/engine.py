"""Running the rules: every finding id on every run, in a stable order, whatever the data."""

from __future__ import annotations

from pydantic import BaseModel

from esr_gui.core.diagnose.base import Rule, finding
from esr_gui.core.diagnose.capture_trust import with_capture_caveat
from esr_gui.core.diagnose.context import DiagContext
from esr_gui.core.diagnose.headline import Headline, choose_headline
from esr_gui.core.diagnose.rules import RULES, finding_record
from esr_gui.core.diagnose.verdict import State, run_state
from esr_gui.core.models.findings import Finding
from esr_gui.core.models.snapshot import Snapshot


class Diagnosis(BaseModel):
    """The findings of one run (one per rule, in rule order) and the headline over them."""

    findings: list[Finding]
    headline: Headline

    def by_id(self) -> dict[str, Finding]:
        """Findings keyed by id."""
        return {f.id: f for f in self.findings}

    def get(self, finding_id: str) -> Finding:
        """The finding `finding_id` (KeyError for an id no rule produces)."""
        return self.by_id()[finding_id]

    @property
    def failing(self) -> bool:
        """True when at least one finding has status `fail` (exit code 1)."""
        return any(f.status == "fail" for f in self.findings)

    @property
    def state(self) -> State:
        """OK, WARN, FAIL or UNKNOWN (core.diagnose.verdict): never OK on unread input."""
        return run_state(self.findings)


def _crashed(rule: Rule, exc: BaseException) -> Finding:
    info = finding_record(rule.id)
    name = info.name if info else rule.id
    reason = f"{type(exc).__name__}: {exc}"[:300]
    return finding(
        rule.id,
        "unknown",
        f"{name}: the check could not run on this data",
        "This check stopped on something unexpected in the data; the other checks are not "
        f"affected. Please report it with the bundle. ({reason})",
        missing=[f"data this check can read (it stopped with {reason})"],
    )


def run_rule(rule: Rule, ctx: DiagContext) -> Finding:
    """Run one rule; a rule that raises (or answers for another id) yields `unknown`."""
    try:
        result = rule.check(ctx)
    except Exception as exc:  # one odd input must never sink the diagnosis
        return _crashed(rule, exc)
    if result.id != rule.id:
        return _crashed(rule, ValueError(f"the rule answered for {result.id!r}"))
    return result


def run_diagnosis(snapshot: Snapshot, rules: tuple[Rule, ...] = RULES) -> Diagnosis:
    """Diagnose `snapshot`: every rule once, in order, plus the headline. Pure and total."""
    ctx = DiagContext(snapshot)
    findings = with_capture_caveat([run_rule(rule, ctx) for rule in rules], ctx)
    return Diagnosis(findings=findings, headline=choose_headline(findings))


def diagnose(snapshot: Snapshot) -> list[Finding]:
    """The findings alone (the simple form other code calls)."""
    return run_diagnosis(snapshot).findings
