"""esr-diag: the console face of ESR Troubleshooter. It never imports Qt."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from esr_gui import __version__
from esr_gui.cli import check, collect, fleet, network, redact, remedy, report
from esr_gui.cli.common import EXIT_CANNOT_RUN
from esr_gui.core.errors import EsrError

SUBCOMMANDS = (check, collect, redact, remedy, fleet, report, network)


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error as one line and exit code 2.

    In `--intune` mode the line goes to stdout: Intune marks any stderr output as a script error.
    """

    intune_mode = False

    def error(self, message: str) -> None:  # type: ignore[override]
        _report(f"esr-diag: {message} (see esr-diag --help)", self.intune_mode)
        self.exit(EXIT_CANNOT_RUN)


def build_parser() -> argparse.ArgumentParser:
    """The esr-diag argument parser with every subcommand registered."""
    parser = _Parser(
        prog="esr-diag",
        description="Check, explain and fix Enterprise State Roaming (Windows settings sync).",
    )
    parser.add_argument("--version", action="version", version=f"esr-diag {__version__}")
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=_Parser)
    for module in SUBCOMMANDS:
        module.register(subparsers)
    return parser


def _tolerant_streams() -> None:
    """Never crash on a console that cannot show a character (cp437 under Intune, say).

    JSON output is ASCII-escaped anyway; human text loses only the odd symbol ("?").
    """
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None:
            continue
        try:
            reconfigure(errors="replace")
        except (ValueError, OSError):
            continue


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `esr-diag`; returns the process exit code (0, 1 or 2)."""
    _tolerant_streams()
    arguments = list(sys.argv[1:] if argv is None else argv)
    _Parser.intune_mode = "--intune" in arguments
    parser = build_parser()
    args = parser.parse_args(arguments)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help(sys.stderr)
        return EXIT_CANNOT_RUN
    quiet = bool(getattr(args, "intune", False))
    try:
        code: int = handler(args)
    except EsrError as exc:
        _report(f"esr-diag: {exc}", quiet)
        return EXIT_CANNOT_RUN
    except KeyboardInterrupt:
        _report("esr-diag: interrupted", quiet)
        return EXIT_CANNOT_RUN
    except BrokenPipeError:  # `esr-diag ... | head`: the reader left; say nothing more
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_CANNOT_RUN
    except Exception as exc:  # a bug must still never look like "issue found" (exit 1)
        _report(f"esr-diag: internal error ({type(exc).__name__}: {exc})", quiet)
        return EXIT_CANNOT_RUN
    return code


def _report(message: str, quiet: bool) -> None:
    """Errors go to stderr, except in --intune mode where stderr must stay empty."""
    stream = sys.stdout if quiet else sys.stderr
    stream.write(message.replace("\n", " ") + "\n")
