"""How a status looks: an SVG icon plus a word (never colour alone), and the finding groups."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from PySide6.QtGui import QIcon

from esr_gui.core.diagnose.verdict import INPUT_ID, run_state
from esr_gui.core.models.findings import Finding
from esr_gui.resources import resources_dir

STATUS_WORDS: dict[str, str] = {
    "pass": "Pass",
    "fail": "Fail",
    "warn": "Warning",
    "info": "Info",
    "manual": "Check by hand",
    "confirmed": "Confirmed",
    "unknown": "Unknown",
    "not-applicable": "Does not apply",
    "running": "Running",
}
STATUS_HINTS: dict[str, str] = {
    "pass": "The check passed.",
    "fail": "The check failed: this stops or breaks settings sync.",
    "warn": "Something to look at: it may stop sync.",
    "info": "For information.",
    "manual": "A person must check this; the steps say how.",
    "confirmed": "A technician confirmed this manual check in this session.",
    "unknown": "The data this check needs was not captured, or could not be read.",
    "not-applicable": "This check does not apply to this device.",
    "running": "Working…",
}


@dataclass(frozen=True)
class Group:
    """A group of findings, by id prefix."""

    key: str
    title: str
    prefix: str
    description: str


GROUPS: tuple[Group, ...] = (
    Group("input", "Capture", "input.", "Whether dsregcmd /status could be read, in full."),
    Group("prereq", "Prerequisites", "prereq.", "The guide's five preliminary steps."),
    Group("sync", "Verify sync", "sync.", "The “Sync your settings” page and the two-device test."),
    Group("reg", "Device registration", "reg.", "dsregcmd /status: join, WAM and settings URL."),
    Group("prt", "Sign-in token (PRT)", "prt.", "dsregcmd /status SSO State: the user's PRT."),
    Group("join", "Join and device", "join.", "The device object, the join stage and its flags."),
    Group("cert", "Device certificate", "cert.", "The device certificate's dates and its key."),
    Group("capture", "Capture trust", "capture.", "Who ran dsregcmd, where, and when."),
    Group("mfa", "Multi-factor authentication", "mfa.", "Sign-in method and token expiry."),
    Group("ev", "Sync logs", "ev.", "Failures the SettingSync and CloudStore logs record."),
    Group("ki", "Known issues that apply", "ki.", "Only the known issues that apply are listed."),
    Group("tenant", "Tenant (Entra ID)", "tenant.", "The device object and the user's account."),
    Group("net", "Network", "net.", "The endpoints, tested from the device (opt in)."),
)


def group_of(finding_id: str) -> Group | None:
    """The group a finding id belongs to."""
    return next((g for g in GROUPS if finding_id.startswith(g.prefix)), None)


def word(status: str) -> str:
    """The word shown next to a status icon."""
    return STATUS_WORDS.get(status, status.capitalize())


@cache
def icon(status: str) -> QIcon:
    """The SVG icon of a status (an empty icon when the file is missing)."""
    path = resources_dir() / "icons" / f"status-{status}.svg"
    return QIcon(str(path)) if path.is_file() else QIcon()


@cache
def named_icon(name: str) -> QIcon:
    """Another GUI icon from resources/icons (`action-fix`, `demo-banner`, `esr`)."""
    path = resources_dir() / "icons" / f"{name}.svg"
    return QIcon(str(path)) if path.is_file() else QIcon()


def finished_message(findings: list[Finding]) -> str:
    """The status-bar line after a diagnosis: the verdict word first, never OK on unread input.

    "Diagnosis finished: UNKNOWN (dsregcmd /status was captured but could not be read); 0
    failing, 0 warnings, 26 checks."
    """
    state = run_state(findings)
    bad = sum(1 for f in findings if f.status == "fail")
    warn = sum(1 for f in findings if f.status == "warn")
    counts = (
        f"{bad} failing, {warn} {'warning' if warn == 1 else 'warnings'}, {len(findings)} checks"
    )
    source = next((f for f in findings if f.id == INPUT_ID), None)
    if state == "UNKNOWN" and source is not None:
        return f"Diagnosis finished: UNKNOWN ({source.title}); {counts}."
    return f"Diagnosis finished: {state}; {counts}."
