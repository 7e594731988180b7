"""The guide's ten known issues: does each apply to this device, why, and the KB to read."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Qt

from esr_gui.core.models.findings import Finding
from esr_gui.gui import knowledge
from esr_gui.gui import status as st
from esr_gui.gui.evidence_text import evidence_line
from esr_gui.gui.models.base import Index, RowTable

COLUMNS = ("Known issue", "Applies?", "Why (evidence)", "Fix / KB")
FINDING_ID_ROLE = Qt.ItemDataRole.UserRole + 40
URL_ROLE = Qt.ItemDataRole.UserRole + 41


@dataclass(frozen=True)
class KnownIssue:
    """One of the guide's known issues."""

    id: str
    title: str
    fix: str


KNOWN_ISSUES: tuple[KnownIssue, ...] = (
    KnownIssue("ki.mdm-sideload-1607", "Side-loaded (MDM) apps stop sync on 1607", "KB3176934"),
    KnownIssue(
        "ki.ie-favorites-1511", "Internet Explorer Favorites do not sync on 1511", "KB3172985"
    ),
    KnownIssue("ki.wip-no-sync", "Theme and WIP-protected data do not sync on 1607", "No fix"),
    KnownIssue(
        "ki.domain-date-time", "Date, Time and Region do not sync when domain-joined", "No fix"
    ),
    KnownIssue(
        "ki.uac-password-sync-1511", "UAC prompts when syncing passwords on 1511", "KB3140743"
    ),
    KnownIssue("ki.smart-card-sign-in", "Sync stops after a smart-card sign-in", "No fix"),
    KnownIssue("ki.domain-offsite", "Domain-joined device off the corporate network", "Reconnect"),
    KnownIssue("ki.mixed-case-upn", "Mixed-case UPN on an Azure AD joined device", "Rejoin"),
    KnownIssue(
        "ki.event-6065-account-disabled", "Event 6065: 80070533 account disabled", "KB3193791"
    ),
    KnownIssue(
        "ki.event-1098-token-broker", "Event 1098: 0xCAA5001C token broker failed", "KB3196528"
    ),
)


class KnownIssuesModel(RowTable[KnownIssue]):
    """Ten rows, always; the status comes from the ki.* findings (Unknown when not reported)."""

    COLUMNS = COLUMNS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows = list(KNOWN_ISSUES)
        self._findings: dict[str, Finding] = {}

    def set_findings(self, findings: list[Finding] | tuple[Finding, ...]) -> None:
        """Take the statuses and evidence from the findings."""
        self.beginResetModel()
        self._findings = {f.id: f for f in findings if f.id.startswith("ki.")}
        self.endResetModel()

    def status_of(self, row: int) -> str:
        """The status shown for a row."""
        found = self._findings.get(KNOWN_ISSUES[row].id)
        return found.status if found else "unknown"

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell text, status icons, the finding id and the KB link."""
        issue = self.row_at(index)
        if issue is None:
            return None
        finding = self._findings.get(issue.id)
        status = finding.status if finding else "unknown"
        if role == FINDING_ID_ROLE:
            return issue.id
        if role == URL_ROLE:
            return knowledge.kb_link(issue.fix) if issue.fix.startswith("KB") else None
        if role == Qt.ItemDataRole.DecorationRole and index.column() == 1:
            return st.icon(status)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(issue, finding, status, index.column(), role)
        return None

    def _text(
        self, issue: KnownIssue, finding: Finding | None, status: str, column: int, role: int
    ) -> str:
        if column == 0:
            return issue.title
        if column == 1:
            return _applies_word(status)
        if column == 3:
            return issue.fix
        if finding is None:
            return "Diagnosis did not report this issue."
        lines = [evidence_line(e) for e in finding.evidence]
        if role == Qt.ItemDataRole.DisplayRole:
            return first_sentence(finding.explanation) or (lines[0] if lines else finding.title)
        return "\n".join([finding.explanation, *lines]).strip()


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
