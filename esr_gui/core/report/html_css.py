"""The report's only style sheet, inlined in the page, and the page's Content-Security-Policy.

The policy is the second wall behind escaping: even if markup from a bundle ever reached the
page, a browser would run no script, load nothing (no image, font, frame or style sheet from
anywhere, `file:` included), submit no form, and apply no style but this sheet. The sheet is
allowed by its SHA-256 hash rather than `'unsafe-inline'`, so an injected `<style>` or `style=`
attribute (which could hide or fake a verdict) is ignored too. Everything the page needs is
inline text, so nothing else is allowed; a future image would need `img-src data:` added here.
"""

from __future__ import annotations

import base64
import hashlib

CSS = """
:root { --fail: #b00020; --warn: #8a5a00; --pass: #1b6e20; --muted: #5f6368; --line: #d0d4d9; }
* { box-sizing: border-box; }
body { font-family: "Segoe UI", system-ui, sans-serif; font-size: 14px; line-height: 1.45;
       color: #1f2328; margin: 0 auto; padding: 24px; max-width: 1100px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 2px solid var(--line);
     padding-bottom: 4px; }
h3 { font-size: 15px; margin: 0 0 4px; }
p { margin: 4px 0; }
.muted, .meta { color: var(--muted); }
.banner { border: 1px solid var(--line); border-left: 6px solid var(--muted); padding: 12px 16px;
          margin: 16px 0; background: #f6f8fa; }
.banner.fail { border-left-color: var(--fail); }
.banner.warn { border-left-color: var(--warn); }
.banner.pass { border-left-color: var(--pass); }
.banner .headline { font-size: 17px; font-weight: 600; }
.redacted { border: 1px dashed var(--muted); padding: 6px 10px; margin: 8px 0; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 10px; }
th, td { text-align: left; vertical-align: top; padding: 4px 8px;
         border-bottom: 1px solid var(--line); overflow-wrap: anywhere; }
th[scope=row] { width: 28%; font-weight: 600; }
thead th { background: #f6f8fa; }
code, .mono { font-family: Consolas, "Cascadia Mono", monospace; font-size: 12.5px; }
.badge { display: inline-block; min-width: 92px; font-weight: 700; font-size: 12px;
         padding: 1px 6px; border: 1px solid currentColor; border-radius: 3px; }
.s-fail { color: var(--fail); } .s-warn { color: var(--warn); } .s-pass { color: var(--pass); }
.s-unknown, .s-manual, .s-info, .s-not-applicable, .s-confirmed { color: var(--muted); }
.finding { border: 1px solid var(--line); border-radius: 4px; padding: 10px 12px; margin: 8px 0; }
.finding.fail { border-left: 6px solid var(--fail); }
.finding.warn { border-left: 6px solid var(--warn); }
.finding h4 { margin: 0; }
.finding .id { color: var(--muted); font-size: 12px; }
ul.compact { margin: 4px 0; padding-left: 20px; }
pre.excerpt { white-space: pre-wrap; overflow-wrap: anywhere; margin: 2px 0;
              font-size: 12px; max-height: 12em; overflow: auto; }
footer { margin-top: 32px; font-size: 12px; color: var(--muted); }
@media print {
  body { font-size: 10.5pt; padding: 0; max-width: none; }
  h2 { break-after: avoid; }
  .finding, tr, .banner { break-inside: avoid; }
  .banner { background: none; }
  pre.excerpt { max-height: none; overflow: visible; }
  a[href^="https:"]::after { content: " (" attr(href) ")"; font-size: 9pt; color: var(--muted); }
}
"""


def style_hash(css: str) -> str:
    """The CSP source that allows exactly the `<style>` element holding `css`."""
    digest = hashlib.sha256(css.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


# `default-src 'none'` covers scripts, images, fonts, frames, connections, media and workers;
# base-uri and form-action are not covered by it, so they are closed on their own.
CSP = f"default-src 'none'; style-src {style_hash(CSS)}; base-uri 'none'; form-action 'none'"
