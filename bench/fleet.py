"""fleet_devices_per_s over 2,000 bundles.

`fleet_devices_per_s` comes from the fleet module's own benchmark, `bench/fleet_bench.py`
(scan + diagnosis + summary in one process, checked against each demo's diagnosis), run as
a child and read from its "N devices/s" line. `fleet_cli_devices_per_s` times the whole
`esr-diag fleet DIR --json` process (start-up included) over 2,000 zipped bundles generated
here from the demo bundles, each with its own computer name and capture time; it stands in
for the first number when fleet_bench.py is absent.
"""

from __future__ import annotations

import json
import re
import time
import zipfile
from pathlib import Path

from bench import inputs
from bench.common import REPO, median, python_child

DEVICES = 2_000
DEMOS = REPO / "resources" / "demo"
FLEET_BENCH = REPO / "bench" / "fleet_bench.py"
_RATE = re.compile(r"summarised (\d+) devices in ([\d.]+) s: (\d+) devices/s")


def _demo_members() -> list[dict[str, bytes]]:
    """Every demo bundle's members (name → bytes)."""
    bundles: list[dict[str, bytes]] = []
    for folder in sorted(p for p in DEMOS.iterdir() if (p / "manifest.json").is_file()):
        files = [p for p in sorted(folder.rglob("*")) if p.is_file()]
        bundles.append({p.relative_to(folder).as_posix(): p.read_bytes() for p in files})
    return bundles


def _write_fleet(root: Path) -> None:
    root.mkdir(parents=True)
    demos = _demo_members()
    for number in range(DEVICES):
        members = dict(demos[number % len(demos)])
        manifest = json.loads(members["manifest.json"])
        manifest["computer"] = f"PC-{number:05d}"
        manifest["created"] = f"2026-11-{1 + number % 28:02d}T09:14:03+01:00"
        members["manifest.json"] = json.dumps(manifest).encode()
        with zipfile.ZipFile(root / f"PC-{number:05d}.esrbundle.zip", "w") as archive:
            for name, data in members.items():
                archive.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)


def fleet_folder() -> Path:
    """2,000 zipped bundles (generated once, then reused)."""
    return inputs.cached(f"fleet-{DEVICES}", {"devices": DEVICES, "v": 1}, _write_fleet)


def one_run(folder: Path) -> float:
    """Seconds for one whole `esr-diag fleet FOLDER --json` process."""
    start = time.monotonic()
    done = python_child(["-m", "esr_gui.cli", "fleet", str(folder), "--json"], check=False)
    seconds = time.monotonic() - start
    if done.returncode not in (0, 1):
        raise RuntimeError(f"esr-diag fleet exited {done.returncode}: {done.stderr[-2000:]}")
    document = json.loads(done.stdout)
    rows = document.get("devices", [])
    if len(rows) != DEVICES:
        raise RuntimeError(f"esr-diag fleet reported {len(rows)} of {DEVICES} devices")
    return seconds


def fleet_bench_rate() -> float:
    """devices/s printed by one run of bench/fleet_bench.py over DEVICES bundles."""
    done = python_child([str(FLEET_BENCH), "--count", str(DEVICES)], timeout=600)
    match = _RATE.search(done.stdout)
    if match is None or int(match.group(1)) != DEVICES:
        raise RuntimeError(f"fleet_bench.py printed no rate for {DEVICES}:\n{done.stdout}")
    return DEVICES / float(match.group(2))


def measure(repeats: int = 3) -> dict[str, object]:
    """fleet_devices_per_s (fleet_bench.py when present) and fleet_cli_devices_per_s."""
    folder = fleet_folder()
    cli_runs = [one_run(folder) for _ in range(repeats)]
    cli_rate = round(DEVICES / median(cli_runs))
    result: dict[str, object] = {"fleet_cli_devices_per_s": cli_rate}
    if FLEET_BENCH.is_file():
        rates = [fleet_bench_rate() for _ in range(repeats)]
        result["fleet_devices_per_s"] = round(median(rates))
        result["fleet_source"] = "bench/fleet_bench.py"
    else:
        result["fleet_devices_per_s"] = cli_rate
        result["fleet_source"] = "esr-diag fleet process (bench/fleet_bench.py absent)"
    return result


if __name__ == "__main__":
    print(measure())
