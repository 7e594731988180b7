"""compare_findings: before/after of the findings a remedy targets (pure)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from esr_gui.core.models.findings import Finding
from esr_gui.core.remedy import compare_findings
from esr_gui.core.remedy.compare import classify

STATUSES = ["pass", "fail", "warn", "info", "manual", "unknown", "not-applicable"]


def finding(fid: str, status: str, title: str = "") -> Finding:
    return Finding.model_validate({"id": fid, "status": status, "title": title or fid})


@pytest.mark.parametrize(
    ("before", "after", "change"),
    [
        ("fail", "pass", "fixed"),
        ("warn", "not-applicable", "fixed"),
        ("fail", "info", "fixed"),
        ("fail", "warn", "improved"),
        ("unknown", "pass", "improved"),
        ("pass", "pass", "unchanged"),
        ("pass", "fail", "worse"),
        ("warn", "unknown", "unclear"),
        ("pass", "manual", "unclear"),
        ("unknown", "fail", "worse"),
        (None, "pass", "missing"),
        ("not-applicable", "pass", "different"),
        ("pass", "info", "different"),
        ("fail", None, "missing"),
    ],
)
def test_classify(before: str | None, after: str | None, change: str) -> None:
    assert classify(before, after) == change  # type: ignore[arg-type]


def test_compare_keeps_the_order_of_ids_and_each_once() -> None:
    before = [finding("reg.status", "fail"), finding("ki.mixed-case-upn", "warn", "Mixed case")]
    after = [finding("reg.status", "pass"), finding("ki.mixed-case-upn", "warn", "Mixed case")]
    changes = compare_findings(
        before, after, ["ki.mixed-case-upn", "reg.status", "reg.status", "x"]
    )
    assert [(c.id, c.before, c.after, c.change) for c in changes] == [
        ("ki.mixed-case-upn", "warn", "warn", "unchanged"),
        ("reg.status", "fail", "pass", "fixed"),
        ("x", None, None, "missing"),
    ]
    assert changes[0].title == "Mixed case"


def test_compare_ignores_findings_not_asked_for() -> None:
    assert compare_findings([finding("a", "fail")], [finding("a", "pass")], []) == []


@given(st.sampled_from(STATUSES), st.sampled_from(STATUSES))
def test_classify_is_consistent(before: str, after: str) -> None:
    change = classify(before, after)  # type: ignore[arg-type]
    assert change != "missing"
    assert (change == "unchanged") == (before == after)
    if change in ("fixed", "improved"):
        assert classify(after, before) in ("worse", "unclear")  # type: ignore[arg-type]
