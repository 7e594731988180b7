"""The help model: topics built from the finding records and the guide's steps (our words).

A `HelpTopic` is plain data (title, group, sections, related topics, external links); the
finding topics are generated from `core.diagnose.rules.RECORDS`, so every finding id has one.
Topic ids are `overview`, `guide/<name>` and `finding/<finding id>`; links inside the help use
`help:<topic id>`. `render.topic_html` turns a topic into HTML for the viewer.
"""

from __future__ import annotations

from dataclasses import dataclass

from esr_gui.core.diagnose.record import AREA_TITLES, FindingRecord
from esr_gui.core.diagnose.rules import RECORDS

OVERVIEW_ID = "overview"
FINDING_PREFIX = "finding/"


@dataclass(frozen=True)
class Section:
    """One part of a topic: a heading, paragraphs, then a list (numbered when `ordered`)."""

    heading: str
    paragraphs: tuple[str, ...] = ()
    items: tuple[str, ...] = ()
    ordered: bool = False


@dataclass(frozen=True)
class HelpTopic:
    """One help page: `related` holds topic ids; `external` (label, URL) pairs are secondary."""

    id: str
    title: str
    group: str
    summary: str
    sections: tuple[Section, ...] = ()
    related: tuple[str, ...] = ()
    external: tuple[tuple[str, str], ...] = ()

    def text(self) -> str:
        """Every word of the topic, for the search box."""
        parts = [self.title, self.group, self.summary]
        for section in self.sections:
            parts += [section.heading, *section.paragraphs, *section.items]
        return "\n".join(parts)


def finding_topic_id(finding_id: str) -> str:
    """The topic id of a finding's explanation."""
    return f"{FINDING_PREFIX}{finding_id}"


# Which guide topic a finding area belongs to (its "see also").
AREA_GUIDE: dict[str, str] = {
    "checklist": "guide/checklist",
    "verify-sync": "guide/verify-sync",
    "registration": "guide/registration",
    "mfa": "guide/mfa",
    "known-issues": "guide/known-issues",
    "tenant": "guide/registration",
    "network": "guide/registration",
}


def finding_topic(record: FindingRecord) -> HelpTopic:
    """The explanation of one finding, from its record."""
    sections = [
        Section("What it checks", (record.meaning,)),
        Section("Why it matters", (record.why,)),
        Section(
            "What to do",
            (record.todo,) + ((f"First step: {record.action}",) if record.action else ()),
        ),
        Section("When it fails or warns", (record.docs,)),
        Section("Where it comes from", (record.guide,)),
    ]
    if record.opt_in:
        sections.append(
            Section(
                "Not run by default",
                (
                    "This check needs data you choose to collect (the tenant or network test); "
                    "until you run it the result is unknown: not checked, not a problem.",
                ),
            )
        )
    external = ((f"Microsoft support article {record.kb}", record.link),) if record.link else ()
    return HelpTopic(
        id=finding_topic_id(record.id),
        title=record.name,
        group=f"Finding: {AREA_TITLES[record.area]}",
        summary=f"Finding id {record.id}.",
        sections=tuple(sections),
        related=(AREA_GUIDE[record.area],),
        external=external,
    )


def finding_topics() -> tuple[HelpTopic, ...]:
    """One topic per finding record, by area (as the checklist groups them), then in the
    registry's order."""
    areas = list(AREA_TITLES)
    ordered = sorted(RECORDS, key=lambda record: areas.index(record.area))
    return tuple(finding_topic(record) for record in ordered)


def search(topics: tuple[HelpTopic, ...], query: str) -> tuple[HelpTopic, ...]:
    """The topics holding every word of `query` (case-insensitive); title matches first."""
    words = query.casefold().split()
    if not words:
        return topics
    hits = [t for t in topics if all(w in t.text().casefold() for w in words)]
    return tuple(sorted(hits, key=lambda t: not all(w in t.title.casefold() for w in words)))
