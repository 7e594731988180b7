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
