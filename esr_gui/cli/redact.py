"""`esr-diag redact`: a copy of a bundle with personal data replaced, safe to share."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from esr_gui.cli.common import EXIT_OK, CliError
from esr_gui.core.bundle.reader import open_bundle
from esr_gui.core.redaction.members import redact_bundle


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
    parser.add_argument(
        "--force", action="store_true", help="replace --out if it already exists (never BUNDLE)"
    )
    parser.add_argument("--quiet", action="store_true", help="no summary on stderr")
    parser.set_defaults(handler=run)


def check_output(bundle: str, out: str, force: bool) -> None:
    """CliError when --out is the input itself, or already exists and --force was not given."""
    source, target = Path(bundle), Path(out)
    same = source.resolve() == target.resolve()
    if not same and source.exists() and target.exists():
        same = os.path.samefile(source, target)
    if same:
        raise CliError(
            f"--out {out} is the bundle being redacted; the original would be lost. "
            "Choose another path; nothing was written"
        )
    empty_folder = target.is_dir() and not any(target.iterdir())
    if target.exists() and not empty_folder and not force:
        raise CliError(f"{out} already exists; add --force to replace it. Nothing was written")


def run(args: argparse.Namespace) -> int:
    """Redact BUNDLE into --out and print the written path."""
    check_output(args.bundle, args.out, args.force)
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
