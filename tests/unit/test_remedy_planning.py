"""Planning (pure): what each remedy's plan says, refusals, admin needs, digests, confirmations."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from esr_gui.core.remedy import Confirmation, RemedyRefusedError, plan_remedy, render_plan
from esr_gui.core.remedy.backup_manifest import BackupEntry, BackupManifest
from esr_gui.core.remedy.binding import PlanSource, ThisPc
from esr_gui.core.remedy.cleanup_plan import RestoreState, plan_restore
from esr_gui.core.remedy.plans import (
    FoundFile,
    PlanFacts,
    ProfileInventory,
    ProfileRef,
    SkippedPath,
)
from esr_gui.core.remedy.render import render_result
from esr_gui.core.remedy.results import FileOutcome, RemedyResult, StepOutcome
from esr_gui.core.remedy.steps import CommandStep, FileStep, LaunchStep, LockStep, OpenStep

NOW = datetime(2026, 11, 25, 9, 14, 3, tzinfo=UTC)
PKG = "C:\\Users\\jdoe\\AppData\\Local\\Packages\\Microsoft.AAD.BrokerPlugin_cw5n1h2txyewy"


def found(relative: str, **extra: object) -> FoundFile:
    fields: dict[str, object] = {
        "path": PKG + "\\" + relative.replace("/", "\\"),
        "relative": relative,
        "size": 10,
        "sha256": "b" * 64,
    }
    fields.update(extra)
    return FoundFile.model_validate(fields)


# Planned from a live capture of this PC made by this run (the device binding allows it).
LIVE = PlanSource(kind="live", computer="PC-0042", captured_at=NOW, run_id="run-1")
HERE = ThisPc(computer="PC-0042", user="CONTOSO\\jdoe", run_id="run-1", device_checked=True)


def facts(**extra: object) -> PlanFacts:
    fields: dict[str, object] = {
        "on_windows": True,
        "backup_dir": "D:\\backups",
        "source": LIVE,
        "this_pc": HERE,
    }
    fields.update(extra)
    return PlanFacts.model_validate(fields)


def cleanup_facts(
    *, own: bool = True, elevated: bool = False, files: tuple[FoundFile, ...] = (), **extra: object
) -> PlanFacts:
    inventory = ProfileInventory(
        profile_dir="C:\\Users\\jdoe",
        package_dir=PKG,
        package_found=True,
        files=files or (found("Settings/settings.dat"), found("AC/TokenBroker/Accounts/a.tbacct")),
        skipped=(SkippedPath(path=PKG + "\\AC", relative="AC", reason="is a link"),),
    )
    profile = ProfileRef(path="C:\\Users\\jdoe", own=own, source="profile-list", sid="S-1-5-21-1")
    return facts(profile=profile, inventory=inventory, process_elevated=elevated, **extra)


# ---------------------------------------------------------------- dsregcmd /leave


@pytest.mark.parametrize(
    ("join", "words"),
    [
        (None, "no capture was given"),
        ("unknown", "could not be read"),
        ("azure-ad", "Azure AD joined"),
        ("domain", "domain-joined only"),
        ("registered", "only registered"),
        ("none", "not joined"),
    ],
)
def test_leave_is_refused_unless_hybrid(join: str | None, words: str) -> None:
    plan = plan_remedy("remedy.dsregcmd-leave", {}, facts(join_type=join, join_type_source="b.zip"))
    assert not plan.runnable
    assert plan.refusal is not None and words in plan.refusal
    with pytest.raises(RemedyRefusedError):
        Confirmation.of(plan, via="cli-yes", by="tech")


def test_leave_on_a_hybrid_device() -> None:
    plan = plan_remedy("remedy.dsregcmd-leave", {}, facts(join_type="hybrid"))
    assert plan.runnable
    (step,) = plan.steps
    assert isinstance(step, CommandStep)
    assert step.argv == ["%SystemRoot%\\System32\\dsregcmd.exe", "/leave"]
    assert step.elevation == "required"
    assert plan.needs_admin and plan.needs_restart
    assert plan.cannot_undo
    assert "ms-settings" not in render_plan(plan)


# ---------------------------------------------------------------- commands


def test_device_join_task_argv_and_elevation_fallback() -> None:
    plan = plan_remedy("remedy.run-device-join-task", {}, facts(join_type="hybrid"))
    (step,) = plan.steps
    assert isinstance(step, CommandStep)
    assert step.argv == [
        "%SystemRoot%\\System32\\schtasks.exe",
        "/run",
        "/tn",
        "\\Microsoft\\Windows\\Workplace Join\\Automatic-Device-Join",
    ]
    assert step.elevation == "if-denied" and plan.admin == "if-denied" and not plan.needs_admin
    note = plan_remedy("remedy.run-device-join-task", {}, facts(join_type="azure-ad")).notes
    assert any("does nothing useful" in n for n in note)


def test_debug_channel_commands_and_memory() -> None:
    channel = "Microsoft-Windows-SettingSync/Debug"
    on = plan_remedy("remedy.enable-debug-channel", {"channel": channel}, facts())
    (step,) = on.steps
    assert isinstance(step, CommandStep)
    assert step.args == ("sl", channel, "/e:true", "/q:true") and step.elevation == "required"
    assert on.registry[0].key.endswith(channel)
    off = plan_remedy("remedy.disable-debug-channel", {"channel": channel}, facts())
    assert off.steps[0].args[2] == "/e:false"  # type: ignore[union-attr]
    assert any("no record" in n for n in off.notes)
    ours = facts(enabled_channels=(channel,))
    assert not plan_remedy("remedy.disable-debug-channel", {"channel": channel}, ours).notes
    assert plan_remedy("remedy.enable-debug-channel", {"channel": channel}, ours).notes


def test_event_viewer_is_launched_at_the_channel() -> None:
    channel = "Microsoft-Windows-User Device Registration/Admin"
    plan = plan_remedy("remedy.open-event-viewer", {"channel": channel}, facts())
    (step,) = plan.steps
    assert isinstance(step, LaunchStep)
    assert step.argv == ["%SystemRoot%\\System32\\mmc.exe", "eventvwr.msc", f"/c:{channel}"]
    assert step.display.endswith(f'eventvwr.msc /c:"{channel}"')


def test_restart_is_scheduled_with_a_countdown() -> None:
    plan = plan_remedy("remedy.restart-and-sign-in", {}, facts())
    (step,) = plan.steps
    assert isinstance(step, CommandStep)
    assert step.args[:3] == ("/r", "/t", "120") and step.elevation == "none"
    assert plan.needs_restart and "shutdown.exe /a" in plan.undo


# ---------------------------------------------------------------- pages and guidance


@pytest.mark.parametrize(
    ("remedy_id", "uri"),
    [
        ("remedy.open-sync-settings", "ms-settings:sync"),
        ("remedy.rejoin-azure-ad", "ms-settings:workplace"),
        ("remedy.update-credentials", "ms-settings:signinoptions"),
        ("remedy.connect-corp-network", "ms-settings:network-vpn"),
    ],
)
def test_pages_open_in_the_users_session(remedy_id: str, uri: str) -> None:
    plan = plan_remedy(remedy_id, {}, facts())
    assert [s.uri for s in plan.steps if isinstance(s, OpenStep)] == [uri]
    elevated = plan_remedy(remedy_id, {}, facts(process_elevated=True))
    assert elevated.refusal is not None and "never elevated" in elevated.refusal


def test_install_update_opens_the_kb_and_targets_its_finding() -> None:
    plan = plan_remedy("remedy.install-update", {"kb": "KB3176934"}, facts())
    assert plan.steps[0] == OpenStep(
        purpose=plan.steps[0].purpose, uri="https://support.microsoft.com/kb/3176934"
    )
    assert plan.targets == ("ki.mdm-sideload-1607",)
    assert "KB3176934" in plan.title


def test_sync_settings_mentions_windows_backup_on_windows_11() -> None:
    plan = plan_remedy("remedy.open-sync-settings", {}, facts(windows11=True))
    assert any("Windows backup" in n for n in plan.notes)
    unknown = plan_remedy("remedy.open-sync-settings", {}, facts())
    assert not any("Windows backup" in n for n in unknown.notes)
    assert "Windows backup" in render_plan(unknown)  # said in what Run does, for any build


def test_lock_and_guidance_only() -> None:
    lock = plan_remedy("remedy.lock-to-sync", {}, facts())
    assert isinstance(lock.steps[0], LockStep)
    sign_out = plan_remedy("remedy.sign-out-in", {}, facts(on_windows=False))
    assert sign_out.steps == () and sign_out.needs_sign_out and not sign_out.needs_windows
    assert "nothing on the device" in render_plan(sign_out)


def test_not_windows_is_said_in_the_plan() -> None:
    plan = plan_remedy("remedy.run-device-join-task", {}, facts(on_windows=False))
    assert plan.needs_windows and any("not Windows" in n for n in plan.notes)


# ---------------------------------------------------------------- cleanup


def test_cleanup_of_own_profile_needs_no_admin() -> None:
    plan = plan_remedy("remedy.broker-plugin-cleanup", {}, cleanup_facts())
    assert plan.runnable and plan.admin == "not-needed"
    assert [s.action for s in plan.steps if isinstance(s, FileStep)] == ["backup", "delete"]
    assert plan.backup_to == "D:\\backups" and len(plan.files) == 2
    assert plan.left_alone[0].reason == "is a link"
    assert not plan.needs_windows


def test_cleanup_of_another_profile_needs_an_elevated_tool() -> None:
    plan = plan_remedy("remedy.broker-plugin-cleanup", {}, cleanup_facts(own=False))
    assert plan.needs_admin and plan.refusal is not None
    assert "Run as administrator" in plan.refusal
    elevated = plan_remedy(
        "remedy.broker-plugin-cleanup", {}, cleanup_facts(own=False, elevated=True)
    )
    assert elevated.needs_admin and elevated.runnable


def test_cleanup_off_windows_follows_file_permissions() -> None:
    plan = plan_remedy(
        "remedy.broker-plugin-cleanup", {}, cleanup_facts(own=False, on_windows=False)
    )
    assert plan.runnable and plan.admin == "not-needed"


def test_stopping_the_broker_is_a_separate_consented_option() -> None:
    default = plan_remedy("remedy.broker-plugin-cleanup", {}, cleanup_facts())
    assert not [s for s in default.steps if isinstance(s, CommandStep)]
    plan = plan_remedy("remedy.broker-plugin-cleanup", {"stop_broker": True}, cleanup_facts())
    kill, service = (s for s in plan.steps if isinstance(s, CommandStep))
    assert kill.argv == [
        "%SystemRoot%\\System32\\taskkill.exe",
        "/IM",
        "Microsoft.AAD.BrokerPlugin.exe",
        "/F",
    ]
    assert service.argv == ["%SystemRoot%\\System32\\sc.exe", "stop", "TokenBroker"]
    assert service.elevation == "required" and plan.needs_admin
    assert plan.digest() != default.digest()


def test_read_only_and_locked_files_are_in_the_plan() -> None:
    files = (
        found("Settings/settings.dat", read_only=True),
        found("AC/TokenBroker/Account/x", sha256=None, problem="Windows has it open"),
    )
    plan = plan_remedy("remedy.broker-plugin-cleanup", {}, cleanup_facts(files=files))
    writable = [s for s in plan.steps if isinstance(s, FileStep) and s.action == "make-writable"]
    assert writable and writable[0].paths == (files[0].path,)
    assert any("could not be read now" in n for n in plan.notes)
    text = render_plan(plan)
    assert "sha256 unknown: Windows has it open" in text and "read-only" in text


@pytest.mark.parametrize(
    ("inventory", "words"),
    [
        (None, "Choose a profile"),
        (
            ProfileInventory(profile_dir="C:\\U", package_dir=PKG, package_found=False),
            "does not exist",
        ),
        (
            ProfileInventory(profile_dir="C:\\U", package_dir=PKG, package_found=True),
            "nothing to clean",
        ),
    ],
)
def test_cleanup_with_nothing_to_do_is_refused(
    inventory: ProfileInventory | None, words: str
) -> None:
    profile = ProfileRef(path="C:\\U", own=True) if inventory else None
    plan = plan_remedy(
        "remedy.broker-plugin-cleanup", {}, facts(profile=profile, inventory=inventory)
    )
    assert plan.refusal is not None and words in plan.refusal


# ---------------------------------------------------------------- digest and confirmation


def test_digest_ignores_the_time_and_binds_everything_else() -> None:
    first = plan_remedy("remedy.lock-to-sync", {}, facts(), NOW)
    later = plan_remedy("remedy.lock-to-sync", {}, facts(), datetime(2027, 1, 1, tzinfo=UTC))
    assert first.digest() == later.digest()
    other = plan_remedy("remedy.lock-to-sync", {}, facts(process_elevated=True), NOW)
    assert other.digest() != first.digest()


def test_a_confirmation_only_matches_its_own_plan() -> None:
    plan = plan_remedy("remedy.lock-to-sync", {}, facts(), NOW)
    confirmation = Confirmation.of(plan, via="gui-dialog", by="CONTOSO\\tech", at=NOW)
    assert confirmation.matches(plan)
    assert confirmation.plan_digest == plan.digest() and confirmation.at.utcoffset() is not None
    other = plan_remedy("remedy.open-sync-settings", {}, facts(), NOW)
    assert not confirmation.matches(other)
    changed = plan_remedy("remedy.broker-plugin-cleanup", {}, cleanup_facts(), NOW)
    edited = changed.model_copy(update={"files": changed.files[:1]})
    assert not Confirmation.of(changed, via="cli-yes", by="t").matches(edited)


# ---------------------------------------------------------------- restore plans


def manifest(*relatives: str) -> BackupManifest:
    return BackupManifest(
        remedy_id="remedy.broker-plugin-cleanup",
        profile_dir="C:\\Users\\jdoe",
        package_dir=PKG,
        created=NOW,
        files=tuple(
            BackupEntry(
                relative=r, original=PKG + "\\" + r.replace("/", "\\"), size=1, sha256=f"{i}" * 64
            )
            for i, r in enumerate(relatives, 1)
        ),
    )


def test_restore_plan_keeps_different_files_aside() -> None:
    m = manifest(
        "Settings/settings.dat", "AC/TokenBroker/Accounts/a", "AC/TokenBroker/Accounts/b", "AC/x"
    )
    e = m.files
    states = [
        RestoreState(relative=e[0].relative, path=e[0].original, exists=False),
        RestoreState(relative=e[1].relative, path=e[1].original, exists=True, sha256=e[1].sha256),
        RestoreState(relative=e[2].relative, path=e[2].original, exists=True, sha256="f" * 64),
        RestoreState(relative=e[3].relative, path=e[3].original, exists=False, unsafe="a link"),
    ]
    plan = plan_restore(
        m, "D:\\b.zip", states, facts(profile=ProfileRef(path=m.profile_dir, own=True))
    )
    aside, write = plan.steps
    assert (
        isinstance(aside, FileStep)
        and aside.action == "keep-aside"
        and aside.paths == (e[2].original,)
    )
    assert isinstance(write, FileStep) and write.paths == (e[0].original, e[2].original)
    assert [s.relative for s in plan.left_alone] == ["AC/x"]
    assert plan.operation == "restore" and plan.source_backup == "D:\\b.zip" and plan.runnable


def test_restore_with_everything_in_place_is_refused() -> None:
    m = manifest("Settings/settings.dat")
    state = RestoreState(
        relative=m.files[0].relative,
        path=m.files[0].original,
        exists=True,
        sha256=m.files[0].sha256,
    )
    plan = plan_restore(m, "b.zip", [state], facts())
    assert plan.refusal is not None and "already in place" in plan.refusal


@pytest.mark.parametrize("relative", ["../x", "/etc/passwd", "C:/x", "a\\b", "a//b", "", "a/./b"])
def test_backup_entries_refuse_paths_leaving_the_package(relative: str) -> None:
    with pytest.raises(ValueError, match="safe path|validation error"):
        BackupEntry(relative=relative, original="x", size=0, sha256="0" * 64)


# ---------------------------------------------------------------- rendering


def test_render_result_names_every_outcome() -> None:
    result = RemedyResult(
        remedy_id="remedy.broker-plugin-cleanup",
        status="failed",
        message="Deleted 1 of 2 file(s).",
        steps=(StepOutcome(purpose="Stop it.", status="ok", exit_code=0, elevated=True),),
        files=(FileOutcome(relative="a", path="C:\\a", action="left-locked", message="in use"),),
        backup_path="D:\\b.zip",
        audit_path="D:\\audit.jsonl",
        next_steps=("Restart.",),
    )
    text = render_result(result)
    for part in (
        "failed",
        "[left-locked] C:\\a",
        "as administrator",
        "Backup: D:\\b.zip",
        "audit.jsonl",
        "1. Restart.",
    ):
        assert part in text
