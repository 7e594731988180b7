"""dsregcmd /status parser: the real public captures, paste variants built from them, fuzzing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from esr_gui.core.errors import ParseError
from esr_gui.core.models.dsreg import DsregStatus
from esr_gui.core.parse.dsregcmd import parse_dsregcmd
from tests.conftest import DSREG_SAMPLES, sample

Triple = tuple[str, str, str]


def text_of(prefix: str) -> str:
    return sample(prefix).read_text(encoding="utf-8")


def parsed(prefix: str) -> DsregStatus:
    return parse_dsregcmd(sample(prefix).read_bytes(), source=prefix)


def triples(status: DsregStatus) -> list[Triple]:
    return [(s.name, f.key, f.value) for s in status.sections for f in s.fields]


def names(status: DsregStatus) -> list[str]:
    return [s.name for s in status.sections]


# --- every real capture ------------------------------------------------------------------


@pytest.mark.parametrize("path", DSREG_SAMPLES, ids=lambda p: p.name[:2])
def test_every_sample_parses_cleanly(path: Path) -> None:
    status = parse_dsregcmd(path.read_bytes(), source=path.name)
    assert status.layout in ("sectioned", "flat")
    assert status.sections and all(s.name == s.name.strip() for s in status.sections)
    assert status.raw_text == path.read_text(encoding="utf-8")
    for _, key, value in triples(status):
        assert key == key.strip() and value == value.strip()
        assert ":" not in key
        assert not key.lower().startswith(("for more", "ps ", "waiting"))
    assert all(f.line > 0 for s in status.sections for f in s.fields)


def test_01_system_context_wrapped_pac_value_and_trailer() -> None:
    status = parsed("01")
    assert status.layout == "sectioned"
    assert status.get("Auto Detect PAC Status", "URL Specific Proxy Config") == (
        "Failed to auto detect the Proxy Auto-Configuration (PAC) script using WPAD."
        " code: 0x80072f94"
    )
    assert any("wrapped" in w and "Auto Detect PAC Status" in w for w in status.warnings)
    assert (status.get("User Context"), status.get("Client ErrorCode")) == ("SYSTEM", "0x801c001d")
    assert status.get("Client Time") == "2022-11-07 15:51:42.000 UTC"
    assert status.get("AD Configuration Test") == "FAIL [0x80070002]"
    assert status.get("Auto-Configuration URL", "IE Proxy Config for System Account") == ""
    assert status.get("Executing Account Name", "URL Specific Proxy Config") is not None
    assert len(status.section("Diagnostic Data").fields) == 12  # type: ignore[union-attr]
    assert names(status)[-1] == "Ngc Prerequisite Check"
    assert status.section("Ngc Prerequisite Check").get("PreReqResult") == "WillNotProvision"  # type: ignore[union-attr]
    assert not any("ignored" in w or "Waiting" in w for w in status.warnings)


def test_02_old_flat_layout() -> None:
    status = parsed("02")
    assert status.layout == "flat"
    assert names(status) == ["Device State", "User State", "Ngc Prerequisite Check"]
    assert status.get("KeySignTest", "Device State") == "PASSED"
    assert status.get("SettingsUrl", "Device State") == ""
    assert status.get("AzureAdPrt", "User State") == "NO"
    assert status.get("DomainName") == "CORP"
    assert status.get("SessionIsNotRemote") == "NO"
    assert status.get("JoinSrvId") == "urn:ms-drs:enterpriseregistration.windows.net"
    assert status.warnings == []


def test_03_trailing_padding_removed() -> None:
    status = parsed("03")
    assert (status.layout, status.get("WamDefaultSet")) == ("sectioned", "ERROR")
    assert status.get("Device Name") == "lenovo-thinkpad"
    assert status.warnings == []


def test_04_repeated_diagnostic_data_sections() -> None:
    status = parsed("04")
    diagnostic = [s for s in status.sections if s.name == "Diagnostic Data"]
    assert len(diagnostic) == 3
    assert diagnostic[0].get("DRS Discovery Test") == "FAIL [0x801c0021/0x801c000c]"
    assert diagnostic[1].get("Server ErrorCode") == "DirectoryError"
    assert diagnostic[2].get("AadRecoveryEnabled") == "NO"
    assert diagnostic[2].get("KeySignTest") == "PASSED"
    assert status.get_all("Client ErrorCode") == ["0x801c0021", "0x801c03f2"]
    merged = status.sections_as_dict()["Diagnostic Data"]
    assert merged["Client ErrorCode"] == ["0x801c0021", "0x801c03f2"]
    assert status.get("WamDefaultGUID") == "{ B16898C6-A148-4967-9171-64D755DA8520 } (AzureAd)"
    assert status.get("EnterprisePrtAuthority") == (
        "https://fs.hybridadfs.nttest.microsoft.com:443/adfs"
    )
    assert status.get("LogonCertTemplateReady") == "YES ( StateReady )"


def test_05_prt_diagnostics_and_73_char_headers() -> None:
    status = parsed("05")
    assert [s.name for s in status.sections].count("Diagnostic Data") == 3
    sso = status.section("SSO State")
    assert sso is not None
    assert sso.get("Attempt Status") == "0xc000006d"
    assert [f.key for f in sso.fields if f.key.lower() == "http status"] == ["HTTP status"]
    assert sso.get("HTTP status") == "400"
    assert sso.get("Server Error Description") == (
        "AADSTS50126: Error validating credentials due to invalid username or password."
    )
    assert status.get("SettingsUrl") == "eyJVx{lots of characters}xxxx=="
    assert status.get("KerbTopLevelNames", "SSO State").endswith(".azure.net:3342")  # type: ignore[union-attr]


def test_07_italian_banner_and_work_account() -> None:
    status = parsed("07")
    assert names(status)[0] == "Device State"
    account = status.section("Work Account 1")
    assert account is not None
    assert account.get("WorkplaceTenantName") == "Almaviva SpA"
    assert account.get("WorkplaceSettingsUrl") == ""
    assert status.get("Virtual Desktop") == "NOT SET"
    assert any("outside any section" in w for w in status.warnings)


def test_10_truncated_after_tenant_details() -> None:
    status = parsed("10")
    assert names(status) == ["Device State", "Device Details", "Tenant Details"]
    assert status.get("SettingsUrl") == ""
    assert status.get("TenantName") == ""
    assert status.get("Thumbprint") == "6C226302696DF************************"


def test_14_hostname_update_fields() -> None:
    status = parsed("14")
    assert status.get("Last HostName Update", "Diagnostic Data") == "NONE"
    assert status.get("HostNameUpdated") == "YES"
    assert status.get("EnterprisePrtAuthority") == ""


def test_15_flat_dual_state() -> None:
    status = parsed("15")
    assert status.layout == "flat"
    assert status.get("WorkplaceJoined", "User State") == "YES"
    assert status.get("DomainJoined", "Device State") == "YES"
    assert status.get("AadRecoveryNeeded") == "NO"
    assert not any("system32" in key for _, key, _ in triples(status))


def test_16_sso_only_fragment_is_sectioned() -> None:
    status = parsed("16")
    assert (status.layout, names(status)) == ("sectioned", ["SSO State"])
    assert status.get("AzureAdPrtAuthority") == "https://login.microsoftonline.com/***"


def test_duplicate_keys_kept() -> None:
    status = parsed("07")
    assert status.get_all("NgcSet") == ["NO", "NO"]
    assert status.get_all("KeyProvider", "Work Account 1") == ["Microsoft Platform Crypto Provider"]


# --- variants built from the real captures -----------------------------------------------


def markdown(text: str) -> str:
    body = "\n".join("    " + line + "  " for line in text.splitlines())
    body = body.replace("\n    +---", "\n```\n\n```\n    +---", 3).lstrip()
    return "My dsregcmd output:\n\n```powershell\n" + body + "\n```\n"


def one_line(text: str) -> str:
    return " ".join(text.split())


SAME_FIELDS: dict[str, Callable[[str], str]] = {
    "crlf": lambda t: t.replace("\n", "\r\n"),
    "no-space-colon": lambda t: t.replace(" : ", ": "),
    "collapsed": lambda t: "\n".join(" ".join(line.split()) for line in t.splitlines()),
    "markdown": markdown,
    "quoted": lambda t: "\n".join("> " + line for line in t.splitlines()),
    "left-stripped": lambda t: "\n".join(line.lstrip() for line in t.splitlines()),
    "emphasis": lambda t: "\n".join(
        f"*{ln.strip()}*" if ln.strip() else "" for ln in t.split("\n")
    ),
    "bullets": lambda t: "\n".join(f"- {ln}" if ln.strip() else "" for ln in t.split("\n")),
}


@pytest.mark.parametrize("prefix", ["01", "02", "04", "05", "07", "14", "15"])
@pytest.mark.parametrize("variant", SAME_FIELDS)
def test_paste_variants_give_the_same_fields(prefix: str, variant: str) -> None:
    original = parsed(prefix)
    status = parse_dsregcmd(SAME_FIELDS[variant](text_of(prefix)))
    assert triples(status) == triples(original)
    assert status.layout == original.layout


@pytest.mark.parametrize("prefix", ["02", "04", "05", "07", "14", "15", "16"])
def test_lost_line_breaks_are_reflowed(prefix: str) -> None:
    original = parsed(prefix)
    status = parse_dsregcmd(one_line(text_of(prefix)))
    assert triples(status) == triples(original)
    assert status.layout == original.layout
    assert any("lost its line breaks" in w for w in status.warnings)


def test_one_line_paste_of_sample_01() -> None:
    status = parse_dsregcmd(one_line(text_of("01")))
    assert status.get("DomainName") == "RCMLAB"
    assert status.get("Client Time") == "2022-11-07 15:51:42.000 UTC"
    assert status.get("Client ErrorCode") == "0x801c001d"
    assert status.get("PreReqResult") == "WillNotProvision"
    assert status.get("Auto Detect PAC Status", "URL Specific Proxy Config").endswith(  # type: ignore[union-attr]
        "code: 0x80072f94"
    )


def test_brief_one_line_example() -> None:
    status = parse_dsregcmd(
        "+---+ | Device State | +---+ AzureAdJoined : YES EnterpriseJoined : NO "
        "DomainJoined : YES DomainName : CORP +---+ | User State | +---+ NgcSet : NO"
    )
    device = status.section("Device State")
    assert device is not None
    assert [(f.key, f.value) for f in device.fields] == [
        ("AzureAdJoined", "YES"),
        ("EnterpriseJoined", "NO"),
        ("DomainJoined", "YES"),
        ("DomainName", "CORP"),
    ]
    assert status.get("NgcSet", "User State") == "NO"


def test_utf16_bom_bytes_from_redirected_console() -> None:
    text = SAME_FIELDS["crlf"](text_of("01"))
    status = parse_dsregcmd(text.encode("utf-16"))
    assert triples(status) == triples(parsed("01"))
    assert status.raw_text == text


def test_utf8_bom_and_oem_bytes() -> None:
    text = text_of("07")
    assert triples(parse_dsregcmd(b"\xef\xbb\xbf" + text.encode())) == triples(parsed("07"))
    assert triples(parse_dsregcmd(text.encode("cp850"))) == triples(parsed("07"))


def test_markdown_fences_reported() -> None:
    status = parse_dsregcmd(markdown(text_of("03")))
    assert any("code fences" in w for w in status.warnings)


def test_right_aligned_2017_no_space_variant_and_keysigntest_forms() -> None:
    text = (
        "+----------------------------------------------------------------------+\n"
        "| Device State                                                         |\n"
        "+----------------------------------------------------------------------+\n"
        "\n"
        "    AzureAdJoined: YES\n"
        " EnterpriseJoined: NO\n"
        "      KeySignTest: : MUST Run elevated to test.\n"
        "  dmComplianceUrl: https://portal.manage.microsoft.com/?portalAction=Compliance\n"
        "         TenantId: 72f988bf-86f1-41af-91ab-2d7cd011db47\n"
        "     DomainJoined: YES\n"
    )
    status = parse_dsregcmd(text)
    assert status.layout == "flat"
    assert status.get("KeySignTest") == "MUST Run elevated to test."
    assert status.get("AzureAdJoined") == "YES"
    assert status.get("dmComplianceUrl") == (
        "https://portal.manage.microsoft.com/?portalAction=Compliance"
    )


def test_error_values_kept_as_printed() -> None:
    text = text_of("03").replace("WamDefaultSet : ERROR", "WamDefaultSet : ERROR (0xd0020017)")
    text += "\n| Ngc Prerequisite Check |\n                 NgcPreReq : ERROR 0xd0020017\n"
    status = parse_dsregcmd(text)
    assert status.get("WamDefaultSet") == "ERROR (0xd0020017)"
    assert status.get_all("NgcPreReq") == ["ERROR 0xd0020017"]


def test_stray_line_inside_a_box_is_reported() -> None:
    text = text_of("03").replace(
        "             WamDefaultSet : ERROR", "             WamDefaultSet : ERROR\nsome junk"
    )
    status = parse_dsregcmd(text)
    assert status.get("WamDefaultSet") == "ERROR"
    assert any("'User State'" in w and "some junk" in w for w in status.warnings)


def test_fields_without_any_header() -> None:
    status = parse_dsregcmd(
        "C:\\>dsregcmd /status\nAzureAdJoined : YES\nDomainJoined : NO\nAzureAdPrt : YES\n"
    )
    assert status.layout == "unknown"
    assert names(status) == ["Device State", "SSO State"]
    assert any("no section headers" in w for w in status.warnings)


def test_fields_before_the_first_header_are_placed_by_key() -> None:
    text = "           DomainJoined : YES\n" + text_of("16")
    status = parse_dsregcmd(text)
    assert names(status) == ["Device State", "SSO State"]
    assert status.layout == "sectioned"
    assert any("outside any section box" in w for w in status.warnings)


NOTHING_USABLE = {
    "empty": "",
    "blank": "   \n\n",
    "prose": "hello world",
    "header-only": "+------+\n| Device State |\n+------+\n",
    "prompt-only": "PS C:\\> dsregcmd /status\ndsregcmd : The term 'dsregcmd' is not recognized",
    "unknown-keys": "Name: value\nOther: thing",
}


@pytest.mark.parametrize("text", NOTHING_USABLE.values(), ids=NOTHING_USABLE.keys())
def test_nothing_usable_raises_parse_error(text: str) -> None:
    with pytest.raises(ParseError, match="no dsregcmd /status fields were found") as caught:
        parse_dsregcmd(text, source="paste")
    assert str(caught.value).startswith("paste: ")


# --- fuzzing -----------------------------------------------------------------------------

SAMPLE_TEXTS = [p.read_text(encoding="utf-8") for p in DSREG_SAMPLES]


def parse_or_error(data: bytes | str) -> None:
    try:
        status = parse_dsregcmd(data)
    except ParseError:
        return
    assert isinstance(status, DsregStatus)
    assert any(s.fields for s in status.sections)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=4000))
def test_arbitrary_bytes_never_crash(data: bytes) -> None:
    parse_or_error(data)


@settings(max_examples=200, deadline=None)
@given(st.text(st.sampled_from(list("+-|: \n\rAzureAdJoined YES>`*")) | st.characters()))
def test_arbitrary_text_never_crashes(text: str) -> None:
    parse_or_error(text)


@st.composite
def mutated_sample(draw: st.DrawFn) -> str:
    lines = draw(st.sampled_from(SAMPLE_TEXTS)).splitlines()
    for _ in range(draw(st.integers(0, 12))):
        if not lines:
            break
        index = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "insert", "change", "join"]))
        if action == "delete":
            del lines[index]
        elif action == "duplicate":
            lines.insert(index, lines[index])
        elif action == "insert":
            lines.insert(index, draw(st.text(max_size=120)))
        elif action == "join" and index + 1 < len(lines):
            lines[index : index + 2] = [lines[index] + " " + lines[index + 1]]
        elif lines[index]:
            pos = draw(st.integers(0, len(lines[index]) - 1))
            line = lines[index]
            lines[index] = line[:pos] + draw(st.characters()) + line[pos + 1 :]
    return draw(st.sampled_from(["\n", "\r\n", " ", "\r"])).join(lines)


@settings(max_examples=200, deadline=None)
@given(mutated_sample())
def test_mutated_samples_never_crash(text: str) -> None:
    parse_or_error(text)
    parse_or_error(text.encode("utf-16"))


LINE_PREFIXES: dict[str, Callable[[int], str]] = {
    "iso time": lambda n: f"2026-11-25 09:14:{n % 60:02d}.123 ",
    "iso time with offset": lambda n: f"2026-11-25T09:14:{n % 60:02d}+01:00 ",
    "bracketed clock": lambda n: f"[09:14:{n % 60:02d}] ",
    "US date and time": lambda n: f"11/25/2026 9:14:{n % 60:02d} AM ",
    "line number and colon": lambda n: f"{n}: ",
    "right-aligned line number and bar": lambda n: f"{n:4d} | ",
    "line number and tab": lambda n: f"{n}\t",
}


@pytest.mark.parametrize("name", LINE_PREFIXES)
@pytest.mark.parametrize("prefix", ["14", "02"])
def test_a_time_stamp_or_line_number_before_every_line_is_removed(name: str, prefix: str) -> None:
    lines = text_of(prefix).splitlines()
    stamp = LINE_PREFIXES[name]
    status = parse_dsregcmd("\n".join(stamp(n) + line for n, line in enumerate(lines, 1)))
    assert triples(status) == triples(parsed(prefix))
    assert status.layout == parsed(prefix).layout
    assert any("a time stamp or line number before each line" in w for w in status.warnings)


def test_numbers_at_the_start_of_a_few_lines_are_left_alone() -> None:
    text = text_of("14").replace("Device Name : Win10-Client", "Device Name : Win10-Client\n42: x")
    status = parse_dsregcmd(text)
    assert not any("line number" in w for w in status.warnings)
    assert status.get("AzureAdJoined") == "YES"
