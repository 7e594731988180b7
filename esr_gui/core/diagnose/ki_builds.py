"""Known issues tied to a Windows build: 1607 side-loading, 1511 IE favorites and UAC, 1607 WIP."""

from __future__ import annotations

from esr_gui.core.diagnose.base import MISSING_BUILD, missing_key, say
from esr_gui.core.diagnose.context import DiagContext
from esr_gui.core.diagnose.eventscan import channels_view, find_events, missing_channels, newest
from esr_gui.core.diagnose.evidence import from_event, from_reg_key, from_reg_value, from_system
from esr_gui.core.diagnose.ki_texts import (
    BUILD_GATE,
    CREDENTIALS_DEFAULT,
    EVENTS_READ,
    EVENTS_UNREAD,
    IE_FAVORITES,
    SIDELOAD,
    UAC,
    WIP,
)
from esr_gui.core.diagnose.prereq import build_evidence
from esr_gui.core.diagnose.record import FindingRecord, Rank
from esr_gui.core.diagnose.verify_sync import GROUPS_KEY, POLICY_KEY
from esr_gui.core.knowledge.builds import windows_label
from esr_gui.core.knowledge.events import AZURE_DEBUG, AZURE_OPERATIONAL, SETTINGSYNC_DEBUG
from esr_gui.core.models.findings import Evidence, Finding
from esr_gui.core.models.snapshot import OsBuild

RELEASE_1511 = "Windows 10 1511 (build 10586)"
RELEASE_1607 = "Windows 10 1607 (build 14393)"
SIDELOAD_CODE = "0x80070259"
# The guide names SettingSync-Azure; the 1511 manifest puts 6013 on SettingSync/Debug.
SIDELOAD_CHANNELS = (AZURE_DEBUG, AZURE_OPERATIONAL, SETTINGSYNC_DEBUG)
WIP_KEY = r"HKLM\SOFTWARE\Microsoft\EnterpriseDataProtection\Policies"
_INSTALL = ["remedy.install-update"]


def build_gate(
    ctx: DiagContext, rule_id: str, build_no: int, release: str
) -> tuple[OsBuild | None, Finding | None]:
    """(the build, None) when the device runs `build_no`; else (None, n/a-or-unknown finding)."""
    build = ctx.build
    if build is None:
        later = ctx.layout_proves_build_after(build_no)
        if later is not None:
            return None, say(rule_id, BUILD_GATE["later"], [later], release=release)
        named = ctx.build_candidates
        if named and build_no not in named:
            label = "build " + " or ".join(str(b) for b in named) + " (by its version name)"
            evidence = build_evidence(ctx)
            return None, say(rule_id, BUILD_GATE["other"], evidence, label=label, release=release)
        return None, say(rule_id, BUILD_GATE["unknown"], missing=[MISSING_BUILD], release=release)
    if build.build != build_no:
        label = windows_label(build)
        gate = say(
            rule_id,
            BUILD_GATE["other"],
            build_evidence(ctx, brief=True),
            label=label,
            release=release,
        )
        return None, gate
    return build, None


def fixed_by(ctx: DiagContext, rule_id: str, build: OsBuild, ubr: int, kb: str) -> Finding | None:
    """A `pass` when the build's UBR is at or past the fix, else None."""
    if build.ubr is None or build.ubr < ubr:
        return None
    label = windows_label(build)
    fixed = f"{build.build}.{ubr}"
    return say(
        rule_id,
        BUILD_GATE["fixed"],
        build_evidence(ctx, brief=True),
        label=label,
        fixed=fixed,
        kb=kb,
    )


def _ubr_missing(build: OsBuild) -> list[str]:
    return [] if build.ubr is not None else [MISSING_BUILD.replace("CurrentBuild, UBR", "UBR")]


def check_mdm_sideload(ctx: DiagContext) -> Finding:
    """ki.mdm-sideload-1607: 14393 below .82 with 6013/0x80070259 fail; the build alone warn."""
    rid = "ki.mdm-sideload-1607"
    events = find_events(ctx.snap, SIDELOAD_CHANNELS, [6013], SIDELOAD_CODE)
    event_evidence = [from_event(e, SIDELOAD_CODE) for e in newest(events)]
    if ctx.build is None and events:
        return say(rid, SIDELOAD["event-no-build"], event_evidence, _INSTALL, [MISSING_BUILD])
    build, gate = build_gate(ctx, rid, 14393, RELEASE_1607)
    if build is None:
        return gate or say(rid, BUILD_GATE["unknown"], release=RELEASE_1607)
    fixed = fixed_by(ctx, rid, build, 82, "KB3176934")
    if fixed is not None:
        return fixed
    evidence = event_evidence + build_evidence(ctx, brief=True)
    label = windows_label(build)
    if events:
        return say(rid, SIDELOAD["event"], evidence, _INSTALL, _ubr_missing(build), label=label)
    view = channels_view(ctx.snap, SIDELOAD_CHANNELS)
    missing = _ubr_missing(build) + ([] if view.any_read else missing_channels(view))
    remedies = _INSTALL + ([] if view.any_read else ["remedy.enable-debug-channel"])
    note = EVENTS_READ if view.any_read else EVENTS_UNREAD
    return say(rid, SIDELOAD["build"], evidence, remedies, missing, label=label, events=note)


def check_ie_favorites(ctx: DiagContext) -> Finding:
    """ki.ie-favorites-1511: 10586 below .494 warn (KB3172985); .494+ pass; other builds n/a."""
    rid = "ki.ie-favorites-1511"
    build, gate = build_gate(ctx, rid, 10586, RELEASE_1511)
    if build is None:
        return gate or say(rid, BUILD_GATE["unknown"], release=RELEASE_1511)
    fixed = fixed_by(ctx, rid, build, 494, "KB3172985")
    if fixed is not None:
        return fixed
    label = windows_label(build)
    missing = _ubr_missing(build)
    return say(rid, IE_FAVORITES, build_evidence(ctx, brief=True), _INSTALL, missing, label=label)


def check_wip(ctx: DiagContext) -> Finding:
    """ki.wip-no-sync: 14393 with a WIP policy key warn (no fix); no key n/a."""
    rid = "ki.wip-no-sync"
    build, gate = build_gate(ctx, rid, 14393, RELEASE_1607)
    if build is None:
        return gate or say(rid, BUILD_GATE["unknown"], release=RELEASE_1607)
    state = ctx.snap.registry_key_state(WIP_KEY)
    evidence = build_evidence(ctx, brief=True)
    if state == "captured":
        return say(rid, WIP["present"], [*evidence, from_reg_key(WIP_KEY, "present")])
    if state == "missing":
        return say(rid, WIP["absent"], [*evidence, from_reg_key(WIP_KEY, "(key not present)")])
    return say(rid, WIP["unknown"], evidence, missing=[missing_key(WIP_KEY)])


def _password_sync(ctx: DiagContext) -> tuple[bool | None, list[Evidence]]:
    """Whether passwords sync (Credentials group on, no policy against it): (on?, evidence)."""
    registry = ctx.snap.registry
    policy = registry.value(POLICY_KEY, "DisableCredentialsSettingSync")
    if policy is not None and policy.as_int() == 2:
        return False, [from_reg_value(POLICY_KEY, "DisableCredentialsSettingSync", policy)]
    key_path = GROUPS_KEY + r"\Credentials"
    toggle = registry.value(key_path, "Enabled")
    if toggle is None or toggle.as_int() is None:
        return None, []
    return toggle.as_int() != 0, [from_reg_value(key_path, "Enabled", toggle, "password sync")]


def check_uac_password_sync(ctx: DiagContext) -> Finding:
    """ki.uac-password-sync-1511: 10586 < .494 + wireless adapter + password sync warn."""
    rid = "ki.uac-password-sync-1511"
    build, gate = build_gate(ctx, rid, 10586, RELEASE_1511)
    if build is None:
        return gate or say(rid, BUILD_GATE["unknown"], release=RELEASE_1511)
    fixed = fixed_by(ctx, rid, build, 494, "KB3140743")
    if fixed is not None:
        return fixed
    wireless = ctx.snap.system.wireless_adapter_present
    passwords, password_evidence = _password_sync(ctx)
    evidence = [*build_evidence(ctx, brief=True), from_system("wireless_adapter_present", wireless)]
    evidence += password_evidence
    label = windows_label(build)
    if wireless is False:
        return say(rid, UAC["no-wireless"], evidence)
    if passwords is False:
        return say(rid, UAC["no-passwords"], evidence)
    if wireless is None:
        missing = ["system.json wireless_adapter_present (not recorded)"]
        return say(rid, UAC["unknown"], evidence, missing=missing, label=label)
    note = CREDENTIALS_DEFAULT if passwords is None else ""
    return say(rid, UAC["applies"], evidence, _INSTALL, _ubr_missing(build), label=label, note=note)


MDM_SIDELOAD_1607_RECORD = FindingRecord(
    id="ki.mdm-sideload-1607",
    area="known-issues",
    name="1607: MDM side-loaded apps stop sync",
    guide="Known issue: sync does not work on devices with apps side-loaded by MDM (1607)",
    meaning=(
        "Windows 10 1607 before build 14393.82 stops syncing when MDM side-loads apps; "
        "SettingSync-Azure logs event 6013 with 80070259."
    ),
    why="A bug of that build; only the update fixes it.",
    todo=("Install the August 23, 2016 cumulative update KB3176934 (14393.82) or any later one."),
    check=check_mdm_sideload,
    docs=(
        "SettingSync-Azure event 6013 with error 80070259 on build 14393 below UBR 82: `fail`; "
        "the build alone: `warn` → KB3176934"
    ),
    kb="KB3176934",
    action="Install KB3176934 (build 14393.82) or any later cumulative update.",
    ranks=(
        Rank(60, ("fail",), "the exact build and its event prove a documented bug with a fix"),
        Rank(250, ("warn",), "the build alone is exposed to a documented bug"),
    ),
)

IE_FAVORITES_1511_RECORD = FindingRecord(
    id="ki.ie-favorites-1511",
    area="known-issues",
    name="1511: Internet Explorer favorites",
    guide="Known issue: Internet Explorer favorites do not sync (1511)",
    meaning="Windows 10 1511 before 10586.494 does not sync IE favorites.",
    why="Users see favorites missing on their other devices.",
    todo="Install the July 2016 cumulative update KB3172985 (10586.494) or later.",
    check=check_ie_favorites,
    docs="build 10586 with UBR < 494 → KB3172985",
    kb="KB3172985",
    action="Install KB3172985 (build 10586.494) or any later cumulative update.",
    ranks=(Rank(300, ("warn",), "one data type on old builds"),),
)

WIP_NO_SYNC_RECORD = FindingRecord(
    id="ki.wip-no-sync",
    area="known-issues",
    name="1607: WIP-protected data and theme",
    guide="Known issue: theme and WIP-protected data do not sync (1607)",
    meaning=(
        "On 1607 data protected by Windows Information Protection, and the theme, do not roam."
    ),
    why=("It prevents leaks of protected data; there is no fix (WIP is deprecated since 2022)."),
    todo="Nothing to fix; tell the user which settings will not roam.",
    check=check_wip,
    docs=(
        "build 14393 and Windows Information Protection policy present: protected data and theme "
        "do not sync (no fix)"
    ),
    fix="No fix",
    ranks=(Rank(320, ("warn",), "protected data never roams: a limitation", kind="limitation"),),
)

UAC_PASSWORD_SYNC_1511_RECORD = FindingRecord(
    id="ki.uac-password-sync-1511",
    area="known-issues",
    name="1511: UAC prompts when syncing passwords",
    guide="Known issue: UAC prompts when syncing passwords (1511, wireless NIC)",
    meaning=(
        "Windows 10 1511 before 10586.494 with a wireless adapter and password sync on shows UAC "
        "prompts."
    ),
    why="Users are prompted unexpectedly.",
    todo="Install KB3140743 (10586.494) or any later cumulative update.",
    check=check_uac_password_sync,
    docs="build 10586 with UBR < 494, a wireless adapter, password sync on → KB3140743",
    kb="KB3140743",
    action="Install KB3140743 (build 10586.494) or any later cumulative update.",
    ranks=(Rank(290, ("warn",), "an annoyance on old builds, not a stop"),),
)
