"""capture.context: whose eyes the capture saw through, how, and when.

User State, SSO State and HKCU describe the signed-in user only when dsregcmd ran as that
user, at the console, close to the time the rest of the capture was taken. A SYSTEM or
elevated capture, a remote session, or a dsregcmd text much older than the bundle lowers the
confidence of every user-state verdict; this finding says so once, and `user_state_caveat`
gives the sentence user-state findings add. The capture time (`capture_time`) is dsregcmd's
Client Time, else the bundle's creation time, never the clock of the machine reading it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from esr_gui.core.diagnose.base import MISSING_DSREGCMD, Verdict, say
from esr_gui.core.diagnose.context import DiagContext
from esr_gui.core.diagnose.evidence import from_manifest
from esr_gui.core.diagnose.record import FindingRecord, Rank
from esr_gui.core.dsreg_facts import parse_dsreg_time
from esr_gui.core.models.findings import Evidence, Finding

STALE_AFTER = timedelta(hours=24)
RID = "capture.context"


@dataclass(frozen=True)
class CaptureTime:
    """When the capture was taken (`at`), and where that was read; None when not known."""

    at: datetime | None
    source: str
    evidence: tuple[Evidence, ...]


def capture_time(ctx: DiagContext) -> CaptureTime:
    """dsregcmd's Client Time, else manifest.json `created`; never the reading machine's clock."""
    ref = ctx.ref("Client Time")
    at = parse_dsreg_time(ref.value) if ref else None
    if at is not None:
        return CaptureTime(at, "dsregcmd Client Time", tuple(ctx.fields("Client Time")))
    manifest = ctx.snap.manifest
    if manifest is not None:
        shown = manifest.created.isoformat()
        evidence = from_manifest("created", shown, "when the bundle was captured")
        return CaptureTime(manifest.created, "the bundle's creation time", (evidence,))
    return CaptureTime(None, "", ())


def latest_printed_time(ctx: DiagContext) -> datetime | None:
    """The latest time stamp dsregcmd printed: the capture happened at or after it."""
    status = ctx.snap.dsregcmd
    if status is None:
        return None
    # A validity range counts by its start only: its end lies in the future of any capture.
    times = [parse_dsreg_time(f.value) for section in status.sections for f in section.fields]
    past = [t for t in times if t is not None]
    return max(past) if past else None


def _stale(ctx: DiagContext) -> tuple[timedelta, list[Evidence]] | None:
    """How much older dsregcmd's Client Time is than the bundle, when over `STALE_AFTER`."""
    manifest = ctx.snap.manifest
    ref = ctx.ref("Client Time")
    client = parse_dsreg_time(ref.value) if ref else None
    if manifest is None or client is None:
        return None
    age = manifest.created - client
    if age <= STALE_AFTER:
        return None
    shown = manifest.created.isoformat()
    evidence = [*ctx.fields("Client Time"), from_manifest("created", shown)]
    return age, evidence


def _remote(ctx: DiagContext) -> bool:
    ref = ctx.ref("SessionIsNotRemote")
    return ref is not None and ref.value.strip().upper() == "NO"


def _problems(ctx: DiagContext) -> tuple[list[str], list[Evidence]]:
    """What lowers trust in user-state verdicts, as phrases, with the evidence behind each."""
    problems: list[str] = []
    evidence: list[Evidence] = []
    context = ctx.capture
    if context.context == "system":
        problems.append("dsregcmd ran as SYSTEM (the machine account), not as the user")
        evidence += context.evidence
    elif context.context == "elevated":
        problems.append("dsregcmd ran from an elevated (administrator) prompt")
        evidence += context.evidence
    stale = _stale(ctx)
    if stale is not None:
        age, cited = stale
        days = age.total_seconds() / 86400
        problems.append(f"dsregcmd's output is {days:.1f} days older than the rest of the bundle")
        evidence += cited
    return problems, evidence


CONTEXT: dict[str, Verdict] = {
    "unknown": Verdict(
        "unknown",
        "Capture context not known",
        "Neither dsregcmd /status nor a bundle manifest was captured, so it is not known whose "
        "session the data describes.",
    ),
    "low": Verdict(
        "warn",
        "User-state verdicts less certain: {problems}",
        "{problems_cap}. User State, SSO State (the PRT) and the user's registry then describe "
        "another account, or an older moment, so the verdicts read from them are less certain "
        "(each says so). Capture again as the signed-in user, from a normal (not elevated) "
        "prompt at the device.{remote}",
    ),
    "remote": Verdict(
        "info",
        "Captured in a remote session",
        "dsregcmd ran as the user but over a remote session (SessionIsNotRemote NO). The user "
        "state is the user's; Windows Hello readiness reads differently over remote sessions.",
    ),
    "assumed": Verdict(
        "info",
        "Capture context not printed: read as the user's",
        "dsregcmd did not print User Context or Executing Account Name (older builds, or a "
        "joined device) and no bundle manifest says otherwise, so the user-state values are "
        "read as the signed-in user's. Run dsregcmd /status unelevated as the user to be sure.",
    ),
    "ok": Verdict(
        "pass",
        "Captured as the signed-in user",
        "dsregcmd ran as the signed-in user{where}: user-state verdicts can be trusted.",
    ),
}


def check_capture_context(ctx: DiagContext) -> Finding:
    """capture.context: SYSTEM, elevated or stale warn; remote info; the user pass."""
    if ctx.dsreg is None and ctx.snap.manifest is None:
        return say(RID, CONTEXT["unknown"], missing=[MISSING_DSREGCMD])
    problems, evidence = _problems(ctx)
    remote = _remote(ctx)
    session = ctx.fields("SessionIsNotRemote")
    if problems:
        text = "; ".join(problems)
        note = " It also ran over a remote session (SessionIsNotRemote NO)." if remote else ""
        cap = text[0].upper() + text[1:]
        return say(
            RID,
            CONTEXT["low"],
            [*evidence, *session],
            problems=text,
            problems_cap=cap,
            remote=note,
        )
    if remote:
        return say(RID, CONTEXT["remote"], [*ctx.capture.evidence, *session])
    if ctx.capture.context == "unknown":
        return say(RID, CONTEXT["assumed"], session)
    where = ", at the console" if session else ""
    shown = ctx.fields("User Context", "Executing Account Name")
    return say(RID, CONTEXT["ok"], [*shown, *ctx.capture.evidence, *session], where=where)


# Findings read from User State, SSO State or HKCU (plus every prt.* finding).
USER_STATE_IDS = frozenset(
    {
        "reg.status",
        "reg.wam-not-set",
        "sync.settings-page-disabled",
        "sync.user-toggles",
        "sync.same-account",
    }
)
_JUDGED = ("pass", "fail", "warn", "info")


def with_capture_caveat(findings: list[Finding], ctx: DiagContext) -> list[Finding]:
    """`findings` with the capture caveat added to each user-state verdict it weakens.

    A capture context that cannot be read leaves the findings as they are: capture.context
    itself is then `unknown` through the engine's guard.
    """
    try:
        caveat = user_state_caveat(ctx)
    except Exception:  # a fact that cannot be read must not sink the other findings
        return findings
    if not caveat:
        return findings
    return [
        f.model_copy(update={"explanation": f.explanation + caveat})
        if (f.id in USER_STATE_IDS or f.id.startswith("prt."))
        and f.status in _JUDGED
        and RID not in f.explanation
        and "elevated or SYSTEM" not in f.explanation  # reg.status says it already
        else f
        for f in findings
    ]


def user_state_caveat(ctx: DiagContext) -> str:
    """The sentence a user-state finding adds when the capture lowers its confidence, or ""."""
    problems, _ = _problems(ctx)
    if not problems:
        return ""
    return (
        " Less certain: " + "; ".join(problems) + " (see capture.context), so this value may "
        "not describe the signed-in user now."
    )


CONTEXT_RECORD = FindingRecord(
    id=RID,
    area="registration",
    name="Capture context",
    guide=(
        "Beyond the guide: the guide assumes dsregcmd /status ran as the user; this checks who "
        "ran it, where, and when"
    ),
    meaning="Whether the capture shows the signed-in user's own state, at the time of the bundle.",
    why=(
        "Run as SYSTEM or elevated, dsregcmd prints the machine account's user state; a text "
        "older than the bundle may show a state that has changed. Verdicts on the PRT, the WAM "
        "account and the user's registry are then less certain."
    ),
    todo=(
        "Run dsregcmd /status again from a normal command prompt as the signed-in user, at the "
        "device, and capture it with the rest of the bundle."
    ),
    check=check_capture_context,
    docs=(
        "dsregcmd ran as SYSTEM or elevated (User Context, Executing Account Name, manifest "
        "`context`), or its Client Time is over 24 hours older than the bundle: `warn` (user-"
        "state verdicts less certain); a remote session alone: `info`; neither dsregcmd nor a "
        "manifest: `unknown`"
    ),
    action="Capture dsregcmd /status again as the signed-in user, from a normal prompt.",
    ranks=(
        Rank(
            335,
            ("warn",),
            "how the data was captured, not why sync fails: never the headline",
            kind="limitation",
        ),
    ),
)
