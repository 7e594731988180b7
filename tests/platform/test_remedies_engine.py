"""The engine on fake Windows seams: every remedy runs, results, channel memory, refusals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from esr_gui.core.remedy import (
    Confirmation,
    Plan,
    RemedyRefusedError,
    RemedyResult,
    remedy_ids,
    spec,
)
from esr_gui.platform.remedies import RemedyEngine
from esr_gui.platform.remedies.audit_log import read_records
from esr_gui.platform.remedies.datadir import DATA_DIR_ENV, data_dir
from esr_gui.platform.remedies.profiles import PROFILE_LIST, choose_profile, list_profiles
from esr_gui.platform.remedies.runner import decode_output
from tests.platform.test_remedies_support import (
    SYSTEM_DIR,
    FakeShellApi,
    ScriptedRun,
    identity_host,
    live_snapshot,
    make_engine,
    make_profile,
)

REPO = Path(__file__).resolve().parents[2]
HYBRID = REPO / "tests" / "data" / "remedy" / "hybrid-bundle"
AADJ = REPO / "tests" / "data" / "remedy" / "aadj-bundle"
DEBUG = "Microsoft-Windows-SettingSync/Debug"


def run(engine: RemedyEngine, plan: Plan) -> RemedyResult:
    return engine.run(plan, Confirmation.of(plan, via="gui-dialog", by="tech"))


@pytest.mark.parametrize("remedy_id", remedy_ids())
def test_every_remedy_runs_on_windows(tmp_path: Path, remedy_id: str) -> None:
    profile = make_profile(tmp_path / "Users")
    engine, _session = make_engine(tmp_path / "data", current_profile=str(profile))
    snapshot = live_snapshot(HYBRID)
    plan = engine.plan(remedy_id, spec(remedy_id).example, snapshot=snapshot)
    result = run(engine, plan)
    assert result.status == spec(remedy_id).success, result.message
    assert result.targets == plan.targets and result.audit_path
    assert read_records(engine.audit_file)[-1].result.status == result.status


def test_leave_on_a_hybrid_device_needs_a_restart(tmp_path: Path) -> None:
    api = FakeShellApi(code=0)
    engine, _ = make_engine(tmp_path, shell=api)
    plan = engine.plan("remedy.dsregcmd-leave", snapshot=live_snapshot(HYBRID))
    assert plan.facts.join_type == "hybrid" and plan.facts.join_type_source == "test capture"
    result = run(engine, plan)
    assert result.status == "needs-restart"
    assert api.calls[0]["file"] == f"{SYSTEM_DIR}\\dsregcmd.exe" and api.calls[0]["verb"] == "runas"
    assert any("Automatic-Device-Join" in s for s in result.next_steps)
    assert result.steps[0].elevated and result.steps[0].exit_code == 0


@pytest.mark.parametrize(
    ("api", "status", "words"),
    [
        (FakeShellApi(error=1223), "cancelled", "Nothing changed"),
        (FakeShellApi(error=2), "failed", "could not find"),
        (FakeShellApi(code=1), "failed", "exit code 1"),
    ],
)
def test_leave_cancelled_or_failed(
    tmp_path: Path, api: FakeShellApi, status: str, words: str
) -> None:
    engine, _ = make_engine(tmp_path, shell=api)
    result = run(engine, engine.plan("remedy.dsregcmd-leave", snapshot=live_snapshot(HYBRID)))
    assert result.status == status and words in result.message and not result.next_steps


def test_leave_is_not_offered_without_hybrid(tmp_path: Path) -> None:
    engine, _ = make_engine(tmp_path, host=identity_host(AADJ))
    aadj = engine.plan("remedy.dsregcmd-leave", snapshot=live_snapshot(AADJ))
    assert aadj.refusal is not None and "not hybrid" in aadj.refusal and not aadj.rebind
    bare, _ = make_engine(tmp_path, live=False)
    nothing = bare.plan("remedy.dsregcmd-leave")
    assert nothing.rebind and any("no capture was given" in n for n in nothing.notes)
    for plan in (aadj, nothing):
        with pytest.raises(RemedyRefusedError):
            Confirmation.of(plan, via="cli-yes", by="t")


def test_os_actions_need_windows(tmp_path: Path) -> None:
    engine, session = make_engine(tmp_path, on_windows=False)
    for remedy_id in ("remedy.dsregcmd-leave", "remedy.lock-to-sync", "remedy.open-sync-settings"):
        plan = engine.plan(remedy_id, snapshot=live_snapshot(HYBRID))
        with pytest.raises(RemedyRefusedError, match="needs Windows"):
            run(engine, plan)
    assert not session.locks and not session.opened and not engine.audit_file.exists()


def test_channels_we_switch_on_are_remembered(tmp_path: Path) -> None:
    run_log = ScriptedRun()
    engine, _ = make_engine(tmp_path, elevated=True, run=run_log)
    on = run(engine, engine.plan("remedy.enable-debug-channel", {"channel": DEBUG.lower()}))
    assert on.status == "done" and DEBUG in on.message
    assert run_log.calls[0][0] == [f"{SYSTEM_DIR}\\wevtutil.exe", "sl", DEBUG, "/e:true", "/q:true"]
    (entry,) = engine.enabled_channels()
    assert entry.channel == DEBUG and entry.by == "CONTOSO\\tech"
    state = json.loads((tmp_path / "enabled-channels.json").read_text())
    assert state["channels"][0]["enabled_at"] == "2026-11-25T09:14:03+01:00"
    off = run(engine, engine.plan("remedy.disable-debug-channel", {"channel": DEBUG}))
    assert off.status == "done" and engine.enabled_channels() == []


def test_a_missing_channel_is_explained(tmp_path: Path) -> None:
    engine, _ = make_engine(tmp_path, shell=FakeShellApi(code=15007))
    result = run(engine, engine.plan("remedy.enable-debug-channel", {"channel": DEBUG}))
    assert result.status == "failed" and "does not exist on this Windows build" in result.message
    assert engine.enabled_channels() == []


def test_pages_and_lock_happen_in_the_session(tmp_path: Path) -> None:
    engine, session = make_engine(tmp_path)
    run(engine, engine.plan("remedy.open-sync-settings"))
    run(engine, engine.plan("remedy.install-update", {"kb": "KB3196528"}))
    run(engine, engine.plan("remedy.open-event-viewer", {"channel": DEBUG}))
    run(engine, engine.plan("remedy.lock-to-sync"))
    assert session.opened == [
        ("ms-settings:sync", ""),
        ("https://support.microsoft.com/kb/3196528", ""),
        (f"{SYSTEM_DIR}\\mmc.exe", f"eventvwr.msc /c:{DEBUG}"),
    ]
    assert session.locks == 1


def test_a_page_that_does_not_open_is_a_failure(tmp_path: Path) -> None:
    engine, session = make_engine(tmp_path)
    session.fail_open = OSError(1155, "No application is associated")
    result = run(engine, engine.plan("remedy.open-sync-settings"))
    assert result.status == "failed" and "No application is associated" in result.message


def test_pages_are_never_opened_elevated(tmp_path: Path) -> None:
    engine, _ = make_engine(tmp_path, elevated=True)
    plan = engine.plan("remedy.rejoin-azure-ad")
    assert plan.refusal and "never elevated" in plan.refusal


def test_an_unwritable_audit_log_stops_the_run(tmp_path: Path) -> None:
    blocker = tmp_path / "blocked"
    blocker.write_text("a file where the data folder should be")
    engine, session = make_engine(blocker)
    with pytest.raises(RemedyRefusedError, match="audit log"):
        run(engine, engine.plan("remedy.lock-to-sync"))
    assert session.locks == 0


def test_sign_out_in_runs_nothing_but_is_audited(tmp_path: Path) -> None:
    engine, _session = make_engine(tmp_path, on_windows=False)
    result = run(engine, engine.plan("remedy.sign-out-in"))
    assert result.status == "done" and not result.steps and "Nothing was run" in result.message
    assert len(read_records(engine.audit_file)) == 1


def test_data_dir_precedence(tmp_path: Path) -> None:
    assert data_dir(tmp_path / "x", {DATA_DIR_ENV: "/elsewhere"}) == tmp_path / "x"
    assert data_dir(None, {DATA_DIR_ENV: str(tmp_path)}) == tmp_path
    default = data_dir(None, {})
    assert default.name == "ESR Troubleshooter" and default.is_absolute()


class FakeRegistry:
    def __init__(self, profiles: dict[str, str]) -> None:
        self.profiles = profiles

    def subkeys(self, path: str) -> list[str]:
        assert path == PROFILE_LIST
        return list(self.profiles)

    def value(self, path: str, name: str) -> str | None:
        assert name == "ProfileImagePath"
        return self.profiles.get(path.rsplit("\\", 1)[-1])


def test_profile_list_from_the_registry(tmp_path: Path) -> None:
    registry = FakeRegistry(
        {
            "S-1-5-18": "%systemroot%\\system32\\config\\systemprofile",
            "S-1-5-19": "C:\\Windows\\ServiceProfiles\\LocalService",
            "S-1-5-21-1-2-3-1001": str(tmp_path / "Users" / "tech"),
            "S-1-12-1-4-5-6-7": str(tmp_path / "Users" / "jdoe"),
            "S-1-5-21-1-2-3-1002.bak": str(tmp_path / "Users" / "old"),
        }
    )
    entries = list_profiles(registry, str(tmp_path / "Users" / "jdoe"))
    assert [(e.sid, e.own) for e in entries] == [
        ("S-1-12-1-4-5-6-7", True),
        ("S-1-5-21-1-2-3-1001", False),
    ]
    mine = choose_profile(None, entries, str(tmp_path / "Users" / "jdoe"))
    assert mine and mine.own and mine.sid == "S-1-12-1-4-5-6-7" and mine.source == "profile-list"
    theirs = choose_profile(
        str(tmp_path / "Users" / "tech"), entries, str(tmp_path / "Users" / "jdoe")
    )
    assert theirs and not theirs.own and theirs.sid == "S-1-5-21-1-2-3-1001"
    assert choose_profile(None, [], None) is None


def test_profile_paths_are_expanded(tmp_path: Path) -> None:
    registry = FakeRegistry({"S-1-5-21-9": "%SystemDrive%\\Users\\jdoe"})
    (entry,) = list_profiles(registry, None, expand=lambda p: p.replace("%SystemDrive%", "C:"))
    assert entry.path == "C:\\Users\\jdoe"


def test_engine_lists_profiles_and_defaults_to_the_signed_in_user(tmp_path: Path) -> None:
    mine = make_profile(tmp_path / "Users", "jdoe")
    registry = FakeRegistry({"S-1-12-1-4": str(mine)})
    engine, _ = make_engine(tmp_path / "data", registry=registry, current_profile=str(mine))
    assert [p.sid for p in engine.profiles()] == ["S-1-12-1-4"]
    plan = engine.plan("remedy.broker-plugin-cleanup")
    assert plan.facts.profile and plan.facts.profile.sid == "S-1-12-1-4"
    assert any(r.key.endswith("ProfileList") for r in plan.registry)


def test_console_output_decoding() -> None:
    assert decode_output("Zugriff verweigert".encode("utf-16")) == "Zugriff verweigert"
    assert decode_output(b"caf\xe9") == "café"
    assert decode_output(b"ok") == "ok"
