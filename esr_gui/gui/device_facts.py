"""Rows of the Device status view: dsregcmd sections and the registry facts diagnosis reads.

Pure (no Qt): the fields the guide names carry what the guide expects and a verdict, so the
view can highlight them with an icon and words.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from esr_gui.core.diagnose.input_check import dsregcmd_problem, missing_sections
from esr_gui.core.dsreg_facts import SETTINGS_URL_KEYS, DsregFacts, wam_guid_is_azure_ad
from esr_gui.core.knowledge.builds import MIN_BUILD_DOCS
from esr_gui.core.knowledge.code_meanings import code_info, describe_code
from esr_gui.core.models.dsreg import DsregStatus, normalize_key
from esr_gui.core.models.snapshot import Snapshot
from esr_gui.core.parse.code_spellings import find_codes
from esr_gui.core.parse.settings_url import SettingsUrlInfo
from esr_gui.gui import knowledge


@dataclass
class FieldRow:
    """One field: name, value, what the guide expects, verdict (pass/fail/warn or "")."""

    name: str
    value: str = ""
    expect: str = ""
    verdict: str = ""
    children: list[FieldRow] = field(default_factory=list)


Check = Callable[[str], str]


def _yes(value: str) -> str:
    return "pass" if value.strip().upper() == "YES" else "fail"


def _not_empty(value: str) -> str:
    return "pass" if value.strip() else "fail"


def _wam_guid(value: str) -> str:
    return "pass" if wam_guid_is_azure_ad(value) else "fail"


def _info(value: str) -> str:
    del value
    return "info"


# Finding id → its status in this diagnosis (the verdicts the checklist shows).
Verdicts = Mapping[str, str]
JUDGED = frozenset({"pass", "fail", "warn", "unknown"})


@dataclass(frozen=True)
class Owner:
    """The finding that owns a field's fact; `sole` when that field is its only fact."""

    finding_id: str
    sole: bool = False


def owned_verdict(own: str, owner: Owner | None, verdicts: Verdicts | None) -> str:
    """A field's verdict, never contradicting the finding that owns its fact.

    A field that is its finding's only fact shows that finding's status (the build row shows
    prereq.os-build's warn, not a pass against a threshold of its own). A field among several
    keeps its own pass (WamDefaultSet YES while AzureAdJoined is NO), but a failing field takes
    its finding's word (warn from an elevated capture, unknown from a SYSTEM one).
    """
    status = verdicts.get(owner.finding_id) if owner and verdicts is not None else None
    if status not in JUDGED:
        return own
    if owner is not None and owner.sole:
        return status or own
    return status if own in ("fail", "warn") and status != "pass" else own


GUIDE_FIELDS: dict[str, tuple[str, Check, Owner | None]] = {
    "azureadjoined": ("should be YES", _yes, Owner("prereq.device-joined", sole=True)),
    "domainjoined": ("YES + AzureAdJoined YES = hybrid", _info, None),
    "wamdefaultset": ("should be YES", _yes, Owner("reg.status")),
    "wamdefaultguid": ("a GUID ending in (AzureAd)", _wam_guid, Owner("reg.status")),
    "azureadprt": ("should be YES (has a PRT)", _yes, Owner("prt.status")),
    "ngcset": ("YES when a PIN / Hello is set up", _info, None),
    **{
        normalize_key(k): ("must not be empty", _not_empty, Owner("prereq.esr-enabled"))
        for k in SETTINGS_URL_KEYS
    },
}


def dsreg_input_row(snapshot: Snapshot) -> FieldRow | None:
    """Why the dsregcmd sections are not (all) shown: unreadable, not captured, or partial."""
    if snapshot.dsregcmd is not None:
        missing = missing_sections(snapshot.dsregcmd)
        if not missing:
            return None
        expect = "a whole dsregcmd /status prints them: capture it again"
        return FieldRow(
            "dsregcmd /status is partial", "missing: " + ", ".join(missing), expect, "warn"
        )
    problem = dsregcmd_problem(snapshot)
    if problem is not None:
        value = f"captured but could not be read: {problem.message}"
        return FieldRow(
            "dsregcmd /status", value, "capture it again as the signed-in user", "unknown"
        )
    return FieldRow("dsregcmd /status", "not part of this capture", "", "unknown")


def code_meanings(value: str) -> str:
    """What the known error codes in a printed value mean (`0x801C0021 NAME: meaning`), or ""."""
    return "; ".join(describe_code(c) for c in find_codes(value) if code_info(c) is not None)


def dsreg_rows(status: DsregStatus, verdicts: Verdicts | None = None) -> list[FieldRow]:
    """One group per printed section; guide fields annotated; settings URLs decoded.

    `verdicts` (finding id → status) keeps each guide field's verdict in line with the
    finding that owns its fact; without it the fields are judged on their own.
    """
    facts = DsregFacts.from_status(status)
    decoded = {(u.section, u.field): u for u in facts.all_settings_urls}
    groups: list[FieldRow] = []
    for section in status.sections:
        group = FieldRow(section.name)
        for f in section.fields:
            row = FieldRow(f.key, f.value if f.value else "(empty)")
            guide = GUIDE_FIELDS.get(normalize_key(f.key))
            if guide is not None:
                row.expect, check, owner = guide
                row.verdict = owned_verdict(check(f.value), owner, verdicts)
            else:
                row.expect = code_meanings(f.value)
            info = decoded.get((section.name, f.key))
            if info is not None:
                row.children = _url_rows(info)
            group.children.append(row)
        groups.append(group)
    return groups


def _url_rows(info: SettingsUrlInfo) -> list[FieldRow]:
    """The decoded endpoints of a settings URL (or why it could not be decoded)."""
    rows = [FieldRow(f"decoded endpoint {i + 1}", e) for i, e in enumerate(info.endpoints)]
    if info.error and not info.is_empty:
        # info, not warn: prereq.esr-enabled passes a present URL whether or not we can
        # decode it (Windows reads it, not us), so a warning here would contradict it.
        rows.append(FieldRow("could not decode", info.error, "only its presence matters", "info"))
    return rows


REGISTRY_FACTS: tuple[tuple[str, str, str, str], ...] = (
    # (label, key, value name, what the guide / diagnosis reads it for)
    (
        "Build",
        r"HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion",
        "CurrentBuild",
        f"≥ {MIN_BUILD_DOCS} (Windows 10 22H2) or Windows 11",
    ),
    ("UBR", r"HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion", "UBR", ""),
    ("Version", r"HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion", "DisplayVersion", ""),
    ("Product", r"HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion", "ProductName", ""),
    (
        "DisableSettingSync (GPO)",
        r"HKLM\SOFTWARE\Policies\Microsoft\Windows\SettingSync",
        "DisableSettingSync",
        "2 = sync off",
    ),
    (
        "AllowSyncMySettings (MDM)",
        r"HKLM\SOFTWARE\Microsoft\PolicyManager\current\device\Experience",
        "AllowSyncMySettings",
        "0 = sync off",
    ),
    (
        "LastLoggedOnProvider",
        r"HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Authentication\LogonUI",
        "LastLoggedOnProvider",
        "not a smart card",
    ),
    (
        "LastLoggedOnUser",
        r"HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Authentication\LogonUI",
        "LastLoggedOnUser",
        "",
    ),
)
# Value name → "is this a failure?" for the registry values with a clear rule of their own.
VALUE_LIMITS: dict[str, Callable[[int], bool]] = {
    "DisableSettingSync": lambda n: n == 2,
    "AllowSyncMySettings": lambda n: n == 0,
}
# Value name → the finding that owns its fact (the build has no threshold here: its verdict
# is prereq.os-build's, whose minimum is the documented 19045, not the guide's 10586).
VALUE_OWNERS: dict[str, Owner] = {
    "CurrentBuild": Owner("prereq.os-build", sole=True),
    "DisableSettingSync": Owner("sync.policy-allows"),
    "AllowSyncMySettings": Owner("sync.policy-allows"),
    "LastLoggedOnProvider": Owner("ki.smart-card-sign-in", sole=True),
}
POLICY_KEY = r"HKLM\SOFTWARE\Policies\Microsoft\Windows\SettingSync"
SYNC_GROUPS_KEY = r"HKCU\Software\Microsoft\Windows\CurrentVersion\SettingSync\Groups"
WIP_KEY = r"HKLM\SOFTWARE\Microsoft\EnterpriseDataProtection\Policies"


def registry_rows(snapshot: Snapshot, verdicts: Verdicts | None = None) -> list[FieldRow]:
    """The registry values diagnosis reads, each with "not captured" / "not set" spelled out.

    `verdicts` (finding id → status) gives the rows whose fact a finding owns its verdict.
    """
    group = FieldRow("Registry facts")
    for label, key, name, why in REGISTRY_FACTS:
        row = _registry_row(snapshot, label, key, name, why)
        if row.value not in ("not captured", "not set"):
            row.verdict = owned_verdict(row.verdict, VALUE_OWNERS.get(name), verdicts)
        if key == POLICY_KEY and name == "DisableSettingSync":
            row.children = _other_policy_rows(snapshot)
        group.children.append(row)
    url = _search_all_user_settings_url(snapshot)
    if url.verdict:
        url.verdict = owned_verdict(url.verdict, Owner("prereq.esr-enabled"), verdicts)
    group.children.append(url)
    wip = _wip_row(snapshot)
    if wip.value == "present":
        wip.verdict = owned_verdict("", Owner("ki.wip-no-sync", sole=True), verdicts)
    group.children.append(wip)
    toggles = _sync_groups_row(snapshot)
    for row in toggles.children:  # a SYSTEM capture's HKCU is not the user's: not a warning
        row.verdict = owned_verdict(row.verdict, Owner("sync.user-toggles"), verdicts)
    group.children.append(toggles)
    return [group]


def _registry_row(snapshot: Snapshot, label: str, key: str, name: str, why: str) -> FieldRow:
    value = snapshot.registry.value(key, name)
    if value is None:
        state = snapshot.registry_key_state(key)
        return FieldRow(label, "not captured" if state == "unknown" else "not set", why)
    shown = value.as_text()
    if name == "LastLoggedOnProvider":
        provider = knowledge.provider_name(shown)
        shown = f"{provider} — {shown}" if provider else f"unknown provider — {shown}"
    number = value.as_int()
    verdict = ""
    if name in VALUE_LIMITS and number is not None:
        verdict = "fail" if VALUE_LIMITS[name](number) else "pass"
    return FieldRow(label, shown, why, verdict)


def _search_all_user_settings_url(snapshot: Snapshot) -> FieldRow:
    """UserSettingSyncUrl sits in a per-tenant subkey (JoinInfo\\<thumbprint> or TenantInfo)."""
    root = r"HKLM\SYSTEM\CurrentControlSet\Control\CloudDomainJoin"
    found = [
        value.as_text()
        for kid, key in snapshot.registry.keys.items()
        if kid.startswith(root.lower())
        for value in key.values
        if value.name.lower() == "usersettingsyncurl"
    ]
    if found:
        return FieldRow(
            "UserSettingSyncUrl", found[0] or "(empty)", "must not be empty", _not_empty(found[0])
        )
    state = snapshot.registry_key_state(root)
    return FieldRow(
        "UserSettingSyncUrl",
        "not captured" if state == "unknown" else "not set",
        "must not be empty",
    )


def _other_policy_rows(snapshot: Snapshot) -> list[FieldRow]:
    """The per-group policy switches (Disable*SettingSync) next to DisableSettingSync."""
    key = snapshot.registry.key(POLICY_KEY)
    if key is None:
        return []
    return [
        FieldRow(v.name, v.as_text(), "2 = group off", "warn" if v.as_int() == 2 else "")
        for v in key.values
        if v.name.lower() != "disablesettingsync" and v.name.lower().startswith("disable")
    ]


def _wip_row(snapshot: Snapshot) -> FieldRow:
    state = snapshot.registry_key_state(WIP_KEY)
    text = {"captured": "present", "missing": "not present", "unknown": "not captured"}[state]
    return FieldRow("Windows Information Protection policy", text, "1607: WIP data does not sync")


def _sync_groups_row(snapshot: Snapshot) -> FieldRow:
    groups = snapshot.registry.subkeys(SYNC_GROUPS_KEY)
    if not groups:
        state = snapshot.registry_key_state(SYNC_GROUPS_KEY)
        return FieldRow("Sync groups (user)", "not captured" if state == "unknown" else "none set")
    row = FieldRow("Sync groups (user)", f"{len(groups)} groups", "Enabled 1 = on")
    for key in groups:
        enabled = key.value("Enabled")
        name = key.path.rsplit("\\", 1)[-1]
        value = "on" if enabled and enabled.as_int() == 1 else ("off" if enabled else "not set")
        row.children.append(FieldRow(name, value, "", "warn" if value == "off" else ""))
    return row
