"""Checks shared by several rules: the not-joined gate, registration diagnostics, session times."""

from __future__ import annotations

from esr_gui.core.diagnose.base import finding, missing_key
from esr_gui.core.diagnose.context import LOGONUI_KEY, DiagContext
from esr_gui.core.diagnose.evidence import from_field, from_system
from esr_gui.core.diagnose.prereq_texts import join_words
from esr_gui.core.knowledge.code_meanings import describe_code
from esr_gui.core.models.findings import Evidence, Finding

DIAGNOSTIC_DATA = "Diagnostic Data"


def not_joined_gate(ctx: DiagContext, rule_id: str, what: str) -> Finding | None:
    """A `not-applicable` finding when the device is known not to be joined, else None.

    Its title repeats prereq.device-joined's verdict for this join type, so a domain-joined
    device is never called "not joined" (it is domain-joined, but not in Azure AD).
    """
    join = ctx.join
    if join.joined is not False:
        return None
    return finding(
        rule_id,
        "not-applicable",
        f"Not checked: {join_words(join.join_type)}",
        f"{what} only matters on an Azure AD joined or hybrid joined device; this one is "
        "neither (see prereq.device-joined), so fix that first.",
        evidence=join.evidence,
    )


def registration_diagnostics(ctx: DiagContext) -> list[Evidence]:
    """dsregcmd's pre-join diagnostics (error phase, client/server error) with code meanings."""
    facts = ctx.dsreg
    if facts is None:
        return []
    evidence: list[Evidence] = []
    for key in ("Error Phase", "Client ErrorCode", "Server ErrorCode", "Server Message"):
        ref = facts.source_of(key, DIAGNOSTIC_DATA)
        if ref is None or not ref.value.strip():
            continue
        note = describe_code(ref.value) if key == "Client ErrorCode" else ""
        evidence.append(from_field(ref, note if note != ref.value else ""))
    return evidence


def prt_diagnostics(ctx: DiagContext) -> list[Evidence]:
    """dsregcmd's PRT diagnostics (21H1+): attempt status, credential type, server error."""
    facts = ctx.dsreg
    if facts is None:
        return []
    evidence: list[Evidence] = []
    for key in (
        "Attempt Status",
        "Credential Type",
        "Server Error Code",
        "Server Error Description",
    ):
        ref = facts.source_of(key, "SSO State")
        if ref is None or not ref.value.strip():
            continue
        note = describe_code(ref.value) if key == "Attempt Status" else ""
        evidence.append(from_field(ref, note if note != ref.value else ""))
    return evidence


def session_times(ctx: DiagContext) -> list[Evidence]:
    """Last boot and last sign-in from system.json, when the capture recorded them."""
    system = ctx.snap.system
    return [
        from_system(name, value)
        for name, value in (("last_boot", system.last_boot), ("last_logon", system.last_logon))
        if value is not None
    ]


def missing_provider(ctx: DiagContext) -> str:
    """What to say is missing when the last sign-in's credential provider is not known."""
    if ctx.snap.registry_key_state(LOGONUI_KEY) == "unknown":
        return missing_key(LOGONUI_KEY, "LastLoggedOnProvider")
    return f"the {LOGONUI_KEY} key has no LastLoggedOnProvider value"
