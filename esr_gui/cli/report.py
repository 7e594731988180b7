"""`esr-diag report BUNDLE --out FILE.html [--redact]`: the HTML report of one capture.

The exit code follows the diagnosis, like `check`: 0 nothing fails, 1 something fails, 2 the
report could not be made (unreadable bundle, unwritable output).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from esr_gui.cli.common import CliError
from esr_gui.core.diagnose import run_diagnosis
from esr_gui.core.diagnose.verdict import state_exit_code
from esr_gui.core.report.html import render_html, report_input


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `report` subcommand."""
    parser = subparsers.add_parser(
        "report",
        help="write a self-contained HTML report of a bundle",
        description="Diagnose a capture bundle and write one self-contained HTML page (no "
        "scripts, no external files) with the headline, every finding and its evidence, the "
        "events that mattered and the information support asks for. Exit code 0: nothing "
        "fails; 1: at least one check fails; 2: no report was written.",
    )
    parser.add_argument("bundle", metavar="BUNDLE", help="capture bundle (folder or .zip)")
    parser.add_argument("--out", metavar="FILE.html", required=True, help="report to write")
    parser.add_argument(
        "--redact",
        action="store_true",
        help="replace names, accounts, tenant and device ids before writing (safe to share)",
    )
    parser.add_argument(
        "--confirmed",
        metavar="ID",
        action="append",
        default=[],
        help="a manual check the technician confirmed (repeatable)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Write the report and print its path; exit code from the diagnosis."""
    loaded = report_input(args.bundle, redact=args.redact)
    diagnosis = run_diagnosis(loaded.snapshot)
    page = render_html(
        loaded.snapshot,
        diagnosis.findings,
        confirmed=args.confirmed,
        headline=diagnosis.headline,
        redaction=loaded.redaction,
    )
    target = Path(args.out)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page, encoding="utf-8", newline="\n")
    except OSError as exc:
        raise CliError(f"cannot write {target}: {exc.strerror or exc}") from None
    sys.stdout.write(f"{target}\n")
    if loaded.redaction is not None:
        sys.stderr.write(f"redaction: {loaded.redaction}\n")
    return state_exit_code(diagnosis.state)  # as `check`: UNKNOWN exits 1, never 0
