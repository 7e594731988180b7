"""Which profile a cleanup works on: the ProfileList key (via winreg, injected) or a folder.

Paths are resolved here, in the process the user started, and passed on as absolute paths:
an elevated process would see the administrator's %LOCALAPPDATA%, not the user's.
"""

from __future__ import annotations

import ntpath
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from esr_gui.core.remedy.errors import RemedyRefusedError
from esr_gui.core.remedy.plans import ProfileRef

PROFILE_LIST = "SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\ProfileList"
SERVICE_SIDS = frozenset({"S-1-5-18", "S-1-5-19", "S-1-5-20"})


class RegistryReader(Protocol):
    """Read access to HKLM, as much as the profile list needs."""

    def subkeys(self, path: str) -> list[str]:
        """Names of the subkeys of HKLM\\`path`."""
        ...

    def value(self, path: str, name: str) -> str | None:
        """A string value of HKLM\\`path` (REG_EXPAND_SZ expanded), None if absent."""
        ...


class WinregReader:
    """The real registry, through winreg (Windows only)."""

    def __init__(self) -> None:
        import winreg  # noqa: PLC0415 (Windows only)

        self._winreg: Any = winreg

    def subkeys(self, path: str) -> list[str]:
        """EnumKey over HKLM\\`path`."""
        reg = self._winreg
        names: list[str] = []
        with reg.OpenKey(reg.HKEY_LOCAL_MACHINE, path) as key:
            count = reg.QueryInfoKey(key)[0]
            names.extend(reg.EnumKey(key, i) for i in range(count))
        return names

    def value(self, path: str, name: str) -> str | None:
        """QueryValueEx, expanding REG_EXPAND_SZ."""
        reg = self._winreg
        try:
            with reg.OpenKey(reg.HKEY_LOCAL_MACHINE, path) as key:
                data, kind = reg.QueryValueEx(key, name)
        except OSError:
            return None
        if not isinstance(data, str):
            return None
        return str(reg.ExpandEnvironmentStrings(data)) if kind == reg.REG_EXPAND_SZ else data


@dataclass(frozen=True)
class ProfileEntry:
    """One user profile from ProfileList; `own` marks the account running this tool."""

    sid: str
    path: str
    own: bool = False


def same_path(a: str, b: str) -> bool:
    """Paths equal after normalising (case-insensitive on Windows)."""
    return os.path.normcase(os.path.normpath(a)) == os.path.normcase(os.path.normpath(b))


def list_profiles(
    reader: RegistryReader,
    current_profile: str | None,
    expand: Callable[[str], str] = ntpath.expandvars,
) -> list[ProfileEntry]:
    """User profiles (service accounts and `.bak` leftovers excluded), own profile first."""
    entries: list[ProfileEntry] = []
    try:
        sids = reader.subkeys(PROFILE_LIST)
    except OSError:
        return []
    for sid in sids:
        if sid in SERVICE_SIDS or not sid.upper().startswith("S-1-") or sid.endswith(".bak"):
            continue
        path = reader.value(f"{PROFILE_LIST}\\{sid}", "ProfileImagePath")
        if path:
            path = expand(path)
            own = current_profile is not None and same_path(path, current_profile)
            entries.append(ProfileEntry(sid=sid, path=path, own=own))
    return sorted(entries, key=lambda e: (not e.own, e.path.casefold()))


def choose_profile(
    folder: str | None, profiles: list[ProfileEntry], current_profile: str | None
) -> ProfileRef | None:
    """The profile to work on: `folder` if given, else the signed-in user's own profile."""
    if folder:
        path = os.path.abspath(folder)
        match = next((p for p in profiles if same_path(p.path, path)), None)
        own = current_profile is not None and same_path(path, current_profile)
        if match is not None:
            return ProfileRef(path=path, sid=match.sid, own=own, source="profile-list")
        return ProfileRef(path=path, own=own, source="folder")
    mine = next((p for p in profiles if p.own), None)
    if mine is not None:
        return ProfileRef(path=mine.path, sid=mine.sid, own=True, source="profile-list")
    if current_profile:
        return ProfileRef(path=current_profile, own=True, source="current-user")
    return None


def restore_profile(
    recorded_path: str,
    recorded_sid: str | None,
    named: str | None,
    profiles: list[ProfileEntry] | None,
) -> ProfileRef:
    """The real profile a backup is restored into, never the backup's word alone.

    With a profile list (`profiles` not None, Windows): the listed profile with the backup's
    SID (or path), or the named one if it is listed. Without one: the folder the user named.
    Either way it must be the profile the backup was made from. RemedyRefusedError otherwise.
    """
    if profiles is None:
        if not named:
            raise RemedyRefusedError(
                "Choose the profile folder to restore into (--profile DIR, or Profile in the "
                "Fix pane): without Windows' profile list the backup's own record of it is "
                "not trusted. Nothing changed."
            )
        ref = ProfileRef(path=os.path.abspath(named), source="folder")
    else:
        ref = _listed(recorded_path, recorded_sid, named, profiles)
    if not same_path(ref.path, recorded_path):
        raise RemedyRefusedError(
            f"This backup was made from {recorded_path}; it is restored only into that "
            f"profile, not {ref.path}. Nothing changed."
        )
    return ref


def _listed(
    recorded_path: str, recorded_sid: str | None, named: str | None, profiles: list[ProfileEntry]
) -> ProfileRef:
    if named:
        match = next((p for p in profiles if same_path(p.path, named)), None)
        if match is None:
            raise RemedyRefusedError(
                f"{named} is not a profile in this computer's profile list (ProfileList); a "
                "backup is restored only into a real profile. Nothing changed."
            )
    else:
        match = next((p for p in profiles if recorded_sid and p.sid == recorded_sid), None)
        match = match or next((p for p in profiles if same_path(p.path, recorded_path)), None)
        if match is None:
            raise RemedyRefusedError(
                f"The profile this backup was made from ({recorded_path}) is not in this "
                "computer's profile list any more; nothing was restored."
            )
    return ProfileRef(path=match.path, sid=match.sid, own=match.own, source="profile-list")
