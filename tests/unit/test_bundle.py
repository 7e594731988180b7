"""Bundle reader/writer: round trips, and every way a stranger's bundle is refused."""

from __future__ import annotations

import io
import json
import os
import zipfile
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from esr_gui.core.bundle.limits import BundleLimits, safe_member_name
from esr_gui.core.bundle.reader import open_bundle
from esr_gui.core.bundle.writer import write_bundle
from esr_gui.core.errors import BundleError
from esr_gui.core.models.manifest import Manifest

FIXTURE_OK = [HealthCheck.function_scoped_fixture]
CREATED = datetime(2026, 11, 25, 9, 14, 3, tzinfo=timezone(timedelta(hours=1)))


def manifest(**extra: object) -> Manifest:
    return Manifest.model_validate(
        {"format": "esr-bundle", "version": 1, "created": CREATED.isoformat(), **extra}
    )


def raw_zip(path: Path, members: dict[str, bytes | str]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


GOOD_MANIFEST = json.dumps({"format": "esr-bundle", "version": 1, "created": CREATED.isoformat()})


@pytest.mark.parametrize("suffix", [".esrbundle.zip", ""])
def test_round_trip_keeps_members_and_manifest(tmp_path: Path, suffix: str) -> None:
    members = {
        "dsregcmd-status.txt": b"\xff\xfeA\x00",
        "registry/CurrentVersion.reg": b"x" * 1000,
        "events/Microsoft-Windows-AAD%4Operational.xml": b"<Event/>",
        "unknown-member.bin": b"\x00\x01",
    }
    written = write_bundle(tmp_path / f"b{suffix}", manifest(computer="PC-0042"), members)
    with open_bundle(written) as bundle:
        assert bundle.manifest.computer == "PC-0042"
        assert bundle.manifest.created == CREATED
        for name, data in members.items():
            assert bundle.read(name) == data
        assert bundle.read("REGISTRY/currentversion.REG") == b"x" * 1000
        assert bundle.under("events/") == ["events/Microsoft-Windows-AAD%4Operational.xml"]


def test_manifest_unknown_keys_survive_a_round_trip(tmp_path: Path) -> None:
    written = write_bundle(tmp_path / "b.zip", manifest(capture_tool="x", redacted=True), {})
    with open_bundle(written) as bundle:
        assert bundle.manifest.redacted is True
        assert bundle.manifest.model_extra == {"capture_tool": "x"}


def test_writer_refuses_an_existing_non_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "keep.txt").write_text("mine")
    with pytest.raises(BundleError, match="already exists"):
        write_bundle(tmp_path / "b", manifest(), {})
    assert (tmp_path / "b" / "keep.txt").read_text() == "mine"


def test_writer_leaves_no_partial_zip_when_a_member_name_is_unsafe(tmp_path: Path) -> None:
    with pytest.raises(BundleError, match="outside the bundle"):
        write_bundle(tmp_path / "b.zip", manifest(), {"../escape.txt": b"x"})
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("manifest_text", "message"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "JSON object"),
        ('{"format": "other", "version": 1, "created": "2026-01-01T00:00:00Z"}', "expected"),
        ('{"format": "esr-bundle", "version": 2, "created": "2026-01-01T00:00:00Z"}', "version 2"),
        ('{"format": "esr-bundle", "version": 1}', "no 'created'"),
        (
            '{"format": "esr-bundle", "version": 1, "created": "2026-01-01T00:00:00"}',
            r"'created' needs a UTC offset, e\.g\. 2026-11-25T09:14:03\+01:00 \(it holds "
            r"'2026-01-01T00:00:00'\)",
        ),
        ('{"format": "esr-bundle", "version": 1, "created": "yesterday"}', "'yesterday'"),
        ('{"format": "esr-bundle", "version": 0, "created": "2026-01-01T00:00:00Z"}', "version"),
        (
            '{"format": "esr-bundle", "version": 1, "created": "2026-01-01T00:00:00Z",'
            ' "context": "root"}',
            r"'context' is invalid: .*'user', 'elevated' or 'system' \(it holds 'root'\)",
        ),
    ],
)
def test_bad_manifests_are_refused_with_a_clear_sentence(
    tmp_path: Path, manifest_text: str, message: str
) -> None:
    path = raw_zip(tmp_path / "b.zip", {"manifest.json": manifest_text})
    with pytest.raises(BundleError, match=message):
        open_bundle(path)


def test_missing_manifest_says_so(tmp_path: Path) -> None:
    path = raw_zip(tmp_path / "b.zip", {"dsregcmd-status.txt": "x"})
    with pytest.raises(BundleError, match="no manifest.json"):
        open_bundle(path)


def test_not_a_zip_and_not_a_folder(tmp_path: Path) -> None:
    path = tmp_path / "b.zip"
    path.write_bytes(b"this is not a zip at all")
    with pytest.raises(BundleError, match="neither a folder nor a zip"):
        open_bundle(path)
    with pytest.raises(BundleError, match="does not exist"):
        open_bundle(tmp_path / "missing.zip")


@pytest.mark.parametrize(
    "evil",
    ["../escape.txt", "events/../../escape.txt", "/etc/passwd", "C:/Windows/x", "a\\..\\..\\b"],
)
def test_zip_slip_members_are_refused(tmp_path: Path, evil: str) -> None:
    path = raw_zip(tmp_path / "b.zip", {"manifest.json": GOOD_MANIFEST, evil: "x"})
    with pytest.raises(BundleError, match="refused member"):
        open_bundle(path)


def test_symlink_member_in_a_zip_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "b.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("manifest.json", GOOD_MANIFEST)
        link = zipfile.ZipInfo("notes.txt")
        link.external_attr = (0o120777 << 16) | 0
        archive.writestr(link, "/etc/passwd")
    with pytest.raises(BundleError, match="links are not allowed"):
        open_bundle(path)


def test_symlink_in_a_folder_bundle_is_refused(tmp_path: Path) -> None:
    folder = write_bundle(tmp_path / "b", manifest(), {"notes.txt": b"hi"})
    (folder / "events").mkdir()
    os.symlink("/etc/passwd", folder / "events" / "x.xml")
    with pytest.raises(BundleError, match="links and junctions"):
        open_bundle(folder)


def test_linked_folder_in_a_folder_bundle_is_refused(tmp_path: Path) -> None:
    folder = write_bundle(tmp_path / "b", manifest(), {})
    os.symlink(tmp_path, folder / "registry")
    with pytest.raises(BundleError, match="links and junctions"):
        open_bundle(folder)


def test_zip_bomb_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "b.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", GOOD_MANIFEST)
        archive.writestr("events/bomb.xml", b"\0" * (3 * 2**20))
    limits = BundleLimits(max_total_bytes=2**20)
    with pytest.raises(BundleError, match="expands to more than 1 MiB"):
        open_bundle(path, limits)


def test_oversize_member_is_refused_on_read(tmp_path: Path) -> None:
    path = raw_zip(tmp_path / "b.zip", {"manifest.json": GOOD_MANIFEST, "notes.txt": "x" * 5000})
    bundle = open_bundle(path, BundleLimits(max_member_bytes=4096))
    with pytest.raises(BundleError, match="larger than"):
        bundle.read("notes.txt")
    bundle.close()


def test_too_many_members(tmp_path: Path) -> None:
    members: dict[str, bytes | str] = {"manifest.json": GOOD_MANIFEST}
    members.update({f"events/{i}.xml": "" for i in range(20)})
    path = raw_zip(tmp_path / "b.zip", members)
    with pytest.raises(BundleError, match="more than 10 members"):
        open_bundle(path, BundleLimits(max_members=10))


def test_zip_of_the_bundle_folder_itself_is_accepted(tmp_path: Path) -> None:
    path = raw_zip(
        tmp_path / "b.zip", {"PC-0042/manifest.json": GOOD_MANIFEST, "PC-0042/notes.txt": "hi"}
    )
    with open_bundle(path) as bundle:
        assert bundle.read("notes.txt") == b"hi"


def test_truncated_zip_is_refused(tmp_path: Path) -> None:
    good = write_bundle(tmp_path / "b.zip", manifest(), {"notes.txt": b"n" * 4000})
    data = good.read_bytes()
    cut = tmp_path / "cut.zip"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(BundleError):
        open_bundle(cut)


def test_safe_member_name_normalises_windows_separators() -> None:
    assert safe_member_name("registry\\CurrentVersion.reg") == "registry/CurrentVersion.reg"
    assert safe_member_name("./events//a.xml") == "events/a.xml"


def test_manifest_created_must_carry_an_offset() -> None:
    m = manifest()
    assert m.created.utcoffset() == timedelta(hours=1)
    assert m.created.astimezone(UTC).hour == 8


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=2048))
def test_arbitrary_bytes_never_crash_the_reader(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "fuzz.zip"
    path.write_bytes(data)
    try:
        open_bundle(path).close()
    except BundleError:
        pass


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cut=st.integers(min_value=0, max_value=4000), flip=st.integers(min_value=0, max_value=4000))
def test_damaged_real_bundle_never_crashes(tmp_path: Path, cut: int, flip: int) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", GOOD_MANIFEST)
        archive.writestr("notes.txt", "technician notes " * 100)
    data = bytearray(buffer.getvalue())
    if flip < len(data):
        data[flip] ^= 0xFF
    path = tmp_path / "fuzz.zip"
    path.write_bytes(bytes(data[: max(cut, 1)]) if cut < len(data) else bytes(data))
    try:
        with open_bundle(path) as bundle:
            for name in bundle.names():
                bundle.read(name)
    except BundleError:
        pass


def test_zip_declaring_an_unknown_version_is_refused(tmp_path: Path) -> None:
    """Regression (found by fuzzing): zipfile raises NotImplementedError for version 23.5."""
    good = write_bundle(tmp_path / "b.zip", manifest(), {"notes.txt": b"n" * 100})
    data = bytearray(good.read_bytes())
    central = data.find(b"PK\x01\x02")
    data[central + 6] = 235  # "version made by" of the first central-directory entry
    data[central + 4] = 235
    bad = tmp_path / "bad.zip"
    bad.write_bytes(bytes(data))
    with pytest.raises(BundleError, match="not a readable zip"):
        open_bundle(bad)
