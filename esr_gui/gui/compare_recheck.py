"""The re-check after a fix as a comparison: the same model (and window) as File › Compare…,
built from the analyses before and after the run, plus the Fix panel's line that opens it."""

from __future__ import annotations

import html

from esr_gui.core.compare import Comparison, compare_snapshots
from esr_gui.core.diagnose import Diagnosis
from esr_gui.gui.pipeline import Analysis

COMPARE_LINK = "esr-compare:recheck"


def _diagnosis(analysis: Analysis) -> Diagnosis:
    return Diagnosis(findings=list(analysis.findings), headline=analysis.headline)


def recheck_comparison(before: Analysis, after: Analysis) -> Comparison:
    """Before the run against the re-check after it (no diagnosis runs again: both analyses
    carry theirs). Pure and quick (a few dictionaries), so it may run on the GUI thread."""
    labels = (f"before the fix: {before.source.label}", f"after the fix: {after.source.label}")
    diagnoses = (_diagnosis(before), _diagnosis(after))
    return compare_snapshots(before.snapshot, after.snapshot, labels, diagnoses)[0]


def recheck_line_html(comparison: Comparison) -> str:
    """What else changed, in one line, and the link that opens the whole comparison."""
    counts = (
        f"{len(comparison.verdicts)} verdict(s), {len(comparison.fields)} dsregcmd field(s) and "
        f"{len(comparison.registry)} registry value(s) changed in all."
    )
    if comparison.unchanged:
        counts = "Nothing else changed: no verdict, dsregcmd field or registry value."
    link = f'<a href="{COMPARE_LINK}">Open the full comparison</a>'
    return f"<p>{html.escape(counts)} {link}</p>"
