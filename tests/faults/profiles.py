"""The hypothesis budget of every fuzz test in the suite, loaded by tests/conftest.py before any
test module is imported (so each @settings(...) inherits it).

`ci` (the default): derandomized — `make test` runs the same examples every time — with no
example database and no deadline; each test states its own max_examples. `deep`
(ESR_FUZZ_PROFILE=deep): random and 50 times the budget of the tests/faults fuzzers, for a
long local search. Findings go to tests/data/fuzz-regressions/ (see its README).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

CI_EXAMPLES = 60
DEEP_FACTOR = 50
PROFILE = os.environ.get("ESR_FUZZ_PROFILE", "ci")
_QUIET = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large]

settings.register_profile(
    "ci", max_examples=CI_EXAMPLES, derandomize=True, deadline=None, database=None,
    suppress_health_check=_QUIET,
)  # fmt: skip
settings.register_profile(
    "deep", max_examples=CI_EXAMPLES * DEEP_FACTOR, deadline=None, suppress_health_check=_QUIET
)
settings.load_profile(PROFILE)


def budget(examples: int) -> settings:
    """One tests/faults fuzz test's example budget (`deep` runs 50 times as many)."""
    return settings(max_examples=examples * (DEEP_FACTOR if PROFILE == "deep" else 1))
