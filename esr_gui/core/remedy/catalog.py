"""The allow-list of remedies: ids, texts, flags, targeted findings and parameter schemas.

Only a remedy in `CATALOG` can be planned or run; `spec(id)` refuses any other id.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from esr_gui.core.remedy.errors import UnknownRemedyError
from esr_gui.core.remedy.params import NoParams, RemedyParams
from esr_gui.core.remedy.plans import AdminNeed

RemedyKind = Literal["command", "cleanup", "open", "launch", "lock", "guidance"]
SuccessStatus = Literal["done", "needs-restart"]


@dataclass(frozen=True)
class RemedySpec:
    """One allow-listed remedy: what it is for, what Run does, and what it needs.

    `admin`, `needs_restart` and `needs_sign_out` are the catalogue defaults; a plan may be
    stricter (a cleanup of another user's profile needs administrator rights).
    `changes_device` is True when Run changes the PC it runs on (a command, a restart, files);
    such a remedy runs only from a live capture of that PC (`core.remedy.binding`). Opening a
    page, Settings or Event Viewer, locking, or giving steps changes nothing and stays False.
    """

    id: str
    title: str
    summary: str
    kind: RemedyKind
    run_does: str
    guidance: tuple[str, ...]
    targets: tuple[str, ...] = ()
    params: type[RemedyParams] = NoParams
    admin: AdminNeed = "not-needed"
    needs_restart: bool = False
    needs_sign_out: bool = False
    backup: bool = False
    changes_device: bool = False
    undo: str = ""
    cannot_undo: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    success: SuccessStatus = "done"
    example: dict[str, str] = field(default_factory=dict)

    def info(self) -> RemedyInfo:
        """The serialisable description (`remedy list --json`, the GUI's Fix pane)."""
        return RemedyInfo(
            id=self.id,
            title=self.title,
            summary=self.summary,
            kind=self.kind,
            run_does=self.run_does,
            guidance=list(self.guidance),
            targets=list(self.targets),
            admin=self.admin,
            needs_restart=self.needs_restart,
            needs_sign_out=self.needs_sign_out,
            backup=self.backup,
            changes_device=self.changes_device,
            undo=self.undo,
            cannot_undo=list(self.cannot_undo),
            related=list(self.related),
            params=self.params.model_json_schema(),
        )


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


def _catalog() -> dict[str, RemedySpec]:
    from esr_gui.core.remedy.catalog_data import REMEDIES  # noqa: PLC0415 (data after types)

    return {r.id: r for r in REMEDIES}


CATALOG: dict[str, RemedySpec] = _catalog()


def remedy_ids() -> list[str]:
    """Every allow-listed remedy id, in catalogue order."""
    return list(CATALOG)


def spec(remedy_id: str) -> RemedySpec:
    """The remedy called `remedy_id`; UnknownRemedyError for anything not in the allow-list."""
    found = CATALOG.get(remedy_id.strip()) if isinstance(remedy_id, str) else None
    if found is None:
        raise UnknownRemedyError(
            f"{remedy_id!r} is not a remedy this tool knows; `esr-diag remedy list` shows them. "
            "Nothing changed."
        )
    return found
