"""The report's Content-Security-Policy: the second wall behind escaping.

`policy_violations` reads a page the way a browser applies the policy and lists everything the
page has that the policy would block or that would load or run something. Every demo's report
(plain and redacted, and the hostile bundle's) must have none, and each way of adding a script,
an external load, a handler or a stray style is caught.
"""

from __future__ import annotations

import base64
import hashlib
import re
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest

from esr_gui.core.report.html import render_bundle_report
from esr_gui.core.report.html_css import CSP, CSS
from tests.unit.fleet_support import DEMOS
from tests.unit.test_report_html_hostile import hostile_bundle

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
LOADING_ATTRS = {"src", "srcset", "data", "action", "formaction", "background", "poster", "ping"}
RESOURCE_TAGS = {"script", "link", "img", "iframe", "frame", "object", "embed", "form",
                 "base", "audio", "video", "source", "track", "svg", "math", "picture",
                 "portal"}  # fmt: skip


class _Scan(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.policies: list[str] = []
        self.styles: list[str] = []
        self._in_style = False
        self._seen_body_or_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag in RESOURCE_TAGS:
            self.problems.append(f"<{tag}> element")
        if tag == "meta" and values.get("http-equiv", "").lower() == "content-security-policy":
            if self._seen_body_or_style:
                self.problems.append("the policy comes after content it should cover")
            self.policies.append(values.get("content", ""))
        elif tag == "meta" and "http-equiv" in values:
            self.problems.append(f"meta http-equiv={values['http-equiv']}")
        for name, value in values.items():
            if name.startswith("on"):
                self.problems.append(f"{name}= handler on <{tag}>")
            if name in LOADING_ATTRS or (name == "href" and tag != "a"):
                self.problems.append(f"{name}= on <{tag}>")
            if name == "style":
                self.problems.append(f"style= attribute on <{tag}> (blocked by the policy)")
            if name == "href" and not re.match(r"^(#|https://)", value):
                self.problems.append(f"link to {value[:40]!r}")
        if tag in ("style", "body"):
            self._seen_body_or_style = True
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append(data)


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def _policy_problems(policy: str, styles: list[str]) -> list[str]:
    directives = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.split()}
    problems = []
    if directives.get("default-src") != ["'none'"]:
        problems.append(f"default-src is {directives.get('default-src')}")
    for name in ("base-uri", "form-action"):
        if directives.get(name) != ["'none'"]:
            problems.append(f"{name} is not 'none'")
    for name, sources in directives.items():
        if name not in ("default-src", "style-src", "base-uri", "form-action"):
            problems.append(f"{name} opens {sources}")
    allowed = directives.get("style-src", [])
    problems += [f"style-src allows {s}" for s in allowed if not s.startswith("'sha256-")]
    for css in styles:
        if _sha256(css) not in allowed:
            problems.append("a <style> element the policy does not allow (hash mismatch)")
        if re.search(r"url\(|@import|@font-face|image-set\(", css, re.IGNORECASE):
            problems.append("the style sheet loads something")
    return problems


def policy_violations(page: str) -> list[str]:
    """Everything in `page` that loads, runs, or is blocked by its own policy."""
    scan = _Scan()
    scan.feed(page)
    scan.close()
    if len(scan.policies) != 1:
        return [*scan.problems, f"{len(scan.policies)} Content-Security-Policy meta tags"]
    return scan.problems + _policy_problems(scan.policies[0], scan.styles)


@pytest.mark.parametrize("demo", DEMOS, ids=[d.name for d in DEMOS])
@pytest.mark.parametrize("redact", [False, True], ids=["plain", "redacted"])
def test_every_demo_report_needs_nothing_the_policy_forbids(demo: Path, redact: bool) -> None:
    page = render_bundle_report(demo, redact=redact, generated=NOW)
    assert policy_violations(page) == []
    assert f'content="{CSP}"' in page


def test_the_hostile_bundle_report_needs_nothing_the_policy_forbids(tmp_path: Path) -> None:
    page = render_bundle_report(hostile_bundle(tmp_path), generated=NOW)
    assert policy_violations(page) == []


def test_the_policy_allows_exactly_the_one_style_sheet() -> None:
    assert CSP.startswith("default-src 'none'; ")
    assert f"style-src {_sha256(CSS)};" in CSP
    assert "unsafe" not in CSP and "http" not in CSP and "data:" not in CSP


ADDED = {
    "script": ("</body>", "<script>alert(1)</script></body>"),
    "external image": ("</body>", "<img src='https://evil.example/x.png'></body>"),
    "data image": ("</body>", "<img src='data:image/png;base64,AAAA'></body>"),
    "style sheet link": ("</title>", "</title><link rel='stylesheet' href='https://x.example'>"),
    "handler": ("<body>", "<body onload='alert(1)'>"),
    "style attribute": ("<h1>", "<h1 style='display:none'>"),
    "second style": ("</body>", "<style>h1{display:none}</style></body>"),
    "style sheet edited": ("h1 {", "h1 { color: red; "),
    "css import": ("<style>", "<style>@import 'https://x.example/a.css';"),
    "css url": ("h1 {", "h1 { background: url(https://x.example/a.png); "),
    "iframe": ("</body>", "<iframe src='about:blank'></iframe></body>"),
    "javascript link": ("</body>", "<a href='javascript:alert(1)'>x</a></body>"),
    "refresh": ("</title>", "</title><meta http-equiv='refresh' content='0;url=https://x'>"),
    "policy loosened": ("default-src 'none'", "default-src *"),
    "script source": ("base-uri", "script-src 'unsafe-inline'; base-uri"),
    "policy removed": ('http-equiv="Content-Security-Policy"', 'name="x"'),
    "policy after content": ("<meta http-equiv", "<style></style><meta http-equiv"),
}


@pytest.mark.parametrize("kind", ADDED, ids=list(ADDED))
def test_adding_a_script_a_load_or_a_style_is_caught(kind: str) -> None:
    page = render_bundle_report(DEMOS[0], generated=NOW)
    old, new = ADDED[kind]
    assert old in page
    assert policy_violations(page.replace(old, new, 1)) != [], kind
