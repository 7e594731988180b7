"""Every help topic, in reading order: the overview, the guide's steps, then one per finding."""

from __future__ import annotations

from functools import cache

from esr_gui.core.diagnose.rules import FINDING_RECORDS, KNOWN_ISSUE_IDS
from esr_gui.core.help.guide import (
    ASK_FOR_HELP,
    CHECKLIST,
    EVENTS,
    GROUP,
    MFA,
    ONLINE,
    REGISTRATION,
    VERIFY_SYNC,
)
from esr_gui.core.help.topics import (
    OVERVIEW_ID,
    HelpTopic,
    Section,
    finding_topic_id,
    finding_topics,
)

GUIDE_TOPICS = (CHECKLIST, VERIFY_SYNC, REGISTRATION, MFA, EVENTS, ASK_FOR_HELP)


def _known_issues() -> HelpTopic:
    names = tuple(FINDING_RECORDS[i].name for i in KNOWN_ISSUE_IDS)
    return HelpTopic(
        id="guide/known-issues",
        title="Known issues",
        group=GROUP,
        summary="Problems Microsoft lists for particular builds, sign-in methods and events.",
        sections=(
            Section(
                "How the app uses them",
                (
                    "The Known issues tab checks each one against the capture and says whether "
                    "it applies here, with the evidence and the update (KB) that fixes it. "
                    "Several have no fix other than avoiding the situation.",
                ),
            ),
            Section("The list", items=names),
        ),
        related=tuple(finding_topic_id(i) for i in KNOWN_ISSUE_IDS),
        external=ONLINE,
    )


def _overview(guide: tuple[HelpTopic, ...]) -> HelpTopic:
    return HelpTopic(
        id=OVERVIEW_ID,
        title="ESR Troubleshooter help",
        group="Start here",
        summary=(
            "How to read the diagnosis, the troubleshooting steps it follows, and what each "
            "finding means. Everything here works without a browser or a network."
        ),
        sections=(
            Section(
                "Reading the window",
                items=(
                    "The headline names the most likely cause and its first step.",
                    "The Checklist lists every check with pass, warn, fail, unknown or "
                    "manual; unknown means the capture could not tell, never that it is fine.",
                    "Select a check and press F1, or click What is this?, for its explanation.",
                    "The Fix pane offers the remedies for the selected finding; each shows "
                    "what it changes before it runs.",
                ),
            ),
            Section(
                "Keyboard",
                items=(
                    "F1 opens this help at the selected finding; Esc closes it.",
                    "In the help, Ctrl+F goes to the search box; Tab moves between the "
                    "search, the topic list and the page.",
                ),
            ),
        ),
        related=tuple(t.id for t in guide),
        external=ONLINE,
    )


@cache
def help_topics() -> tuple[HelpTopic, ...]:
    """The overview, the guide topics and one topic per finding."""
    guide = (*GUIDE_TOPICS, _known_issues())
    return (_overview(guide), *guide, *finding_topics())


def topic(topic_id: str) -> HelpTopic | None:
    """The topic called `topic_id`, or None."""
    return next((t for t in help_topics() if t.id == topic_id), None)


def topic_for_finding(finding_id: str) -> HelpTopic:
    """The finding's topic; the overview for an empty or unknown id."""
    return topic(finding_topic_id(finding_id)) or help_topics()[0]
