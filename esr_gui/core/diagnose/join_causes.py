"""Why a hybrid join stopped: dsregcmd's Diagnostic Data read into one cause with a first step.

The pre-join tests (AD Connectivity, AD Configuration, DRS Discovery, DRS Connectivity, Token
acquisition), Error Phase, Client ErrorCode, Server ErrorCode and Server Message are read
together; a test's sub-code (after the `/`) names the real cause and wins over its main code.
Sources: Microsoft's hybrid join troubleshooting (error phases and code tables) and dsregcmd
reference, as summarised in diagnosis-parity.md §1.4 and §2.1–2.3.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from esr_gui.core.diagnose.headline_steps import REGISTRATION_STEPS
from esr_gui.core.dsreg_facts import parse_test_result
from esr_gui.core.models.dsreg import normalize_key
from esr_gui.core.models.findings import Finding
from esr_gui.core.parse.code_spellings import find_codes

TEST_KEYS = (
    "AD Connectivity Test",
    "AD Configuration Test",
    "DRS Discovery Test",
    "DRS Connectivity Test",
    "Token acquisition Test",
)
STAGE_KEYS = (
    *TEST_KEYS,
    "Previous Registration",
    "Registration Type",
    "Error Phase",
    "Client ErrorCode",
    "Server ErrorCode",
    "Server Message",
    "Https Status",
)

_TPM = frozenset({"0x80090016", "0x80290407", "0x80280036", "0x80090031"})
_SCP = frozenset({"0x801C001D"})
_TENANT = frozenset({"0x801C003A"})
_NETWORK_PREFIXES = ("0x80072E", "0x80072F", "0xCAA82E", "0xCAA82F")
_NETWORK = frozenset({"0x801C001F", "0x801C003D", "0x8007000D"})
_FEDERATION_PREFIXES = ("0xCAA9", "0xCAA2", "0xCAA1")
_BUSY = frozenset({"0x801C0025"})
_SYNC = frozenset({"0x801C03F2", "0x801C0002"})
_REPLICATION = frozenset({"0x80070520", "0x80070525"})
# Win32 1312 / 1317 printed in decimal: not part of a longer number, time or version.
_REPLICATION_WIN32 = re.compile(r"(?<![\w.:/-])(1312|1317)(?![\w:/-]|\.\d)")
_ERROR_TEXT_KEYS = (*TEST_KEYS, "Client ErrorCode", "Server ErrorCode", "Server Message")
_TENANT_GUID = re.compile(r"AADSTS90002.*[0-9a-f]{8}-[0-9a-f]{4}-", re.IGNORECASE)
_WINHTTP = re.compile(r"\b(12002|12007|12029|12030)\b")


@dataclass(frozen=True)
class JoinCause:
    """One join-stopping cause: its key, what it means, and the first step that gets past it."""

    key: str
    cause: str
    step: str


_STEP_FEDERATION = (
    "Check the federation service (AD FS): its WS-Trust windowstransport endpoints must be "
    "enabled and reachable from the device as SYSTEM, and it must issue the device "
    "registration claims; then run the registration task again."
)
CAUSES: dict[str, JoinCause] = {
    c.key: c
    for c in (
        JoinCause(
            "dc",
            "no domain controller could be reached (pre-check phase)",
            "Connect the device to the corporate network or VPN so it can reach a domain "
            "controller, then sign out and in (registration retries at sign-in).",
        ),
        JoinCause(
            "scp",
            "the service connection point (SCP) could not be read or names a wrong tenant",
            REGISTRATION_STEPS["0x801C001D"].step,
        ),
        JoinCause(
            "tenant",
            "the service connection point names a tenant that was not found",
            REGISTRATION_STEPS["0x801C003A"].step,
        ),
        JoinCause(
            "network",
            "the device could not reach the registration or sign-in service as SYSTEM",
            REGISTRATION_STEPS["0x801C001F"].step,
        ),
        JoinCause(
            "discovery",
            "discovery of the registration service failed (no documented sub-code)",
            REGISTRATION_STEPS["0x801C001F"].step,
        ),
        JoinCause("federation", "the federation service did not issue a token", _STEP_FEDERATION),
        JoinCause(
            "sync",
            "the computer object is not in Entra ID yet (sync-join waits for Entra Connect)",
            REGISTRATION_STEPS["0x801C03F2"].step,
        ),
        JoinCause(
            "replication",
            "the domain controller did not know the computer account or its logon session yet "
            "(Win32 1312 / 1317: not yet replicated)",
            "Wait for Active Directory replication to reach the domain controller the device "
            "uses (check the computer object there: nltest /dsgetdc and Active Directory Users "
            "and Computers), and for the next Entra Connect sync; then sign out and in to retry "
            "the join.",
        ),
        JoinCause(
            "busy",
            "the registration service was busy or throttled the device",
            "Wait at least five minutes and sign in again: the registration service is busy "
            "or throttling repeated attempts; nothing on the device needs fixing.",
        ),
        JoinCause(
            "tpm",
            "the TPM could not create or use the device key",
            "Check the TPM (tpm.msc): a cleared, locked-out, FIPS-mode or faulty TPM stops the "
            "device key. Wait out a lockout, update the TPM firmware or clear the fault, then "
            "register again (Windows 10 1809 and later fall back to a software key).",
        ),
        JoinCause(
            "code",
            "the join stopped with an error code this tool has no specific step for",
            "Look the Client ErrorCode up in Microsoft's hybrid join troubleshooting "
            "(aka.ms/aadjerrors) and read the Server Message; then run the registration task "
            "again.",
        ),
        JoinCause(
            "never",
            "the device never tried to register (no attempt and no error recorded)",
            "Check that hybrid join is set up for this device: the service connection point (or"
            " the CDJ\\AAD registry key) names the tenant, and the Automatic-Device-Join task "
            "(Task Scheduler > Microsoft > Windows > Workplace Join) is enabled; then sign out "
            "and in.",
        ),
    )
}


def _is_network(code: str) -> bool:
    return code in _NETWORK or code.startswith(_NETWORK_PREFIXES)


def _failed(values: dict[str, str], key: str) -> tuple[str, ...] | None:
    """The codes of a failed test (sub-code last), or None when it did not fail."""
    result = parse_test_result(values.get(normalize_key(key)))
    return result.codes if result is not None and result.failed else None


def _by_code(codes: Iterable[str]) -> str | None:
    for code in codes:
        if code in _TPM:
            return "tpm"
        if code in _SCP:
            return "scp"
        if code in _TENANT:
            return "tenant"
        if _is_network(code):
            return "network"
        if code.startswith(_FEDERATION_PREFIXES):
            return "federation"
        if code in _BUSY:
            return "busy"
    return None


def by_replication(values: dict[str, str]) -> bool:
    """True when an error field or test result holds Win32 1312 or 1317 (any spelling)."""
    for key in _ERROR_TEXT_KEYS:
        text = values.get(normalize_key(key), "")
        if _REPLICATION_WIN32.search(text) or _REPLICATION.intersection(find_codes(text)):
            return True
    return False


def _by_server(values: dict[str, str], client: list[str]) -> str | None:
    message = values.get(normalize_key("Server Message"), "")
    if "throttl" in message.lower() or values.get(normalize_key("Https Status")) == "503":
        return "busy"
    if _TENANT_GUID.search(message):
        return "tenant"
    if any(c in _SYNC for c in client):
        return "sync"
    return None


def _by_tests(values: dict[str, str]) -> str | None:
    sub_codes: list[str] = []
    for key in TEST_KEYS:
        codes = _failed(values, key)
        if codes:
            sub_codes.extend(reversed(codes))  # the sub-code names the cause
    found = _by_code(sub_codes)
    if found is not None:
        return found
    if _failed(values, "AD Connectivity Test") is not None:
        return "dc"
    if _failed(values, "AD Configuration Test") is not None:
        return "scp"
    if _failed(values, "DRS Connectivity Test") is not None:
        return "network"
    if _failed(values, "Token acquisition Test") is not None:
        return "federation"
    return "discovery" if _failed(values, "DRS Discovery Test") is not None else None


def classify(values: dict[str, str]) -> str | None:
    """The cause key (see `CAUSES`) the Diagnostic Data values show, or None when no failure.

    `values` maps normalised keys (models.dsreg.normalize_key) to printed values.
    """
    client = find_codes(values.get(normalize_key("Client ErrorCode"), ""))
    server = _by_server(values, client)
    if server in ("busy", "tenant"):
        return server
    phase = values.get(normalize_key("Error Phase"), "").strip().lower()
    if phase.replace("-", "") == "precheck" or _failed(values, "AD Connectivity Test") is not None:
        return "dc"  # without a domain controller, the SCP and the rest cannot be read
    tpm_or_scp = _by_code(c for c in client if c in _TPM | _SCP | _TENANT)
    if tpm_or_scp is not None:
        return tpm_or_scp
    if by_replication(values):
        return "replication"
    found = _by_tests(values) or server or _by_code(client)
    if found is None and _WINHTTP.search(" ".join(values.values())):
        found = "network"
    if found is None and (client or phase):
        found = "code"
    return found


def finding_values(finding: Finding) -> dict[str, str]:
    """A finding's dsregcmd evidence as normalised key → value (for the ranking rows)."""
    return {normalize_key(e.field): e.value for e in finding.evidence if e.source == "dsregcmd"}


def cause_of(finding: Finding) -> JoinCause | None:
    """The join cause a join.stage finding's evidence shows ("never" when it says so)."""
    values = finding_values(finding)
    offline = any(
        e.source == "system"
        and e.field.endswith("domain_controller_reachable")
        and e.value == "false"
        for e in finding.evidence
    )
    key = classify(values) or ("dc" if offline else None)
    key = key or ("never" if never_attempted(values) else None)
    return CAUSES.get(key or "")


def never_attempted(values: dict[str, str]) -> bool:
    """Domain joined, not in Entra ID, and no attempt, error or failed test recorded."""

    def word(key: str) -> str:
        return values.get(normalize_key(key), "").strip().upper()

    return (
        word("DomainJoined") == "YES"
        and word("AzureAdJoined") == "NO"
        and not word("Previous Registration")
        and classify(values) is None
    )


def when_cause(key: str) -> Callable[[Finding], bool]:
    """A ranking `when` that holds for join.stage findings showing cause `key`."""

    def when(finding: Finding) -> bool:
        cause = cause_of(finding)
        return cause is not None and cause.key == key

    when.__name__ = f"join_cause_{key}"
    return when
