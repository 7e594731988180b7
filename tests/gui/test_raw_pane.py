"""The Raw text tab: the capture's raw texts with evidence lines highlighted; an evidence line
clicked in the checklist detail, a Device status row or an event row opens it at that line;
search and copy."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from esr_gui.core.decoding import decode_text
from esr_gui.core.models.dsreg import normalize_key
from esr_gui.gui.exports import source_members
from esr_gui.gui.main_window import MainWindow
from esr_gui.gui.panes import TAB_PANES
from esr_gui.gui.pipeline import Source
from esr_gui.gui.views.device_pane import DevicePane
from esr_gui.gui.views.events_pane import EventsPane
from esr_gui.gui.views.raw_pane import RawPane
from esr_gui.platform.fake import FakeHost
from esr_gui.resources import demo_dir
from tests.gui.test_panes import window_with
from tests.unit.test_raw_locate import PASTED

DEMO = "hybrid-not-registered"


def opened(make_window: Any, source: Source) -> tuple[MainWindow, RawPane]:
    window = make_window()
    window.open_source(source)
    assert window.session.analysis is not None
    return window, window.panes.get(RawPane)


def shown_line(raw: RawPane) -> str:
    return raw.ui.rawText.textCursor().block().text()


def test_the_raw_tab_shows_the_dsregcmd_text_with_evidence_lines_highlighted(
    make_window: Any,
) -> None:
    window, raw = opened(make_window, Source("demo", name=DEMO))
    text = (demo_dir() / DEMO / "dsregcmd-status.txt").read_text(encoding="utf-8-sig")
    assert raw.current_member() == "dsregcmd-status.txt"
    assert raw.ui.rawText.toPlainText() == "\n".join(text.splitlines())
    lines = raw.ui.rawText.toPlainText().split("\n")
    marked = raw.highlighted_lines()
    assert marked
    assert [s.cursor.blockNumber() + 1 for s in raw.ui.rawText.extraSelections()] == marked
    cited = {
        normalize_key(e.field)
        for f in window.session.analysis.findings
        for e in f.evidence
        if e.source == "dsregcmd"
    }
    for number in marked:
        assert normalize_key(lines[number - 1].partition(":")[0]) in cited
    titles = [raw.ui.memberCombo.itemText(i) for i in range(raw.ui.memberCombo.count())]
    assert any(t.startswith(".reg export: registry/currentversion.reg") for t in titles)
    assert any(t.startswith("events: ") for t in titles)


def test_clicking_an_evidence_line_of_a_finding_opens_the_raw_text_at_that_line(
    make_window: Any,
) -> None:
    window, raw = opened(make_window, Source("demo", name=DEMO))
    finding = window.session.analysis.finding("join.stage")
    assert finding is not None
    window.ui.checklist.select_finding(finding.id)
    detail = window.ui.checklist.ui.detail
    links = re.findall(r'href="(raw:\d+)"', detail.toHtml())
    assert links, "printed evidence is a link"
    for link in links:
        evidence = finding.evidence[int(link.partition(":")[2])]
        window.ui.tabs.setCurrentIndex(0)
        detail.anchorClicked.emit(QUrl(link))
        assert window.ui.tabs.currentWidget() is raw
        if evidence.source == "dsregcmd":
            assert raw.current_member() == "dsregcmd-status.txt"
            key, _, value = shown_line(raw).partition(":")
            assert normalize_key(key) == normalize_key(evidence.field)
            assert evidence.value.startswith(value.strip(" :"))


class UrlCatcher(QObject):
    """Stands in for the desktop: records each URL the app hands to it."""

    def __init__(self) -> None:
        super().__init__()
        self.opened: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        """Record the URL instead of opening it."""
        self.opened.append(url.toString())


def test_a_mouse_click_on_an_evidence_line_opens_the_raw_view_not_the_desktop(
    make_window: Any,
) -> None:
    window, raw = opened(make_window, Source("demo", name=DEMO))
    window.show()
    window.ui.checklist.select_finding("join.stage")
    detail = window.ui.checklist.ui.detail
    cursor = detail.document().find("AzureAdJoined")
    assert not cursor.isNull()
    cursor.clearSelection()
    detail.setTextCursor(cursor)
    detail.ensureCursorVisible()
    catcher = UrlCatcher()
    QDesktopServices.setUrlHandler("raw", catcher, "open")
    try:
        QTest.mouseClick(
            detail.viewport(), Qt.MouseButton.LeftButton, pos=detail.cursorRect(cursor).center()
        )
    finally:
        QDesktopServices.unsetUrlHandler("raw")
    assert window.ui.tabs.currentWidget() is raw
    assert shown_line(raw).strip().startswith("AzureAdJoined :")
    assert catcher.opened == []  # the link was not handed to the desktop
    assert "Evidence" in detail.toPlainText()  # the detail still shows the finding


def test_a_registry_evidence_link_opens_its_reg_export_at_the_value(make_window: Any) -> None:
    window, raw = opened(make_window, Source("demo", name=DEMO))
    cited = [
        (f, i, e)
        for f in window.session.analysis.findings
        for i, e in enumerate(f.evidence)
        if e.source == "registry" and e.value != "(not set)" and "CurrentBuild" in e.field
    ]
    assert cited
    finding, index, _ = cited[0]
    window.ui.checklist.select_finding(finding.id)
    window.ui.checklist.ui.detail.anchorClicked.emit(QUrl(f"raw:{index}"))
    assert raw.current_member() == "registry/currentversion.reg"
    assert shown_line(raw).startswith('"CurrentBuild"=')


def test_a_device_status_row_and_an_event_row_open_their_raw_line(make_window: Any) -> None:
    window, raw = opened(make_window, Source("demo", name="event-1098-token-broker"))
    device = window.panes.get(DevicePane)
    device.field_activated.emit("Device State", "AzureAdJoined")
    assert window.ui.tabs.currentWidget() is raw
    assert shown_line(raw).strip().startswith("AzureAdJoined :")
    events = window.panes.get(EventsPane)
    events.select_row(0)
    index = events.ui.table.currentIndex()
    events.ui.table.activated.emit(index)
    event = events.model.event_at(events.proxy.mapToSource(index).row())
    assert event is not None
    assert raw.current_member() == f"events:{event.channel}"
    assert shown_line(raw).startswith(f"Record {event.record_id} · Event {event.event_id}")


def test_search_finds_a_field_and_says_when_there_is_none(make_window: Any) -> None:
    _, raw = opened(make_window, Source("demo", name=DEMO))
    raw.ui.searchEdit.setText("domainjoined")
    assert raw.find_next()
    assert raw.ui.rawText.textCursor().selectedText() == "DomainJoined"
    first = raw.current_line()
    assert raw.find_next()  # the next match ("DomainJoined" again, or wraps to the first)
    assert raw.find_previous()
    assert raw.current_line() == first
    raw.ui.searchEdit.setText("no such field anywhere")
    assert not raw.find_next()
    assert "is not in dsregcmd /status" in raw.ui.stateLabel.text()


def test_a_pasted_text_shows_as_pasted_and_copy_takes_the_whole_text(make_window: Any) -> None:
    _, raw = opened(make_window, Source("pasted", text=PASTED.encode()))
    assert raw.ui.memberCombo.count() == 1
    assert raw.ui.rawText.toPlainText() == PASTED.rstrip("\n")
    assert 7 in raw.highlighted_lines()  # AzureAdJoined : NO decides the join checks
    raw.copy()
    assert QApplication.clipboard().text() == PASTED.rstrip("\n")
    raw.show_line("dsregcmd-status.txt", 9)
    raw.copy()
    assert QApplication.clipboard().text().strip() == "DomainJoined : YES"


def test_before_anything_is_open_the_tab_says_so(qtbot: Any, tmp_path: Path, dialogs: Any) -> None:
    window = window_with(qtbot, tmp_path, dialogs, TAB_PANES)
    raw = window.panes.get(RawPane)
    assert raw.ui.memberCombo.count() == 0
    assert "once one is opened" in raw.ui.stateLabel.text()
    assert not raw.ui.copyButton.isEnabled()


def test_a_kb_link_in_the_detail_still_opens_in_the_browser(make_window: Any) -> None:
    window, _ = opened(make_window, Source("demo", name="1607-sideload-6013"))
    window.show()
    detail = window.ui.checklist.ui.detail
    with_kb = [
        f
        for f in window.session.analysis.findings
        if window.ui.checklist.select_finding(f.id) and 'href="https://' in detail.toHtml()
    ]
    assert with_kb, "a finding of this demo names a KB article"
    window.ui.checklist.select_finding(with_kb[0].id)
    cursor = detail.document().find("KB")
    while not cursor.isNull() and not cursor.charFormat().isAnchor():
        cursor = detail.document().find("KB", cursor)
    assert not cursor.isNull()
    cursor.clearSelection()
    detail.setTextCursor(cursor)
    detail.ensureCursorVisible()
    catcher = UrlCatcher()
    QDesktopServices.setUrlHandler("https", catcher, "open")
    try:
        QTest.mouseClick(
            detail.viewport(), Qt.MouseButton.LeftButton, pos=detail.cursorRect(cursor).center()
        )
    finally:
        QDesktopServices.unsetUrlHandler("https")
    assert len(catcher.opened) == 1
    assert catcher.opened[0].startswith("https://")
    assert with_kb[0].title in detail.toPlainText()  # the detail did not navigate


def test_a_live_capture_shows_its_reg_exports_and_keeps_them_on_a_re_diagnosis(
    make_window: Any,
) -> None:
    members = source_members(Source("demo", name=DEMO), None)
    window = make_window(host_factory=lambda: FakeHost.from_members(members))
    assert window.refresh.refresh()
    analysis = window.session.analysis
    assert analysis is not None
    assert analysis.source.kind == "live"
    raw = window.panes.get(RawPane)
    names = [raw.ui.memberCombo.itemData(i) for i in range(raw.ui.memberCombo.count())]
    assert names[0] == "dsregcmd-status.txt"
    assert any(str(n).startswith("registry/") and str(n).endswith(".reg") for n in names)
    reg = next(m for m in analysis.raw.members if m.kind == "reg")
    window.session.rediagnose()
    again = window.session.analysis
    assert again is not analysis
    assert again.raw.member(reg.name) == reg


def test_an_opened_bundle_shows_its_reg_exports_and_event_records(
    make_window: Any, sample_bundle: Path
) -> None:
    window, raw = opened(make_window, Source("bundle", path=str(sample_bundle)))
    names = [raw.ui.memberCombo.itemData(i) for i in range(raw.ui.memberCombo.count())]
    assert names[0] == "dsregcmd-status.txt"
    assert "registry/hkcu-settingsync.reg" in names
    assert any(str(n).startswith("events:") for n in names)
    reg = (sample_bundle / "registry" / "hkcu-settingsync.reg").read_bytes()
    assert raw.show_line("registry/hkcu-settingsync.reg", 1)
    assert shown_line(raw) == decode_text(reg).splitlines()[0]
    located = [
        e
        for f in window.session.analysis.findings
        for e in f.evidence
        if e.source == "registry" and raw.show_evidence(e)
    ]
    assert located, "the bundle's registry evidence is found in its .reg exports"
    for evidence in located:
        raw.show_evidence(evidence)
        assert raw.current_member().startswith("registry/")
        line = shown_line(raw)
        label = evidence.field.rpartition("\\")[2]
        assert line.startswith("[") or line.lower().startswith(f'"{label.lower()}"=')
