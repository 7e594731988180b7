"""MFA rules through bundles: password sign-in with AAD token errors, AD FS token expiry."""

from __future__ import annotations

from tests.unit.diagnose_support import (
    AAD,
    LOGONUI,
    PASSWORD,
    PIN,
    SMART_CARD,
    UDR,
    dsreg,
    event,
    finding,
)

MFA_1098 = event(
    AAD,
    1098,
    record=77,
    Error="3399614476",
    ErrorMessage="The request requires user interaction.",
    AdditionalInformation="Code: interaction_required Description: AADSTS50076: MFA required.",
)
TIMEOUT_1098 = event(
    AAD, 1098, record=78, Error="3399811100", ErrorMessage="Token broker operation failed."
)
EXPIRED_1096 = event(AAD, 1096, record=90, value="c0ffee")
INVALID_GRANT = event(
    AAD,
    1081,
    record=91,
    Error="invalid_grant",
    ErrorDescription="MSIS9683: Received invalid refresh token. The refresh token has expired.",
)


def provider(guid: str) -> dict[str, dict[str, str | int]]:
    return {LOGONUI: {"LastLoggedOnProvider": guid, "LastLoggedOnUser": r"CONTOSO\jdoe"}}


def test_password_with_mfa_required_errors_warns() -> None:
    found = finding("mfa.password-sign-in", registry=provider(PASSWORD), events={AAD: [MFA_1098]})
    assert found.status == "warn"
    assert "AADSTS50076" in found.explanation and "KB3193683" in found.explanation
    cited = [e for e in found.evidence if e.source == "event"]
    assert cited[0].channel == AAD and cited[0].event_id == 1098 and cited[0].record_id == 77
    assert cited[0].time is not None
    assert "0xCAA2000C" in cited[0].value
    assert found.remedies == ["remedy.sign-out-in", "remedy.install-update"]


def test_password_with_other_token_errors_still_warns() -> None:
    found = finding(
        "mfa.password-sign-in", registry=provider(PASSWORD), events={AAD: [TIMEOUT_1098]}
    )
    assert found.status == "warn"
    assert found.title.startswith("Password sign-in with token errors")


def test_password_without_errors_passes_or_is_unknown() -> None:
    clean = finding("mfa.password-sign-in", registry=provider(PASSWORD), events={AAD: []})
    assert clean.status == "pass"
    no_log = finding("mfa.password-sign-in", registry=provider(PASSWORD))
    assert no_log.status == "unknown"  # the AAD log that would decide it is missing
    assert any("AAD/Operational" in m for m in no_log.missing)


def test_pin_and_smart_card_and_unknown_provider() -> None:
    assert (
        finding("mfa.password-sign-in", registry=provider(PIN), events={AAD: [MFA_1098]}).status
        == "pass"
    )
    smart = finding("mfa.password-sign-in", registry=provider(SMART_CARD))
    assert smart.status == "info"  # never "does not apply" beside the smart-card known issue
    assert "ki.smart-card-sign-in" in smart.explanation
    odd = finding(
        "mfa.password-sign-in", registry=provider("{00000000-1111-2222-3333-444444444444}")
    )
    assert odd.status == "info"
    unknown = finding("mfa.password-sign-in", dsregcmd=dsreg())
    assert unknown.status == "unknown"
    assert "LastLoggedOnProvider" in unknown.missing[0]


ADFS = dsreg(
    dj="YES",
    SSO_State={"EnterprisePrt": "YES", "EnterprisePrtAuthority": "https://fs.contoso.com:443/adfs"},
)


def test_adfs_token_expired_warns_with_the_events() -> None:
    found = finding(
        "mfa.adfs-token-expired", dsregcmd=ADFS, events={AAD: [EXPIRED_1096, INVALID_GRANT]}
    )
    assert found.status == "warn"
    assert "event 1096" in found.explanation and "MSIS9683" in found.explanation
    assert {e.event_id for e in found.evidence if e.source == "event"} == {1081, 1096}


def test_adfs_without_expiry_passes_and_without_log_is_unknown() -> None:
    assert (
        finding("mfa.adfs-token-expired", dsregcmd=ADFS, events={AAD: [MFA_1098]}).status == "pass"
    )
    unknown = finding("mfa.adfs-token-expired", dsregcmd=ADFS)
    assert unknown.status == "unknown"
    assert unknown.missing


def test_adfs_federation_seen_in_events_only() -> None:
    udr = event(UDR, 305, message="Automatic registration failed. Tenant Type: Federated")
    found = finding("mfa.adfs-token-expired", events={AAD: [EXPIRED_1096], UDR: [udr]})
    assert found.status == "warn"


def test_not_federated_is_not_applicable_and_no_data_is_unknown() -> None:
    assert finding("mfa.adfs-token-expired", dsregcmd=dsreg()).status == "not-applicable"
    assert finding("mfa.adfs-token-expired").status == "unknown"
