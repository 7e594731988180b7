"""`.reg` writer: byte-exact `reg export` layout, regedit's hex wrapping, and round trips."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from esr_gui.core.models.registry import RegistryView, RegKey, RegValue, key_id
from esr_gui.core.parse.regfile import merge_reg_files, parse_reg_file
from esr_gui.core.parse.regfile_types import raw_type_name, reg_type_name, reg_type_number
from esr_gui.core.parse.regfile_write import format_reg_file, format_value, full_key_path

REG_DIR = Path(__file__).resolve().parent.parent / "data" / "reg"
EXPORT_FIXTURES = sorted(
    p for p in REG_DIR.glob("*.reg") if not p.name.startswith(("hand-edited", "fix-", "regedit4"))
)


def text_of(data: bytes) -> str:
    assert data.startswith(codecs.BOM_UTF16_LE)
    return data[2:].decode("utf-16-le")


def round_trip(keys: list[RegKey]) -> RegistryView:
    return merge_reg_files([parse_reg_file(format_reg_file(keys))])


def value(kind: str, data: str | int | list[str], name: str = "v") -> RegValue:
    return RegValue(name=name, type=kind, data=data)


# --- byte-exact layout ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", EXPORT_FIXTURES, ids=lambda p: p.name)
def test_rewriting_an_export_gives_the_same_bytes(path: Path) -> None:
    original = path.read_bytes()
    assert format_reg_file(parse_reg_file(original).keys) == original


def test_layout_header_blank_lines_and_crlf() -> None:
    keys = [
        RegKey(path=r"HKLM\SOFTWARE\A", values=[value("REG_SZ", "x")]),
        RegKey(path=r"HKCU\Software\B"),
    ]
    assert text_of(format_reg_file(keys)) == (
        "Windows Registry Editor Version 5.00\r\n"
        "\r\n"
        "[HKEY_LOCAL_MACHINE\\SOFTWARE\\A]\r\n"
        '"v"="x"\r\n'
        "\r\n"
        "[HKEY_CURRENT_USER\\Software\\B]\r\n"
        "\r\n"
    )
    assert text_of(format_reg_file([])) == "Windows Registry Editor Version 5.00\r\n\r\n"


@pytest.mark.parametrize(
    ("path", "full"),
    [
        (r"HKLM\SOFTWARE\x", r"HKEY_LOCAL_MACHINE\SOFTWARE\x"),
        (r"HKEY_CURRENT_USER\Software", r"HKEY_CURRENT_USER\Software"),
        (r"hku\S-1-5-21-1\Software\\", r"HKEY_USERS\S-1-5-21-1\Software"),
        (r"HKCR\.reg", r"HKEY_CLASSES_ROOT\.reg"),
        ("HKCC", "HKEY_CURRENT_CONFIG"),
    ],
)
def test_full_hive_names(path: str, full: str) -> None:
    assert full_key_path(path) == full


@pytest.mark.parametrize(
    ("val", "line"),
    [
        (value("REG_SZ", "", name=""), '@=""'),
        (value("REG_SZ", 'say "hi" C:\\x\\'), '"v"="say \\"hi\\" C:\\\\x\\\\"'),
        (value("REG_SZ", "x", name='a"b\\c'), '"a\\"b\\\\c"="x"'),
        (value("REG_DWORD", 42), '"v"=dword:0000002a'),
        (value("REG_DWORD", -1), '"v"=dword:ffffffff'),
        (value("REG_DWORD", "7"), '"v"=dword:00000007'),
        (value("REG_QWORD", 42), '"v"=hex(b):2a,00,00,00,00,00,00,00'),
        (value("REG_DWORD_BIG_ENDIAN", 42), '"v"=hex(5):00,00,00,2a'),
        (value("REG_EXPAND_SZ", ""), '"v"=hex(2):00,00'),
        (value("REG_MULTI_SZ", []), '"v"=hex(7):00,00'),
        (value("REG_MULTI_SZ", ["a", "b"]), '"v"=hex(7):61,00,00,00,62,00,00,00,00,00'),
        (value("REG_BINARY", ""), '"v"=hex:'),
        (value("REG_BINARY", "01,AB cd"), '"v"=hex:01,ab,cd'),
        (value("REG_NONE", ""), '"v"=hex(0):'),
        (value("REG_TYPE_a", "0102"), '"v"=hex(a):01,02'),
        (value("REG_RESOURCE_LIST", "ff"), '"v"=hex(8):ff'),
        (value("REG_SZ", "a\r\nb"), '"v"=hex(1):61,00,0d,00,0a,00,62,00,00,00'),
        (value("REG_SZ", "cut\0here"), '"v"="cut"'),
    ],
)
def test_value_lines(val: RegValue, line: str) -> None:
    assert format_value(val) == line


def test_hex_wrapping_matches_known_windows_exports() -> None:
    """Lines as Windows exports them for its default CrashControl and RasAuto values."""
    dump = value("REG_EXPAND_SZ", "%SystemRoot%\\MEMORY.DMP", name="DumpFile")
    assert format_value(dump) == (
        '"DumpFile"=hex(2):25,00,53,00,79,00,73,00,74,00,65,00,6d,00,52,00,6f,00,6f,00,\\\r\n'
        "  74,00,25,00,5c,00,4d,00,45,00,4d,00,4f,00,52,00,59,00,2e,00,44,00,4d,00,50,\\\r\n"
        "  00,00,00"
    )
    mini = value("REG_EXPAND_SZ", "%SystemRoot%\\Minidump", name="MinidumpDir")
    assert format_value(mini) == (
        '"MinidumpDir"=hex(2):25,00,53,00,79,00,73,00,74,00,65,00,6d,00,52,00,6f,00,6f,\\\r\n'
        "  00,74,00,25,00,5c,00,4d,00,69,00,6e,00,69,00,64,00,75,00,6d,00,70,00,00,00"
    )


@pytest.mark.parametrize("name", ["", "x", "DigitalProductId", "n" * 40, "€" * 70, "𝄞" * 10])
def test_long_binary_lines_stay_within_80_characters(name: str) -> None:
    line = format_value(value("REG_BINARY", bytes(range(256)).hex() * 2, name=name))
    first, *rest = line.split("\r\n")
    assert all(part.endswith(",\\") for part in [first, *rest[:-1]])
    assert all(part.startswith("  ") and len(part) <= 80 for part in rest)
    if len(name) < 60:
        assert len(first) <= 80
    assert rest and all(len(part) == 78 for part in rest[:-1])


def test_writing_rejects_what_cannot_be_written() -> None:
    bad = [
        value("REG_WHATEVER", "x"),
        value("REG_DWORD", "not a number"),
        value("REG_DWORD", 2**32),
        value("REG_QWORD", -(2**64)),
        value("REG_SZ", 5),
        value("REG_EXPAND_SZ", ["x"]),
        value("REG_MULTI_SZ", "x"),
        value("REG_BINARY", "xyz"),
        value("REG_BINARY", 3),
        value("REG_TYPE_100000000", ""),
    ]
    for val in bad:
        with pytest.raises(ValueError, match="value 'v'"):
            format_value(val)
    with pytest.raises(ValueError):
        format_reg_file([RegKey(path=r"HKEY_NOWHERE\x")])


def test_type_name_helpers() -> None:
    assert [reg_type_name(n) for n in (0, 1, 2, 3, 4, 5, 7, 11, 6, 10)] == [
        "REG_NONE",
        "REG_SZ",
        "REG_EXPAND_SZ",
        "REG_BINARY",
        "REG_DWORD",
        "REG_DWORD_BIG_ENDIAN",
        "REG_MULTI_SZ",
        "REG_QWORD",
        "REG_TYPE_6",
        "REG_TYPE_a",
    ]
    assert raw_type_name(4) == "REG_TYPE_4"
    assert raw_type_name(3) == "REG_BINARY"
    assert reg_type_number("reg_type_A") == 10
    assert reg_type_number("REG_LINK") == 6
    assert reg_type_number("REG_TYPE_") is None
    assert reg_type_number("REG_TYPE_xyz") is None


# --- round trips ---------------------------------------------------------------------------------


def test_round_trip_of_every_type() -> None:
    values = [
        value("REG_SZ", "", name=""),
        value("REG_SZ", 'Ünïcödé ☃ 𝄞 "quoted" back\\slash\\', name="Nàme ☃"),
        value("REG_SZ", "line1\r\nline2\n", name="multiline"),
        value("REG_EXPAND_SZ", "%SystemRoot%\\system32", name="expand"),
        value("REG_EXPAND_SZ", "", name="expand-empty"),
        value("REG_MULTI_SZ", [], name="multi-empty"),
        value("REG_MULTI_SZ", ["Café", "Bücher", "x" * 200], name="multi"),
        value("REG_DWORD", 0xFFFFFFFF, name="dword"),
        value("REG_DWORD_BIG_ENDIAN", 0x01020304, name="big"),
        value("REG_QWORD", 2**64 - 1, name="qword"),
        value("REG_BINARY", "", name="bin-empty"),
        value("REG_BINARY", bytes(range(256)).hex() * 4, name="bin-long"),
        value("REG_NONE", "00ff", name="none"),
        value("REG_TYPE_a", "abcdef", name="other"),
        value("REG_SZ", "x", name="=]["),
    ]
    key = RegKey(path=r"HKEY_USERS\S-1-5-21-1\Software\Ünï ☃\Odd]Name", values=values)
    parsed = parse_reg_file(format_reg_file([key]))
    assert parsed.warnings == []
    assert parsed.keys == [RegKey(path=r"HKU\S-1-5-21-1\Software\Ünï ☃\Odd]Name", values=values)]


def test_round_trip_of_the_fixtures_through_the_view() -> None:
    for path in sorted(REG_DIR.glob("*.reg")):
        if path.name.startswith("hand-edited"):
            continue
        original = merge_reg_files([parse_reg_file(path.read_bytes())])
        rewritten = round_trip(list(original.keys.values()))
        assert rewritten.keys == original.keys, path.name


_TEXT = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\0"), max_size=40)
_NAME = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\0\r\n"), max_size=20)
_SEGMENT = st.text(
    st.characters(exclude_categories=["Cs", "Cc", "Zs", "Zl", "Zp"], exclude_characters="\\"),
    min_size=1,
    max_size=12,
)
_HEX = st.binary(max_size=300).map(bytes.hex)


def _data_for(kind: str) -> st.SearchStrategy[str | int | list[str]]:
    strategies: dict[str, st.SearchStrategy[str | int | list[str]]] = {
        "REG_SZ": _TEXT,
        "REG_EXPAND_SZ": _TEXT,
        "REG_MULTI_SZ": st.lists(_TEXT.filter(bool), max_size=5),
        "REG_DWORD": st.integers(0, 2**32 - 1),
        "REG_DWORD_BIG_ENDIAN": st.integers(0, 2**32 - 1),
        "REG_QWORD": st.integers(0, 2**64 - 1),
    }
    return strategies.get(kind, _HEX)


@st.composite
def reg_values(draw: st.DrawFn) -> RegValue:
    kind = draw(
        st.sampled_from(
            [
                "REG_SZ",
                "REG_EXPAND_SZ",
                "REG_MULTI_SZ",
                "REG_DWORD",
                "REG_DWORD_BIG_ENDIAN",
                "REG_QWORD",
                "REG_BINARY",
                "REG_NONE",
                "REG_TYPE_6",
                "REG_TYPE_a",
                "REG_TYPE_ffff",
            ]
        )
    )
    return RegValue(name=draw(_NAME), type=kind, data=draw(_data_for(kind)))


@st.composite
def reg_keys(draw: st.DrawFn) -> RegKey:
    hive = draw(st.sampled_from(["HKLM", "HKEY_CURRENT_USER", "HKU", "HKCR", "HKCC"]))
    segments = draw(st.lists(_SEGMENT, max_size=4))
    values = draw(st.lists(reg_values(), max_size=6, unique_by=lambda v: v.name.lower()))
    return RegKey(path="\\".join([hive, *segments]), values=values)


@settings(max_examples=200, deadline=None)
@given(st.lists(reg_keys(), max_size=5, unique_by=lambda k: key_id(k.path)))
def test_round_trip_property(keys: list[RegKey]) -> None:
    parsed = parse_reg_file(format_reg_file(keys))
    assert parsed.warnings == []
    assert [(key_id(k.path), k.values) for k in parsed.keys] == [
        (key_id(k.path), k.values) for k in keys
    ]
