"""Intune Remediations run states as fleet rows: the `esr-diag check --intune` line read back.

Every device that runs the detection script (installer/intune/Detect-ESR.ps1, or the user
package Detect-ESR-User.ps1 whose lines start with `USER `) leaves one line in Intune:

    ESR <STATE> | fail: ids | warn: ids | build=... join=... | headline -> action[ | note]

(core/report/intune.py writes it). A run state, from a CSV export (core/fleet/intune_csv.py)
or from Graph (core/fleet/intune_graph.py), becomes a `RunRecord` and then a `DeviceRow`.

The line names only the failing and warning checks, so a row from it has those statuses and
nothing else. A run whose output is not a whole line of ours (empty, cut short, another
script's, the script's own error, a user package with nobody signed in) is *unreadable*: the
device's state is unknown and the row says why, never OK. A line whose fail list survived a
cut still shows the device as failing (failing is never hidden).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from esr_gui.core.diagnose.verdict import INPUT_ID
from esr_gui.core.fleet.summary import DeviceRow

MAX_OUTPUT_CHARS = 64 * 1024  # Intune keeps 2048; anything far longer is not ours
_STATES = ("OK", "WARN", "FAIL", "UNKNOWN")
_HEAD = re.compile(r"^(?P<user>USER )?ESR (?P<state>[A-Z]+)(?: \| (?P<rest>.*))?$")
_IDS = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_CUT = "..."
_TIME_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
)
NOT_OURS = "the detection output is not an esr-diag line (another script's output?)"


@dataclass(frozen=True)
class RunRecord:
    """One device's run of the detection script, as Intune reports it (all fields text)."""

    source: str
    device: str | None = None
    device_id: str | None = None
    user: str | None = None
    when: datetime | None = None
    output: str = ""
    post_output: str = ""
    error: str = ""
    detection: str = ""


@dataclass(frozen=True)
class ParsedLine:
    """What a whole or partly cut line says."""

    state: str
    user_package: bool
    fail: tuple[str, ...] = ()
    warn: tuple[str, ...] = ()
    build: str | None = None
    join: str = "unknown"
    headline: str = ""
    action: str = ""
    problem: str | None = None


def parse_time(text: str) -> datetime | None:
    """A run time from an export or Graph (ISO 8601, or the common US and European forms);
    a time without a zone is taken as UTC. None when empty or not a time."""
    text = text.strip()
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        value = None
        for fmt in _TIME_FORMATS:
            try:
                value = datetime.strptime(text, fmt)
                break
            except ValueError:
                continue
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def our_line(output: str) -> str | None:
    """The last line of `output` that starts like ours (`ESR ` or `USER ESR `), else None."""
    found = None
    for raw in output.splitlines():
        line = raw.strip().lstrip("\ufeff")
        if line.startswith(("ESR ", "USER ESR ")):
            found = line
    return found


def _ids(segment: str, label: str) -> tuple[str, ...] | None:
    """`fail: a,b` → ("a", "b"); `fail: -` → (); None when the segment is not that."""
    if not segment.startswith(f"{label}: "):
        return None
    body = segment[len(label) + 2 :].strip()
    if body == "-":
        return ()
    ids = tuple(i for i in body.split(",") if i)
    return ids if ids and all(_IDS.match(i) for i in ids) else None


def parse_line(line: str) -> ParsedLine:
    """Read one of our lines; `problem` says why the device's state cannot be taken from it."""
    head = _HEAD.match(line)
    if head is None:
        return ParsedLine("UNKNOWN", False, problem=NOT_OURS)
    state, user, rest = head["state"], bool(head["user"]), head["rest"] or ""
    if state not in _STATES:
        return _special(state, user, rest)
    parts = rest.split(" | ", 3)
    fail = _ids(parts[0], "fail") if parts else None
    if fail is None:
        return ParsedLine(state, user, problem="the detection output was cut short or changed")
    warn = _ids(parts[1], "warn") if len(parts) > 1 else None
    if warn is None or len(parts) < 4:
        return ParsedLine(state, user, fail, problem="the detection output was cut short")
    build, join = _build_join(parts[2])
    headline, _, action = parts[3].partition(" -> ")
    action = action.split(" | ", 1)[0]
    parsed = ParsedLine(state, user, fail, warn, build, join, headline.strip(), action.strip())
    return _checked(parsed, cut=line.endswith(_CUT) and not action)


def _special(state: str, user: bool, rest: str) -> ParsedLine:
    detail = rest.removeprefix("could not run: ").strip()
    if state == "ERROR":
        problem = f"the check could not run on the device: {detail or 'no reason given'}"
    elif state == "SKIPPED":
        problem = f"the user check did not run: {detail or 'no reason given'}"
    else:
        problem = f"the detection output says ESR {state}, which this version does not know"
    return ParsedLine("UNKNOWN", user, problem=problem)


def _build_join(segment: str) -> tuple[str | None, str]:
    fields = dict(p.split("=", 1) for p in segment.split() if "=" in p)
    build = fields.get("build")
    return (None if build in (None, "?") else build), fields.get("join", "unknown")


def _checked(parsed: ParsedLine, *, cut: bool) -> ParsedLine:
    """The state word must agree with the lists (FAIL names a failing check, OK none)."""
    expected = "FAIL" if parsed.fail else ("WARN" if parsed.warn else "OK")
    if parsed.state not in (expected, "UNKNOWN"):  # UNKNOWN comes first, with any lists
        problem = f"the line says ESR {parsed.state} but lists {_lists(parsed)}"
        return _with_problem(parsed, problem)
    if cut:
        return _with_problem(parsed, "the detection output was cut short")
    return parsed


def _lists(parsed: ParsedLine) -> str:
    return f"{len(parsed.fail)} failing and {len(parsed.warn)} warning checks"


def _with_problem(parsed: ParsedLine, problem: str) -> ParsedLine:
    return ParsedLine(
        parsed.state, parsed.user_package, parsed.fail, parsed.warn, parsed.build,
        parsed.join, parsed.headline, parsed.action, problem,
    )  # fmt: skip


def _missing_output(run: RunRecord) -> str:
    why = "Intune holds no detection output for this run"
    if run.error.strip():
        return f"{why}; the detection script reported: {' '.join(run.error.split())[:300]}"
    if run.detection.strip():
        return f"{why} (detection status: {run.detection.strip()})"
    return why


def _line_of(run: RunRecord) -> tuple[str | None, str | None]:
    """The line to read (the post-remediation run is the newer one), or why there is none."""
    for output in (run.post_output, run.output):
        if len(output) > MAX_OUTPUT_CHARS:
            return None, "the detection output is far longer than Intune keeps: not ours"
        line = our_line(output)
        if line is not None:
            return line, None
    if not (run.output.strip() or run.post_output.strip()):
        return None, _missing_output(run)
    return None, NOT_OURS


def row_from_run(run: RunRecord) -> DeviceRow:
    """The fleet row of one run; unknown with the reason when its output cannot be read."""
    line, missing = _line_of(run)
    parsed = parse_line(line) if line is not None else ParsedLine("UNKNOWN", False)
    problem = missing or parsed.problem
    statuses = {i: "fail" for i in parsed.fail}
    statuses.update({i: "warn" for i in parsed.warn if i not in statuses})
    if parsed.state == "UNKNOWN" and problem is None:
        statuses.setdefault(INPUT_ID, "unknown")  # dsregcmd /status unread or partial
    return DeviceRow(
        name=run.device or run.device_id,
        build=parsed.build,
        join_type=parsed.join,
        captured=run.when,
        context="user" if parsed.user_package else ("system" if line else None),
        kind="intune",
        source=run.source,
        statuses=statuses,
        headline=parsed.headline or (f"Intune run: {problem}" if problem else ""),
        action=parsed.action,
        unreadable=f"Intune run: {problem}" if problem else None,
    )
