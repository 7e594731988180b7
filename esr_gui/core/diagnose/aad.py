"""Reading the AAD Operational log: token errors, MFA and expiry markers, AD FS federation."""

from __future__ import annotations

import re

from esr_gui.core.diagnose.context import DiagContext
from esr_gui.core.diagnose.eventscan import event_text, newest
from esr_gui.core.diagnose.evidence import from_event
from esr_gui.core.knowledge.code_meanings import aadsts_codes
from esr_gui.core.knowledge.events import AAD_OPERATIONAL, UDR_ADMIN
from esr_gui.core.models.events import Event
from esr_gui.core.models.findings import Evidence
from esr_gui.core.models.snapshot import Snapshot

INTERACTION_REQUIRED = "0xCAA2000C"
INVALID_GRANT = "0xCAA20003"
MFA_AADSTS = frozenset({"50074", "50076", "50079", "50158"})
EXPIRY_AADSTS = frozenset({"50055", "50132", "50133", "50173", "70008", "70043", "700082"})
EXPIRY_EVENTS = frozenset({1094, 1096})
TOKEN_ERROR_EVENTS = frozenset({1081, 1098})
_MSIS = re.compile(r"\bMSIS\d{4}\b")


def mfa_markers(event: Event) -> list[str]:
    """The MFA-required signs in an event: AADSTS 50074/50076/50079/50158, interaction_required."""
    text = event_text(event)
    marks = [f"AADSTS{n}" for n in aadsts_codes(text) if n in MFA_AADSTS]
    if "interaction_required" in text.lower() or event.has_code(INTERACTION_REQUIRED):
        marks.append("interaction_required")
    return marks


def token_errors(snap: Snapshot) -> list[Event]:
    """AAD token failures: every 1098 and 1081, and 1097 warnings that say MFA is required."""
    return [
        e
        for e in snap.events_in(AAD_OPERATIONAL)
        if e.event_id in TOKEN_ERROR_EVENTS or (e.event_id == 1097 and mfa_markers(e))
    ]


def expiry_markers(event: Event) -> list[str]:
    """Why an AAD event says a token expired: 1094/1096, or invalid_grant with an expiry code."""
    if event.channel.lower() != AAD_OPERATIONAL.lower():
        return []
    if event.event_id in EXPIRY_EVENTS:
        return [f"event {event.event_id}"]
    text = event_text(event)
    marks = [f"AADSTS{n}" for n in aadsts_codes(text) if n in EXPIRY_AADSTS]
    marks += list(dict.fromkeys(_MSIS.findall(text)))
    granted = "invalid_grant" in text.lower() or event.has_code(INVALID_GRANT)
    return marks if marks and granted else []


def marker_value(event: Event, marks: list[str]) -> str:
    """The evidence value of a token event: its codes, then its markers."""
    return "; ".join([*event.error_codes[:2], *marks])


def federation_signals(ctx: DiagContext) -> list[Evidence]:
    """Signs of AD FS federation: EnterprisePrt, an /adfs authority, federated UDR events."""
    evidence: list[Evidence] = []
    facts = ctx.dsreg
    if facts is not None:
        enterprise = (facts.status.get("EnterprisePrt") or "").strip().upper()
        authority = (facts.status.get("EnterprisePrtAuthority") or "").lower()
        if enterprise == "YES" or "/adfs" in authority:
            evidence += ctx.fields("EnterprisePrt", "EnterprisePrtAuthority")
    adfs = [e for e in ctx.snap.events_in(AAD_OPERATIONAL) if "/adfs" in event_text(e).lower()]
    evidence += [from_event(e, note="names an AD FS endpoint") for e in newest(adfs, 2)]
    udr = [
        e
        for e in ctx.snap.events_in(UDR_ADMIN)
        if e.event_id in (304, 305) and "federated" in event_text(e).lower()
    ]
    evidence += [from_event(e, note="tenant type: federated") for e in newest(udr, 1)]
    return evidence
