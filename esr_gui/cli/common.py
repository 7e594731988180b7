"""Helpers shared by the esr-diag subcommands: loading inputs, exit codes, output."""

from __future__ import annotations

import sys
from pathlib import Path

from esr_gui.core.bundle.regular_file import (
    FileTooLargeError,
    not_regular_reason,
    read_regular_file,
    size_words,
)
from esr_gui.core.errors import EsrError
from esr_gui.core.excerpt import excerpt
from esr_gui.core.models.snapshot import Snapshot
from esr_gui.core.parse.dsregcmd import MAX_DSREGCMD_BYTES, too_large_message
from esr_gui.core.snapshot_builder import load_snapshot, snapshot_from_dsregcmd

EXIT_OK = 0
EXIT_FAILING = 1
EXIT_CANNOT_RUN = 2


class CliError(EsrError):
    """A problem that stops a subcommand; printed as one line, exit code 2."""


def read_input_bytes(path: str, limit: int = MAX_DSREGCMD_BYTES) -> bytes:
    """Bytes of a regular file, or of standard input for `-`, at most `limit` of them;
    CliError with the reason otherwise (a pipe or device given by name is never opened)."""
    if path == "-":
        if sys.stdin is None:
            raise CliError("standard input is closed; there is no text to read")
        data = sys.stdin.buffer.read(limit + 1)
        if len(data) > limit:
            raise CliError(
                f"standard input holds more than {size_words(limit)}; a real `dsregcmd "
                "/status` output is a few KiB, so it is not read"
            )
        return data
    shown = excerpt(path, 200)
    if not_regular_reason(Path(path)) == "a folder":
        raise CliError(f"{shown} is a folder; --dsregcmd expects a text file")
    try:
        return read_regular_file(Path(path), limit, shown)
    except FileTooLargeError as exc:
        raise CliError(f"{shown}: {too_large_message(exc.size)}") from None
    except EsrError as exc:
        raise CliError(str(exc)) from None


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
