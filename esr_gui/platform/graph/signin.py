"""Signing in with MSAL: the device code or the system browser, scopes asked incrementally.

Tokens live in MSAL's in-memory cache only (`msal.TokenCache`): nothing is written to disk,
so a tenant check signs in again after the app restarts. No token is ever returned to the
caller except as the opaque string the Graph client puts in its Authorization header.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import msal
import requests

from esr_gui.core.tenant.model import GraphProblem
from esr_gui.core.tenant.problems import classify_sign_in
from esr_gui.platform.graph.http import BoundedSession
from esr_gui.platform.graph.options import CancelCheck, DeviceCode, ShowCode, TenantOptions

POLL_STEP = 0.1  # how often a wait looks at the cancel flag, seconds
CANCELLED = GraphProblem(kind="cancelled", message="cancelled by the user")


def network_problem(exc: BaseException) -> GraphProblem:
    """A requests/socket failure as a problem (timeout, or no network)."""
    kind = "timeout" if isinstance(exc, requests.Timeout) else "no-network"
    return GraphProblem(kind=kind, message=f"{type(exc).__name__}: {exc}"[:300])


class SignIn:
    """One person's sign-in for one tenant check; `token(scopes)` asks for more as needed."""

    def __init__(
        self,
        options: TenantOptions,
        session: BoundedSession,
        *,
        show_code: ShowCode,
        cancelled: CancelCheck,
    ) -> None:
        self.options = options
        self._show_code = show_code
        self._cancelled = cancelled
        self._session = session
        self._app: msal.PublicClientApplication | None = None
        self.account: str = ""
        self.scopes: list[str] = []

    def _client(self) -> msal.PublicClientApplication:
        if self._app is None:  # OIDC discovery happens here: a network call
            self._app = msal.PublicClientApplication(
                self.options.client_id,
                authority=self.options.authority,
                http_client=self._session,
                instance_discovery=self.options.instance_discovery,
                token_cache=msal.TokenCache(),  # memory only
            )
        return self._app

    def token(self, scopes: tuple[str, ...]) -> str | GraphProblem:
        """An access token for `scopes`: silently when consented, else by a new sign-in."""
        try:
            app = self._client()
            silent = self._silent(app, scopes)
            if isinstance(silent, str):
                return silent
            result = self._interactive(app, scopes)
        except (requests.RequestException, OSError) as exc:
            return network_problem(exc)
        except ValueError as exc:  # MSAL: an authority it cannot use
            return GraphProblem(kind="error", message=f"sign-in could not start: {exc}"[:300])
        if isinstance(result, GraphProblem):
            return result
        return self._accept(result, scopes)

    def _silent(self, app: msal.PublicClientApplication, scopes: tuple[str, ...]) -> str | None:
        accounts = app.get_accounts()
        if not accounts:
            return None
        result = app.acquire_token_silent_with_error(list(scopes), account=accounts[0])
        if result and "access_token" in result:
            self._note_scopes(result, scopes)
            return str(result["access_token"])
        return None  # not consented yet (or expired): a new sign-in asks for it

    def _accept(self, result: dict[str, Any], scopes: tuple[str, ...]) -> str | GraphProblem:
        if "access_token" not in result:
            return classify_sign_in(result)
        claims = result.get("id_token_claims") or {}
        self.account = self.account or str(claims.get("preferred_username") or "")
        self._note_scopes(result, scopes)
        return str(result["access_token"])

    def _note_scopes(self, result: dict[str, Any], scopes: tuple[str, ...]) -> None:
        granted = str(result.get("scope") or " ".join(scopes)).split()
        for scope in granted:
            name = scope.rsplit("/", 1)[-1]
            if name not in self.scopes and name not in ("openid", "profile", "offline_access"):
                self.scopes.append(name)

    def _interactive(
        self, app: msal.PublicClientApplication, scopes: tuple[str, ...]
    ) -> dict[str, Any] | GraphProblem:
        if self._cancelled():
            return CANCELLED
        if self.options.flow == "browser":
            return self._browser(app, scopes)
        return self._device_code(app, scopes)

    def _device_code(
        self, app: msal.PublicClientApplication, scopes: tuple[str, ...]
    ) -> dict[str, Any] | GraphProblem:
        flow = app.initiate_device_flow(scopes=list(scopes))
        if "user_code" not in flow:
            return classify_sign_in(flow)
        self._show_code(
            DeviceCode(
                code=str(flow["user_code"]),
                url=str(flow.get("verification_uri") or ""),
                message=str(flow.get("message") or ""),
                expires_in=int(flow.get("expires_in") or 900),
            )
        )
        return self._poll(app, flow)

    def _poll(
        self, app: msal.PublicClientApplication, flow: dict[str, Any]
    ) -> dict[str, Any] | GraphProblem:
        """Poll until the code is used, declined or expired, or the caller cancels."""
        expires = float(flow.get("expires_at") or time.time() + 900)
        while True:
            if self._cancelled():
                return CANCELLED
            result: dict[str, Any] = app.acquire_token_by_device_flow(
                flow, exit_condition=lambda _flow: True
            )
            if result.get("error") not in ("authorization_pending", "slow_down"):
                return result
            if time.time() >= expires:
                return {"error": "expired_token", "error_description": "the code expired"}
            if not self._wait(float(flow.get("interval") or 5), expires):
                return CANCELLED

    def _wait(self, seconds: float, until: float) -> bool:
        """Sleep `seconds` (not past `until`) in small steps; False when cancelled."""
        end = min(time.monotonic() + seconds, time.monotonic() + max(until - time.time(), 0))
        while time.monotonic() < end:
            if self._cancelled():
                return False
            time.sleep(min(POLL_STEP, max(end - time.monotonic(), 0)))
        return not self._cancelled()

    def _browser(
        self, app: msal.PublicClientApplication, scopes: tuple[str, ...]
    ) -> dict[str, Any] | GraphProblem:
        """The system browser with a loopback redirect, watched from here so Cancel works.

        MSAL's loopback listener cannot be interrupted; on Cancel it is left to end at its
        own timeout (`browser_timeout`) on its daemon thread, and its answer is dropped.
        """
        box: dict[str, Any] = {}

        def run() -> None:
            try:
                box["result"] = app.acquire_token_interactive(
                    list(scopes), prompt="select_account", timeout=self.options.browser_timeout
                )
            except Exception as exc:  # MSAL raises RuntimeError on its timeout
                box["error"] = exc

        thread = threading.Thread(target=run, name="msal-browser", daemon=True)
        thread.start()
        while thread.is_alive():
            if self._cancelled():
                return CANCELLED
            thread.join(POLL_STEP)
        if "error" in box:
            message = f"{type(box['error']).__name__}: {box['error']}"[:300]
            return GraphProblem(kind="browser-cancelled", message=message)
        return dict(box.get("result") or {"error": "no_result"})
