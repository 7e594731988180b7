"""Helpers shared by the esr-diag subcommands: loading inputs, exit codes, output."""

from __future__ import annotations

import sys
from pathlib import Path

from esr_gui.core.errors import EsrError
from esr_gui.core.models.snapshot import Snapshot
from esr_gui.core.snapshot_builder import load_snapshot, snapshot_from_dsregcmd

EXIT_OK = 0
EXIT_FAILING = 1
EXIT_CANNOT_RUN = 2


class CliError(EsrError):
    """A problem that stops a subcommand; printed as one line, exit code 2."""


def read_input_bytes(path: str) -> bytes:
    """Bytes of a file, or of standard input for `-`; CliError with the reason otherwise."""
    if path == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise CliError(f"{path} does not exist") from None
    except IsADirectoryError:
        raise CliError(f"{path} is a folder; --dsregcmd expects a text file") from None
    except OSError as exc:
        raise CliError(f"cannot read {path}: {exc.strerror or exc}") from None


def load_input(bundle: str | None, dsregcmd: str | None) -> Snapshot:
    """The snapshot named by --bundle or --dsregcmd, or a live capture when neither is given."""
    if bundle:
        return load_snapshot(bundle)
    if dsregcmd:
        # A text that is not dsregcmd output is diagnosed like a bundle whose dsregcmd member
        # is unreadable (UNKNOWN, exit 1); only a file that cannot be opened stops the run.
        data = read_input_bytes(dsregcmd)
        return snapshot_from_dsregcmd(data, None if dsregcmd == "-" else dsregcmd, keep=True)
    from esr_gui.platform import capture_live_snapshot  # noqa: PLC0415 (Windows-only path)

    return capture_live_snapshot()
