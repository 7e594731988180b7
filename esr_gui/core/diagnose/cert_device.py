"""cert.validity and cert.device-key: the device certificate's dates and its key's health.

Validity is judged against the capture time (dsregcmd's Client Time, else the bundle's
creation time), never the clock of the machine reading the capture: a two-year-old capture of
a healthy device must not read as expired today. Without either, the latest time dsregcmd
printed is a lower bound: it can prove a certificate had expired, never that it was valid.
Sources: Microsoft's dsregcmd reference and device FAQ (10-year default lifetime), CMTrace
Open (< 30 days left warns), DSRegTool (KeyProvider values) — diagnosis-parity.md §1.1, §1.4.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from esr_gui.core.diagnose.base import MISSING_DSREGCMD, missing_field, say
from esr_gui.core.diagnose.capture_trust import capture_time, latest_printed_time
from esr_gui.core.diagnose.cert_texts import KEY, KEY_STEP, VALIDITY
from esr_gui.core.diagnose.context import DiagContext
from esr_gui.core.diagnose.evidence import from_field
from esr_gui.core.diagnose.join_texts import REREGISTER
from esr_gui.core.diagnose.prereq_texts import join_words
from esr_gui.core.diagnose.record import FindingRecord, Rank
from esr_gui.core.dsreg_facts import FieldRef, parse_dsreg_time, parse_validity
from esr_gui.core.models.findings import Evidence, Finding

SOON = timedelta(days=30)
KNOWN_PROVIDERS = ("MICROSOFT PLATFORM CRYPTO PROVIDER", "MICROSOFT SOFTWARE KEY STORAGE PROVIDER")


def _day(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def _no_cert(ctx: DiagContext, key: str) -> Finding | None:
    """not-applicable on a device with no join and no work account; None otherwise."""
    facts = ctx.dsreg
    if facts is not None and ctx.join.joined is False and not facts.work_accounts:
        rid = "cert.validity" if key == "DeviceCertificateValidity" else "cert.device-key"
        verdict = VALIDITY["none"] if rid == "cert.validity" else KEY["none"]
        return say(rid, verdict, ctx.join.evidence, join=join_words(ctx.join.join_type))
    return None


def _judge(ref: FieldRef, at: datetime, proven_only: bool) -> tuple[str, dict[str, str]]:
    """(verdict key, template fields) for one printed validity at capture time `at`."""
    dates = parse_validity(ref.value)
    if dates is None:
        return "unreadable", {"value": ref.value}
    start, end = dates
    fields = {"end": _day(end), "at": _day(at), "section": ref.section}
    if end <= at:
        return "expired", fields
    if proven_only:
        return "no-time", fields
    if end - at < SOON:
        return "soon", {**fields, "days": str((end - at).days)}
    if start > at:
        return "future", {**fields, "start": _day(start)}
    return "ok", {**fields, "years": f"{(end - at).days / 365.25:.1f}"}


_MISSING: dict[str, list[str]] = {
    "no-time": ["the capture time (dsregcmd Client Time, or a bundle manifest)"],
    "contradicts": ["certificate dates consistent with the PRT update time (retyped text?)"],
    "unreadable": ["readable DeviceCertificateValidity dates (the value is not a date range)"],
}
_SEVERITY = ("expired", "soon", "future", "unreadable", "no-time", "ok")


def check_validity(ctx: DiagContext) -> Finding:
    """cert.validity: expired at capture time fail; < 30 days left warn; else pass."""
    rid = "cert.validity"
    facts = ctx.dsreg
    if facts is None:
        return say(rid, VALIDITY["unknown"], missing=[MISSING_DSREGCMD])
    gate = _no_cert(ctx, "DeviceCertificateValidity")
    if gate is not None:
        return gate
    refs = facts.sources_of("DeviceCertificateValidity")
    if not refs:
        missing = [missing_field("DeviceCertificateValidity", "Device Details")]
        return say(rid, VALIDITY["unknown"], ctx.join.evidence, missing=missing)
    when = capture_time(ctx)
    at = when.at or latest_printed_time(ctx)
    if at is None:
        printed = [from_field(r) for r in refs]
        return say(rid, VALIDITY["no-time"], printed, missing=_MISSING["no-time"])
    judged = [(_judge(ref, at, when.at is None), ref) for ref in refs]
    (key, fields), worst = min(judged, key=lambda j: _SEVERITY.index(j[0][0]))
    evidence: list[Evidence] = [from_field(worst, _note(key, fields)), *when.evidence]
    remedies: list[str] = []
    fix = ""
    if key == "expired":
        fix = REREGISTER.get(ctx.join.join_type, REREGISTER["any"])
        remedies = _remedies(ctx.join.join_type)
    prt = parse_dsreg_time(facts.prt_update_time)
    dates = parse_validity(worst.value)
    if key == "expired" and prt is not None and dates is not None and prt > dates[1]:
        # A PRT refreshed after the printed end proves the certificate still worked then.
        evidence += ctx.fields("AzureAdPrtUpdateTime")
        key, remedies = "contradicts", []
    missing = _MISSING.get(key, [])
    return say(rid, VALIDITY[key], evidence, remedies, missing, fix=fix, **fields)


def _note(key: str, fields: dict[str, str]) -> str:
    if key == "expired":
        return f"expired before the capture ({fields['at']})"
    if key == "soon":
        return f"{fields['days']} days left at the capture"
    return ""


def _remedies(join_type: str) -> list[str]:
    if join_type == "hybrid":
        return ["remedy.dsregcmd-leave"]
    return ["remedy.rejoin-azure-ad"]


def _key_problems(ctx: DiagContext) -> tuple[list[str], list[str], list[str]]:
    """(failures, warnings, notes) about the device key, from the printed key fields."""
    failures: list[str] = []
    warnings: list[str] = []
    notes: list[str] = []
    facts = ctx.dsreg
    status = facts.status if facts else None
    provider = (status.get("KeyProvider") or "").strip() if status else ""
    if provider and provider.upper() not in KNOWN_PROVIDERS:
        warnings.append(f"KeyProvider is {provider} (expected the Platform Crypto or Software KSP)")
    test = ((status.get("KeySignTest") or "") if status else "").strip(" :").upper()
    if "FAIL" in test or test.startswith("ERROR"):
        failures.append(f"KeySignTest {test.title()}: the device key could not sign")
    elif "ELEVATED" in test:
        notes.append("KeySignTest needs an elevated prompt, so it was not run")
    recovery = ((status.get("AadRecoveryEnabled") or "") if status else "").strip().upper()
    if recovery == "YES":
        warnings.append("AadRecoveryEnabled is YES: the device keys are marked for recovery")
    if ((status.get("TpmProtected") or "") if status else "").strip().upper() == "NO":
        notes.append("TpmProtected NO: the key is in software, which is allowed")
    return failures, warnings, notes


def check_device_key(ctx: DiagContext) -> Finding:
    """cert.device-key: KeySignTest failed fail; recovery pending / odd provider warn."""
    rid = "cert.device-key"
    if ctx.dsreg is None:
        return say(rid, KEY["unknown"], missing=[MISSING_DSREGCMD])
    gate = _no_cert(ctx, "KeyProvider")
    if gate is not None:
        return gate
    keys = ("KeyProvider", "TpmProtected", "KeySignTest", "AadRecoveryEnabled")
    evidence = ctx.fields(*keys)
    if not evidence:
        missing = [missing_field("KeyProvider / TpmProtected / KeySignTest", "Device Details")]
        return say(rid, KEY["unknown"], missing=missing)
    failures, warnings, notes = _key_problems(ctx)
    note = (" " + "; ".join(notes) + ".") if notes else ""
    if failures or warnings:
        key = "fail" if failures else "warn"
        what = "; ".join([*failures, *warnings])
        return say(rid, KEY[key], evidence, ["remedy.restart-and-sign-in"], what=what, note=note)
    return say(rid, KEY["ok"], evidence, note=note)


VALIDITY_RECORD = FindingRecord(
    id="cert.validity",
    area="registration",
    name="Device certificate valid",
    guide=(
        "Beyond the guide: DeviceCertificateValidity judged at the capture time (the guide only "
        "names a bad device certificate as a cause of an empty settings URL)"
    ),
    meaning="Whether the device certificate was within its dates when the capture was taken.",
    why=(
        "The device proves itself with this certificate; once it has expired the device gets "
        "no token, so ESR stops. It lasts 10 years by default, so a close end date is unusual."
    ),
    todo="Expired: re-register the device. Close to expiry: re-register it before the date.",
    check=check_validity,
    docs=(
        "DeviceCertificateValidity ended before the capture time (Client Time, else the bundle's"
        " creation time, never today's clock): `fail`; fewer than 30 days left: `warn`; no "
        "capture time and no later printed time proving expiry: `unknown`"
    ),
    action=REREGISTER["any"],
    ranks=(
        Rank(58, ("fail",), "an expired device certificate: no token can be issued"),
        Rank(305, ("warn",), "the certificate still works today; renew it before the date"),
    ),
)

DEVICE_KEY_RECORD = FindingRecord(
    id="cert.device-key",
    area="registration",
    name="Device key healthy",
    guide="Beyond the guide: KeyProvider, TpmProtected, KeySignTest and AadRecoveryEnabled",
    meaning="Whether the device's private key can still sign, and where it is kept.",
    why=(
        "A key that cannot sign (TPM cleared or faulty) fails device authentication; Windows "
        "then marks the keys for recovery and re-registers at the next sign-in."
    ),
    todo=KEY_STEP,
    check=check_device_key,
    docs=(
        "KeySignTest failed: `fail`; AadRecoveryEnabled YES or an unexpected KeyProvider: "
        "`warn`; TpmProtected NO alone is not a problem (software keys are allowed)"
    ),
    action=KEY_STEP,
    ranks=(
        Rank(59, ("fail",), "the device key cannot sign: device authentication fails"),
        Rank(245, ("warn",), "key recovery pending: the next sign-in repairs it"),
    ),
)
