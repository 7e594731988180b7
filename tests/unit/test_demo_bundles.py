"""The embedded demo bundles: honest bundles, up to date, each with its intended headline."""

from __future__ import annotations

import importlib.util
import json
import re
import sys

import pytest

from esr_gui.core.diagnose import FINDING_IDS, run_diagnosis
from esr_gui.core.diagnose.rules import missing_data
from esr_gui.core.snapshot_builder import load_snapshot
from esr_gui.resources import demo_dir, demo_names
from tests.conftest import REPO

INTENDED: dict[str, str | None] = {
    "healthy-aad-joined": None,
    "hybrid-not-registered": "join.stage",
    "empty-settings-url": "reg.settings-url-empty",
    "1607-sideload-6013": "ki.mdm-sideload-1607",
    "smart-card-sign-in": "ki.smart-card-sign-in",
    "event-1098-token-broker": "ki.event-1098-token-broker",
    "event-6065-account-disabled": "ki.event-6065-account-disabled",
    "policy-blocks-sync": "sync.policy-allows",
    "mixed-case-upn": "ki.mixed-case-upn",
    "password-sign-in-mfa": "mfa.password-sign-in",
}


def test_every_demo_is_listed() -> None:
    assert sorted(INTENDED) == demo_names()


@pytest.mark.parametrize("name", sorted(INTENDED))
def test_demo_gives_its_intended_headline(name: str) -> None:
    snapshot = load_snapshot(demo_dir() / name, kind="demo", name=name)
    assert not snapshot.problems
    result = run_diagnosis(snapshot)
    assert [f.id for f in result.findings] == list(FINDING_IDS)
    assert result.headline.finding_id == INTENDED[name]
    if INTENDED[name] is None:
        assert result.headline.text == "No known cause found"
        assert not [f.id for f in result.findings if f.status in ("fail", "warn")]
        assert missing_data(result.findings) == []  # only opt-in checks (tenant) not run


@pytest.mark.parametrize("name", sorted(INTENDED))
def test_demo_manifest_is_marked_as_demo(name: str) -> None:
    manifest = json.loads((demo_dir() / name / "manifest.json").read_text(encoding="utf-8"))
    assert "demo" in manifest["producer"]
    assert re.fullmatch(r"PC-\d{4}", manifest["computer"])
    assert manifest["problem"]["description"]
    assert "demo_headline" not in manifest


def test_demo_formats_are_the_native_ones() -> None:
    root = demo_dir()
    reg = (root / "healthy-aad-joined" / "registry" / "currentversion.reg").read_bytes()
    assert reg.startswith(b"\xff\xfeW\x00i\x00n\x00d\x00o\x00w\x00s\x00")  # reg export, UTF-16LE
    smart = (root / "smart-card-sign-in" / "dsregcmd-status.txt").read_bytes()
    assert smart.startswith(b"\xff\xfe")  # captured through PowerShell: UTF-16 with BOM
    events = (
        root / "1607-sideload-6013" / "events" / "Microsoft-Windows-SettingSync-Azure%4Debug.xml"
    ).read_text()
    assert events.startswith(
        "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'>"
    )
    snapshot = load_snapshot(root / "1607-sideload-6013")
    assert snapshot.dsregcmd is not None and snapshot.dsregcmd.layout == "flat"
    assert str(snapshot.os_build) == "14393.10"


def test_demos_are_up_to_date_with_the_generator() -> None:
    path = REPO / "scripts" / "make_demo_bundles.py"
    spec = importlib.util.spec_from_file_location("make_demo_bundles", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_demo_bundles"] = module
    spec.loader.exec_module(module)
    assert module.main(["--check", "--out", str(demo_dir())]) == 0


def test_gui_demo_list_names_them(capsys: pytest.CaptureFixture[str]) -> None:
    from esr_gui.gui.app import main

    assert main(["--demo", "list"]) == 0
    assert capsys.readouterr().out.split() == sorted(INTENDED)
