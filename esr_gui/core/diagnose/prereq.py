"""The guide's preliminary checklist: build, join, ESR enabled, licence, restart after enabling."""

from __future__ import annotations

from esr_gui.core.diagnose.base import MISSING_BUILD, MISSING_DSREGCMD, say
from esr_gui.core.diagnose.common import (
    not_joined_gate,
    registration_diagnostics,
    session_times,
)
from esr_gui.core.diagnose.context import DiagContext
from esr_gui.core.diagnose.evidence import from_reg_value, from_upn
from esr_gui.core.diagnose.headline_steps import JOIN_STEP, has_registration_code, never_joined
from esr_gui.core.diagnose.join_notes import with_admin_note
from esr_gui.core.diagnose.prereq_texts import (
    DEVICE_JOINED,
    ESR_ENABLED,
    LICENSE,
    OS_BUILD,
    RESTART,
    SERVER_NOTE,
)
from esr_gui.core.diagnose.record import FindingRecord, Rank
from esr_gui.core.diagnose.tenant import license_from_graph
from esr_gui.core.knowledge.builds import (
    MIN_BUILD_DOCS,
    MIN_BUILD_FAQ,
    MIN_BUILD_GUIDE,
    is_server,
    windows_label,
)
from esr_gui.core.models.findings import Evidence, Finding
from esr_gui.core.models.snapshot import CURRENT_VERSION_KEY

_MISSING_JOIN_FIELDS = (
    "dsregcmd /status did not print AzureAdJoined and DomainJoined (Device State)"
)
_MISSING_URL_FIELD = (
    "dsregcmd /status did not print SettingsUrl (Tenant Details), and the registry's "
    "CloudDomainJoin\\TenantInfo key was not captured"
)
_BUILD_VALUES = ("CurrentBuild", "UBR", "DisplayVersion", "ReleaseId", "ProductName", "EditionID")


def build_evidence(ctx: DiagContext, brief: bool = False) -> list[Evidence]:
    """The CurrentVersion values that make up the build (only CurrentBuild and UBR if brief)."""
    key = ctx.snap.registry.key(CURRENT_VERSION_KEY)
    if key is None:
        return []
    names = _BUILD_VALUES[:2] if brief else _BUILD_VALUES
    return [
        from_reg_value(CURRENT_VERSION_KEY, name, key.value(name))
        for name in names
        if key.value(name) is not None
    ]


def os_build_key(build_no: int, server: bool) -> str:
    """Which OS_BUILD verdict a build number earns."""
    if build_no < MIN_BUILD_GUIDE:
        return "too-old"
    if build_no == MIN_BUILD_FAQ:
        return "faq-only"
    if build_no < MIN_BUILD_DOCS:
        return "old"
    return "server" if server else "ok"


def _os_build_by_name(ctx: DiagContext) -> Finding | None:
    """The verdict when only DisplayVersion / ReleaseId was captured and every build it can
    stand for earns the same one (22H2: Windows 10 19045 or Windows 11 22621)."""
    candidates = ctx.build_candidates
    keys = {os_build_key(b, False) for b in candidates}
    if len(keys) != 1:
        return None
    builds = " or ".join(str(b) for b in candidates)
    key = ctx.snap.registry.key(CURRENT_VERSION_KEY)
    named = key.value("DisplayVersion") or key.value("ReleaseId") if key else None
    version = named.as_text() if named is not None else ""
    label = f"Windows {version} (build {builds}; CurrentBuild not captured)"
    evidence = build_evidence(ctx)
    return say("prereq.os-build", OS_BUILD[keys.pop()], evidence, label=label, server="")


def _os_build_unknown(ctx: DiagContext) -> Finding:
    layout = ctx.layout_proves_build_after(MIN_BUILD_GUIDE)
    hint = " dsregcmd's layout shows 1803 or later, but not whether it is 22H2." * bool(layout)
    if ctx.build_candidates:
        builds = ", ".join(str(b) for b in ctx.build_candidates)
        hint += f" The version name fits builds {builds}, which the minimum tells apart."
    evidence = ([layout] if layout else []) + build_evidence(ctx)
    return say("prereq.os-build", OS_BUILD["unknown"], evidence, missing=[MISSING_BUILD], hint=hint)


def check_os_build(ctx: DiagContext) -> Finding:
    """prereq.os-build: < 10586 fail; < 19045 warn; Server edition warn; else pass."""
    build = ctx.build
    if build is None:
        return _os_build_by_name(ctx) or _os_build_unknown(ctx)
    evidence = build_evidence(ctx)
    server = is_server(build)
    key = os_build_key(build.build, server)
    label = windows_label(build)
    return say("prereq.os-build", OS_BUILD[key], evidence, label=label, server=SERVER_NOTE * server)


def check_device_joined(ctx: DiagContext) -> Finding:
    """prereq.device-joined: azure-ad/hybrid pass; domain/registered/none fail; else unknown."""
    rid = "prereq.device-joined"
    join = ctx.join
    if join.joined is True:
        key = "registry" if join.from_registry else join.join_type
        missing = [MISSING_DSREGCMD] if join.from_registry else []
        return say(rid, DEVICE_JOINED[key], join.evidence, missing=missing)
    if join.joined is False and join.join_type == "domain":
        evidence = [*join.evidence, *registration_diagnostics(ctx)]
        remedies = ["remedy.run-device-join-task", "remedy.sign-out-in"]
        return with_admin_note(ctx, say(rid, DEVICE_JOINED["domain"], evidence, remedies))
    if join.joined is False:
        key = "registered" if join.join_type == "registered" else "none"
        found = say(rid, DEVICE_JOINED[key], join.evidence, ["remedy.join-azure-ad"])
        return with_admin_note(ctx, found)
    missing = [MISSING_DSREGCMD if ctx.dsreg is None else _MISSING_JOIN_FIELDS]
    return say(rid, DEVICE_JOINED["unknown"], join.evidence, missing=missing)


def decoded_text(ctx: DiagContext) -> str:
    """One sentence on what a present settings URL decodes to (or why it does not)."""
    info = ctx.settings_url.info
    if info is not None and info.endpoints:
        return "It decodes to the sync endpoints " + ", ".join(info.hosts) + "."
    error = info.error if info is not None else None
    return f"It could not be decoded ({error}), but it is present." if error else ""


def check_esr_enabled(ctx: DiagContext) -> Finding:
    """prereq.esr-enabled: settings URL present pass; empty on a joined device fail."""
    rid = "prereq.esr-enabled"
    gate = not_joined_gate(ctx, rid, "Whether ESR is enabled")
    if gate is not None:
        return gate
    url = ctx.settings_url
    if url.state == "present":
        return say(rid, ESR_ENABLED["present"], url.evidence, decoded=decoded_text(ctx))
    if url.state == "empty":
        return say(rid, ESR_ENABLED["empty"], url.evidence, ["remedy.restart-and-sign-in"])
    missing = [MISSING_DSREGCMD if ctx.dsreg is None else _MISSING_URL_FIELD]
    return say(rid, ESR_ENABLED["unknown"], missing=missing)


def check_license(ctx: DiagContext) -> Finding:
    """prereq.license: from Graph's licence details when the tenant was checked (pass/fail/
    unknown); otherwise manual, saying where to look and for which tenant and user."""
    from_graph = license_from_graph(ctx)
    if from_graph is not None:
        return from_graph
    evidence = ctx.fields("TenantName", "TenantId")
    if ctx.snap.upn:
        evidence.append(from_upn(ctx.snap.upn, "whoami /upn"))
    return say("prereq.license", LICENSE, evidence)


def check_restart_after_enable(ctx: DiagContext) -> Finding:
    """prereq.restart-after-enable: pass when the URL arrived; warn when empty; else manual."""
    rid = "prereq.restart-after-enable"
    times = session_times(ctx)
    url = ctx.settings_url
    restart = ["remedy.restart-and-sign-in"]
    if ctx.join.joined is not False and url.state == "present":
        return say(rid, RESTART["present"], [*url.evidence, *times])
    if ctx.join.joined is not False and url.state == "empty":
        return say(rid, RESTART["empty"], [*url.evidence, *times], restart)
    return say(rid, RESTART["manual"], times, restart)


OS_BUILD_RECORD = FindingRecord(
    id="prereq.os-build",
    area="checklist",
    name="Windows version",
    guide="Preliminary step 1: Windows 10 1511 (build 10586) or later, fully updated",
    meaning="Which Windows build the device runs, compared with what ESR needs.",
    why=(
        "The guide's floor was 1511 (10586); today's docs ask for Windows 10 22H2 (19045) or "
        "Windows 11, and the FAQ accepts 21H2 (19044). ESR is for client editions only."
    ),
    todo="Update Windows to a supported release and install the latest cumulative update.",
    check=check_os_build,
    docs=(
        "build below 10586: `fail`; below the currently documented minimum 19045 / Windows 11: "
        "`warn`; else `pass`"
    ),
    action="Update Windows to Windows 10 22H2 or Windows 11 with the latest updates.",
    ranks=(
        Rank(20, ("fail",), "ESR does not exist before 1511: nothing else can help"),
        Rank(310, ("warn",), "an old or Server build: worth fixing, rarely the cause"),
    ),
)

DEVICE_JOINED_RECORD = FindingRecord(
    id="prereq.device-joined",
    area="checklist",
    name="Device joined to Azure AD",
    guide="Preliminary step 2: Azure AD joined, or domain-joined and registered with Azure AD",
    meaning=(
        "Whether the device is Azure AD joined or hybrid joined (domain-joined and registered)."
    ),
    why=(
        "ESR keys the data to the work account on a joined device; a device that is only "
        "domain-joined, only registered (a work account added) or not joined cannot sync."
    ),
    todo=(
        "Hybrid: let registration finish (sign out and in, or run Automatic-Device-Join). Cloud: "
        "join the device under Settings > Accounts > Access work or school."
    ),
    check=check_device_joined,
    docs=(
        "neither Azure AD joined nor domain-joined-and-registered: `fail` (registered-only counts"
        " as not joined)"
    ),
    ranks=(
        Rank(
            31,
            ("fail",),
            ("a registration error code names why the join stopped; retrying fails the same way"),
            when=has_registration_code,
        ),
        Rank(
            40,
            ("fail",),
            "never joined: joining comes before every WAM, PRT or URL detail",
            when=never_joined,
            action=JOIN_STEP,
        ),
        Rank(50, ("fail",), "no join, no work identity: outranks every WAM, PRT or URL detail"),
    ),
)

ESR_ENABLED_RECORD = FindingRecord(
    id="prereq.esr-enabled",
    area="checklist",
    name="ESR enabled for the user",
    guide="Preliminary step 3: Enterprise State Roaming enabled in the portal for the user",
    meaning="Whether the device received a sync endpoint (SettingsUrl) for this user's tenant.",
    why=(
        "An empty settings URL means ESR is off for the user (not selected, or not in the "
        "selected group) or the device has not picked the setting up yet."
    ),
    todo=(
        "Check Entra admin center > Devices > Enterprise State Roaming (All or the user's group),"
        " then restart and sign in."
    ),
    check=check_esr_enabled,
    docs=(
        "the settings sync URL (`SettingsUrl`, older `AzureAdSettingsUrl`, "
        "`WorkplaceSettingsUrl`, registry `UserSettingSyncUrl`) is empty on a joined device: "
        "`fail` — sync is not enabled for this user/tenant, or not yet picked up"
    ),
    action=(
        "Check ESR is enabled for the user in the Entra admin center, then restart and sign in."
    ),
    ranks=(Rank(140, ("fail",), "the same empty URL, read as the portal setting"),),
)

LICENSE_RECORD = FindingRecord(
    id="prereq.license",
    area="checklist",
    name="Licence",
    guide="Preliminary step 4: the user has an Azure AD Premium subscription",
    meaning="Whether the user holds a licence that includes ESR.",
    why=(
        "ESR needs Entra ID P1 or P2 (formerly Azure AD Premium) or EMS; nothing on the device "
        "shows it."
    ),
    todo=(
        "Check the tenant (Tools > Check the tenant…, or esr-diag check --tenant) to read it from "
        "Microsoft Graph, or look in the Entra admin center > Users > the user > Licenses for "
        "Entra ID P1/P2 or EMS."
    ),
    action=(
        "Assign the user a licence with Entra ID P1 or P2 (Microsoft 365 admin center), then have "
        "them sign out and in."
    ),
    check=check_license,
    docs=(
        "with `graph/` licence details of the user: `pass` when a licence carries an enabled Entra"
        " ID P1/P2 service plan (`AAD_PREMIUM`, `AAD_PREMIUM_P2`, provisioning `Success`), `fail`"
        " when none does, `unknown` when Graph could not be read or the licences read belong to"
        " another account; without Graph data `manual` (where to look, and that checking the"
        " tenant reads it)"
    ),
    ranks=(Rank(125, ("fail",), "no P1/P2 licence: the service gives this user no settings URL"),),
)

RESTART_AFTER_ENABLE_RECORD = FindingRecord(
    id="prereq.restart-after-enable",
    area="checklist",
    name="Restart and sign-in after enabling",
    guide="Preliminary step 5: restart and sign in after ESR was enabled",
    meaning="Whether the device restarted and the user signed in after ESR was switched on.",
    why=(
        "Windows fetches the sync endpoint when the device starts and the user signs in; a "
        "session older than the change keeps the old, empty value."
    ),
    todo="Restart the device and have the user sign in with the work account.",
    check=check_restart_after_enable,
    docs=(
        "`manual` or `warn`: no restart / sign-in since enabling could be shown (use `last_boot`,"
        " `last_logon`, the settings URL)"
    ),
    action="Restart the device and sign in again with the work account.",
    ranks=(Rank(260, ("warn",), "the enablement has not reached the device"),),
)
