"""The one headline: the single most likely cause among the findings, and its first action.

The ranking is data: an ordered table (the `ranks` of the finding records, by `order`), one
line of reasoning per entry saying why it outranks the next. The first entry whose finding
has one of the listed statuses (and whose `when`, if any, holds) wins. The main input comes
first: on a dsregcmd /status that could not be read, nothing else can be judged. Then fails
before warnings; within them, what makes everything else moot comes first (no ESR on the
build, no join), then causes a specific event, code or build proves, then explicit blocks,
then registration and account state. Two warnings outrank fails: a hybrid device away from
its domain controller cannot fix those fails until it is back on the corporate network, and an
endpoint reached only through TLS inspection or a proxy asking for credentials breaks the
token calls those fails come from.
Limitations (what never syncs on some devices) are not causes and never headline.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from esr_gui.core.diagnose.headline_steps import registration_code
from esr_gui.core.diagnose.record import Rank
from esr_gui.core.diagnose.rules import finding_record, missing_data, not_checked, ranking
from esr_gui.core.knowledge.remedies import remedy_label
from esr_gui.core.models.findings import STATUS_ORDER, Finding, Status

# The rows live in the finding records (each with its `order` and why it outranks the next);
# docs/findings.md prints the whole table in order.
RANKING: tuple[Rank, ...] = ranking()
LIMITATIONS = frozenset(r.finding_id for r in RANKING if r.kind == "limitation")
CALM_RELATED = ("sync.two-device-test", "prereq.license", "sync.same-account")


class Headline(BaseModel):
    """The most likely cause (`finding_id` None when none was found) and the first action.

    `lead` opens `text` ("Most likely", or "Cannot tell" / "Partial data" when the input
    itself is the finding), so every surface can show it without re-deriving it.
    """

    finding_id: str | None
    status: Status | None
    text: str
    action: str
    remedy: str | None = None
    reason: str = ""
    related: list[str] = Field(default_factory=list)
    lead: str = "Most likely"

    @property
    def cause(self) -> str:
        """`text` without its lead ("Most likely: X" is X): what a surface shows after its own
        lead."""
        return self.text.removeprefix(f"{self.lead}:").strip()

    @property
    def calm(self) -> bool:
        """True when no finding heads (nothing fails or warns that is a cause)."""
        return self.finding_id is None


def first_action(finding: Finding) -> tuple[str | None, str]:
    """(remedy id, one-line action): the knowledge base's action, else the first remedy's label."""
    info = finding_record(finding.id)
    remedy = finding.remedies[0] if finding.remedies else None
    if info is not None and info.action:
        return remedy, info.action
    if remedy is not None:
        return remedy, remedy_label(remedy)
    return None, "See the finding for what to do."


def _headline_for(finding: Finding, rank: Rank | None, reason: str) -> Headline:
    remedy, action = first_action(finding)
    title = finding.title
    coded = registration_code(finding)
    if coded is not None and rank is not None and rank.action is not None:
        # The row (join.stage's cause) read the code with the rest of Diagnostic Data.
        title, action, remedy = f"{title} ({coded[0]})", rank.action, None
    elif coded is not None:
        # The code's own step: the generic remedy (the registration task) fails the same way.
        code, step = coded
        title, action, remedy = f"{title} ({code}: {step.cause})", step.step, None
    elif rank is not None and rank.action is not None:
        action, remedy = rank.action, None
    lead = rank.lead if rank is not None else "Most likely"
    return Headline(
        finding_id=finding.id,
        status=finding.status,
        text=f"{lead}: {title}",
        action=action,
        remedy=remedy,
        reason=reason,
        lead=lead,
    )


def rank_for(
    findings: list[Finding], table: tuple[Rank, ...] = RANKING
) -> tuple[Rank, Finding] | None:
    """The first row of `table` that applies to `findings`, with the finding it matched."""
    by_id = {f.id: f for f in findings}
    for rank in table:
        found = by_id.get(rank.finding_id)
        if rank.kind != "cause" or found is None or found.status not in rank.statuses:
            continue
        if rank.when is None or rank.when(found):
            return rank, found
    return None


def _calm(findings: list[Finding], limitations: frozenset[str]) -> Headline:
    unknown = missing_data(findings)
    skipped = [f.id for f in findings if not_checked(f)]
    limits = [f.title for f in findings if f.id in limitations and f.status == "warn"]
    text = "No known cause found"
    action = "Do the manual checks (licence, same account), then the two-device sync test."
    if unknown:
        text += f" in the data captured ({len(unknown)} checks had too little data)"
        action = "Capture the missing data (see the ?? checks), then do the manual checks."
    reason = ("Limitations that apply: " + "; ".join(limits)) if limits else ""
    if skipped:
        reason = " ".join(p for p in (reason, f"Not checked (opt in): {', '.join(skipped)}.") if p)
    return Headline(
        finding_id=None,
        status=None,
        text=text,
        action=action,
        remedy="remedy.lock-to-sync",
        reason=reason,
        related=[*CALM_RELATED, *unknown],
    )


def choose_headline(findings: list[Finding], table: tuple[Rank, ...] = RANKING) -> Headline:
    """The headline for a set of findings (any order); calm when nothing fails or warns.

    `table` is the ranking (the records' rows in order; a test may pass its own).
    """
    ranked = rank_for(findings, table)
    if ranked is not None:
        rank, found = ranked
        headline = _headline_for(found, rank, rank.reason)
        if rank.lead != "Most likely":  # the input heads: name what still fails or warns
            others = [f for f in findings if f is not found and f.status in ("fail", "warn")]
            headline.related = [f.id for f in others]
        return headline
    limitations = frozenset(r.finding_id for r in table if r.kind == "limitation")
    rest = [f for f in findings if f.status in ("fail", "warn") and f.id not in limitations]
    if rest:
        first = min(rest, key=lambda f: STATUS_ORDER[f.status])
        return _headline_for(first, None, "not in the ranking table; the most severe finding")
    return _calm(findings, limitations)
