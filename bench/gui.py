"""The GUI benchmarks that need a process of their own: ui_max_stall_ms, ui_max_stall_big_ms
and peak_rss_mb."""

from __future__ import annotations

import json
from typing import Any

from bench import inputs
from bench.common import median, python_child
from bench.probe_memory import PREFIX as RSS_PREFIX

RSS_EVENTS = 50_000


def stall_run() -> dict[str, float]:
    """One refresh through the 1 s FakeHost (see probe_stall)."""
    done = python_child(["-m", "bench.probe_stall"], timeout=180)
    report: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return report


def measure_stall(repeats: int = 3) -> dict[str, float]:
    """ui_max_stall_ms: the median over runs of each run's longest heartbeat gap."""
    runs = [stall_run() for _ in range(repeats)]
    return stall_figures(runs, "ui_max_stall_ms", "ui_stall_worst_run_ms", "refresh_s")


def stall_figures(
    runs: list[dict[str, Any]], median_name: str, worst: str, seconds: str
) -> dict[str, float]:
    """The median and the worst of the runs' longest gaps, and their median duration."""
    gaps = [r["max_stall_ms"] for r in runs]
    return {
        median_name: round(median(gaps), 1),
        worst: round(max(gaps), 1),
        seconds: round(median([r["seconds"] for r in runs]), 2),
    }


def stall_big_run() -> dict[str, Any]:
    """One 50,000-event bundle opened, its events shown, searched, sorted, narrowed (see
    probe_stall_big)."""
    bundle = inputs.big_bundle(RSS_EVENTS)
    done = python_child(["-m", "bench.probe_stall_big", str(bundle)], timeout=300)
    report: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    if report.get("seconds") is None:
        raise RuntimeError(f"probe_stall_big never finished:\n{done.stderr[-3000:]}")
    return report


def measure_stall_big(repeats: int = 3) -> dict[str, float]:
    """ui_max_stall_big_ms: the median over runs of each run's longest heartbeat gap."""
    runs = [stall_big_run() for _ in range(repeats)]
    return stall_figures(runs, "ui_max_stall_big_ms", "ui_stall_big_worst_run_ms", "big_open_s")


def rss_run() -> float:
    """Peak RSS (MiB) of one app process with the 50,000-event bundle's events shown."""
    bundle = inputs.big_bundle(RSS_EVENTS)
    done = python_child(["-m", "bench.probe_memory", str(bundle)], timeout=300)
    lines = [line for line in done.stdout.splitlines() if line.startswith(RSS_PREFIX)]
    if not lines:
        raise RuntimeError(f"probe_memory reported nothing:\n{done.stderr[-3000:]}")
    return float(lines[-1][len(RSS_PREFIX) :])


def measure_rss(repeats: int = 3) -> dict[str, float]:
    """peak_rss_mb: the median of `repeats` processes."""
    return {"peak_rss_mb": round(median([rss_run() for _ in range(repeats)]), 1)}


def measure_reopen(repeats: int = 1) -> dict[str, Any]:
    """reopen_object_growth (and reopen_growth_mb): what repeated opens of the 50,000-event
    bundle in one session keep (the medians over `repeats` processes; the last run's rows)."""
    bundle = inputs.big_bundle(RSS_EVENTS)
    runs: list[dict[str, Any]] = []
    for _ in range(repeats):
        # python_child raises, with the output, if the probe fails
        done = python_child(["-m", "bench.probe_reopen", str(bundle)], timeout=600)
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return {
        "reopen_object_growth": int(median([r["reopen_object_growth"] for r in runs])),
        "reopen_objects": runs[-1]["objects_after_each_open"],
        "reopen_growth_mb": round(median([r["reopen_growth_mb"] for r in runs]), 1),
        "reopen_rss_mb": runs[-1]["rss_after_each_open_mb"],
    }
