"""The record of one remedy (`RemedySpec`); its serialisable description is `remedy_info`.

Types only: the records themselves are in `catalog_data`, the allow-list in `catalog`.
No pydantic model is defined or imported here but the parameters' (issue 19: the
catalogue, which a diagnosis loads for the remedies' titles, stays cheap to import).
Everything the product knows about a remedy id is on its record: texts and flags, its kind,
the page it opens (`uri`), its plan builder (`build`), its parameters and their defaults,
the state it leaves behind (`channel_state`) and the sentence a successful run reports.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from esr_gui.core.remedy.params import NoParams, RemedyParams
from esr_gui.core.remedy.remedy_types import AdminNeed, RemedyKind

if TYPE_CHECKING:  # models needed by planning and `remedy list`, never by a diagnosis
    from esr_gui.core.remedy.plans import Plan, PlanFacts
    from esr_gui.core.remedy.remedy_info import RemedyInfo

SuccessStatus = Literal["done", "needs-restart"]
# What a successful run changes in this tool's own state: the Debug logs it switched on.
ChannelState = Literal["switched-on", "switched-off"]
Builder = Callable[["RemedySpec", RemedyParams, "PlanFacts"], "Plan"]
OPENED = "{title}: opened in your session."


@dataclass(frozen=True)
class RemedySpec:
    """One allow-listed remedy: what it is for, what Run does, and what it needs.

    `admin`, `needs_restart` and `needs_sign_out` are the catalogue defaults; a plan may be
    stricter (a cleanup of another user's profile needs administrator rights).
    `changes_device` is True when Run changes the PC it runs on (a command, a restart, files);
    such a remedy runs only from a live capture of that PC (`core.remedy.binding`). Opening a
    page, Settings or Event Viewer, locking, or giving steps changes nothing and stays False.
    `build` makes the plan; without it the kind decides (`open` opens `uri`, `lock` locks,
    `cleanup` inventories the profile, `guidance` runs nothing). `done` is the sentence of a
    successful run, formatted with the plan's title and text parameters.
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
    uri: str = ""
    build: Builder | None = None
    channel_state: ChannelState | None = None
    done: str = OPENED

    def default_params(
        self, finding_id: str | None = None, channels: Sequence[str] = ()
    ) -> dict[str, object]:
        """The parameters to plan with when none are given: taken from the finding (the KB it
        names, a channel of its evidence in `channels`), else from the record's example.
        The GUI plans with these; the CLI too, with `--param` overriding them."""
        return self.params.defaults(finding_id, channels, self.example)

    def info(self) -> RemedyInfo:
        """The serialisable description (`remedy list --json`, the GUI's Fix pane)."""
        from esr_gui.core.remedy.remedy_info import RemedyInfo  # noqa: PLC0415

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
