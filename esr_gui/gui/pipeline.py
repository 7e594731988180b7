"""The GUI's view of the pipeline: a source → Snapshot → findings + headline (an Analysis).

Everything here is blocking and runs inside a worker job; nothing here imports Qt.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Literal

from esr_gui.core.diagnose import Headline as DiagnosisHeadline
from esr_gui.core.diagnose import run_diagnosis
from esr_gui.core.models.findings import Finding
from esr_gui.core.models.snapshot import Snapshot
from esr_gui.core.report.provenance import device_zone
from esr_gui.core.snapshot_builder import (
    load_snapshot,
    read_dsregcmd_file,
    snapshot_from_dsregcmd,
)
from esr_gui.resources import demo_dir, demo_names

SourceKindName = Literal["bundle", "dsregcmd", "demo", "pasted", "live"]
DEFAULT_DEMO = "hybrid-not-registered"


@dataclass(frozen=True)
class Source:
    """What to open: a bundle path, a dsregcmd text file, a demo name, or pasted text."""

    kind: SourceKindName
    path: str | None = None
    name: str | None = None
    text: bytes | None = field(default=None, repr=False)

    @property
    def label(self) -> str:
        """A short human name of the source."""
        if self.kind == "demo":
            return f"demo “{self.name}”"
        if self.kind == "pasted":
            return "pasted dsregcmd text"
        if self.kind == "live":
            return "this device (live)"
        return Path(self.path or "").name or str(self.path)


@dataclass(frozen=True)
class Headline:
    """The most likely cause and the first thing to do about it."""

    cause: str
    action: str
    finding_id: str | None = None
    remedy_id: str | None = None
    status: str = "info"
    reason: str = ""


@dataclass(frozen=True)
class Analysis:
    """A snapshot with its findings and headline, as the window shows it."""

    snapshot: Snapshot
    findings: tuple[Finding, ...]
    headline: Headline
    source: Source
    analysed_at: datetime
    diagnosis_headline: DiagnosisHeadline | None = None  # as diagnosis chose it (the report's)

    def finding(self, finding_id: str) -> Finding | None:
        """The finding with `finding_id`, if diagnosis reported it."""
        return next((f for f in self.findings if f.id == finding_id), None)


def default_demo() -> str:
    """The demo shown when no source is given off Windows (a representative failure)."""
    names = demo_names()
    if DEFAULT_DEMO in names or not names:
        return DEFAULT_DEMO
    return names[0]


def load_source(source: Source) -> Snapshot:
    """Read `source` into a Snapshot (blocking; raises the core's EsrError on bad input)."""
    if source.kind == "demo":
        path = demo_dir() / (source.name or "")
        return load_snapshot(path, kind="demo", name=source.name)
    if source.kind == "pasted":
        return snapshot_from_dsregcmd(source.text or b"", None, kind="pasted")
    if source.kind == "dsregcmd":
        data = read_dsregcmd_file(Path(source.path or ""))
        return snapshot_from_dsregcmd(data, source.path, kind="dsregcmd")
    if source.kind == "bundle":
        return load_snapshot(source.path or "", kind="bundle")
    raise ValueError(f"a {source.kind} source is captured, not loaded")


def analyse(snapshot: Snapshot, source: Source) -> Analysis:
    """Diagnose `snapshot` (blocking) and pick the headline."""
    result = run_diagnosis(snapshot)
    if snapshot.manifest is not None:
        device_zone(snapshot.manifest)  # reads the zone's tzdata file here, not on the GUI thread
    findings = list(result.findings)
    headline = headline_from(result.headline, findings)
    now = datetime.now().astimezone()
    return Analysis(snapshot, tuple(findings), headline, source, now, result.headline)


def headline_from(raw: DiagnosisHeadline, findings: list[Finding]) -> Headline:
    """Our Headline from the diagnosis one (a calm one points at the finding of its remedy)."""
    finding_id = raw.finding_id
    if finding_id is None and raw.remedy:
        finding_id = next((f.id for f in findings if raw.remedy in f.remedies), None)
    cause = raw.text.removeprefix("Most likely:").strip()
    status = raw.status or ("pass" if raw.finding_id is None else "info")
    return Headline(cause, raw.action, finding_id, raw.remedy, status, raw.reason)
