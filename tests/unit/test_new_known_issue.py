"""Adding a known issue is one record beside its rule, plus its line in the registry.

This builds a new known issue the way a newcomer would (a rule, its status texts and its
record) and shows that every derived surface picks it up from the record alone: the rules,
the headline ranking (at the place its `order` gives), docs/findings.md and the known-issues
tab (tests/gui/test_known_issues_records.py). Nothing else is edited.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from esr_gui.core.diagnose import Rule, run_diagnosis
from esr_gui.core.diagnose.base import Verdict, say
from esr_gui.core.diagnose.context import DiagContext
from esr_gui.core.diagnose.headline import choose_headline
from esr_gui.core.diagnose.record import FindingRecord, Rank
from esr_gui.core.diagnose.rules import RECORDS, ranking
from esr_gui.core.models.findings import Finding
from esr_gui.core.models.snapshot import Snapshot, SourceInfo

ROOT = Path(__file__).resolve().parents[2]
NEW_ID = "ki.example-new"
APPLIES = Verdict("warn", "Example known issue applies", "The example always applies.")


def check_example(ctx: DiagContext) -> Finding:
    """ki.example-new: always applies (a stand-in predicate)."""
    del ctx
    return say(NEW_ID, APPLIES)


EXAMPLE_RECORD = FindingRecord(
    id=NEW_ID,
    area="known-issues",
    name="Example: a new known issue",
    guide="Known issue: an example",
    meaning="What the example means.",
    why="Why the example matters.",
    todo="What to do about the example.",
    check=check_example,
    docs="always, in this test",
    kb="KB1234567",
    ranks=(Rank(185, ("warn",), "between the smart-card row and the MFA rows: a test"),),
)
RECORDS_PLUS = (*RECORDS, EXAMPLE_RECORD)


def _doc_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_doc", ROOT / "scripts/gen_findings_doc.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_rule_and_the_ranking_come_from_the_record() -> None:
    rules = tuple(Rule(r.id, r.area, r.check) for r in RECORDS_PLUS)
    findings = run_diagnosis(Snapshot(source=SourceInfo(kind="pasted")), rules).findings
    assert findings[-1].id == NEW_ID and findings[-1].status == "warn"
    table = ranking(RECORDS_PLUS)
    ids = [(r.finding_id, r.statuses) for r in table]
    at = ids.index((NEW_ID, ("warn",)))
    assert ids[at - 1] == ("ki.smart-card-sign-in", ("warn",))
    assert ids[at + 1] == ("mfa.password-sign-in", ("warn",))
    mfa = Finding(id="mfa.password-sign-in", status="warn", title="mfa")
    assert choose_headline([mfa, findings[-1]], table).finding_id == NEW_ID


def test_the_doc_comes_from_the_record() -> None:
    text = _doc_script().render(RECORDS_PLUS)
    known = text[text.index("## Known issues") : text.index("## The headline")]
    assert f"| `{NEW_ID}` | always, in this test |" in known
    assert f"| `{NEW_ID}` | `warn` | between the smart-card row" in text
