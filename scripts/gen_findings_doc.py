"""Write docs/findings.md from the finding records and scripts/findings_doc_template.md.

Usage: .venv/bin/python scripts/gen_findings_doc.py [--check]
With --check, write nothing and exit 1 when the committed docs/findings.md is stale.
The template holds the prose that is not per finding; `{{rows:AREA}}` becomes the table rows
of that area (`input` for the input checks) and `{{ranking}}` the headline ranking table.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from esr_gui.core.diagnose.record import FindingRecord  # noqa: E402
from esr_gui.core.diagnose.rules import RECORDS, ranking  # noqa: E402

TEMPLATE = ROOT / "scripts" / "findings_doc_template.md"
TARGET = ROOT / "docs" / "findings.md"


def section(record: FindingRecord) -> str:
    """The docs section of a record: its area, except the input checks, which come first."""
    return "input" if record.id.startswith("input.") else record.area


def rows(records: tuple[FindingRecord, ...], area: str) -> str:
    """The table rows of one section, in the records' order."""
    return "\n".join(f"| `{r.id}` | {r.docs} |" for r in records if section(r) == area)


def ranking_rows(records: tuple[FindingRecord, ...]) -> str:
    """The headline ranking as table rows: position, id, statuses, the reason (and its case)."""
    lines = []
    for number, rank in enumerate(ranking(records), 1):
        statuses = " / ".join(f"`{s}`" for s in rank.statuses)
        case = f" (only when `{rank.when.__name__}`)" if rank.when else ""
        lines.append(f"| {number} | `{rank.finding_id}` | {statuses} | {rank.reason}{case} |")
    return "\n".join(lines)


def render(records: tuple[FindingRecord, ...] = RECORDS) -> str:
    """docs/findings.md as the records and the template make it."""
    text = TEMPLATE.read_text(encoding="utf-8")
    for area in ("input", *dict.fromkeys(r.area for r in records)):
        placeholder = "{{rows:" + area + "}}"
        if placeholder not in text:
            raise ValueError(f"the template has no table for the area {area!r} ({placeholder})")
        text = text.replace(placeholder, rows(records, area))
    text = text.replace("{{ranking}}", ranking_rows(records))
    if "{{" in text:
        raise ValueError("the template names a table the records do not fill")
    return text


def main(argv: list[str] | None = None) -> int:
    """Write (or with --check, compare) docs/findings.md."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the file is stale")
    args = parser.parse_args(argv)
    wanted = render()
    if args.check:
        stale = TARGET.read_text(encoding="utf-8") != wanted
        if stale:
            print(f"{TARGET} is stale: run scripts/gen_findings_doc.py", file=sys.stderr)
        return 1 if stale else 0
    TARGET.write_text(wanted, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
