"""docs/parity.md cannot go stale silently: its finding ids exist and its shares are counted."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from esr_gui.core.diagnose.rules import FINDING_IDS

DOC = Path(__file__).resolve().parents[2] / "docs" / "parity.md"
STATUSES = ("covered", "not applicable", "not yet")
TABLES = {
    "DSRegTool": ("## DSRegTool",),
    "CMTrace Open": (
        "## CMTrace Open: rules on the dsregcmd text",
        "## CMTrace Open: rules on the r",
    ),
}
_ID = re.compile(r"`([a-z]+\.[a-z0-9-]+(?:\.[a-z0-9-]+)*)`")
_SHARE = re.compile(
    r"^- (?P<tool>[^:]+): (?P<covered>\d+) of (?P<applicable>\d+) .*\((?P<pct>\d+) %\)"
)


@dataclass(frozen=True)
class Row:
    """One check of the other tool: its id, our status and the last cell (ids or the reason)."""

    key: str
    status: str
    why: str


def _sections(text: str) -> dict[str, str]:
    parts = re.split(r"(?m)^(?=## )", text)
    return {part.splitlines()[0]: part for part in parts if part.startswith("## ")}


def rows_of(tool: str) -> list[Row]:
    sections = _sections(DOC.read_text(encoding="utf-8"))
    out: list[Row] = []
    for title, body in sections.items():
        if not title.startswith(TABLES[tool]):
            continue
        for line in body.splitlines():
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if not line.startswith("| ") or len(cells) != 4 or cells[2] == "Status":
                continue
            out.append(Row(cells[0], cells[2], cells[3]))
    return out


def share(rows: list[Row]) -> tuple[int, int]:
    covered = sum(r.status == "covered" for r in rows)
    applicable = sum(r.status in ("covered", "not yet") for r in rows)
    return covered, applicable


def stated_shares() -> dict[str, tuple[int, int, int]]:
    summary = _sections(DOC.read_text(encoding="utf-8"))["## Summary"]
    found = {}
    for line in summary.splitlines():
        match = _SHARE.match(line)
        if match:
            found[match["tool"]] = (
                int(match["covered"]),
                int(match["applicable"]),
                int(match["pct"]),
            )
    return found


def test_every_dsregtool_test_has_one_row() -> None:
    assert [r.key for r in rows_of("DSRegTool")] == [f"D{n}" for n in range(1, 41)]


def test_cmtrace_rules_are_listed_once() -> None:
    keys = [r.key for r in rows_of("CMTrace Open")]
    assert len(keys) == len(set(keys))
    assert len(keys) >= 80  # the dsregcmd-text rules and the registry/probe/event rules
    assert {"not-aadj", "device-auth-failed", "stale-prt", "event-log-aad-errors"} <= set(keys)


@pytest.mark.parametrize("tool", TABLES)
def test_each_row_has_a_status_and_says_what_decides_it(tool: str) -> None:
    for row in rows_of(tool):
        assert row.status in STATUSES, row
        if row.status == "covered":
            assert _ID.search(row.why), f"{row.key}: a covered row names our finding id"
        else:
            assert len(row.why) > 10, f"{row.key}: say why"


def test_every_finding_id_named_exists() -> None:
    named = set(_ID.findall(DOC.read_text(encoding="utf-8")))
    assert named, "the page names finding ids"
    assert sorted(named - set(FINDING_IDS)) == []


def test_the_stated_shares_are_counted_from_the_tables() -> None:
    stated = stated_shares()
    counted = {tool: share(rows_of(tool)) for tool in TABLES}
    both = tuple(sum(c[i] for c in counted.values()) for i in (0, 1))
    counted["Both together"] = (both[0], both[1])
    assert set(stated) == set(counted)
    for tool, (covered, applicable) in counted.items():
        assert stated[tool] == (covered, applicable, covered * 100 // applicable), tool


def test_readme_links_the_page() -> None:
    readme = (DOC.parents[1] / "README.md").read_text(encoding="utf-8")
    assert "(docs/parity.md)" in readme
