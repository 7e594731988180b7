"""esr-diag on hostile inputs and broken outputs: one sentence and exit 2, never a hang or an
"internal error" (issue 15); and the text report's wrapping matches textwrap in linear time."""

from __future__ import annotations

import errno
import io
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from esr_gui.cli import main
from esr_gui.core.report.wrap import wrap_text
from esr_gui.resources import demo_dir

DEMO = str(demo_dir() / "hybrid-not-registered")
Capture = pytest.CaptureFixture[str]


def test_closed_stdout_gives_a_sentence_and_exit_2(
    capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdout", None)
    assert main(["check", "--bundle", DEMO]) == 2
    assert capsys.readouterr().err == (
        "esr-diag: standard output is closed, so no result can be shown\n"
    )


def test_closed_stdout_in_a_real_process() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "esr_gui.cli", "check", "--bundle", DEMO],
        stdin=subprocess.DEVNULL,
        stdout=None,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
        preexec_fn=lambda: os.close(1),
    )
    assert done.returncode == 2
    assert done.stderr == "esr-diag: standard output is closed, so no result can be shown\n"


class _FullDisk(io.StringIO):
    def write(self, _text: str) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize("extra", [[], ["--json"]])
def test_a_full_disk_on_stdout_gives_a_sentence_and_exit_2(
    capsys: Capture, monkeypatch: pytest.MonkeyPatch, extra: list[str]
) -> None:
    full = _FullDisk()
    monkeypatch.setattr(sys, "stdout", full)
    monkeypatch.setattr(os, "dup2", lambda *_: None)  # keep the test runner's own stdout
    assert main(["check", "--bundle", DEMO, *extra]) == 2
    assert capsys.readouterr().err == (
        "esr-diag: the result could not be written (No space left on device)\n"
    )


def test_a_named_pipe_as_dsregcmd_is_refused_unopened(
    capsys: Capture, tmp_path: Path, fifo_writer: list[Path]
) -> None:
    fifo = tmp_path / "dsregcmd.txt"
    os.mkfifo(fifo)
    fifo_writer.append(fifo)
    assert main(["check", "--dsregcmd", str(fifo)]) == 2
    assert capsys.readouterr().err == (
        f"esr-diag: {fifo} is a named pipe (FIFO), not a regular file; refused\n"
    )


def test_a_device_as_dsregcmd_is_refused(capsys: Capture) -> None:
    # /dev/null, not /dev/zero: a reader without the check would read /dev/zero forever
    assert main(["check", "--dsregcmd", os.devnull]) == 2
    assert capsys.readouterr().err == (
        f"esr-diag: {os.devnull} is a character device, not a regular file; refused\n"
    )


def test_a_huge_dsregcmd_file_is_refused_with_its_size(capsys: Capture, tmp_path: Path) -> None:
    big = tmp_path / "status.txt"
    big.write_bytes(b"   Key : value\r\n" * (3 * 2**20 // 16))
    assert main(["check", "--dsregcmd", str(big)]) == 2
    assert capsys.readouterr().err == (
        f"esr-diag: {big}: it is 3 MiB; a real `dsregcmd /status` output is a few KiB, so a "
        "text larger than 1 MiB is not read\n"
    )


def test_recursion_in_a_handler_is_a_sentence_not_an_internal_error(
    capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    def deep(*_: object) -> None:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr("esr_gui.cli.check.load_input", deep)
    assert main(["check", "--bundle", DEMO]) == 2
    err = capsys.readouterr().err
    assert err.startswith("esr-diag: the input is nested too deeply to read")
    assert "internal error" not in err


_TEXT = st.text(alphabet=st.sampled_from(list("ab -x\t\n\r\u00a0\u2003\x0b")), max_size=200)


@settings(max_examples=400, deadline=None)
@given(_TEXT, st.integers(1, 30), st.sampled_from(["", " ", "  > "]), st.sampled_from(["", "   "]))
def test_wrap_text_gives_the_lines_textwrap_gives(
    text: str, width: int, first: str, rest: str
) -> None:
    if width <= max(len(first), len(rest)):
        return
    expected = textwrap.wrap(
        text, width, initial_indent=first, subsequent_indent=rest, break_on_hyphens=False
    )
    assert wrap_text(text, width, first, rest) == expected


def test_wrap_text_breaks_a_huge_word_into_full_lines() -> None:
    lines = wrap_text("fix: " + "x" * 100_000, 100, "  ", "       ")
    assert lines[0] == "  fix: " + "x" * 93
    assert all(len(line) == 100 for line in lines[:-1])
    assert "".join(line.strip() for line in lines) == "fix: " + "x" * 100_000


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("bad\x00name.zip", "the path contains a character no file name can hold"),
        ("a" * 5000, "File name too long"),
    ],
)
def test_an_unusable_bundle_path_is_a_sentence(capsys: Capture, path: str, reason: str) -> None:
    assert main(["check", "--bundle", path]) == 2
    err = capsys.readouterr().err
    assert err.startswith("esr-diag: cannot open '") and err.endswith(f"': {reason}\n")
    assert len(err) < 300
