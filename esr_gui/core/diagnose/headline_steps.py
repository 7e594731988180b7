"""First steps the headline takes from the data itself, when a generic remedy would fail.

A finding's own remedy is the right first step for most causes. Two cases are not: a
registration error code in dsregcmd's Diagnostic Data names a cause that running the
registration task again cannot get past, and a device that was never joined needs joining,
not "disconnect and rejoin". Sources: the troubleshooting references for hybrid join
(error code tables) and the join flows of Settings › Access work or school.
"""

from __future__ import annotations

from dataclasses import dataclass

from esr_gui.core.models.findings import Finding
from esr_gui.core.parse.code_spellings import normalize_code

CODE_FIELD = "Client ErrorCode"


@dataclass(frozen=True)
class CodeStep:
    """What a registration error code means for the user, and the step that gets past it."""

    cause: str
    step: str


_SCP_CHECK = (
    "Check the service connection point: in Active Directory (Configuration partition, "
    "Services > Device Registration Configuration) it must name your tenant ID and a verified "
    "domain, or the device's HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\CDJ\\AAD key "
    "must hold TenantId and TenantName; a domain controller must answer. Only then run the "
    "registration task again."
)
_SYSTEM_NETWORK = (
    "Let the device reach enterpriseregistration.windows.net and login.microsoftonline.com "
    "as SYSTEM (the machine account must get through the proxy), then run the registration "
    "task again."
)

# Normalised code → cause and step. Only codes whose fix is specific and is not "try the task
# again" (0x801C0021, a generic discovery failure, names no cause of its own: its sub-code does).
REGISTRATION_STEPS: dict[str, CodeStep] = {
    "0x801C001D": CodeStep("the service connection point (SCP) could not be read", _SCP_CHECK),
    "0x801C003A": CodeStep(
        "the service connection point names a tenant that was not found",
        "Correct the tenant ID in the service connection point (or in CDJ\\AAD), check the "
        "tenant's subscription, then run the registration task again.",
    ),
    "0x801C001F": CodeStep("discovery of the registration service timed out", _SYSTEM_NETWORK),
    "0x801C003D": CodeStep("the sign-in realm could not be discovered", _SYSTEM_NETWORK),
    "0x8007000D": CodeStep(
        "an answer could not be parsed (often a proxy sign-in page)", _SYSTEM_NETWORK
    ),
    "0x801C03F2": CodeStep(
        "the computer object is not in Azure AD yet",
        "Wait for Entra Connect to sync the computer object (its OU must be in sync scope), "
        "then sign out and in; running the task earlier fails the same way.",
    ),
}

JOIN_STEP = (
    "Join the device to Azure AD: Settings > Accounts > Access work or school > Connect > "
    "Join this device to Azure AD (if the same work account was added there, remove it "
    "first). It was never joined, so there is no join to undo."
)


def _value(finding: Finding, field: str) -> str | None:
    return next((e.value for e in finding.evidence if e.field == field), None)


def registration_code(finding: Finding) -> tuple[str, CodeStep] | None:
    """The registration error code the finding cites, with its step, when one is known."""
    for evidence in finding.evidence:
        if evidence.field == CODE_FIELD:
            code = normalize_code(evidence.value)
            step = REGISTRATION_STEPS.get(code or "")
            if code and step:
                return code, step
    return None


def has_registration_code(finding: Finding) -> bool:
    """True when the finding cites a registration error code with a specific step."""
    return registration_code(finding) is not None


def never_joined(finding: Finding) -> bool:
    """True when the join evidence shows neither a join nor a domain (none or registered)."""
    azure = (_value(finding, "AzureAdJoined") or "").upper()
    domain = (_value(finding, "DomainJoined") or "").upper()
    return azure == "NO" and domain != "YES"
