"""Faults of sharing a bundle: markup from a stranger's bundle in the HTML report (the page's
Content-Security-Policy is the wall behind escaping), and identifiers written in spellings a
plain search would miss when the bundle is redacted.
"""

from __future__ import annotations

import re
import zipfile

from esr_gui.core.bundle.reader import open_bundle
from esr_gui.core.redaction.freetext import REMOVED_NOTE
from esr_gui.core.redaction.tokens import WELL_KNOWN_GUIDS
from esr_gui.core.report.html_css import CSS, style_hash
from tests.faults.support import Fault, FaultEnv, Observed
from tests.unit import leak_scan
from tests.unit.redact_support import spelled_members, spelled_zip
from tests.unit.test_redact import snap, verdicts
from tests.unit.test_report_csp import policy_violations
from tests.unit.test_report_html_hostile import XSS, hostile_bundle

NAME = "PC-0408.esrbundle.zip"
_POLICY = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')


def hostile_report(env: FaultEnv) -> Observed:
    """esr-diag report over a bundle with markup in every field a person or device writes."""
    out = env.tmp / "report.html"
    run = env.cli("report", str(hostile_bundle(env.tmp)), "--out", str(out))
    page = out.read_text(encoding="utf-8")
    assert policy_violations(page) == []
    assert XSS.replace("<", "&lt;").replace(">", "&gt;") in page
    policy = _POLICY.search(page)
    assert policy is not None
    shown = policy.group(1).replace(style_hash(CSS), "'sha256-<hash of the style sheet>'")
    return Observed(shown, f"exit {run.code}; the markup shown as text, nothing run or loaded")


def every_spelling(env: FaultEnv) -> Observed:
    """esr-diag redact over the 1098 demo with its identifiers spelled every other way."""
    source = spelled_zip(env.tmp / NAME)
    out = env.tmp / "copy.zip"
    run = env.cli("redact", str(source), "--out", str(out))
    wanted = leak_scan.needles(leak_scan.identifiers(spelled_members(), WELL_KNOWN_GUIDS))
    assert leak_scan.leaks(leak_scan.zip_blobs(out), wanted) == []
    with zipfile.ZipFile(source) as archive:
        before = {name: archive.read(name) for name in archive.namelist()}
    with open_bundle(out) as copy:
        after = {name: copy.read(name) for name in copy.names()}
        assert copy.manifest.problem.users_affected == REMOVED_NOTE
    assert verdicts(snap(after)) == verdicts(snap(before))
    said = next(line for line in run.err.splitlines() if line.startswith("redaction: "))
    state = f"exit {run.code}; no spelling of any original identifier in any byte of the copy"
    return Observed(said, state + "; same verdicts")


ROWS: list[Fault] = [
    Fault("report-hostile-markup", "report",
          "`<script>`, `onerror=` and `<style>` markup in the manifest, notes, UPN, tenant name "
          "and an event message",
          "esr-diag report: the page's Content-Security-Policy (what a browser enforces)",
          "default-src 'none'; style-src 'sha256-<hash of the style sheet>'; base-uri 'none'; "
          "form-action 'none'",
          "exit 1; the markup shown as text, nothing run or loaded", hostile_report),
    Fault("redact-every-spelling", "redaction",
          "the 1098 demo's UPN, computer, tenant and device ids, thumbprint and SIDs also "
          "written `%40`, `\\u0040`, `&#64;`, `&#106;doe`, as dashless, braced and upper-case "
          "GUIDs, thumbprints in spaced and colon pairs, UTF-16 in REG_BINARY `hex:` (REGEDIT5 "
          "and REGEDIT4), a second profile folder, a member named `PC-0408-extra.txt`, a zip "
          "comment; `users_affected` naming people",
          "esr-diag redact (stderr summary); the copy's manifest",
          "redaction: replaced 1 computer, 1 device-id, 1 domain, 1 name, 1 sid, 1 tenant-id, "
          "1 tenant-name, 1 thumbprint, 1 upn, 2 user; free text removed from the manifest "
          "(users affected): it may name people",
          "exit 0; no spelling of any original identifier in any byte of the copy; same "
          "verdicts", every_spelling),
]  # fmt: skip
