"""The GUI's view of the pipeline: a source → Snapshot → findings + headline (an Analysis).

Everything here is blocking and runs inside a worker job; nothing here imports Qt.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Literal

from esr_gui.core.models.findings import STATUS_ORDER, Finding
from esr_gui.core.models.snapshot import Snapshot
from esr_gui.core.snapshot_builder import load_snapshot, snapshot_from_dsregcmd
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


@dataclass(frozen=True)
class Analysis:
    """A snapshot with its findings and headline, as the window shows it."""

    snapshot: Snapshot
    findings: tuple[Finding, ...]
    headline: Headline
    source: Source
    analysed_at: datetime

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
        data = Path(source.path or "").read_bytes()
        return snapshot_from_dsregcmd(data, source.path, kind="dsregcmd")
    if source.kind == "bundle":
        return load_snapshot(source.path or "", kind="bundle")
    raise ValueError(f"a {source.kind} source is captured, not loaded")


def analyse(snapshot: Snapshot, source: Source) -> Analysis:
    """Diagnose `snapshot` (blocking) and pick the headline."""
    findings, headline = _diagnose(snapshot)
    return Analysis(snapshot, tuple(findings), headline, source, datetime.now().astimezone())


def _diagnose(snapshot: Snapshot) -> tuple[list[Finding], Headline]:
    from esr_gui.core import diagnose as diagnosis  # noqa: PLC0415 — optional API, see below

    run = getattr(diagnosis, "run_diagnosis", None)
    if run is None:
        findings = list(diagnosis.diagnose(snapshot))
        return findings, fallback_headline(findings)
    result = run(snapshot)
    findings = list(result.findings)
    return findings, headline_from(getattr(result, "headline", None), findings)


def headline_from(raw: object, findings: list[Finding]) -> Headline:
    """Adapt the diagnosis headline (whatever its exact shape) to ours."""
    if raw is None:
        return fallback_headline(findings)
    if isinstance(raw, str):
        base = fallback_headline(findings)
        return Headline(raw, base.action, base.finding_id, base.remedy_id, base.status)
    finding_id = _attr(raw, "finding_id", "finding", "id")
    found = next((f for f in findings if f.id == finding_id), None)
    cause = _attr(raw, "cause", "title", "text", "summary") or (found.title if found else "")
    action = _attr(raw, "action", "first_action", "next_step") or ""
    remedy_id = _attr(raw, "remedy_id", "remedy") or (
        found.remedies[0] if found and found.remedies else None
    )
    status = _attr(raw, "status") or (found.status if found else "info")
    return Headline(cause, action, finding_id, remedy_id, status)


def _attr(obj: object, *names: str) -> str | None:
    for name in names:
        value = getattr(obj, name, None)
        if isinstance(value, str) and value:
            return value
    return None


def fallback_headline(findings: list[Finding]) -> Headline:
    """Most severe finding that has a remedy, else the most severe finding, else "all clear"."""
    bad = [f for f in findings if f.status in ("fail", "warn")]
    if not findings:
        return Headline("No findings: the diagnosis did not report anything.", "", status="unknown")
    if not bad:
        return Headline(
            "Nothing failing: every check passed or needs a person to confirm it.",
            "Work through the manual checks in the checklist.",
            status="pass",
        )
    bad.sort(key=lambda f: (STATUS_ORDER[f.status], not f.remedies))
    top = bad[0]
    remedy = top.remedies[0] if top.remedies else None
    action = f"Open the fix panel for “{top.title}”." if remedy else "See the finding's evidence."
    return Headline(top.title, action, top.id, remedy, top.status)
