"""Hostile bundles (issue 15): only regular files are opened, duplicate names refused, sizes
judged before anything is read or inflated, and absurd JSON refused with a sentence."""

from __future__ import annotations

import json
import os
import shutil
import zipfile
from pathlib import Path

import pytest

from esr_gui.core.bundle.limits import BundleLimits
from esr_gui.core.bundle.reader import open_bundle
from esr_gui.core.bundle.regular_file import read_regular_file
from esr_gui.core.errors import BundleError, EsrError
from esr_gui.core.snapshot_builder import load_snapshot
from esr_gui.resources import demo_dir

DEMO = demo_dir() / "hybrid-not-registered"
MANIFEST = (DEMO / "manifest.json").read_bytes()


def demo_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "bundle"
    shutil.copytree(DEMO, folder)
    return folder


def zip_with(path: Path, entries: list[tuple[zipfile.ZipInfo | str, bytes]]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in entries:
            archive.writestr(info, data)
    return path


def entry(name: str, mode: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(2026, 11, 25, 9, 14, 3))
    info.create_system = 3
    info.external_attr = mode << 16
    return info


@pytest.mark.parametrize("member", ["dsregcmd-status.txt", "notes.txt", "events/x.xml"])
def test_a_named_pipe_in_a_bundle_folder_is_refused_unopened(
    tmp_path: Path, member: str, fifo_writer: list[Path]
) -> None:
    folder = demo_folder(tmp_path)
    target = folder / member
    target.unlink(missing_ok=True)
    os.mkfifo(target)
    fifo_writer.append(target)
    with pytest.raises(BundleError) as caught:
        load_snapshot(folder)
    assert str(caught.value) == (
        f"refused member '{member}': it is a named pipe (FIFO), not a regular file"
    )


def test_a_named_pipe_given_as_the_bundle_is_refused(
    tmp_path: Path, fifo_writer: list[Path]
) -> None:
    fifo = tmp_path / "PC-0042.esrbundle.zip"
    os.mkfifo(fifo)
    fifo_writer.append(fifo)
    with pytest.raises(BundleError, match=r"is a named pipe \(FIFO\), not a bundle folder or zip"):
        open_bundle(fifo)


def test_read_regular_file_refuses_pipes_and_devices(
    tmp_path: Path, fifo_writer: list[Path]
) -> None:
    fifo = tmp_path / "dsregcmd.txt"
    os.mkfifo(fifo)
    fifo_writer.append(fifo)
    with pytest.raises(EsrError, match=r"is a named pipe \(FIFO\), not a regular file; refused"):
        read_regular_file(fifo, 1024)
    with pytest.raises(EsrError, match="is a character device, not a regular file; refused"):
        read_regular_file(Path(os.devnull), 1024)


@pytest.mark.parametrize(
    ("mode", "kind"),
    [
        (0o010644, "a named pipe (FIFO)"),
        (0o020644, "a character device"),
        (0o060644, "a block device"),
        (0o140755, "a socket"),
    ],
)
def test_zip_entries_marked_as_special_files_are_refused(
    tmp_path: Path, mode: int, kind: str
) -> None:
    path = zip_with(
        tmp_path / "b.zip", [("manifest.json", MANIFEST), (entry("notes.txt", mode), b"x")]
    )
    with pytest.raises(BundleError) as caught:
        open_bundle(path)
    assert str(caught.value) == (
        f"refused member 'notes.txt': its zip entry is marked as {kind}, not a regular file"
    )


@pytest.mark.parametrize("mode", [0, 0o100644, 0o100755])
def test_zip_entries_of_regular_files_or_without_a_mode_are_read(tmp_path: Path, mode: int) -> None:
    path = zip_with(
        tmp_path / "b.zip", [("manifest.json", MANIFEST), (entry("notes.txt", mode), b"hi")]
    )
    with open_bundle(path) as bundle:
        assert bundle.read("notes.txt") == b"hi"


@pytest.mark.parametrize(
    ("second", "same"),
    [("notes.txt", "the same name"), ("NOTES.TXT", "names that differ only in letter case")],
)
def test_duplicate_zip_members_make_the_bundle_invalid(
    tmp_path: Path, second: str, same: str
) -> None:
    entries: list[tuple[zipfile.ZipInfo | str, bytes]] = [
        ("manifest.json", MANIFEST),
        ("notes.txt", b"first"),
        (second, b"second"),
    ]
    with pytest.warns(UserWarning, match="Duplicate name") if second == "notes.txt" else _none():
        path = zip_with(tmp_path / "b.zip", entries)
    with pytest.raises(BundleError) as caught:
        open_bundle(path)
    assert str(caught.value) == (
        f"the bundle holds two members with {same} ('notes.txt' and '{second}'); tools "
        "disagree on which one counts, so the bundle is refused"
    )


class _none:  # noqa: N801 (a no-op context manager)
    def __enter__(self) -> None:
        return None

    def __exit__(self, *_: object) -> None:
        return None


def test_folder_members_differing_only_in_case_make_the_bundle_invalid(tmp_path: Path) -> None:
    folder = demo_folder(tmp_path)
    (folder / "NOTES.TXT").write_bytes(b"one")
    (folder / "notes.txt").write_bytes(b"two")
    with pytest.raises(BundleError, match="names that differ only in letter case"):
        open_bundle(folder)


def test_an_oversize_manifest_is_refused_before_it_is_inflated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = MANIFEST[:-2] + b' , "pad": "' + b" " * (3 * 2**20) + b'"}'
    path = zip_with(tmp_path / "b.zip", [("manifest.json", big)])
    opened: list[str] = []
    real_open = zipfile.ZipFile.open

    def spy(self: zipfile.ZipFile, name: object, *args: object, **kwargs: object) -> object:
        opened.append(getattr(name, "filename", str(name)))
        return real_open(self, name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(zipfile.ZipFile, "open", spy)
    with pytest.raises(BundleError) as caught:
        open_bundle(path)
    assert str(caught.value) == (
        "member 'manifest.json' is 3.0 MiB, larger than the 1 MiB allowed for it; refused"
    )
    assert opened == []


def test_a_member_over_its_kind_cap_is_not_read_and_the_rest_is(tmp_path: Path) -> None:
    folder = demo_folder(tmp_path)
    (folder / "dsregcmd-status.txt").write_bytes(b"   Key : value\r\n" * (2**20 // 8))
    (folder / "registry" / "huge.reg").write_bytes(b"x" * (17 * 2**20))
    snapshot = load_snapshot(folder)
    problems = {p.member: p.message for p in snapshot.problems}
    assert problems["dsregcmd-status.txt"] == (
        "it is 2 MiB; a real `dsregcmd /status` output is a few KiB, so a text larger than "
        "1 MiB is not read"
    )
    assert problems["registry/huge.reg"] == (
        "member 'registry/huge.reg' is 17 MiB, larger than the 16 MiB allowed for it; refused"
    )
    assert snapshot.dsregcmd is None and snapshot.registry.keys and snapshot.events


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "[" * 100_000 + "]" * 100_000,
            "manifest.json is nested too deeply to read (arrays or objects inside one another "
            "thousands of levels deep); no real document is",
        ),
        (
            MANIFEST.decode()[:-2] + ', "n": ' + "7" * 5_000 + "}",
            "manifest.json holds a number thousands of digits long; no real document does, so "
            "it is refused",
        ),
    ],
)
def test_absurd_manifest_json_gets_a_sentence(tmp_path: Path, text: str, message: str) -> None:
    folder = demo_folder(tmp_path)
    (folder / "manifest.json").write_text(text)
    with pytest.raises(BundleError) as caught:
        open_bundle(folder)
    assert str(caught.value) == message


def test_deeply_nested_capture_log_is_a_member_problem(tmp_path: Path) -> None:
    folder = demo_folder(tmp_path)
    (folder / "capture.json").write_text("{" + '"a":{' * 50_000 + "}" * 50_001)
    snapshot = load_snapshot(folder)
    assert [(p.member, p.message) for p in snapshot.problems] == [
        (
            "capture.json",
            "the file is nested too deeply to read (arrays or objects inside one another "
            "thousands of levels deep); no real document is",
        )
    ]
    assert json.loads(MANIFEST)["format"] == "esr-bundle"


def test_limits_are_documented_in_bundle_format() -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "bundle-format.md").read_text()
    limits = BundleLimits()
    for words in (
        "1 MiB",
        f"{limits.max_reg_bytes // 2**20} MiB",
        f"{limits.max_event_bytes // 2**20} MiB",
        f"{limits.max_window_records:,}",
        f"{limits.max_events_per_channel:,}",
    ):
        assert words in doc, words
