"""Findings (contracts/findings.md): a status, our explanation, the evidence and the remedies."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

Status = Literal["pass", "fail", "warn", "info", "manual", "unknown", "not-applicable"]

STATUS_ORDER: dict[str, int] = {
    "fail": 0,
    "warn": 1,
    "unknown": 2,
    "manual": 3,
    "info": 4,
    "pass": 5,
    "not-applicable": 6,
}

EvidenceSource = Literal[
    "dsregcmd", "registry", "event", "system", "manifest", "upn", "capture", "graph", "network"
]


class Evidence(BaseModel):
    """One fact a finding rests on: where it came from, which field, and its value.

    Events also carry channel, id, time and record id so a technician can find them again.
    """

    source: EvidenceSource
    field: str = ""
    value: str = ""
    note: str = ""
    channel: str | None = None
    event_id: int | None = None
    time: datetime | None = None
    record_id: int | None = None


class Finding(BaseModel):
    """The verdict of one check. `missing` names the data whose absence made it `unknown`."""

    id: str
    status: Status
    title: str
    explanation: str = ""
    evidence: list[Evidence] = Field(default_factory=list)
    remedies: list[str] = Field(default_factory=list)
    missing: list[str] = Field(default_factory=list)
