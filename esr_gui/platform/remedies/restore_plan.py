"""Planning and running a restore: the backup is authenticated, the profile is a real one.

The backup names the profile it was made from, but that record is only compared, never
followed: the profile comes from Windows' profile list (or the folder the user names where
there is none), and the BrokerPlugin folder is recomputed from it (RestoreTarget).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from esr_gui.core.remedy.cleanup_plan import plan_restore
from esr_gui.core.remedy.errors import RemedyRefusedError
from esr_gui.core.remedy.plans import Plan, PlanFacts, ProfileRef
from esr_gui.core.remedy.results import FileOutcome
from esr_gui.platform.remedies.backup import BackupError
from esr_gui.platform.remedies.datadir import backup_key
from esr_gui.platform.remedies.environment import RemedyEnvironment
from esr_gui.platform.remedies.profiles import ProfileEntry, restore_profile, same_path
from esr_gui.platform.remedies.restore import (
    RestoreTarget,
    open_backup,
    profile_folder_problem,
    restore_files,
    restore_states,
)


def signing_key(env: RemedyEnvironment) -> bytes | None:
    """The key this tool signs its backups with here (None if it never made one)."""
    try:
        return backup_key(env.data_dir, create=False)
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise BackupError(
            f"The key that checks this tool's backups could not be read ({reason}); "
            "nothing was restored."
        ) from None


def plan_backup_restore(
    env: RemedyEnvironment,
    backup: str,
    named: str | None,
    profiles: list[ProfileEntry] | None,
    facts_for: Callable[[ProfileRef], PlanFacts],
) -> Plan:
    """The restore plan of `backup` into the real profile (see restore_profile)."""
    path = str(Path(backup).absolute())
    manifest, _ = open_backup(path, env.fs, signing_key(env))
    if named and not same_path(os.path.abspath(named), manifest.profile_dir):
        problem = profile_folder_problem(env.fs, named, named=True)
        if problem:
            raise RemedyRefusedError(problem)
    ref = restore_profile(manifest.profile_dir, manifest.profile_sid, named, profiles)
    problem = profile_folder_problem(env.fs, ref.path, named=False)
    if problem:
        raise RemedyRefusedError(problem)
    facts = facts_for(ref).model_copy(update={"inventory": None})
    target = RestoreTarget(ref.path)
    states = restore_states(target, manifest, env.fs)
    return plan_restore(manifest, path, states, facts)


def restore_backup(env: RemedyEnvironment, plan: Plan) -> list[FileOutcome]:
    """Write the files of a freshly re-planned restore into its profile."""
    if plan.facts.profile is None or plan.source_backup is None:
        raise RemedyRefusedError("This restore names no profile; nothing changed.")
    manifest, contents = open_backup(plan.source_backup, env.fs, signing_key(env))
    return restore_files(RestoreTarget(plan.facts.profile.path), manifest, contents, env.fs)
