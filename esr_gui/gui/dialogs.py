"""Every question the app asks the user goes through `Dialogs` (tests inject a scripted one)."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from PySide6.QtCore import QDate, QDateTime, QTime
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog, QMessageBox, QWidget

from esr_gui.core.models.manifest import ProblemInfo
from esr_gui.core.remedy.plans import Plan
from esr_gui.gui.error_clock import ErrorClock
from esr_gui.gui.forms import setup_form
from esr_gui.gui.present_remedy import (
    RESTORE_DIALOG_TITLE,
    confirm_summary,
    plan_html,
    restore_confirm_summary,
)
from esr_gui.ui.forms.ui_confirm_dialog import Ui_ConfirmDialog
from esr_gui.ui.forms.ui_paste_dialog import Ui_PasteDialog
from esr_gui.ui.forms.ui_save_bundle_dialog import Ui_SaveBundleDialog

BUNDLE_FILTER = "Capture bundles (*.zip *.esrbundle.zip);;All files (*)"
CAPTURE_FILTER = (
    "Bundles and dsregcmd texts (*.zip *.txt *.log);;Capture bundles (*.zip);;"
    "dsregcmd texts (*.txt *.log);;All files (*)"
)


@dataclass(frozen=True)
class SaveRequest:
    """The "information to include" form plus how to save."""

    problem: ProblemInfo
    redact: bool
    as_zip: bool


class Dialogs(Protocol):
    """The seam: modal questions. Each returns None (or False) when the user cancels."""

    def confirm_plan(self, parent: QWidget, plan: Plan) -> bool: ...

    def confirm_restore(self, parent: QWidget, plan: Plan) -> bool: ...

    def open_bundle(self, parent: QWidget, start: str) -> str | None: ...

    def open_text(self, parent: QWidget, start: str) -> str | None: ...

    def open_capture(self, parent: QWidget, title: str, start: str) -> str | None: ...

    def choose_folder(self, parent: QWidget, title: str, start: str) -> str | None: ...

    def open_file(self, parent: QWidget, title: str, start: str, filter_: str) -> str | None: ...

    def choose_backup(self, parent: QWidget, start: str) -> str | None: ...

    def save_path(self, parent: QWidget, title: str, start: str, filter_: str) -> str | None: ...

    def paste_dsregcmd(self, parent: QWidget, text: str, error: str) -> str | None: ...

    def bundle_info(self, parent: QWidget, clock: ErrorClock) -> SaveRequest | None: ...

    def error(self, parent: QWidget, title: str, message: str, details: str = "") -> None: ...


class QtDialogs:
    """The real dialogs."""

    def confirm_plan(self, parent: QWidget, plan: Plan) -> bool:
        """Show what will be changed, backed up and needed; True when the user says Run."""
        dialog = QDialog(parent)
        ui = Ui_ConfirmDialog()
        setup_form(ui, dialog)
        ui.summaryLabel.setText(confirm_summary(plan))
        if plan.target is not None and plan.changes_device:
            dialog.setWindowTitle(f"Run on {plan.target.computer or 'this PC'}?")
        ui.details.setHtml(plan_html(plan))
        ok = ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("&Run")
        ok.setAccessibleName(f"Run {plan.title}")
        ui.buttonBox.button(QDialogButtonBox.StandardButton.Cancel).setDefault(True)
        return dialog.exec() == QDialog.DialogCode.Accepted

    def confirm_restore(self, parent: QWidget, plan: Plan) -> bool:
        """Show which profile and files a restore writes; True when the user says Restore."""
        dialog = QDialog(parent)
        ui = Ui_ConfirmDialog()
        setup_form(ui, dialog)
        dialog.setWindowTitle(RESTORE_DIALOG_TITLE)
        ui.summaryLabel.setText(restore_confirm_summary(plan))
        ui.details.setHtml(plan_html(plan))
        ok = ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("&Restore")
        ok.setAccessibleName(plan.title)
        ui.buttonBox.button(QDialogButtonBox.StandardButton.Cancel).setDefault(True)
        return dialog.exec() == QDialog.DialogCode.Accepted

    def open_bundle(self, parent: QWidget, start: str) -> str | None:
        """A bundle zip (or a folder, via the second dialog when the user picks none)."""
        path, _ = QFileDialog.getOpenFileName(parent, "Open bundle (zip)", start, BUNDLE_FILTER)
        if path:
            return path
        folder = QFileDialog.getExistingDirectory(parent, "…or open a bundle folder", start)
        return folder or None

    def open_text(self, parent: QWidget, start: str) -> str | None:
        """A saved dsregcmd /status text."""
        path, _ = QFileDialog.getOpenFileName(
            parent, "Open saved dsregcmd text", start, "Text files (*.txt *.log);;All files (*)"
        )
        return path or None

    def open_capture(self, parent: QWidget, title: str, start: str) -> str | None:
        """A bundle zip or a dsregcmd text (or a bundle folder, via a second dialog when the
        user picks no file)."""
        path, _ = QFileDialog.getOpenFileName(parent, title, start, CAPTURE_FILTER)
        if path:
            return path
        folder = QFileDialog.getExistingDirectory(parent, f"{title}: …or a bundle folder", start)
        return folder or None

    def choose_folder(self, parent: QWidget, title: str, start: str) -> str | None:
        """A folder."""
        return QFileDialog.getExistingDirectory(parent, title, start) or None

    def open_file(self, parent: QWidget, title: str, start: str, filter_: str) -> str | None:
        """A file to read."""
        path, _ = QFileDialog.getOpenFileName(parent, title, start, filter_)
        return path or None

    def choose_backup(self, parent: QWidget, start: str) -> str | None:
        """A cleanup backup zip."""
        path, _ = QFileDialog.getOpenFileName(
            parent, "Restore from backup", start, "Backups (*.zip)"
        )
        return path or None

    def save_path(self, parent: QWidget, title: str, start: str, filter_: str) -> str | None:
        """Where to save."""
        path, _ = QFileDialog.getSaveFileName(parent, title, start, filter_)
        return path or None

    def paste_dsregcmd(self, parent: QWidget, text: str, error: str) -> str | None:
        """The pasted text (the previous attempt and its parse error shown inline)."""
        dialog = QDialog(parent)
        ui = Ui_PasteDialog()
        setup_form(ui, dialog)
        ui.textEdit.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        ui.textEdit.setPlainText(text)
        ui.errorLabel.setText(
            f"<b>✖ Could not read this text:</b> {html.escape(error)}" if error else ""
        )
        ui.errorLabel.setVisible(bool(error))
        ui.buttonBox.accepted.connect(lambda: _accept_if_text(dialog, ui))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return ui.textEdit.toPlainText()

    def bundle_info(self, parent: QWidget, clock: ErrorClock) -> SaveRequest | None:
        """The guide's "information to include" form; the time of the error is on `clock`
        (filled with now on that clock, its zone named beside it and in the saved text)."""
        dialog = QDialog(parent)
        ui = Ui_SaveBundleDialog()
        setup_form(ui, dialog)
        now = clock.now()
        ui.whenEdit.setDateTime(
            QDateTime(QDate(now.year, now.month, now.day), QTime(now.hour, now.minute))
        )
        ui.timezoneLabel.setText(clock.label())
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        when = ui.whenEdit.dateTime().toPython()
        stamp = clock.stamp(when) if isinstance(when, datetime) else str(when)
        problem = ProblemInfo(
            description=ui.descriptionEdit.toPlainText().strip(),
            users_affected=ui.usersEdit.text().strip(),
            devices_affected=ui.devicesEdit.text().strip(),
            first_seen=ui.firstSeenEdit.text().strip(),
            error_time=stamp,
        )
        return SaveRequest(problem, ui.redactBox.isChecked(), ui.zipBox.isChecked())

    def error(self, parent: QWidget, title: str, message: str, details: str = "") -> None:
        """An error box (details folded away)."""
        box = QMessageBox(
            QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, parent
        )
        if details:
            box.setDetailedText(details)
        box.exec()


def _accept_if_text(dialog: QDialog, ui: Ui_PasteDialog) -> None:
    if ui.textEdit.toPlainText().strip():
        dialog.accept()
        return
    ui.errorLabel.setText("<b>Paste the dsregcmd /status output first.</b>")
    ui.errorLabel.show()
