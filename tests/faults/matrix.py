"""The fault matrix: every row, and its rendering as docs/fault-matrix.md.

    .venv/bin/python -m tests.faults.matrix          # rewrite docs/fault-matrix.md
    .venv/bin/python -m tests.faults.matrix --check  # exit 1 when the doc is out of date

test_fault_matrix.py runs every row and checks that the document matches this table.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from tests.faults import (
    rows_app,
    rows_bundle,
    rows_capture,
    rows_hostile,
    rows_redact,
    rows_remedy,
)
from tests.faults.support import Fault

DOC = Path(__file__).resolve().parents[2] / "docs" / "fault-matrix.md"
ROWS: list[Fault] = [
    *rows_capture.ROWS,
    *rows_bundle.ROWS,
    *rows_remedy.ROWS,
    *rows_app.ROWS,
    *rows_redact.ROWS,
    *rows_hostile.ROWS,
]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render() -> str:
    """The Markdown document of the matrix."""
    areas = Counter(row.area for row in ROWS)
    lines = [
        "# Fault matrix",
        "",
        "Generated from `tests/faults/` by `python -m tests.faults.matrix`; "
        "`tests/faults/test_fault_matrix.py` runs every row and fails when this file is out "
        "of date. Each fault is injected through a seam the app really has (FakeHost, the "
        "OS calls under WindowsHost, the bundle reader, the remedy file-ops and elevation "
        "seams, the settings file) and the check asserts the exact text the user is shown, "
        "the state left behind, and that the app or `esr-diag` stayed up with nothing else "
        "lost. `<tmp>` stands for the test's temporary folder.",
        "",
        f"{len(ROWS)} faults: " + ", ".join(f"{n} {a}" for a, n in areas.items()) + ".",
        "",
        "| fault | injection | where the user sees it | message | state after |",
        "|---|---|---|---|---|",
    ]
    for row in ROWS:
        cells = (f"`{row.id}`", row.injection, row.surface, f"`{row.message}`", row.state)
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    """Write the document, or with --check say whether it is up to date."""
    text = render()
    if "--check" in argv:
        current = DOC.read_text(encoding="utf-8") if DOC.is_file() else ""
        return 0 if current == text else 1
    DOC.parent.mkdir(parents=True, exist_ok=True)
    DOC.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
