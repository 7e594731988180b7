"""The known-issues tab and the header read the finding records and the core's one Headline."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from esr_gui.core.diagnose import Headline, run_diagnosis
from esr_gui.core.diagnose.rules import RECORDS
from esr_gui.core.models.findings import Evidence, Finding
from esr_gui.gui import pipeline
from esr_gui.gui.models.known_issues_model import KnownIssuesModel
from esr_gui.gui.pipeline import Source, analyse, load_source
from esr_gui.gui.views.known_issues_pane import KnownIssuesPane
from tests.unit.test_new_known_issue import RECORDS_PLUS

KNOWN = [r for r in RECORDS if r.area == "known-issues"]


def test_rows_titles_and_kbs_are_the_records() -> None:
    model = KnownIssuesModel()
    assert model.rowCount() == len(KNOWN)
    for row, record in enumerate(KNOWN):
        assert model.data(model.index(row, 0), Qt.ItemDataRole.DisplayRole) == record.name
        assert model.data(model.index(row, 3), Qt.ItemDataRole.DisplayRole) == record.fix_label
        assert model.data(model.index(row, 0), Qt.ItemDataRole.UserRole + 41) == record.link


def test_detail_keeps_a_multi_line_explanation_whole(qtbot: Any) -> None:
    """The detail is built from fields: a line break in the explanation is not evidence."""
    pane = KnownIssuesPane()
    qtbot.addWidget(pane)
    finding = Finding(
        id=KNOWN[0].id,
        status="warn",
        title="t",
        explanation="First line.\nSecond line.",
        evidence=[Evidence(source="dsregcmd", field="AzureAdJoined", value="YES")],
    )
    pane.model.set_findings([finding])
    pane.ui.table.selectRow(0)
    assert pane.ui.detail.toHtml().count("<li") == 1
    detail = pane.model.detail(0)
    assert detail.why == "First line.\nSecond line." and len(detail.evidence) == 1


def test_the_window_uses_the_cores_headline(sample_bundle: Any) -> None:
    assert not hasattr(pipeline, "Headline") or pipeline.Headline is Headline
    source = Source("bundle", path=str(sample_bundle))
    snapshot = load_source(source)
    analysis = analyse(snapshot, source)
    assert analysis.headline == run_diagnosis(snapshot).headline
    assert isinstance(analysis.headline, Headline)


def test_a_new_known_issue_record_is_a_new_row() -> None:
    model = KnownIssuesModel(records=RECORDS_PLUS)
    last = model.rowCount() - 1
    assert last == len(KNOWN)
    assert model.data(model.index(last, 0)) == "Example: a new known issue"
    assert model.data(model.index(last, 3)) == "KB1234567"
