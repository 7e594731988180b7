"""The bundle manifest (contracts/bundle-format.md) and `system.json` facts."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

BUNDLE_FORMAT = "esr-bundle"
BUNDLE_VERSION = 1

CaptureContext = Literal["user", "elevated", "system"]


class ProblemInfo(BaseModel):
    """The guide's "information to include when you need help", as the technician wrote it."""

    model_config = ConfigDict(extra="allow")

    description: str = ""
    users_affected: str = ""
    devices_affected: str = ""
    first_seen: str = ""


class Manifest(BaseModel):
    """`manifest.json`: required `format`, `version`, `created`; everything else optional.

    Unknown keys are kept (a newer minor producer may add some) and written back unchanged.
    """

    model_config = ConfigDict(extra="allow")

    format: Literal["esr-bundle"]
    version: int = Field(ge=1)
    created: AwareDatetime
    timezone: str | None = None
    computer: str | None = None
    user: str | None = None
    context: CaptureContext = "user"
    producer: str | None = None
    redacted: bool = False
    problem: ProblemInfo = Field(default_factory=ProblemInfo)


class SystemFacts(BaseModel):
    """`system.json`: facts no native text gives cheaply. None always means "not known"."""

    model_config = ConfigDict(extra="allow")

    last_boot: datetime | None = None
    last_logon: datetime | None = None
    domain_controller_reachable: bool | None = None
    wireless_adapter_present: bool | None = None

    def extras(self) -> dict[str, Any]:
        """Fields a producer added beyond the documented ones."""
        return dict(self.model_extra or {})
