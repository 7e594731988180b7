"""The GUI's view of the pipeline: a source → Snapshot → findings + headline (an Analysis).

The headline is the core's (`core.diagnose.Headline`); the two things only the window needs
(the calm status and the finding "Go to fix" opens) are derived here.

Everything here is blocking and runs inside a worker job; nothing here imports Qt.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Literal

from esr_gui.core.diagnose import Headline, run_diagnosis
from esr_gui.core.diagnose.rules import missing_data
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
class Analysis:
    """A snapshot with its findings and the headline diagnosis chose, as the window shows it."""

    snapshot: Snapshot
    findings: tuple[Finding, ...]
    headline: Headline
    source: Source
    analysed_at: datetime

    def finding(self, finding_id: str) -> Finding | None:
        """The finding with `finding_id`, if diagnosis reported it."""
        return next((f for f in self.findings if f.id == finding_id), None)

    @property
    def headline_status(self) -> str:
        """The status the header shows for the headline (see `headline_status`)."""
        return headline_status(self.headline, self.findings)

    @property
    def headline_finding_id(self) -> str | None:
        """The finding "Go to fix" opens (see `headline_finding_id`)."""
        return headline_finding_id(self.headline, self.findings)


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
    now = datetime.now().astimezone()
    return Analysis(snapshot, tuple(result.findings), result.headline, source, now)


def headline_status(headline: Headline, findings: Sequence[Finding]) -> str:
    """The headline's status; for a calm headline "pass" or "info".

    A calm headline is a green tick only when every check could read its data: with checks
    left unknown it is information ("nothing found in what was captured"), never "Pass".
    """
    if headline.status is not None:
        return headline.status
    if not headline.calm or missing_data(findings):
        return "info"
    return "pass"


def headline_finding_id(headline: Headline, findings: Sequence[Finding]) -> str | None:
    """The headline's finding; a calm one points at the finding its remedy belongs to."""
    if headline.finding_id is None and headline.remedy:
        return next((f.id for f in findings if headline.remedy in f.remedies), None)
    return headline.finding_id
