"""`.reg` reader on damaged and hostile input: warnings, refusals, and never a crash."""

from __future__ import annotations

import codecs
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
GROUPS = r"HKCU\Software\Microsoft\Windows\CurrentVersion\SettingSync\Groups"
POLICY = r"HKLM\SOFTWARE\Policies\Microsoft\Windows\SettingSync"


def load(name: str) -> RegFile:
    return parse_reg_file((REG_DIR / name).read_bytes(), origin=name)


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
