"""The tenant check: sign in, read the user, the licences and the device object, and keep
every raw answer as `graph/` members with `graph/index.json` (contracts/bundle-format.md).

Read only. Scopes are asked incrementally: User.Read first (no admin consent); when the
person who signed in is not the device's user, User.Read.All to read that user (their role
decides); Device.Read.All only for the device lookup (admin consent). A refusal is recorded
as the call's problem, never raised. No token enters a member, a message or the log.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import quote

from esr_gui.core.bundle.limits import GRAPH_INDEX
from esr_gui.core.diagnose.context import DiagContext
from esr_gui.core.diagnose.upn import user_upns
from esr_gui.core.models.snapshot import Snapshot
from esr_gui.core.tenant.model import GraphData, GraphProblem
from esr_gui.core.tenant.parse import parse_graph
from esr_gui.core.tenant.problems import describe
from esr_gui.platform.graph.client import Answer, GraphClient
from esr_gui.platform.graph.http import BoundedSession
from esr_gui.platform.graph.options import (
    DEVICE_SCOPES,
    USER_SCOPES,
    CancelCheck,
    Say,
    ShowCode,
    TenantOptions,
)
from esr_gui.platform.graph.signin import SignIn

OTHER_USER_SCOPES = ("User.Read.All",)
USER_SELECT = "$select=id,userPrincipalName,accountEnabled,onPremisesSyncEnabled"
DEVICE_SELECT = (
    "$select=id,deviceId,displayName,accountEnabled,trustType,"
    "approximateLastSignInDateTime,operatingSystem,operatingSystemVersion"
)
# A Device.Read.All refusal is an administrator's matter: the scope always needs admin consent.
_ADMIN_KINDS = ("consent-required", "declined", "forbidden")


def local_now() -> datetime:
    """The current local time with its UTC offset."""
    return datetime.now().astimezone()


@dataclass(frozen=True)
class TenantTarget:
    """What to look up: the device's DeviceId and its user's UPN (from dsregcmd / whoami)."""

    device_id: str | None = None
    user_upn: str | None = None


def target_of(snapshot: Snapshot) -> TenantTarget:
    """The DeviceId and the user's UPN to look up, from the device's own data."""
    ctx = DiagContext(snapshot)
    upns = user_upns(ctx)
    device_id = ctx.dsreg.device_id if ctx.dsreg else None
    return TenantTarget(device_id=device_id, user_upn=upns[0][0] if upns else None)


@dataclass
class TenantCheckResult:
    """The `graph/` members written, the same data parsed, and what was said on the way."""

    members: dict[str, bytes]
    graph: GraphData
    messages: list[str] = field(default_factory=list)


class _Recorder:
    """Collects the calls and their raw bodies into `graph/` members."""

    def __init__(self) -> None:
        self.members: dict[str, bytes] = {}
        self.calls: list[dict[str, object]] = []

    def answer(self, stem: str, request: str, answer: Answer) -> None:
        ok = 200 <= answer.status < 300
        name = self._name(stem if ok else f"{stem}-error")
        self.members[name] = answer.body
        entry: dict[str, object] = {"file": name, "request": request, "status": answer.status}
        if answer.retry_after is not None:
            entry["retry_after"] = answer.retry_after
        self.calls.append(entry)

    def problem(self, request: str, problem: GraphProblem) -> None:
        error = problem.model_dump(exclude_none=True, exclude_defaults=True)
        error["kind"] = problem.kind
        self.calls.append({"request": request, "status": problem.status, "error": error})

    def _name(self, stem: str) -> str:
        name, number = f"graph/{stem}.json", 2
        while name in self.members:
            name, number = f"graph/{stem}-{number}.json", number + 1
        return name


class TenantCheck:
    """One run of the tenant check (a fresh MSAL app and token cache per run)."""

    def __init__(
        self,
        options: TenantOptions,
        *,
        show_code: ShowCode,
        say: Say,
        cancelled: CancelCheck,
        clock: Callable[[], datetime] = local_now,
    ) -> None:
        self.options = options
        self._say = say
        self._clock = clock
        session = BoundedSession(options.request_timeout, options.ca_bundle)
        self.sign_in = SignIn(options, session, show_code=show_code, cancelled=cancelled)
        self.client = GraphClient(options, session, say, cancelled)
        self.rec = _Recorder()
        self.sign_in_problem: GraphProblem | None = None
        self.messages: list[str] = []

    def say(self, text: str) -> None:
        """Progress for the caller (and kept for the summary)."""
        self.messages.append(text)
        self._say(text)

    def run(self, target: TenantTarget) -> TenantCheckResult:
        """Sign in and make every call; never raises for a tenant or network problem."""
        self.say("Signing in to Microsoft Graph (User.Read)…")
        token = self.sign_in.token(USER_SCOPES)
        if isinstance(token, str):
            self._user_and_licences(token, target)
            if target.device_id:
                self._device(target.device_id)
        else:
            self.sign_in_problem = token
            self.say(f"Sign-in failed: {describe(token) or token.kind}")
        return self._result()

    def _fetch(self, stem: str, path: str, token: str) -> Answer | None:
        request = f"GET {path}"
        self.say(f"Reading {path.split('?', maxsplit=1)[0]}…")
        answer = self.client.get(path, token)
        if isinstance(answer, GraphProblem):
            self.rec.problem(request, answer)
            return None
        self.rec.answer(stem, request, answer)
        return answer

    def _user_and_licences(self, token: str, target: TenantTarget) -> None:
        me = self._fetch("me", f"/v1.0/me?{USER_SELECT}", token)
        upn = _upn_of(me)
        other = target.user_upn
        if not other or not upn or other.casefold() == upn.casefold():
            self._fetch("me-licenseDetails", "/v1.0/me/licenseDetails", token)
            return
        self.say(f"Signed in as {upn}; reading the device's user {other} (User.Read.All)…")
        wider = self.sign_in.token(OTHER_USER_SCOPES)
        who = quote(other, safe="@")
        for stem, path in (
            ("user", f"/v1.0/users/{who}?{USER_SELECT}"),
            ("user-licenseDetails", f"/v1.0/users/{who}/licenseDetails"),
        ):
            if isinstance(wider, GraphProblem):
                self.rec.problem(f"GET {path}", wider)
            else:
                self._fetch(stem, path, wider)

    def _device(self, device_id: str) -> None:
        wanted = device_id.strip("{} ").replace("'", "")
        path = f"/v1.0/devices?$filter=deviceId eq '{wanted}'&{DEVICE_SELECT}"
        self.say("Asking for Device.Read.All to read the device object…")
        token = self.sign_in.token(DEVICE_SCOPES)
        if isinstance(token, GraphProblem):
            if token.kind in _ADMIN_KINDS:
                token = token.model_copy(update={"kind": "admin-consent"})
            self.rec.problem(f"GET {path}", token)
            return
        answer = self._fetch("devices", path, token)
        if answer is not None and answer.status == 403:
            self.say("Reading devices was refused (403): see the finding for how to grant it.")

    def _index(self) -> bytes:
        index: dict[str, object] = {
            "captured": self._clock().isoformat(timespec="seconds"),
            "authority": self.options.authority,
            "signed_in_as": self.sign_in.account,
            "scopes": self.sign_in.scopes,
            "calls": self.rec.calls,
        }
        if self.sign_in_problem is not None:
            error = self.sign_in_problem.model_dump(exclude_none=True, exclude_defaults=True)
            index["sign_in"] = {**error, "kind": self.sign_in_problem.kind}
        return (json.dumps(index, indent=2, ensure_ascii=False) + "\n").encode("utf-8")

    def _result(self) -> TenantCheckResult:
        members = {**self.rec.members, GRAPH_INDEX: self._index()}
        graph = parse_graph(members[GRAPH_INDEX], members.get)
        return TenantCheckResult(members=members, graph=graph, messages=list(self.messages))


def _upn_of(answer: Answer | None) -> str:
    if answer is None or not 200 <= answer.status < 300:
        return ""
    try:
        body = json.loads(answer.body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        return ""
    value = body.get("userPrincipalName") if isinstance(body, dict) else None
    return value if isinstance(value, str) else ""


def check_tenant(
    options: TenantOptions,
    target: TenantTarget,
    *,
    show_code: ShowCode,
    say: Say = lambda _text: None,
    cancelled: CancelCheck = lambda: False,
) -> TenantCheckResult:
    """Run a tenant check (blocking; run it on a worker thread in the GUI)."""
    return TenantCheck(options, show_code=show_code, say=say, cancelled=cancelled).run(target)
