"""The raw texts of one capture, and a place in them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

RawKind = Literal["dsregcmd", "reg", "events"]


@dataclass(frozen=True)
class RawMember:
    """One text of the capture as shown: `name` identifies it (a bundle member name, or
    `events:<channel>`), `title` is what the selector says; `text` uses "\\n" line breaks, so
    line N (1-based) is the N-th line of the member as the parsers numbered it.

    `regions` maps a key (a registry path or value, an event record) to its line; `cut` says
    how many characters were left out at the end (0: the whole text is here).
    """

    name: str
    title: str
    kind: RawKind
    text: str
    regions: dict[str, int] = field(default_factory=dict, repr=False)
    cut: int = 0

    @property
    def line_count(self) -> int:
        """How many lines the text has."""
        return self.text.count("\n") + 1 if self.text else 0


@dataclass(frozen=True)
class RawCapture:
    """Every raw text of a capture, dsregcmd first, then the .reg exports, then the events."""

    members: tuple[RawMember, ...] = ()

    def member(self, name: str) -> RawMember | None:
        """The member called `name`, if the capture has it."""
        return next((m for m in self.members if m.name == name), None)


@dataclass(frozen=True)
class Location:
    """Where a piece of evidence is printed: a member and a 1-based line."""

    member: str
    line: int
