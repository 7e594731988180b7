"""A read-only, merged, case-insensitive view of registry keys captured with `reg export`."""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, Field

RegData = str | int | list[str]

HIVE_ALIASES: dict[str, str] = {
    "HKEY_LOCAL_MACHINE": "HKLM",
    "HKLM": "HKLM",
    "HKEY_CURRENT_USER": "HKCU",
    "HKCU": "HKCU",
    "HKEY_USERS": "HKU",
    "HKU": "HKU",
    "HKEY_CLASSES_ROOT": "HKCR",
    "HKCR": "HKCR",
    "HKEY_CURRENT_CONFIG": "HKCC",
    "HKCC": "HKCC",
}

# Well-known SIDs whose hives are never "the signed-in user".
_SERVICE_SIDS = {".default", "s-1-5-18", "s-1-5-19", "s-1-5-20"}


def canonical_key_path(path: str) -> str:
    """Return `path` with its hive abbreviated (HKLM, HKCU, HKU...) and without stray backslashes.

    Raises ValueError when the first component is not a registry hive.
    """
    parts = [p for p in path.strip().strip("\\").split("\\") if p != ""]
    if not parts:
        raise ValueError("empty registry key path")
    hive = HIVE_ALIASES.get(parts[0].upper())
    if hive is None:
        raise ValueError(f"not a registry hive: {parts[0]!r}")
    return "\\".join([hive, *parts[1:]])


def key_id(path: str) -> str:
    """The lookup form of a key path: canonical and lower-case."""
    return canonical_key_path(path).lower()


class RegValue(BaseModel):
    """One registry value. `name` is "" for the key's default value.

    `type` is the Windows type name (REG_SZ, REG_DWORD, REG_QWORD, REG_EXPAND_SZ,
    REG_MULTI_SZ, REG_BINARY, REG_NONE, REG_DWORD_BIG_ENDIAN) or `REG_TYPE_<n>` for other
    `hex(n):` data, `n` as the hex digits written in the file.
    Binary data is kept as lower-case hex text.
    """

    name: str
    type: str
    data: RegData

    def as_int(self) -> int | None:
        """The value as an integer when it is one (DWORD/QWORD, or a decimal string)."""
        if isinstance(self.data, int):
            return self.data
        # isdecimal, not isdigit: '²' is a digit that int() refuses (found by fuzzing)
        if isinstance(self.data, str) and self.data.strip().lstrip("-").isdecimal():
            return int(self.data.strip())
        return None

    def as_text(self) -> str:
        """A one-line human form of the data, as a technician would read it."""
        if isinstance(self.data, list):
            return "; ".join(self.data)
        if isinstance(self.data, int):
            return f"{self.data} (0x{self.data:x})"
        return self.data


class RegKey(BaseModel):
    """One key with its values (names compared case-insensitively)."""

    path: str
    values: list[RegValue] = Field(default_factory=list)

    def value(self, name: str) -> RegValue | None:
        """The value called `name` (case-insensitive), if present."""
        wanted = name.lower()
        return next((v for v in self.values if v.name.lower() == wanted), None)


class RegistryView(BaseModel):
    """Every key from every `.reg` file of a bundle, merged in file order.

    Lookups are case-insensitive. `HKCU\\...` falls back to `HKU\\<SID>\\...` when the
    capture ran as another account and exported the user's hive under HKEY_USERS.
    """

    keys: dict[str, RegKey] = Field(default_factory=dict)
    user_sid: str | None = None

    def key(self, path: str) -> RegKey | None:
        """The key at `path`, or None when it was not captured."""
        try:
            found = self.keys.get(key_id(path))
        except ValueError:
            return None
        if found is None and canonical_key_path(path).upper().startswith("HKCU\\"):
            found = self._user_hive_key(path)
        return found

    def value(self, path: str, name: str) -> RegValue | None:
        """The value `name` of key `path`, or None when either is absent."""
        found = self.key(path)
        return found.value(name) if found else None

    def subkeys(self, path: str) -> list[RegKey]:
        """Direct children of `path` that were captured, sorted by path."""
        prefix = self._resolved_id(path) + "\\"
        depth = prefix.count("\\")
        children = [
            k for kid, k in self.keys.items() if kid.startswith(prefix) and kid.count("\\") == depth
        ]
        return sorted(children, key=lambda k: k.path.lower())

    def has_prefix(self, path: str) -> bool:
        """True when `path` or any key below it was captured."""
        prefix = self._resolved_id(path)
        return any(kid == prefix or kid.startswith(prefix + "\\") for kid in self.keys)

    def user_sids(self) -> list[str]:
        """SIDs of user hives exported under HKEY_USERS (service accounts left out)."""
        sids = {
            kid.split("\\")[1]
            for kid in self.keys
            if kid.startswith("hku\\") and kid.count("\\") >= 1 and "_classes" not in kid
        }
        return sorted(s for s in sids if s not in _SERVICE_SIDS)

    def _user_hive_key(self, path: str) -> RegKey | None:
        sid = self._effective_user_sid()
        if sid is None:
            return None
        rest = canonical_key_path(path).split("\\", 1)
        tail = rest[1] if len(rest) > 1 else ""
        return self.keys.get(key_id("\\".join(p for p in ("HKU", sid, tail) if p)))

    def _effective_user_sid(self) -> str | None:
        if self.user_sid:
            return self.user_sid.lower()
        sids = self.user_sids()
        return sids[0] if len(sids) == 1 else None

    def _resolved_id(self, path: str) -> str:
        try:
            kid = key_id(path)
        except ValueError:
            return "\0"
        is_user = kid == "hkcu" or kid.startswith("hkcu\\")
        if is_user and not any(k == kid or k.startswith(kid + "\\") for k in self.keys):
            sid = self._effective_user_sid()
            if sid is not None:
                return "hku\\" + sid + kid[len("hkcu") :]
        return kid

    @classmethod
    def merged(cls, keys: Iterable[RegKey], user_sid: str | None = None) -> RegistryView:
        """Build a view from keys in order; a later key's values override an earlier one's."""
        view = cls(user_sid=user_sid)
        for k in keys:
            kid = key_id(k.path)
            existing = view.keys.get(kid)
            if existing is None:
                view.keys[kid] = RegKey(path=canonical_key_path(k.path), values=list(k.values))
                continue
            names = {v.name.lower() for v in k.values}
            kept = [v for v in existing.values if v.name.lower() not in names]
            existing.values = kept + list(k.values)
        return view
