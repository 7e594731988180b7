"""`.reg` reader: real export layouts, merging with deletions, and every damaged input."""

from __future__ import annotations

import base64
import codecs
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from esr_gui.core.errors import ParseError
from esr_gui.core.models.registry import RegistryView
from esr_gui.core.parse.regfile import MAX_WARNINGS, RegFile, merge_reg_files, parse_reg_file

REG_DIR = Path(__file__).resolve().parent.parent / "data" / "reg"
ALL_FIXTURES = sorted(REG_DIR.glob("*.reg"))
HEADER5 = "Windows Registry Editor Version 5.00"
CV = r"HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion"
GROUPS = r"HKCU\Software\Microsoft\Windows\CurrentVersion\SettingSync\Groups"
POLICY = r"HKLM\SOFTWARE\Policies\Microsoft\Windows\SettingSync"
LOGONUI = r"HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Authentication\LogonUI"
SID = "S-1-5-21-1004336348-1177238915-682003330-1001"


def load(name: str) -> RegFile:
    return parse_reg_file((REG_DIR / name).read_bytes(), origin=name)


def view_of(*names: str, user_sid: str | None = None) -> RegistryView:
    return merge_reg_files([load(n) for n in names], user_sid=user_sid)


def data_of(view: RegistryView, path: str, name: str) -> object:
    value = view.value(path, name)
    assert value is not None, f"{path} {name!r} missing"
    return value.data


def utf16(text: str) -> bytes:
    return codecs.BOM_UTF16_LE + text.replace("\n", "\r\n").encode("utf-16-le")


def reg5(body: str) -> RegFile:
    return parse_reg_file(utf16(f"{HEADER5}\n\n{body}\n"))


def only_value(body: str) -> tuple[str, object, list[str]]:
    """Type, data and warnings of the single value of a one-key file."""
    parsed = reg5(f"[HKEY_LOCAL_MACHINE\\SOFTWARE\\Test]\n{body}")
    values = parsed.keys[0].values
    assert len(values) <= 1
    return (
        (values[0].type, values[0].data, parsed.warnings) if values else ("", None, parsed.warnings)
    )


# --- real export layouts -------------------------------------------------------------------------


def test_every_export_fixture_parses_without_warnings() -> None:
    for path in ALL_FIXTURES:
        if path.name.startswith("hand-edited"):
            continue
        parsed = parse_reg_file(path.read_bytes(), origin=path.name)
        assert parsed.warnings == [], path.name
        assert parsed.keys


def test_currentversion_1607_values_and_types() -> None:
    parsed = load("hklm-currentversion-1607.reg")
    assert parsed.format == "REGEDIT5"
    key = parsed.keys[0]
    assert key.path == CV
    expected = {
        "CurrentBuild": ("REG_SZ", "14393"),
        "UBR": ("REG_DWORD", 82),
        "ReleaseId": ("REG_SZ", "1607"),
        "ProductName": ("REG_SZ", "Windows 10 Enterprise"),
        "EditionID": ("REG_SZ", "Enterprise"),
        "SystemRoot": ("REG_SZ", "C:\\Windows"),
        "CurrentMajorVersionNumber": ("REG_DWORD", 10),
        "RegisteredOrganization": ("REG_SZ", ""),
        "PathName": ("REG_EXPAND_SZ", "C:\\Windows"),
        "ProductSuite": ("REG_MULTI_SZ", ["Terminal Server"]),
        "InstallTime": ("REG_QWORD", 0x01D1F9A3C26B8E00),
    }
    for name, (kind, data) in expected.items():
        value = key.value(name)
        assert value is not None, name
        assert (value.type, value.data) == (kind, data), name
    assert key.value("DisplayVersion") is None
    product_id = key.value("DigitalProductId")
    assert product_id is not None and product_id.type == "REG_BINARY"
    assert isinstance(product_id.data, str) and len(product_id.data) == 2 * 164
    assert product_id.data.startswith("a40000000300000030303332392d")
    assert parsed.keys[1].path == CV + r"\AdaptiveDisplayBrightness"
    assert parsed.keys[1].values == []


def test_windows_11_currentversion_has_display_version() -> None:
    view = view_of("hklm-currentversion-win11-23h2.reg")
    assert data_of(view, CV, "DisplayVersion") == "23H2"
    assert data_of(view, CV, "UBR") == 4460
    assert data_of(view, CV, "CurrentBuild") == "22631"


def test_lookups_are_case_insensitive() -> None:
    view = view_of("hklm-currentversion-1607.reg")
    lower = r"hkey_local_machine\software\microsoft\WINDOWS NT\currentversion"
    assert data_of(view, lower, "ubr") == 82
    assert view.value("hklm\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\", "CURRENTBUILD")
    assert view.has_prefix(r"HKLM\software")


def test_settingsync_groups_policy_logonui_and_tenant_info() -> None:
    view = view_of(
        "hkcu-settingsync.reg",
        "hklm-policies-settingsync.reg",
        "hklm-logonui.reg",
        "hklm-clouddomainjoin.reg",
    )
    groups = view.subkeys(GROUPS)
    assert len(groups) == 10
    disabled = [g.path.rsplit("\\", 1)[1] for g in groups if data_of(view, g.path, "Enabled") == 0]
    assert disabled == ["Personalization"]
    assert data_of(view, POLICY, "DisableSettingSync") == 2
    assert data_of(view, POLICY, "DisableSettingSyncUserOverride") == 1
    provider = view.value(LOGONUI, "LastLoggedOnProvider")
    assert provider is not None and provider.data == "{D6886603-9D2F-4EB2-B667-1971041FA96B}"
    assert data_of(view, LOGONUI, "LastLoggedOnUser") == "CONTOSO\\jdoe"
    tenants = view.subkeys(r"HKLM\SYSTEM\CurrentControlSet\Control\CloudDomainJoin\TenantInfo")
    url = tenants[0].value("UserSettingSyncUrl")
    assert url is not None and isinstance(url.data, str)
    assert json.loads(base64.b64decode(url.data))["Uris"][0] == "https://kailani.one.microsoft.com/"


def test_regedit4_ansi_text_and_single_byte_hex_strings() -> None:
    parsed = load("regedit4-ansi.reg")
    assert parsed.format == "REGEDIT4"
    assert parsed.warnings == []
    view = merge_reg_files([parsed])
    assert data_of(view, LOGONUI, "LastLoggedOnDisplayName") == "José Müller"
    temp = view.value(r"HKCU\Environment", "TEMP")
    assert temp is not None and temp.type == "REG_EXPAND_SZ"
    assert temp.data == "%USERPROFILE%\\AppData\\Local\\Temp"
    folders = view.value(r"HKCU\Environment", "Dossiers")
    assert folders is not None and folders.data == ["Café", "Bücher"]


def test_user_hive_under_hkey_users_answers_hkcu_lookups() -> None:
    view = view_of("hku-user-settingsync.reg")
    assert view.user_sids() == [SID.lower()]
    value = view.value(GROUPS + r"\Personalization", "Enabled")
    assert value is not None and value.data == 0
    assert data_of(view, GROUPS + r"\Credentials", "Enabled") == 0
    assert len(view.subkeys(GROUPS)) == 10
    explicit = view_of("hku-user-settingsync.reg", user_sid=SID)
    assert explicit.value(GROUPS + r"\Personalization", "Enabled") is not None


def test_hkcu_export_wins_over_the_user_hive_fallback() -> None:
    view = view_of("hku-user-settingsync.reg", "hkcu-settingsync.reg")
    assert data_of(view, GROUPS + r"\Credentials", "Enabled") == 1


# --- merging and deletions -----------------------------------------------------------------------


def test_fix_file_deletes_key_and_value_and_overrides() -> None:
    fix = load("fix-enable-sync.reg")
    assert fix.deleted_keys == [POLICY]
    assert fix.deleted_values == [(LOGONUI, "LastLoggedOnDisplayName")]
    view = view_of(
        "hkcu-settingsync.reg",
        "hklm-policies-settingsync.reg",
        "hklm-logonui.reg",
        "fix-enable-sync.reg",
    )
    assert view.key(POLICY) is None
    assert data_of(view, GROUPS + r"\Personalization", "Enabled") == 1
    assert view.value(LOGONUI, "LastLoggedOnDisplayName") is None
    assert view.value(LOGONUI, "LastLoggedOnProvider") is not None
    assert view.key(LOGONUI + r"\SessionData\1") is not None


def test_merge_order_matters() -> None:
    view = view_of("fix-enable-sync.reg", "hklm-policies-settingsync.reg")
    assert data_of(view, POLICY, "DisableSettingSync") == 2


def test_later_file_overrides_values_and_keeps_the_others() -> None:
    first = reg5('[HKLM\\SOFTWARE\\A]\n"x"=dword:00000001\n"y"="keep"')
    second = reg5('[HKEY_LOCAL_MACHINE\\software\\a]\n"X"=dword:00000002\n"z"="new"')
    view = merge_reg_files([first, second])
    key = view.key(r"HKLM\SOFTWARE\A")
    assert key is not None
    assert {v.name.lower(): v.data for v in key.values} == {"x": 2, "y": "keep", "z": "new"}


def test_key_deletion_removes_subkeys_only_below_it() -> None:
    first = reg5("[HKLM\\SOFTWARE\\A]\n[HKLM\\SOFTWARE\\A\\B]\n[HKLM\\SOFTWARE\\AB]\n")
    view = merge_reg_files([first, reg5("[-HKLM\\Software\\a]")])
    assert sorted(view.keys) == ["hklm\\software\\ab"]


def test_a_key_appearing_twice_merges_in_its_first_place() -> None:
    parsed = reg5('[HKLM\\S\\A]\n"x"="1"\n"y"="1"\n[HKLM\\S\\B]\n[hklm\\s\\a]\n"X"="2"')
    assert [k.path for k in parsed.keys] == [r"HKLM\S\A", r"HKLM\S\B"]
    assert [(v.name, v.data) for v in parsed.keys[0].values] == [("X", "2"), ("y", "1")]


def test_deletion_then_recreation_in_one_file() -> None:
    parsed = reg5('[-HKLM\\S\\A]\n[HKLM\\S\\A]\n"x"="new"')
    old = reg5('[HKLM\\S\\A]\n"old"="gone"\n[HKLM\\S\\A\\Sub]')
    view = merge_reg_files([old, parsed])
    assert view.key(r"HKLM\S\A\Sub") is None
    recreated = view.key(r"HKLM\S\A")
    assert recreated is not None and [v.name for v in recreated.values] == ["x"]


def test_setting_then_deleting_in_one_file() -> None:
    parsed = reg5('[HKLM\\S\\A]\n"x"="1"\n"x"=-\n[HKLM\\S\\B\\C]\n[-HKLM\\S\\B]')
    assert [k.path for k in parsed.keys] == [r"HKLM\S\A"]
    assert parsed.keys[0].values == []
    assert parsed.deleted_values == [(r"HKLM\S\A", "x")]
    assert parsed.deleted_keys == [r"HKLM\S\B"]


def test_default_value_deletion_and_merge_of_hand_built_regfile() -> None:
    parsed = reg5('[HKLM\\S\\A]\n@="default"\n[HKLM\\S\\A]\n@=-')
    assert parsed.keys[0].values == []
    stray = RegFile(format="REGEDIT5", deleted_keys=["NOHIVE\\x"], deleted_values=[("bad", "x")])
    assert merge_reg_files([parsed, stray]).key(r"HKLM\S\A") is not None


# --- encodings and line ends ---------------------------------------------------------------------


def _currentversion_text() -> str:
    return (REG_DIR / "hklm-currentversion-1607.reg").read_bytes().decode("utf-16")


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("utf-8"),
        lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
        lambda t: t.replace("\r\n", "\n").encode("utf-8"),
        lambda t: t.encode("utf-16-le"),
        lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
        lambda t: t.replace("\r\n", "\r").encode("utf-8"),
    ],
    ids=["utf8", "utf8-bom", "utf8-lf", "utf16le-no-bom", "utf16be-bom", "cr-only"],
)
def test_re_saved_exports_give_the_same_keys(encode: Callable[[str], bytes]) -> None:
    reference = load("hklm-currentversion-1607.reg")
    parsed = parse_reg_file(encode(_currentversion_text()))
    assert parsed.keys == reference.keys
    assert parsed.warnings == []


def test_regedit4_accepts_utf8_resave_and_bad_cp1252_bytes() -> None:
    text = (REG_DIR / "regedit4-ansi.reg").read_bytes().decode("cp1252")
    assert parse_reg_file(text.encode("utf-8")).keys == load("regedit4-ansi.reg").keys
    parsed = parse_reg_file(b'REGEDIT4\r\n\r\n[HKLM\\S]\r\n"x"="\x81\x8d\xe9"\r\n')
    assert parsed.keys[0].values[0].data == "\ufffd\ufffdé"


# --- odd input: the hand-edited fixture ----------------------------------------------------------


def test_hand_edited_file_keeps_what_it_can() -> None:
    parsed = load("hand-edited-utf8-lf.reg")
    view = merge_reg_files([parsed])
    assert data_of(view, POLICY, "DisableSettingSync") == 2
    assert data_of(view, POLICY, "DisableWebBrowserSettingSync") == 2
    assert data_of(view, POLICY, "weird=name]") == "a value whose name holds = and ]"
    assert data_of(view, POLICY, 'Quoted "name"') == "C:\\Program Files\\Contoso\\"
    assert data_of(view, POLICY, "") == "default ☃ value"
    creds = view.key(GROUPS + r"\Credentials")
    assert creds is not None
    kept = {v.name: (v.type, v.data) for v in creds.values}
    assert kept == {
        "Enabled": ("REG_DWORD", 0),
        "OddHex": ("REG_BINARY", "01,2,03"),
        "ShortQword": ("REG_TYPE_b", "010203"),
        "OddWide": ("REG_TYPE_2", "410042"),
        "Resource": ("REG_TYPE_8", "000102030405"),
        "Truncated": ("REG_BINARY", "0a0b"),
    }
    assert len(view.keys) == 2


def test_hand_edited_file_warnings_name_the_line_and_the_problem() -> None:
    warnings = "\n".join(load("hand-edited-utf8-lf.reg").warnings)
    for expected in [
        "line 3: value 'Orphan' skipped because it comes before any [key] line",
        "line 15: value 'OddHex': malformed hex bytes",
        "line 16: value 'ShortQword': 3 bytes where 8 are needed for REG_QWORD",
        "line 17: value 'OddWide': an odd number of bytes",
        "line 21: hex data ends with '\\' but no continuation line follows",
        "line 23: [HKEY_BOGUS_HIVE\\Software\\Contoso] is not under HKEY_LOCAL_MACHINE",
        "line 26: key line without a closing ']'",
        "line 29: neither a key nor a value line, ignored: this line is not a value",
    ]:
        assert expected in warnings
    assert "Ignored" not in warnings


# --- odd input: one value at a time --------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "kind", "data"),
    [
        ('"v"=hex(0):', "REG_NONE", ""),
        ('"v"=hex(0):01,02', "REG_NONE", "0102"),
        ('"v"=hex(1):41,00,42,00,00,00', "REG_SZ", "AB"),
        ('"v"=hex(2):', "REG_EXPAND_SZ", ""),
        ('"v"=hex(3):FF,0A', "REG_BINARY", "ff0a"),
        ('"v"=hex:', "REG_BINARY", ""),
        ('"v"=HEX:01, 02 ,03', "REG_BINARY", "010203"),
        ('"v"=hex(4):2a,00,00,00', "REG_DWORD", 42),
        ('"v"=hex(5):00,00,00,2a', "REG_DWORD_BIG_ENDIAN", 42),
        ('"v"=hex(7):00,00', "REG_MULTI_SZ", []),
        ('"v"=hex(7):', "REG_MULTI_SZ", []),
        ('"v"=hex(7):61,00,00,00,00,00,62,00,00,00,00,00', "REG_MULTI_SZ", ["a", "", "b"]),
        ('"v"=hex(b):ff,ff,ff,ff,ff,ff,ff,ff', "REG_QWORD", 2**64 - 1),
        ('"v"=hex(a):01', "REG_TYPE_a", "01"),
        ('"v"=hex(0000000b):01,00,00,00,00,00,00,00', "REG_QWORD", 1),
        ('"v"=hex(ffffffff):', "REG_TYPE_ffffffff", ""),
        ('"v"=dword:FFFFFFFF', "REG_DWORD", 0xFFFFFFFF),
        ('"v"=dword:1', "REG_DWORD", 1),
        ('"v"=""', "REG_SZ", ""),
        ('"v"="a\\nb\\\\c\\"d"', "REG_SZ", 'a\\nb\\c"d'),
        ('"v"="C:\\\\"', "REG_SZ", "C:\\"),
        ('  "v"  =  "spaced"  ', "REG_SZ", "spaced"),
        ('"v"="x" ; a comment', "REG_SZ", "x"),
        ('"v"=hex(2):41,00,00,00,42,00', "REG_EXPAND_SZ", "A"),
    ],
)
def test_value_forms(line: str, kind: str, data: object) -> None:
    got_kind, got_data, warnings = only_value(line)
    assert (got_kind, got_data) == (kind, data)
    assert warnings == []


@pytest.mark.parametrize(
    ("line", "kind", "warning"),
    [
        ('"v"=dword:123456789', "", "dword data must be 1 to 8 hex digits"),
        ('"v"=dword:zz', "", "dword data must be 1 to 8 hex digits"),
        ('"v"=hex(zz):01', "", "hex type must be written"),
        ('"v"=hex(100000000):01', "", "hex type must be written"),
        ('"v"=hex(2', "", "hex type must be written"),
        ('"v"=hex(4):01,02', "REG_TYPE_4", "2 bytes where 4 are needed"),
        ('"v"=hex(7):61,00,00', "REG_TYPE_7", "odd number of bytes"),
        ('"v"=hex:012,3', "REG_BINARY", "malformed hex bytes"),
        ('"v"=hex:0g', "REG_BINARY", "malformed hex bytes"),
        ('"v"=hex:01,,02', "REG_BINARY", "malformed hex bytes"),
        ('"v"=word:1', "", "unknown data form"),
        ('"v"=', "", "unknown data form"),
        ('"v"="open', "REG_SZ", "no closing quote"),
        ('"v"="x" tail', "REG_SZ", "text after the closing quote ignored: tail"),
    ],
)
def test_damaged_values_warn(line: str, kind: str, warning: str) -> None:
    got_kind, _, warnings = only_value(line)
    assert got_kind == kind
    assert len(warnings) == 1 and warning in warnings[0]


@pytest.mark.parametrize(
    "line", ['"unclosed name=1', "@ novalue", '"name" "x"', "name=1", "=", '"a\\"=1']
)
def test_lines_that_are_not_values_are_ignored(line: str) -> None:
    got_kind, _, warnings = only_value(line)
    assert got_kind == ""
    assert "neither a key nor a value line" in warnings[0]


def test_key_line_forms() -> None:
    parsed = reg5(
        "[HKCU\\Software\\Odd]Name]   \n"
        "[HKEY_CLASSES_ROOT\\.reg]\n"
        "[HKEY_CURRENT_CONFIG\\System]\n"
        "[HKEY_USERS\\.DEFAULT\\\\Software\\]\n"
        "[HKEY_LOCAL_MACHINE]\n"
        "[]\n"
        "[-]\n"
    )
    assert [k.path for k in parsed.keys] == [
        r"HKCU\Software\Odd]Name",
        r"HKCR\.reg",
        r"HKCC\System",
        r"HKU\.DEFAULT\Software",
        "HKLM",
    ]
    assert len(parsed.warnings) == 2


def test_values_after_a_key_deletion_are_skipped() -> None:
    parsed = reg5('[-HKLM\\S\\A]\n"x"="1"')
    assert parsed.keys == []
    assert "follows a [-key] deletion" in parsed.warnings[0]


def test_warnings_are_capped() -> None:
    parsed = reg5("[HKLM\\S]\n" + "junk\n" * (MAX_WARNINGS + 50))
    assert len(parsed.warnings) == MAX_WARNINGS + 1
    assert parsed.warnings[-1] == "50 more warnings not shown"


# --- refusals ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\r\n  \r\n",
        codecs.BOM_UTF16_LE,
        b"\x89PNG\r\n\x1a\n\x00\x00",
        b"+------------------------------------------+\r\n| Device State |",
        b"[HKEY_LOCAL_MACHINE\\SOFTWARE]\r\n",
        b"REGEDIT5\r\n",
    ],
)
def test_non_reg_files_raise_parse_error(data: bytes) -> None:
    with pytest.raises(ParseError) as caught:
        parse_reg_file(data, origin="registry/x.reg")
    message = str(caught.value)
    assert message.startswith("registry/x.reg: ")
    assert "empty" in message or "header is missing" in message


def test_header_tolerates_case_blank_lines_and_spacing() -> None:
    assert parse_reg_file(b"\r\n  windows registry editor  VERSION 5.00  \r\n").format == "REGEDIT5"
    assert parse_reg_file(b"regedit4").format == "REGEDIT4"


# --- never another exception ---------------------------------------------------------------------


def _parse_or_refuse(data: bytes) -> None:
    try:
        result = parse_reg_file(data, origin="fuzz")
    except ParseError:
        return
    assert isinstance(result, RegFile)
    merge_reg_files([result])


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes(data: bytes) -> None:
    _parse_or_refuse(data)


_REG_ALPHABET = st.sampled_from(list('[]"\\@=-;:,()hexdword0123456789abfHKLM\r\n \t\x00é☃'))


@settings(max_examples=200, deadline=None)
@given(st.text(_REG_ALPHABET, max_size=400), st.sampled_from(["utf-16", "utf-8", "cp1252"]))
def test_arbitrary_text_after_a_valid_header(body: str, encoding: str) -> None:
    header = "REGEDIT4" if encoding == "cp1252" else HEADER5
    _parse_or_refuse(f"{header}\r\n{body}".encode(encoding, errors="replace"))


@st.composite
def mutated_fixture(draw: st.DrawFn) -> bytes:
    path = draw(st.sampled_from(ALL_FIXTURES))
    raw = path.read_bytes()
    text = (
        raw.decode("cp1252") if path.name.startswith("regedit4") else raw.decode("utf-8", "replace")
    )
    if raw.startswith(codecs.BOM_UTF16_LE):
        text = raw.decode("utf-16")
    lines = text.split("\n")
    for _ in range(draw(st.integers(0, 6))):
        op = draw(st.sampled_from(["delete", "change", "duplicate", "insert"]))
        at = draw(st.integers(0, max(len(lines) - 1, 0)))
        if op == "delete" and lines:
            del lines[at]
        elif op == "duplicate" and lines:
            lines.insert(at, lines[at])
        elif op == "insert":
            lines.insert(at, draw(st.text(_REG_ALPHABET, max_size=30)))
        elif lines and lines[at]:
            col = draw(st.integers(0, len(lines[at]) - 1))
            lines[at] = lines[at][:col] + draw(_REG_ALPHABET) + lines[at][col + 1 :]
    encoded = "\n".join(lines).encode(draw(st.sampled_from(["utf-16", "utf-8"])), "surrogatepass")
    return encoded[: draw(st.integers(0, len(encoded)))] if draw(st.booleans()) else encoded


@settings(max_examples=200, deadline=None)
@given(mutated_fixture())
def test_mutated_fixtures(data: bytes) -> None:
    _parse_or_refuse(data)
