"""A local HTTPS fake of Entra ID (v2.0 endpoints) and a few Microsoft Graph v1.0 endpoints.

Loopback only (127.0.0.1, a free port); the real MSAL runs against it unmodified. Knobs are
plain attributes a test sets before the run. Every token it issues is remembered in
`issued`, so a test can scan any output for them. `stop()` ends it; so does the fixture.
"""

from __future__ import annotations

import base64
import json
import secrets
import ssl
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import jwt

from tests.fakes.certs import make_certs

OIDC_SCOPES = {"openid", "profile", "offline_access"}
TENANT_ID = "11111111-2222-3333-4444-555555555555"


def _aad_error(error: str, code: int, text: str, suberror: str = "") -> dict[str, Any]:
    body: dict[str, Any] = {
        "error": error,
        "error_description": f"AADSTS{code}: {text}\r\nTrace ID: 0\r\nCorrelation ID: 0",
        "error_codes": [code],
    }
    if suberror:
        body["suberror"] = suberror
    return body


def _graph_error(code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "innerError": {"request-id": "0"}}}


@dataclass
class Account:
    """A user of the fake tenant."""

    upn: str
    enabled: bool = True
    licenses: list[dict[str, Any]] = field(default_factory=list)


def p1_licence(status: str = "Success") -> dict[str, Any]:
    """An EMS licence carrying AAD_PREMIUM with `status`, and a disabled P2."""
    plans = [
        {"servicePlanId": "41781fb2", "servicePlanName": "AAD_PREMIUM",
         "provisioningStatus": status, "appliesTo": "User"},
        {"servicePlanId": "eec0eb4f", "servicePlanName": "AAD_PREMIUM_P2",
         "provisioningStatus": "Disabled", "appliesTo": "User"},
    ]  # fmt: skip
    return {"id": "lic1", "skuId": "efccb6f7", "skuPartNumber": "EMS", "servicePlans": plans}


class FakeEntra:
    """The server and its knobs (see the module docstring)."""

    def __init__(self, folder: Path) -> None:
        self.ca, cert, key = (str(p) for p in make_certs(folder))
        self.user = Account("Jane.Doe@contoso.example", licenses=[p1_licence()])
        self.others: dict[str, Account] = {}
        self.devices: list[dict[str, Any]] = []
        self.consented: set[str] = {"User.Read"}  # what the tenant allows without a prompt
        self.device_outcomes: list[str] = []  # per device flow: grant / expired / declined
        self.browser_outcome = "grant"  # grant / deny
        self.pending_polls = 0
        self.interval = 0
        self.graph_faults: dict[str, list[tuple[int, int | None]]] = {}
        self.issued: list[str] = []
        self.requests: list[str] = []
        self._flows: dict[str, dict[str, Any]] = {}
        self._codes: dict[str, dict[str, Any]] = {}
        self._tokens: dict[str, tuple[str, set[str]]] = {}
        self._refresh: dict[str, str] = {}
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        self.httpd.socket = context.wrap_socket(self.httpd.socket, server_side=True)
        self.base = f"https://127.0.0.1:{self.httpd.server_address[1]}"
        self._thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self.httpd.shutdown()
        self.httpd.server_close()
        self._thread.join(5)

    # --- Entra ID ----------------------------------------------------------------------
    def openid(self, tenant: str) -> dict[str, Any]:
        root = f"{self.base}/{tenant}"
        return {
            "issuer": f"{self.base}/{TENANT_ID}/v2.0",
            "authorization_endpoint": f"{root}/oauth2/v2.0/authorize",
            "token_endpoint": f"{root}/oauth2/v2.0/token",
            "device_authorization_endpoint": f"{root}/oauth2/v2.0/devicecode",
            "jwks_uri": f"{root}/discovery/v2.0/keys",
            "end_session_endpoint": f"{root}/oauth2/v2.0/logout",
            "response_modes_supported": ["query", "fragment", "form_post"],
        }

    def device_code(self, form: dict[str, str]) -> dict[str, Any]:
        code = secrets.token_hex(8)
        user_code = secrets.token_hex(4).upper()
        outcome = self.device_outcomes.pop(0) if self.device_outcomes else "grant"
        self._flows[code] = {"scopes": _scopes(form), "polls": 0, "outcome": outcome,
                             "client": form.get("client_id", "")}  # fmt: skip
        return {
            "device_code": code, "user_code": user_code, "expires_in": 900,
            "verification_uri": "https://microsoft.com/devicelogin", "interval": self.interval,
            "message": f"To sign in, open https://microsoft.com/devicelogin and enter {user_code}.",
        }  # fmt: skip

    def token(self, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        grant = form.get("grant_type", "")
        if grant.endswith("device_code"):
            return self._device_grant(form)
        if grant == "refresh_token":
            upn = self._refresh.get(form.get("refresh_token", ""))
            if upn is None:
                return 400, _aad_error("invalid_grant", 700082, "The refresh token has expired.")
            wanted = _scopes(form)
            if not wanted <= self.consented:
                return 400, _aad_error(
                    "invalid_grant", 65001, "The user or administrator has not consented.",
                    "consent_required",
                )  # fmt: skip
            return 200, self._tokens_for(upn, wanted, form)
        if grant == "authorization_code":
            flow = self._codes.pop(form.get("code", ""), None)
            if flow is None:
                return 400, _aad_error("invalid_grant", 70008, "The code has expired.")
            self.consented |= flow["scopes"]
            return 200, self._tokens_for(self.user.upn, flow["scopes"], form, flow["nonce"])
        return 400, _aad_error("unsupported_grant_type", 70003, "Unsupported grant.")

    def _device_grant(self, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        flow = self._flows.get(form.get("device_code", ""))
        if flow is None:
            return 400, _aad_error("invalid_grant", 70000, "Unknown device code.")
        flow["polls"] += 1
        if flow["polls"] <= self.pending_polls:
            return 400, _aad_error("authorization_pending", 70016, "Pending.")
        if flow["outcome"] == "expired":
            return 400, _aad_error("expired_token", 70020, "The provided value has expired.")
        if flow["outcome"] == "declined":
            return 400, _aad_error("authorization_declined", 70000, "The user declined.")
        self.consented |= flow["scopes"]
        return 200, self._tokens_for(self.user.upn, flow["scopes"], form)

    def _tokens_for(
        self, upn: str, scopes: set[str], form: dict[str, str], nonce: str = ""
    ) -> dict[str, Any]:
        access, refresh = "fake-at-" + secrets.token_hex(16), "fake-rt-" + secrets.token_hex(16)
        self.issued += [access, refresh]
        self._tokens[access] = (upn, set(scopes))
        self._refresh[refresh] = upn
        now = int(time.time())
        claims = {"aud": form.get("client_id", ""), "iss": f"{self.base}/{TENANT_ID}/v2.0",
                  "tid": TENANT_ID, "oid": "oid-1", "sub": "sub-1", "preferred_username": upn,
                  "iat": now, "nbf": now, "exp": now + 3600}  # fmt: skip
        if nonce:
            claims["nonce"] = nonce
        id_token = jwt.encode(claims, "fake-signing-secret-of-32-bytes!", algorithm="HS256")
        self.issued.append(id_token)
        info = json.dumps({"uid": "oid-1", "utid": TENANT_ID}).encode()
        return {
            "token_type": "Bearer", "scope": " ".join(sorted(scopes)), "expires_in": 3600,
            "ext_expires_in": 3600, "access_token": access, "refresh_token": refresh,
            "id_token": id_token,
            "client_info": base64.urlsafe_b64encode(info).decode().rstrip("="),
        }  # fmt: skip

    def authorize(self, query: dict[str, str]) -> str:
        """The page a browser gets: an auto-submitting form_post back to MSAL's listener."""
        fields = {"state": query.get("state", "")}
        if self.browser_outcome == "grant":
            code = secrets.token_hex(8)
            nonce = query.get("nonce", "")
            self._codes[code] = {"scopes": _scopes(query), "nonce": nonce}
            fields["code"] = code
        else:
            fields["error"] = "access_denied"
            fields["error_description"] = "AADSTS65004: User declined to consent."
        inputs = "".join(
            f'<input type="hidden" name="{k}" value="{v}"/>' for k, v in fields.items()
        )
        action = query.get("redirect_uri", "")
        return f'<html><body><form method="POST" action="{action}">{inputs}</form></body></html>'

    # --- Graph -------------------------------------------------------------------------
    def graph(self, path: str, bearer: str) -> tuple[int, dict[str, Any], dict[str, str]]:
        faults = self.graph_faults.get(path.split("?", 1)[0])
        if faults:
            status, wait = faults.pop(0)
            headers = {"Retry-After": str(wait)} if wait is not None else {}
            return status, _graph_error(_CODES[status], _MESSAGES[status]), headers
        who = self._tokens.get(bearer)
        if who is None:
            return 401, _graph_error("InvalidAuthenticationToken", "Access token is empty."), {}
        return self._graph_answer(unquote(path), who[1])

    def _graph_answer(
        self, path: str, scopes: set[str]
    ) -> tuple[int, dict[str, Any], dict[str, str]]:
        route, _, query = path.partition("?")
        parts = route.strip("/").split("/")[1:]  # after v1.0
        need = {"me": "User.Read", "users": "User.Read.All", "devices": "Device.Read.All"}
        if need.get(parts[0]) not in scopes:
            return 403, _graph_error(_CODES[403], _MESSAGES[403]), {}
        if parts[0] == "devices":
            wanted = query.split("deviceId eq '", 1)[-1].split("'", 1)[0].lower()
            found = [d for d in self.devices if d["deviceId"].lower() == wanted]
            return 200, {"value": found}, {}
        account = self.user if parts[0] == "me" else self.others.get(parts[1].lower())
        if account is None:
            return 404, _graph_error("Request_ResourceNotFound", "Resource does not exist."), {}
        if parts[-1] == "licenseDetails":
            return 200, {"value": account.licenses}, {}
        user = {"id": "oid-1", "userPrincipalName": account.upn, "accountEnabled": account.enabled}
        return 200, {**user, "onPremisesSyncEnabled": None}, {}


_CODES = {401: "InvalidAuthenticationToken", 403: "Authorization_RequestDenied",
          429: "TooManyRequests", 500: "InternalServerError"}  # fmt: skip
_MESSAGES = {401: "Access token validation failure.",
             403: "Insufficient privileges to complete the operation.",
             429: "Too many requests.", 500: "Something broke."}  # fmt: skip


def _scopes(form: dict[str, str]) -> set[str]:
    return {s.rsplit("/", 1)[-1] for s in form.get("scope", "").split()} - OIDC_SCOPES


def _handler(fake: FakeEntra) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _send(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
            data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
            self.send_response(status)
            kind = "text/html" if isinstance(body, str) else "application/json"
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            fake.requests.append(f"GET {self.path}")
            url = urlsplit(self.path)
            if url.path.startswith("/v1.0/"):
                bearer = self.headers.get("Authorization", "").removeprefix("Bearer ")
                status, body, headers = fake.graph(self.path, bearer)
                self._send(status, body, headers)
            elif url.path.endswith("/.well-known/openid-configuration"):
                self._send(200, fake.openid(url.path.strip("/").split("/")[0]))
            elif url.path.endswith("/oauth2/v2.0/authorize"):
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                self._send(200, fake.authorize(query))
            elif url.path.endswith("/discovery/v2.0/keys"):
                self._send(200, {"keys": []})
            else:
                self._send(404, {"error": "not_found"})

        def do_POST(self) -> None:
            fake.requests.append(f"POST {self.path}")
            length = int(self.headers.get("Content-Length") or 0)
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            if self.path.endswith("/oauth2/v2.0/devicecode"):
                self._send(200, fake.device_code(form))
            elif self.path.endswith("/oauth2/v2.0/token"):
                self._send(*fake.token(form))
            else:
                self._send(404, {"error": "not_found"})

    return Handler
