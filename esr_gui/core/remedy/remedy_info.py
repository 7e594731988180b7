"""`RemedyInfo`: a remedy's serialisable description (`remedy list --json`, the Fix pane).

Apart from the records (`remedy_spec`) so that loading the catalogue builds no model for it.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

from esr_gui.core.remedy.remedy_types import AdminNeed, RemedyKind


class RemedyInfo(BaseModel):
    """A remedy as described to the user, with its parameter schema as JSON Schema."""

    model_config = ConfigDict(frozen=True)

    id: str
    title: str
    summary: str
    kind: RemedyKind
    run_does: str
    guidance: list[str]
    targets: list[str]
    admin: AdminNeed
    needs_restart: bool
    needs_sign_out: bool
    backup: bool
    changes_device: bool
    undo: str
    cannot_undo: list[str]
    related: list[str]
    params: dict[str, Any]
