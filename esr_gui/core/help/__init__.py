"""Offline help: the guide's steps and every finding's explanation, in our own words.

Pure (no Qt): topics are data (`topics`), built from the finding records and the guide
(`guide`, `index`), and rendered to escaped HTML with `help:` links (`render`).
"""

from esr_gui.core.help.guide import GUIDE_URL
from esr_gui.core.help.index import help_topics, topic, topic_for_finding
from esr_gui.core.help.render import HELP_SCHEME, help_url, topic_html
from esr_gui.core.help.topics import (
    OVERVIEW_ID,
    HelpTopic,
    Section,
    finding_topic_id,
    search,
)

__all__ = [
    "GUIDE_URL",
    "HELP_SCHEME",
    "OVERVIEW_ID",
    "HelpTopic",
    "Section",
    "finding_topic_id",
    "help_topics",
    "help_url",
    "search",
    "topic",
    "topic_for_finding",
    "topic_html",
]
