"""join.device-auth and join.state-consistency: is the device object alive, are the flags sane.

DeviceAuthStatus (Windows 10 21H1 and later) is the device's own test of its object in Entra
ID: SUCCESS, `FAILED. Device is either disabled or deleted`, or `FAILED. ERROR` (the test
could not reach Entra ID, a connectivity problem, not a device-state one). AADSTS codes in
the same capture tell disabled from deleted. Sources: Microsoft's dsregcmd reference, device
FAQ and PRT troubleshooting (diagnosis-parity.md §1.1, §2.6), DSRegTool's dual-state test.
"""

from __future__ import annotations

from collections.abc import Callable

from esr_gui.core.diagnose.base import MISSING_DSREGCMD, missing_field, say
from esr_gui.core.diagnose.context import DiagContext
from esr_gui.core.diagnose.join_texts import AUTH, AUTH_STEPS, CONSISTENCY, REREGISTER
from esr_gui.core.diagnose.prereq_texts import join_words
from esr_gui.core.diagnose.record import FindingRecord, Rank
from esr_gui.core.dsreg_facts import values_outside
from esr_gui.core.knowledge.code_meanings import aadsts_codes, describe_code
from esr_gui.core.models.findings import Evidence, Finding
from esr_gui.core.parse.code_spellings import find_codes

AUTH_ID = "join.device-auth"
STATE_ID = "join.state-consistency"
_DISABLED = frozenset({"135011", "130007"})
_DELETED = frozenset({"700003", "130008"})
_SERVER_KEYS = ("Server Error Description", "Server Message", "Server Error Code")


def object_state(texts: list[str]) -> str | None:
    """ "disabled" / "deleted" when an AADSTS code in `texts` says which, else None."""
    codes = {code for text in texts for code in aadsts_codes(text)}
    if codes & _DISABLED and not codes & _DELETED:
        return "disabled"
    if codes & _DELETED and not codes & _DISABLED:
        return "deleted"
    return None


def _when(state: str) -> Callable[[Finding], bool]:
    def when(finding: Finding) -> bool:
        return object_state([e.value for e in finding.evidence]) == state

    when.__name__ = f"device_object_{state}"
    return when


def _server_evidence(ctx: DiagContext) -> list[Evidence]:
    """The server error fields that carry an AADSTS code (they tell disabled from deleted)."""
    return [e for e in ctx.fields(*_SERVER_KEYS) if aadsts_codes(e.value)]


def _reregister(join_type: str) -> tuple[str, list[str]]:
    if join_type == "hybrid":
        return REREGISTER["hybrid"], ["remedy.dsregcmd-leave"]
    if join_type == "azure-ad":
        return REREGISTER["azure-ad"], ["remedy.rejoin-azure-ad"]
    return REREGISTER["other"], ["remedy.dsregcmd-leave", "remedy.rejoin-azure-ad"]


def check_device_auth(ctx: DiagContext) -> Finding:
    """join.device-auth: disabled/deleted fail; FAILED. ERROR warn; SUCCESS pass."""
    facts = ctx.dsreg
    if facts is None:
        return say(AUTH_ID, AUTH["unknown"], missing=[MISSING_DSREGCMD])
    value = facts.device_auth_status
    evidence = [*ctx.fields("DeviceAuthStatus", "DeviceId"), *_server_evidence(ctx)]
    if value is None or not value.strip():
        if ctx.join.joined is False:
            join = join_words(ctx.join.join_type)
            return say(AUTH_ID, AUTH["not-joined"], ctx.join.evidence, join=join)
        missing = [missing_field("DeviceAuthStatus", "Device Details") + " (Windows 10 21H1+)"]
        return say(AUTH_ID, AUTH["unknown"], evidence, missing=missing)
    word = value.strip().upper()
    if word.startswith("SUCCESS"):
        return say(AUTH_ID, AUTH["ok"], evidence)
    fix, remedies = _reregister(ctx.join.join_type)
    if "DISABLED" in word or "DELETED" in word:
        state = object_state([e.value for e in evidence])
        if state == "disabled":
            return say(AUTH_ID, AUTH["disabled"], evidence, step=AUTH_STEPS["disabled"])
        key = "deleted" if state == "deleted" else "disabled-or-deleted"
        return say(AUTH_ID, AUTH[key], evidence, remedies, fix=fix)
    if "ERROR" in word:
        codes = "; ".join(describe_code(c) for c in find_codes(value))
        detail = f" ({codes})" if codes else ""
        return say(AUTH_ID, AUTH["error"], evidence, ["remedy.connect-corp-network"], code=detail)
    return say(AUTH_ID, AUTH["other"], evidence, remedies, value=value.strip(), fix=fix)


def _word(ctx: DiagContext, key: str) -> str | None:
    facts = ctx.dsreg
    value = facts.status.get(key) if facts else None
    return value.strip().upper() if value is not None else None


def _contradictions(ctx: DiagContext) -> list[str]:
    """Flags that cannot all be true of one registered device."""
    found: list[str] = []
    if _word(ctx, "AzureAdJoined") == "YES" and _word(ctx, "EnterpriseJoined") == "YES":
        found.append("AzureAdJoined and EnterpriseJoined are both YES (a device is one or other)")
    if _word(ctx, "AzureAdJoined") == "YES":
        for key, sibling in (("DeviceId", "Thumbprint"), ("TenantId", "TenantName")):
            shown = _word(ctx, key)
            if shown == "" or (shown is None and _word(ctx, sibling)):
                found.append(f"AzureAdJoined is YES but {key} is empty (registration incomplete)")
    return found


def _dual_state(ctx: DiagContext) -> tuple[str, list[Evidence]] | None:
    """("same" / "other" / "unknown" tenant, evidence) when a joined device also has a WPJ."""
    facts = ctx.dsreg
    if facts is None or not facts.azure_ad_joined:
        return None
    if not facts.workplace_joined and not facts.work_accounts:
        return None
    evidence = ctx.fields("AzureAdJoined", "DomainJoined", "WorkplaceJoined", "TenantId")
    evidence += ctx.fields("WorkplaceTenantId")
    tenant = (facts.tenant_id or "").strip().lower()
    wpj = [v.strip().lower() for v in values_outside(facts.status, "WorkplaceTenantId")]
    if not tenant or not wpj:
        return "unknown", evidence
    return ("same" if tenant in wpj else "other"), evidence


def check_state_consistency(ctx: DiagContext) -> Finding:
    """join.state-consistency: contradictory flags fail; dual state (same tenant) warn."""
    facts = ctx.dsreg
    if facts is None:
        return say(STATE_ID, CONSISTENCY["unknown"], missing=[MISSING_DSREGCMD])
    if facts.azure_ad_joined is None:
        missing = [missing_field("AzureAdJoined", "Device State")]
        return say(STATE_ID, CONSISTENCY["unknown"], missing=missing)
    base = ctx.fields("AzureAdJoined", "EnterpriseJoined", "DomainJoined", "WorkplaceJoined")
    found = _contradictions(ctx)
    if found:
        evidence = [*base, *ctx.fields("DeviceId", "Thumbprint", "TenantId", "TenantName")]
        fix, remedies = _reregister(ctx.join.join_type)
        what = "; ".join(found)
        return say(STATE_ID, CONSISTENCY["contradiction"], evidence, remedies, what=what, fix=fix)
    dual = _dual_state(ctx)
    if dual is not None and dual[0] != "other":
        key = "dual" if dual[0] == "same" else "dual-maybe"
        return say(STATE_ID, CONSISTENCY[key], dual[1], ["remedy.open-sync-settings"])
    if dual is not None:
        return say(STATE_ID, CONSISTENCY["other-tenant"], dual[1])
    return say(STATE_ID, CONSISTENCY["ok"], base)


DEVICE_AUTH_RECORD = FindingRecord(
    id=AUTH_ID,
    area="registration",
    name="Device object in Entra ID",
    guide=(
        "Beyond the guide: DeviceAuthStatus (Windows 10 21H1+), the device's own check that its "
        "object in Entra ID exists and is enabled"
    ),
    meaning="Whether the device could prove itself to Entra ID with its device object.",
    why=(
        "A disabled or deleted device object gets no PRT, so no token for ESR; Windows still "
        "shows the device as joined. FAILED. ERROR means the check could not reach Entra ID."
    ),
    todo=(
        "Disabled: an admin enables the device object. Deleted: re-register the device. "
        "FAILED. ERROR: fix the device's (SYSTEM) network path to Entra ID first."
    ),
    check=check_device_auth,
    docs=(
        "DeviceAuthStatus `FAILED. Device is either disabled or deleted`: `fail` (AADSTS135011/"
        "130007 in the capture: disabled; 700003/130008: deleted); `FAILED. ERROR` (or an error "
        "code): `warn`, the check could not reach Entra ID; `SUCCESS`: `pass`; not printed on a "
        "joined device: `unknown`"
    ),
    action=(
        "An admin looks up the DeviceId in Entra ID (Devices): enable the object if it is "
        "disabled; if it is gone, re-register the device."
    ),
    ranks=(
        Rank(
            53,
            ("fail",),
            "a disabled device object blocks every token: only an admin can enable it",
            when=_when("disabled"),
            action=AUTH_STEPS["disabled"],
        ),
        Rank(
            55,
            ("fail",),
            "a deleted device object: only a new registration brings tokens back",
            when=_when("deleted"),
            action=AUTH_STEPS["deleted"],
        ),
        Rank(57, ("fail",), "disabled or deleted device object: no token can be issued"),
        Rank(
            103,
            ("warn",),
            "the device cannot reach Entra ID: fix the path before judging anything else",
            action=AUTH_STEPS["error"],
        ),
    ),
)

STATE_CONSISTENCY_RECORD = FindingRecord(
    id=STATE_ID,
    area="registration",
    name="Join state consistent",
    guide=(
        "Beyond the guide: contradictory join flags, and dual state (a joined device that also "
        "has the same tenant's work account registered)"
    ),
    meaning="Whether the join flags describe one coherent registration.",
    why=(
        "Contradictory flags mean a broken or half-finished registration. In dual state Windows "
        "can pick the registered account's token instead of the device's, and settings may "
        "roam under the wrong identity."
    ),
    todo=(
        "Contradiction: re-register the device. Dual state: disconnect the work account under "
        "Settings > Accounts > Access work or school (the join stays)."
    ),
    check=check_state_consistency,
    docs=(
        "AzureAdJoined and EnterpriseJoined both YES, or AzureAdJoined YES with no DeviceId/"
        "TenantId: `fail`; joined and WorkplaceJoined YES with WorkplaceTenantId = TenantId "
        "(dual state): `warn` (`warn` too when the tenant cannot be compared)"
    ),
    action=(
        "Disconnect the duplicate work account: Settings > Accounts > Access work or school > "
        "the account > Disconnect (the device join stays)."
    ),
    ranks=(
        Rank(
            147,
            ("fail",),
            "flags that contradict: a broken registration, re-register it",
            action=REREGISTER["any"],
        ),
        Rank(215, ("warn",), "two identities of one tenant: the wrong one may get the token"),
    ),
)
