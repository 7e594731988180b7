"""`esr-diag check`: diagnose a bundle, a dsregcmd text or this device."""

from __future__ import annotations

import argparse
import json
import sys

from esr_gui.cli.common import exit_code_for, load_input
from esr_gui.core.diagnose import diagnose
from esr_gui.core.report.check_json import check_document


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `check` subcommand."""
    parser = subparsers.add_parser(
        "check",
        help="diagnose a bundle, a dsregcmd text, or this device",
        description="Diagnose Enterprise State Roaming on a capture bundle, a saved "
        "`dsregcmd /status` text, or (on Windows) this device.",
    )
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--bundle", metavar="PATH", help="capture bundle (folder or .zip)")
    source.add_argument(
        "--dsregcmd", metavar="FILE", help="saved `dsregcmd /status` output ('-' = stdin)"
    )
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="one JSON object on stdout")
    output.add_argument(
        "--intune", action="store_true", help="one line of at most 2048 characters, for Intune"
    )
    parser.add_argument("--log-json", metavar="PATH", help="also append the JSON result to PATH")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Run `check` and return its exit code."""
    snapshot = load_input(args.bundle, args.dsregcmd)
    findings = diagnose(snapshot)
    document = check_document(snapshot, findings)
    if args.json:
        sys.stdout.write(json.dumps(document, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    return exit_code_for(findings)
