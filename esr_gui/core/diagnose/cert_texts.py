"""Texts of cert.validity and cert.device-key (our words; sources in cert_device)."""

from __future__ import annotations

from esr_gui.core.diagnose.base import Verdict

KEY_STEP = (
    "Restart and sign in as the user: Windows recovers the device keys at sign-in. If "
    "KeySignTest still fails, check the TPM (tpm.msc) and re-register the device."
)

VALIDITY: dict[str, Verdict] = {
    "unknown": Verdict(
        "unknown",
        "Device certificate dates not known",
        "dsregcmd did not print DeviceCertificateValidity, so the certificate's dates are "
        "not known.",
    ),
    "none": Verdict(
        "not-applicable",
        "Not checked: {join}",
        "The device is neither joined to nor registered with Entra ID, so it has no device "
        "certificate.",
    ),
    "no-time": Verdict(
        "unknown",
        "Device certificate: capture time not known",
        "The certificate dates are printed, but neither dsregcmd's Client Time nor a bundle "
        "manifest says when the capture was taken, and no later time in the text proves it "
        "had expired. This tool does not judge a capture by today's date.",
    ),
    "unreadable": Verdict(
        "unknown",
        "Device certificate dates unreadable",
        "DeviceCertificateValidity reads '{value}', which is not a date range (redacted or "
        "cut), so the certificate's dates are not known.",
    ),
    "contradicts": Verdict(
        "unknown",
        "Device certificate dates contradict the PRT",
        "DeviceCertificateValidity ends at {end}, yet the PRT was refreshed later "
        "(AzureAdPrtUpdateTime), which needs a working device certificate: the printed dates "
        "are wrong (a retyped or edited text?), so the certificate's state is not known.",
    ),
    "expired": Verdict(
        "fail",
        "Device certificate expired",
        "The device certificate ({section}) was valid until {end}, before the capture at "
        "{at}. An expired certificate fails device authentication, so the device gets no "
        "token and ESR cannot sync. {fix}",
    ),
    "soon": Verdict(
        "warn",
        "Device certificate expires in {days} days",
        "The device certificate ({section}) is valid until {end}: {days} days after the "
        "capture at {at}. It normally lasts 10 years; re-register the device before it ends.",
    ),
    "future": Verdict(
        "warn",
        "Device certificate not yet valid at capture time",
        "The device certificate ({section}) starts at {start}, after the capture at {at}: the "
        "device clock, or the capture time, is wrong. Check the time settings.",
    ),
    "ok": Verdict(
        "pass",
        "Device certificate valid",
        "The device certificate ({section}) is valid until {end}, {years} years after the "
        "capture at {at}.",
    ),
}

KEY: dict[str, Verdict] = {
    "unknown": Verdict(
        "unknown",
        "Device key health not known",
        "dsregcmd did not print KeyProvider, TpmProtected or KeySignTest.",
    ),
    "none": Verdict(
        "not-applicable",
        "Not checked: {join}",
        "The device is neither joined to nor registered with Entra ID, so it has no device key.",
    ),
    "fail": Verdict(
        "fail",
        "Device key cannot sign",
        "{what}. Device authentication with this key fails, so no token for ESR.{note} " + KEY_STEP,
    ),
    "warn": Verdict(
        "warn",
        "Device key needs attention",
        "{what}.{note} " + KEY_STEP,
    ),
    "ok": Verdict(
        "pass",
        "Device key healthy",
        "The device key's provider is a standard one and nothing shows it failing.{note}",
    ),
}
