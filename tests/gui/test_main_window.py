"""The real main window over bundles, demos, pasted text and bad input."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from esr_gui.core.diagnose.rules import KNOWN_ISSUE_IDS
from esr_gui.gui import status as st
from esr_gui.gui.models.checklist_model import FINDING_ID_ROLE, STATUS_ROLE
from esr_gui.gui.pipeline import Source, analyse, load_source
from esr_gui.resources import demo_names
from tests.gui.conftest import DSREG_HYBRID, FakeDialogs, WindowFactory


def checklist_statuses(window: Any) -> dict[str, str]:
    """finding id → status shown in the checklist tree."""
    model = window.ui.checklist.model
    found: dict[str, str] = {}
    for g in range(model.rowCount()):
        group = model.index(g, 0)
        for r in range(model.rowCount(group)):
            index = model.index(r, 0, group)
            found[model.data(index, FINDING_ID_ROLE)] = model.data(index, STATUS_ROLE)
    return found


def assert_window_matches(window: Any, source: Source) -> None:
    expected = analyse(load_source(source), source)
    analysis = window.session.analysis
    assert analysis is not None
    assert analysis.headline == expected.headline
    assert expected.headline.cause in window.ui.header.ui.headlineLabel.text().replace("&amp;", "&")
    shown = checklist_statuses(window)
    for finding in expected.findings:
        if finding.id.startswith("ki.") and finding.status not in ("fail", "warn"):
            assert finding.id not in shown
        else:
            assert shown[finding.id] == finding.status, finding.id
    assert window.ui.eventsPane.model.rowCount() == len(expected.snapshot.events)
    known = [f for f in expected.findings if f.id in KNOWN_ISSUE_IDS]
    assert window.ui.knownPane.model.rowCount() == len(known) == len(KNOWN_ISSUE_IDS)


def test_sample_bundle(make_window: WindowFactory, sample_bundle: Path) -> None:
    window = make_window()
    source = Source("bundle", path=str(sample_bundle))
    window.open_source(source)
    assert_window_matches(window, source)
    assert "PC-TEST" in window.ui.header.ui.deviceLabel.text()
    assert window.ui.eventsPane.model.rowCount() > 0
    assert not window.ui.header.ui.demoBanner.isVisibleTo(window)


@pytest.mark.parametrize("name", demo_names() or [pytest.param("none", marks=pytest.mark.skip)])
def test_each_demo(make_window: WindowFactory, name: str) -> None:
    window = make_window()
    source = Source("demo", name=name)
    window.open_source(source)
    assert_window_matches(window, source)
    banner = window.ui.header.ui.demoBanner
    assert banner.isVisibleTo(window) and "DEMO DATA" in banner.text()


def test_go_to_fix_selects_the_headline_finding(
    make_window: WindowFactory, sample_bundle: Path
) -> None:
    window = make_window()
    window.open_source(Source("bundle", path=str(sample_bundle)))
    headline = window.session.analysis.headline
    assert headline.finding_id
    window.ui.header.ui.goToFixButton.click()
    assert window.ui.checklist.current_finding_id() == headline.finding_id
    if headline.remedy:
        assert window.ui.fixPanel.current_remedy() == headline.remedy


def test_events_filters_and_search(make_window: WindowFactory, sample_bundle: Path) -> None:
    window = make_window()
    window.open_source(Source("bundle", path=str(sample_bundle)))
    pane = window.ui.eventsPane
    total = pane.model.rowCount()
    events = window.session.analysis.snapshot.events
    assert pane.visible_rows() == total
    pane.ui.idEdit.setText("1098")
    assert pane.visible_rows() == sum(1 for e in events if e.event_id == 1098) > 0
    pane.ui.idEdit.clear()
    channels = {e.channel for e in events}
    aad = next(c for c in channels if "AAD" in c)
    pane.ui.channelCombo.setCurrentIndex(pane.ui.channelCombo.findData(aad))
    assert pane.visible_rows() == sum(1 for e in events if e.channel == aad)
    pane.clear_filters()
    pane.ui.searchEdit.setText("caa5001c")
    matching = [e for e in events if "0xCAA5001C" in e.error_codes]
    assert pane.visible_rows() >= len(matching) > 0
    pane.ui.searchEdit.setText("no-such-text-anywhere")
    assert pane.visible_rows() == 0
    pane.clear_filters()
    pane.ui.levelCombo.setCurrentIndex(1)  # errors
    assert pane.visible_rows() == sum(1 for e in events if e.level in (1, 2))


def test_timeline_slot_filters_the_table(make_window: WindowFactory, sample_bundle: Path) -> None:
    window = make_window()
    window.open_source(Source("bundle", path=str(sample_bundle)))
    pane = window.ui.eventsPane
    slots = pane.ui.timeline.slots()
    assert slots
    busy = next(i for i, s in enumerate(slots) if s.errors or s.warnings)
    pane.ui.timeline.select(busy)
    assert pane.ui.timeCombo.currentText() == "Timeline selection"
    assert 0 < pane.visible_rows() <= pane.model.rowCount()
    pane.ui.timeline.select(None)
    assert pane.visible_rows() == pane.model.rowCount()


def test_device_pane_search_and_guide_fields(
    make_window: WindowFactory, sample_bundle: Path
) -> None:
    window = make_window()
    window.open_source(Source("bundle", path=str(sample_bundle)))
    pane = window.ui.devicePane
    pane.ui.searchEdit.setText("WamDefaultSet")
    proxy = pane.proxy
    assert proxy.rowCount() >= 1
    section = proxy.index(0, 0)
    assert proxy.rowCount(section) >= 1
    assert "WamDefaultSet" in proxy.data(proxy.index(0, 0, section))
    pane.ui.searchEdit.clear()
    pane.ui.guideOnlyBox.setChecked(True)
    texts = _all_texts(proxy)
    assert "AzureAdJoined" in texts and "DeviceId" not in texts


def _all_texts(model: Any) -> set[str]:
    out: set[str] = set()

    def walk(parent: Any) -> None:
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            out.add(model.data(index))
            walk(index)

    from PySide6.QtCore import QModelIndex

    walk(QModelIndex())
    return out


def test_manual_tick_is_kept_and_copied(make_window: WindowFactory, sample_bundle: Path) -> None:
    window = make_window()
    window.open_source(Source("bundle", path=str(sample_bundle)))
    manual = next(f for f in window.session.analysis.findings if f.status == "manual")
    assert window.ui.checklist.select_finding(manual.id)
    box = window.ui.checklist.ui.confirmedBox
    assert box.isVisibleTo(window)
    box.setChecked(True)
    assert manual.id in window.session.confirmed
    index = window.ui.checklist.model.index_of(manual.id)
    assert window.ui.checklist.model.data(index, STATUS_ROLE) == "confirmed"
    status_cell = index.siblingAtColumn(1)
    assert window.ui.checklist.model.data(status_cell) == st.word("confirmed")
    window.ui.actionCopySummary.trigger()
    text = QApplication.clipboard().text()
    assert f"[CONFIRMED by the technician] {manual.title}" in text
    assert window.session.analysis.headline.cause in text
    window.session.rediagnose()  # the tick survives a re-diagnosis of the same source
    assert manual.id in window.session.confirmed
    # The model was reset: an index from before points at freed rows, so look it up again.
    fresh = window.ui.checklist.model.index_of(manual.id)
    assert window.ui.checklist.model.data(fresh, STATUS_ROLE) == "confirmed"


def test_open_bundle_through_the_menu(
    make_window: WindowFactory, sample_bundle: Path, dialogs: FakeDialogs
) -> None:
    window = make_window()
    dialogs.paths = [str(sample_bundle)]
    window.ui.actionOpenBundle.trigger()
    assert window.session.analysis is not None
    assert window.ctx.store.settings.recent_files[0].path == str(sample_bundle)
    recent = [a.text() for a in window.ui.menuRecent.actions()]
    assert any(str(sample_bundle) in t for t in recent)


def test_bad_bundle_shows_a_message_and_keeps_the_window(
    make_window: WindowFactory, sample_bundle: Path, tmp_path: Path
) -> None:
    window = make_window()
    window.open_source(Source("bundle", path=str(sample_bundle)))
    before = window.session.analysis
    bad = tmp_path / "not-a-bundle.zip"
    bad.write_bytes(b"this is not a zip file")
    window.files.open_path(str(bad))
    notice = window.ui.header.notice()
    assert "Could not open not-a-bundle.zip" in notice
    assert window.session.analysis is before
    assert window.isVisible() or True  # still alive: the next open works
    window.open_source(Source("bundle", path=str(sample_bundle)))
    assert window.ui.header.notice() == ""


def test_paste_text_and_paste_garbage(make_window: WindowFactory, dialogs: FakeDialogs) -> None:
    window = make_window()
    dialogs.pasted = [
        "hello, this is not dsregcmd output",
        DSREG_HYBRID.read_text(encoding="utf-8"),
    ]
    window.ui.actionPaste.trigger()
    errors = [detail for name, detail in dialogs.calls if name == "paste"]
    assert errors[0] == ""
    assert errors[1], "the second dialog shows why the first text failed"
    analysis = window.session.analysis
    assert analysis is not None and analysis.source.kind == "pasted"
    device = window.ui.header.ui.deviceLabel.text()
    assert "Pasted dsregcmd text of" in device
    assert "capture time, time zone and context are not known" in device


def test_corrupt_settings_file(make_window: WindowFactory, tmp_path: Path) -> None:
    from esr_gui.gui.settings import SettingsStore

    path = tmp_path / "config" / "settings.json"
    path.parent.mkdir(parents=True)
    path.write_text("{ not json", encoding="utf-8")
    store = SettingsStore(path)
    assert store.settings.recent_files == []
    assert list(path.parent.glob("settings.json.bad-*"))
    assert not path.exists()
    window = make_window(store=store)
    assert "could not be read" in window.ui.header.notice()
    window.close()
    assert path.exists()


def test_a_crash_in_a_worker_is_shown_logged_and_survived(
    make_window: WindowFactory,
    dialogs: FakeDialogs,
    caplog: pytest.LogCaptureFixture,
    sample_bundle: Path,
) -> None:
    window = make_window()

    def boom(_reporter: object) -> None:
        raise RuntimeError("kaboom in a worker")

    with caplog.at_level(logging.ERROR, logger="esr_gui"):
        window.ctx.runner.run("Test job", boom, lambda _r: None)
    assert any(
        "kaboom in a worker" in r.getMessage() and "Traceback" in r.getMessage()
        for r in caplog.records
    )
    assert (
        "error",
        "Test job stopped because of an internal error (kaboom in a worker). The app keeps "
        "running; the details are in the log (Log tab, or Tools › Open log folder).",
    ) in dialogs.calls
    assert "kaboom" in window.status_label.text()
    window.open_source(Source("bundle", path=str(sample_bundle)))
    assert window.session.analysis is not None


def test_save_bundle_and_reopen(
    make_window: WindowFactory, sample_bundle: Path, dialogs: FakeDialogs, tmp_path: Path
) -> None:
    window = make_window()
    window.open_source(Source("bundle", path=str(sample_bundle)))
    manual = next(f for f in window.session.analysis.findings if f.status == "manual")
    window.ui.checklist.model.set_confirmed(manual.id, True)
    dest = tmp_path / "out" / "saved.esrbundle.zip"
    dialogs.paths = [str(dest)]
    window.ui.actionSaveBundle.trigger()
    assert dest.is_file(), window.status_label.text()
    reopened = load_source(Source("bundle", path=str(dest)))
    assert reopened.manifest is not None and reopened.manifest.problem.description == "sync stopped"
    assert len(reopened.events) == len(window.session.analysis.snapshot.events)
    assert f"- {manual.title}" in reopened.notes


def test_offline_live_actions_are_disabled_with_a_reason(make_window: WindowFactory) -> None:
    window = make_window()
    assert not window.ui.actionRefresh.isEnabled()
    assert "needs Windows" in window.ui.actionRefresh.toolTip()
    button = window.ui.eventsPane.ui.syncTestButton
    assert not button.isEnabled() and "live device" in button.toolTip()


def test_every_control_has_an_accessible_name(
    make_window: WindowFactory, sample_bundle: Path
) -> None:
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QComboBox,
        QLineEdit,
        QPlainTextEdit,
        QTextBrowser,
    )

    window = make_window()
    window.open_source(Source("bundle", path=str(sample_bundle)))
    kinds = (QAbstractButton, QAbstractItemView, QComboBox, QLineEdit, QPlainTextEdit, QTextBrowser)
    missing = []
    for kind in kinds:
        for widget in window.findChildren(kind):
            name = widget.objectName()
            if not name or name.startswith("qt_") or not widget.isVisibleTo(window):
                continue
            if not widget.accessibleName():
                missing.append(name)
    assert missing == []


def test_status_words_never_colour_alone() -> None:
    for status in (
        "pass",
        "fail",
        "warn",
        "info",
        "manual",
        "confirmed",
        "unknown",
        "not-applicable",
    ):
        assert st.word(status)
        assert not st.icon(status).isNull(), status


def test_layout_and_recent_files_are_remembered(
    make_window: WindowFactory, sample_bundle: Path, tmp_path: Path
) -> None:
    from esr_gui.gui.settings import SettingsStore

    window = make_window()
    window.files.open_path(str(sample_bundle))
    window.ui.mainSplitter.setSizes([400, 500, 380])
    window.close()
    store = SettingsStore(tmp_path / "config" / "settings.json")
    assert store.settings.geometry and store.settings.splitter_state and store.settings.window_state
    assert store.settings.recent_files[0].path == str(sample_bundle)
    again = make_window(store=store)
    assert again.ui.mainSplitter.sizes()[0] == window.ui.mainSplitter.sizes()[0]
    assert any(str(sample_bundle) in a.text() for a in again.ui.menuRecent.actions())
