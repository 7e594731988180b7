"""join.stage: where a hybrid join stopped, read from dsregcmd's Diagnostic Data.

Tells a device that never tried to register apart from one whose attempt failed (and at
which test, phase and code), so the first step fixes that stage instead of "rejoin".
A deleted or disabled device object is join.device-auth's finding.
"""

from __future__ import annotations

from esr_gui.core.diagnose.base import MISSING_DSREGCMD, Verdict, missing_field, say
from esr_gui.core.diagnose.context import DiagContext
from esr_gui.core.diagnose.evidence import from_field, from_system
from esr_gui.core.diagnose.join_causes import CAUSES, STAGE_KEYS, TEST_KEYS, classify, when_cause
from esr_gui.core.diagnose.join_notes import (
    SYNC_PENDING,
    sync_pending,
    tests_all_passed,
    with_admin_note,
    with_fallback_note,
)
from esr_gui.core.diagnose.record import FindingRecord, Rank
from esr_gui.core.dsreg_facts import FieldRef, parse_test_result, values_outside
from esr_gui.core.knowledge.code_meanings import code_info, describe_code
from esr_gui.core.models.dsreg import normalize_key
from esr_gui.core.models.findings import Evidence, Finding

RID = "join.stage"
_PRESENCE_KEYS = (*STAGE_KEYS, "Diagnostics Reference", "User Context", "Client Time")

STAGE: dict[str, Verdict] = {
    "no-dsregcmd": Verdict("unknown", "Join stage not known", "dsregcmd /status is missing."),
    "no-join-state": Verdict(
        "unknown",
        "Join stage not known",
        "dsregcmd /status did not print AzureAdJoined and DomainJoined, so it is not known "
        "whether a join was attempted.",
    ),
    "joined": Verdict(
        "pass",
        "Joined to Entra ID: no join stage stopped",
        "AzureAdJoined is YES, so registration finished{join}.",
    ),
    "not-domain": Verdict(
        "not-applicable",
        "Not checked: the device is not domain joined",
        "The hybrid join stages (domain controller, SCP, discovery, token, join) apply to "
        "domain-joined devices only; an Entra join is done from Settings (see "
        "prereq.device-joined).",
    ),
    "failed": Verdict(
        "fail",
        "Hybrid join stopped: {cause}",
        "Diagnostic Data shows the registration failed{phase}: {detail}.{when} First step: {step}",
    ),
    "never": Verdict(
        "fail",
        "No registration attempt recorded",
        "The device is domain joined but not registered in Entra ID, and Diagnostic Data "
        "records no attempt (no Previous Registration, no error, no failed test). It never "
        "tried, so there is nothing to rejoin: the hybrid join set-up is missing or has not "
        "reached it. First step: {step}",
    ),
    "no-code": Verdict(
        "warn",
        "Registration attempt failed without an error code",
        "Diagnostic Data records a failed attempt at {when} but no error phase, code or failed "
        "test. Run the Automatic-Device-Join task and capture dsregcmd /status again (as "
        "SYSTEM shows the most detail), or read the User Device Registration event log.",
    ),
    "no-diagnostics": Verdict(
        "unknown",
        "Join stage not printed",
        "The device is domain joined but not registered in Entra ID, and this dsregcmd does "
        "not print the Diagnostic Data block (older Windows, or cut from the text), so where "
        "the join stopped is not known.",
    ),
}


def _first(ctx: DiagContext, key: str) -> FieldRef | None:
    """The first `key` printed outside SSO State (whose keys look alike), with its place."""
    facts = ctx.dsreg
    if facts is None:
        return None
    refs = facts.sources_of(key)
    return next((r for r in refs if normalize_key(r.section) != normalize_key("SSO State")), None)


def _note(key: str, value: str) -> str:
    """Code meanings for a test result (sub-code last) or an error code field."""
    if key in TEST_KEYS:
        result = parse_test_result(value)
        codes = result.codes if result else ()
        parts = [describe_code(c) for c in codes if code_info(c) is not None]
        if len(codes) > 1:
            parts.insert(0, f"sub-code {codes[-1]} names the cause")
        return "; ".join(parts)
    if normalize_key(key) == normalize_key("Client ErrorCode"):
        described = describe_code(value)
        return described if described != value.strip() else ""
    return ""


def stage_evidence(ctx: DiagContext) -> tuple[list[Evidence], dict[str, str]]:
    """The join state and every printed Diagnostic Data stage field, with code meanings."""
    evidence: list[Evidence] = []
    values: dict[str, str] = {}
    for key in ("AzureAdJoined", "DomainJoined", *STAGE_KEYS):
        ref = _first(ctx, key)
        if ref is None or not ref.value.strip():
            continue
        values[normalize_key(key)] = ref.value
        evidence.append(from_field(ref, _note(key, ref.value)))
    return evidence, values


def _detail(values: dict[str, str]) -> str:
    shown = [
        f"{key} {values[normalize_key(key)]}"
        for key in (*TEST_KEYS, "Client ErrorCode", "Server ErrorCode", "Server Message")
        if normalize_key(key) in values
        and not (key in TEST_KEYS and values[normalize_key(key)].strip().upper() in _QUIET)
    ]
    return "; ".join(shown) or "no code printed"


_QUIET = ("PASS", "SKIPPED", "PASSED")


def _printed_diagnostics(ctx: DiagContext) -> bool:
    status = ctx.snap.dsregcmd
    return status is not None and any(values_outside(status, k) for k in _PRESENCE_KEYS)


def check_join_stage(ctx: DiagContext) -> Finding:
    """join.stage: the stage and cause of a failed hybrid join; never-attempted told apart."""
    facts = ctx.dsreg
    if facts is None:
        return say(RID, STAGE["no-dsregcmd"], missing=[MISSING_DSREGCMD])
    evidence, values = stage_evidence(ctx)
    if facts.azure_ad_joined is None or (facts.domain_joined is None and not facts.azure_ad_joined):
        missing = [missing_field("AzureAdJoined / DomainJoined", "Device State")]
        return say(RID, STAGE["no-join-state"], evidence, missing=missing)
    if facts.azure_ad_joined:
        join = " (hybrid joined)" if facts.domain_joined else ""
        return say(RID, STAGE["joined"], ctx.fields("AzureAdJoined", "DomainJoined"), join=join)
    if not facts.domain_joined:
        return say(RID, STAGE["not-domain"], ctx.fields("AzureAdJoined", "DomainJoined"))
    found = _unjoined(ctx, evidence, values)
    return with_admin_note(ctx, found) if found.status in ("fail", "warn") else found


def _unjoined(ctx: DiagContext, evidence: list[Evidence], values: dict[str, str]) -> Finding:
    """join.stage for a domain-joined device that is not in Entra ID."""
    key = classify(values)
    offline = ctx.snap.system.domain_controller_reachable is False
    if key is None and offline:
        key = "dc"
        evidence.append(from_system("domain_controller_reachable", False, "no DC answered"))
    attempt = values.get(normalize_key("Previous Registration"), "")
    if key is not None:
        return with_fallback_note(ctx, _failed(key, evidence, values, attempt))
    if tests_all_passed(values):
        when = f" (last attempt {attempt})" if attempt else ""
        step = CAUSES["sync"].step
        return say(RID, SYNC_PENDING, evidence, ["remedy.sign-out-in"], when=when, step=step)
    if attempt:
        found = say(RID, STAGE["no-code"], evidence, ["remedy.run-device-join-task"], when=attempt)
        return with_fallback_note(ctx, found)
    if not _printed_diagnostics(ctx):
        missing = [missing_field("Diagnostic Data (Previous Registration, Error Phase)", "")]
        return say(RID, STAGE["no-diagnostics"], evidence, missing=missing)
    step = CAUSES["never"].step
    return say(RID, STAGE["never"], evidence, ["remedy.run-device-join-task"], step=step)


def _failed(key: str, evidence: list[Evidence], values: dict[str, str], attempt: str) -> Finding:
    """The `failed` verdict for join cause `key`, with its phase, detail and first step."""
    cause = CAUSES[key]
    phase = values.get(normalize_key("Error Phase"), "").strip()
    return say(
        RID,
        STAGE["failed"],
        evidence,
        _REMEDIES.get(key, ["remedy.open-event-viewer"]),
        cause=cause.cause,
        phase=f" in the {phase} phase" if phase else "",
        detail=_detail(values),
        when=f" Last failed attempt: {attempt}." if attempt else "",
        step=cause.step,
    )


_REMEDIES: dict[str, list[str]] = {
    "dc": ["remedy.connect-corp-network"],
    "sync": ["remedy.sign-out-in"],
    "busy": ["remedy.sign-out-in"],
    "replication": ["remedy.sign-out-in"],
}


def _rank(order: int, key: str, reason: str) -> Rank:
    return Rank(order, ("fail",), reason, when=when_cause(key), action=CAUSES[key].step)


JOIN_STAGE_RECORD = FindingRecord(
    id=RID,
    area="registration",
    name="Hybrid join stage",
    guide=(
        "Beyond the guide: dsregcmd's Diagnostic Data (pre-join tests, Error Phase, Client and "
        "Server ErrorCode, Previous Registration) read into where and why the join stopped"
    ),
    meaning="Where a domain-joined device's registration with Entra ID stopped, and why.",
    why=(
        "Each stage fails for its own reason (no domain controller, a wrong SCP, a proxy that "
        "blocks SYSTEM, the federation service, sync not done yet); retrying the join without "
        "fixing that stage fails the same way, and a device that never tried needs its set-up "
        "checked, not a rejoin."
    ),
    todo=(
        "Fix the stage the finding names (its first step), then sign out and in or run the "
        "Automatic-Device-Join task and capture dsregcmd /status again."
    ),
    check=check_join_stage,
    docs=(
        "domain joined, not in Entra ID, and Diagnostic Data shows a failed test, an Error "
        "Phase or a Client/Server ErrorCode: `fail` naming the cause (the test's sub-code "
        "first); no attempt recorded at all: `fail` (never tried: check the set-up); an attempt"
        " without a code: `warn`; joined: `pass`; not domain joined: `not-applicable`. Win32"
        " 1312 / 1317 (also as 0x80070520 / 0x80070525) in an error field or test result:"
        " `fail`, the computer account not yet replicated. The AD Connectivity, AD"
        " Configuration and DRS Discovery tests all PASS with no code: `warn`, most likely"
        " waiting for Entra Connect. A failed join with `Fallback to Sync-Join : DISABLED`"
        " says the device will not fall back to sync join. The built-in Administrator as"
        " Executing Account Name or User Identity (by name or a -500 SID) is named on any"
        " `fail` or `warn`: that account cannot join"
    ),
    action="Fix the join stage the finding names, then sign out and in.",
    ranks=(
        _rank(21, "dc", "no domain controller: no other join step can run until one answers"),
        _rank(22, "scp", "the SCP tells the device its tenant: nothing joins until it is right"),
        _rank(23, "tenant", "the SCP names a tenant that does not exist: fix it before retrying"),
        _rank(24, "tpm", "the device key cannot be made: retrying fails until the TPM is fixed"),
        _rank(25, "network", "a network code names the blocked path: fix it before retrying"),
        _rank(26, "discovery", "discovery failed: the path to the service comes first"),
        _rank(27, "federation", "the federation service refused: only its owner can fix it"),
        _rank(28, "sync", "waiting for Entra Connect: expected, not a device fault"),
        _rank(29, "replication", "AD replication is late: waiting, not a rejoin, is the fix"),
        _rank(30, "busy", "the service throttled the device: waiting is the fix"),
        _rank(35, "never", "never tried to register: set-up comes before any rejoin"),
        Rank(
            36,
            ("warn",),
            "every pre-join test passed: waiting for Entra Connect, not a device set-up fault",
            when=sync_pending,
            action=CAUSES["sync"].step,
        ),
    ),
)
