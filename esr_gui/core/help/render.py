"""Help topics as simple HTML for a QTextBrowser: everything escaped, no scripts.

Links to other topics are `help:<topic id>`; links to web pages are listed last, under
"Online (needs a browser)", so the offline text never depends on them.
"""

from __future__ import annotations

import html
import re

from esr_gui.core.help.index import topic
from esr_gui.core.help.topics import HelpTopic, Section

HELP_SCHEME = "help"
_CODE = re.compile(r"`([^`]+)`")


def inline(text: str) -> str:
    """Escape `text`; `back-quoted` spans (from the records' docs rows) become <code>."""
    return _CODE.sub(r"<code>\1</code>", html.escape(text))


def help_url(topic_id: str) -> str:
    """The internal link to a topic."""
    return f"{HELP_SCHEME}:{topic_id}"


def _section(section: Section) -> str:
    out = [f"<h3>{html.escape(section.heading)}</h3>"]
    out += [f"<p>{inline(p)}</p>" for p in section.paragraphs]
    if section.items:
        tag = "ol" if section.ordered else "ul"
        items = "".join(f"<li>{inline(i)}</li>" for i in section.items)
        out.append(f"<{tag}>{items}</{tag}>")
    return "".join(out)


def _related(ids: tuple[str, ...]) -> str:
    links = []
    for topic_id in ids:
        found = topic(topic_id)
        if found is not None:
            href = html.escape(help_url(topic_id), quote=True)
            links.append(f'<li><a href="{href}">{html.escape(found.title)}</a></li>')
    return f"<h3>See also</h3><ul>{''.join(links)}</ul>" if links else ""


def _external(links: tuple[tuple[str, str], ...]) -> str:
    if not links:
        return ""
    items = "".join(
        f'<li><a href="{html.escape(url, quote=True)}">{html.escape(label)}</a></li>'
        for label, url in links
        if url.startswith("https://")
    )
    return f'<h4>Online (needs a browser)</h4><ul style="font-size:small">{items}</ul>'


def topic_html(item: HelpTopic) -> str:
    """The page of one topic."""
    return (
        f"<h2>{html.escape(item.title)}</h2>"
        f"<p><i>{html.escape(item.group)}</i> — {inline(item.summary)}</p>"
        + "".join(_section(s) for s in item.sections)
        + _related(item.related)
        + _external(item.external)
    )
