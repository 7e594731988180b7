"""Plans of the BrokerPlugin cleanup and of restoring its backup (pure)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from esr_gui.core.remedy.backup_manifest import BackupEntry, BackupManifest
from esr_gui.core.remedy.catalog import spec
from esr_gui.core.remedy.params import CleanupParams, NoParams, RemedyParams
from esr_gui.core.remedy.plan_base import as_params, base_plan
from esr_gui.core.remedy.plans import (
    FoundFile,
    Plan,
    PlanFacts,
    ProfileInventory,
    RegistryRef,
    SkippedPath,
)
from esr_gui.core.remedy.remedy_spec import RemedySpec
from esr_gui.core.remedy.remedy_types import AdminNeed
from esr_gui.core.remedy.steps import CommandStep, FileStep, Step, system32

PROFILE_LIST_KEY = "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\ProfileList"
BROKER_IMAGE = "Microsoft.AAD.BrokerPlugin.exe"
STOP_SERVICE_REASON = (
    "Stopping the TokenBroker service needs administrator rights; Windows asks for consent "
    "for that step only."
)


class RestoreState(BaseModel):
    """What is at a backed-up file's original place now (collected by the platform)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    relative: str
    path: str
    exists: bool
    sha256: str | None = None
    unsafe: str | None = None


def profile_admin(facts: PlanFacts) -> tuple[AdminNeed, str, str | None]:
    """Administrator need for touching the chosen profile: (need, reason, refusal or None)."""
    profile = facts.profile
    if profile is None or not facts.on_windows or profile.own:
        return "not-needed", "", None
    reason = f"{profile.path} belongs to another account, so its files need administrator rights."
    if facts.process_elevated:
        return "required", reason + " This tool is already running as administrator.", None
    refusal = (
        reason + " Start ESR Troubleshooter with Run as administrator (or esr-diag from an "
        "elevated prompt) and choose this profile again. Nothing changed."
    )
    return "required", reason, refusal


def _broker_steps() -> tuple[Step, ...]:
    return (
        CommandStep(
            purpose="Stop the AAD BrokerPlugin processes (Windows starts them again when needed).",
            program=system32("taskkill.exe"),
            args=("/IM", BROKER_IMAGE, "/F"),
            ok_exit_codes=(0, 128),
        ),
        CommandStep(
            purpose="Stop the TokenBroker service (Windows starts it again when needed).",
            program=system32("sc.exe"),
            args=("stop", "TokenBroker"),
            elevation="required",
            ok_exit_codes=(0, 1062),
        ),
    )


def _file_steps(files: tuple[FoundFile, ...], backup_dir: str) -> tuple[Step, ...]:
    paths = tuple(f.path for f in files)
    if not paths:
        return ()
    steps: list[Step] = [
        FileStep(
            purpose=f"Copy {len(paths)} file(s) into a zip in {backup_dir} and check every copy "
            "by reading it back; if that fails, nothing is deleted.",
            action="backup",
            paths=paths,
        )
    ]
    read_only = tuple(f.path for f in files if f.read_only)
    if read_only:
        steps.append(
            FileStep(
                purpose="Clear the read-only flag of these files so they can be deleted.",
                action="make-writable",
                paths=read_only,
            )
        )
    steps.append(FileStep(purpose="Delete the backed-up files.", action="delete", paths=paths))
    return tuple(steps)


def _cleanup_notes(files: tuple[FoundFile, ...], facts: PlanFacts, stop: bool) -> list[str]:
    notes = [
        f"{f.relative} could not be read now ({f.problem}); it is deleted only if it can be "
        "backed up when the cleanup runs." + ("" if stop else " stop_broker=true may free it.")
        for f in files
        if f.sha256 is None
    ]
    if facts.profile and facts.profile.own and facts.on_windows:
        notes.append(
            "This is your own profile and you are signed in: the broker may hold some files "
            "open. Signing in as another account to clean it is the surest way."
        )
    return notes


PROFILE_NOT_THERE = "could not be checked: it is no longer there"


def _profile_missing(inv: ProfileInventory) -> bool:
    first = inv.skipped[0] if inv.skipped else None
    return first is not None and first.path == inv.profile_dir and first.reason == PROFILE_NOT_THERE


def _left_alone(inv: ProfileInventory | None) -> tuple[SkippedPath, ...]:
    """What the walk did not touch; a profile that is not there is said once, as the refusal."""
    if inv is None or _profile_missing(inv):
        return ()
    return inv.skipped


def _missing_package(inv: ProfileInventory) -> str:
    if _profile_missing(inv):
        return (
            f"The profile folder {inv.profile_dir} does not exist; check the path "
            "(--profile, or the profile chosen). Nothing changed."
        )
    if inv.skipped:
        first = inv.skipped[0]
        return f"{inv.package_dir} could not be reached: {first.path} {first.reason}."
    return f"{inv.package_dir} does not exist in this profile: nothing to clean."


def plan_cleanup(remedy: RemedySpec, params: RemedyParams, facts: PlanFacts) -> Plan:
    """The cleanup of the chosen profile's BrokerPlugin files, or a plan refusing it."""
    chosen = as_params(params, CleanupParams)
    inv = facts.inventory
    admin, admin_reason, refusal = profile_admin(facts)
    if facts.profile is None or inv is None:
        refusal = "Choose a profile to clean (the GUI's profile list, or --profile DIR)."
    elif not inv.package_found:
        refusal = refusal or _missing_package(inv)
    elif not inv.files:
        refusal = (
            refusal or f"No BrokerPlugin files were found in {inv.package_dir}: nothing to clean."
        )
    files = inv.files if inv else ()
    steps = (
        *(_broker_steps() if chosen.stop_broker else ()),
        *_file_steps(files, facts.backup_dir),
    )
    if chosen.stop_broker and admin == "not-needed" and facts.on_windows:
        admin, admin_reason = "required", STOP_SERVICE_REASON
    registry = (
        (RegistryRef(key=PROFILE_LIST_KEY, access="read", note="profile folders"),)
        if facts.profile and facts.profile.source == "profile-list"
        else ()
    )
    return base_plan(
        remedy,
        chosen,
        facts,
        steps=steps,
        files=files,
        left_alone=_left_alone(inv),
        registry=registry,
        admin=admin,
        admin_reason=admin_reason,
        backup_to=facts.backup_dir,
        notes=tuple(_cleanup_notes(files, facts, chosen.stop_broker)),
        refusal=refusal,
    )


def plan_restore(
    manifest: BackupManifest, backup_path: str, states: list[RestoreState], facts: PlanFacts
) -> Plan:
    """Putting a backup's files back; files that differ now are kept aside, never overwritten."""
    admin, admin_reason, refusal = profile_admin(facts)
    by_rel = {s.relative: s for s in states}
    todo, aside, same, unsafe = _sort_states(manifest, by_rel)
    if not todo and not unsafe and refusal is None:
        refusal = "Every file of this backup is already in place with the same content."
    steps = _restore_steps(
        [by_rel[e.relative].path for e in aside], [by_rel[e.relative].path for e in todo]
    )
    notes = tuple(f"{e.relative} is already in place with the same content." for e in same)
    return base_plan(
        spec(manifest.remedy_id),
        NoParams(),
        facts,
        operation="restore",
        title=restore_title(facts, len(manifest.files)),
        summary=f"Puts back {_names(todo)} into the BrokerPlugin folder of this profile, as "
        f"they were saved on {manifest.created:%Y-%m-%d %H:%M} before the cleanup.",
        steps=tuple(steps),
        files=tuple(_as_found(e, by_rel.get(e.relative)) for e in manifest.files),
        left_alone=tuple(unsafe),
        admin=admin,
        admin_reason=admin_reason,
        cannot_undo=(),
        undo="Files kept aside as <name>.before-restore can be renamed back by hand.",
        source_backup=backup_path,
        notes=notes,
        refusal=refusal,
        guidance=(),
        needs_sign_out=True,
    )


def restore_title(facts: PlanFacts, count: int) -> str:
    """`Restore N BrokerPlugin file(s) into <profile>`: the profile the restore writes to."""
    where = facts.profile.path if facts.profile else "(no profile chosen)"
    return f"Restore {count} BrokerPlugin file(s) into {where}"


def _names(entries: list[BackupEntry], shown: int = 3) -> str:
    if not entries:
        return "no file"
    names = [e.relative for e in entries[:shown]]
    more = len(entries) - shown
    listed = ", ".join(names) + (f" and {more} more" if more > 0 else "")
    return f"{len(entries)} file(s) ({listed})"


def _as_found(entry: BackupEntry, state: RestoreState | None) -> FoundFile:
    return FoundFile(
        path=state.path if state else entry.original,
        relative=entry.relative,
        size=entry.size,
        sha256=entry.sha256,
        read_only=entry.read_only,
        mtime_ns=entry.mtime_ns,
    )


def _restore_steps(aside: list[str], todo: list[str]) -> tuple[Step, ...]:
    steps: list[Step] = []
    if aside:
        steps.append(
            FileStep(
                purpose="Rename the different file that is there now to <name>.before-restore.",
                action="keep-aside",
                paths=tuple(aside),
            )
        )
    steps.append(
        FileStep(
            purpose="Write each file back and check its SHA-256.",
            action="restore",
            paths=tuple(todo),
        )
    )
    return tuple(steps)


_Sorted = tuple[list[BackupEntry], list[BackupEntry], list[BackupEntry], list[SkippedPath]]


def _sort_states(manifest: BackupManifest, by_rel: dict[str, RestoreState]) -> _Sorted:
    """(to restore, to keep aside first, already in place, unsafe to touch)."""
    todo: list[BackupEntry] = []
    aside: list[BackupEntry] = []
    same: list[BackupEntry] = []
    unsafe: list[SkippedPath] = []
    for entry in manifest.files:
        state = by_rel.get(entry.relative)
        if state is None or state.unsafe:
            reason = state.unsafe if state and state.unsafe else "its place could not be checked"
            path = state.path if state else entry.original
            unsafe.append(SkippedPath(path=path, relative=entry.relative, reason=reason))
        elif state.exists and state.sha256 == entry.sha256:
            same.append(entry)
        else:
            todo.append(entry)
            if state.exists:
                aside.append(entry)
    return todo, aside, same, unsafe
