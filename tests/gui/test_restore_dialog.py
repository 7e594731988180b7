"""The restore's own confirmation: it names the profile and the files, in a restore's words."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTextBrowser, QWidget

from esr_gui.core.remedy import Confirmation
from esr_gui.gui.dialogs import QtDialogs
from tests.gui.test_dialogs import press, when_modal
from tests.platform.test_remedies_support import make_engine, make_profile

CLEANUP = "remedy.broker-plugin-cleanup"


def test_the_restore_dialog_names_the_profile_and_the_files(qtbot: Any, tmp_path: Path) -> None:
    profile = make_profile(tmp_path / "Users")
    engine, _ = make_engine(tmp_path / "data", on_windows=False)
    plan = engine.plan(CLEANUP, profile=str(profile))
    result = engine.run(plan, Confirmation.of(plan, via="cli-yes", by="tech"))
    assert result.backup_path
    restore = engine.plan_restore(result.backup_path, str(profile))
    parent = QWidget()
    qtbot.addWidget(parent)
    seen: dict[str, str] = {}

    def look(dialog: QDialog) -> None:
        box = dialog.findChild(QDialogButtonBox)
        seen["title"] = dialog.windowTitle()
        seen["ok"] = box.button(QDialogButtonBox.StandardButton.Ok).text()
        seen["summary"] = dialog.findChild(QLabel, "summaryLabel").text()
        seen["details"] = dialog.findChild(QTextBrowser, "details").toPlainText()
        dialog.grab().save(str(tmp_path / "restore-dialog.png"))
        press(dialog, QDialogButtonBox.StandardButton.Cancel)

    when_modal(look)
    assert QtDialogs().confirm_restore(parent, restore) is False
    assert seen["title"] == "Restore backup?"
    assert seen["ok"] == "&Restore"
    summary = seen["summary"]
    assert f"Restore 4 BrokerPlugin file(s) into {profile}" in summary
    assert "Settings/settings.dat" in summary and "AC/TokenBroker/Accounts/1a2b.tbacct" in summary
    assert "before-restore" in summary and "nothing is deleted" in summary
    assert "deleted" not in summary.replace("nothing is deleted", "")
    assert "Run" not in seen["title"] + summary
    assert "What Restore does" in seen["details"] and "What Run does" not in seen["details"]
