"""Parameter schemas of the remedies: every value is checked against a fixed set.

Parameters reach a remedy only through these models (`extra="forbid"`), so a channel, a KB
number or an option is either one of the known values or refused before anything is planned.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from esr_gui.core.data import capture_channels
from esr_gui.core.remedy.errors import RemedyRefusedError

# Each update or article the guide names: what it is, and the findings it is offered for.
KB_ARTICLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "KB3176934": ("the August 2016 update for 1607 (build 14393.82)", ("ki.mdm-sideload-1607",)),
    "KB3172985": ("the July 2016 update for 1511 (build 10586.494)", ("ki.ie-favorites-1511",)),
    "KB3140743": ("the update for 1511 that stops UAC prompts", ("ki.uac-password-sync-1511",)),
    "KB3193791": ("the Azure RMS steps", ("ki.event-6065-account-disabled",)),
    "KB3196528": ("the token broker permission steps", ("ki.event-1098-token-broker",)),
    "KB3193683": (
        "the article on sync and multi-factor authentication",
        ("mfa.password-sign-in", "mfa.adfs-token-expired"),
    ),
}
KNOWN_KBS: tuple[str, ...] = tuple(KB_ARTICLES)


def kb_of_finding(finding_id: str | None) -> str:
    """The KB offered for a finding, or "" when none is."""
    return next((kb for kb, (_, ids) in KB_ARTICLES.items() if finding_id in ids), "")


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

    @classmethod
    def defaults(
        cls, finding_id: str | None, channels: Sequence[str], example: Mapping[str, str]
    ) -> dict[str, object]:
        """The values to plan with when none are given (the remedy's example here)."""
        return dict(example)


class NoParams(RemedyParams):
    """A remedy that takes no parameters."""

    @classmethod
    def defaults(
        cls, finding_id: str | None, channels: Sequence[str], example: Mapping[str, str]
    ) -> dict[str, object]:
        """Nothing to choose."""
        return {}


class _ChannelParams(RemedyParams):
    """One channel out of `allowed()`; by default the first one of a finding's evidence."""

    channel: str
    what: ClassVar[str] = "channel"

    @classmethod
    def allowed(cls) -> tuple[str, ...]:
        """The channels this remedy accepts."""
        return viewable_channels()

    @field_validator("channel", mode="before")
    @classmethod
    def _known_channel(cls, value: object) -> str:
        return _pick(value, cls.allowed(), cls.what)

    @classmethod
    def defaults(
        cls, finding_id: str | None, channels: Sequence[str], example: Mapping[str, str]
    ) -> dict[str, object]:
        """The first evidence channel this remedy accepts, else the example, else the first."""
        allowed = cls.allowed()
        fallback = example.get("channel", allowed[0])
        return {"channel": next((c for c in channels if c in allowed), fallback)}


class DebugChannelParams(_ChannelParams):
    """A Debug/Analytic channel from the capture list."""

    what: ClassVar[str] = "debug channel"

    @classmethod
    def allowed(cls) -> tuple[str, ...]:
        """Only the channels that are off by default."""
        return debug_channels()


class ViewerChannelParams(_ChannelParams):
    """Any channel from the capture list."""


class KbParams(RemedyParams):
    """One of the updates and support articles the guide names."""

    kb: str

    @field_validator("kb", mode="before")
    @classmethod
    def _known_kb(cls, value: object) -> str:
        return _pick(value, KNOWN_KBS, "KB article")

    @classmethod
    def defaults(
        cls, finding_id: str | None, channels: Sequence[str], example: Mapping[str, str]
    ) -> dict[str, object]:
        """The KB offered for the finding, else the example, else the first known one."""
        return {"kb": kb_of_finding(finding_id) or example.get("kb", KNOWN_KBS[0])}


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
