"""Verify sync: policy, the user's switches, the greyed-out page, the account, two-device test."""

from __future__ import annotations

import re

from esr_gui.core.diagnose.base import MISSING_DSREGCMD, MISSING_SYSTEM_USER, missing_key, say
from esr_gui.core.diagnose.common import prt_diagnostics
from esr_gui.core.diagnose.context import DiagContext
from esr_gui.core.diagnose.ev_scan import family_hits, hit_evidence, last_time
from esr_gui.core.diagnose.evidence import (
    decisive_first,
    from_reg_key,
    from_reg_value,
    from_upn,
)
from esr_gui.core.diagnose.prereq_texts import join_words
from esr_gui.core.diagnose.record import FindingRecord, Rank
from esr_gui.core.diagnose.verify_texts import (
    EVENT_AGREES,
    OVERRIDE_NOTE,
    PAGE,
    POLICY,
    SAME_ACCOUNT,
    TOGGLES,
    TWO_DEVICE,
)
from esr_gui.core.models.findings import Evidence, Finding
from esr_gui.core.models.registry import key_id

POLICY_KEY = r"HKLM\SOFTWARE\Policies\Microsoft\Windows\SettingSync"
MDM_KEY = r"HKLM\SOFTWARE\Microsoft\PolicyManager\current\device\Experience"
USER_SYNC_KEY = r"HKCU\Software\Microsoft\Windows\CurrentVersion\SettingSync"
GROUPS_KEY = USER_SYNC_KEY + r"\Groups"
MSA_PROVIDER_GUID = "D7F9888F-E3FC-49B0-9EA6-A85B5F392A4F"
_MISSING_PRT = (
    "dsregcmd /status did not print AzureAdPrt (SSO State; User State in the 1607-era layout)"
)
_GROUP_POLICY = re.compile(r"^Disable(\w+)SettingSync$", re.IGNORECASE)
GROUP_POLICY_NAMES: dict[str, str] = {
    "application": "app settings",
    "appsync": "apps",
    "credentials": "passwords",
    "desktoptheme": "desktop theme",
    "personalization": "desktop personalization",
    "startlayout": "Start layout",
    "webbrowser": "web browser",
    "windows": "other Windows settings",
}


def _policy_blocks(ctx: DiagContext) -> tuple[list[str], list[Evidence], bool]:
    """What blocks sync device-wide, its evidence, and whether users may switch sync back on."""
    registry = ctx.snap.registry
    which: list[str] = []
    evidence: list[Evidence] = []
    gpo = registry.value(POLICY_KEY, "DisableSettingSync")
    override = registry.value(POLICY_KEY, "DisableSettingSyncUserOverride")
    gpo_blocks = gpo is not None and gpo.as_int() == 2
    if gpo_blocks:
        which.append("Group Policy DisableSettingSync = 2")
        evidence.append(from_reg_value(POLICY_KEY, "DisableSettingSync", gpo, "Do not sync"))
        if override is not None:
            evidence.append(from_reg_value(POLICY_KEY, "DisableSettingSyncUserOverride", override))
    mdm = registry.value(MDM_KEY, "AllowSyncMySettings")
    if mdm is not None and mdm.as_int() == 0:
        which.append("MDM AllowSyncMySettings = 0")
        evidence.append(from_reg_value(MDM_KEY, "AllowSyncMySettings", mdm, "MDM blocks sync"))
    user_may = gpo_blocks and override is not None and override.as_int() == 1
    return which, evidence, user_may


def _group_blocks(ctx: DiagContext) -> list[tuple[str, Evidence]]:
    key = ctx.snap.registry.key(POLICY_KEY)
    found: list[tuple[str, Evidence]] = []
    for value in key.values if key else []:
        match = _GROUP_POLICY.match(value.name)
        if match is None or value.as_int() != 2:
            continue
        group = GROUP_POLICY_NAMES.get(match.group(1).lower(), match.group(1))
        found.append((group, from_reg_value(POLICY_KEY, value.name, value)))
    return found


def _policy_state(ctx: DiagContext) -> tuple[list[Evidence], list[str]]:
    """Evidence that the policy keys were read (values or absence), and what is missing."""
    evidence: list[Evidence] = []
    missing: list[str] = []
    for path, name in ((POLICY_KEY, "DisableSettingSync"), (MDM_KEY, "AllowSyncMySettings")):
        state = ctx.snap.registry_key_state(path)
        if state == "unknown":
            missing.append(missing_key(path, name))
        elif state == "missing":
            evidence.append(from_reg_key(path, "(key not present)", "no such policy"))
        else:
            evidence.append(from_reg_value(path, name, ctx.snap.registry.value(path, name)))
    return evidence, missing


def check_policy_allows(ctx: DiagContext) -> Finding:
    """sync.policy-allows: DisableSettingSync 2 / AllowSyncMySettings 0 fail; groups warn.

    A sync event with 0x800704EC (blocked by policy) is evidence too. The registry is the
    current state and wins when it blocks; an event alone fails when the keys were not
    captured, and warns when the captured keys allow sync (the policy was likely removed).
    """
    rid = "sync.policy-allows"
    hits = family_hits(ctx.snap, "policy")
    events = {"count": str(len(hits)), "last": last_time(hits)}
    logged = hit_evidence(hits, 2)
    which, blocks, user_may = _policy_blocks(ctx)
    if which:
        remedies = ["remedy.open-sync-settings"] if user_may else []
        override = OVERRIDE_NOTE * user_may + (EVENT_AGREES.format(**events) if hits else "")
        text = " and ".join(which)
        evidence = [*blocks, *logged]
        return say(rid, POLICY["block"], evidence, remedies, which=text, override=override)
    read, missing = _policy_state(ctx)
    groups = _group_blocks(ctx)
    if groups:
        names = ", ".join(g for g, _ in groups)
        evidence = [*(e for _, e in groups), *logged]
        return say(rid, POLICY["groups"], evidence, missing=missing, groups=names)
    if hits:
        key = "event-only" if missing else "event-disagrees"
        evidence = [*logged, *read]
        return say(rid, POLICY[key], evidence, [], missing, **events)
    if missing:
        return say(rid, POLICY["unknown"], read, missing=missing)
    return say(rid, POLICY["ok"], read)


def _event_decides(found: Finding) -> bool:
    """Whether a sync.policy-allows verdict rests on an event (it is then listed first)."""
    return bool(found.evidence) and found.evidence[0].source == "event"


def _registry_decides(found: Finding) -> bool:
    """Whether a sync.policy-allows verdict rests on the policy keys (listed first)."""
    return not _event_decides(found)


def _toggles(ctx: DiagContext) -> list[tuple[str, int, Evidence]]:
    found = []
    for key in ctx.snap.registry.subkeys(GROUPS_KEY):
        value = key.value("Enabled")
        number = value.as_int() if value is not None else None
        if number is not None:
            group = key.path.rsplit("\\", 1)[-1]
            found.append((group, number, from_reg_value(key.path, "Enabled", value, group)))
    return found


def _hkcu_is_system(ctx: DiagContext) -> bool:
    direct = key_id(USER_SYNC_KEY)
    own_hive = any(k == direct or k.startswith(direct + "\\") for k in ctx.snap.registry.keys)
    return ctx.capture.context == "system" and (own_hive or not ctx.snap.registry.user_sids())


def check_user_toggles(ctx: DiagContext) -> Finding:
    """sync.user-toggles: all groups off fail; some off warn; all on pass; else unknown."""
    rid = "sync.user-toggles"
    if _hkcu_is_system(ctx):
        return say(rid, TOGGLES["system"], ctx.capture.evidence, missing=[MISSING_SYSTEM_USER])
    toggles = _toggles(ctx)
    if not toggles:
        captured = ctx.snap.registry_key_state(USER_SYNC_KEY) != "unknown"
        why = (
            "no Groups\\*\\Enabled values were recorded for this user"
            if captured
            else missing_key(USER_SYNC_KEY, "Groups\\*\\Enabled")
        )
        return say(rid, TOGGLES["unknown"], missing=[why], remedies=["remedy.open-sync-settings"])
    evidence = [e for _, _, e in toggles]
    off = [g for g, number, _ in toggles if number == 0]
    remedies = ["remedy.open-sync-settings"]
    if len(off) == len(toggles):
        return say(rid, TOGGLES["all-off"], evidence, remedies, groups=", ".join(off))
    if off:
        off_evidence = [e for g, _, e in toggles if g in off]
        return say(rid, TOGGLES["some-off"], off_evidence, remedies, groups=", ".join(off))
    policy = ctx.snap.registry.value(USER_SYNC_KEY, "SyncPolicy")
    if policy is not None and policy.as_int() == 5:
        policy_ev = from_reg_value(USER_SYNC_KEY, "SyncPolicy", policy)
        return say(rid, TOGGLES["sync-policy"], [policy_ev, *evidence], remedies)
    return say(rid, TOGGLES["ok"], evidence, groups=", ".join(g for g, _, _ in toggles))


def check_settings_page(ctx: DiagContext) -> Finding:
    """sync.settings-page-disabled: hybrid with AzureAdPrt NO fail; YES pass; else n/a/unknown."""
    rid = "sync.settings-page-disabled"
    facts = ctx.dsreg
    if facts is None or facts.domain_joined is None or facts.azure_ad_joined is None:
        missing = [MISSING_DSREGCMD] if facts is None else ["AzureAdJoined / DomainJoined"]
        return say(rid, PAGE["no-dsregcmd"], ctx.join.evidence, missing=missing)
    if not (facts.domain_joined and facts.azure_ad_joined):
        return say(
            rid, PAGE["not-hybrid"], ctx.join.evidence, join_type=join_words(facts.join_type)
        )
    # AzureAdPrt decides; the join fields only say why the page applies.
    evidence = decisive_first(ctx.fields("AzureAdPrt"), ctx.join.evidence)
    if ctx.capture.context == "system":
        return say(rid, PAGE["system"], evidence, missing=[MISSING_SYSTEM_USER])
    if facts.azure_ad_prt is None:
        return say(rid, PAGE["prt-unknown"], evidence, missing=[_MISSING_PRT])
    if facts.azure_ad_prt:
        return say(rid, PAGE["prt-yes"], evidence)
    remedies = ["remedy.sign-out-in", "remedy.run-device-join-task", "remedy.open-sync-settings"]
    decisive = [*ctx.fields("AzureAdPrt"), *prt_diagnostics(ctx)]
    return say(rid, PAGE["prt-no"], decisive_first(decisive, ctx.join.evidence), remedies)


def is_msa_provider(guid: str) -> bool:
    """Whether a printed WamDefaultGUID names the personal Microsoft account provider."""
    compact = "".join(guid.split()).upper()
    return compact.endswith("(MICROSOFTACCOUNT)") or MSA_PROVIDER_GUID in compact


def check_same_account(ctx: DiagContext) -> Finding:
    """sync.same-account: WAM default is a Microsoft account warn; otherwise manual."""
    rid = "sync.same-account"
    facts = ctx.dsreg
    guid = facts.wam_default_guid if facts else None
    if guid and is_msa_provider(guid) and ctx.capture.user_state_trusted:
        evidence = ctx.fields("WamDefaultGUID", "WamDefaultAuthority", "WamDefaultId")
        return say(rid, SAME_ACCOUNT["msa"], evidence, ["remedy.open-sync-settings"])
    evidence = ctx.fields("WamDefaultGUID")
    if ctx.snap.upn:
        evidence.append(from_upn(ctx.snap.upn, "whoami /upn"))
    return say(rid, SAME_ACCOUNT["manual"], evidence, ["remedy.open-sync-settings"])


def check_two_device_test(ctx: DiagContext) -> Finding:
    """sync.two-device-test: always manual, with the steps."""
    del ctx
    remedies = ["remedy.lock-to-sync", "remedy.open-sync-settings"]
    return say("sync.two-device-test", TWO_DEVICE, remedies=remedies)


POLICY_ALLOWS_RECORD = FindingRecord(
    id="sync.policy-allows",
    area="verify-sync",
    name="Sync allowed by policy",
    guide="Verify sync: sync and the individual settings are on",
    meaning="Whether Group Policy or MDM turns settings sync off, fully or for some groups.",
    why=(
        "A 'Do not sync' policy (DisableSettingSync = 2) or MDM AllowSyncMySettings = 0 stops all"
        " sync whatever the user chooses; per-group policies stop those groups."
    ),
    todo=(
        "Ask the policy owner to remove or relax the GPO (Sync your settings) or the Intune "
        "Experience setting, then run gpupdate / sync the device and sign in again."
    ),
    check=check_policy_allows,
    docs=(
        "Group Policy `DisableSettingSync` = 2, or MDM `AllowSyncMySettings` = 0: `fail`; "
        "per-group policy switches turning some groups off: `warn`. A SettingSync, "
        "SettingSync-Azure or CloudStore event with 0x800704EC (blocked by policy) is evidence "
        "too: with the policy keys not captured it `fail`s on its own; when the captured keys "
        "allow sync it `warn`s (the registry is the current state, the event is history: the "
        "policy was most likely removed since)"
    ),
    action="Have the administrator remove the policy that turns sync off.",
    ranks=(
        Rank(
            90,
            ("fail",),
            "an explicit policy block overrides whatever the user or device does",
            when=_registry_decides,
        ),
        Rank(
            143,
            ("fail",),
            "a policy block known from the log alone may be history: current dsregcmd facts "
            "above it come first",
            when=_event_decides,
        ),
        Rank(
            267,
            ("warn",),
            "a logged policy block the current keys no longer show: likely history",
            when=_event_decides,
            action="Lock and unlock to start a sync, then look for a new 0x800704EC.",
        ),
        Rank(270, ("warn",), "policy blocks some groups only"),
    ),
)

USER_TOGGLES_RECORD = FindingRecord(
    id="sync.user-toggles",
    area="verify-sync",
    name="User's sync switches",
    guide=("Verify sync: Settings > Accounts > Sync your settings shows sync and the settings on"),
    meaning="The user's own switches on the Sync your settings page.",
    why="Groups the user switched off do not roam, even when everything else is healthy.",
    todo=(
        "Open Settings > Accounts > Sync your settings (Windows backup on Windows 11) and switch "
        "the wanted groups on."
    ),
    check=check_user_toggles,
    docs="the user's own sync switches (HKCU SettingSync groups) are off",
    action="Switch sync on in Settings > Accounts > Sync your settings.",
    ranks=(
        Rank(160, ("fail",), "the user switched every sync group off"),
        Rank(280, ("warn",), "the user switched some groups off"),
    ),
)

SETTINGS_PAGE_DISABLED_RECORD = FindingRecord(
    id="sync.settings-page-disabled",
    area="verify-sync",
    name="Sync settings page usable",
    guide=(
        "Potential issue: greyed toggles and a 'features only available with a Microsoft or work "
        "account' note"
    ),
    meaning=(
        "Whether a hybrid device has authenticated to Azure AD (has a primary refresh token)."
    ),
    why=(
        "Without a PRT the page greys its switches out; device policy arrives asynchronously and "
        "this can last hours after a join."
    ),
    todo=(
        "Wait for policy, sign out and in, or run Automatic-Device-Join; then check dsregcmd "
        "/status again (AzureAdPrt YES)."
    ),
    check=check_settings_page,
    docs=(
        "domain-joined and registered but the device has not authenticated to Azure AD (no PRT): "
        "the page would show grayed toggles"
    ),
    action="Sign out and sign in again so the device gets its Azure AD token (PRT).",
    ranks=(
        Rank(
            120, ("fail",), "registered but no Azure AD token: the device has not authenticated yet"
        ),
    ),
)

SAME_ACCOUNT_RECORD = FindingRecord(
    id="sync.same-account",
    area="verify-sync",
    name="Same account for sync and sign-in",
    guide="Verify sync: the page names the work account, the same as in Your info",
    meaning="Whether settings sync with the account the user signs in with.",
    why=(
        "Sync follows the default account; a personal Microsoft account as default sends settings"
        " to the consumer service instead of the tenant."
    ),
    todo=(
        "Compare Settings > Accounts > Sync your settings (top of the page) with Settings > "
        "Accounts > Your info: both must name the work account."
    ),
    check=check_same_account,
    docs="`manual` unless the data shows it: the sync account must be the sign-in account",
    action="Make the work account the account Windows signs in and syncs with.",
    ranks=(Rank(220, ("warn",), "settings go to a personal account instead of the work account"),),
)

TWO_DEVICE_TEST_RECORD = FindingRecord(
    id="sync.two-device-test",
    area="verify-sync",
    name="Two-device sync test",
    guide="Verify sync: change a setting on one PC and see it on another within five minutes",
    meaning="The end-to-end proof that settings roam between two devices.",
    why="Every other check looks at one device; only this test shows the round trip works.",
    todo=(
        "On PC 1 move the taskbar, lock and unlock (Win+L); on PC 2, signed in with the same work"
        " account, watch for the change within five minutes."
    ),
    check=check_two_device_test,
    docs="`manual`: the guided two-device test (change, lock/unlock, watch within 5 minutes)",
)
