"""The knowledge tables: every finding explained, codes, events, providers, remedy labels."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from esr_gui.core.diagnose import FINDING_IDS
from esr_gui.core.diagnose.record import AREA_TITLES
from esr_gui.core.diagnose.rules import FINDING_RECORDS, finding_record
from esr_gui.core.knowledge import (
    code_info,
    credential_provider,
    describe_code,
    event_meaning,
    kb_url,
    remedy_label,
)
from esr_gui.core.knowledge.code_meanings import aadsts_codes, describe_aadsts
from esr_gui.core.remedy.catalog import CATALOG


def test_every_finding_id_has_its_text() -> None:
    assert list(FINDING_RECORDS) == list(FINDING_IDS)
    for info in FINDING_RECORDS.values():
        assert info.area in AREA_TITLES
        assert info.name and info.guide and info.meaning and info.why and info.todo


@pytest.mark.parametrize(
    ("finding_id", "kb"),
    [
        ("ki.mdm-sideload-1607", "KB3176934"),
        ("ki.ie-favorites-1511", "KB3172985"),
        ("ki.uac-password-sync-1511", "KB3140743"),
        ("ki.event-6065-account-disabled", "KB3193791"),
        ("ki.event-1098-token-broker", "KB3196528"),
        ("mfa.password-sign-in", "KB3193683"),
    ],
)
def test_kb_numbers_are_facts_with_links(finding_id: str, kb: str) -> None:
    info = finding_record(finding_id)
    assert info is not None and info.kb == kb
    assert kb_url(kb) == info.link == "https://support.microsoft.com/kb/" + kb[2:]


@pytest.mark.parametrize(
    ("spelling", "name"),
    [
        ("80070259", "ERROR_FOUND_OUT_OF_SCOPE"),
        ("0x80070533", "ERROR_ACCOUNT_DISABLED"),
        ("0xcaa5001c", "[token broker operation failed]"),
        ("3399811100", "[token broker operation failed]"),
        ("0xC000005F", "STATUS_NO_SUCH_LOGON_SESSION"),
        ("0x801c001d", "DSREG_AUTOJOIN_ADCONFIG_READ_FAILED"),
        ("0xcaa82ee2", "ERROR_ADAL_INTERNET_TIMEOUT"),
        ("0xc000006d", "STATUS_LOGON_FAILURE"),
        ("0x80090016", "NTE_BAD_KEYSET"),
        ("0x80072efd", "WININET_E_CANNOT_CONNECT"),
    ],
)
def test_error_codes_in_any_spelling(spelling: str, name: str) -> None:
    info = code_info(spelling)
    assert info is not None and info.name == name and info.meaning
    assert describe_code(spelling).startswith(info.code)


def test_unknown_code_and_aadsts() -> None:
    assert code_info("0x12345678") is None
    assert describe_code("0x8123ABCD") == "0x8123ABCD"
    assert aadsts_codes("invalid_grant AADSTS50076: x; AADSTS50076 again, AADSTS700082") == [
        "50076",
        "700082",
    ]
    assert "multi-factor" in describe_aadsts("50076")


def test_event_table_covers_every_captured_channel() -> None:
    channels = json.loads(
        resources.files("esr_gui.core.data").joinpath("channels.json").read_text(encoding="utf-8")
    )["channels"]
    for channel in channels:
        assert any(event_meaning(channel["name"], i) for i in range(1, 7000)), channel["name"]
    assert "0xCAA5001C" in (event_meaning("Microsoft-Windows-AAD/Operational", 1098) or "")
    assert event_meaning("microsoft-windows-settingsync/debug", 6065)


@pytest.mark.parametrize(
    ("guid", "kind"),
    [
        ("{60B78E88-EAD8-445C-9CFD-0B87F74EA6CD}", "password"),
        ("d6886603-9d2f-4eb2-b667-1971041fa96b", "pin"),
        ("{8FD7E19C-3BF7-489B-A72C-846AB3678C96}", "smartcard"),
        ("{94596c7e-3744-41ce-893e-bbf09122f76a}", "smartcard"),
        ("{1b283861-754f-4022-ad47-a5eaaa618894}", "smartcard"),
        ("{1ee7337f-85ac-45e2-a23c-37c753209769}", "smartcard"),
    ],
)
def test_credential_providers(guid: str, kind: str) -> None:
    provider = credential_provider(guid)
    assert provider is not None and provider.kind == kind


def test_remedy_labels_come_from_the_catalogue() -> None:
    for remedy_id, spec in CATALOG.items():
        assert remedy_label(remedy_id) == spec.title
    assert remedy_label("remedy.some-future-thing") == "Some future thing"
