"""esr-diag: the console face of ESR Troubleshooter. It never imports Qt."""

from __future__ import annotations

import argparse
import errno
import gc
import importlib
import os
import sys
from collections.abc import Sequence

from esr_gui import __version__
from esr_gui.cli.common import EXIT_CANNOT_RUN
from esr_gui.core.errors import EsrError

_WRITE_ERRNOS = frozenset(
    {errno.ENOSPC, errno.EIO, errno.EBADF, errno.EFBIG, errno.EPIPE, errno.EINVAL}
)
NESTED_TOO_DEEPLY = (
    "the input is nested too deeply to read (lists or objects inside one another thousands "
    "of levels deep); no real bundle or check result is"
)
# command name → module of esr_gui.cli that registers it, in the order `--help` lists them.
# Only the chosen command's module is imported (issue 19: `check` skipped ~0.1 s of imports
# of the others: the capture, remedy, fleet and HTML report stacks).
SUBCOMMANDS = {
    "check": "check",
    "collect": "collect",
    "redact": "redact",
    "remedy": "remedy",
    "fleet": "fleet",
    "report": "report",
    "net-probe": "network",
    "diff": "diff",
}


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error as one line and exit code 2.

    In `--intune` mode the line goes to stdout: Intune marks any stderr output as a script error.
    """

    intune_mode = False

    def error(self, message: str) -> None:  # type: ignore[override]
        _report(f"esr-diag: {message} (see esr-diag --help)", self.intune_mode)
        self.exit(EXIT_CANNOT_RUN)


def build_parser(arguments: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The esr-diag argument parser: with `arguments` naming a command, only that command is
    registered (its module alone is imported); otherwise every command."""
    parser = _Parser(
        prog="esr-diag",
        description="Check, explain and fix Enterprise State Roaming (Windows settings sync).",
    )
    parser.add_argument("--version", action="version", version=f"esr-diag {__version__}")
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=_Parser)
    for name in _commands_to_register(arguments):
        importlib.import_module(f"esr_gui.cli.{SUBCOMMANDS[name]}").register(subparsers)
    return parser


def _commands_to_register(arguments: Sequence[str] | None) -> list[str]:
    """The command named first in `arguments` (top-level options take no value), or all."""
    first = next((a for a in arguments or () if not a.startswith("-")), None)
    return [first] if first in SUBCOMMANDS else list(SUBCOMMANDS)


def _freeze_what_is_loaded() -> None:
    """Keep the cyclic garbage collector off everything loaded so far: the modules, classes
    and pydantic's schemas and validators, ~30,000 tracked objects that live until the
    process ends. Its passes over them, while the command runs and at exit, took ~10 % of
    `esr-diag check` (issue 19); what the command creates is still collected."""
    gc.freeze()


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
    """Entry point of `esr-diag`; returns the process exit code (0, 1 or 2).

    Without `argv` (the console script, `python -m esr_gui.cli`, esr-diag.exe) it runs a
    process of its own, and the objects loaded before the command runs are frozen (see
    `_freeze_what_is_loaded`); a caller passing `argv` (the tests) keeps its collector as is.
    """
    _tolerant_streams()
    arguments = list(sys.argv[1:] if argv is None else argv)
    _Parser.intune_mode = "--intune" in arguments
    parser = build_parser(arguments)
    if argv is None:
        _freeze_what_is_loaded()
    args = parser.parse_args(arguments)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help(sys.stderr)
        return EXIT_CANNOT_RUN
    quiet = bool(getattr(args, "intune", False))
    if sys.stdout is None:  # started with stdout closed (`esr-diag check >&-`)
        _report("esr-diag: standard output is closed, so no result can be shown", quiet)
        return EXIT_CANNOT_RUN
    try:
        code: int = handler(args)
        sys.stdout.flush()  # a full disk or a closed pipe shows here, not after main returns
    except EsrError as exc:
        _report(f"esr-diag: {exc}", quiet)
        return EXIT_CANNOT_RUN
    except KeyboardInterrupt:
        _report("esr-diag: interrupted", quiet)
        return EXIT_CANNOT_RUN
    except BrokenPipeError:  # `esr-diag ... | head`: the reader left; say nothing more
        _silence_stdout()
        return EXIT_CANNOT_RUN
    except RecursionError:
        _report(f"esr-diag: {NESTED_TOO_DEEPLY}", quiet)
        return EXIT_CANNOT_RUN
    except OSError as exc:
        if not _output_failed(exc):
            _report(f"esr-diag: internal error ({type(exc).__name__}: {exc})", quiet)
            return EXIT_CANNOT_RUN
        _silence_stdout()
        _report(f"esr-diag: the result could not be written ({exc.strerror or exc})", quiet)
        return EXIT_CANNOT_RUN
    except Exception as exc:  # a bug must still never look like "issue found" (exit 1)
        _report(f"esr-diag: internal error ({type(exc).__name__}: {exc})", quiet)
        return EXIT_CANNOT_RUN
    return code


def _report(message: str, quiet: bool) -> None:
    """Errors go to stderr, except in --intune mode where stderr must stay empty.

    A closed or failing stream loses the message (there is nowhere left to say it); the
    exit code still says the command could not run.
    """
    stream = sys.stdout if quiet else sys.stderr
    if stream is None:
        return
    try:
        stream.write(message.replace("\n", " ") + "\n")
        stream.flush()
    except (OSError, ValueError):
        return


def _output_failed(exc: OSError) -> bool:
    """True when `exc` came from writing standard output (a full disk, a closed handle):
    an error without a file name of the kinds a write gives, or a stdout that fails again."""
    if exc.filename is None and exc.errno in _WRITE_ERRNOS:
        return True
    try:
        sys.stdout.flush()
    except (OSError, ValueError):
        return True
    return False


def _silence_stdout() -> None:
    """Point stdout at the null device, so the interpreter's final flush fails no more."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError):
        sys.stdout = None
