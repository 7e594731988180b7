"""Parsed `dsregcmd /status` output: every field as printed, plus typed accessors."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, PrivateAttr

Layout = Literal["sectioned", "flat", "unknown"]
JoinType = Literal["azure-ad", "hybrid", "domain", "registered", "none", "unknown"]


def normalize_key(key: str) -> str:
    """Comparison form of a key, ignoring case and spaces ("Previous Prt Attempt")."""
    return "".join(key.split()).lower()


class DsregField(BaseModel):
    """One `Key : value` line as printed (both trimmed; value "" when empty)."""

    key: str
    value: str
    line: int = 0


class DsregSection(BaseModel):
    """One boxed section (`| Device State |`) and its fields in printed order."""

    name: str
    fields: list[DsregField] = Field(default_factory=list)

    def get(self, key: str) -> str | None:
        """First value printed for `key` in this section (key match ignores case and spaces)."""
        wanted = normalize_key(key)
        return next((f.value for f in self.fields if normalize_key(f.key) == wanted), None)


class DsregStatus(BaseModel):
    """The whole `dsregcmd /status` text, section by section.

    `warnings` lists what the parser had to repair or skip (wrapped values, stray lines),
    so a technician can judge how much to trust a pasted text.
    """

    layout: Layout
    sections: list[DsregSection] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    raw_text: str = ""

    _index: dict[str, list[tuple[str, str]]] = PrivateAttr(default_factory=dict)
    _index_shape: tuple[int, int] = PrivateAttr(default=(-1, -1))

    def section(self, name: str) -> DsregSection | None:
        """The first section called `name` (case and spaces ignored)."""
        wanted = normalize_key(name)
        return next((s for s in self.sections if normalize_key(s.name) == wanted), None)

    def get(self, key: str, section: str | None = None) -> str | None:
        """First value of `key`, in `section` if given, else anywhere (printed order)."""
        for value in self.get_all(key, section):
            return value
        return None

    def get_all(self, key: str, section: str | None = None) -> list[str]:
        """Every value printed for `key` (duplicates and repeated sections kept)."""
        wanted_section = normalize_key(section) if section else None
        return [
            value
            for section_key, value in self._lookup().get(normalize_key(key), [])
            if wanted_section is None or section_key == wanted_section
        ]

    def _lookup(self) -> dict[str, list[tuple[str, str]]]:
        """Normalised key → (normalised section, value) in printed order, built once.

        Rebuilt if fields were added since (the parser is the only writer, but be safe).
        """
        shape = (len(self.sections), sum(len(s.fields) for s in self.sections))
        if self._index_shape != shape:
            index: dict[str, list[tuple[str, str]]] = {}
            for s in self.sections:
                section_key = normalize_key(s.name)
                for f in s.fields:
                    index.setdefault(normalize_key(f.key), []).append((section_key, f.value))
            self._index, self._index_shape = index, shape
        return self._index

    def sections_as_dict(self) -> dict[str, dict[str, str | list[str]]]:
        """The contract's `dsregcmd.sections` form: header → key → value (a list when repeated).

        Repeated section headers (the docs' samples repeat "Diagnostic Data") merge into one entry.
        """
        out: dict[str, dict[str, str | list[str]]] = {}
        for s in self.sections:
            fields = out.setdefault(s.name, {})
            for f in s.fields:
                if f.key not in fields:
                    fields[f.key] = f.value
                    continue
                previous = fields[f.key]
                if isinstance(previous, list):
                    previous.append(f.value)
                else:
                    fields[f.key] = [previous, f.value]
        return out
