"""Open a capture bundle (folder or zip) safely and read its members.

A bundle may come from a stranger: names are validated, links refused, sizes capped, and
nothing inside is ever executed or extracted to disk.
"""

from __future__ import annotations

import json
import os
import stat
import zipfile
import zlib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Protocol

from pydantic import ValidationError

from esr_gui.core.bundle.limits import DEFAULT_LIMITS, MANIFEST, BundleLimits, safe_member_name
from esr_gui.core.errors import BundleError
from esr_gui.core.excerpt import excerpt
from esr_gui.core.models.manifest import BUNDLE_FORMAT, BUNDLE_VERSION, Manifest

_REPARSE_POINT = getattr(stat, "FILE_ATTRIBUTE_REPARSE_POINT", 0x400)
_ZIP_SYMLINK = 0o120000


class _Storage(Protocol):
    def sizes(self) -> dict[str, int]: ...

    def read(self, name: str, limit: int) -> bytes: ...

    def close(self) -> None: ...


class Bundle:
    """An opened bundle: its validated manifest and case-insensitive access to members."""

    def __init__(self, path: Path, storage: _Storage, limits: BundleLimits) -> None:
        self.path = path
        self._storage = storage
        self._limits = limits
        self._sizes = storage.sizes()
        self._by_lower = {name.lower(): name for name in self._sizes}
        if not self.has(MANIFEST):
            raise BundleError(f"{path.name} is not an ESR bundle: it has no manifest.json")
        self.manifest = _parse_manifest(self.read(MANIFEST), self._limits)

    def names(self) -> list[str]:
        """Member names as stored (`registry/x.reg` form), sorted."""
        return sorted(self._sizes)

    def has(self, name: str) -> bool:
        """True when the bundle holds `name` (compared case-insensitively)."""
        return name.lower() in self._by_lower

    def under(self, folder: str) -> list[str]:
        """Members directly inside `folder` (e.g. `events/`), sorted."""
        prefix = folder.lower().rstrip("/") + "/"
        return sorted(
            real
            for low, real in self._by_lower.items()
            if low.startswith(prefix) and "/" not in low[len(prefix) :]
        )

    def size(self, name: str) -> int:
        """Uncompressed size of a member as recorded."""
        return self._sizes[self._real(name)]

    def read(self, name: str) -> bytes:
        """The bytes of a member; BundleError if it is missing or larger than allowed."""
        return self._storage.read(self._real(name), self._limits.max_member_bytes)

    def close(self) -> None:
        """Release the zip file handle, if any."""
        self._storage.close()

    def __enter__(self) -> Bundle:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _real(self, name: str) -> str:
        real = self._by_lower.get(name.lower())
        if real is None:
            raise BundleError(f"the bundle has no member {name!r}")
        return real


def open_bundle(path: str | Path, limits: BundleLimits = DEFAULT_LIMITS) -> Bundle:
    """Open a bundle folder or zip; BundleError with one clear sentence when it is unusable."""
    bundle_path = Path(path)
    if not bundle_path.exists():
        raise BundleError(f"{bundle_path} does not exist")
    storage: _Storage
    if bundle_path.is_dir():
        storage = _FolderStorage(bundle_path, limits)
    elif zipfile.is_zipfile(bundle_path):
        storage = _ZipStorage(bundle_path, limits)
    elif _starts_like_zip(bundle_path):
        raise BundleError(
            f"{bundle_path.name} is an incomplete zip: its end is missing, so the copy or "
            "download was probably cut short; copy it again"
        )
    else:
        raise BundleError(f"{bundle_path.name} is not a bundle: it is neither a folder nor a zip")
    try:
        return Bundle(bundle_path, storage, limits)
    except BaseException:
        storage.close()
        raise


def _starts_like_zip(path: Path) -> bool:
    """True when the file begins with a zip's first record (a zip cut before its end)."""
    try:
        with path.open("rb") as handle:
            return handle.read(4) == b"PK\x03\x04"
    except OSError:
        return False


def bundle_from_members(
    members: Mapping[str, bytes], label: str = "live capture", limits: BundleLimits = DEFAULT_LIMITS
) -> Bundle:
    """A Bundle over members held in memory (a live capture before it is saved anywhere).

    The same validation applies as for a file: names, sizes and the manifest.
    """
    return Bundle(Path(label), _MemoryStorage(members, limits), limits)


def _parse_manifest(data: bytes, limits: BundleLimits) -> Manifest:
    if len(data) > limits.max_manifest_bytes:
        raise BundleError("manifest.json is implausibly large; refusing the bundle")
    try:
        raw = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise BundleError("manifest.json is not valid JSON (it is not UTF-8 text)") from None
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}: {exc.msg.lower()}"
        raise BundleError(f"manifest.json is not valid JSON ({where})") from None
    if not isinstance(raw, dict):
        raise BundleError("manifest.json must hold a JSON object")
    if raw.get("format") != BUNDLE_FORMAT:
        raise BundleError(
            f"manifest.json says format {raw.get('format')!r}; expected {BUNDLE_FORMAT!r}"
        )
    version = raw.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version > BUNDLE_VERSION:
        raise BundleError(
            f"this bundle uses format version {version}; this release reads version "
            f"{BUNDLE_VERSION} — update ESR Troubleshooter to open it"
        )
    if "created" not in raw:
        raise BundleError("manifest.json has no 'created' time; it is required")
    try:
        return Manifest.model_validate(raw)
    except ValidationError as exc:
        raise BundleError(_manifest_problem(exc)) from None


def _manifest_problem(exc: ValidationError) -> str:
    """The first invalid manifest field, in a sentence that shows the value it holds."""
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first["loc"]) or "manifest"
    shown = excerpt(repr(first.get("input")), 60)
    if first["type"] == "timezone_aware":
        return (
            f"manifest.json field '{where}' needs a UTC offset, e.g. "
            f"2026-11-25T09:14:03+01:00 (it holds {shown})"
        )
    return f"manifest.json field '{where}' is invalid: {first['msg']} (it holds {shown})"


class _MemoryStorage:
    def __init__(self, members: Mapping[str, bytes], limits: BundleLimits) -> None:
        self._data = {safe_member_name(name): data for name, data in members.items()}
        _check_totals(len(self._data), sum(len(d) for d in self._data.values()), limits)

    def sizes(self) -> dict[str, int]:
        return {name: len(data) for name, data in self._data.items()}

    def read(self, name: str, limit: int) -> bytes:
        data = self._data[name]
        if len(data) > limit:
            raise BundleError(f"member {name!r} is larger than {limit // 2**20} MiB; refused")
        return data

    def close(self) -> None:
        return None


class _FolderStorage:
    def __init__(self, root: Path, limits: BundleLimits) -> None:
        self._root = root.resolve()
        self._sizes = _folder_sizes(self._root, limits)

    def sizes(self) -> dict[str, int]:
        return dict(self._sizes)

    def read(self, name: str, limit: int) -> bytes:
        target = self._root.joinpath(*name.split("/"))
        _refuse_link(target, name)
        try:
            with target.open("rb") as handle:
                data = handle.read(limit + 1)
        except OSError as exc:
            raise BundleError(f"cannot read member {name!r}: {exc.strerror or exc}") from None
        if len(data) > limit:
            raise BundleError(f"member {name!r} is larger than {limit // 2**20} MiB; refused")
        return data

    def close(self) -> None:
        return None


def _refuse_link(path: Path, name: str) -> None:
    info = os.lstat(path)
    attrs = getattr(info, "st_file_attributes", 0)
    if stat.S_ISLNK(info.st_mode) or attrs & _REPARSE_POINT:
        raise BundleError(f"refused member {name!r}: links and junctions are not allowed")


def _walk_files(root: Path) -> Iterator[tuple[str, Path]]:
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        here = Path(dirpath)
        for d in dirnames:
            rel = (here / d).relative_to(root).as_posix()
            _refuse_link(here / d, rel)
        for f in filenames:
            yield (here / f).relative_to(root).as_posix(), here / f


def _folder_sizes(root: Path, limits: BundleLimits) -> dict[str, int]:
    sizes: dict[str, int] = {}
    total = 0
    for rel, full in _walk_files(root):
        _refuse_link(full, rel)
        sizes[safe_member_name(rel)] = size = full.stat().st_size
        total += size
        _check_totals(len(sizes), total, limits)
    return sizes


def _check_totals(count: int, total: int, limits: BundleLimits) -> None:
    if count > limits.max_members:
        raise BundleError(f"the bundle has more than {limits.max_members} members; refused")
    if total > limits.max_total_bytes:
        mib = limits.max_total_bytes // 2**20
        raise BundleError(f"the bundle expands to more than {mib} MiB; refused")


class _ZipStorage:
    def __init__(self, path: Path, limits: BundleLimits) -> None:
        try:
            self._zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, NotImplementedError, ValueError, EOFError) as exc:
            raise BundleError(f"{path.name} is not a readable zip ({exc})") from None
        try:
            self._infos = _zip_members(self._zip, limits)
        except BaseException:
            self._zip.close()
            raise

    def sizes(self) -> dict[str, int]:
        return {name: info.file_size for name, info in self._infos.items()}

    def read(self, name: str, limit: int) -> bytes:
        info = self._infos[name]
        try:
            with self._zip.open(info) as handle:
                data = handle.read(limit + 1)
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError) as exc:
            raise BundleError(f"member {name!r} is damaged ({_damage(exc)})") from None
        except NotImplementedError as exc:
            raise BundleError(f"member {name!r} uses an unsupported compression ({exc})") from None
        except RuntimeError:  # zipfile's "File ... is encrypted, password required"
            raise BundleError(
                f"member {name!r} is password-protected; bundles are plain zips"
            ) from None
        if len(data) > limit:
            raise BundleError(f"member {name!r} is larger than {limit // 2**20} MiB; refused")
        return data

    def close(self) -> None:
        self._zip.close()


def _zip_members(archive: zipfile.ZipFile, limits: BundleLimits) -> dict[str, zipfile.ZipInfo]:
    infos: dict[str, zipfile.ZipInfo] = {}
    total = 0
    entries = archive.infolist()
    if len(entries) > limits.max_members:
        raise BundleError(f"the bundle has more than {limits.max_members} members; refused")
    for info in entries:
        name = safe_member_name(info.filename)
        if (info.external_attr >> 16) & 0o170000 == _ZIP_SYMLINK:
            raise BundleError(f"refused member {info.filename!r}: links are not allowed")
        if info.is_dir():
            continue
        total += info.file_size
        _check_totals(len(infos) + 1, total, limits)
        infos[name] = info
    return _strip_single_top_folder(infos)


def _strip_single_top_folder(infos: dict[str, zipfile.ZipInfo]) -> dict[str, zipfile.ZipInfo]:
    """Accept a zip of the bundle folder itself (`PC-0042/manifest.json`), not only its contents."""
    if any(name.lower() == MANIFEST for name in infos):
        return infos
    tops = {name.split("/", 1)[0] for name in infos}
    if len(tops) != 1 or all("/" not in name for name in infos):
        return infos
    top = tops.pop()
    return {name[len(top) + 1 :]: info for name, info in infos.items() if "/" in name}


def _damage(exc: Exception) -> str:
    """Why a zip member could not be read, in words (not zipfile's or zlib's)."""
    text = str(exc)
    if "CRC" in text:
        return "its checksum does not match: it was altered or damaged in transit"
    if isinstance(exc, zlib.error | EOFError) or "decompress" in text.lower():
        return "its compressed data is corrupt or cut short"
    return text or type(exc).__name__
