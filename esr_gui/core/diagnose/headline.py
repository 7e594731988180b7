"""The one headline: the single most likely cause among the findings, and its first action.

The ranking is data: an ordered table, one line of reasoning per entry saying why it
outranks the next. The first entry whose finding has one of the listed statuses (and whose
`when`, if any, holds) wins. The main input comes first: on a dsregcmd /status that could
not be read, nothing else can be judged. Then fails before warnings; within them, what makes
everything else moot comes first (no ESR on the build, no join), then causes a specific
event, code or build proves, then explicit blocks, then registration and account state. One
warning outranks fails: a hybrid device away from its domain controller cannot fix those
fails until it is back on the corporate network. Limitations (what never syncs on some
devices) are not causes and never headline.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, Field

from esr_gui.core.diagnose.headline_steps import (
    JOIN_STEP,
    has_registration_code,
    never_joined,
    registration_code,
)
from esr_gui.core.knowledge.findings import finding_info
from esr_gui.core.knowledge.remedies import remedy_label
from esr_gui.core.models.findings import STATUS_ORDER, Finding, Status

Lead = Literal["Most likely", "Cannot tell", "Partial data"]


@dataclass(frozen=True)
class Rank:
    """One row of the ranking: a finding id, the statuses that count, and why it sits here.

    `when` narrows the row to findings whose evidence shows a case; `action` replaces the
    finding's own first step for that case (and then no catalogue remedy is offered, since
    none fits); `lead` is how the headline opens.
    """

    finding_id: str
    statuses: tuple[Status, ...]
    reason: str
    kind: Literal["cause", "limitation"] = "cause"
    lead: Lead = "Most likely"
    when: Callable[[Finding], bool] | None = None
    action: str | None = None


# fmt: off
RANKING: tuple[Rank, ...] = (
    Rank("input.dsregcmd", ("unknown",),
         "dsregcmd /status could not be read: every other verdict rests on it", lead="Cannot tell"),
    Rank("prereq.os-build", ("fail",), "ESR does not exist before 1511: nothing else can help"),
    Rank("prereq.device-joined", ("fail",),
         "a registration error code names why the join stopped; retrying fails the same way",
         when=has_registration_code),
    Rank("prereq.device-joined", ("fail",),
         "never joined: joining comes before every WAM, PRT or URL detail",
         when=never_joined, action=JOIN_STEP),
    Rank("prereq.device-joined", ("fail",),
         "no join, no work identity: outranks every WAM, PRT or URL detail"),
    Rank("ki.mdm-sideload-1607", ("fail",),
         "the exact build and its event prove a documented bug with a fix"),
    Rank("ki.event-6065-account-disabled", ("fail",), "the event names the cause directly"),
    Rank("ki.event-1098-token-broker", ("fail",), "the event names the cause directly"),
    Rank("sync.policy-allows", ("fail",),
         "an explicit policy block overrides whatever the user or device does"),
    Rank("ki.domain-offsite", ("warn",),
         "away from the domain, sign-in, restart and the join task all fail: reconnect first"),
    Rank("reg.wam-not-set", ("fail",), "domain-joined but never registered with Azure AD"),
    Rank("sync.settings-page-disabled", ("fail",),
         "registered but no Azure AD token: the device has not authenticated yet"),
    Rank("reg.settings-url-empty", ("fail",), "no ESR endpoint on a joined device"),
    Rank("prereq.esr-enabled", ("fail",), "the same empty URL, read as the portal setting"),
    Rank("reg.status", ("fail",), "a registration value off the guide's expectation"),
    Rank("sync.user-toggles", ("fail",), "the user switched every sync group off"),
    Rank("input.dsregcmd", ("warn",),
         "part of dsregcmd /status is missing: no warning below can be trusted as the cause",
         lead="Partial data"),
    Rank("ki.smart-card-sign-in", ("warn",), "a documented sign-in method that stops sync"),
    Rank("mfa.password-sign-in", ("warn",),
         "token errors after a password sign-in while MFA is required"),
    Rank("mfa.adfs-token-expired", ("warn",), "expired AD FS tokens under an MFA policy"),
    Rank("ki.mixed-case-upn", ("warn",),
         "a documented UPN spelling problem on Azure AD joined devices"),
    Rank("sync.same-account", ("warn",),
         "settings go to a personal account instead of the work account"),
    Rank("reg.wam-not-set", ("warn",), "domain-joined, not registered, another default account"),
    Rank("reg.status", ("warn",), "registration read elevated: capture again as the user"),
    Rank("ki.mdm-sideload-1607", ("warn",), "the build alone is exposed to a documented bug"),
    Rank("prereq.restart-after-enable", ("warn",), "the enablement has not reached the device"),
    Rank("sync.policy-allows", ("warn",), "policy blocks some groups only"),
    Rank("sync.user-toggles", ("warn",), "the user switched some groups off"),
    Rank("ki.uac-password-sync-1511", ("warn",), "an annoyance on old builds, not a stop"),
    Rank("ki.ie-favorites-1511", ("warn",), "one data type on old builds"),
    Rank("prereq.os-build", ("warn",), "an old or Server build: worth fixing, rarely the cause"),
    Rank("ki.wip-no-sync", ("warn",), "protected data never roams: a limitation", "limitation"),
    Rank("ki.domain-date-time", ("warn",), "automatic time never roams: a limitation",
         "limitation"),
)
# fmt: on
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


def first_action(finding: Finding) -> tuple[str | None, str]:
    """(remedy id, one-line action): the knowledge base's action, else the first remedy's label."""
    info = finding_info(finding.id)
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
    if coded is not None:
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


def rank_for(findings: list[Finding]) -> tuple[Rank, Finding] | None:
    """The first ranking row that applies to `findings`, with the finding it matched."""
    by_id = {f.id: f for f in findings}
    for rank in RANKING:
        found = by_id.get(rank.finding_id)
        if rank.kind != "cause" or found is None or found.status not in rank.statuses:
            continue
        if rank.when is None or rank.when(found):
            return rank, found
    return None


def _calm(findings: list[Finding]) -> Headline:
    unknown = [f.id for f in findings if f.status == "unknown"]
    limits = [f.title for f in findings if f.id in LIMITATIONS and f.status == "warn"]
    text = "No known cause found"
    action = "Do the manual checks (licence, same account), then the two-device sync test."
    if unknown:
        text += f" in the data captured ({len(unknown)} checks had too little data)"
        action = "Capture the missing data (see the ?? checks), then do the manual checks."
    reason = ("Limitations that apply: " + "; ".join(limits)) if limits else ""
    return Headline(
        finding_id=None,
        status=None,
        text=text,
        action=action,
        remedy="remedy.lock-to-sync",
        reason=reason,
        related=[*CALM_RELATED, *unknown],
    )


def choose_headline(findings: list[Finding]) -> Headline:
    """The headline for a set of findings (any order); calm when nothing fails or warns."""
    ranked = rank_for(findings)
    if ranked is not None:
        rank, found = ranked
        headline = _headline_for(found, rank, rank.reason)
        if rank.lead != "Most likely":  # the input heads: name what still fails or warns
            others = [f for f in findings if f is not found and f.status in ("fail", "warn")]
            headline.related = [f.id for f in others]
        return headline
    rest = [f for f in findings if f.status in ("fail", "warn") and f.id not in LIMITATIONS]
    if rest:
        first = min(rest, key=lambda f: STATUS_ORDER[f.status])
        return _headline_for(first, None, "not in the ranking table; the most severe finding")
    return _calm(findings)
