"""Open a capture bundle (folder or zip) safely and read its members.

A bundle may come from a stranger: names are validated, links and anything but regular files
refused, duplicate names refused, sizes capped (declared sizes before anything is read or
inflated), and nothing inside is ever executed or extracted to disk.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator, Mapping
from pathlib import Path

from pydantic import ValidationError

from esr_gui.core.bundle.limits import (
    DEFAULT_LIMITS,
    MANIFEST,
    BundleLimits,
    refuse_duplicate,
)
from esr_gui.core.bundle.regular_file import not_regular_reason, size_words
from esr_gui.core.bundle.storage import FolderStorage, MemoryStorage, Storage
from esr_gui.core.bundle.zipped import ZipStorage
from esr_gui.core.errors import BundleError, ParseError
from esr_gui.core.excerpt import excerpt
from esr_gui.core.models.manifest import BUNDLE_FORMAT, BUNDLE_VERSION, Manifest
from esr_gui.core.parse.safe_json import loads_json

CHUNK_BYTES = 1 << 20


class Bundle:
    """An opened bundle: its validated manifest and case-insensitive access to members."""

    def __init__(self, path: Path, storage: Storage, limits: BundleLimits) -> None:
        self.path = path
        self._storage = storage
        self.limits = limits
        self._sizes = storage.sizes()
        seen: dict[str, str] = {}
        for name in self._sizes:
            refuse_duplicate(seen, name, name)
        self._by_lower = {name.lower(): name for name in self._sizes}
        if not self.has(MANIFEST):
            raise BundleError(f"{path.name} is not an ESR bundle: it has no manifest.json")
        if self.size(MANIFEST) > limits.max_manifest_bytes:
            raise BundleError(_too_large(MANIFEST, self.size(MANIFEST), limits.max_manifest_bytes))
        self.manifest = _parse_manifest(self.read(MANIFEST, limits.max_manifest_bytes), limits)

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

    def read(self, name: str, limit: int | None = None) -> bytes:
        """The bytes of a member; BundleError if it is missing or larger than `limit` (at most
        the bundle's member limit), judged by its declared size before anything is read."""
        return b"".join(self.chunks(name, limit))

    def chunks(
        self, name: str, limit: int | None = None, piece_size: int = CHUNK_BYTES
    ) -> Iterator[bytes]:
        """The bytes of a member in pieces of up to `piece_size` (1 MiB), for readers that
        stream (a reader that keeps the whole member asks for one piece of its size)."""
        real = self._real(name)
        cap = min(limit or self.limits.max_member_bytes, self.limits.max_member_bytes)
        if self._sizes[real] > cap:
            raise BundleError(_too_large(real, self._sizes[real], cap))
        total = 0
        for piece in self._storage.chunks(real, max(piece_size, 1)):
            total += len(piece)
            if total > cap:  # a folder member that grew after it was listed
                raise BundleError(_too_large(real, total, cap))
            yield piece

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
    _refuse_unusable_path(bundle_path)
    storage: Storage
    if bundle_path.is_dir():
        storage = FolderStorage(bundle_path, limits)
    elif zipfile.is_zipfile(bundle_path):
        storage = ZipStorage(bundle_path, limits)
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


def _refuse_unusable_path(path: Path) -> None:
    """BundleError for a path that does not exist, cannot be examined, or is neither a folder
    nor a regular file (a named pipe would block `is_zipfile` forever)."""
    try:
        if "\x00" in str(path):
            raise ValueError("embedded null character")
        exists = path.exists()
    except (OSError, ValueError) as exc:
        raise BundleError(f"cannot open {excerpt(str(path), 200)!r}: {_os_reason(exc)}") from None
    if not exists:
        raise BundleError(f"{path} does not exist")
    kind = not_regular_reason(path)
    if kind is not None and kind != "a folder":
        raise BundleError(f"{path.name} is {kind}, not a bundle folder or zip; refused")


def _os_reason(exc: BaseException) -> str:
    if isinstance(exc, ValueError):
        return "the path contains a character no file name can hold"
    return getattr(exc, "strerror", None) or str(exc)


def _too_large(name: str, size: int, cap: int) -> str:
    return (
        f"member {name!r} is {size_words(size)}, larger than the {size_words(cap)} "
        "allowed for it; refused"
    )


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
    return Bundle(Path(label), MemoryStorage(members, limits), limits)


def _parse_manifest(data: bytes, limits: BundleLimits) -> Manifest:
    if len(data) > limits.max_manifest_bytes:
        raise BundleError("manifest.json is implausibly large; refusing the bundle")
    try:
        raw = loads_json(data, MANIFEST)
    except ParseError as exc:
        raise BundleError(str(exc)) from None
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
