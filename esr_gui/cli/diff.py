"""`esr-diag diff A B [--json]`: what changed between two captures of one device.

A and B are each a capture bundle (folder or zip) or a saved `dsregcmd /status` text, told
apart by what the path is. Exit code from B (the later capture), like `check`: 0 nothing
fails, 1 B fails or is UNKNOWN, 2 an input could not be read.
"""

from __future__ import annotations

import argparse
import json
import sys

from esr_gui.core.compare import compare_captures
from esr_gui.core.compare.text import comparison_document, render_comparison
from esr_gui.core.diagnose.verdict import state_exit_code


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `diff` subcommand."""
    parser = subparsers.add_parser(
        "diff",
        help="compare two captures of a device (before and after a fix)",
        description="Compare two captures (each a bundle folder or .zip, or a saved "
        "`dsregcmd /status` text): the verdicts that changed, the headline before and after, "
        "the dsregcmd fields and registry values that changed, and whether both are of the "
        "same device. Exit code from B: 0 nothing fails; 1 a check fails or B cannot be "
        "judged (UNKNOWN); 2 an input could not be read.",
    )
    parser.add_argument("before", metavar="A", help="the earlier capture (bundle or dsregcmd text)")
    parser.add_argument("after", metavar="B", help="the later capture (bundle or dsregcmd text)")
    parser.add_argument("--json", action="store_true", help="one JSON object on stdout")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Compare A with B, print the result, and return B's exit code."""
    comparison, diagnosis = compare_captures(args.before, args.after)  # CaptureError: exit 2
    if args.json:
        sys.stdout.write(json.dumps(comparison_document(comparison), ensure_ascii=True) + "\n")
    else:
        sys.stdout.write(render_comparison(comparison))
    return state_exit_code(diagnosis.state)
