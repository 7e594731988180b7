"""From step outcomes to the result's status and its one calm sentence. Pure."""

from __future__ import annotations

from esr_gui.core.remedy.catalog import spec
from esr_gui.core.remedy.plans import Plan
from esr_gui.core.remedy.results import ResultStatus, StepOutcome

EXIT_MEANINGS: dict[int, str] = {
    1: "the program reported an error",
    2: "a file was not found",
    5: "access was denied",
    128: "no such process was running",
    740: "the program needs administrator rights",
    1062: "the service was not running",
    1223: "the operation was cancelled",
    15007: "this event log does not exist on this Windows build",
    0x80070005: "access was denied",
}


def explain_exit(code: int) -> str:
    """`exit code 5 (access was denied)`; unknown codes are shown in decimal and hex, and an
    HRESULT (0x8...) in hex only, as Microsoft's documents list it."""
    meaning = EXIT_MEANINGS.get(code & 0xFFFFFFFF)
    hex_code = f"0x{code & 0xFFFFFFFF:08X}"
    shown = hex_code if not 0 <= code < 0x80000000 else str(code)
    if meaning:
        return f"exit code {shown} ({meaning})"
    return f"exit code {shown}" if shown == hex_code else f"exit code {code} ({hex_code})"


def success_message(plan: Plan) -> str:
    """What a successful run changed, in one sentence."""
    words = {k: v for k, v in plan.params.items() if isinstance(v, str)}
    return spec(plan.remedy_id).done.format(**{**words, "title": plan.title})


def summarize(plan: Plan, outcomes: list[StepOutcome]) -> tuple[ResultStatus, str]:
    """Overall status and message: cancelled and failed steps win over success."""
    cancelled = next((o for o in outcomes if o.status == "cancelled"), None)
    if cancelled is not None:
        ran = any(o.status == "ok" for o in outcomes)
        tail = " The steps before it did run (see below)." if ran else " Nothing changed."
        return "cancelled", "The administrator prompt was declined." + tail
    failed = next((o for o in outcomes if o.status == "failed"), None)
    if failed is not None:
        return "failed", f"{failed.purpose.rstrip('.')}: {failed.message}"
    return spec(plan.remedy_id).success, success_message(plan)
