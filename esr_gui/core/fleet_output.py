"""A fleet summary as a human table, CSV (one row per device) or the `fleet --json` object.

CSV cells that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, tab
or carriage return) are prefixed with `'`: device names and headlines come from bundles.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from esr_gui import __version__
from esr_gui.core.fleet import FLEET_SCHEMA, DeviceRow, FleetSummary
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
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
TABLE_COLUMNS = (
    ("Device", 18),
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
        "errors": [e.model_dump() for e in summary.errors],
        "summary": {
            "devices": len(summary.devices),
            "failing": summary.failing_devices,
            "warning": sum(1 for d in summary.devices if d.warning and not d.failing),
            "errors": len(summary.errors),
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
    ]
    return [_cell(c) for c in cells]


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
    cells = (row.display_name, row.build or "?", row.join_type, captured, *counts)
    fixed = " ".join(_fit(c, w) for c, (_, w) in zip(cells, TABLE_COLUMNS, strict=True))
    ids = ",".join(row.failing) or ("warn: " + ",".join(row.warning) if row.warning else "-")
    return f"{fixed} {_fit(ids, 40)} {_fit(row.headline.removeprefix('Most likely: '), 60)}"


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
    if summary.errors:
        lines += ["", "Could not read:"]
        lines += [f"  {asciify(e.source)}: {asciify(e.message)}" for e in summary.errors]
    lines += ["", summary_line(summary)]
    return "\n".join(lines) + "\n"


def summary_line(summary: FleetSummary) -> str:
    """`12 devices: 3 failing, 4 with warnings only; 1 input unreadable; 2 older captures`."""
    warned = sum(1 for d in summary.devices if d.warning and not d.failing)
    text = (
        f"{_count(len(summary.devices), 'device')}: {summary.failing_devices} failing, "
        f"{warned} with warnings only"
    )
    if summary.errors:
        text += f"; {_count(len(summary.errors), 'input')} could not be read"
    if summary.superseded:
        text += f"; {_count(summary.superseded, 'older capture')} of the same devices not shown"
    return text


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
