"""Side by side: this checkout against another commit, alternated round by round.

`python -m bench.side_by_side REF [ROUNDS] [--stall]` checks REF out into a worktree under
`bench/out/side-by-side/` (once), generates its Qt forms with this venv's `pyside6-uic` (they
are not in git), and then, each round: paints a bare window, and for each tree runs the start
to the diagnosed paint, the start to the first paint and `esr-diag check --json`; with
`--stall` also the two stall probes. It prints the medians of each tree and of the per-round
ratios over the bare window.

`make bench` measures one tree; this is for a before/after on a machine whose speed drifts
(bench/README.md): both trees meet the same moments of the machine. Each tree has its own
bytecode cache and runs its own probes (its `bench/`), so a probe that changed between the two
commits measures each with its own version. The bare window is this checkout's.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from bench.common import OUT, REPO, median, python_child, time_to_ready
from bench.inputs import big_bundle

DEMO = ["--demo", "hybrid-not-registered"]
CHECK = [
    "-m",
    "esr_gui.cli",
    "check",
    "--bundle",
    str(REPO / "resources/demo/hybrid-not-registered"),
]


def worktree(ref: str) -> Path:
    """A worktree of `ref` with its generated forms (made once)."""
    sha = subprocess.run(
        ["git", "rev-parse", "--verify", f"{ref}^{{commit}}"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    tree = OUT / "side-by-side" / sha[:12]
    if not tree.exists():
        subprocess.run(["git", "worktree", "add", "--detach", str(tree), sha], cwd=REPO, check=True)
    uic = Path(sys.executable).with_name("pyside6-uic")
    for source in sorted((tree / "ui").glob("*.ui")):
        form = tree / "esr_gui" / "ui" / "forms" / f"ui_{source.stem}.py"
        if not form.exists():
            subprocess.run([str(uic), "--from-imports", str(source), "-o", str(form)], check=True)
    return tree


def seconds_to_ready(tree: Path, args: list[str]) -> float:
    """Spawn to the READY stamp `probe_ready ARGS` prints, in `tree`."""
    return time_to_ready(["-m", "bench.probe_ready", *args], tree=tree)


def seconds_of(tree: Path, args: list[str]) -> float:
    """Wall time of one whole process (`check` exits 1 on a failing diagnosis)."""
    start = time.monotonic()
    python_child(args, tree=tree, check=False)
    return time.monotonic() - start


def stall(tree: Path, probe: list[str]) -> float:
    """The longest heartbeat gap one stall probe reports."""
    lines = python_child(["-m", *probe], tree=tree).stdout.strip().splitlines()
    return float(json.loads(lines[-1])["max_stall_ms"])


def one_round(trees: dict[str, Path], bare: float, stalls: bool) -> dict[str, dict[str, float]]:
    """Every figure of one round, for each tree."""
    row: dict[str, dict[str, float]] = {}
    for name, tree in trees.items():
        app = seconds_to_ready(tree, ["app", *DEMO])
        first = seconds_to_ready(tree, ["first", *DEMO])
        row[name] = {
            "startup_ratio": app / bare,
            "startup_app_s": app,
            "first_paint_ratio": first / bare,
            "check_cli_s": seconds_of(tree, CHECK),
        }
        if stalls:
            row[name]["ui_max_stall_ms"] = stall(tree, ["bench.probe_stall"])
            big = ["bench.probe_stall_big", str(big_bundle(50_000))]
            row[name]["ui_max_stall_big_ms"] = stall(tree, big)
    return row


def main() -> int:
    """Run the rounds and print the medians for REF (before) and this checkout (after)."""
    args = [a for a in sys.argv[1:] if a != "--stall"]
    if not args:
        print(__doc__)
        return 2
    trees = {"before": worktree(args[0]), "after": REPO}
    rounds, stalls = int(args[1]) if len(args) > 1 else 11, "--stall" in sys.argv
    for tree in trees.values():  # warm the bytecode caches
        seconds_to_ready(tree, ["app", *DEMO])
    rows = []
    for number in range(1, rounds + 1):
        bare = seconds_to_ready(REPO, ["bare"])
        rows.append(one_round(trees, bare, stalls))
        print(f"round {number}/{rounds}: bare {bare:.3f} s", flush=True)
    for name in trees:
        figures = {key: round(median([r[name][key] for r in rows]), 3) for key in rows[0][name]}
        print(name, json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
