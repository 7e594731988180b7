"""A headerless dsregcmd transcript: prose around the fields is skipped and reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from esr_gui.core.errors import ParseError
from esr_gui.core.models.dsreg import DsregStatus
from esr_gui.core.parse.dsregcmd import parse_dsregcmd

REAL = Path(__file__).resolve().parents[1] / "data" / "realworld" / "dsregcmd"
WS01 = REAL / "ws01-headerless-prt-aadsts90002-unverified-earthlocal-com.txt"
M365 = REAL / "m365-setup-docstring-headerless-runtogether-in-prose.txt"
# Real prose lines from a public PRT write-up (https://cloudknuckle.com/?p=42), as published.
KNUCKLE_PROSE = (
    "Source: Entra Connect Scheduler\n"
    "To force an immediate sync, run this on the Entra Connect server:\n"
    "Import-Module ADSync\n"
    "Start-ADSyncSyncCycle -PolicyType Delta\n"
    "Sources: Understanding PRT · Token Protection\n"
)


def keys(status: DsregStatus) -> list[str]:
    return [f.key for s in status.sections for f in s.fields]


def skipped_warning(status: DsregStatus) -> str:
    found = [w for w in status.warnings if w.startswith("skipped ")]
    assert len(found) == 1, status.warnings
    return found[0]


def test_prose_after_headerless_fields_is_not_taken_as_fields() -> None:
    text = WS01.read_text(encoding="utf-8") + "\n" + KNUCKLE_PROSE
    status = parse_dsregcmd(text)
    assert keys(status) == [
        "AzureAdPrt",
        "Attempt Status",
        "Server Error Code",
        "Server Error Description",
    ]
    warning = skipped_warning(status)
    assert warning.startswith("skipped 5 line(s)")
    assert "'Source: Entra Connect Scheduler'" in warning
    assert "and 2 more" in warning


def test_real_headerless_line_inside_prose_keeps_only_its_four_fields() -> None:
    status = parse_dsregcmd(M365.read_bytes())
    assert [(f.key, f.value) for s in status.sections for f in s.fields] == [
        ("AzureAdJoined", "NO"),
        ("AzureAdPrt", "NO"),
        ("DomainJoined", "YES"),
        ("WorkplaceJoined", "YES"),
    ]
    warning = skipped_warning(status)
    assert warning.startswith("skipped 8 line(s)")
    assert "line 2: 'this:'" in warning


def test_the_real_headerless_capture_alone_skips_nothing() -> None:
    status = parse_dsregcmd(WS01.read_bytes())
    assert len(keys(status)) == 4
    assert not any(w.startswith("skipped ") for w in status.warnings)


@pytest.mark.parametrize(
    "line",
    ["    SomeNewFlag : YES", "  Future Field Name : 0x0", "           AzureAdPrt: YES"],
)
def test_a_plausible_or_known_key_is_still_a_field(line: str) -> None:
    status = parse_dsregcmd("AzureAdJoined : YES\n" + line + "\n")
    assert len(keys(status)) == 2


@pytest.mark.parametrize(
    "line",
    [
        "Update: rebooted, same result.",
        "Error details : the event log says nothing useful",
        "Thanks in advance, Regards : John",
        "Note : see above",
    ],
)
def test_prose_with_a_colon_is_skipped(line: str) -> None:
    status = parse_dsregcmd("AzureAdJoined : YES\n" + line + "\n")
    assert keys(status) == ["AzureAdJoined"]
    assert line.split(":", maxsplit=1)[0].strip() in skipped_warning(status)


def test_the_examples_are_bounded_but_the_count_is_not() -> None:
    prose = "".join(f"Remark number {n}: nothing here\n" for n in range(40))
    status = parse_dsregcmd("AzureAdPrt : NO\n" + prose)
    warning = skipped_warning(status)
    assert warning.startswith("skipped 40 line(s)")
    assert warning.count("Remark number") == 3
    assert "and 37 more" in warning


def test_prose_only_is_no_dsregcmd_text() -> None:
    with pytest.raises(ParseError, match="no dsregcmd /status fields"):
        parse_dsregcmd(KNUCKLE_PROSE)


def test_under_a_box_header_every_key_value_line_is_still_a_field() -> None:
    text = (
        "+----------------------------------------------------------------------+\n"
        "| SSO State                                                            |\n"
        "+----------------------------------------------------------------------+\n"
        "                AzureAdPrt : NO\n"
        "           Odd lower key: x\n"
    )
    assert keys(parse_dsregcmd(text)) == ["AzureAdPrt", "Odd lower key"]
