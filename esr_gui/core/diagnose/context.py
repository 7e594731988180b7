"""What the rules share: the snapshot plus facts derived from it once per diagnosis.

Join state, settings URL, capture context and sign-in provider each come with the evidence
they were read from, so every rule cites the same fields the same way. Each is computed
lazily: a fact that cannot be read makes only the rules that need it fail (and those become
`unknown` through the engine's guard), never the whole diagnosis.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from esr_gui.core.diagnose.evidence import (
    from_field,
    from_fields,
    from_manifest,
    from_reg_key,
    from_reg_value,
)
from esr_gui.core.dsreg_facts import DsregFacts, FieldRef
from esr_gui.core.knowledge.builds import FIRST_SECTIONED_DSREGCMD, builds_of_version
from esr_gui.core.knowledge.credential_providers import (
    CredentialProvider,
    ProviderKind,
    credential_provider,
    normalize_guid,
)
from esr_gui.core.models.dsreg import JoinType
from esr_gui.core.models.findings import Evidence
from esr_gui.core.models.registry import RegKey
from esr_gui.core.models.snapshot import CURRENT_VERSION_KEY, OsBuild, Snapshot
from esr_gui.core.parse.settings_url import SettingsUrlInfo, decode_settings_url

CLOUD_DOMAIN_JOIN = r"HKLM\SYSTEM\CurrentControlSet\Control\CloudDomainJoin"
JOIN_INFO = CLOUD_DOMAIN_JOIN + r"\JoinInfo"
TENANT_INFO = CLOUD_DOMAIN_JOIN + r"\TenantInfo"
LOGONUI_KEY = r"HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Authentication\LogonUI"

CaptureContext = Literal["user", "elevated", "system", "unknown"]
UrlState = Literal["present", "empty", "unknown"]
_CONTEXT_RANK: dict[str, int] = {"unknown": 0, "user": 0, "elevated": 1, "system": 2}
_MACHINE_ACCOUNT = re.compile(r"\$\s*(?:,|@|$)")


@dataclass(frozen=True)
class JoinView:
    """Join type (dsregcmd) and whether it counts as joined for ESR (None: unknown)."""

    join_type: JoinType
    joined: bool | None
    evidence: tuple[Evidence, ...]
    from_registry: bool = False


@dataclass(frozen=True)
class UrlView:
    """The settings sync URL: present, printed empty, or not known; decoded when present."""

    state: UrlState
    info: SettingsUrlInfo | None
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class ContextView:
    """Whose eyes the capture saw through: the user, an elevated prompt, or SYSTEM."""

    context: CaptureContext
    evidence: tuple[Evidence, ...]

    @property
    def user_state_trusted(self) -> bool:
        """True when User State / SSO State / HKCU describe the signed-in user."""
        return self.context in ("user", "unknown")


@dataclass(frozen=True)
class ProviderView:
    """The credential provider of the last interactive sign-in (LogonUI)."""

    guid: str | None
    provider: CredentialProvider | None
    evidence: tuple[Evidence, ...]

    @property
    def kind(self) -> ProviderKind | None:
        """password / pin / smartcard / ...; None when the GUID is unknown or not captured."""
        return self.provider.kind if self.provider else None

    @property
    def label(self) -> str:
        """The provider's name, or its GUID when we do not know it."""
        return self.provider.name if self.provider else (self.guid or "unknown")


class DiagContext:
    """The snapshot under diagnosis and the facts the rules share."""

    def __init__(self, snapshot: Snapshot) -> None:
        self.snap = snapshot

    @cached_property
    def dsreg(self) -> DsregFacts | None:
        """Typed dsregcmd facts, or None when dsregcmd /status was not captured."""
        status = self.snap.dsregcmd
        return DsregFacts.from_status(status) if status is not None else None

    @cached_property
    def build(self) -> OsBuild | None:
        """The OS build from the registry; from DisplayVersion / ReleaseId when they name one.

        None when CurrentVersion was not captured, or when it has no CurrentBuild and its
        version name fits several builds (see `build_candidates`).
        """
        if self.snap.os_build is not None:
            return self.snap.os_build
        candidates = self.build_candidates
        return _named_build(self.snap, candidates[0]) if len(candidates) == 1 else None

    @cached_property
    def build_candidates(self) -> tuple[int, ...]:
        """Without CurrentBuild: the builds DisplayVersion (else ReleaseId) can stand for."""
        key = self.snap.registry.key(CURRENT_VERSION_KEY)
        if key is None or self.snap.os_build is not None:
            return ()
        for name in ("DisplayVersion", "ReleaseId"):
            value = key.value(name)
            if value is not None and isinstance(value.data, str) and value.data.strip():
                return builds_of_version(value.data)
        return ()

    @cached_property
    def join(self) -> JoinView:
        """The device's join state."""
        return _read_join(self)

    @cached_property
    def settings_url(self) -> UrlView:
        """The settings sync URL from dsregcmd, else from the registry's TenantInfo."""
        return _read_settings_url(self)

    @cached_property
    def capture(self) -> ContextView:
        """The capture context from the manifest and dsregcmd's diagnostic fields."""
        return _read_capture(self)

    @cached_property
    def provider(self) -> ProviderView:
        """The last sign-in's credential provider."""
        return _read_provider(self)

    def ref(self, key: str, section: str | None = None) -> FieldRef | None:
        """The printed dsregcmd field `key` (in `section` if given), for citing."""
        return self.dsreg.source_of(key, section) if self.dsreg else None

    def fields(self, *keys: str, note: str = "") -> list[Evidence]:
        """Evidence for each printed dsregcmd field among `keys` (unprinted ones skipped)."""
        return from_fields((self.ref(k) for k in keys), note)

    def layout_proves_build_after(self, build: int) -> Evidence | None:
        """Evidence that the OS is newer than `build` when only dsregcmd's layout shows it."""
        status = self.snap.dsregcmd
        if status is None or status.layout != "sectioned" or build >= FIRST_SECTIONED_DSREGCMD:
            return None
        return Evidence(
            source="dsregcmd",
            field="layout",
            value="sectioned",
            note="Device Details / Tenant Details boxes: Windows 10 1803 (17134) or later",
        )


_JOIN_KEYS: dict[str, tuple[str, ...]] = {
    "registered": ("AzureAdJoined", "DomainJoined", "WorkplaceJoined"),
    "none": ("AzureAdJoined", "DomainJoined", "WorkplaceJoined"),
    "unknown": ("AzureAdJoined", "DomainJoined", "WorkplaceJoined"),
}


def _named_build(snap: Snapshot, number: int) -> OsBuild:
    """An OsBuild for a CurrentVersion key that names its release but not its build."""
    key = snap.registry.key(CURRENT_VERSION_KEY)

    def text(name: str) -> str | None:
        value = key.value(name) if key else None
        return value.as_text() if value is not None and isinstance(value.data, str) else None

    ubr = key.value("UBR") if key else None
    return OsBuild(
        build=number,
        ubr=ubr.as_int() if ubr is not None else None,
        display_version=text("DisplayVersion"),
        release_id=text("ReleaseId"),
        product_name=text("ProductName"),
        edition_id=text("EditionID"),
    )


def _join_evidence(facts: DsregFacts) -> list[Evidence]:
    keys = _JOIN_KEYS.get(facts.join_type, ("AzureAdJoined", "DomainJoined"))
    return from_fields(facts.source_of(k) for k in keys)


def _read_join(ctx: DiagContext) -> JoinView:
    facts = ctx.dsreg
    dsreg_evidence = _join_evidence(facts) if facts else []
    if facts is not None and facts.join_type != "unknown":
        joined = facts.join_type in ("azure-ad", "hybrid")
        return JoinView(facts.join_type, joined, tuple(dsreg_evidence))
    join_keys = ctx.snap.registry.subkeys(JOIN_INFO)
    if not join_keys:
        return JoinView("unknown", None, tuple(dsreg_evidence))
    key = join_keys[0]
    evidence = [
        from_reg_key(key.path, "present", "a device join certificate: Azure AD or hybrid joined")
    ]
    evidence.extend(
        from_reg_value(key.path, name, key.value(name))
        for name in ("TenantId", "IdpDomain", "UserEmail")
        if key.value(name) is not None
    )
    return JoinView("unknown", True, tuple(dsreg_evidence + evidence), from_registry=True)


def _url_note(info: SettingsUrlInfo) -> str:
    if info.is_empty:
        return "printed empty: no ESR endpoint"
    if info.endpoints:
        return "decodes to " + ", ".join(info.endpoints)
    return info.error or ""


def _dsreg_url(ctx: DiagContext) -> UrlView | None:
    """The first settings URL dsregcmd printed with a value, else the first printed empty."""
    facts = ctx.dsreg
    urls = facts.all_settings_urls if facts else []
    if facts is None or not urls:
        return None
    info = next((u for u in urls if not u.is_empty), urls[0])
    ref = facts.source_of(info.field, info.section or None)
    evidence = [from_field(ref, _url_note(info))] if ref else []
    return UrlView("empty" if info.is_empty else "present", info, tuple(evidence))


def _registry_url(ctx: DiagContext) -> UrlView | None:
    """CloudDomainJoin\\TenantInfo\\*\\UserSettingSyncUrl (a tenant with a value first)."""
    tenants = ctx.snap.registry.subkeys(TENANT_INFO)
    if not tenants:
        return None

    def text(key: RegKey) -> str:
        value = key.value("UserSettingSyncUrl")
        return value.data if value is not None and isinstance(value.data, str) else ""

    key = min(tenants, key=lambda k: not text(k).strip())
    info = decode_settings_url(text(key), field="UserSettingSyncUrl")
    value = key.value("UserSettingSyncUrl")
    cited = from_reg_value(key.path, "UserSettingSyncUrl", value, _url_note(info))
    return UrlView("empty" if info.is_empty else "present", info, (cited,))


def _read_settings_url(ctx: DiagContext) -> UrlView:
    """dsregcmd's settings URL; the registry's when dsregcmd printed none or only empty ones.

    The contract counts the URL as empty only when no source holds one: a value in the
    registry with an empty dsregcmd field is cited together with that field.
    """
    printed = _dsreg_url(ctx)
    if printed is not None and printed.state == "present":
        return printed
    stored = _registry_url(ctx)
    if stored is None or (printed is not None and stored.state != "present"):
        return printed or UrlView("unknown", None, ())
    shown = printed.evidence if printed is not None else ()
    return UrlView(stored.state, stored.info, (*stored.evidence, *shown))


def _is_machine_account(account: str) -> bool:
    upper = account.upper()
    return bool(_MACHINE_ACCOUNT.search(account)) or "NT AUTHORITY\\SYSTEM" in upper


def _dsreg_context(ctx: DiagContext) -> tuple[CaptureContext | None, list[Evidence]]:
    facts = ctx.dsreg
    if facts is None:
        return None, []
    account = facts.executing_account
    if account and _is_machine_account(account):
        return "system", ctx.fields("Executing Account Name", note="the machine account")
    word = (facts.user_context or "").upper().replace(" ", "")
    if not word or "UN-ELEVATED" in word or "UNELEVATED" in word:
        return ("user" if word else None), []
    if "SYSTEM" in word or "ELEVATED" in word:
        return "elevated", ctx.fields("User Context", note="dsregcmd ran from an elevated prompt")
    return None, []


def _read_capture(ctx: DiagContext) -> ContextView:
    manifest = ctx.snap.manifest
    found: list[tuple[CaptureContext, list[Evidence]]] = []
    if manifest is not None:
        shown = [] if manifest.context == "user" else [from_manifest("context", manifest.context)]
        found.append((manifest.context, shown))
    dsreg_context, dsreg_evidence = _dsreg_context(ctx)
    if dsreg_context is not None:
        found.append((dsreg_context, dsreg_evidence))
    if not found:
        return ContextView("unknown", ())
    context = max((c for c, _ in found), key=lambda c: _CONTEXT_RANK[c])
    evidence = tuple(e for c, ev in found if c == context for e in ev)
    return ContextView(context, evidence)


def _read_provider(ctx: DiagContext) -> ProviderView:
    value = ctx.snap.registry.value(LOGONUI_KEY, "LastLoggedOnProvider")
    if value is None or not isinstance(value.data, str) or not value.data.strip():
        return ProviderView(None, None, ())
    guid = normalize_guid(value.data)
    provider = credential_provider(guid)
    note = provider.name if provider else "a credential provider this tool does not know"
    evidence = from_reg_value(LOGONUI_KEY, "LastLoggedOnProvider", value, note)
    return ProviderView(guid, provider, (evidence,))
