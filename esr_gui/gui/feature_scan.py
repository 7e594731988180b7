"""Stop shiboken reading the source of every module imported after PySide6 (issue 19).

PySide6's import hook asks, for each new module, whether its source mentions PySide6, to
apply `from __feature__ import ...` selections (snake_case, true_property) per module. The
app uses no such feature, and a module without one behaves the same whether marked as using
PySide6 or as ignored. The frozen app ships no sources, so there the hook already marks every
module ignored; from a source tree it read ~430 files during the start (~60 ms of
`make bench`, startup_ratio). Imports nothing: it runs before the start-up skeleton paints.
"""

from __future__ import annotations

import sys


def skip_feature_scan() -> bool:
    """Answer the hook's question as the frozen app does, without reading any source.
    Returns False when this PySide6 has no such hook (nothing changed)."""
    feature = sys.modules.get("shibokensupport.feature")
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        return False
    setattr(feature, "_mod_uses_pyside", _uses_no_feature)  # noqa: B010 — private to shiboken
    return True


def _uses_no_feature(_module: object) -> bool:
    """What the frozen app's scan answers for every module (its source is not shipped)."""
    return False
