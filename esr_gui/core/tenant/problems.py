"""Sign-in and Graph errors → a problem kind, and the sentence that says how to fix each.

Entra ID answers a failed sign-in with an OAuth error name, AADSTS codes and a description;
Graph answers a failed call with an HTTP status and `{"error": {"code", "message"}}`. Both
become a GraphProblem, which a finding shows as `unknown` evidence with the fix below.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from esr_gui.core.tenant.model import GraphData, GraphProblem, ProblemKind

MESSAGE_LIMIT = 300
_AADSTS = re.compile(r"AADSTS(\d+)")
# AADSTS codes (learn.microsoft.com/entra/identity-platform/reference-error-codes)
_ADMIN_CODES = {90094, 90095, 90099}  # the grant needs an administrator's consent
_CONSENT_CODES = {65001}  # the user or an administrator has not consented
_DECLINED_CODES = {65004, 70000}  # the user declined consent / the sign-in
_EXPIRED_CODES = {70020}  # the device code expired
_APP_CODES = {700016, 7000215}  # the app is not known in this tenant

FIXES: dict[ProblemKind, str] = {
    "consent-required": (
        "Nobody has consented to this permission for the app yet. Sign in again and accept "
        "the consent prompt, or ask an administrator to grant consent for the organisation."
    ),
    "admin-consent": (
        "Reading device objects (Device.Read.All) needs an administrator's consent. A Global "
        "Administrator, Privileged Role Administrator or Cloud Application Administrator grants "
        "it once for the organisation: Entra admin center › Enterprise applications › the app "
        "used for signing in › Permissions › Grant admin consent; then check the tenant again."
    ),
    "declined": (
        "The sign-in or the consent was declined in the browser. Check the tenant again and "
        "accept; if the page says an administrator must approve, ask one to grant consent."
    ),
    "expired-code": (
        "The sign-in code expired before anyone entered it (codes last about 15 minutes). "
        "Check the tenant again and enter the new code promptly."
    ),
    "browser-cancelled": (
        "The browser sign-in was closed or cancelled before it finished. Check the tenant "
        "again, or use the device code sign-in from another device."
    ),
    "unauthorized": (
        "Microsoft Graph did not accept the sign-in (401): the token was missing, expired or "
        "for another tenant. Check the tenant again and sign in to the device's tenant."
    ),
    "forbidden": (
        "Microsoft Graph refused the request (403): the permission was not granted, or the "
        "account that signed in may not read this (a directory role such as Global Reader or "
        "Cloud Device Administrator can read devices and other users)."
    ),
    "throttled": (
        "Microsoft Graph asked us to slow down (429) for longer than we wait. Check the "
        "tenant again in a few minutes."
    ),
    "no-network": (
        "Microsoft Graph or the sign-in service could not be reached from this computer "
        "(no network, DNS, proxy or firewall). Check the connection and try again."
    ),
    "timeout": (
        "Microsoft Graph or the sign-in service did not answer in time. Try again; if it "
        "keeps happening, check the proxy and firewall."
    ),
    "cancelled": "The tenant check was cancelled before this was read. Check the tenant again.",
    "app-not-found": (
        "The app used for signing in is not known in this tenant. Use the organisation's own "
        "app registration (setting 'Graph client id', or --client-id)."
    ),
    "not-found": "Microsoft Graph found no such object (404).",
    "unreadable": "What Graph answered could not be read from the bundle.",
    "error": "Microsoft Graph or the sign-in service reported an error; its text is shown.",
}


def fix_for(problem: GraphProblem) -> str:
    """The sentence that says what to do about `problem`."""
    return FIXES[problem.kind]


def describe(problem: GraphProblem) -> str:
    """`403 Authorization_RequestDenied: Insufficient privileges…` (what was said, short)."""
    head = " ".join(p for p in (str(problem.status or ""), problem.code) if p)
    text = first_line(problem.message)
    said = f"{head}: {text}" if head and text else head or text
    if problem.retry_after is not None:
        said += f" (Retry-After {problem.retry_after} s)"
    return said


def first_line(text: str) -> str:
    """The first line of an error text, at most MESSAGE_LIMIT characters (AADSTS texts carry
    trace and correlation ids on further lines)."""
    line = (text or "").strip().splitlines()[0].strip() if (text or "").strip() else ""
    return line if len(line) <= MESSAGE_LIMIT else line[: MESSAGE_LIMIT - 3] + "..."


def _codes(description: str, codes: Iterable[object]) -> set[int]:
    found = {int(str(c)) for c in codes if str(c).isdigit()}
    found.update(int(m) for m in _AADSTS.findall(description or ""))
    return found


def classify_sign_in(result: Mapping[str, object]) -> GraphProblem:
    """A problem from an MSAL error result (`error`, `error_description`, `error_codes`…)."""
    error = str(result.get("error") or "")
    description = str(result.get("error_description") or "")
    raw_codes = result.get("error_codes")
    codes = _codes(description, raw_codes if isinstance(raw_codes, list) else [])
    suberror = str(result.get("suberror") or "")
    kind: ProblemKind = "error"
    if codes & _ADMIN_CODES:
        kind = "admin-consent"
    elif codes & _CONSENT_CODES or suberror == "consent_required" or error == "consent_required":
        kind = "consent-required"
    elif error in ("expired_token", "code_expired") or codes & _EXPIRED_CODES:
        kind = "expired-code"
    elif error in ("authorization_declined", "access_denied") or codes & _DECLINED_CODES:
        kind = "declined"
    elif codes & _APP_CODES or error in ("invalid_client", "unauthorized_client"):
        kind = "app-not-found"
    return GraphProblem(kind=kind, code=error, message=first_line(description))


def classify_http(status: int, body: object, retry_after: int | None = None) -> GraphProblem:
    """A problem from a non-2xx Graph answer and its `{"error": {...}}` body."""
    error = body.get("error") if isinstance(body, dict) else None
    code = str(error.get("code") or "") if isinstance(error, dict) else ""
    message = str(error.get("message") or "") if isinstance(error, dict) else ""
    kinds: dict[int, ProblemKind] = {
        401: "unauthorized",
        403: "forbidden",
        404: "not-found",
        429: "throttled",
    }
    kind = kinds.get(status, "error")
    return GraphProblem(
        kind=kind, status=status, code=code, message=first_line(message), retry_after=retry_after
    )


_SHORT: dict[ProblemKind, str] = {
    "consent-required": "consent needed", "admin-consent": "an administrator must consent",
    "declined": "declined", "expired-code": "the code expired",
    "browser-cancelled": "the browser sign-in was closed", "unauthorized": "401",
    "forbidden": "refused, 403", "throttled": "throttled, 429", "no-network": "no network",
    "timeout": "timed out", "cancelled": "cancelled", "app-not-found": "unknown app",
    "not-found": "not found, 404", "unreadable": "unreadable", "error": "an error",
}  # fmt: skip


def outcome_line(graph: GraphData) -> str:
    """One sentence on what a tenant check read, for a status line or stderr."""
    if graph.sign_in is not None:
        return f"Not signed in: {describe(graph.sign_in) or graph.sign_in.kind}."
    names = {"user": "user account", "licenses": "licences", "devices": "device object"}
    parts = []
    for kind, name in names.items():
        call = graph.call(kind)  # type: ignore[arg-type]
        if call is None:
            continue
        said = "read" if call.problem is None else f"not read ({_SHORT[call.problem.kind]})"
        parts.append(f"{name} {said}")
    who = f"Signed in as {graph.signed_in_as}" if graph.signed_in_as else "Signed in"
    return f"{who}: " + (", ".join(parts) if parts else "nothing was read") + "."
