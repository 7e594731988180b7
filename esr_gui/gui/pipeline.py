"""The GUI's view of the pipeline: a source → Snapshot → findings + headline (an Analysis).

The headline is the core's (`core.diagnose.Headline`); the two things only the window needs
(the calm status and the finding "Go to fix" opens) are derived here.

Everything here is blocking and runs inside a worker job; nothing here imports Qt.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Literal

from esr_gui.core.bundle.limits import DEFAULT_LIMITS, DSREGCMD, REGISTRY_DIR
from esr_gui.core.bundle.reader import open_bundle
from esr_gui.core.diagnose import Headline, run_diagnosis
from esr_gui.core.diagnose.rules import missing_data
from esr_gui.core.errors import EsrError
from esr_gui.core.models.findings import Finding
from esr_gui.core.models.snapshot import Snapshot
from esr_gui.core.parse.dsregcmd import MAX_DSREGCMD_BYTES
from esr_gui.core.raw import RawCapture, build_raw
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
    raw: RawCapture = field(default_factory=RawCapture, compare=False, repr=False)

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


def analyse(
    snapshot: Snapshot,
    source: Source,
    members: Mapping[str, bytes] | None = None,
    *,
    raw: RawCapture | None = None,
) -> Analysis:
    """Diagnose `snapshot` (blocking), pick the headline and gather the raw texts.

    `members`: a live capture's members (a file source's are read again here, text only);
    `raw`: the raw texts to keep (a re-diagnosis with Graph or network answers added).
    """
    result = run_diagnosis(snapshot)
    if raw is None:
        raw = build_raw(snapshot, members if members is not None else raw_members(source))
    if snapshot.manifest is not None:
        device_zone(snapshot.manifest)  # reads the zone's tzdata file here, not on the GUI thread
    now = datetime.now().astimezone()
    return Analysis(snapshot, tuple(result.findings), result.headline, source, now, raw)


def raw_members(source: Source) -> dict[str, bytes]:
    """The text members the raw view shows (dsregcmd, .reg exports) of a file source
    (blocking; each is capped by the bundle reader's limits). A live source has none here:
    its capture hands them over."""
    if source.kind == "pasted":
        return {DSREGCMD: source.text or b""}
    if source.kind == "dsregcmd":
        return {DSREGCMD: read_dsregcmd_file(Path(source.path or ""))}
    if source.kind not in ("bundle", "demo"):
        return {}
    path = demo_dir() / (source.name or "") if source.kind == "demo" else Path(source.path or "")
    try:
        with open_bundle(path) as bundle:
            return {n: bundle.read(n) for n in bundle.names() if _shown(n, bundle.size(n))}
    except EsrError:  # it was read a moment ago; should it fail now, the view says so
        return {}


def _shown(name: str, size: int) -> bool:
    """A text member of a size its parser reads (larger ones are refused by it too)."""
    if name.lower() == DSREGCMD:
        return size <= MAX_DSREGCMD_BYTES
    return _is_reg(name) and size <= DEFAULT_LIMITS.max_reg_bytes


def _is_reg(name: str) -> bool:
    lowered = name.lower()
    return lowered.startswith(REGISTRY_DIR) and lowered.endswith(".reg")


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
