"""Parameter schemas of the remedies: every value is checked against a fixed set.

Parameters reach a remedy only through these models (`extra="forbid"`), so a channel, a KB
number or an option is either one of the known values or refused before anything is planned.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from esr_gui.core.data import capture_channels
from esr_gui.core.remedy.errors import RemedyRefusedError

KNOWN_KBS: tuple[str, ...] = (
    "KB3176934",
    "KB3172985",
    "KB3140743",
    "KB3193791",
    "KB3196528",
    "KB3193683",
)


@cache
def viewable_channels() -> tuple[str, ...]:
    """Every channel a capture reads: the ones Event Viewer may be opened at."""
    return tuple(c.name for c in capture_channels())


@cache
def debug_channels() -> tuple[str, ...]:
    """Channels that are off by default (Debug/Analytic): the ones we may switch on and off."""
    return tuple(c.name for c in capture_channels() if c.direct)


def _pick(value: object, allowed: tuple[str, ...], what: str) -> str:
    """The allowed spelling of `value` (compared case-insensitively), or a ValueError."""
    if not isinstance(value, str):
        raise ValueError(f"{what} must be text")
    wanted = value.strip().casefold()
    for name in allowed:
        if name.casefold() == wanted:
            return name
    raise ValueError(f"{value!r} is not one of the {what}s this tool knows: {', '.join(allowed)}")


class RemedyParams(BaseModel):
    """Base of every parameter schema: unknown keys are refused, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class NoParams(RemedyParams):
    """A remedy that takes no parameters."""


class DebugChannelParams(RemedyParams):
    """A Debug/Analytic channel from the capture list."""

    channel: str

    @field_validator("channel", mode="before")
    @classmethod
    def _known_channel(cls, value: object) -> str:
        return _pick(value, debug_channels(), "debug channel")


class ViewerChannelParams(RemedyParams):
    """Any channel from the capture list."""

    channel: str

    @field_validator("channel", mode="before")
    @classmethod
    def _known_channel(cls, value: object) -> str:
        return _pick(value, viewable_channels(), "channel")


class KbParams(RemedyParams):
    """One of the updates and support articles the guide names."""

    kb: str

    @field_validator("kb", mode="before")
    @classmethod
    def _known_kb(cls, value: object) -> str:
        return _pick(value, KNOWN_KBS, "KB article")


class CleanupParams(RemedyParams):
    """The BrokerPlugin cleanup's one option: stop the broker first (separately consented)."""

    stop_broker: bool = False


def validate_params(
    remedy_id: str, schema: type[RemedyParams], raw: Mapping[str, object]
) -> RemedyParams:
    """`raw` checked against `schema`; RemedyRefusedError with a plain reason otherwise."""
    try:
        return schema.model_validate(dict(raw))
    except ValidationError as exc:
        raise RemedyRefusedError(_explain(remedy_id, schema, exc)) from None


def _explain(remedy_id: str, schema: type[RemedyParams], exc: ValidationError) -> str:
    takes = ", ".join(schema.model_fields) or "no parameters"
    reasons: list[str] = []
    for error in exc.errors():
        field = ".".join(str(p) for p in error["loc"]) or "parameters"
        if error["type"] == "extra_forbidden":
            reasons.append(f"it does not take {field!r} (it takes: {takes})")
        elif error["type"] == "missing":
            reasons.append(f"it needs {field}=…")
        else:
            reasons.append(f"{field}: {_short(error)}")
    return f"{remedy_id} was not planned: " + "; ".join(reasons) + ". Nothing changed."


def _short(error: Any) -> str:
    message = str(error.get("msg", "not valid"))
    return message.removeprefix("Value error, ")
