"""The zip side of the bundle reader: which entries are members, and reading them safely.

An entry is refused when its name could leave the bundle, when its Unix mode says it is not a
regular file (a link, a pipe, a device, a socket), or when another entry has the same name
(exactly or apart from letter case): zip readers differ in which copy they return, so such a
bundle could show one tool one thing and another tool another. Declared sizes are checked
before anything is inflated; zipfile never inflates past an entry's declared size.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from esr_gui.core.bundle.limits import (
    MANIFEST,
    BundleLimits,
    check_totals,
    refuse_duplicate,
    safe_member_name,
)
from esr_gui.core.bundle.regular_file import file_kind
from esr_gui.core.errors import BundleError

_ZIP_TYPE_BITS = 0o170000
_ZIP_DIRECTORY = 0o040000


class ZipStorage:
    """Members of a zip bundle, validated when it is opened."""

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
        """Declared (uncompressed) size of each member."""
        return {name: info.file_size for name, info in self._infos.items()}

    def chunks(self, name: str, size: int) -> Iterator[bytes]:
        """The member's bytes in pieces of `size`; BundleError (in words) when it is damaged."""
        try:
            with self._zip.open(self._infos[name]) as handle:
                yield from _pieces(handle, size)
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError) as exc:
            raise BundleError(f"member {name!r} is damaged ({_damage(exc)})") from None
        except NotImplementedError as exc:
            raise BundleError(f"member {name!r} uses an unsupported compression ({exc})") from None
        except RuntimeError:  # zipfile's "File ... is encrypted, password required"
            raise BundleError(
                f"member {name!r} is password-protected; bundles are plain zips"
            ) from None

    def close(self) -> None:
        """Close the zip file."""
        self._zip.close()


def _pieces(handle: IO[bytes], size: int) -> Iterator[bytes]:
    while piece := handle.read(size):
        yield piece


def _zip_members(archive: zipfile.ZipFile, limits: BundleLimits) -> dict[str, zipfile.ZipInfo]:
    infos: dict[str, zipfile.ZipInfo] = {}
    seen: dict[str, str] = {}
    total = 0
    entries = archive.infolist()
    if len(entries) > limits.max_members:
        raise BundleError(f"the bundle has more than {limits.max_members} members; refused")
    for info in entries:
        name = safe_member_name(info.filename)
        _refuse_special(info)
        if info.is_dir():
            continue
        refuse_duplicate(seen, name, info.filename)
        total += info.file_size
        check_totals(len(infos) + 1, total, limits)
        infos[name] = info
    return _strip_single_top_folder(infos)


def _refuse_special(info: zipfile.ZipInfo) -> None:
    """Entries whose Unix mode (the high 16 bits of the external attributes; zero in zips
    made by Windows tools) says link, pipe, device or socket are refused."""
    mode = info.external_attr >> 16
    kind_bits = mode & _ZIP_TYPE_BITS
    if not kind_bits or kind_bits == _ZIP_DIRECTORY:
        return
    kind = file_kind(mode)
    if kind == "a link":
        raise BundleError(f"refused member {info.filename!r}: links are not allowed")
    if kind is not None:
        raise BundleError(
            f"refused member {info.filename!r}: its zip entry is marked as {kind}, "
            "not a regular file"
        )


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
