"""The real dialogs behind the seam: driven while they are modal, through the event loop."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta, timezone
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QLabel, QWidget

from esr_gui.gui.dialogs import QtDialogs
from esr_gui.gui.error_clock import DEVICE, ErrorClock
from esr_gui.platform.remedies import RemedyEngine, RemedyEnvironment
from tests.platform.test_remedies_support import make_engine


def when_modal(action: Callable[[QDialog], None]) -> None:
    """Run `action` on the modal dialog as soon as it is shown."""

    def poke() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QDialog):
            QTimer.singleShot(5, poke)
            return
        action(dialog)

    QTimer.singleShot(0, poke)


def press(dialog: QDialog, which: QDialogButtonBox.StandardButton) -> None:
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None
    box.button(which).click()


def test_paste_dialog_returns_the_text(qtbot: Any) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)

    def fill(dialog: QDialog) -> None:
        assert "not dsregcmd" in dialog.findChild(QWidget, "errorLabel").text()
        dialog.findChild(QWidget, "textEdit").setPlainText("AzureAdJoined : YES")
        press(dialog, QDialogButtonBox.StandardButton.Ok)

    when_modal(fill)
    assert QtDialogs().paste_dsregcmd(parent, "", "not dsregcmd output") == "AzureAdJoined : YES"


def test_save_form_and_confirm_dialog(qtbot: Any, tmp_path: Path) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)

    def fill(dialog: QDialog) -> None:
        dialog.findChild(QWidget, "descriptionEdit").setPlainText("Taskbar does not roam")
        dialog.findChild(QWidget, "usersEdit").setText("one user")
        dialog.findChild(QWidget, "redactBox").setChecked(True)
        press(dialog, QDialogButtonBox.StandardButton.Save)

    when_modal(fill)
    clock = ErrorClock(timezone(timedelta(hours=1)), "W. Europe Standard Time", DEVICE)
    request = QtDialogs().bundle_info(parent, clock)
    assert request is not None and request.redact and request.as_zip
    assert request.problem.description == "Taskbar does not roam"
    assert "W. Europe Standard Time" in str(request.problem.model_dump()["error_time"])

    plan = RemedyEngine(RemedyEnvironment.default(tmp_path)).plan("remedy.run-device-join-task")
    seen: list[str] = []

    def decline(dialog: QDialog) -> None:
        box = dialog.findChild(QDialogButtonBox)
        seen.append(box.button(QDialogButtonBox.StandardButton.Ok).text())
        assert box.button(QDialogButtonBox.StandardButton.Cancel).isDefault()
        press(dialog, QDialogButtonBox.StandardButton.Cancel)

    when_modal(decline)
    assert QtDialogs().confirm_plan(parent, plan) is False
    assert seen == ["&Run"]
    when_modal(lambda d: press(d, QDialogButtonBox.StandardButton.Ok))
    assert QtDialogs().confirm_plan(parent, plan) is True


def test_the_run_confirmation_names_the_computer_and_the_user(qtbot: Any, tmp_path: Path) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    engine, _ = make_engine(tmp_path)  # this PC, PC-0042, captured live by this run
    plan = engine.plan("remedy.restart-and-sign-in")
    seen: list[tuple[str, str]] = []

    def read(dialog: QDialog) -> None:
        label = dialog.findChild(QLabel, "summaryLabel")
        seen.append((dialog.windowTitle(), label.text()))
        press(dialog, QDialogButtonBox.StandardButton.Cancel)

    when_modal(read)
    assert QtDialogs().confirm_plan(parent, plan) is False
    ((title, summary),) = seen
    assert title == "Run on PC-0042?"
    assert "Changes computer <b>PC-0042</b>, user <b>CONTOSO\\tech</b>" in summary
    assert "Planned from: a live capture" in summary
