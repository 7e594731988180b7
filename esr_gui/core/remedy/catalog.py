"""The allow-list of remedies: `CATALOG` maps each id to its record (`catalog_data`).

Only a remedy in `CATALOG` can be planned or run; `spec(id)` refuses any other id.
"""

from __future__ import annotations

from esr_gui.core.remedy.catalog_data import REMEDIES
from esr_gui.core.remedy.errors import UnknownRemedyError
from esr_gui.core.remedy.remedy_spec import RemedySpec, SuccessStatus
from esr_gui.core.remedy.remedy_types import RemedyKind

CATALOG: dict[str, RemedySpec] = {r.id: r for r in REMEDIES}


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


__all__ = [
    "CATALOG",
    "RemedyKind",
    "RemedySpec",
    "SuccessStatus",
    "remedy_ids",
    "spec",
]
