"""Named scenario bundles (from `scenario_bundles`) that cover each fact the views share.

One entry per kind of device the diagnosis tells apart: each join state, builds on both sides
of every threshold, each sign-in provider, domain controller reachable or not, UPN case,
capture context, policies, user switches, the settings URL, WIP and missing members. The
cross-view consistency test (`tests/gui/test_views_agree.py`) runs every one of them; add a
scenario here when a rule learns to tell a new kind of device apart.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.unit.diagnose_support import (
    AAD,
    CDJ,
    LOGONUI,
    MDM,
    PASSWORD,
    PIN,
    POLICY,
    SMART_CARD,
    SYNC_DEBUG,
    URL,
    WIP,
)
from tests.unit.scenario_bundles import TENANT, Dsreg, Ev, Scenario, build_key, toggles

TIMES = {"last_boot": "2026-11-25T07:00:00+01:00", "last_logon": "2026-11-25T07:05:00+01:00"}
HYBRID = Dsreg(dj="YES")
DOMAIN_ONLY = Dsreg(aad="NO", dj="YES", wam="NO", guid=None, prt="NO", url="")
MFA_1098 = Ev(AAD, 1098, [("Error", "0xCAA2000C")], "AADSTS50076: interaction_required", 3)
UPN_SUFFIX_FAILURE = {
    "AcquirePrtDiagnostics": "PRESENT",
    "Attempt Status": "0xc00000d0",
    "User Identity": "jdoe@contoso.local",
    "Server Error Code": "invalid_request",
    "Server Error Description": "AADSTS90002: Tenant 'contoso.local' not found.",
}
SIDELOAD = Ev(SYNC_DEBUG, 6013, [("HRESULT", "0x80070259")], "", 4)


def device(
    build: tuple[int | None, int | None] = (19045, 5131),
    provider: str | None = PIN,
    dc: bool | None = True,
    **changes: Any,
) -> Scenario:
    """A device signed in with `provider` on `build`; `changes` override Scenario fields."""
    registry: dict[str, Any] = {"cv": build_key(*build), "u": toggles()}
    if provider is not None:
        registry["logon"] = {LOGONUI: {"LastLoggedOnProvider": provider}}
    system: dict[str, object] = {**TIMES, "wireless_adapter_present": True}
    if dc is not None:
        system["domain_controller_reachable"] = dc
    base: dict[str, Any] = {
        "registry": registry,
        "events": {AAD: [], SYNC_DEBUG: []},
        "system": system,
        "upn": "jdoe@contoso.com",
    }
    extra = changes.pop("more_registry", {})
    base.update(changes)
    base["registry"] = {**base["registry"], **extra}
    return Scenario(**base)


SCENARIOS: dict[str, Callable[[], Scenario]] = {
    "aadj-healthy": device,
    "hybrid-healthy": lambda: device(dsreg=HYBRID),
    "hybrid-offsite": lambda: device(dsreg=HYBRID, dc=False),
    "hybrid-dc-not-recorded": lambda: device(dsreg=HYBRID, dc=None),
    "hybrid-no-prt": lambda: device(dsreg=Dsreg(dj="YES", prt="NO")),
    "domain-only": lambda: device(dsreg=DOMAIN_ONLY, dc=False),
    "registered-only": lambda: device(dsreg=Dsreg(aad="NO", wpj="YES", url="")),
    "not-joined": lambda: device(dsreg=Dsreg(aad="NO", wam="NO", guid=None, prt="NO", url="")),
    "join-from-registry": lambda: device(
        dsreg=None,
        more_registry={
            "cdj": {
                CDJ + "\\JoinInfo\\3A7F1C9E": {"TenantId": TENANT},
                CDJ + "\\TenantInfo\\" + TENANT: {"UserSettingSyncUrl": URL},
            }
        },
    ),
    "build-1507": lambda: device(build=(10240, 16384)),
    "build-1511-old": lambda: device(build=(10586, 100)),
    "build-1511-fixed": lambda: device(build=(10586, 494)),
    "build-1607-event": lambda: device(
        dsreg=HYBRID, build=(14393, 10), events={AAD: [], SYNC_DEBUG: [SIDELOAD]}
    ),
    "build-1607-wip": lambda: device(build=(14393, 2214), more_registry={"wip": {WIP: {"x": 1}}}),
    "build-21h2": lambda: device(build=(19044, 5131)),
    "build-11": lambda: device(build=(22631, 4460)),
    "build-server": lambda: device(
        build=(20348, 2700), more_registry={"cv": build_key(20348, 2700, product="Server")}
    ),
    "build-missing": lambda: device(build=(None, None)),
    "smart-card": lambda: device(dsreg=HYBRID, provider=SMART_CARD),
    "password-mfa": lambda: device(provider=PASSWORD, events={AAD: [MFA_1098], SYNC_DEBUG: []}),
    "password-clean": lambda: device(provider=PASSWORD),
    "provider-missing": lambda: device(provider=None),
    "upn-mixed-case": lambda: device(upn="JDoe@contoso.com"),
    "upn-mixed-case-1511": lambda: device(build=(10586, 100), upn="JDoe@Contoso.com"),
    "url-empty": lambda: device(dsreg=Dsreg(url="")),
    "url-undecodable": lambda: device(dsreg=Dsreg(url="eyJVcmlz-not-json")),
    "aadj-no-prt": lambda: device(dsreg=Dsreg(prt="NO")),
    "hybrid-prt-upn-suffix": lambda: device(
        dsreg=Dsreg(dj="YES", prt="NO", extra={"SSO State": UPN_SUFFIX_FAILURE})
    ),
    "policy-gpo-off": lambda: device(more_registry={"pol": {POLICY: {"DisableSettingSync": 2}}}),
    "policy-mdm-off": lambda: device(more_registry={"mdm": {MDM: {"AllowSyncMySettings": 0}}}),
    "policy-group-off": lambda: device(
        more_registry={"pol": {POLICY: {"DisableCredentialsSettingSync": 2}}}
    ),
    "toggles-off": lambda: device(more_registry={"u": toggles(("Credentials", "Windows"))}),
    "system-context": lambda: device(dsreg=Dsreg(dj="YES", wam="NO", prt="NO"), context="system"),
    "system-context-toggles-off": lambda: device(
        more_registry={"u": toggles(("Credentials",))}, context="system"
    ),
    "elevated-context": lambda: device(dsreg=Dsreg(wam="NO"), context="elevated"),
    "flat-1607": lambda: device(dsreg=HYBRID, layout="flat", build=(14393, 10)),
    "nothing-but-manifest": lambda: Scenario(dsreg=None, context=None),
}
