"""`esr-diag fleet PATH... [--json | --csv]`: one row per device over many captures.

Captures are bundles, saved check results, and Intune Remediations run states (a device-status
CSV export, or a saved Graph deviceRunStates page): see core.fleet.inputs.

Exit codes: 0 no device fails and none is unknown; 1 at least one fails or is unknown (a run
whose Intune output could not be read is unknown); 2 nothing could be read
(no input found, or every input unreadable). Unreadable inputs are listed in the output
(`errors` in --json, a "Could not read" list in the table, stderr lines with --csv) and do
not by themselves change the exit code while at least one device was read.
"""

from __future__ import annotations

import argparse
import io
import json
import sys

from esr_gui.core.fleet.inputs import scan
from esr_gui.core.fleet.output import fleet_csv, fleet_document, fleet_table
from esr_gui.core.fleet.summary import summarise


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `fleet` subcommand."""
    parser = subparsers.add_parser(
        "fleet",
        help="summarise many bundles, saved check results or an Intune export, one row per device",
        description="Read bundles (folders or zips), saved `check --json` files, `--log-json` "
        "files, Intune Remediations device-status exports (.csv) and saved Graph "
        "deviceRunStates pages (.json); a folder of them is scanned one level deep. Prints one "
        "row per device (its latest readable capture or run) and, per finding, how many devices "
        "fail, warn or are unknown. Exit code 0: no device fails or is unknown; 1: at least one "
        "fails or is unknown; 2: nothing was read.",
    )
    parser.add_argument(
        "paths",
        metavar="PATH",
        nargs="+",
        help="bundle, result file, Intune export (.csv) or folder",
    )
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="one JSON object on stdout")
    output.add_argument("--csv", action="store_true", help="CSV: a header and one row per device")
    parser.add_argument(
        "--all-captures",
        action="store_true",
        help="one row per capture instead of the latest capture of each device",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Scan, summarise, print; exit code as documented above."""
    summary = summarise(scan(args.paths), latest_only=not args.all_captures)
    if args.json:
        sys.stdout.write(json.dumps(fleet_document(summary), ensure_ascii=True) + "\n")
    elif args.csv:
        if isinstance(sys.stdout, io.TextIOWrapper):  # names and texts may be non-ASCII
            sys.stdout.reconfigure(encoding="utf-8", errors="replace")
        sys.stdout.write(fleet_csv(summary.devices))
        for error in summary.errors:
            what = "" if error.caveat else "could not read "
            sys.stderr.write(f"esr-diag fleet: {what}{error.source}: {error.message}\n")
    else:
        sys.stdout.write(fleet_table(summary))
    return summary.exit_code()
