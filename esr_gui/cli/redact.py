"""`esr-diag redact`: a copy of a bundle with personal data replaced, safe to share."""

from __future__ import annotations

import argparse
import sys

from esr_gui.cli.common import EXIT_OK
from esr_gui.core.bundle.reader import open_bundle
from esr_gui.core.redact import redact_bundle


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `redact` subcommand."""
    parser = subparsers.add_parser(
        "redact",
        help="write a copy of a bundle with personal data replaced",
        description="Replace user, computer, domain and tenant names, UPNs and e-mail "
        "addresses, tenant/device/key ids, SIDs and thumbprints in every member of a bundle, "
        "consistently (the same value always gets the same stand-in), and write the copy.",
    )
    parser.add_argument("bundle", metavar="BUNDLE", help="bundle to redact (folder or .zip)")
    parser.add_argument("--out", metavar="PATH", required=True, help="redacted bundle to write")
    parser.add_argument("--quiet", action="store_true", help="no summary on stderr")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Redact BUNDLE into --out and print the written path."""
    with open_bundle(args.bundle) as bundle:
        redacted = redact_bundle(bundle)
    written = redacted.save(args.out)
    if not args.quiet:
        report = redacted.report
        sys.stderr.write(f"redaction: {report.summary()}\n")
        for name in report.converted:
            sys.stderr.write(f"converted to XML: {name}\n")
        for name in report.dropped:
            sys.stderr.write(f"left out (binary, cannot be redacted): {name}\n")
    sys.stdout.write(f"{written}\n")
    return EXIT_OK
