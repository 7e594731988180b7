"""Sentences join.stage and prereq.device-joined add from other Diagnostic Data lines.

- `Fallback to Sync-Join : DISABLED` on a failed join: the device will not fall back from the
  federated (AD FS) join to the sync join, so a federation failure is final.
- The pre-join tests all passing with no error code: most likely waiting for Entra Connect.
- The built-in Administrator (by name, or a SID ending in -500) running dsregcmd or signing
  in on a device that is not joined: that account cannot join Entra ID.
Sources: diagnosis-parity.md §1.4 (Fallback to Sync-Join), §3 D23, §4 (`builtin-admin-cannot-join`,
`entra-sync-pending-inference`).
"""

from __future__ import annotations

import re

from esr_gui.core.diagnose.base import Verdict
from esr_gui.core.diagnose.context import DiagContext
from esr_gui.core.diagnose.evidence import from_field
from esr_gui.core.dsreg_facts import FieldRef, parse_test_result
from esr_gui.core.models.dsreg import normalize_key
from esr_gui.core.models.findings import Finding

FALLBACK_KEY = "Fallback to Sync-Join"
FALLBACK_NOTE = (
    " Fallback to Sync-Join is DISABLED (FallbackToSyncJoin = 0, under HKLM\\SOFTWARE\\"
    "Microsoft\\Windows\\CurrentVersion\\CDJ or the WorkplaceJoin policy key): when the "
    "federated join through AD FS fails, this device does not fall back to the sync join "
    "through Entra Connect, so the federation stage must work, or that value must be removed."
)
ADMIN_KEYS = ("Executing Account Name", "User Identity")
ADMIN_NOTE = (
    " {key} is the built-in Administrator account ({value}): that account cannot join a "
    "device to Entra ID, and Entra Connect does not sync a domain's built-in Administrator, "
    "so it gets no work identity either. Sign in with another account that has "
    "administrator rights (a synced or cloud account) and join or sign in from there."
)
# The built-in Administrator's name in the Windows languages we know of; SIDs end in -500.
_ADMIN_NAMES = frozenset({"administrator", "administrateur", "administrador", "amministratore"})
_RID_500 = re.compile(r"^S-1-5-21(-\d+){3}-500$", re.IGNORECASE)
_PASSED = ("AD Connectivity Test", "AD Configuration Test", "DRS Discovery Test")

SYNC_PENDING = Verdict(
    "warn",
    "Registration most likely waiting for Entra Connect",
    "The device is domain joined but not registered in Entra ID, its pre-join tests passed "
    "(domain controller reached, service connection point read, registration service found) "
    "and no error code is recorded{when}. Nothing on the device is stopping the join: the "
    "usual reason is that Entra Connect has not synced the computer object yet (a sync-join "
    "completes only after that). First step: {step}",
)


def first_ref(ctx: DiagContext, key: str) -> FieldRef | None:
    """The first `key` printed outside SSO State (whose keys look alike)."""
    facts = ctx.dsreg
    if facts is None:
        return None
    refs = facts.sources_of(key)
    return next((r for r in refs if normalize_key(r.section) != normalize_key("SSO State")), None)


def add_note(finding: Finding, sentence: str, ref: FieldRef) -> Finding:
    """`finding` with `sentence` appended and the field that decided it as evidence."""
    return finding.model_copy(
        update={
            "explanation": finding.explanation + sentence,
            "evidence": [*finding.evidence, from_field(ref)],
        }
    )


def with_fallback_note(ctx: DiagContext, finding: Finding) -> Finding:
    """A failed join's finding, told when Fallback to Sync-Join is DISABLED."""
    ref = first_ref(ctx, FALLBACK_KEY)
    if ref is None or not ref.value.strip().upper().startswith("DISABLED"):
        return finding
    return add_note(finding, FALLBACK_NOTE, ref)


def tests_all_passed(values: dict[str, str]) -> bool:
    """AD Connectivity, AD Configuration and DRS Discovery tests printed and passed."""
    results = [parse_test_result(values.get(normalize_key(key))) for key in _PASSED]
    return all(r is not None and r.word in ("PASS", "PASSED") for r in results)


def sync_pending(finding: Finding) -> bool:
    """A ranking `when`: a join.stage finding inferring a pending Entra Connect sync."""
    return finding.title == SYNC_PENDING.title


def is_builtin_admin(value: str) -> bool:
    """`Administrator`, `DOMAIN\\Administrator`, `Administrator@x`, or a SID ending in -500."""
    account = value.split(",", maxsplit=1)[0].strip()
    if _RID_500.match(account):
        return True
    name = account.rsplit("\\", 1)[-1].split("@", 1)[0].strip().lower()
    return name in _ADMIN_NAMES


def with_admin_note(ctx: DiagContext, finding: Finding) -> Finding:
    """A not-joined finding, told when the built-in Administrator is the account shown."""
    for key in ADMIN_KEYS:
        facts = ctx.dsreg
        refs = facts.sources_of(key) if facts is not None else []
        ref = next((r for r in refs if is_builtin_admin(r.value)), None)
        if ref is not None:
            sentence = ADMIN_NOTE.format(key=ref.key, value=ref.value.strip())
            return add_note(finding, sentence, ref)
    return finding
