"""input.dsregcmd: could the main input, `dsregcmd /status`, be read, and is it whole?

Every other check reads dsregcmd /status; when it is missing, unreadable or cut short, their
`unknown` and even their `pass` rest on a part of the picture. This finding says so on every
run, with the parser's own reason, so the headline, the reports and the Intune line never
look healthy on data that was not there.
"""

from __future__ import annotations

from esr_gui.core.bundle.limits import DSREGCMD
from esr_gui.core.diagnose.base import Verdict, say
from esr_gui.core.diagnose.context import DiagContext
from esr_gui.core.diagnose.record import FindingRecord, Rank
from esr_gui.core.models.dsreg import DsregStatus, normalize_key
from esr_gui.core.models.findings import Evidence, Finding
from esr_gui.core.models.snapshot import MemberProblem, Snapshot

RULE_ID = "input.dsregcmd"
CAPTURE_AGAIN = (
    "Capture dsregcmd /status again: on the device, as the signed-in user in a normal "
    "(not elevated) prompt, run  dsregcmd /status > dsregcmd-status.txt  and open or paste "
    "that file (or collect a new bundle)."
)
# The sections every check needs: join state, WAM / user state, and (1803 and later) the
# SSO State with the PRT. The old flat layout (1607-1709) prints no SSO State section.
REQUIRED = ("Device State", "User State")
REQUIRED_SECTIONED = ("SSO State",)

INPUT = {
    "read": Verdict(
        "pass",
        "dsregcmd /status read in full",
        "The dsregcmd /status text was read and holds every section the checks need ({sections}).",
    ),
    "partial": Verdict(
        "warn",
        "dsregcmd /status is partial: {absent} missing",
        "The dsregcmd /status text holds only {present}; {absent} {verb} not in it, so the "
        "checks that read {them} cannot decide. A text copied in part, or cut short, does "
        "this. " + CAPTURE_AGAIN,
    ),
    "unreadable": Verdict(
        "unknown",
        "dsregcmd /status was captured but could not be read ({reason})",
        "{member} is part of this capture, but it could not be read: {reason}. Every check "
        "that needs dsregcmd /status is unknown until it is captured again. " + CAPTURE_AGAIN,
    ),
    "missing": Verdict(
        "unknown",
        "dsregcmd /status was not captured",
        "This capture holds no dsregcmd /status output, so the join, registration and "
        "sign-in checks cannot decide. " + CAPTURE_AGAIN,
    ),
}


def dsregcmd_problem(snap: Snapshot) -> MemberProblem | None:
    """Why the captured dsregcmd /status could not be read, or None when it was not tried.

    A bundle names its member `dsregcmd-status.txt`; a saved or pasted text is the whole
    input, so its one problem is the dsregcmd problem.
    """
    for problem in snap.problems:
        if problem.member == DSREGCMD or snap.source.kind in ("dsregcmd", "pasted"):
            return problem
    return None


def missing_sections(status: DsregStatus) -> list[str]:
    """The sections the checks need that this text does not hold (in printed order)."""
    wanted = REQUIRED + (REQUIRED_SECTIONED if status.layout == "sectioned" else ())
    present = {normalize_key(s.name) for s in status.sections}
    return [name for name in wanted if normalize_key(name) not in present]


def _names(names: list[str]) -> str:
    return " and ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else names[0]


def check_input_dsregcmd(ctx: DiagContext) -> Finding:
    """input.dsregcmd: read and whole pass; sections missing warn; unreadable or absent unknown."""
    snap = ctx.snap
    status = snap.dsregcmd
    if status is None:
        problem = dsregcmd_problem(snap)
        if problem is None:
            return say(RULE_ID, INPUT["missing"], missing=[CAPTURE_AGAIN])
        evidence = [Evidence(source="capture", field=problem.member, value=problem.message)]
        reason = problem.message.rstrip(".")
        return say(
            RULE_ID,
            INPUT["unreadable"],
            evidence,
            missing=[f"a readable dsregcmd /status ({problem.member}: {reason})"],
            member=problem.member,
            reason=reason,
        )
    printed = list(dict.fromkeys(s.name for s in status.sections))
    evidence = [Evidence(source="dsregcmd", field="sections", value=", ".join(printed))]
    missing = missing_sections(status)
    if not missing:
        return say(RULE_ID, INPUT["read"], evidence, sections=", ".join(printed))
    return say(
        RULE_ID,
        INPUT["partial"],
        evidence,
        missing=[f"the {name} section of dsregcmd /status" for name in missing],
        present=_names(printed) if printed else "no section",
        absent=_names(missing),
        verb="are" if len(missing) > 1 else "is",
        them="them" if len(missing) > 1 else "it",
    )


INPUT_RECORD = FindingRecord(
    id="input.dsregcmd",
    area="checklist",
    name="dsregcmd /status read",
    guide=("Every section of the guide starts from dsregcmd /status (device registration status)"),
    meaning=(
        "Whether the capture's dsregcmd /status text could be read, and whether it holds the "
        "Device State, User State and (1803 and later) SSO State sections."
    ),
    why=(
        "Almost every check reads dsregcmd /status. Without it, or with only a part of it, the "
        "other checks cannot decide, and a calm result would mean nothing."
    ),
    todo=(
        "Capture dsregcmd /status again as the signed-in user in a normal (not elevated) prompt "
        "and open or paste the whole text."
    ),
    check=check_input_dsregcmd,
    docs=(
        "`pass` when dsregcmd /status was read and holds Device State, User State and (sectioned "
        "layout, 1803+) SSO State; `warn` when one of them is missing (partial: the missing "
        "sections are named in `missing`); `unknown` when the capture holds a dsregcmd /status "
        "that could not be read (garbage, empty, a damaged or unsupported zip member: the "
        "parser's reason is the evidence) or none at all. The headline puts `unknown` first "
        "(*Cannot tell*: capture dsregcmd /status again as the signed-in user, not elevated) and "
        "`warn` after every fail (*Partial data*); the run's verdict is then `UNKNOWN` (exit 1), "
        "never OK"
    ),
    action=(
        "Capture dsregcmd /status again (dsregcmd /status > dsregcmd-status.txt, as the signed-in"
        " user, not elevated) and open it."
    ),
    ranks=(
        Rank(
            10,
            ("unknown",),
            "dsregcmd /status could not be read: every other verdict rests on it",
            lead="Cannot tell",
        ),
        Rank(
            170,
            ("warn",),
            ("part of dsregcmd /status is missing: no warning below can be trusted as the cause"),
            lead="Partial data",
        ),
    ),
)
