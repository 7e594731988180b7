"""winreg → `.reg` bytes with a fake winreg module: layout, types, missing and denied keys."""

from __future__ import annotations

import codecs

import pytest

from esr_gui.core.parse.regfile import parse_reg_file
from esr_gui.platform.host import ProbeError
from esr_gui.platform.windows.registry import KEY_WOW64_64KEY, RegistryReader, key_write_time
from tests.platform.fakes import FakeWinreg

SYNC = "Software\\Microsoft\\Windows\\CurrentVersion\\SettingSync"
SID = "S-1-5-21-1111111111-2222222222-3333333333-1001"


@pytest.fixture
def winreg() -> FakeWinreg:
    reg = FakeWinreg()
    cv = reg.key("HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion")
    cv.values += [
        ("CurrentBuild", "19045", 1),
        ("UBR", 5247, 4),
        ("DisplayVersion", "22H2", 1),
        ("PathName", "%SystemRoot%", 2),
        ("Big", 2**40, 11),
        ("Blob", b"\x01\x02\xff", 3),
        ("List", ["a", "b"], 7),
        ("Nothing", None, 0),
        ("", "default value", 1),
    ]
    user = reg.key(f"HKU\\{SID}\\{SYNC}")
    user.values.append(("SyncPolicy", 5, 4))
    reg.key(f"HKU\\{SID}\\{SYNC}\\Groups\\Personalization").values.append(("Enabled", 1, 4))
    reg.key(f"HKU\\{SID}\\{SYNC}\\Groups\\Credentials").values.append(("Enabled", 0, 4))
    reg.key("HKLM\\SYSTEM\\Secret").denied = True
    reg.key(f"HKU\\{SID}\\{SYNC}\\Groups\\Locked").denied = True
    return reg


def test_export_is_reg_export_layout_and_reads_back(winreg: FakeWinreg) -> None:
    data = RegistryReader(winreg).export(
        "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion", recursive=False
    )
    assert data.startswith(
        codecs.BOM_UTF16_LE + "Windows Registry Editor Version 5.00\r\n".encode("utf-16-le")
    )
    text = data.decode("utf-16")
    assert "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion]\r\n" in text
    assert '"UBR"=dword:0000147f\r\n' in text
    assert '@="default value"' in text
    key = parse_reg_file(data, "cv.reg").keys[0]
    assert key.value("CurrentBuild").data == "19045"
    assert key.value("UBR").data == 5247
    assert (
        key.value("PathName").type == "REG_EXPAND_SZ"
        and key.value("PathName").data == "%SystemRoot%"
    )
    assert key.value("Big").data == 2**40
    assert key.value("Blob").data == "0102ff"
    assert key.value("List").data == ["a", "b"]
    assert all(access & KEY_WOW64_64KEY for _, access in winreg.opened)


def test_user_hive_through_hkey_users_keeps_the_sid_path_and_skips_denied_subkeys(
    winreg: FakeWinreg,
) -> None:
    data = RegistryReader(winreg).export(f"HKU\\{SID}\\{SYNC}", recursive=True)
    keys = parse_reg_file(data, "user.reg").keys
    assert [k.path for k in keys] == [
        f"HKU\\{SID}\\{SYNC}",
        f"HKU\\{SID}\\{SYNC}\\Groups",
        f"HKU\\{SID}\\{SYNC}\\Groups\\Personalization",
        f"HKU\\{SID}\\{SYNC}\\Groups\\Credentials",
    ]
    assert f"[HKEY_USERS\\{SID}\\{SYNC}]" in data.decode("utf-16")


def test_missing_key_is_not_found(winreg: FakeWinreg) -> None:
    with pytest.raises(ProbeError) as info:
        RegistryReader(winreg).export(
            "HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\SettingSync", recursive=True
        )
    assert info.value.kind == "not-found"
    assert "does not exist" in info.value.message


def test_denied_key_needs_administrator(winreg: FakeWinreg) -> None:
    with pytest.raises(ProbeError) as info:
        RegistryReader(winreg).export("HKLM\\SYSTEM\\Secret", recursive=False)
    assert info.value.kind == "access-denied"
    assert info.value.message == "reading HKLM\\SYSTEM\\Secret needs administrator rights"


def test_not_a_key_path_and_no_winreg() -> None:
    with pytest.raises(ProbeError) as info:
        RegistryReader(FakeWinreg()).export("SOFTWARE\\x", recursive=False)
    assert info.value.kind == "error"
    reader = RegistryReader()
    try:
        import winreg  # noqa: F401
    except ImportError:
        with pytest.raises(ProbeError) as info:
            reader.export("HKLM\\SOFTWARE", recursive=False)
        assert info.value.kind == "unavailable"


def test_key_write_time(winreg: FakeWinreg) -> None:
    winreg.key(f"HKU\\{SID}\\Volatile Environment").write_time = 133_000_000_000_000_000
    reader = RegistryReader(winreg)
    assert key_write_time(reader, f"HKU\\{SID}\\Volatile Environment") == 133_000_000_000_000_000
    assert key_write_time(reader, "HKU\\S-1-5-21-9\\Volatile Environment") is None
