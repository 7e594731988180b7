"""Typed facts read from a parsed `dsregcmd /status`, each traceable to the printed field.

Diagnosis rules read `DsregFacts` instead of raw keys, and cite `facts.evidence(...)` or
`facts.source_of(...)` to name the exact section, key and value behind a finding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from pydantic import BaseModel, ConfigDict, Field

from esr_gui.core.models.dsreg import DsregStatus, JoinType, normalize_key
from esr_gui.core.parse.code_spellings import find_codes, normalize_code
from esr_gui.core.parse.settings_url import SettingsUrlInfo, decode_settings_url

AAD_WAM_PROVIDER_GUID = "B16898C6-A148-4967-9171-64D755DA8520"
SETTINGS_URL_KEYS = ("SettingsUrl", "AzureAdSettingsUrl", "WorkplaceSettingsUrl")
_WORK_ACCOUNT = re.compile(r"^work\s*account\s*\d+$", re.IGNORECASE)
_EMAIL = re.compile(r"[^@\\]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_TOKEN_SEPARATORS = re.compile(r"[\s,;<>()\[\]]+")

# Fact name -> the printed keys it is derived from (for `DsregFacts.evidence`).
FACT_KEYS: dict[str, tuple[str, ...]] = {
    "azure_ad_joined": ("AzureAdJoined",),
    "domain_joined": ("DomainJoined",),
    "enterprise_joined": ("EnterpriseJoined",),
    "workplace_joined": ("WorkplaceJoined",),
    "join_type": ("AzureAdJoined", "DomainJoined", "EnterpriseJoined", "WorkplaceJoined"),
    "wam_default_set": ("WamDefaultSet",),
    "wam_default_guid": ("WamDefaultGUID",),
    "wam_is_azure_ad": ("WamDefaultGUID",),
    "azure_ad_prt": ("AzureAdPrt",),
    "prt_update_time": ("AzureAdPrtUpdateTime",),
    "prt_expiry_time": ("AzureAdPrtExpiryTime",),
    "settings_url": SETTINGS_URL_KEYS,
    "tenant_id": ("TenantId",),
    "tenant_name": ("TenantName",),
    "device_id": ("DeviceId",),
    "device_name": ("Device Name",),
    "domain_name": ("DomainName",),
    "device_auth_status": ("DeviceAuthStatus",),
    "ngc_set": ("NgcSet",),
    "user_context": ("User Context",),
    "executing_account": ("Executing Account Name",),
    "error_phase": ("Error Phase",),
    "client_error_code": ("Client ErrorCode",),
    "server_error_code": ("Server ErrorCode",),
    "prt_server_error_code": ("Server Error Code",),
    "prt_server_error_description": ("Server Error Description",),
    "attempt_status": ("Attempt Status",),
    "credential_type": ("Credential Type",),
    "upn_candidates": ("Executing Account Name", "User Identity"),
}
# normalize_key makes "Server ErrorCode" (join diagnostics) equal "Server Error Code" (PRT
# diagnostics), so these facts are read from their own box only.
FACT_SECTION: dict[str, str] = {
    "server_error_code": "Diagnostic Data",
    "prt_server_error_code": "SSO State",
    "prt_server_error_description": "SSO State",
}


@dataclass(frozen=True, slots=True)
class FieldRef:
    """Where a value was printed: section header, key as printed, value and line number."""

    section: str
    key: str
    value: str
    line: int = 0


def _yes_no(value: str | None) -> bool | None:
    word = (value or "").strip().upper()
    return {"YES": True, "NO": False}.get(word)


def _code(value: str | None) -> str | None:
    if not value:
        return None
    code = normalize_code(value)
    if code is not None:
        return code
    codes = find_codes(value)
    return codes[0] if codes else None


def _join_type(aad: bool | None, dj: bool | None, wpj: bool | None, accounts: int) -> JoinType:
    if aad is None or dj is None:
        return "unknown"
    if aad:
        return "hybrid" if dj else "azure-ad"
    if dj:
        return "domain"
    if wpj or accounts:
        return "registered"
    return "none" if wpj is False else "unknown"


def wam_guid_is_azure_ad(value: str | None) -> bool | None:
    """Whether a printed WamDefaultGUID names the Entra (AzureAd) WAM provider."""
    if value is None:
        return None
    compact = "".join(value.split()).upper()
    return compact.endswith("(AZUREAD)") or AAD_WAM_PROVIDER_GUID in compact


def _emails(text: str) -> list[str]:
    return [t for t in _TOKEN_SEPARATORS.split(text) if "@" in t and _EMAIL.fullmatch(t)]


def _upns(status: DsregStatus) -> list[str]:
    found: list[str] = []
    for account in status.get_all("Executing Account Name"):
        found.extend(_emails(account.rpartition(",")[2]))
    for identity in status.get_all("User Identity"):
        found.extend(_emails(identity))
    return list(dict.fromkeys(u for u in found if not u.split("@", 1)[0].endswith("$")))


class DsregFacts(BaseModel):
    """What diagnosis needs from `dsregcmd /status`, typed.

    Booleans are None when the field was not printed (or printed as something other than
    YES/NO); strings are None when not printed and "" when printed empty. `settings_url` is
    the first of SettingsUrl, AzureAdSettingsUrl, WorkplaceSettingsUrl that was printed (empty
    or not); `all_settings_urls` holds every one of them. `join_type` is "unknown" when
    AzureAdJoined or DomainJoined is missing, or when neither is YES and WorkplaceJoined is
    missing too. Machine accounts (`NAME$@domain`) are not UPN candidates.
    """

    model_config = ConfigDict(frozen=True)

    status: DsregStatus = Field(exclude=True, repr=False)
    azure_ad_joined: bool | None = None
    domain_joined: bool | None = None
    enterprise_joined: bool | None = None
    workplace_joined: bool | None = None
    join_type: JoinType = "unknown"
    wam_default_set: str | None = None
    wam_default_guid: str | None = None
    wam_is_azure_ad: bool | None = None
    azure_ad_prt: bool | None = None
    prt_update_time: str | None = None
    prt_expiry_time: str | None = None
    settings_url: SettingsUrlInfo | None = None
    all_settings_urls: list[SettingsUrlInfo] = []
    tenant_id: str | None = None
    tenant_name: str | None = None
    device_id: str | None = None
    device_name: str | None = None
    domain_name: str | None = None
    device_auth_status: str | None = None
    ngc_set: bool | None = None
    user_context: str | None = None
    executing_account: str | None = None
    error_phase: str | None = None
    client_error_code: str | None = None
    server_error_code: str | None = None
    prt_server_error_code: str | None = None
    prt_server_error_description: str | None = None
    attempt_status: str | None = None
    credential_type: str | None = None
    work_accounts: list[dict[str, str]] = []
    upn_candidates: list[str] = []

    @classmethod
    def from_status(cls, status: DsregStatus) -> DsregFacts:
        """Read every fact from a parsed status (first printed value wins)."""
        get = status.get
        joined = {
            "azure_ad_joined": _yes_no(get("AzureAdJoined")),
            "domain_joined": _yes_no(get("DomainJoined")),
            "enterprise_joined": _yes_no(get("EnterpriseJoined")),
            "workplace_joined": _yes_no(get("WorkplaceJoined")),
        }
        accounts = _work_accounts(status)
        settings_urls = _settings_urls(status)
        join_type = _join_type(
            joined["azure_ad_joined"],
            joined["domain_joined"],
            joined["workplace_joined"],
            len(accounts),
        )
        return cls(
            status=status,
            **joined,
            join_type=join_type,
            work_accounts=accounts,
            settings_url=settings_urls[0] if settings_urls else None,
            all_settings_urls=settings_urls,
            upn_candidates=_upns(status),
            **_plain_facts(status),
        )

    def source_of(self, key: str, section: str | None = None) -> FieldRef | None:
        """The first printed field called `key` (in `section` if given), for citing."""
        return next(iter(self.sources_of(key, section)), None)

    def sources_of(self, key: str, section: str | None = None) -> list[FieldRef]:
        """Every printed field called `key` (in `section` if given), in printed order."""
        wanted = normalize_key(key)
        wanted_section = normalize_key(section) if section else None
        return [
            FieldRef(s.name, f.key, f.value, f.line)
            for s in self.status.sections
            if wanted_section is None or normalize_key(s.name) == wanted_section
            for f in s.fields
            if normalize_key(f.key) == wanted
        ]

    def evidence(self, fact: str) -> list[FieldRef]:
        """The printed fields a fact (an attribute name, e.g. "join_type") was read from."""
        if fact == "settings_url":
            info = self.settings_url
            ref = self.source_of(info.field, info.section or None) if info else None
            return [ref] if ref else []
        section = FACT_SECTION.get(fact)
        refs = (self.source_of(key, section) for key in FACT_KEYS.get(fact, (fact,)))
        return [ref for ref in refs if ref is not None]


def _plain_facts(status: DsregStatus) -> dict[str, object]:
    get = status.get
    return {
        "wam_default_set": get("WamDefaultSet"),
        "wam_default_guid": get("WamDefaultGUID"),
        "wam_is_azure_ad": wam_guid_is_azure_ad(get("WamDefaultGUID")),
        "azure_ad_prt": _yes_no(get("AzureAdPrt")),
        "prt_update_time": get("AzureAdPrtUpdateTime"),
        "prt_expiry_time": get("AzureAdPrtExpiryTime"),
        "tenant_id": get("TenantId"),
        "tenant_name": get("TenantName"),
        "device_id": get("DeviceId"),
        "device_name": get("Device Name"),
        "domain_name": get("DomainName"),
        "device_auth_status": get("DeviceAuthStatus"),
        "ngc_set": _yes_no(get("NgcSet")),
        "user_context": get("User Context"),
        "executing_account": get("Executing Account Name"),
        "error_phase": get("Error Phase"),
        "client_error_code": _code(get("Client ErrorCode")),
        "server_error_code": get("Server ErrorCode", FACT_SECTION["server_error_code"]),
        "prt_server_error_code": get("Server Error Code", FACT_SECTION["prt_server_error_code"]),
        "prt_server_error_description": get(
            "Server Error Description", FACT_SECTION["prt_server_error_description"]
        ),
        "attempt_status": _code(get("Attempt Status")),
        "credential_type": get("Credential Type"),
    }


def _work_accounts(status: DsregStatus) -> list[dict[str, str]]:
    accounts: list[dict[str, str]] = []
    for section in status.sections:
        if _WORK_ACCOUNT.match(section.name.strip()):
            fields: dict[str, str] = {}
            for f in section.fields:
                fields.setdefault(f.key, f.value)
            accounts.append(fields)
    return accounts


def _settings_urls(status: DsregStatus) -> list[SettingsUrlInfo]:
    """Every printed settings-URL field, decoded, in `SETTINGS_URL_KEYS` then printed order."""
    found: list[SettingsUrlInfo] = []
    for key in SETTINGS_URL_KEYS:
        wanted = normalize_key(key)
        found.extend(
            decode_settings_url(f.value, field=f.key, section=section.name)
            for section in status.sections
            for f in section.fields
            if normalize_key(f.key) == wanted
        )
    return found


# --- PRT helpers (issue 17) ---------------------------------------------------------------

SSO_STATE = "SSO State"
# --- Helpers for the join, certificate and capture checks (time stamps, test results) ---

_DSREG_TIME = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})[ T]+(\d{1,2}):(\d{2}):(\d{2})(?:[.,]\d+)?\s*(?:UTC|Z|GMT)?",
    re.IGNORECASE,
)
_VALIDITY_SPLIT = re.compile(r"\s+-{1,2}\s+|\s*--\s*")


def parse_dsreg_time(value: str | None) -> datetime | None:
    """A dsregcmd time stamp (`2022-11-07 15:51:42.000 UTC`) as an aware UTC datetime.

    dsregcmd prints every time in UTC; None when the value holds no such time (empty,
    redacted, a placeholder such as `[Date]`).
    """
    match = _DSREG_TIME.search(value or "")
    if match is None:
        return None
    try:
        year, month, day, hour, minute, second = (int(p) for p in match.groups())
        return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    except ValueError:
        return None


def sso_source(facts: DsregFacts, key: str) -> FieldRef | None:
    """The PRT field `key` from SSO State, else from any box but Diagnostic Data.

    normalize_key makes the join's `Server ErrorCode` (Diagnostic Data) equal the PRT's
    `Server Error Code`, so a PRT field is never read from Diagnostic Data.
    """
    ref = facts.source_of(key, SSO_STATE)
    if ref is not None:
        return ref
    others = [r for r in facts.sources_of(key) if normalize_key(r.section) != "diagnosticdata"]
    return others[0] if others else None


def parse_validity(value: str | None) -> tuple[datetime, datetime] | None:
    """DeviceCertificateValidity `[ from -- to ]` (one or two dashes) as (from, to), or None."""
    text = (value or "").strip().strip("[]").strip()
    parts = _VALIDITY_SPLIT.split(text, maxsplit=1)
    if len(parts) != 2:
        return None
    start, end = parse_dsreg_time(parts[0]), parse_dsreg_time(parts[1])
    return (start, end) if start is not None and end is not None else None


@dataclass(frozen=True, slots=True)
class TestResult:
    """A pre-join test's printed result: `PASS`, `FAIL`, `SKIPPED` (upper case) and its codes.

    `codes` keeps the order printed: in `FAIL [0x801c0021/0x80072ee2]` the first is the main
    code and the second the sub-code, which names the real cause.
    """

    word: str
    codes: tuple[str, ...]

    @property
    def failed(self) -> bool:
        """True for FAIL (and FAILED, ERROR)."""
        return self.word.startswith("FAIL") or self.word.startswith("ERROR")


def parse_test_result(value: str | None) -> TestResult | None:
    """A test line's value (`FAIL [0x801c0021/0x801c000c]`), or None when not printed/empty."""
    text = (value or "").strip()
    if not text:
        return None
    word = re.split(r"[\s\[(:]", text, maxsplit=1)[0].upper().rstrip(".")
    return TestResult(word, tuple(find_codes(text)))


def values_outside(status: DsregStatus, key: str, skip_section: str = "SSO State") -> list[str]:
    """Every value of `key` printed outside `skip_section` (the PRT box reuses join key names)."""
    skipped = normalize_key(skip_section)
    wanted = normalize_key(key)
    return [
        f.value
        for s in status.sections
        if normalize_key(s.name) != skipped
        for f in s.fields
        if normalize_key(f.key) == wanted
    ]
