"""Outputs without Qt: the plain-text summary, and the members + manifest of "Save bundle"."""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from esr_gui import __version__
from esr_gui.core.bundle.limits import DSREGCMD, MANIFEST, NOTES
from esr_gui.core.bundle.reader import open_bundle
from esr_gui.core.bundle.writer import write_bundle
from esr_gui.core.decoding import decode_text
from esr_gui.core.models.findings import STATUS_ORDER, Finding
from esr_gui.core.models.manifest import BUNDLE_FORMAT, BUNDLE_VERSION, Manifest, ProblemInfo
from esr_gui.gui import status as st
from esr_gui.gui.evidence_text import evidence_line
from esr_gui.gui.pipeline import Analysis, Source
from esr_gui.gui.present import device_line
from esr_gui.resources import demo_dir

REPORT_MODULE = "esr_gui.core.report.html"


def summary_text(analysis: Analysis, confirmed: set[str]) -> str:
    """Headline, failing and warning findings with evidence, and the manual checks."""
    head = analysis.headline
    lines = [f"ESR Troubleshooter {__version__} — summary", device_line(analysis), ""]
    lines.append(f"Most likely: {head.cause}")
    if head.action:
        lines.append(f"First action: {head.action}")
    bad = sorted(
        (f for f in analysis.findings if f.status in ("fail", "warn")),
        key=lambda f: STATUS_ORDER[f.status],
    )
    lines += ["", f"Failing and warning checks ({len(bad)}):"]
    lines += [line for f in bad for line in _finding_lines(f)] or ["  none"]
    manual = [f for f in analysis.findings if f.status == "manual"]
    if manual:
        lines += ["", "Manual checks:"]
        for f in manual:
            mark = "CONFIRMED by the technician" if f.id in confirmed else "not confirmed yet"
            lines.append(f"  [{mark}] {f.title} ({f.id})")
    return "\n".join(lines) + "\n"


def _finding_lines(finding: Finding) -> list[str]:
    out = [f"  [{st.word(finding.status).upper()}] {finding.title} ({finding.id})"]
    out += [f"      - {evidence_line(e)}" for e in finding.evidence]
    return out


def source_members(source: Source, live_members: dict[str, bytes] | None) -> dict[str, bytes]:
    """Every member of what is open (blocking: reads the bundle again)."""
    if source.kind == "live" and live_members is not None:
        return dict(live_members)
    if source.kind in ("bundle", "demo"):
        path = source.path if source.kind == "bundle" else str(demo_dir() / (source.name or ""))
        with open_bundle(path or "") as bundle:
            return {name: bundle.read(name) for name in bundle.names()}
    if source.kind == "pasted":
        return {DSREGCMD: source.text or b""}
    if source.kind == "dsregcmd":
        return {DSREGCMD: Path(source.path or "").read_bytes()}
    raise ValueError(f"nothing to save for a {source.kind} source")


def bundle_manifest(analysis: Analysis, problem: ProblemInfo, notes_user: str) -> Manifest:
    """The manifest to save: the capture's own (with the form filled in), or a new one."""
    old = analysis.snapshot.manifest
    if old is not None:
        return old.model_copy(update={"problem": problem})
    return Manifest(
        format=BUNDLE_FORMAT,
        version=BUNDLE_VERSION,
        created=datetime.now().astimezone(),
        producer=f"esr-gui {__version__}",
        user=notes_user or None,
        problem=problem,
    )


def save_bundle(
    analysis: Analysis,
    live_members: dict[str, bytes] | None,
    problem: ProblemInfo,
    dest: str,
    *,
    as_zip: bool,
    redact: bool,
    confirmed: frozenset[str] = frozenset(),
) -> tuple[Path, str]:
    """Write the bundle (blocking); returns the path and a note on redaction.

    Manual checks the technician confirmed are appended to `notes.txt`.
    """
    members = source_members(analysis.source, live_members)
    members = {n: d for n, d in members.items() if n.lower() != MANIFEST}
    members = with_confirmed_notes(members, analysis, confirmed)
    manifest = bundle_manifest(analysis, problem, "")
    if not redact:
        return write_bundle(dest, manifest, members, as_zip=as_zip), "not redacted"
    from esr_gui.core.bundle.writer import manifest_bytes  # noqa: PLC0415
    from esr_gui.core.redact import redact_members  # noqa: PLC0415 — only when asked

    redacted = redact_members({**members, MANIFEST: manifest_bytes(manifest)})
    return redacted.save(dest, as_zip=as_zip), f"redacted: {redacted.report.summary()}"


def with_confirmed_notes(
    members: dict[str, bytes], analysis: Analysis, confirmed: frozenset[str]
) -> dict[str, bytes]:
    """`notes.txt` plus one line per manual check the technician confirmed."""
    titles = [f.title for f in analysis.findings if f.status == "manual" and f.id in confirmed]
    if not titles:
        return members
    name = next((n for n in members if n.lower() == NOTES), NOTES)
    old = decode_text(members[name]).rstrip() if name in members else ""
    lines = [old, ""] if old else []
    lines += ["Confirmed by the technician (esr-gui):", *(f"- {t}" for t in titles)]
    return {**members, name: ("\r\n".join(lines) + "\r\n").encode("utf-8")}


def report_available() -> bool:
    """True when the HTML report module is part of this build. It is found, not imported:
    showing a diagnosis must not pay for importing it on the GUI thread (~40 ms the first
    time, the longest event-loop stall of a refresh; `make bench`, ui_max_stall_ms)."""
    return importlib.util.find_spec(REPORT_MODULE) is not None


def report_renderer() -> Callable[..., Any] | None:
    """The HTML report function when the report module exists, else None."""
    if not report_available():
        return None
    module = importlib.import_module(REPORT_MODULE)
    for name in ("render_html", "render_report", "render", "html_report"):
        func = getattr(module, name, None)
        if callable(func):
            return func  # type: ignore[no-any-return]
    return None
