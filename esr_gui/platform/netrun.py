"""Run the endpoint tests of one or both contexts into a `NetworkResults` (network.json).

The user context is tested in this process with the user's WinINet route; the SYSTEM context
through a `SystemTests` runner (a temporary scheduled task on Windows). A context that cannot
be tested becomes a `skipped` entry with the reason — never an empty "nothing failed".
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from esr_gui.core.models.network import NetContext, NetworkResults, NetworkTest, SkippedContext
from esr_gui.core.network.endpoints import Endpoint
from esr_gui.platform.host import ProbeError
from esr_gui.platform.netprobe import ProbeCancelledError, Prober, Route

Progress = Callable[[int, int, str], None]
CANCELLED = "the technician cancelled the tests"


class SystemTests(Protocol):
    """Runs the tests as SYSTEM somewhere else and returns them (ProbeError when it cannot)."""

    def run(
        self, urls: Sequence[str], cancel: threading.Event, progress: Progress
    ) -> list[NetworkTest]:
        """The tests, all with context "system"."""
        ...


@dataclass(frozen=True)
class ContextPlan:
    """How one context is tested: a local route, a SYSTEM runner, or a reason not to."""

    context: NetContext
    route: Route | None = None
    system: SystemTests | None = None
    reason: str = ""


def probe_all(
    urls: Sequence[str],
    context: NetContext,
    route: Route,
    *,
    prober: Prober,
    cancel: threading.Event,
    progress: Progress,
) -> list[NetworkTest]:
    """Test each URL in turn (ProbeCancelledError when cancelled part way)."""
    found: list[NetworkTest] = []
    for index, url in enumerate(urls):
        progress(index, len(urls), f"{context}: {url}")
        found.append(prober.probe(url, context, route, cancel))
    progress(len(urls), len(urls), f"{context}: done")
    return found


def run_network_tests(
    endpoints: Sequence[Endpoint],
    plans: Sequence[ContextPlan],
    *,
    prober: Prober | None = None,
    cancel: threading.Event | None = None,
    progress: Progress | None = None,
) -> NetworkResults:
    """Every plan in order; a cancelled or failed context is recorded as skipped with why."""
    prober = prober or Prober()
    cancel = cancel or threading.Event()
    report = progress or (lambda done, total, text: None)
    urls = [e.url for e in endpoints]
    results = NetworkResults()
    for plan in plans:
        try:
            results.tests.extend(_run_plan(plan, urls, prober, cancel, report))
        except ProbeCancelledError:
            results.skipped.append(SkippedContext(context=plan.context, reason=CANCELLED))
        except _NotTestedError as exc:
            results.skipped.append(SkippedContext(context=plan.context, reason=str(exc)))
        except ProbeError as exc:
            reason = f"the {plan.context} tests could not run ({exc.message})"
            results.skipped.append(SkippedContext(context=plan.context, reason=reason))
    return results


class _NotTestedError(Exception):
    """A plan without a way to test its context."""


def _run_plan(
    plan: ContextPlan,
    urls: list[str],
    prober: Prober,
    cancel: threading.Event,
    progress: Progress,
) -> list[NetworkTest]:
    if plan.system is None and plan.route is None:
        raise _NotTestedError(plan.reason or f"no way to test the {plan.context} context here")
    if cancel.is_set():
        raise ProbeCancelledError()
    if plan.system is not None:
        return plan.system.run(urls, cancel, progress)
    assert plan.route is not None
    return probe_all(
        urls, plan.context, plan.route, prober=prober, cancel=cancel, progress=progress
    )
