"""`esr-diag report [BUNDLE | --bundle PATH | --dsregcmd FILE] [--out FILE.html] [--redact]`.

The HTML report of one capture: a bundle, or a saved `dsregcmd /status` text as `check`
takes it. Without `--out` the report is written in the current folder under the suggested
name, `esr-report-<device>-<capture date>.html` (`core.report.file_name`). The exit code
follows the diagnosis, like `check`: 0 nothing fails, 1 something fails, 2 the report could
not be made (unreadable input, unwritable output).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from esr_gui.cli.common import CliError, read_input_bytes
from esr_gui.core.diagnose import run_diagnosis
from esr_gui.core.diagnose.verdict import state_exit_code
from esr_gui.core.report.dsregcmd_input import dsregcmd_report_input
from esr_gui.core.report.file_name import report_file_name
from esr_gui.core.report.html import ReportInput, render_html, report_input

NO_INPUT = "give a bundle (BUNDLE or --bundle PATH) or a saved dsregcmd text (--dsregcmd FILE)"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `report` subcommand."""
    parser = subparsers.add_parser(
        "report",
        help="write a self-contained HTML report of a bundle or a dsregcmd text",
        description="Diagnose a capture bundle or a saved `dsregcmd /status` text and write "
        "one self-contained HTML page (no scripts, no external files) with the headline, every "
        "finding and its evidence, the events that mattered and the information support asks "
        "for. Exit code 0: nothing fails; 1: at least one check fails; 2: no report was written.",
    )
    parser.add_argument("bundle", metavar="BUNDLE", nargs="?", help="capture bundle")
    source = parser.add_mutually_exclusive_group()
    source.add_argument(
        "--bundle", dest="bundle_option", metavar="PATH", help="capture bundle (folder or .zip)"
    )
    source.add_argument(
        "--dsregcmd", metavar="FILE", help="saved `dsregcmd /status` output ('-' = stdin)"
    )
    parser.add_argument(
        "--out",
        metavar="FILE.html",
        help="report to write (default: esr-report-<device>-<capture date>.html here)",
    )
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


def _load(args: argparse.Namespace) -> ReportInput:
    given = [s for s in (args.bundle, args.bundle_option, args.dsregcmd) if s]
    if len(given) != 1:
        raise CliError(NO_INPUT if not given else f"only one input, please: {NO_INPUT}")
    if args.dsregcmd:
        data = read_input_bytes(args.dsregcmd)
        path = None if args.dsregcmd == "-" else args.dsregcmd
        return dsregcmd_report_input(data, path, redact=args.redact)
    return report_input(given[0], redact=args.redact)


def run(args: argparse.Namespace) -> int:
    """Write the report and print its path; exit code from the diagnosis."""
    loaded = _load(args)
    diagnosis = run_diagnosis(loaded.snapshot)
    page = render_html(
        loaded.snapshot,
        diagnosis.findings,
        confirmed=args.confirmed,
        headline=diagnosis.headline,
        redaction=loaded.redaction,
    )
    target = Path(args.out or report_file_name(loaded.snapshot, redact=args.redact))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page, encoding="utf-8", newline="\n")
    except OSError as exc:
        raise CliError(f"cannot write {target}: {exc.strerror or exc}") from None
    sys.stdout.write(f"{target}\n")
    if loaded.redaction is not None:
        sys.stderr.write(f"redaction: {loaded.redaction}\n")
    return state_exit_code(diagnosis.state)  # as `check`: UNKNOWN exits 1, never 0
