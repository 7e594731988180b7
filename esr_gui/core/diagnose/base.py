"""The rule type, the finding constructor and the phrases that name missing data."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from esr_gui.core.diagnose.record import Area, CheckFn
from esr_gui.core.models.findings import Evidence, Finding, Status


@dataclass(frozen=True)
class Rule:
    """One check: the finding id it answers, its area of the guide, and the predicate."""

    id: str
    area: Area
    check: CheckFn


def finding(
    rule_id: str,
    status: Status,
    title: str,
    explanation: str,
    *,
    evidence: Iterable[Evidence] = (),
    remedies: Iterable[str] = (),
    missing: Iterable[str] = (),
) -> Finding:
    """A Finding with duplicates removed from remedies and missing (order kept)."""
    return Finding(
        id=rule_id,
        status=status,
        title=title,
        explanation=explanation,
        evidence=list(evidence),
        remedies=list(dict.fromkeys(remedies)),
        missing=list(dict.fromkeys(missing)),
    )


MISSING_DSREGCMD = (
    "dsregcmd /status output was not captured (run it unelevated as the signed-in user and "
    "save it as dsregcmd-status.txt)"
)
MISSING_BUILD = (
    "the HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion registry key (CurrentBuild, "
    "UBR) was not captured"
)
MISSING_SYSTEM_USER = (
    "dsregcmd /status run unelevated as the signed-in user (this capture ran as SYSTEM or "
    "elevated, so User State / SSO State describe another account)"
)


def missing_key(path: str, values: str = "") -> str:
    """`the HKLM\\... registry key (values) was not captured`."""
    detail = f" ({values})" if values else ""
    return f"the {path} registry key{detail} was not captured"


def missing_field(key: str, section: str) -> str:
    """`dsregcmd /status did not print WamDefaultSet (User State)`."""
    where = f" ({section})" if section else ""
    return f"dsregcmd /status did not print {key}{where}"


@dataclass(frozen=True)
class Verdict:
    """A status with its title and explanation templates (`str.format` fields, no braces else)."""

    status: Status
    title: str
    text: str


def say(
    rule_id: str,
    verdict: Verdict,
    evidence: Iterable[Evidence] = (),
    remedies: Iterable[str] = (),
    missing: Iterable[str] = (),
    **fields: object,
) -> Finding:
    """The finding for `verdict`, its templates filled with `fields`."""
    return finding(
        rule_id,
        verdict.status,
        verdict.title.format(**fields),
        verdict.text.format(**fields).strip(),
        evidence=evidence,
        remedies=remedies,
        missing=missing,
    )
