"""Path checks made right before a file is deleted or written back.

The inventory already refused links; these checks run again at the moment of acting, so a
folder swapped for a junction in between is still caught.
"""

from __future__ import annotations

import os
import stat

from esr_gui.platform.remedies.fsops import FileOps, is_link


def inside(path: str, folder: str) -> bool:
    """True when `path` is strictly below `folder` (case-insensitive on Windows)."""
    base = os.path.normcase(folder.rstrip("\\/") + os.sep)
    return os.path.normcase(path).startswith(base)


def chain_problem(
    fs: FileOps, profile_dir: str, package_dir: str, target: str, *, allow_missing: bool = False
) -> str | None:
    """None when every folder from the profile down to `target` is a real folder (no link or
    junction) and `target` lies inside the package folder; otherwise the reason.

    With `allow_missing`, folders that do not exist yet are fine (a restore creates them).
    """
    if not inside(target, package_dir) or not inside(package_dir, profile_dir):
        return "is outside the package folder"
    try:
        parts = os.path.relpath(os.path.dirname(target), profile_dir).split(os.sep)
    except ValueError:
        return "is on another drive than the profile"
    current = profile_dir
    for part in ["", *parts]:
        current = os.path.join(current, part) if part else current
        problem = _folder_problem(fs, current, allow_missing)
        if problem == "missing":
            return None
        if problem:
            return problem
    parent_real = fs.realpath(os.path.dirname(target))
    if not inside(os.path.join(parent_real, os.path.basename(target)), fs.realpath(package_dir)):
        return "resolves outside the package folder"
    return None


def _folder_problem(fs: FileOps, path: str, allow_missing: bool) -> str | None:
    try:
        st = fs.lstat(path)
    except FileNotFoundError:
        return "missing" if allow_missing else f"{path} is no longer there"
    except OSError as exc:
        return f"{path} could not be checked ({exc.strerror or exc})"
    if is_link(st):
        return f"{path} is a link or junction; it is not followed"
    if not stat.S_ISDIR(st.st_mode):
        return f"{path} is not a folder"
    return None


def file_problem(fs: FileOps, path: str) -> str | None:
    """None when `path` is a plain file (not a link); otherwise the reason."""
    try:
        st = fs.lstat(path)
    except FileNotFoundError:
        return "it is no longer there"
    if is_link(st):
        return "it is now a link; left alone"
    if not stat.S_ISREG(st.st_mode):
        return "it is not a plain file; left alone"
    return None
