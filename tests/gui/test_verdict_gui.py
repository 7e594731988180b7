"""Issue 14 in the window: an unread dsregcmd /status never looks healthy, and the Fix pane
opens on the headline's finding after every open or paste."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from esr_gui.core.diagnose.headline import Headline as RawHeadline
from esr_gui.core.models.findings import Finding
from esr_gui.gui.exports import summary_text
from esr_gui.gui.pipeline import Source, headline_finding_id, headline_status
from tests.gui.conftest import FakeDialogs, WindowFactory, write_sample_bundle

NEVER_JOINED = "\r\n".join(
    [
        "+" + "-" * 70 + "+",
        "| Device State" + " " * 57 + "|",
        "+" + "-" * 70 + "+",
        "",
        "         AzureAdJoined : NO",
        "          DomainJoined : NO",
        "",
        "+" + "-" * 70 + "+",
        "| User State" + " " * 59 + "|",
        "+" + "-" * 70 + "+",
        "",
        "                NgcSet : NO",
        "       WorkplaceJoined : NO",
        "         WamDefaultSet : NO",
        "",
        "+" + "-" * 70 + "+",
        "| SSO State" + " " * 60 + "|",
        "+" + "-" * 70 + "+",
        "",
        "            AzureAdPrt : NO",
        "",
    ]
)


def _garbage_bundle(tmp_path: Path) -> Path:
    root = write_sample_bundle(tmp_path / "garbage")
    (root / "dsregcmd-status.txt").write_bytes(b"hello world\r\nthis is garbage\r\n")
    return root


def _first_device_row(window: object) -> str:
    model = window.ui.devicePane.model  # type: ignore[attr-defined]
    first = model.index(0, 1)
    return str(model.data(first, Qt.ItemDataRole.DisplayRole))


def test_an_unreadable_dsregcmd_member_is_unknown_everywhere(
    make_window: WindowFactory, tmp_path: Path
) -> None:
    window = make_window()
    window.open_source(Source("bundle", path=str(_garbage_bundle(tmp_path))))
    analysis = window.session.analysis
    assert analysis is not None
    header = window.ui.header.ui
    assert analysis.headline.status == "unknown"
    assert header.headlineIcon.toolTip() == "Unknown"  # not the green tick of a pass
    label = header.headlineLabel.text()
    assert "Cannot tell" in label and "could not be read" in label
    assert "dsregcmd /status &gt; dsregcmd-status.txt" in label
    assert window.status_label.text().startswith("Diagnosis finished: UNKNOWN")
    assert "join type unknown (dsregcmd /status unreadable)" in header.deviceLabel.text()
    assert _first_device_row(window).startswith("captured but could not be read: no dsregcmd")
    checklist = window.ui.checklist.model
    display = Qt.ItemDataRole.DisplayRole
    assert checklist.data(checklist.index(0, 0), display) == "Capture"  # first group
    assert checklist.data(checklist.index(0, 1), display) == "1 to look at"
    summary = summary_text(analysis, set())
    assert "Verdict: UNKNOWN" in summary
    assert "Cannot tell: dsregcmd /status was captured but could not be read" in summary


def test_each_open_or_paste_shows_the_new_headline_finding_in_the_fix_pane(
    make_window: WindowFactory, sample_bundle: Path, dialogs: FakeDialogs
) -> None:
    window = make_window()
    window.open_source(Source("bundle", path=str(sample_bundle)))
    first = window.session.analysis
    assert first is not None and first.headline.finding_id
    window.ui.checklist.select_finding("prereq.license")  # the technician looks elsewhere
    assert window.fix.finding is not None and window.fix.finding.id == "prereq.license"

    dialogs.pasted = [NEVER_JOINED]
    window.ui.actionPaste.trigger()
    pasted = window.session.analysis
    assert pasted is not None and pasted.source.kind == "pasted"
    assert pasted.headline.finding_id == "prereq.device-joined"
    assert window.ui.checklist.current_finding_id() == "prereq.device-joined"
    assert window.fix.finding is not None and window.fix.finding.id == "prereq.device-joined"
    assert "Join the device to Azure AD" in window.ui.header.ui.headlineLabel.text()
    # the remedy shown first joins; it does not begin by disconnecting a join there never was
    assert window.ui.fixPanel.current_remedy() == "remedy.join-azure-ad"

    window.open_source(Source("bundle", path=str(_garbage_bundle(tmp_path=sample_bundle.parent))))
    assert window.fix.finding is not None and window.fix.finding.id == "input.dsregcmd"


def test_diagnosing_the_same_source_again_keeps_the_selected_check(
    make_window: WindowFactory, sample_bundle: Path
) -> None:
    window = make_window()
    window.open_source(Source("bundle", path=str(sample_bundle)))
    window.ui.checklist.select_finding("prereq.license")
    window.session.rediagnose()
    assert window.ui.checklist.current_finding_id() == "prereq.license"
    assert window.fix.finding is not None and window.fix.finding.id == "prereq.license"


def test_a_calm_headline_over_checks_left_unknown_is_not_a_green_tick() -> None:
    """Nothing fails or warns, but some checks had too little data: information, not Pass."""
    calm = RawHeadline(finding_id=None, status=None, text="No known cause found", action="")
    known = Finding(id="reg.status", status="pass", title="ok")
    unread = Finding(id="sync.user-toggles", status="unknown", title="no HKCU")
    assert headline_status(calm, [known]) == "pass"
    assert headline_status(calm, [known, unread]) == "info"


def test_a_calm_headline_points_go_to_fix_at_the_finding_of_its_remedy() -> None:
    calm = RawHeadline(
        finding_id=None, status=None, text="No known cause found", action="", remedy="remedy.x"
    )
    other = Finding(id="reg.status", status="pass", title="ok")
    owner = Finding(id="sync.two-device-test", status="manual", title="t", remedies=["remedy.x"])
    assert headline_finding_id(calm, [other, owner]) == "sync.two-device-test"
    assert headline_finding_id(calm, [other]) is None
