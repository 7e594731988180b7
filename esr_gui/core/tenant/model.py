"""Typed picture of the `graph/` bundle member: the calls made, and what each answered."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

ProblemKind = Literal[
    "consent-required",
    "admin-consent",
    "declined",
    "expired-code",
    "browser-cancelled",
    "unauthorized",
    "forbidden",
    "throttled",
    "no-network",
    "timeout",
    "cancelled",
    "app-not-found",
    "not-found",
    "unreadable",
    "error",
]
CallKind = Literal["user", "licenses", "devices"]


class GraphProblem(BaseModel):
    """Why a sign-in or a call gave no usable answer: a kind, the status, and what was said."""

    kind: ProblemKind
    status: int | None = None
    code: str = ""
    message: str = ""
    retry_after: int | None = None


class ServicePlan(BaseModel):
    """One service plan of a licence (`servicePlans[]` of licenseDetails)."""

    name: str
    status: str = ""
    applies_to: str = ""


class LicenseDetail(BaseModel):
    """One licence (SKU) assigned to the user, with its service plans."""

    sku: str
    sku_id: str = ""
    plans: list[ServicePlan] = Field(default_factory=list)


class GraphUser(BaseModel):
    """The user account as Graph returned it (`/me` or `/users/{id}`)."""

    upn: str
    account_enabled: bool | None = None
    on_premises_sync_enabled: bool | None = None
    object_id: str = ""


class GraphDevice(BaseModel):
    """One Entra ID device object (`/devices?$filter=deviceId eq '…'`)."""

    device_id: str
    object_id: str = ""
    display_name: str = ""
    account_enabled: bool | None = None
    trust_type: str = ""
    last_sign_in: datetime | None = None
    operating_system: str = ""
    os_version: str = ""


class GraphCall(BaseModel):
    """One call of `graph/index.json`: what was asked, its status and body member (or why not)."""

    kind: CallKind
    request: str
    status: int | None = None
    retry_after: int | None = None
    file: str = ""
    target: str = "me"  # "me", or the UPN / id of the other user it was made for
    problem: GraphProblem | None = None


class GraphData(BaseModel):
    """Everything the `graph/` member holds; a part that was not read stays None (unknown)."""

    captured: datetime | None = None
    authority: str = ""
    signed_in_as: str = ""
    scopes: list[str] = Field(default_factory=list)
    sign_in: GraphProblem | None = None
    calls: list[GraphCall] = Field(default_factory=list)
    user: GraphUser | None = None
    licenses: list[LicenseDetail] | None = None
    devices: list[GraphDevice] | None = None

    def call(self, kind: CallKind) -> GraphCall | None:
        """The last call of `kind` (a retry replaces an earlier answer)."""
        found = [c for c in self.calls if c.kind == kind]
        return found[-1] if found else None
