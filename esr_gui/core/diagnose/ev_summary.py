"""ev.sync-log-errors: every error code the sync logs hold, counted and decoded (no verdict).

Beyond the 2017 guide. CloudStore (Operational, Initialization), SettingSync and
SettingSync-Azure errors are listed by code, most frequent first, each with what the code
table says of it, so that nothing these logs record is read and then dropped. Codes a cause
finding already decides (policy, throttling, sign-in, size, refusal) are left to it. CloudStore
logs many harmless errors, so this stays `info`: a pointer, not a cause.
"""

from __future__ import annotations

from collections import Counter

from esr_gui.core.diagnose.base import Verdict, say
from esr_gui.core.diagnose.context import DiagContext
from esr_gui.core.diagnose.ev_aad import with_aad_errors
from esr_gui.core.diagnose.ev_scan import FAMILY_CODES, read_summary, sync_events, sync_view
from esr_gui.core.diagnose.eventscan import missing_channels
from esr_gui.core.diagnose.evidence import from_event
from esr_gui.core.diagnose.record import FindingRecord
from esr_gui.core.knowledge.code_meanings import code_info
from esr_gui.core.knowledge.code_text import code_label
from esr_gui.core.models.events import Event
from esr_gui.core.models.findings import Finding

RID = "ev.sync-log-errors"
CODES_SHOWN = 5
# Decided elsewhere: the known issues' codes and the cause families'.
DECIDED = frozenset({*FAMILY_CODES, "0x80070259", "0x80070533"})

TEXTS = {
    "codes": Verdict(
        "info",
        "Sync logs hold {distinct} other error code(s)",
        "Besides the causes the other checks decide, the sync logs ({read}) hold these error "
        "codes: {listing}. None of them names a known sync cause on its own; read them with "
        "the events around them (CloudStore logs many harmless errors).",
    ),
    "clean": Verdict(
        "not-applicable",
        "No other error codes in the sync logs",
        "The sync logs read ({read}) hold no error code beyond the ones the other checks decide.",
    ),
    "unread": Verdict(
        "unknown",
        "Sync logs not captured",
        "None of the SettingSync, SettingSync-Azure or CloudStore logs is in this capture.",
    ),
}


def _failures(events: list[Event]) -> list[tuple[str, Event]]:
    """(code, event) for each code of each error or warning event, decided codes left out."""
    return [
        (code, e)
        for e in events
        if e.level is None or e.level in (1, 2, 3)
        for code in e.error_codes
        if code not in DECIDED
    ]


def _describe(code: str, count: int) -> str:
    info = code_info(code)
    name = f" {code_label(code)}" if info else " (not in our code table)"
    return f"{code}{name} ×{count}"


def check_sync_log_errors(ctx: DiagContext) -> Finding:
    """ev.sync-log-errors: other error codes of the sync logs, counted and decoded (info)."""
    return with_aad_errors(ctx.snap, _sync_log_errors(ctx))


def _sync_log_errors(ctx: DiagContext) -> Finding:
    view = sync_view(ctx.snap)
    if not view.any_read:
        return say(RID, TEXTS["unread"], missing=missing_channels(view))
    read = read_summary(ctx.snap, view)
    pairs = _failures(sync_events(ctx.snap))
    if not pairs:
        return say(RID, TEXTS["clean"], read=read)
    counts = Counter(code for code, _ in pairs)
    top = [code for code, _ in counts.most_common(CODES_SHOWN)]
    newest = {code: e for code, e in pairs}  # events are oldest first: the last one wins
    evidence = [from_event(newest[code], code) for code in top]
    listing = "; ".join(_describe(code, counts[code]) for code in top)
    if len(counts) > CODES_SHOWN:
        listing += f"; and {len(counts) - CODES_SHOWN} more"
    return say(RID, TEXTS["codes"], evidence, distinct=len(counts), read=read, listing=listing)


SYNC_LOG_ERRORS_RECORD = FindingRecord(
    id=RID,
    area="verify-sync",
    name="Sync log: other error codes",
    guide=(
        "Beyond the guide: the CloudStore, SettingSync and SettingSync-Azure logs' error codes, "
        "decoded"
    ),
    meaning=(
        "Error codes the sync logs hold, and AAD Operational errors, that no cause finding "
        "decides, counted and decoded."
    ),
    why="They show where sync stumbles when no known cause applies.",
    todo="Read each code with the events around it; search the code if our table has none.",
    check=check_sync_log_errors,
    docs=(
        "errors and warnings of the SettingSync, SettingSync-Azure and CloudStore (Operational, "
        "Initialization) logs carry codes no cause finding decides: `info` with each code, its "
        "count and meaning; none: `not-applicable`; no sync log: `unknown`. AAD Operational "
        "events of level Error that no other finding decides (not 1098 with 0xCAA5001C, no MFA "
        "or expiry marker) are counted by code and decoded in the same text; they turn "
        "`not-applicable` into `info`"
    ),
)
