"""Issue 19: `esr-diag COMMAND` imports the chosen command's module only; help lists all."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from esr_gui.cli import SUBCOMMANDS, build_parser
from tests.conftest import python_snippet

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "resources" / "demo" / "hybrid-not-registered"
CHILD = """
import contextlib, io, json, sys
from esr_gui.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    code = main(sys.argv[1:])
loaded = sorted(m for m in sys.modules if m.startswith("esr_gui.cli."))
print(json.dumps({"code": code, "cli": loaded}))
"""


def test_check_imports_no_other_command() -> None:
    """`check --json` loads check (and what it uses), not collect, remedy, fleet, report."""
    done = python_snippet(CHILD, "check", "--bundle", str(DEMO), "--json")
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["code"] in (0, 1), done.stderr[-2000:]
    others = {"collect", "remedy", "fleet", "report", "diff", "redact"}
    assert {m.rsplit(".", 1)[1] for m in report["cli"]} & others == set()
    assert "esr_gui.cli.check" in report["cli"]


@pytest.mark.parametrize("arguments", [[], ["--help"], ["nonsense"]])
def test_without_a_known_command_every_command_is_registered(arguments: list[str]) -> None:
    """Help and the unknown-command error still know every command."""
    parser = build_parser(arguments)
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert set(commands.choices) == set(SUBCOMMANDS)
    assert "fleet" in parser.format_help()


def test_a_named_command_parses_as_before() -> None:
    """`check --bundle X --json` parses to the check handler."""
    args = build_parser(["check", "--bundle", "x", "--json"]).parse_args(
        ["check", "--bundle", "x", "--json"]
    )
    assert args.handler.__module__ == "esr_gui.cli.check"
