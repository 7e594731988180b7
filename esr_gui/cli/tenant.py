"""`--tenant` for `check` and `collect`: sign in to Microsoft Graph and read the tenant's view.

The device code goes to stderr (stdout stays the report, the JSON or the bundle path), with
progress lines; `--intune` never signs in (see `refuse_with_intune`).
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING

from esr_gui.core.diagnose.context import DiagContext
from esr_gui.core.models.snapshot import Snapshot
from esr_gui.core.tenant.problems import describe

if TYPE_CHECKING:
    from esr_gui.platform.graph.options import DeviceCode
    from esr_gui.platform.graph.tenant_check import TenantCheckResult

INTUNE_REFUSAL = (
    "--tenant cannot be used with --intune: an Intune run has nobody to sign in, and "
    "--intune never prompts. Run esr-diag check --tenant as a technician instead."
)


def add_tenant_arguments(parser: argparse.ArgumentParser) -> None:
    """`--tenant [TENANT]`, `--client-id ID`, `--sign-in {device-code,browser}`."""
    group = parser.add_argument_group("tenant (Microsoft Graph, read only)")
    group.add_argument(
        "--tenant",
        metavar="TENANT",
        nargs="?",
        const="",
        help="also sign in to Microsoft Graph and check the licence, the user account and the "
        "device object; TENANT (a tenant id or domain) defaults to the device's own tenant",
    )
    group.add_argument(
        "--client-id",
        metavar="ID",
        help="application (client) id to sign in with (default: ESR_GRAPH_CLIENT_ID, else "
        "Microsoft Graph Command Line Tools)",
    )
    group.add_argument(
        "--sign-in",
        choices=("device-code", "browser"),
        default="device-code",
        help="device-code (default: a code to enter on any device) or browser (this PC)",
    )


def wants_tenant(args: argparse.Namespace) -> bool:
    """True when --tenant was given (with or without a value)."""
    return getattr(args, "tenant", None) is not None


def _show_code(code: DeviceCode) -> None:
    text = code.message or f"Open {code.url} and enter the code {code.code}."
    sys.stderr.write(f"esr-diag: {text}\n")
    sys.stderr.flush()


def _say(text: str) -> None:
    sys.stderr.write(f"esr-diag: {text}\n")
    sys.stderr.flush()


def run_tenant_check(args: argparse.Namespace, snapshot: Snapshot) -> TenantCheckResult:
    """Sign in and read the tenant for `snapshot`'s device and user (blocking)."""
    # MSAL, requests and cryptography load only when --tenant is used: every other run of
    # esr-diag (Intune runs it on every device) starts without them.
    from esr_gui.platform.graph.options import resolve_options  # noqa: PLC0415
    from esr_gui.platform.graph.tenant_check import check_tenant, target_of  # noqa: PLC0415

    ctx = DiagContext(snapshot)
    device_tenant = ctx.dsreg.tenant_id if ctx.dsreg else None
    options = resolve_options(
        dict(os.environ),
        client_id=args.client_id,
        tenant=args.tenant or None,
        device_tenant=device_tenant,
        flow=args.sign_in,
    )
    result = check_tenant(options, target_of(snapshot), show_code=_show_code, say=_say)
    if result.graph.sign_in is not None:
        _say(f"the tenant could not be checked: {describe(result.graph.sign_in)}")
    return result


def with_graph(snapshot: Snapshot, result: TenantCheckResult) -> Snapshot:
    """`snapshot` with the tenant check's Graph data (replacing any it had)."""
    return snapshot.model_copy(update={"graph": result.graph})
