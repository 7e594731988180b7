"""The esr-gui entry point (--screenshot, --demo list), drag and drop, crash hook, redaction."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QImage

from esr_gui.core.models.manifest import ProblemInfo
from esr_gui.gui import app
from esr_gui.gui.crash import install_crash_hook
from esr_gui.gui.dialogs import SaveRequest
from esr_gui.gui.pipeline import Source, default_demo, load_source
from tests.gui.conftest import FakeDialogs, WindowFactory


def test_screenshot_of_a_demo(tmp_path: Path, qapp: Any) -> None:
    out = tmp_path / "shot.png"
    assert app.main(["--demo", default_demo(), "--screenshot", str(out)]) == 0
    image = QImage(str(out))
    assert image.width() >= 1280 and image.height() >= 800


def test_on_first_diagnosis_is_called_once_the_diagnosis_is_shown(
    tmp_path: Path, qapp: Any
) -> None:
    """The frozen entry point hands back its archive handle then (esr_gui.frozen_archive)."""
    calls: list[bool] = []
    shot = str(tmp_path / "s.png")
    code = app.main(
        ["--demo", default_demo(), "--screenshot", shot],
        on_first_diagnosis=lambda: calls.append(True),
    )
    assert code == 0 and calls == [True]


def test_call_once_ready_calls_once(make_window: WindowFactory) -> None:
    window = make_window()
    calls: list[bool] = []
    shown: list[object] = []
    window.ready.connect(shown.append)
    app.call_once_ready(window, lambda: calls.append(True))
    demo = Source("demo", name=default_demo())
    window.open_source(demo)
    window.open_source(demo)
    assert len(shown) == 2 and calls == [True]


def test_screenshot_of_a_bad_bundle_exits_2_and_says_why_on_stderr(
    tmp_path: Path, qapp: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "bad.png"
    garbage = tmp_path / "garbage.zip"
    garbage.write_bytes(b"not a zip at all")
    assert app.main(["--bundle", str(garbage), "--screenshot", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"esr-gui: could not open {garbage}: garbage.zip is not a bundle" in err
    assert f"the PNG {out} shows the window" in err and out.is_file()
    assert app.main(["--bundle", str(tmp_path / "missing"), "--screenshot", str(out)]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_demo_list_and_unknown_demo(capsys: pytest.CaptureFixture[str]) -> None:
    assert app.main(["--demo", "list"]) == 0
    assert default_demo() in capsys.readouterr().out.split()
    assert app.main(["--demo", "no-such-demo"]) == 2


def test_drop_a_bundle_folder(make_window: WindowFactory, sample_bundle: Path) -> None:
    window = make_window()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(sample_bundle))])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)
    assert window.session.analysis is not None
    assert window.session.analysis.source.path == str(sample_bundle)


def test_crash_hook_logs(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    called: list[Any] = []
    monkeypatch.setattr(sys, "__excepthook__", lambda *a: called.append(a))
    previous = sys.excepthook
    install_crash_hook()
    try:
        with caplog.at_level(logging.CRITICAL, logger="esr_gui"):
            try:
                raise ValueError("unexpected")
            except ValueError as exc:
                sys.excepthook(type(exc), exc, exc.__traceback__)
    finally:
        sys.excepthook = previous
    assert "unexpected" in caplog.text and called  # opt-out: logged, then the default hook


def test_save_redacted_bundle(
    make_window: WindowFactory, dialogs: FakeDialogs, sample_bundle: Path, tmp_path: Path
) -> None:
    window = make_window()
    window.open_source(Source("bundle", path=str(sample_bundle)))
    dialogs.save_request = SaveRequest(ProblemInfo(description="x"), redact=True, as_zip=True)
    dest = tmp_path / "redacted.esrbundle.zip"
    dialogs.paths = [str(dest)]
    window.ui.actionSaveBundle.trigger()
    assert dest.is_file(), window.status_label.text()
    assert "redacted" in window.status_label.text()
    snapshot = load_source(Source("bundle", path=str(dest)))
    assert snapshot.manifest is not None and snapshot.manifest.redacted
    assert "PC-TEST" not in (snapshot.manifest.computer or "")
