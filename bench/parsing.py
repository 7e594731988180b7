"""events_per_s / events_ratio: our XML event parse against a bare `ElementTree.iterparse` over
the same 20,000-record wevtutil export; evtx_events_per_s over a large .evtx.

Each round reads the file from disk and parses it completely; our parse and the bare one
alternate, and the ratio is the median of the per-round ratios.
"""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from pathlib import Path

from bench import inputs
from bench.common import interleaved, median, paired_ratio
from esr_gui.core.parse.events_evtx import parse_evtx
from esr_gui.core.parse.events_xml import parse_events_xml

XML_EVENTS = 20_000
EVTX_EVENTS = 20_000
_EVENT_TAGS = ("Event", "{http://schemas.microsoft.com/win/2004/08/events/event}Event")


def ours(path: Path) -> int:
    """Our parse of a wevtutil XML export: Event models with data, codes and times."""
    return len(parse_events_xml(path.read_bytes(), origin=path.name).events)


def bare(path: Path) -> int:
    """The least a reader can do: iterparse, count `<Event>` ends, clear each record."""
    count = 0
    for _, element in ET.iterparse(path):
        if element.tag in _EVENT_TAGS:
            count += 1
            element.clear()
    return count


def timed(fn: object, path: Path, expected: int) -> float:
    """Seconds for one `fn(path)`, checking it found `expected` records."""
    assert callable(fn)
    start = time.perf_counter()
    found = fn(path)
    seconds = time.perf_counter() - start
    if found != expected:
        raise RuntimeError(f"{getattr(fn, '__name__', fn)} read {found} of {expected} records")
    return seconds


def measure_xml(repeats: int = 7) -> dict[str, float]:
    """events_per_s, events_ratio and the bare parser's rate."""
    path = inputs.events_xml(XML_EVENTS)
    a, b = interleaved(
        lambda: timed(ours, path, XML_EVENTS), lambda: timed(bare, path, XML_EVENTS), repeats
    )
    return {
        "events_per_s": round(XML_EVENTS / median(a)),
        "events_ratio": round(paired_ratio(a, b), 2),
        "bare_iterparse_events_per_s": round(XML_EVENTS / median(b)),
    }


def measure_evtx(repeats: int = 5) -> dict[str, float]:
    """evtx_events_per_s over chunks of the real samples copied to >= 20,000 records."""
    path = inputs.big_evtx(EVTX_EVENTS)
    count = len(parse_evtx(path.read_bytes(), origin=path.name).events)
    runs = [
        timed(lambda p: len(parse_evtx(p.read_bytes(), origin=p.name).events), path, count)
        for _ in range(repeats)
    ]
    return {"evtx_events_per_s": round(count / median(runs)), "evtx_events": count}


def measure(repeats: int = 7) -> dict[str, float]:
    """All parse rates."""
    return {**measure_xml(repeats), **measure_evtx(max(3, repeats - 2))}


if __name__ == "__main__":
    print(measure())
