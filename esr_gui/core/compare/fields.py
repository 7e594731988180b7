"""What changed between two captures' dsregcmd fields and registry values."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from esr_gui.core.models.dsreg import DsregStatus
from esr_gui.core.models.registry import RegistryView

ChangeKind = Literal["added", "removed", "changed"]


class FieldChange(BaseModel):
    """One dsregcmd field (section and key as printed) before and after; None when absent."""

    model_config = ConfigDict(frozen=True)

    section: str
    key: str
    before: str | None
    after: str | None
    kind: ChangeKind


class RegistryChange(BaseModel):
    """One registry value (key path and value name; "" is the default value) before and after."""

    model_config = ConfigDict(frozen=True)

    key: str
    name: str
    before: str | None
    after: str | None
    kind: ChangeKind


def _kind(before: str | None, after: str | None) -> ChangeKind:
    if before is None:
        return "added"
    return "removed" if after is None else "changed"


def _flat(status: DsregStatus | None) -> dict[str, dict[str, str]]:
    if status is None:
        return {}
    return {
        section: {k: "; ".join(v) if isinstance(v, list) else v for k, v in fields.items()}
        for section, fields in status.sections_as_dict().items()
    }


def field_changes(before: DsregStatus | None, after: DsregStatus | None) -> list[FieldChange]:
    """Fields added, removed or changed, per section, in the later capture's order (then the
    sections and keys only the earlier one printed). A capture without dsregcmd output
    contributes no fields: its absence is told by the verdicts, not as every field removed."""
    if before is None or after is None:
        return []
    old, new = _flat(before), _flat(after)
    changes: list[FieldChange] = []
    for section in dict.fromkeys([*new, *old]):
        was, now = old.get(section, {}), new.get(section, {})
        for key in dict.fromkeys([*now, *was]):
            b, a = was.get(key), now.get(key)
            if b != a:
                kind = _kind(b, a)
                changes.append(FieldChange(section=section, key=key, before=b, after=a, kind=kind))
    return changes


def _values(view: RegistryView) -> dict[tuple[str, str], tuple[str, str, str]]:
    out: dict[tuple[str, str], tuple[str, str, str]] = {}
    for kid, key in view.keys.items():
        for value in key.values:
            out[(kid, value.name.lower())] = (key.path, value.name, value.as_text())
    return out


def registry_changes(
    before: RegistryView, after: RegistryView, unreadable: frozenset[str] = frozenset()
) -> list[RegistryChange]:
    """Registry values (of the keys a capture exports, which are the keys the diagnosis reads)
    added, removed or changed. A capture without any registry data compares nothing (unknown
    is not "removed"); neither does a key under a path in `unreadable` (lower-case key ids of
    exports that were denied, timed out or failed in either capture)."""
    if not before.keys or not after.keys:
        return []
    old, new = _values(before), _values(after)
    changes: list[RegistryChange] = []
    for ident in sorted({*old, *new}):
        if _under(ident[0], unreadable):
            continue
        b, a = old.get(ident), new.get(ident)
        path, name = (a or b or ("", "", ""))[:2]
        b_text, a_text = (b[2] if b else None), (a[2] if a else None)
        if b_text != a_text:
            kind = _kind(b_text, a_text)
            changes.append(
                RegistryChange(key=path, name=name, before=b_text, after=a_text, kind=kind)
            )
    return changes


def _under(kid: str, roots: frozenset[str]) -> bool:
    return any(kid == root or kid.startswith(root + "\\") for root in roots)
