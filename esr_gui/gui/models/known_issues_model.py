"""The guide's known issues: does each apply to this device, why, and the KB to read.

The rows are the finding records of the "known-issues" area, in the registry's order: their
titles, KBs and fix words come from the records, never from a list kept here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Qt

from esr_gui.core.diagnose.record import FindingRecord
from esr_gui.core.diagnose.rules import RECORDS
from esr_gui.core.models.findings import Finding
from esr_gui.gui import status as st
from esr_gui.gui.evidence_text import evidence_line
from esr_gui.gui.models.base import Index, RowTable

COLUMNS = ("Known issue", "Applies?", "Why (evidence)", "Fix / KB")
FINDING_ID_ROLE = Qt.ItemDataRole.UserRole + 40
URL_ROLE = Qt.ItemDataRole.UserRole + 41
NOT_REPORTED = "Diagnosis did not report this issue."

KNOWN_ISSUES: tuple[FindingRecord, ...] = tuple(r for r in RECORDS if r.area == "known-issues")


@dataclass(frozen=True)
class IssueDetail:
    """What the detail view shows of one known issue, field by field (`reported`: diagnosis
    reported the issue; when not, `why` says so and there is no evidence)."""

    finding_id: str
    title: str
    applies: str
    why: str
    evidence: tuple[str, ...]
    fix: str
    url: str | None
    reported: bool = True


class KnownIssuesModel(RowTable[FindingRecord]):
    """One row per known issue, always; the status comes from the ki.* findings."""

    COLUMNS = COLUMNS

    def __init__(
        self, parent: QObject | None = None, records: tuple[FindingRecord, ...] = RECORDS
    ) -> None:
        super().__init__(parent)
        self._rows = [r for r in records if r.area == "known-issues"]
        self._findings: dict[str, Finding] = {}

    def set_findings(self, findings: list[Finding] | tuple[Finding, ...]) -> None:
        """Take the statuses and evidence from the findings."""
        self.beginResetModel()
        ids = {issue.id for issue in self._rows}
        self._findings = {f.id: f for f in findings if f.id in ids}
        self.endResetModel()

    def status_of(self, row: int) -> str:
        """The status shown for a row (Unknown when diagnosis did not report the issue)."""
        found = self._findings.get(self._rows[row].id)
        return found.status if found else "unknown"

    def detail(self, row: int) -> IssueDetail:
        """The row's title, verdict word, explanation, evidence lines, fix and KB link."""
        issue = self._rows[row]
        finding = self._findings.get(issue.id)
        return IssueDetail(
            finding_id=issue.id,
            title=issue.name,
            applies=_applies_word(self.status_of(row)),
            why=finding.explanation if finding else NOT_REPORTED,
            evidence=tuple(evidence_line(e) for e in finding.evidence) if finding else (),
            fix=issue.fix_label,
            url=issue.link,
            reported=finding is not None,
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell text, status icons, the finding id and the KB link."""
        issue = self.row_at(index)
        if issue is None:
            return None
        if role == FINDING_ID_ROLE:
            return issue.id
        if role == URL_ROLE:
            return issue.link
        if role == Qt.ItemDataRole.DecorationRole and index.column() == 1:
            return st.icon(self.status_of(index.row()))
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return _text(self.detail(index.row()), index.column(), role)
        return None


def _text(detail: IssueDetail, column: int, role: int) -> str:
    if column == 0:
        return detail.title
    if column == 1:
        return detail.applies
    if column == 3:
        return detail.fix
    if role == Qt.ItemDataRole.DisplayRole and detail.reported:
        return first_sentence(detail.why) or (detail.evidence[0] if detail.evidence else "")
    return "\n".join([detail.why, *detail.evidence]).strip()


def first_sentence(text: str) -> str:
    """The first sentence of an explanation (what the table shows; the rest is in the tooltip)."""
    head, dot, _ = text.strip().partition(". ")
    return head + ("." if dot else "")


def _applies_word(status: str) -> str:
    return {
        "fail": "Applies (fail)",
        "warn": "Applies (warning)",  # the column asks "Applies?"; the checklist lists it too
        "pass": "Fixed here",  # a known issue passes only when the build has its fix
        "not-applicable": "Does not apply",
        "unknown": "Unknown",
        "manual": "Check by hand",
        "info": "Info",
    }.get(status, st.word(status))
