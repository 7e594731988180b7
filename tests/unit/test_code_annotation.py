"""A code shows its name and meaning beside it, from the one code table, in any spelling."""

from __future__ import annotations

import pytest

from esr_gui.core.knowledge.code_meanings import describe_code
from esr_gui.core.knowledge.code_text import annotate_codes
from esr_gui.core.models.findings import Evidence
from esr_gui.gui.evidence_text import evidence_line


@pytest.mark.parametrize(
    "text",
    [
        "LogHr(2) tid(bbc) 800704EC Bu, grup ilkesi",  # SettingSync 6509, bare hex
        "Result: 0x800704ec",  # lower case
        "Error 0X800704EC occurred",
    ],
)
def test_every_spelling_gets_the_name_and_meaning(text: str) -> None:
    out = annotate_codes(text)
    assert "(ERROR_ACCESS_DISABLED_BY_POLICY: Blocked by policy.)" in out
    assert annotate_codes(out) == out  # never twice


def test_a_name_already_printed_gets_only_the_meaning() -> None:
    assert annotate_codes("0x80070533 ERROR_ACCOUNT_DISABLED").startswith(
        "0x80070533 ERROR_ACCOUNT_DISABLED (The account cannot sign in"
    )


def test_unknown_codes_and_plain_text_stay_as_they_are() -> None:
    for text in ("0x801c0515", "Tenant type: Federated", "{7C732D89-A151-4E7B-9406-8878EC8AE00B}"):
        assert annotate_codes(text) == text


def test_aadsts_numbers_are_explained_too() -> None:
    out = annotate_codes("AADSTS90002: Tenant 'corp.local' not found.")
    assert out.startswith("AADSTS90002 (the tenant was not found):")


def test_evidence_line_does_not_repeat_a_meaning_the_note_already_gives() -> None:
    note = describe_code("0xc00000d0")  # how prt_diagnostics notes an Attempt Status
    ev = Evidence(source="dsregcmd", field="Attempt Status", value="0xc00000d0", note=note)
    assert evidence_line(ev).count("answered HTTP 400") == 1
    bare = ev.model_copy(update={"note": ""})
    assert "STATUS_REQUEST_NOT_ACCEPTED" in evidence_line(bare)
