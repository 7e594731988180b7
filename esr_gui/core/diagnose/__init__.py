"""Diagnosis: one small rule per finding id of contracts/findings.md, and one headline.

`run_diagnosis(snapshot)` returns every finding (in the contract's order) and the single most
likely cause; `diagnose(snapshot)` is the findings alone. Pure: no Qt, no OS access.
"""

from esr_gui.core.diagnose.base import Rule
from esr_gui.core.diagnose.engine import Diagnosis, diagnose, run_diagnosis, run_rule
from esr_gui.core.diagnose.headline import RANKING, Headline, choose_headline
from esr_gui.core.diagnose.record import FindingRecord, Rank
from esr_gui.core.diagnose.rules import FINDING_IDS, RULE_AREA, RULES, finding_record

__all__ = [
    "FINDING_IDS",
    "RANKING",
    "RULES",
    "RULE_AREA",
    "Diagnosis",
    "FindingRecord",
    "Headline",
    "Rank",
    "Rule",
    "choose_headline",
    "diagnose",
    "finding_record",
    "run_diagnosis",
    "run_rule",
]
