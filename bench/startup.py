"""startup_ratio: launch → diagnosed main window painted, over launch → bare QMainWindow painted;
first_paint_ratio: launch → the app's first window painted (its start-up skeleton), over the same.

Both are separate processes of the same interpreter, offscreen, run alternately; the ratio is
the median of the per-round ratios, so a slow moment of the machine hits both sides alike.
"""

from __future__ import annotations

from bench.common import interleaved, median, paired_ratio, time_to_ready

DEMO = "hybrid-not-registered"


def app_seconds() -> float:
    """One launch of the real app over the demo bundle."""
    return time_to_ready(["-m", "bench.probe_ready", "app", "--demo", DEMO])


def first_paint_seconds() -> float:
    """One launch of the real app until its first window is painted."""
    return time_to_ready(["-m", "bench.probe_ready", "first", "--demo", DEMO])


def bare_seconds() -> float:
    """One launch of a bare QMainWindow."""
    return time_to_ready(["-m", "bench.probe_ready", "bare"])


def measure(repeats: int = 9) -> dict[str, float]:
    """`startup_ratio` and `first_paint_ratio`, each over its own interleaved bare runs, plus
    the medians in seconds."""
    app, bare = interleaved(app_seconds, bare_seconds, repeats, warmup=2)
    first, bare_first = interleaved(first_paint_seconds, bare_seconds, repeats, warmup=1)
    return {
        "startup_ratio": round(paired_ratio(app, bare), 2),
        "startup_app_s": round(median(app), 3),
        "startup_bare_s": round(median(bare), 3),
        "first_paint_ratio": round(paired_ratio(first, bare_first), 2),
        "first_paint_s": round(median(first), 3),
        "first_paint_bare_s": round(median(bare_first), 3),
    }


if __name__ == "__main__":
    print(measure())
