"""Issue 19: `esr_gui.core.remedy` loads its parts on first use; the catalogue alone (what a
diagnosis needs) does not bring in audit, confirmation, planning or rendering."""

from __future__ import annotations

import json

import pytest

import esr_gui.core.remedy as remedy_package
from tests.conftest import python_snippet

CHILD = """
import json, sys
import esr_gui.core.remedy.catalog
print(json.dumps(sorted(m for m in sys.modules if m.startswith("esr_gui.core.remedy."))))
"""


def test_the_catalogue_does_not_load_the_rest_of_the_package() -> None:
    """audit, confirm, planning, render and results stay unloaded."""
    done = python_snippet(CHILD, check=True, timeout=60)
    loaded = {m.rsplit(".", 1)[1] for m in json.loads(done.stdout)}
    assert "catalog" in loaded
    assert loaded & {"audit", "confirm", "planning", "render", "results", "compare"} == set()


@pytest.mark.parametrize("name", remedy_package.__all__)
def test_every_public_name_still_resolves(name: str) -> None:
    """Each name of `__all__` comes from the submodule that defines it."""
    value = getattr(remedy_package, name)
    assert getattr(value, "__module__", "esr_gui.core.remedy.").startswith("esr_gui.core.remedy.")


def test_an_unknown_name_is_an_attribute_error() -> None:
    """Lazy loading must not turn a typo into something else."""
    with pytest.raises(AttributeError, match="no_such_name"):
        _ = remedy_package.no_such_name  # type: ignore[attr-defined]
