"""Parsers against real captures published by others (tests/data/realworld, see SOURCES.md).

Every assertion checks a value read from the text as printed, not just "no crash".
"""

from __future__ import annotations

from pathlib import Path

import pytest

from esr_gui.core.decoding import decode_text
from esr_gui.core.dsreg_facts import DsregFacts
from esr_gui.core.models.dsreg import DsregStatus
from esr_gui.core.parse.dsregcmd import parse_dsregcmd

REALWORLD = Path(__file__).resolve().parents[1] / "data" / "realworld" / "dsregcmd"
ALL_FILES = sorted(REALWORLD.glob("*.txt"))


def _parse(name: str) -> DsregStatus:
    return parse_dsregcmd((REALWORLD / name).read_bytes(), source=name)


def _facts(name: str) -> DsregFacts:
    return DsregFacts.from_status(_parse(name))


def _section_names(status: DsregStatus) -> list[str]:
    return [s.name for s in status.sections]


def _fields(status: DsregStatus) -> list[tuple[str, str, str]]:
    return [(s.name, f.key, f.value) for s in status.sections for f in s.fields]


def test_every_realworld_file_is_listed_in_sources() -> None:
    sources = (REALWORLD.parent / "SOURCES.md").read_text(encoding="utf-8")
    assert len(ALL_FILES) >= 10
    for path in ALL_FILES:
        assert f"dsregcmd/{path.name}" in sources


def test_ragged_hand_typed_alignment_aadjoined() -> None:
    status = _parse("maxiemiliyan-aadjoined-ragged-indent.txt")
    facts = DsregFacts.from_status(status)
    assert status.layout == "sectioned"
    assert _section_names(status) == [
        "Device State",
        "Device Details",
        "Tenant Details",
        "User State",
        "SSO State",
        "Diagnostic Data",
        "IE Proxy Config for Current User",
        "WinHttp Default Proxy Config",
        "Ngc Prerequisite Check",
    ]
    assert len(_fields(status)) == 62
    assert status.warnings == []
    assert facts.join_type == "azure-ad"
    assert facts.device_name == "DESKTOP-TL1HME1"
    assert facts.tenant_name == "Default Directory"
    assert facts.upn_candidates == ["maxhomeuser1@maxiemiliyanptplgmail.onmicrosoft.com"]
    assert status.get("DeviceManagementSrvVersion", "Tenant Details") == "1.0"
    assert status.get("AzureAdPrtUpdateTime") == "2025-06-02 05:57:29.000 UTC"
    assert status.get("Last Hostname Update") == "NONE"
    assert facts.settings_url is not None and facts.settings_url.is_empty
    assert facts.wam_is_azure_ad is True


def test_1703_flat_layout_without_space_before_colon() -> None:
    status = _parse("msdocs-2017-hybrid-flat-nospace-colon-keysigntest-must-run-elevated.txt")
    facts = DsregFacts.from_status(status)
    assert status.layout == "flat"
    assert _section_names(status) == ["Device State", "User State"]
    device = status.section("Device State")
    assert device is not None and len(device.fields) == 25
    assert device.get("KeySignTest") == "MUST Run elevated to test."
    assert device.get("dmComplianceUrl") == (
        "https://portal.manage-beta.microsoft.com/?portalAction=Compliance"
    )
    assert status.get("AzureAdPrt", "User State") == "YES"
    assert facts.join_type == "hybrid"
    assert facts.domain_name == "CONTOSO"
    assert facts.ngc_set is True
    assert facts.settings_url is not None
    assert facts.settings_url.hosts == ["kailani.one.microsoft.com", "kailani1.one.microsoft.com"]


def test_run_together_doc_conversion_matches_the_clean_copy() -> None:
    clean = _parse("msdocs-2017-hybrid-flat-nospace-colon-keysigntest-must-run-elevated.txt")
    mangled = _parse("msdocs-ptbr-2017-flat-runtogether-indented-code-block.txt")
    assert mangled.layout == "flat"
    assert [(s, k, v) for s, k, v in _fields(mangled)] == _fields(clean)
    assert any("lost its line breaks" in w for w in mangled.warnings)


def test_registered_only_with_redactions_and_omitted_lines() -> None:
    status = _parse("registered-only-redacted-placeholders-omitted-lines-zh-blog.txt")
    facts = DsregFacts.from_status(status)
    assert _section_names(status) == ["Device State", "User State", "Work Account 1"]
    assert facts.join_type == "registered"
    assert status.get("Virtual Desktop") == "NOT SET"
    assert facts.wam_default_guid == "[REDACTED_GUID] (MicrosoftAccount)"
    assert facts.wam_is_azure_ad is False
    assert facts.work_accounts[0]["WorkplaceTenantName"] == "[REDACTED_TENANT]"
    assert facts.work_accounts[0]["WorkplaceSettingsUrl"] == ""
    assert [i.field for i in facts.all_settings_urls] == ["WorkplaceSettingsUrl"]
    # "...省略" (omitted) lines are reported, the "$ dsregcmd /status" prompt is not.
    assert sum("省略" in w for w in status.warnings) == 2
    assert not any("dsregcmd /status" in w for w in status.warnings)


def test_registered_only_after_leave() -> None:
    status = _parse("registered-only-after-leave-no-blank-lines-2026.txt")
    facts = DsregFacts.from_status(status)
    assert status.warnings == []
    assert facts.join_type == "registered"
    assert facts.device_name == "surfacepx0425a"
    assert facts.azure_ad_prt is False
    account = facts.work_accounts[0]
    assert account["WorkplaceTenantId"] == "72f988bf-86f1-41af-91ab-2d7cd011db47"
    assert account["NgcSet"] == "NO"
    assert status.get("PreReqResult") == "WillNotProvision"


def test_qa_editor_headers_outside_fences() -> None:
    status = _parse("msqa-591928-hybrid-whfb-headers-outside-code-fences.txt")
    facts = DsregFacts.from_status(status)
    assert status.layout == "sectioned"
    assert _section_names(status) == [
        "Device State",
        "Device Details",
        "User State",
        "SSO State",
        "Diagnostic Data",
        "Ngc Prerequisite Check",
    ]
    assert facts.join_type == "hybrid"
    assert facts.device_name == "MyPC.xxxx.com"
    assert facts.device_auth_status == "SUCCESS"
    assert status.get("AzureAdJoined", "Device State") == "YES"  # fence stripped its indent
    assert status.get("EnterprisePrtAuthority") == "https://fs.xxxx.xxx:443/adfs"
    assert status.get("LogonCertTemplateReady") == "YES ( StateReady )"
    assert facts.executing_account == "***\\*******"
    assert facts.upn_candidates == []


def test_stray_line_after_a_long_value_is_not_glued_onto_it() -> None:
    status = _parse("msqa-591928-answer-sso-state-placeholders-adfs-msis9682.txt")
    facts = DsregFacts.from_status(status)
    assert status.get("KerbTopLevelNames") == (
        ".windows.net,.windows.net:1433,.windows.net:3342,.azure.net,.azure.net:1433,.azure.net:3342"
    )
    assert any("ignored 1 line(s) in 'SSO State'" in w and "'x'" in w for w in status.warnings)
    assert facts.attempt_status == "0xC000006D"
    assert facts.prt_server_error_code == "invalid_grant"
    assert facts.prt_server_error_description is not None
    assert facts.prt_server_error_description.startswith("MSIS9682:")
    assert facts.credential_type == "Password"
    assert status.get("HTTP status") == "400"
    assert facts.join_type == "unknown"


def test_domain_joined_prejoin_diagnostics_2026_fields() -> None:
    status = _parse("domainjoined-2026-kerberos-ticket-test-fed-join-indented-fence-zhtw-blog.txt")
    facts = DsregFacts.from_status(status)
    diag = status.section("Diagnostic Data")
    assert diag is not None and len(diag.fields) == 15
    assert diag.get("Kerberos Ticket Test") == "SKIPPED"
    assert diag.get("Fallback to Fed-Join") == "ENABLED"
    assert facts.join_type == "domain"
    assert facts.device_name == "WIN-ML8SV4QSBOG.nekolab.local"
    assert facts.wam_default_set == "ERROR (0xd0020017)"
    assert facts.error_phase == "discover"
    assert facts.client_error_code == "0x801C001D"
    assert facts.user_context == "UN-ELEVATED User"
    assert facts.upn_candidates == []
    assert status.get("NgcPreReq") == "ERROR (0xd0020017)"


def test_evil_winrm_capture_keeps_other_commands_out() -> None:
    status = _parse("htb-monteverde-ws2019-evilwinrm-domainjoined-ngcprereq-error.txt")
    facts = DsregFacts.from_status(status)
    ngc = status.section("Ngc Prerequisite Check")
    assert ngc is not None and len(ngc.fields) == 9
    assert ngc.get("NgcPreReq") == "ERROR 0xd0020017"
    assert facts.join_type == "domain"
    assert facts.domain_name == "MEGABANK"
    assert facts.client_error_code == "0x801C001D"
    assert not any("in 'Ngc Prerequisite Check'" in w for w in status.warnings)


def test_html_escaped_prompt_excerpt() -> None:
    status = _parse("azure-docs-issue-48791-not-joined-html-escaped-prompt-excerpt.txt")
    facts = DsregFacts.from_status(status)
    assert _section_names(status) == ["Device State", "User State", "SSO State"]
    assert facts.join_type == "none"
    assert facts.azure_ad_joined is False and facts.domain_joined is False
    assert facts.wam_default_set == "ERROR"
    assert not any("outside any section" in w for w in status.warnings)


# --- the same real captures, mangled the ways pastes get mangled --------------------------


def _mangled(text: str) -> dict[str, str | bytes]:
    lines = text.splitlines()
    return {
        "email-quote": "\n".join("> " + line for line in lines),
        "html-br": "<br>".join(lines),
        "html-br-newline": "<br />\n".join(lines),
        "html-pre-nbsp": "<pre>" + text.replace("  ", "&nbsp; ") + "</pre>",
        "nbsp": text.replace(" ", "\u00a0"),
        "cr-only": "\r".join(lines),
        "utf16le-no-bom": text.encode("utf-16-le"),
        "utf8-bom": b"\xef\xbb\xbf" + text.encode("utf-8"),
    }


@pytest.mark.parametrize(
    "name",
    [
        "maxiemiliyan-aadjoined-ragged-indent.txt",
        "registered-only-after-leave-no-blank-lines-2026.txt",
        "msdocs-2017-hybrid-flat-nospace-colon-keysigntest-must-run-elevated.txt",
    ],
)
def test_mangled_pastes_parse_to_the_same_fields(name: str) -> None:
    text = (REALWORLD / name).read_text(encoding="utf-8")
    expected = _fields(parse_dsregcmd(text))
    for kind, data in _mangled(text).items():
        assert _fields(parse_dsregcmd(data)) == expected, kind


@pytest.mark.parametrize("codepage", ["cp1252", "cp850"])
@pytest.mark.parametrize(
    "tenant", ["Société Générale", "Björn Åström AB", "Fundação Açores", "Almaviva SpA più"]
)
def test_legacy_code_page_tenant_names(codepage: str, tenant: str) -> None:
    text = (REALWORLD / "maxiemiliyan-aadjoined-ragged-indent.txt").read_text(encoding="utf-8")
    data = text.replace("Default Directory", tenant).encode(codepage)
    assert decode_text(data).count(tenant) == 1
    assert DsregFacts.from_status(parse_dsregcmd(data)).tenant_name == tenant


def test_two_outputs_concatenated_warn_and_read_the_first() -> None:
    text = (REALWORLD / "registered-only-after-leave-no-blank-lines-2026.txt").read_text()
    later = text.replace("WorkplaceJoined : YES", "WorkplaceJoined : NO")
    status = parse_dsregcmd(text + "\nPS C:\\> dsregcmd /status\n" + later)
    assert status.get_all("WorkplaceJoined") == ["YES", "NO"]
    assert status.get("WorkplaceJoined") == "YES"
    assert any("more than one dsregcmd output" in w for w in status.warnings)


def test_another_commands_output_after_a_prompt_is_not_a_dsregcmd_field() -> None:
    text = (REALWORLD / "registered-only-after-leave-no-blank-lines-2026.txt").read_text()
    status = parse_dsregcmd(text + "\nPS C:\\> Get-Thing | fl\n\nName : foo\nStatus : Running\n")
    ngc = status.section("Ngc Prerequisite Check")
    assert ngc is not None and [f.key for f in ngc.fields][-1] == "PreReqResult"
    assert status.get("Status") is None
