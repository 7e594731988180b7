"""core.compare: two captures of a device compared (verdicts, fields, registry, device)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from esr_gui.core.compare import compare_captures, load_capture
from esr_gui.core.compare.fields import field_changes, registry_changes
from esr_gui.core.compare.load import CaptureError
from esr_gui.core.errors import EsrError
from esr_gui.core.models.registry import RegistryView, RegKey, RegValue, key_id
from esr_gui.core.parse.dsregcmd import parse_dsregcmd
from esr_gui.resources import demo_dir
from tests.conftest import sample

HEALTHY = demo_dir() / "healthy-aad-joined"


def degraded_copy(tmp_path: Path, name: str = "after") -> Path:
    """The healthy demo with the PRT lost and the UBR registry value changed."""
    target = tmp_path / name
    shutil.copytree(HEALTHY, target)
    status = target / "dsregcmd-status.txt"
    text = status.read_text(encoding="utf-8")
    status.write_text(text.replace("AzureAdPrt : YES", "AzureAdPrt : NO"), encoding="utf-8")
    reg = target / "registry" / "currentversion.reg"
    data = reg.read_text(encoding="utf-16")
    reg.write_text(data.replace("dword:0000116c", "dword:0000116d"), encoding="utf-16")
    return target


def test_identical_captures_have_no_changes() -> None:
    comparison, after = compare_captures(HEALTHY, HEALTHY)
    assert comparison.unchanged
    assert comparison.same_device is True
    assert after.state == "OK"


def test_a_lost_prt_shows_as_a_worse_verdict_a_changed_field_and_value(tmp_path: Path) -> None:
    comparison, after = compare_captures(HEALTHY, degraded_copy(tmp_path))
    prt = next(c for c in comparison.verdicts if c.id == "prt.status")
    assert (prt.before, prt.after, prt.change) == ("pass", "fail", "worse")
    assert comparison.verdicts[0].change == "worse"  # the worst changes come first
    field = next(f for f in comparison.fields if f.key == "AzureAdPrt")
    assert (field.section, field.before, field.after, field.kind) == (
        "SSO State",
        "YES",
        "NO",
        "changed",
    )
    [value] = comparison.registry
    assert (value.name, value.before, value.after) == ("UBR", "4460 (0x116c)", "4461 (0x116d)")
    assert comparison.before.headline_status is None
    assert comparison.after.state == after.state == "FAIL"


def test_reversed_order_reads_as_a_fix(tmp_path: Path) -> None:
    comparison, _ = compare_captures(degraded_copy(tmp_path), HEALTHY)
    prt = next(c for c in comparison.verdicts if c.id == "prt.status")
    assert prt.change == "fixed"


def test_two_different_devices_are_said_loudly() -> None:
    comparison, _ = compare_captures(demo_dir() / "hybrid-not-registered", HEALTHY)
    assert comparison.same_device is False
    assert comparison.device_note.startswith("DIFFERENT DEVICES")
    assert "PC-0117" in comparison.device_note
    assert comparison.verdicts  # still compared, not refused


def test_a_rejoin_keeps_the_device_but_names_the_new_id(tmp_path: Path) -> None:
    after = tmp_path / "after"
    shutil.copytree(HEALTHY, after)
    status = after / "dsregcmd-status.txt"
    text = status.read_text(encoding="utf-8")
    status.write_text(text.replace("8d3f6a2b-1c4e", "00000000-1c4e"), encoding="utf-8")
    comparison, _ = compare_captures(HEALTHY, after)
    assert comparison.same_device is True
    assert "new device id" in comparison.device_note


def test_a_dsregcmd_text_is_detected_and_compared_with_a_bundle() -> None:
    text = sample("14-")
    assert load_capture(text).source.kind == "dsregcmd"
    comparison, _ = compare_captures(text, HEALTHY)
    assert comparison.registry == []  # the text has no registry: unknown, not "removed"
    assert comparison.fields


def test_fields_added_and_removed_per_section() -> None:
    before = parse_dsregcmd(b"| Device State |\n AzureAdJoined : NO\n DomainJoined : YES\n")
    after = parse_dsregcmd(b"| Device State |\n AzureAdJoined : YES\n Virtual Desktop : NOT SET\n")
    changes = [(c.key, c.before, c.after, c.kind) for c in field_changes(before, after)]
    assert changes == [
        ("AzureAdJoined", "NO", "YES", "changed"),
        ("Virtual Desktop", None, "NOT SET", "added"),
        ("DomainJoined", "YES", None, "removed"),
    ]
    assert field_changes(None, after) == []


def test_an_unreadable_input_is_one_sentence(tmp_path: Path) -> None:
    with pytest.raises(CaptureError, match="does not exist") as caught:
        compare_captures(HEALTHY, tmp_path / "missing")
    assert caught.value.side == "B"
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x03\x04 cut short")
    with pytest.raises(EsrError, match="incomplete zip"):
        load_capture(broken)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_refused_not_opened(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    with pytest.raises(EsrError):
        load_capture(pipe)


def _view(path: str, **values: object) -> RegistryView:
    key = RegKey(
        path=path, values=[RegValue(name=n, type="REG_DWORD", data=v) for n, v in values.items()]
    )
    return RegistryView.merged([key])


def test_a_key_that_could_not_be_exported_is_not_removed() -> None:
    path = "HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\SettingSync"
    before = _view(path, DisableSettingSync=2)
    after = _view("HKLM\\SOFTWARE\\Other", X=1)
    [added, removed] = registry_changes(before, after)  # sorted by key path
    assert (removed.name, removed.kind, added.kind) == ("DisableSettingSync", "removed", "added")
    assert registry_changes(before, after, frozenset({key_id(path)})) == [added]
    assert registry_changes(before, RegistryView()) == []
