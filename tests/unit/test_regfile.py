"""`.reg` reader: real export layouts, merging with deletions, and every damaged input."""

from __future__ import annotations

import base64
import codecs
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from esr_gui.core.models.registry import RegistryView
from esr_gui.core.parse.regfile import RegFile, merge_reg_files, parse_reg_file

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
