"""The tree models' nodes know their row under their parent, also after siblings move."""

from __future__ import annotations

from esr_gui.gui.models.base import TreeNode


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
