"""Offline help (core.help): a topic per finding, built from its record, escaped, in our words."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from esr_gui.core.diagnose.rules import FINDING_IDS, FINDING_RECORDS
from esr_gui.core.help import (
    OVERVIEW_ID,
    finding_topic_id,
    help_topics,
    search,
    topic,
    topic_for_finding,
    topic_html,
)
from esr_gui.core.help.topics import finding_topic

GUIDE = Path("/work/shared/reference/esr-troubleshooting-guide.md")


def test_every_finding_id_has_its_records_topic() -> None:
    for finding_id in FINDING_IDS:
        record = FINDING_RECORDS[finding_id]
        found = topic(finding_topic_id(finding_id))
        assert found is not None, finding_id
        assert found.title == record.name
        text = found.text()
        assert record.meaning in text and record.why in text and record.todo in text
        assert topic_for_finding(finding_id) is found


def test_an_unknown_or_empty_finding_opens_the_overview() -> None:
    assert topic_for_finding("").id == OVERVIEW_ID
    assert topic_for_finding("no.such-finding").id == OVERVIEW_ID


def test_topic_ids_are_unique_and_every_see_also_link_resolves() -> None:
    ids = [t.id for t in help_topics()]
    assert len(ids) == len(set(ids))
    for item in help_topics():
        for related in item.related:
            assert topic(related) is not None, (item.id, related)
        page = topic_html(item)
        for href in re.findall(r'href="help:([^"]+)"', page):
            assert topic(href) is not None, (item.id, href)


def test_record_text_is_escaped_and_no_page_has_a_script() -> None:
    record = replace(
        FINDING_RECORDS["prereq.os-build"],
        name="<script>alert(1)</script>",
        meaning='a <b>bold</b> "claim" & more',
        docs="`<img src=x onerror=alert(1)>`",
    )
    page = topic_html(finding_topic(record))
    assert "<script" not in page and "<img" not in page and "<b>bold" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;bold&lt;/b&gt; &quot;claim&quot; &amp; more" in page
    assert "<code>&lt;img src=x onerror=alert(1)&gt;</code>" in page
    for item in help_topics():
        assert "<script" not in topic_html(item).casefold()


def test_web_links_come_last_under_online_and_are_https() -> None:
    page = topic_html(topic_for_finding("ki.event-1098-token-broker"))
    online = page.index("Online (needs a browser)")
    assert page.index("https://support.microsoft.com/kb/3196528") > online
    assert page.index("What to do") < online
    for item in help_topics():
        for href in re.findall(r'href="([^"]+)"', topic_html(item)):
            assert href.startswith(("help:", "https://")), (item.id, href)


def test_search_finds_codes_and_words_and_empty_shows_all() -> None:
    assert search(help_topics(), "") == help_topics()
    hits = [t.id for t in search(help_topics(), "0xCAA5001C")]
    assert finding_topic_id("ki.event-1098-token-broker") in hits
    smart = search(help_topics(), "SMART card")
    assert smart[0].id == finding_topic_id("ki.smart-card-sign-in")  # title match first
    assert search(help_topics(), "no-such-word-anywhere") == ()


def test_the_guide_topics_are_in_our_words() -> None:
    """No run of eight words of the guide is copied into a guide topic (the guide is a
    reference copy outside the repository: skipped where it is absent)."""
    if not GUIDE.is_file():
        pytest.skip(f"the reference guide is not at {GUIDE}")
    words = re.findall(r"[a-z0-9']+", GUIDE.read_text(encoding="utf-8").casefold())
    runs = {" ".join(words[i : i + 8]) for i in range(len(words) - 7)}
    for item in help_topics():
        if item.id.startswith(finding_topic_id("")):
            continue
        for part in item.text().split("\n"):  # each heading, paragraph and step
            mine = re.findall(r"[a-z0-9']+", part.casefold())
            copied = [" ".join(mine[i : i + 8]) for i in range(len(mine) - 7)]
            assert not [run for run in copied if run in runs], (item.id, part)
