"""Data files of the core (channel and registry lists), loaded with importlib.resources."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from pydantic import BaseModel


class ChannelSpec(BaseModel):
    """One event channel to capture."""

    name: str
    direct: bool = False
    why: str = ""

    @property
    def file_stem(self) -> str:
        """The channel as Windows names its log file (`/` written as `%4`)."""
        return self.name.replace("/", "%4")


class RegistryKeySpec(BaseModel):
    """One registry key to export."""

    path: str
    file: str
    recursive: bool = False
    hive_user: bool = False


def _load(name: str) -> dict[str, Any]:
    text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@cache
def capture_channels() -> tuple[ChannelSpec, ...]:
    """The event channels a capture reads, in order."""
    return tuple(ChannelSpec.model_validate(c) for c in _load("channels.json")["channels"])


@cache
def capture_registry_keys() -> tuple[RegistryKeySpec, ...]:
    """The registry keys a capture exports, in order."""
    return tuple(RegistryKeySpec.model_validate(k) for k in _load("registry_keys.json")["keys"])
