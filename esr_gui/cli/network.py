"""`--network` for collect and check, and the hidden `net-probe` the SYSTEM task runs."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from esr_gui.cli.common import EXIT_OK, CliError
from esr_gui.core.models.network import NetworkResults
from esr_gui.core.models.snapshot import Snapshot

HELP = (
    "also test the registration, sign-in and sync endpoints from this device: as the user, "
    "and as SYSTEM when run elevated (Windows only; writes network.json)"
)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `net-probe` (no help text: it is not listed; the SYSTEM task runs it)."""
    parser = subparsers.add_parser("net-probe")
    parser.add_argument("--folder", required=True, help=argparse.SUPPRESS)
    parser.set_defaults(handler=run_probe)


def add_flag(parser: argparse.ArgumentParser) -> None:
    """The `--network` option of collect and check."""
    parser.add_argument("--network", action="store_true", help=HELP)


def run_probe(args: argparse.Namespace) -> int:
    """Test the URLs of FOLDER/endpoints.json as this process and write FOLDER/result.json."""
    from esr_gui.platform.windows.network import system_probe  # noqa: PLC0415

    folder = Path(args.folder)
    if not (folder / "endpoints.json").is_file():
        raise CliError(f"{folder} holds no endpoints.json")
    system_probe(folder)
    return EXIT_OK


def network_for(snapshot: Snapshot, *, quiet: bool) -> NetworkResults:
    """Run the live network tests for this device, with progress lines on stderr."""
    from esr_gui.platform.network_live import live_network_tests  # noqa: PLC0415

    def show(done: int, total: int, text: str) -> None:
        if not quiet:
            sys.stderr.write(f"[net {done:>2}/{total}] {text}\n")
            sys.stderr.flush()

    results = live_network_tests(snapshot, progress=show)
    for skipped in results.skipped:
        if not quiet:
            sys.stderr.write(f"network: {skipped.context} not tested: {skipped.reason}\n")
    return results


def refuse_offline(args: argparse.Namespace) -> None:
    """`--network` tests this device now: never with --bundle / --dsregcmd, only on Windows."""
    if getattr(args, "bundle", None) or getattr(args, "dsregcmd", None):
        raise CliError(
            "--network tests this device now; it cannot be combined with --bundle or "
            "--dsregcmd (a bundle's own network.json is read by itself)"
        )
    from esr_gui.platform.network_live import require_windows  # noqa: PLC0415

    require_windows()
