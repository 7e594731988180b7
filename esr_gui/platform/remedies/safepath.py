"""Opening the folders of a profile one level at a time, never through a link.

The inventory already refused links; the cleanup and the restore do not trust that: at the
moment of acting they open every folder from the profile down to the file's folder, each one
relative to the folder above it and without following a link, and act on the file through
that last handle. A folder swapped for a link or junction afterwards is not followed: the
handle still points at the real folder, and `FolderChain.unchanged` notices the swap.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

from esr_gui.platform.remedies.fsops import FileOps, Folder, UnsafePathError


def inside(path: str, folder: str) -> bool:
    """True when `path` is strictly below `folder` (case-insensitive on Windows)."""
    base = os.path.normcase(folder.rstrip("\\/") + os.sep)
    return os.path.normcase(path).startswith(base)


def folder_parts(profile_dir: str, package_dir: str, relative: str) -> list[str]:
    """The folder names from the profile down to the folder of `relative` (in the package)."""
    if not inside(package_dir, profile_dir):
        raise UnsafePathError("the package folder is not inside the profile")
    package = os.path.relpath(package_dir, profile_dir).split(os.sep)
    return [*package, *relative.split("/")[:-1]]


def read_target(fs: FileOps, profile_dir: str, package_dir: str, relative: str) -> bytes:
    """The bytes of a file of the package, read through handles that followed no link."""
    parts = folder_parts(profile_dir, package_dir, relative)
    with opened_chain(fs, profile_dir, parts) as chain:
        opened = fs.open_file(chain.last, relative.rsplit("/", maxsplit=1)[-1])
        try:
            return fs.read_handle(opened)
        finally:
            fs.close(opened)


class ProfileMissingError(UnsafePathError):
    """The profile folder itself is not there."""


class FolderChain:
    """The open folders from the profile down to one folder; close with `close()`."""

    def __init__(self, fs: FileOps, folders: list[Folder]) -> None:
        self.fs = fs
        self.folders = folders

    @property
    def last(self) -> Folder:
        """The deepest folder (where the file is)."""
        return self.folders[-1]

    def unchanged(self) -> bool:
        """True while every folder's path still names the folder that was opened."""
        return all(self.fs.folder_unchanged(folder) for folder in self.folders)

    def close(self) -> None:
        """Close every handle, deepest first."""
        for folder in reversed(self.folders):
            with contextlib.suppress(OSError):
                self.fs.close(folder)


def open_chain(
    fs: FileOps, profile_dir: str, parts: list[str], *, create: bool = False
) -> FolderChain:
    """Open `profile_dir` and then each of `parts` below it, refusing links; with `create`,
    a missing folder below the profile is made (a restore). UnsafePathError, naming the folder,
    when one is a link or not a folder; ProfileMissingError when the profile is gone."""
    try:
        folders = [fs.open_folder(profile_dir)]
    except FileNotFoundError:
        raise ProfileMissingError(f"the profile folder {profile_dir} no longer exists") from None
    chain = FolderChain(fs, folders)
    try:
        for part in parts:
            path = os.path.join(chain.last.path, part)
            if create and not fs.entry_exists(chain.last, part):
                folders.append(fs.make_folder(chain.last, part))
            else:
                folders.append(fs.open_folder(path, chain.last))
    except OSError:
        chain.close()
        raise
    return chain


@contextlib.contextmanager
def opened_chain(
    fs: FileOps, profile_dir: str, parts: list[str], *, create: bool = False
) -> Iterator[FolderChain]:
    """`open_chain` as a context manager."""
    chain = open_chain(fs, profile_dir, parts, create=create)
    try:
        yield chain
    finally:
        chain.close()
