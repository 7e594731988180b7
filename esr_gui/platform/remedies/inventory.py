"""Inventory of a profile's BrokerPlugin files, by lstat, never following a link.

Every path component below the profile folder is checked with lstat (and, on Windows, the
reparse-point attribute); a link or junction is reported and not entered. Names are matched
case-insensitively, as Windows does, and both `Account` and `Accounts` are looked at.
"""

from __future__ import annotations

import os
import stat

from esr_gui.core.remedy.backup_manifest import safe_relative
from esr_gui.core.remedy.plans import FoundFile, ProfileInventory, SkippedPath
from esr_gui.platform.remedies.fsops import FileOps, describe, is_link, is_read_only, sha256_file

PACKAGE_PARTS = ("AppData", "Local", "Packages", "Microsoft.AAD.BrokerPlugin_cw5n1h2txyewy")
SETTINGS_PARTS = ("Settings",)
SETTINGS_FILE = "settings.dat"
ACCOUNT_PARTS = (("AC", "TokenBroker", "Account"), ("AC", "TokenBroker", "Accounts"))
MAX_DEPTH = 6
MAX_FILES = 5000
LINK = "is a link or junction; it was not followed and is left alone"

Folder = tuple[str, str]  # (absolute path, path relative to the package folder)


class _Walk:
    """One inventory run: collects targets and the paths it refused."""

    def __init__(self, fs: FileOps) -> None:
        self.fs = fs
        self.files: list[FoundFile] = []
        self.skipped: list[SkippedPath] = []

    def skip(self, path: str, relative: str, reason: str) -> None:
        """Record `path` as left alone (once, however many walks reach it)."""
        if all(s.path != path for s in self.skipped):
            self.skipped.append(SkippedPath(path=path, relative=relative, reason=reason))

    def matches(self, folder: str, name: str) -> list[str]:
        """Names in `folder` equal to `name` ignoring case (an unreadable folder is reported)."""
        try:
            names = self.fs.listdir(folder)
        except (FileNotFoundError, NotADirectoryError):
            return []
        except OSError as exc:
            self.skip(folder, "", f"could not be listed: {describe(exc)}")
            return []
        wanted = name.casefold()
        return [n for n in names if n.casefold() == wanted]

    def folders(self, start: Folder, parts: tuple[str, ...]) -> list[Folder]:
        """Every real folder reached from `start` along `parts` (matched ignoring case)."""
        current = [start]
        for part in parts:
            reached: list[Folder] = []
            for folder, rel in current:
                for name in self.matches(folder, part):
                    path, child_rel = os.path.join(folder, name), _join(rel, name)
                    if self.is_real_folder(path, child_rel):
                        reached.append((path, child_rel))
            current = reached
        return current

    def is_real_folder(self, path: str, relative: str) -> bool:
        """True for a folder that is not a link; anything else is recorded as left alone."""
        try:
            st = self.fs.lstat(path)
        except OSError as exc:
            self.skip(path, relative, f"could not be checked: {describe(exc)}")
            return False
        if is_link(st):
            self.skip(path, relative, LINK)
            return False
        if not stat.S_ISDIR(st.st_mode):
            self.skip(path, relative, "is not a folder; left alone")
            return False
        return True

    def add_file(self, path: str, relative: str, package_real: str) -> None:
        """Record `path` as a target if it is a plain file inside the package folder."""
        try:
            st = self.fs.lstat(path)
        except OSError as exc:
            self.skip(path, relative, f"could not be checked: {describe(exc)}")
            return
        if is_link(st):
            self.skip(path, relative, LINK)
        elif not stat.S_ISREG(st.st_mode):
            self.skip(path, relative, "is not a plain file; left alone")
        elif not _inside(self.fs.realpath(path), package_real):
            self.skip(path, relative, "resolves outside the package folder; left alone")
        elif not _safe_name(relative):
            self.skip(path, relative, "has a name this tool cannot back up safely; left alone")
        elif len(self.files) >= MAX_FILES:
            self.skip(path, relative, f"more than {MAX_FILES} files; the rest are left alone")
        else:
            self.files.append(_found(self.fs, path, relative, st))

    def tree(self, folder: Folder, package_real: str, depth: int = 0) -> None:
        """Every plain file under `folder`, entering real sub-folders only."""
        path, rel = folder
        for name in self.matches_all(path):
            child, child_rel = os.path.join(path, name), _join(rel, name)
            try:
                st = self.fs.lstat(child)
            except OSError as exc:
                self.skip(child, child_rel, f"could not be checked: {describe(exc)}")
                continue
            if stat.S_ISDIR(st.st_mode) and not is_link(st):
                if depth < MAX_DEPTH:
                    self.tree((child, child_rel), package_real, depth + 1)
                else:
                    self.skip(child, child_rel, "is nested too deep; left alone")
            else:
                self.add_file(child, child_rel, package_real)

    def matches_all(self, folder: str) -> list[str]:
        try:
            return self.fs.listdir(folder)
        except OSError as exc:
            self.skip(folder, "", f"could not be listed: {describe(exc)}")
            return []


def _safe_name(relative: str) -> bool:
    try:
        safe_relative(relative)
    except ValueError:
        return False
    return True


def _join(relative: str, name: str) -> str:
    return f"{relative}/{name}" if relative else name


def _inside(path: str, folder: str) -> bool:
    return os.path.normcase(path).startswith(os.path.normcase(folder.rstrip(os.sep) + os.sep))


def _found(fs: FileOps, path: str, relative: str, st: os.stat_result) -> FoundFile:
    digest: str | None = None
    problem: str | None = None
    try:
        digest = sha256_file(fs, path)
    except OSError as exc:
        problem = describe(exc)
    return FoundFile(
        path=path,
        relative=relative,
        size=st.st_size,
        sha256=digest,
        read_only=is_read_only(st),
        mtime_ns=st.st_mtime_ns,
        problem=problem,
    )


def package_dir_of(profile_dir: str) -> str:
    """Where the BrokerPlugin package folder of a profile normally is."""
    return os.path.join(profile_dir, *PACKAGE_PARTS)


def inventory_profile(profile_dir: str, fs: FileOps | None = None) -> ProfileInventory:
    """The cleanup targets of one profile: `Settings/settings.dat` and every file under
    `AC/TokenBroker/Account(s)`; links, junctions and anything else are listed as left alone."""
    walk = _Walk(fs or FileOps())
    packages: list[Folder] = []
    if walk.is_real_folder(profile_dir, ""):
        packages = walk.folders((profile_dir, ""), PACKAGE_PARTS)
    if not packages:
        return _inventory(profile_dir, package_dir_of(profile_dir), False, walk)
    package, _ = packages[0]
    for other, _rel in packages[1:]:
        walk.skip(other, "", f"another spelling of the package folder; only {package} is cleaned")
    package_real = walk.fs.realpath(package)
    root: Folder = (package, "")
    for settings, rel in walk.folders(root, SETTINGS_PARTS):
        for name in walk.matches(settings, SETTINGS_FILE):
            walk.add_file(os.path.join(settings, name), _join(rel, name), package_real)
    for parts in ACCOUNT_PARTS:
        for folder in walk.folders(root, parts):
            walk.tree(folder, package_real)
    return _inventory(profile_dir, package, True, walk)


def _inventory(profile_dir: str, package: str, found: bool, walk: _Walk) -> ProfileInventory:
    return ProfileInventory(
        profile_dir=profile_dir,
        package_dir=package,
        package_found=found,
        files=tuple(walk.files),
        skipped=tuple(walk.skipped),
    )
