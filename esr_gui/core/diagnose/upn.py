"""The user's UPN as the device knows it (whoami /upn, dsregcmd, LogonUI), and its case."""

from __future__ import annotations

from esr_gui.core.diagnose.context import LOGONUI_KEY, DiagContext
from esr_gui.core.diagnose.evidence import from_upn
from esr_gui.core.models.findings import Evidence


def user_upns(ctx: DiagContext) -> list[tuple[str, Evidence]]:
    """The user's UPN from whoami /upn, dsregcmd and LogonUI, each with its evidence."""
    found: list[tuple[str, Evidence]] = []
    if ctx.snap.upn and "@" in ctx.snap.upn:
        found.append((ctx.snap.upn, from_upn(ctx.snap.upn, "whoami /upn")))
    for upn in ctx.dsreg.upn_candidates if ctx.dsreg else []:
        found.append(
            (upn, from_upn(upn, "dsregcmd /status (Executing Account Name / User Identity)"))
        )
    last = ctx.snap.registry.value(LOGONUI_KEY, "LastLoggedOnUser")
    if last is not None and isinstance(last.data, str) and "@" in last.data:
        found.append((last.data.strip(), from_upn(last.data.strip(), "LogonUI LastLoggedOnUser")))
    return found


def has_capitals(upn: str) -> bool:
    """Whether the user-name part of a UPN (before the @) has capital letters.

    The known issue is about the user name's case (UserName vs username); the domain part
    is a DNS name, which Azure AD compares without regard to case.
    """
    name = upn.rpartition("@")[0] or upn
    return name != name.lower()
