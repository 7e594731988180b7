"""`esr-diag collect`: capture this device into a bundle a technician can send or open later."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import timedelta

from esr_gui.cli import network
from esr_gui.cli.common import EXIT_OK
from esr_gui.cli.tenant import add_tenant_arguments, run_tenant_check, wants_tenant
from esr_gui.core.bundle.limits import NETWORK
from esr_gui.core.models.manifest import ProblemInfo
from esr_gui.core.redaction.members import redact_members
from esr_gui.platform import live_host
from esr_gui.platform.capture import CaptureResult, capture
from esr_gui.platform.capture_models import CaptureOptions, StepProgress
from esr_gui.platform.host import Host


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `collect` subcommand."""
    parser = subparsers.add_parser(
        "collect",
        help="capture this device into a bundle (Windows only)",
        description="Capture dsregcmd /status, the registry keys and event channels diagnosis "
        "reads, and a few system facts into a bundle (a .zip when PATH ends in .zip, else a "
        "folder). Run it unelevated as the affected user: User and SSO state are per user.",
    )
    parser.add_argument("--out", metavar="PATH", required=True, help="bundle to write")
    parser.add_argument("--redact", action="store_true", help="replace personal data first")
    parser.add_argument("--problem", metavar="TEXT", default="", help="what goes wrong")
    parser.add_argument("--users-affected", metavar="TEXT", default="", help="who is affected")
    parser.add_argument("--devices-affected", metavar="TEXT", default="", help="which devices")
    parser.add_argument("--first-seen", metavar="TEXT", default="", help="since when")
    parser.add_argument("--notes", metavar="TEXT", default="", help="free text for notes.txt")
    parser.add_argument(
        "--user-sid", metavar="SID", help="read this user's hive (HKEY_USERS\\SID) for HKCU keys"
    )
    parser.add_argument("--days", type=float, default=7.0, help="event window (default 7)")
    parser.add_argument(
        "--max-events", type=int, default=500, help="newest events per channel (default 500)"
    )
    parser.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    add_tenant_arguments(parser)
    network.add_flag(parser)
    parser.set_defaults(handler=run)


def options_from(args: argparse.Namespace) -> CaptureOptions:
    """Capture options from the command line."""
    problem = ProblemInfo(
        description=args.problem,
        users_affected=args.users_affected,
        devices_affected=args.devices_affected,
        first_seen=args.first_seen,
    )
    return CaptureOptions(
        problem=problem,
        notes=args.notes,
        user_sid=args.user_sid,
        events_window=timedelta(days=max(args.days, 0.01)),
        max_events=max(args.max_events, 1),
    )


def progress_line(report: StepProgress) -> str | None:
    """`[ 3/19] ok        upn` for a finished step (reasons only when it did not go well)."""
    if report.state == "running":
        return None
    reason = f": {report.message}" if report.state != "ok" and report.message else ""
    return f"[{report.finished:>2}/{report.total}] {report.state:<9} {report.step}{reason}"


def _printer(quiet: bool) -> Callable[[StepProgress], None]:
    def show(report: StepProgress) -> None:
        line = progress_line(report)
        if line is not None and not quiet:
            sys.stderr.write(line + "\n")
            sys.stderr.flush()

    return show


def run(args: argparse.Namespace, host: Host | None = None) -> int:
    """Capture, optionally redact, write the bundle and print its path."""
    if args.network and host is None:
        network.refuse_offline(args)
    source = host if host is not None else live_host()
    show = _printer(args.quiet)
    result: CaptureResult = capture(source, progress=show, options=options_from(args))
    if wants_tenant(args) and not result.cancelled:
        tenant = run_tenant_check(args, result.to_snapshot(kind="bundle"))
        result.members.update(tenant.members)  # graph/index.json and the raw Graph answers
    if args.network:
        tests = network.network_for(result.to_snapshot(), quiet=args.quiet)
        result.members[NETWORK] = tests.model_dump_json(indent=1, exclude_none=True).encode()
    if args.redact:
        redacted = redact_members(result.all_members())
        written = redacted.save(args.out)
        _note(args.quiet, f"redaction: {redacted.report.summary()}")
    else:
        written = result.save(args.out)
    for warning in result.warnings:
        _note(args.quiet, f"warning: {warning}")
    sys.stdout.write(f"{written}\n")
    return EXIT_OK


def _note(quiet: bool, message: str) -> None:
    if not quiet:
        sys.stderr.write(message + "\n")
