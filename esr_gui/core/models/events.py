"""The one event model shared by the XML, .evtx and pasted-text event parsers."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

LEVEL_NAMES: dict[int, str] = {
    0: "Information",  # LogAlways; Event Viewer shows it as Information
    1: "Critical",
    2: "Error",
    3: "Warning",
    4: "Information",
    5: "Verbose",
}


class Event(BaseModel):
    """One Windows event record, whatever file it came from.

    `error_codes` holds every HRESULT/NTSTATUS found in the record, normalised to
    `0x` plus eight upper-case hex digits (see `core.parse.code_spellings`).
    """

    model_config = ConfigDict(frozen=True)

    channel: str
    provider: str = ""
    event_id: int
    level: int | None = None
    time: datetime | None = None
    record_id: int | None = None
    computer: str = ""
    user_sid: str = ""
    data: dict[str, str] = Field(default_factory=dict)
    message: str = ""
    error_codes: tuple[str, ...] = ()
    origin: str = ""

    @property
    def level_name(self) -> str:
        """Event Viewer's word for the level ("Error", "Warning", ...), or "" if unknown."""
        if self.level is None:
            return ""
        return LEVEL_NAMES.get(self.level, f"Level {self.level}")

    def has_code(self, code: str) -> bool:
        """True when the record carries `code` (already normalised)."""
        return code in self.error_codes


ChannelState = Literal[
    "captured",
    "empty",
    "not-found",
    "access-denied",
    "disabled",
    "enabled-debug-unreadable",
    "timeout",
    "error",
    "not-captured",
]


class ChannelCapture(BaseModel):
    """What a capture could say about one event channel (read, missing on this build, denied...)."""

    channel: str
    state: ChannelState
    message: str = ""
    count: int = 0
