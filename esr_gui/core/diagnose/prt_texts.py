"""Status texts of the prt.* findings (what the technician reads), in our own words."""

from __future__ import annotations

from esr_gui.core.diagnose.base import Verdict

STATUS = {
    "not-printed": Verdict(
        "unknown",
        "PRT state not known",
        "dsregcmd /status printed no AzureAdPrt, so it is not known whether the user holds "
        "an Azure AD token.",
    ),
    "yes": Verdict(
        "pass",
        "The user holds an Azure AD primary refresh token (PRT)",
        "AzureAdPrt is YES: Windows can get the user's tokens silently, which sync needs.",
    ),
    "no-cause": Verdict(
        "fail",
        "No Azure AD token (PRT): the last attempt failed with {code}",
        "AzureAdPrt is NO, so sync cannot get the user's token and nothing roams. The last "
        "attempt failed because {cause} ({code}). {step}",
    ),
    "no": Verdict(
        "fail",
        "No Azure AD token (PRT) for the signed-in user",
        "AzureAdPrt is NO, so sync cannot get the user's token and nothing roams. dsregcmd "
        "printed no reason{why}. Lock and unlock (or sign out and in) while online, then run "
        "dsregcmd /status again; if AzureAdPrt stays NO, the AAD Operational log names the "
        "failing step.",
    ),
}

FRESH = {
    "no-prt": Verdict(
        "not-applicable",
        "No PRT to refresh",
        "AzureAdPrt is not YES (see prt.status), so there is no token whose age matters.",
    ),
    "no-time": Verdict(
        "unknown",
        "When the PRT was last refreshed is not known",
        "dsregcmd printed no readable AzureAdPrtUpdateTime ({value}).",
    ),
    "no-capture-time": Verdict(
        "unknown",
        "PRT age not known: the capture time is missing",
        "The PRT was last refreshed at {updated}, but this capture carries no capture time "
        "(no manifest, no dsregcmd Client Time), so its age cannot be told. The clock of the "
        "computer running this tool is not used: a capture read later would look stale.",
    ),
    "expired": Verdict(
        "fail",
        "The PRT had expired when the capture was taken",
        "AzureAdPrtExpiryTime ({expiry}) is before the capture time ({captured}): the token "
        "can no longer be refreshed and sync stops. Lock and unlock while online (or sign out "
        "and in) to get a new one.",
    ),
    "stale": Verdict(
        "warn",
        "The PRT has not been refreshed for {age}",
        "Windows renews the PRT about every 4 hours while the user is signed in and online; it "
        "was last refreshed at {updated}, {age} before the capture ({captured}). Lock and "
        "unlock while online, then check that AzureAdPrtUpdateTime moves; if it does not, "
        "the failed refresh is printed under RefreshPrtDiagnostics.",
    ),
    "fresh": Verdict(
        "pass",
        "The PRT was refreshed {age} before the capture",
        "Last refreshed at {updated}, within the 4 hours Windows renews it in.",
    ),
}

ATTEMPT = {
    "none-yes": Verdict(
        "pass",
        "No failed PRT attempt since the last refresh",
        "AzureAdPrt is YES and dsregcmd printed no failed acquire or refresh after it.",
    ),
    "none-no": Verdict(
        "unknown",
        "Why the PRT is missing is not printed",
        "AzureAdPrt is NO but dsregcmd printed no Attempt Status: Windows 10 before 21H1 does "
        "not print it. The AAD Operational log (events 1006 to 1007, 1081, 1088) holds it.",
    ),
    "superseded": Verdict(
        "info",
        "An older PRT failure, refreshed since",
        "A PRT attempt failed at {when} ({code}: {cause}), but the PRT was refreshed after "
        "it, so it is not the current state.",
    ),
    "failed": Verdict(
        "fail",
        "Last PRT attempt failed with {code}",
        "It failed because {cause}. {owner}First step: {step}",
    ),
    "refresh-failed": Verdict(
        "warn",
        "A PRT refresh failed with {code}",
        "The user still holds a PRT, but a refresh after its last update failed because "
        "{cause}; once the PRT expires sync stops. {owner}First step: {step}",
    ),
    "undecoded": Verdict(
        "fail",
        "Last PRT attempt failed; dsregcmd printed no code",
        "The diagnostics block is there but names no status or server error. The AAD "
        "Operational log around the time of the attempt holds the failing step.",
    ),
}

SUFFIX = {
    "ok": Verdict(
        "pass",
        "The UPN suffix works for sign-in",
        "AzureAdPrt is YES, so Entra found the tenant from the user's UPN suffix.",
    ),
    "other": Verdict(
        "not-applicable",
        "The PRT failure is not a UPN suffix problem",
        "The last PRT attempt failed for another reason (see prt.last-attempt).",
    ),
    "no-data": Verdict(
        "unknown",
        "Whether the UPN suffix works is not known",
        "AzureAdPrt is NO and dsregcmd printed no server error or Attempt Status to tell.",
    ),
    "fail": Verdict(
        "fail",
        "The UPN suffix is not a domain of the tenant ({code})",
        "{cause}. Entra finds the user's tenant from the UPN suffix, so no sign-in with this "
        "UPN can get a PRT, and signing out and in fails the same way. First step: {step}",
    ),
    "suspect": Verdict(
        "warn",
        "No PRT, and the user's UPN ({upn}) has a non-routable suffix",
        "AzureAdPrt is NO and the UPN ends in a suffix that can never be a verified domain of "
        "an Entra tenant; dsregcmd printed no server error to confirm it. Give the user a "
        "routable UPN suffix that is a verified domain (or an alternate login ID), sync, then "
        "sign out and in.",
    ),
}

ACCOUNT = {
    "ok": Verdict(
        "pass",
        "No account problem stopped the PRT",
        "AzureAdPrt is YES: the account could sign in to Azure AD.",
    ),
    "other": Verdict(
        "not-applicable",
        "The PRT failure is not an account problem",
        "The last PRT attempt failed for another reason (see prt.last-attempt).",
    ),
    "no-data": Verdict(
        "unknown",
        "Whether the account can sign in is not known",
        "AzureAdPrt is NO and dsregcmd printed no server error to tell an account problem.",
    ),
    "fail": Verdict(
        "fail",
        "Azure AD refused the account: {cause} ({code})",
        "The last PRT attempt{credential} failed because {cause}. Without a PRT sync gets "
        "no token. First step: {step}",
    ),
}

ENTERPRISE = {
    "yes": Verdict(
        "pass",
        "AD FS token (EnterprisePrt) present",
        "The user also holds a PRT from AD FS for on-premises resources.",
    ),
    "managed": Verdict(
        "not-applicable",
        "No AD FS token expected",
        "EnterprisePrt is NO and nothing points at AD FS (no EnterprisePrtAuthority, no AD FS "
        "endpoint): a managed domain has no AD FS PRT.",
    ),
    "missing": Verdict(
        "info",
        "No AD FS token (EnterprisePrt NO) on a federated device",
        "The device points at AD FS ({authority}) but holds no AD FS PRT. Enterprise State "
        "Roaming uses the Azure AD PRT, not this one; on-premises single sign-on through AD "
        "FS does need it, and it is issued at a sign-in with line of sight to AD FS.",
    ),
    "not-printed": Verdict(
        "unknown",
        "AD FS token state not known",
        "dsregcmd /status printed no EnterprisePrt.",
    ),
}
