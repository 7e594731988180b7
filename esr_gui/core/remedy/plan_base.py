"""The common part of every plan: the catalogue's texts and flags, and the not-Windows note."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from esr_gui.core.remedy.params import RemedyParams

if TYPE_CHECKING:
    from esr_gui.core.remedy.plans import Plan, PlanFacts
    from esr_gui.core.remedy.remedy_spec import RemedySpec

NOT_WINDOWS_NOTE = "This is not Windows: the plan can be read here, but Run needs the device."

P = TypeVar("P", bound=RemedyParams)


def as_params(params: RemedyParams, schema: type[P]) -> P:
    """`params` as the schema its remedy declares (a programming error otherwise)."""
    if not isinstance(params, schema):
        raise TypeError(f"expected {schema.__name__}, got {type(params).__name__}")
    return params


def base_plan(remedy: RemedySpec, params: RemedyParams, facts: PlanFacts, **extra: object) -> Plan:
    """A plan carrying the catalogue's texts and flags; `extra` overrides fields, except
    `notes`, which are added to the catalogue's notes."""
    # Imported here: the catalogue imports the builders, and a diagnosis (which needs only
    # the catalogue) must not load the plan models (issue 19).
    from esr_gui.core.remedy.plans import Plan  # noqa: PLC0415

    fields: dict[str, object] = {
        "remedy_id": remedy.id,
        "title": remedy.title,
        "summary": remedy.summary,
        "params": params.model_dump(),
        "facts": facts,
        "guidance": remedy.guidance,
        "admin": remedy.admin,
        "needs_restart": remedy.needs_restart,
        "needs_sign_out": remedy.needs_sign_out,
        "cannot_undo": remedy.cannot_undo,
        "undo": remedy.undo,
        "targets": remedy.targets,
        "related": remedy.related,
    }
    added = extra.pop("notes", ())
    notes = [*remedy.notes, *(added if isinstance(added, tuple) else ())]
    fields.update(extra)
    plan = Plan.model_validate(fields)
    if not facts.on_windows and plan.needs_windows:
        notes.append(NOT_WINDOWS_NOTE)
    return plan.model_copy(update={"notes": tuple(notes)})
