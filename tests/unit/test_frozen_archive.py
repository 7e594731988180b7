"""esr_gui.frozen_archive: one handle on PyInstaller's module archive while the app starts.

The reader is a stand-in with the shape of PyInstaller's `pyimod01_archive` (a module whose
code reads `self._filename` through `open(..., "rb")` in a `with` block) and the archive
instance `pyimod02_importers.pyz_archive`; the frozen app itself runs in the Wine smoke test.
"""

from __future__ import annotations

import builtins
import sys
import threading
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from esr_gui import frozen_archive
from esr_gui.frozen_archive import hold_archive, release_archive

READER_CODE = """
class ZlibArchiveReader:
    def __init__(self, filename):
        self._filename = filename

    def extract(self, offset, length):
        with open(self._filename, "rb") as fp:
            fp.seek(offset)
            return fp.read(length)
"""


@pytest.fixture
def archive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A reader module and its archive instance, installed under PyInstaller's names."""
    path = tmp_path / "esr-gui.exe"
    path.write_bytes(bytes(range(256)) * 64)
    reader = types.ModuleType("pyimod01_archive")
    exec(READER_CODE, reader.__dict__)  # the stand-in reader: its code, in its own module
    importers = types.ModuleType("pyimod02_importers")
    importers.pyz_archive = reader.ZlibArchiveReader(str(path))  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "pyimod01_archive", reader)
    monkeypatch.setitem(sys.modules, "pyimod02_importers", importers)
    yield importers.pyz_archive  # type: ignore[attr-defined]
    release_archive()


def opens_of(path: str, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record every builtins.open of `path` from now on."""
    seen: list[str] = []
    real = builtins.open

    def counting(file: Any, *args: Any, **kwargs: Any) -> Any:
        if file == path:
            seen.append(file)
        return real(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", counting)
    return seen


def test_held_reads_use_one_handle(archive: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    opened = opens_of(archive._filename, monkeypatch)
    assert hold_archive()
    reads = [archive.extract(offset, 16) for offset in range(0, 4096, 100)]
    assert reads == [bytes((offset + i) % 256 for i in range(16)) for offset in range(0, 4096, 100)]
    assert len(opened) == 1


def test_released_reads_open_the_file_each_time(
    archive: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert hold_archive()
    held = vars(sys.modules["pyimod01_archive"])["open"].held
    assert release_archive()
    assert held.file.closed
    assert "open" not in vars(sys.modules["pyimod01_archive"])
    opened = opens_of(archive._filename, monkeypatch)
    assert archive.extract(10, 2) == bytes([10, 11]) and archive.extract(20, 1) == bytes([20])
    assert len(opened) == 2
    assert not release_archive()  # nothing held any more


def test_reads_from_many_threads_get_their_own_bytes(archive: Any) -> None:
    """Seek and read are one locked step: import threads never read at another's offset."""
    assert hold_archive()
    wrong: list[int] = []

    def read_many(start: int) -> None:
        for offset in range(start, 16_000, 7):
            if archive.extract(offset, 3) != bytes((offset + i) % 256 for i in range(3)):
                wrong.append(offset)

    threads = [threading.Thread(target=read_many, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert wrong == []


def test_a_read_on_its_way_when_released_opens_the_file_itself(archive: Any) -> None:
    """Release can come between the reader's call to `open` and its `with` block (another
    thread importing): that read then opens the archive as the reader would."""
    assert hold_archive()
    block = vars(sys.modules["pyimod01_archive"])["open"](archive._filename, "rb")
    assert release_archive()
    with block as file:
        file.seek(300)
        assert file.read(2) == bytes([300 % 256, 301 % 256])
    assert file.closed


def test_other_files_and_modes_are_opened_as_usual(archive: Any, tmp_path: Path) -> None:
    assert hold_archive()
    opener = vars(sys.modules["pyimod01_archive"])["open"]
    other = tmp_path / "other.txt"
    other.write_text("plain", encoding="utf-8")
    with opener(str(other), "r", encoding="utf-8") as file:
        assert file.read() == "plain"
    with opener(archive._filename, "r", encoding="latin-1") as file:  # not the reader's mode
        assert file.read(3) == "\x00\x01\x02"


def test_nothing_to_hold_outside_a_frozen_app(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(sys.modules, "pyimod01_archive", raising=False)
    monkeypatch.delitem(sys.modules, "pyimod02_importers", raising=False)
    assert not hold_archive()
    assert not release_archive()


def test_held_once_and_never_over_a_reader_with_its_own_open(archive: Any) -> None:
    assert hold_archive()
    assert not hold_archive()  # already held
    assert release_archive()
    sys.modules["pyimod01_archive"].open = builtins.open  # type: ignore[attr-defined]
    try:
        assert not hold_archive()  # not the reader this was written for
        assert not release_archive()
    finally:
        del sys.modules["pyimod01_archive"].open


def test_an_archive_that_cannot_be_opened_is_left_alone(archive: Any) -> None:
    Path(archive._filename).unlink()
    assert not hold_archive()
    assert "open" not in vars(sys.modules["pyimod01_archive"])


def test_the_module_imports_nothing_of_the_app() -> None:
    """It runs first in the frozen entry points, before any of the app is imported."""
    source = Path(frozen_archive.__file__).read_text(encoding="utf-8")
    assert "esr_gui" not in source.split('"""', 2)[2]
