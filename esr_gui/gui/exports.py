"""Outputs without Qt: the plain-text summary, and the members + manifest of "Save bundle"."""

from __future__ import annotations

import importlib.util
import os
import tempfile
from datetime import datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from esr_gui import __version__
from esr_gui.core.bundle.limits import DSREGCMD, GRAPH_DIR, MANIFEST, NOTES
from esr_gui.core.bundle.reader import bundle_from_members, open_bundle
from esr_gui.core.bundle.writer import manifest_bytes, write_bundle
from esr_gui.core.decoding import decode_text
from esr_gui.core.diagnose import run_diagnosis
from esr_gui.core.diagnose.verdict import INPUT_ID, run_state
from esr_gui.core.errors import EsrError
from esr_gui.core.models.findings import STATUS_ORDER, Finding
from esr_gui.core.models.manifest import BUNDLE_FORMAT, BUNDLE_VERSION, Manifest, ProblemInfo
from esr_gui.core.snapshot_builder import read_dsregcmd_file, snapshot_from_bundle
from esr_gui.gui import status as st
from esr_gui.gui.evidence_text import evidence_line
from esr_gui.gui.pipeline import Analysis, Source
from esr_gui.gui.present import device_line
from esr_gui.resources import demo_dir

if TYPE_CHECKING:
    from esr_gui.core.report.html import ReportInput

REPORT_MODULE = "esr_gui.core.report.html"


class SaveError(EsrError):
    """A file could not be written (the message names where and why)."""


def summary_text(analysis: Analysis, confirmed: set[str]) -> str:
    """Verdict, headline, failing and warning findings with evidence, and the manual checks.

    An unread or missing dsregcmd /status is an `unknown` finding, so it is listed too.
    """
    head = analysis.headline
    lines = [f"ESR Troubleshooter {__version__} — summary", device_line(analysis), ""]
    lines.append(f"Verdict: {run_state(list(analysis.findings))}")
    lines.append(f"{head.lead or 'Most likely'}: {head.cause}")
    if head.action:
        lines.append(f"First action: {head.action}")
    bad = sorted(
        (f for f in analysis.findings if f.status in ("fail", "warn") or _unread_input(f)),
        key=lambda f: STATUS_ORDER[f.status],
    )
    lines += ["", f"Failing, warning and unreadable checks ({len(bad)}):"]
    lines += [line for f in bad for line in _finding_lines(f)] or ["  none"]
    manual = [f for f in analysis.findings if f.status == "manual"]
    if manual:
        lines += ["", "Manual checks:"]
        for f in manual:
            mark = "CONFIRMED by the technician" if f.id in confirmed else "not confirmed yet"
            lines.append(f"  [{mark}] {f.title} ({f.id})")
    return "\n".join(lines) + "\n"


def _unread_input(finding: Finding) -> bool:
    return finding.id == INPUT_ID and finding.status == "unknown"


def _finding_lines(finding: Finding) -> list[str]:
    out = [f"  [{st.word(finding.status).upper()}] {finding.title} ({finding.id})"]
    out += [f"      - {evidence_line(e)}" for e in finding.evidence]
    return out


def source_members(
    source: Source,
    live_members: dict[str, bytes] | None,
    graph_members: dict[str, bytes] | None = None,
) -> dict[str, bytes]:
    """Every member of what is open (blocking: reads the bundle again), with a tenant check's
    `graph/` members in place of any the source had."""
    members = _source_members(source, live_members)
    if not graph_members:
        return members
    kept = {n: d for n, d in members.items() if not n.lower().startswith(GRAPH_DIR)}
    return {**kept, **graph_members}


def _source_members(source: Source, live_members: dict[str, bytes] | None) -> dict[str, bytes]:
    if source.kind == "live" and live_members is not None:
        return dict(live_members)
    if source.kind in ("bundle", "demo"):
        with open_bundle(bundle_path(source)) as bundle:
            return {name: bundle.read(name) for name in bundle.names()}
    if source.kind == "pasted":
        return {DSREGCMD: source.text or b""}
    if source.kind == "dsregcmd":
        return {DSREGCMD: read_dsregcmd_file(Path(source.path or ""))}
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
    graph_members: dict[str, bytes] | None = None,
) -> tuple[Path, str]:
    """Write the bundle (blocking); returns the path and a note on redaction.

    Manual checks the technician confirmed are appended to `notes.txt`.
    """
    members = source_members(analysis.source, live_members, graph_members)
    members = {n: d for n, d in members.items() if n.lower() != MANIFEST}
    members = with_confirmed_notes(members, analysis, confirmed)
    manifest = bundle_manifest(analysis, problem, "")
    if not redact:
        return write_bundle(dest, manifest, members, as_zip=as_zip), "not redacted"
    from esr_gui.core.redaction.members import redact_members  # noqa: PLC0415 — only when asked

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


def report_html(
    analysis: Analysis,
    confirmed: frozenset[str],
    live_members: dict[str, bytes] | None = None,
    *,
    redact: bool = False,
    viewer_tz: tzinfo | None = None,
) -> str:
    """The HTML report of what is open, with the technician's confirmed manual checks and the
    headline diagnosis chose (blocking: run it in a worker).

    With `redact`, the capture's members are redacted first and diagnosed again, so nothing
    personal of the original reaches the page.
    """
    from esr_gui.core.report.html import render_html  # noqa: PLC0415 — on the worker thread

    if not redact:
        return render_html(
            analysis.snapshot,
            analysis.findings,
            confirmed=confirmed,
            headline=analysis.headline,
            viewer_tz=viewer_tz,
        )
    loaded = redacted_input(analysis, live_members)
    diagnosis = run_diagnosis(loaded.snapshot)
    return render_html(
        loaded.snapshot,
        diagnosis.findings,
        confirmed=confirmed,
        headline=diagnosis.headline,
        viewer_tz=viewer_tz,
        redaction=loaded.redaction,
    )


def redacted_input(analysis: Analysis, live_members: dict[str, bytes] | None) -> ReportInput:
    """The redacted snapshot of what is open: a bundle (or demo) through the report's own
    `report_input`; a live capture or a dsregcmd text from its members."""
    from esr_gui.core.redaction.members import redact_members  # noqa: PLC0415 — only when asked
    from esr_gui.core.report.html import REDACTED_LABEL, ReportInput, report_input  # noqa: PLC0415

    source = analysis.source
    if source.kind in ("bundle", "demo"):
        return report_input(bundle_path(source), redact=True)
    members = source_members(source, live_members)
    original = analysis.snapshot
    if original.manifest is None:  # a dsregcmd text: a stand-in manifest, dropped again below
        members[MANIFEST] = manifest_bytes(bundle_manifest(analysis, ProblemInfo(), ""))
    redacted = redact_members(members)
    bundle = bundle_from_members(redacted.all_members(), label=REDACTED_LABEL)
    snapshot = snapshot_from_bundle(bundle, kind=original.source.kind, name=REDACTED_LABEL)
    if original.manifest is None:
        snapshot = snapshot.model_copy(update={"manifest": None})
    return ReportInput(snapshot, redacted.report.summary())


def bundle_path(source: Source) -> str:
    """The path of a bundle or demo source."""
    if source.kind == "demo":
        return str(demo_dir() / (source.name or ""))
    return source.path or ""


def write_text_atomically(dest: str | Path, text: str) -> Path:
    """Write `text` (UTF-8) to a temporary file next to `dest`, then replace `dest` with it:
    a reader never sees half a file and a failure leaves the old one in place."""
    target = Path(dest)
    try:
        handle, tmp_name = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".part", dir=target.parent
        )
    except OSError as exc:
        raise SaveError(f"cannot write to {target.parent}: {exc.strerror or exc}") from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        tmp.chmod(0o644)
        os.replace(tmp, target)
    except OSError as exc:
        raise SaveError(f"cannot write {target}: {exc.strerror or exc}") from None
    finally:
        tmp.unlink(missing_ok=True)
    return target


def save_report(
    dest: str,
    analysis: Analysis,
    confirmed: frozenset[str],
    live_members: dict[str, bytes] | None = None,
    *,
    redact: bool = False,
    viewer_tz: tzinfo | None = None,
) -> Path:
    """Render the report and write it atomically (blocking); returns the path written."""
    html = report_html(analysis, confirmed, live_members, redact=redact, viewer_tz=viewer_tz)
    return write_text_atomically(dest, html)
