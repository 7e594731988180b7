"""`make bench` (`python -m bench.run`): every benchmark, side by side, on this machine.

Progress lines go to stdout as each measurement finishes; the LAST stdout line is one JSON
object with every number, the goals, which goals were met, and the machine. The same object
is written to `bench/out/last.json`. `--quick` uses fewer repetitions (a smoke run);
`--only startup,stall,stall_big,parse,cli,rss,reopen,fleet,hostile_inputs` runs a subset.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any

from bench import cli, fleet, gui, hostile, parsing, startup
from bench.common import OUT, machine

# name → (goal, "<=" or ">="); numbers from issue 19 (issue 10 before it; the hostile ones
# from issue 15).
GOALS: dict[str, tuple[float, str]] = {
    "startup_ratio": (2.0, "<="),
    "first_paint_ratio": (1.3, "<="),
    "ui_max_stall_ms": (50.0, "<="),
    "ui_max_stall_big_ms": (50.0, "<="),
    "events_ratio": (1.5, "<="),
    "check_cli_s": (0.3, "<="),
    "peak_rss_mb": (200.0, "<="),
    "hostile_max_s": (10.0, "<="),  # issue 15: the worst hostile input, whole `check`
    "hostile_max_rss_mb": (400.0, "<="),
    # found while working on issue 19: each open of the 50,000-event bundle in one session
    # kept its snapshot (~100,000 objects, 30-60 MB) and a model tree (~900 objects); from
    # the third open to the sixth, what stays alive must not grow
    "reopen_object_growth": (1000, "<="),
}
Measure = Callable[[int], dict[str, Any]]
# name → (function(repeats), repeats for a full run, repeats for --quick)
STEPS: dict[str, tuple[Measure, int, int]] = {
    "startup": (startup.measure, 11, 3),
    "stall": (gui.measure_stall, 5, 1),
    "stall_big": (gui.measure_stall_big, 3, 1),
    "parse": (parsing.measure, 7, 3),
    "cli": (cli.measure, 11, 3),
    "rss": (gui.measure_rss, 3, 1),
    "reopen": (gui.measure_reopen, 1, 1),
    "fleet": (fleet.measure, 3, 1),
    "hostile_inputs": (hostile.measure, 1, 1),
}


def goals_met(results: dict[str, Any]) -> dict[str, bool | None]:
    """Each goal: True/False, or None when its number is missing."""
    met: dict[str, bool | None] = {}
    for name, (goal, sense) in GOALS.items():
        value = results.get(name)
        if not isinstance(value, int | float):
            met[name] = None
        else:
            met[name] = value <= goal if sense == "<=" else value >= goal
    return met


def run_steps(names: Sequence[str], quick: bool) -> dict[str, Any]:
    """Run the named steps in order, printing each result as it arrives."""
    results: dict[str, Any] = {}
    for name in names:
        measure, full, small = STEPS[name]
        start = time.monotonic()
        found = measure(small if quick else full)
        took = time.monotonic() - start
        shown = ", ".join(f"{k}={v}" for k, v in found.items())
        print(f"{name:8s} {took:6.1f} s  {shown}", flush=True)
        results.update(found)
    return results


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """--quick, --only."""
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("--only", default=",".join(STEPS), help="comma-separated steps")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Run, print the JSON line last, save it; exit 0 (a missed goal is a result, not an
    error of the benchmark)."""
    args = parse_args(argv)
    names = [n.strip() for n in args.only.split(",") if n.strip()]
    unknown = [n for n in names if n not in STEPS]
    if unknown:
        print(f"bench: unknown step(s) {unknown}; known: {list(STEPS)}", file=sys.stderr)
        return 2
    info = machine()
    print(f"machine  {info}", flush=True)
    results = run_steps(names, args.quick)
    document = {
        **results,
        "goals": {k: f"{sense} {goal:g}" for k, (goal, sense) in GOALS.items()},
        "goals_met": goals_met(results),
        "quick": args.quick,
        "machine": info,
    }
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "last.json").write_text(json.dumps(document, indent=2) + "\n")
    print(json.dumps(document, separators=(",", ":")), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
