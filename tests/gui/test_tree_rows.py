"""The tree models' nodes know their row under their parent, also after siblings move; a tree
a model replaces is freed at once."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Callable
from typing import Any

from esr_gui.core.models.findings import Evidence, Finding
from esr_gui.gui.device_facts import FieldRow
from esr_gui.gui.models.base import TreeNode, unlink_tree
from esr_gui.gui.models.checklist_model import ChecklistModel
from esr_gui.gui.models.field_tree_model import FieldTreeModel

EVIDENCE = Evidence(source="registry", field="CurrentBuild", value="19045")


def _tree(count: int) -> tuple[TreeNode, list[TreeNode]]:
    root = TreeNode()
    root.children = [TreeNode(root) for _ in range(count)]
    return root, list(root.children)


def test_each_child_reports_its_own_row() -> None:
    root, children = _tree(50)
    assert [child.row() for child in children] == list(range(50))
    assert root.row() == 0  # no parent


def test_the_row_follows_the_siblings_when_they_change() -> None:
    root, children = _tree(5)
    assert children[3].row() == 3
    root.children.reverse()
    assert [child.row() for child in children] == [4, 3, 2, 1, 0]
    del root.children[0]  # the last one of before
    assert children[3].row() == 0 and children[0].row() == 3


def _freed_on_replace(build: Callable[[], TreeNode], replace: Callable[[], None]) -> bool:
    """Whether the nodes of the tree `build` returns are freed by `replace`, the cyclic
    collector being off (as it is for what start-up and big captures moved out of its reach)."""
    root = build()
    watched = [weakref.ref(node) for node in _all_nodes(root)]
    del root
    gc.disable()
    try:
        replace()
        return all(ref() is None for ref in watched)
    finally:
        gc.enable()


def _all_nodes(root: TreeNode) -> list[TreeNode]:
    nodes, stack = [], [root]
    while stack:
        node = stack.pop()
        nodes.append(node)
        stack.extend(node.children)
    return nodes


def test_unlinked_trees_are_freed_by_reference_counting() -> None:
    kept: list[TreeNode] = []

    def build() -> TreeNode:
        root, _children = _tree(3)
        root.children[0].children = [TreeNode(root.children[0])]
        kept.append(root)
        return root

    assert _freed_on_replace(build, lambda: unlink_tree(kept.pop()))
    assert not _freed_on_replace(build, kept.pop)  # left whole, the cycles keep it


def test_a_replaced_checklist_tree_is_freed_at_once(qapp: Any) -> None:
    model = ChecklistModel()
    findings = [
        Finding(id="prereq.os-build", status="pass", title="Build", evidence=[EVIDENCE]),
        Finding(id="sync.policy-allows", status="fail", title="Policy"),
    ]

    def build() -> TreeNode:
        model.set_findings(findings, set())
        return model._root

    assert _freed_on_replace(build, lambda: model.set_findings(findings, set()))


def test_a_replaced_field_tree_is_freed_at_once(qapp: Any) -> None:
    model = FieldTreeModel()
    rows = [FieldRow("group", children=[FieldRow("a", "1", "should be YES", "fail")])]

    def build() -> TreeNode:
        model.set_rows(rows)
        return model._root

    assert _freed_on_replace(build, lambda: model.set_rows(rows))
