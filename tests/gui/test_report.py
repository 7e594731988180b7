"""Save HTML report: enabled once something is open, rendered in a worker with the headline
and the confirmed manual checks, written atomically; the redacted report names nobody."""

from __future__ import annotations

import os
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from esr_gui.gui import exports
from esr_gui.gui.exports import SaveError, write_text_atomically
from esr_gui.gui.pipeline import Source
from tests.gui.conftest import DSREG_HYBRID, FakeDialogs, WindowFactory


class _Page(HTMLParser):
    """The text of a page, and whether it has a title and no script."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        self.tags.add(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def page_text(path: Path) -> str:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    assert {"html", "head", "title", "body"} <= page.tags and "script" not in page.tags
    return " ".join(" ".join(page.text).split())


def save(qtbot: Any, window: Any, dialogs: FakeDialogs, dest: Path, *, redact: bool) -> str:
    """Trigger the action, check it runs as a worker job, wait for the file; its text."""
    dialogs.paths.append(str(dest))
    action = window.ui.actionSaveRedactedReport if redact else window.ui.actionSaveReport
    assert action.isEnabled()
    action.trigger()
    assert "Saving the report" in window.ctx.runner.running_names()  # not on the GUI thread
    qtbot.waitUntil(lambda: not window.ctx.runner.busy(), timeout=20_000)
    assert "saved to" in window.status_label.text()
    assert [p.name for p in dest.parent.iterdir() if p.name.endswith(".part")] == []
    return page_text(dest)


@pytest.fixture
def pooled(make_window: WindowFactory, real_pool: Any) -> Any:
    """The window over a real thread pool."""
    return make_window(pool=real_pool)


def test_report_actions_wait_for_something_open(make_window: WindowFactory) -> None:
    window = make_window()
    for action in (window.ui.actionSaveReport, window.ui.actionSaveRedactedReport):
        assert not action.isEnabled() and "Open a bundle" in action.toolTip()


def test_report_has_the_headline_and_the_confirmed_checks(
    qtbot: Any, pooled: Any, dialogs: FakeDialogs, sample_bundle: Path, tmp_path: Path
) -> None:
    window = pooled
    with qtbot.waitSignal(window.ready, timeout=20_000):
        window.open_source(Source("bundle", path=str(sample_bundle)))
    analysis = window.session.analysis
    manual = next(f for f in analysis.findings if f.status == "manual")
    window.ui.checklist.model.set_confirmed(manual.id, True)
    dest = tmp_path / "out" / "report.html"
    dest.parent.mkdir()
    dest.write_text("an older report", encoding="utf-8")
    text = save(qtbot, window, dialogs, dest, redact=False)
    assert analysis.headline.cause in text
    assert analysis.headline.action in text
    assert f"☑ Confirmed {manual.title}" in text
    assert "PC-TEST" in text
    assert dialogs.calls[-1] == ("save_path", "Save HTML report")


@pytest.mark.parametrize("kind", ["bundle", "pasted"])
def test_redacted_report_keeps_nothing_personal(
    qtbot: Any, pooled: Any, dialogs: FakeDialogs, sample_bundle: Path, kind: str
) -> None:
    window = pooled
    source = (
        Source("bundle", path=str(sample_bundle))
        if kind == "bundle"
        else Source("pasted", text=DSREG_HYBRID.read_bytes())
    )
    with qtbot.waitSignal(window.ready, timeout=20_000):
        window.open_source(source)
    status = window.session.analysis.snapshot.dsregcmd
    personal = [status.get(k) for k in ("Device Name", "DeviceId", "TenantId", "TenantName")]
    personal = [p for p in personal if p and len(p) > 3]
    assert personal
    text = save(qtbot, window, dialogs, sample_bundle.parent / "redacted.html", redact=True)
    assert "Redacted" in text
    for value in personal:
        assert value not in text and value.lower() not in text.lower(), value
    assert "PC-TEST" not in text
    assert dialogs.calls[-1] == ("save_path", "Save redacted HTML report")


def test_atomic_write_leaves_the_old_file_when_it_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dest = tmp_path / "report.html"
    write_text_atomically(dest, "<p>first</p>")
    assert dest.read_text(encoding="utf-8") == "<p>first</p>"

    def refuse(src: object, dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(exports.os, "replace", refuse)
    with pytest.raises(SaveError, match="cannot write .*report.html: Permission denied"):
        write_text_atomically(dest, "<p>second</p>")
    assert dest.read_text(encoding="utf-8") == "<p>first</p>"
    assert os.listdir(tmp_path) == ["report.html"]
    with pytest.raises(SaveError, match="cannot write to"):
        write_text_atomically(tmp_path / "missing" / "r.html", "x")


def test_a_failed_save_is_told_in_a_sentence(
    make_window: WindowFactory, dialogs: FakeDialogs, sample_bundle: Path, tmp_path: Path
) -> None:
    window = make_window()
    window.open_source(Source("bundle", path=str(sample_bundle)))
    dialogs.paths.append(str(tmp_path / "no-such-folder" / "r"))
    window.ui.actionSaveReport.trigger()
    errors = [detail for name, detail in dialogs.calls if name == "error"]
    assert errors and errors[0].startswith("cannot write to ")
    assert "internal error" not in errors[0]
    assert window.status_label.text().startswith("Not saved: cannot write to ")
