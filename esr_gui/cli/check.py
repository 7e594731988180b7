"""`esr-diag check`: diagnose a bundle, a dsregcmd text or this device.

Output: a report for people (default), the JSON document (`--json`, ASCII-escaped so any
console code page can carry it), or one Intune line (`--intune`). `--log-json PATH` also
appends the JSON document as one UTF-8 line (`--log-json` alone or `auto`: the path of
`core.report.log_json`, ProgramData when running as SYSTEM); if that write fails the check
still reports its own result and exit code (the log is a side channel, not the diagnosis):
the failure is said on stderr, or at the end of the Intune line, whose stderr must stay empty.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from esr_gui.cli import network
from esr_gui.cli.common import EXIT_CANNOT_RUN, load_input
from esr_gui.cli.tenant import (
    INTUNE_REFUSAL,
    add_tenant_arguments,
    run_tenant_check,
    wants_tenant,
    with_graph,
)
from esr_gui.core.diagnose import Diagnosis, run_diagnosis
from esr_gui.core.diagnose.verdict import state_exit_code
from esr_gui.core.models.snapshot import Snapshot
from esr_gui.core.report.check_json import check_document
from esr_gui.core.report.log_json import (
    APP_FOLDER,
    AUTO,
    LogHost,
    choose_log_path,
    is_auto,
    log_line,
    needs_rotation,
    rotated_name,
)
from esr_gui.platform import is_windows


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `check` subcommand."""
    parser = subparsers.add_parser(
        "check",
        help="diagnose a bundle, a dsregcmd text, or this device",
        description="Diagnose Enterprise State Roaming on a capture bundle, a saved "
        "`dsregcmd /status` text, or (on Windows) this device. Exit code 0: nothing fails; "
        "1: at least one check fails, or dsregcmd /status could not be read or is partial "
        "(UNKNOWN); 2: the check could not run.",
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
    parser.add_argument(
        "--log-json",
        metavar="PATH",
        nargs="?",
        const=AUTO,
        help="also append the JSON result to PATH as one line; without PATH (or 'auto'): "
        "%%ProgramData%%\\ESR Troubleshooter\\Logs\\esr-diag.jsonl as SYSTEM, else the "
        "user's log folder",
    )
    add_tenant_arguments(parser)
    network.add_flag(parser)
    parser.set_defaults(handler=run)


def append_log(path: str, document: dict[str, Any]) -> str | None:
    """Append `document` as one line to `path` (`auto`: see core.report.log_json; folders
    created; a log past 10 MiB is moved to `*.1.jsonl` first); the error text, or None."""
    target = Path(choose_log_path(path, _log_host()) if is_auto(path) else path)
    line = log_line(document)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.is_file() and needs_rotation(target.stat().st_size, line):
            target.replace(rotated_name(str(target)))
        with target.open("a", encoding="utf-8", newline="\n") as handle:
            handle.write(line)
    except (FileExistsError, NotADirectoryError):
        return f"could not append to {target}: a part of its folder path is a file"
    except OSError as exc:
        return f"could not append to {target}: {exc.strerror or exc}"
    return None


def _log_host() -> LogHost:
    """The OS facts behind `--log-json auto`."""
    import platformdirs  # noqa: PLC0415 (only `--log-json auto` needs it)

    windows = is_windows()
    return LogHost(
        is_windows=windows,
        is_system=windows and _running_as_system(),
        program_data=os.environ.get("PROGRAMDATA"),
        user_log_dir=platformdirs.user_log_dir(APP_FOLDER, APP_FOLDER),
    )


def _running_as_system() -> bool:
    try:
        from esr_gui.platform.windows.token import SYSTEM_SID, TokenReader  # noqa: PLC0415

        return TokenReader().read().sid == SYSTEM_SID
    except Exception:  # no token API: SYSTEM's USERNAME is the computer account (NAME$)
        return os.environ.get("USERNAME", "").endswith("$")


def _diagnose(args: argparse.Namespace) -> tuple[Snapshot, Diagnosis, dict[str, Any]]:
    if args.network:
        network.refuse_offline(args)
    snapshot = load_input(args.bundle, args.dsregcmd)
    if wants_tenant(args) and not args.intune:
        snapshot = with_graph(snapshot, run_tenant_check(args, snapshot))
    if args.network:
        quiet = bool(args.intune)  # Intune: stderr must stay empty
        snapshot.network = network.network_for(snapshot, quiet=quiet)
    diagnosis = run_diagnosis(snapshot)
    document = check_document(snapshot, diagnosis.findings, headline=diagnosis.headline)
    return snapshot, diagnosis, document


def run(args: argparse.Namespace) -> int:
    """Run `check` and return its exit code (0, 1, or 2)."""
    if args.intune:
        return run_intune(args)
    snapshot, diagnosis, document = _diagnose(args)
    log_error = append_log(args.log_json, document) if args.log_json else None
    if args.json:
        sys.stdout.write(json.dumps(document, ensure_ascii=True) + "\n")
    else:
        from esr_gui.core.report.text import render_text  # noqa: PLC0415 (not for --json)

        sys.stdout.write(render_text(snapshot, diagnosis))
    if log_error:
        sys.stderr.write(f"esr-diag: --log-json: {log_error} (the check itself ran)\n")
    return state_exit_code(diagnosis.state)


def run_intune(args: argparse.Namespace) -> int:
    """`--intune`: exactly one line on stdout and nothing on stderr, whatever happens."""
    from esr_gui.core.report.intune import intune_error_line, intune_line  # noqa: PLC0415

    if wants_tenant(args):  # never prompt under Intune: refuse, on stdout, exit 2
        sys.stdout.write(intune_error_line(INTUNE_REFUSAL) + "\n")
        return EXIT_CANNOT_RUN
    try:
        snapshot, diagnosis, document = _diagnose(args)
        log_error = append_log(args.log_json, document) if args.log_json else None
        note = f"log-json: {log_error}" if log_error else ""
        line = intune_line(snapshot, diagnosis, note)
        code = state_exit_code(diagnosis.state)
    except (Exception, KeyboardInterrupt) as exc:  # stderr must stay empty for Intune
        line = intune_error_line(str(exc) or type(exc).__name__)
        code = EXIT_CANNOT_RUN
    sys.stdout.write(line + "\n")
    return code
