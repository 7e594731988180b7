"""Which Debug channels this tool switched on, so it can offer to switch them off again."""

from __future__ import annotations

import contextlib
import os
from datetime import datetime
from pathlib import Path
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ValidationError

STATE_FILE = "enabled-channels.json"


class EnabledChannel(BaseModel):
    """A channel we switched on: when, and by whom."""

    channel: str
    enabled_at: AwareDatetime
    by: str = ""


class ChannelState(BaseModel):
    """The state file's content."""

    version: Literal[1] = 1
    channels: list[EnabledChannel] = []


def state_path(folder: Path) -> Path:
    """The state file in a data folder."""
    return folder / STATE_FILE


def load_state(path: Path) -> ChannelState:
    """The recorded channels; an absent or damaged file reads as none."""
    try:
        return ChannelState.model_validate_json(path.read_bytes())
    except (OSError, ValidationError):
        return ChannelState()


def _save(path: Path, state: ChannelState) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_suffix(".tmp")
    temp.write_text(state.model_dump_json(indent=2), encoding="utf-8")
    os.replace(temp, path)


def mark_enabled(path: Path, channel: str, when: datetime, by: str) -> None:
    """Remember that `channel` was switched on by this tool."""
    state = load_state(path)
    kept = [c for c in state.channels if c.channel.casefold() != channel.casefold()]
    kept.append(EnabledChannel(channel=channel, enabled_at=when, by=by))
    _save(path, ChannelState(channels=kept))


def mark_disabled(path: Path, channel: str) -> None:
    """Forget `channel` (it is off again)."""
    state = load_state(path)
    kept = [c for c in state.channels if c.channel.casefold() != channel.casefold()]
    if len(kept) != len(state.channels):
        with contextlib.suppress(OSError):
            _save(path, ChannelState(channels=kept))
