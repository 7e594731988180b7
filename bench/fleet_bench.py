"""Fleet benchmark: summarise N generated bundles (default 2,000) and print devices/second.

    .venv/bin/python bench/fleet_bench.py [--count 2000] [--zip-every 5] [--keep DIR]

The bundles are copies of the demo bundles under their own names (a fifth of them zipped),
made in a temporary folder first; only the scan + diagnosis + summary is timed. The result
is checked against each demo's own diagnosis, and the peak resident memory is printed, to
show the scan streams (memory stays flat however many devices there are).
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from esr_gui.core.diagnose import run_diagnosis
from esr_gui.core.fleet.inputs import scan
from esr_gui.core.fleet.summary import FleetSummary, summarise
from esr_gui.core.snapshot_builder import load_snapshot
from tests.unit.fleet_support import DEMOS, make_fleet


def check(summary: FleetSummary, made: dict[str, str]) -> None:
    """Every row must match its demo's own diagnosis, or (a copy's capture time moves on a
    minute a device, so time-relative checks such as prt.freshness can differ from the
    demo's) the diagnosis of that device's own bundle."""
    expected = {d.name: statuses(d) for d in DEMOS}
    assert not summary.errors, summary.errors[:3]
    assert len(summary.devices) == len(made)
    for row in summary.devices:
        if row.statuses != expected[made[row.name or ""]]:
            assert row.statuses == statuses(Path(row.source)), row.name


def statuses(bundle: Path) -> dict[str, str]:
    """Finding id → status of one bundle's own diagnosis."""
    return {f.id: f.status for f in run_diagnosis(load_snapshot(bundle)).findings}


def run(count: int, zip_every: int, root: Path) -> None:
    """Generate, time, verify, print."""
    started = time.perf_counter()
    made = make_fleet(root, count, zip_every=zip_every)
    print(f"generated {count} bundles in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    summary = summarise(scan([root]))
    elapsed = time.perf_counter() - started
    check(summary, made)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"summarised {len(summary.devices)} devices in {elapsed:.2f} s: "
        f"{len(summary.devices) / elapsed:.0f} devices/s "
        f"({summary.failing_devices} failing); peak RSS {peak_mib:.0f} MiB"
    )


def main() -> int:
    """Parse the arguments and run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--zip-every", type=int, default=5)
    parser.add_argument("--keep", metavar="DIR", help="generate here and keep the bundles")
    args = parser.parse_args()
    if args.keep:
        run(args.count, args.zip_every, Path(args.keep))
        return 0
    with tempfile.TemporaryDirectory(prefix="esr-fleet-") as folder:
        run(args.count, args.zip_every, Path(folder) / "fleet")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
