"""`esr-diag remedy`: list, preview, run (only with --yes) and restore the allow-listed fixes.

Exit codes: 0 done (also "done, restart needed"), 2 for everything else: refused, cancelled,
failed, bad arguments, or an action that needs Windows. Never 1.

A remedy that changes the device is planned from a live capture of this PC made by this run
(without --bundle); planned from a --bundle it is shown but never run (the device binding).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any

from esr_gui.cli.common import EXIT_CANNOT_RUN, EXIT_OK, CliError
from esr_gui.core.diagnose.rules import FINDING_IDS
from esr_gui.core.errors import EsrError
from esr_gui.core.models.snapshot import Snapshot
from esr_gui.core.remedy.catalog import CATALOG, spec
from esr_gui.core.remedy.confirm import Confirmation
from esr_gui.core.remedy.plans import Plan
from esr_gui.core.remedy.render import render_plan, render_result
from esr_gui.core.remedy.results import RemedyResult
from esr_gui.core.snapshot_builder import load_snapshot
from esr_gui.platform import is_windows, live_host
from esr_gui.platform.capture import capture
from esr_gui.platform.host import Host
from esr_gui.platform.remedies import RemedyEngine, RemedyEnvironment

NOT_CONFIRMED = "nothing changed: re-run with --yes after reading the plan"
NOT_FROM_A_BUNDLE = (
    " Nothing changed. Run it on the PC itself without --bundle: it is then planned from "
    "a live capture of that PC."
)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `remedy` and its subcommands (list, plan, run, restore)."""
    parser = subparsers.add_parser(
        "remedy",
        help="list, preview, run or undo the fixes",
        description="The fixes of the troubleshooting guide, as an allow-list. Every run shows "
        "its plan first and needs --yes; cleanups are backed up and can be restored.",
    )
    actions = parser.add_subparsers(
        title="actions", metavar="ACTION", parser_class=type(parser), required=True
    )
    listing = actions.add_parser("list", help="every remedy, and the logs this tool switched on")
    listing.add_argument("--json", action="store_true", help="one JSON object on stdout")
    listing.set_defaults(handler=run_list)
    for name, handler, text in (
        ("plan", run_plan, "show exactly what a remedy would do"),
        ("run", run_remedy, "run a remedy after showing its plan (needs --yes)"),
    ):
        action = actions.add_parser(name, help=text)
        _add_plan_arguments(action)
        if name == "run":
            action.add_argument("--yes", action="store_true", help="confirm the plan shown")
        action.set_defaults(handler=handler)
    restore = actions.add_parser("restore", help="put a cleanup backup back (needs --yes)")
    restore.add_argument("backup", metavar="BACKUP", help="a backup zip written by a cleanup")
    restore.add_argument(
        "--profile",
        metavar="DIR",
        help="the profile to restore into (on Windows it must be in the profile list; "
        "elsewhere it is required); it must be the profile the backup was made from",
    )
    restore.add_argument("--yes", action="store_true", help="confirm the plan shown")
    restore.add_argument("--json", action="store_true", help="one JSON object on stdout")
    restore.set_defaults(handler=run_restore)


def _add_plan_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("remedy_id", metavar="ID", help="a remedy id (see `remedy list`)")
    parser.add_argument("--bundle", metavar="PATH", help="capture bundle the plan is based on")
    parser.add_argument(
        "--profile", metavar="DIR", help="profile folder to clean (default: your own profile)"
    )
    parser.add_argument(
        "--param",
        metavar="K=V",
        action="append",
        default=[],
        help="a parameter of the remedy, e.g. channel=Microsoft-Windows-SettingSync/Debug "
        "(overrides the default the remedy chooses)",
    )
    parser.add_argument(
        "--finding",
        metavar="FINDING_ID",
        help="the finding the remedy is for; its defaults come from it (e.g. the KB it names)",
    )
    parser.add_argument("--json", action="store_true", help="one JSON object on stdout")


def live_host_factory() -> Callable[[], Host] | None:
    """This PC's Host (None off Windows); tests replace it with a FakeHost."""
    return live_host if is_windows() else None


def make_engine() -> RemedyEngine:
    """The engine on this machine (tests point it elsewhere with ESR_TROUBLESHOOTER_DATA_DIR)."""
    env = RemedyEnvironment.default()
    env.host = live_host_factory()
    return RemedyEngine(env)


def parse_params(pairs: Sequence[str]) -> dict[str, str]:
    """`K=V` pairs → dict; CliError for a pair without `=` or a key given twice."""
    params: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            raise CliError(f"--param {pair!r} is not of the form KEY=VALUE; nothing changed")
        if key in params:
            raise CliError(f"--param {key} is given twice; nothing changed")
        params[key] = value
    return params


def _write_json(document: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(document, ensure_ascii=True) + "\n")


def _say(text: str) -> None:
    sys.stdout.write(text + "\n")


def run_list(args: argparse.Namespace) -> int:
    """`remedy list`: the catalogue, the channels we switched on, the profiles (on Windows)."""
    engine = make_engine()
    channels = engine.enabled_channels()
    if args.json:
        _write_json(
            {
                "remedies": [r.model_dump(mode="json") for r in engine.catalog()],
                "enabled_channels": [c.model_dump(mode="json") for c in channels],
                "profiles": [
                    {"sid": p.sid, "path": p.path, "own": p.own} for p in engine.profiles()
                ],
            }
        )
        return EXIT_OK
    for info in engine.catalog():
        flags = [
            f"admin: {info.admin}",
            f"restart: {'yes' if info.needs_restart else 'no'}",
            f"sign-out: {'yes' if info.needs_sign_out else 'no'}",
            f"backup: {'yes' if info.backup else 'no'}",
        ]
        _say(f"{info.id}\n  {info.title}\n  {' · '.join(flags)}\n  Run: {info.run_does}")
    _say(_channels_text(channels))
    return EXIT_OK


def _channels_text(channels: Sequence[Any]) -> str:
    if not channels:
        return "Debug logs this tool switched on: none."
    lines = ["Debug logs this tool switched on (switch them off when you are done):"]
    off = next(r.id for r in CATALOG.values() if r.channel_state == "switched-off")
    for c in channels:
        lines.append(f"  {c.channel}  (since {c.enabled_at.isoformat()}, by {c.by})")
        lines.append(f"    esr-diag remedy run {off} --param channel={c.channel}")
    return "\n".join(lines)


def _snapshot(args: argparse.Namespace, remedy_id: str) -> Snapshot | None:
    """The --bundle, or for a device-changing remedy a live capture of this PC (None, with
    the reason on stderr, when none can be made)."""
    if args.bundle:
        return load_snapshot(args.bundle)
    if not spec(remedy_id).changes_device:
        return None
    factory = live_host_factory()
    if factory is None:
        _warn("No live capture of this PC: live capture needs Windows, and this is not Windows.")
        return None
    try:
        return capture(factory()).to_snapshot(kind="live")
    except EsrError as exc:
        _warn(f"No live capture of this PC: {exc}")
        return None


def _warn(text: str) -> None:
    sys.stderr.write(text + "\n")


def _make_plan(engine: RemedyEngine, args: argparse.Namespace) -> Plan:
    remedy = spec(args.remedy_id)
    if args.profile and remedy.kind != "cleanup":
        raise CliError(f"--profile only applies to the BrokerPlugin cleanup, not {remedy.id}")
    finding = getattr(args, "finding", None)
    if finding is not None and finding not in FINDING_IDS:
        raise CliError(f"--finding {finding!r} is not a finding this tool knows; nothing changed")
    params = {**remedy.default_params(finding), **parse_params(args.param)}
    return engine.plan(remedy.id, params, snapshot=_snapshot(args, remedy.id), profile=args.profile)


def run_plan(args: argparse.Namespace) -> int:
    """`remedy plan`: print the plan; 0 when it could run, 2 when it is refused."""
    plan = _make_plan(make_engine(), args)
    if args.json:
        _write_json({"plan": plan.model_dump(mode="json"), "runnable": plan.runnable})
    else:
        _say(render_plan(plan))
    return EXIT_OK if plan.runnable else EXIT_CANNOT_RUN


def _confirm_and_run(engine: RemedyEngine, plan: Plan, args: argparse.Namespace) -> int:
    """Shared tail of `run` and `restore`: refusals, the --yes gate, the result."""
    if not args.json:
        _say(render_plan(plan))
    if plan.rebind and getattr(args, "bundle", None):
        refusal = (plan.refusal or "this plan cannot run here").rstrip(".")
        raise CliError(f"cannot run: {refusal}.{NOT_FROM_A_BUNDLE}")
    if plan.needs_windows and not engine.env.on_windows:
        raise CliError(
            f"{plan.remedy_id} runs Windows programs or opens Windows pages, so it needs "
            "Windows; nothing changed"
        )
    if not plan.runnable:
        raise CliError(f"cannot run: {plan.refusal}")
    if not args.yes:
        if args.json:
            _write_json({"plan": plan.model_dump(mode="json"), "result": None})
        raise CliError(NOT_CONFIRMED)
    confirmation = Confirmation.of(plan, via="cli-yes", by=engine.env.user)
    result = engine.run(plan, confirmation)
    _print_result(plan, result, args.json)
    return EXIT_OK if result.status in ("done", "needs-restart") else EXIT_CANNOT_RUN


def _print_result(plan: Plan, result: RemedyResult, as_json: bool) -> None:
    if as_json:
        _write_json(
            {"plan": plan.model_dump(mode="json"), "result": result.model_dump(mode="json")}
        )
    else:
        _say("")
        _say(render_result(result))


def run_remedy(args: argparse.Namespace) -> int:
    """`remedy run`: print the plan, run it only with --yes, print the result."""
    engine = make_engine()
    return _confirm_and_run(engine, _make_plan(engine, args), args)


def run_restore(args: argparse.Namespace) -> int:
    """`remedy restore`: print what would be put back, restore only with --yes."""
    engine = make_engine()
    return _confirm_and_run(engine, engine.plan_restore(args.backup, args.profile), args)
