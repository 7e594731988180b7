"""The checklist: findings grouped as the guide groups them, evidence as child rows.

Column 0 is the check, column 1 its status (icon + word). Manual findings are checkable in
column 1: the tick means "a technician confirmed it" and is kept by the session.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, Qt, Signal

from esr_gui.core.models.findings import Evidence, Finding
from esr_gui.gui import status as st
from esr_gui.gui.evidence_text import evidence_line
from esr_gui.gui.models.base import Index, NodeTree, TreeNode, unlink_tree

FINDING_ID_ROLE = Qt.ItemDataRole.UserRole + 1
STATUS_ROLE = Qt.ItemDataRole.UserRole + 2


@dataclass(eq=False)
class _Node(TreeNode):
    kind: str = "root"
    group: st.Group | None = None
    finding: Finding | None = None
    evidence: Evidence | None = None


class ChecklistModel(NodeTree[_Node]):
    """Groups → findings → evidence. `confirmed_changed(id, bool)` when a tick changes."""

    confirmed_changed = Signal(str, bool)
    HEADERS = ("Check", "Status")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(_Node(), parent)
        self._confirmed: set[str] = set()

    def set_findings(
        self, findings: list[Finding] | tuple[Finding, ...], confirmed: set[str]
    ) -> None:
        """Replace everything shown."""
        self.beginResetModel()
        self._confirmed = set(confirmed)
        old, self._root = self._root, _Node()
        for group in st.GROUPS:
            members = [f for f in findings if f.id.startswith(group.prefix)]
            if group.key == "ki":
                members = [f for f in members if f.status in ("fail", "warn")]
            if not members:
                continue
            node = _Node(self._root, kind="group", group=group)
            node.children = [self._finding_node(f, node) for f in members]
            self._root.children.append(node)
        self.endResetModel()
        unlink_tree(old)

    def _finding_node(self, finding: Finding, parent: _Node) -> _Node:
        node = _Node(parent, kind="finding", finding=finding)
        node.children = [_Node(node, kind="evidence", evidence=e) for e in finding.evidence]
        return node

    def effective_status(self, finding: Finding) -> str:
        """`confirmed` for a ticked manual finding, else the finding's status."""
        if finding.status == "manual" and finding.id in self._confirmed:
            return "confirmed"
        return finding.status

    def finding_at(self, index: Index) -> Finding | None:
        """The finding of a finding row or of one of its evidence rows."""
        node = self._node(index)
        while node is not None and node.kind == "evidence":
            node = node.parent
        return node.finding if node is not None else None

    def index_of(self, finding_id: str) -> QModelIndex:
        """The index (column 0) of a finding's row, or an invalid index."""
        for g_row, group in enumerate(self._root.children):
            for f_row, node in enumerate(group.children):
                if node.finding is not None and node.finding.id == finding_id:
                    return self.index(f_row, 0, self.index(g_row, 0))
        return QModelIndex()

    # --- QAbstractItemModel -------------------------------------------------------------
    def flags(self, index: Index) -> Qt.ItemFlag:
        """Selectable; manual findings' status cells are checkable."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        node = self._node(index)
        if node and node.finding and node.finding.status == "manual" and index.column() == 1:
            base |= Qt.ItemFlag.ItemIsUserCheckable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Text, icon, tooltip, check state and our roles."""
        node = self._node(index)
        if node is None:
            return None
        if node.kind == "group" and node.group is not None:
            return self._group_data(node, index.column(), role)
        if node.kind == "finding" and node.finding is not None:
            return self._finding_data(node.finding, index.column(), role)
        shown = role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)
        if node.evidence is not None and index.column() == 0 and shown:
            return evidence_line(node.evidence)
        return None

    def _group_data(self, node: _Node, column: int, role: int) -> Any:
        group = node.group
        assert group is not None
        if role == Qt.ItemDataRole.DisplayRole:
            return group.title if column == 0 else self._group_summary(node)
        if role == Qt.ItemDataRole.ToolTipRole:
            return group.description
        if role == Qt.ItemDataRole.FontRole:
            from PySide6.QtGui import QFont  # noqa: PLC0415

            font = QFont()
            font.setBold(True)
            return font
        return None

    def _group_summary(self, node: _Node) -> str:
        found = [c.finding for c in node.children if c.finding]
        statuses = [self.effective_status(f) for f in found]
        # An unread dsregcmd /status (input.dsregcmd unknown) needs looking at too.
        bad = sum(
            1
            for f, s in zip(found, statuses, strict=True)
            if s in ("fail", "warn") or (f.id.startswith("input.") and s == "unknown")
        )
        if bad:
            return f"{bad} to look at"
        return "1 check" if len(statuses) == 1 else f"{len(statuses)} checks"

    def _finding_data(self, finding: Finding, column: int, role: int) -> Any:
        shown = self.effective_status(finding)
        if role == FINDING_ID_ROLE:
            return finding.id
        if role == STATUS_ROLE:
            return shown
        if role == Qt.ItemDataRole.DisplayRole:
            return finding.title if column == 0 else st.word(shown)
        if role == Qt.ItemDataRole.DecorationRole and column == 1:
            return st.icon(shown)
        if role == Qt.ItemDataRole.ToolTipRole:
            hint = f"{st.word(shown)}: {st.STATUS_HINTS.get(shown, '')}"
            return f"{finding.title}\n{hint}\n{finding.id}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{finding.title}: {st.word(shown)}"
        if role == Qt.ItemDataRole.CheckStateRole and column == 1 and finding.status == "manual":
            ticked = finding.id in self._confirmed
            return Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        """Tick or untick a manual finding."""
        node = self._node(index)
        if role != Qt.ItemDataRole.CheckStateRole or node is None or node.finding is None:
            return False
        if node.finding.status != "manual":
            return False
        return self.set_confirmed(node.finding.id, _is_checked(value))

    def set_confirmed(self, finding_id: str, confirmed: bool) -> bool:
        """Set the tick of a manual finding; emits dataChanged and confirmed_changed."""
        index = self.index_of(finding_id)
        if not index.isValid() or (finding_id in self._confirmed) == confirmed:
            return index.isValid()
        if confirmed:
            self._confirmed.add(finding_id)
        else:
            self._confirmed.discard(finding_id)
        last = self.index(index.row(), 1, index.parent())
        self.dataChanged.emit(index, last)
        group = index.parent()
        self.dataChanged.emit(self.index(group.row(), 1), self.index(group.row(), 1))
        self.confirmed_changed.emit(finding_id, confirmed)
        return True


def _is_checked(value: Any) -> bool:
    if isinstance(value, Qt.CheckState):
        return value == Qt.CheckState.Checked
    return bool(value == Qt.CheckState.Checked.value or value is True)
