"""A fleet summary as a human table, CSV (one row per device) or the `fleet --json` object.

A device shown by a capture that could not be read has the state `unknown` and says why; a
device whose newer captures could not be read says how many (its older readable one is shown).

CSV cells that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, tab
or carriage return) are prefixed with `'`: device names and headlines come from bundles.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from esr_gui import __version__
from esr_gui.core.fleet.summary import FLEET_SCHEMA, DeviceRow, FleetSummary
from esr_gui.core.report.text import asciify

CSV_HEADER = (
    "device",
    "build",
    "join_type",
    "captured",
    "context",
    "fail",
    "warn",
    "unknown",
    "headline",
    "action",
    "kind",
    "source",
    "state",
    "note",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
ORDER = {"fail": 0, "unknown": 1, "warn": 2, "pass": 3}
STATE_WORDS = {"fail": "fail", "warn": "warn", "unknown": "unknown", "pass": "ok"}
TABLE_COLUMNS = (
    ("Device", 18),
    ("State", 7),
    ("Build", 11),
    ("Join", 10),
    ("Captured", 16),
    ("Fail", 4),
    ("Warn", 4),
)


def device_json(row: DeviceRow) -> dict[str, Any]:
    """One device of `fleet --json`."""
    return {
        "name": row.name,
        "build": row.build,
        "join_type": row.join_type,
        "captured": row.captured.isoformat() if row.captured else None,
        "context": row.context,
        "kind": row.kind,
        "redacted": row.redacted,
        "source": row.source,
        "state": row.state,
        "readable": row.readable,
        "unreadable": row.unreadable,
        "newer_unreadable": row.newer_unreadable,
        "fail": row.failing,
        "warn": row.warning,
        "unknown": row.ids_with("unknown"),
        "headline": {"text": row.headline, "finding_id": row.headline_id, "action": row.action},
        "statuses": dict(row.statuses),
    }


def fleet_document(summary: FleetSummary) -> dict[str, Any]:
    """`{"schema": 1, "devices": [...], "totals": {...}, "errors": [...], "summary": {...}}`."""
    return {
        "schema": FLEET_SCHEMA,
        "tool": f"esr-diag {__version__}",
        "devices": [device_json(d) for d in summary.devices],
        "totals": {k: v.model_dump() for k, v in summary.totals.items()},
        "errors": [e.model_dump(exclude_defaults=True) for e in summary.errors],
        "summary": {
            "devices": len(summary.devices),
            "failing": summary.failing_devices,
            "warning": sum(1 for d in summary.devices if d.state == "warn"),
            "unknown": summary.unknown_devices,
            "errors": len(summary.unread),
            "caveats": len(summary.caveats),
            "older_captures": summary.superseded,
        },
    }


def _cell(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value


def csv_row(row: DeviceRow) -> list[str]:
    """One device as CSV cells (ids joined with `;`)."""
    cells = [
        row.name or "",
        row.build or "",
        row.join_type,
        row.captured.isoformat() if row.captured else "",
        row.context or "",
        ";".join(row.failing),
        ";".join(row.warning),
        ";".join(row.ids_with("unknown")),
        row.headline,
        row.action,
        row.kind,
        row.source,
        STATE_WORDS[row.state],
        row_note(row),
    ]
    return [_cell(c) for c in cells]


def row_note(row: DeviceRow) -> str:
    """Why the row's state is unknown, or how many newer captures could not be read."""
    if row.unreadable:
        return f"state unknown: {row.unreadable}"
    if row.newer_unreadable:
        return (
            f"{_count(row.newer_unreadable, 'newer capture')} could not be read; "
            "this is the latest readable one"
        )
    return ""


def fleet_csv(devices: Iterable[DeviceRow], line_end: str = "\n") -> str:
    """The header and one row per device. Lines end in `\\n`: text-mode files and Windows
    consoles turn that into CRLF themselves (a CRLF here would become CR CR LF)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=line_end)
    writer.writerow(CSV_HEADER)
    writer.writerows(csv_row(d) for d in devices)
    return out.getvalue()


def _fit(text: str, width: int) -> str:
    text = " ".join(asciify(text).split())
    return text.ljust(width) if len(text) <= width else text[: width - 2] + ".."


def _device_line(row: DeviceRow) -> str:
    captured = row.captured.strftime("%Y-%m-%d %H:%M") if row.captured else "?"
    counts = (str(len(row.failing)), str(len(row.warning)))
    state = STATE_WORDS[row.state]
    cells = (row.display_name, state, row.build or "?", row.join_type, captured, *counts)
    fixed = " ".join(_fit(c, w) for c, (_, w) in zip(cells, TABLE_COLUMNS, strict=True))
    ids = ",".join(row.failing) or ("warn: " + ",".join(row.warning) if row.warning else "-")
    said = row_note(row) or row.headline.removeprefix("Most likely: ")
    return f"{fixed} {_fit(ids, 40)} {_fit(said, 60)}"


def _unreadable_lines(summary: FleetSummary) -> list[str]:
    """Every capture whose dsregcmd /status could not be read, and what the table shows."""
    lines: list[str] = []
    shown = {d.key(): d for d in summary.devices}
    for capture in summary.captures:
        if capture.readable:
            continue
        when = capture.captured.strftime("%Y-%m-%d %H:%M") if capture.captured else "?"
        device = None if summary.all_captures else shown.get(capture.key())
        instead = " (an older readable capture is shown)" if device and device.readable else ""
        lines.append(f"  {asciify(capture.display_name)} {when} {asciify(capture.source)}{instead}")
        lines.append(f"    {asciify(capture.unreadable or '')}")
    return ["", "Captures whose device state could not be read:", *lines] if lines else []


def fleet_table(summary: FleetSummary) -> str:
    """Devices (failing first), totals per finding id, unreadable inputs, one summary line."""
    head = " ".join(_fit(n, w) for n, w in TABLE_COLUMNS)
    lines = [f"{head} {_fit('Failing ids (else warnings)', 40)} Most likely"]
    ordered = sorted(summary.devices, key=lambda d: (not d.failing, not d.warning))
    lines += [_device_line(d).rstrip() for d in ordered]
    lines += ["", f"{_fit('Finding', 32)} {'fail':>6} {'warn':>6} {'unknown':>8}"]
    ranked = sorted(summary.totals.items(), key=lambda kv: (-kv[1].fail, -kv[1].warn, kv[0]))
    for finding_id, t in ranked:
        if t.fail or t.warn or t.unknown:
            lines.append(f"{_fit(finding_id, 32)} {t.fail:>6} {t.warn:>6} {t.unknown:>8}")
    lines += _unreadable_lines(summary)
    for title, errors in (("Could not read:", summary.unread), ("Read, but:", summary.caveats)):
        if errors:
            lines += ["", title]
            lines += [f"  {asciify(e.source)}: {asciify(e.message)}" for e in errors]
    lines += ["", summary_line(summary)]
    return "\n".join(lines) + "\n"


def summary_line(summary: FleetSummary) -> str:
    """`12 devices: 3 failing, 4 with warnings only, 1 unknown (no readable capture); ...`:
    then newer captures that could not be read, unreadable inputs, captures not shown."""
    warned = sum(1 for d in summary.devices if d.state == "warn")
    text = (
        f"{_count(len(summary.devices), 'device')}: {summary.failing_devices} failing, "
        f"{warned} with warnings only"
    )
    if summary.unknown_devices:
        text += f", {summary.unknown_devices} unknown (no readable capture)"
    newer = sum(d.newer_unreadable for d in summary.devices)
    if newer:
        text += f"; {_count(newer, 'newer capture')} could not be read (older ones shown)"
    if summary.unread:
        text += f"; {_count(len(summary.unread), 'input')} could not be read"
    if summary.caveats:
        text += f"; {_count(len(summary.caveats), 'input')} read with a caveat"
    if summary.superseded:
        text += f"; {_count(summary.superseded, 'other capture')} of the same devices not shown"
    return text


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
