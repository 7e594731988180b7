"""Settings of a tenant check: which app signs in, where, how, and how long anything may take."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

# "Microsoft Graph Command Line Tools", the public client that Connect-MgGraph uses: it exists
# in every tenant and allows both the device code and a http://localhost redirect. An
# organisation that prefers its own app registration sets its client id (README).
DEFAULT_CLIENT_ID = "14d82eec-204b-4c2f-b7e8-296a70dab67e"
DEFAULT_TENANT = "organizations"
LOGIN_HOST = "https://login.microsoftonline.com"
GRAPH_BASE = "https://graph.microsoft.com"
USER_SCOPES = ("User.Read",)
DEVICE_SCOPES = ("Device.Read.All",)

SignInFlow = Literal["device-code", "browser"]


@dataclass(frozen=True)
class DeviceCode:
    """What the person signing in must do: open `url` anywhere and enter `code`."""

    code: str
    url: str
    message: str
    expires_in: int


@dataclass(frozen=True)
class TenantOptions:
    """How to sign in and call Graph. Tests point `login_host`/`graph_base` at a local fake
    and `ca_bundle` at its CA; `ca_bundle` is passed on every request, because requests lets
    REQUESTS_CA_BUNDLE override a session's own `verify`."""

    client_id: str = DEFAULT_CLIENT_ID
    tenant: str = DEFAULT_TENANT
    flow: SignInFlow = "device-code"
    login_host: str = LOGIN_HOST
    graph_base: str = GRAPH_BASE
    ca_bundle: str | None = None
    instance_discovery: bool = True
    request_timeout: float = 20.0  # one HTTP request (connect + read)
    browser_timeout: int = 300  # the browser sign-in, seconds
    max_retry_wait: int = 30  # the longest Retry-After we wait for (429), seconds

    @property
    def authority(self) -> str:
        """The Entra ID authority URL for `tenant`."""
        return f"{self.login_host.rstrip('/')}/{self.tenant or DEFAULT_TENANT}"


CancelCheck = Callable[[], bool]
Say = Callable[[str], None]
ShowCode = Callable[[DeviceCode], None]


ENV_CLIENT_ID = "ESR_GRAPH_CLIENT_ID"
ENV_TENANT = "ESR_GRAPH_TENANT"
ENV_LOGIN_HOST = "ESR_GRAPH_LOGIN_HOST"  # national clouds: https://login.microsoftonline.us
ENV_GRAPH_BASE = "ESR_GRAPH_BASE"  # national clouds: https://graph.microsoft.us
ENV_CA_BUNDLE = "ESR_GRAPH_CA_BUNDLE"  # a PEM file trusted instead of the default store


def resolve_options(
    env: dict[str, str],
    *,
    client_id: str | None = None,
    tenant: str | None = None,
    device_tenant: str | None = None,
    flow: SignInFlow = "device-code",
) -> TenantOptions:
    """Options from (in order) the explicit values, the environment, the device's own tenant
    (dsregcmd TenantId) and the defaults."""
    login_host = env.get(ENV_LOGIN_HOST) or LOGIN_HOST
    return TenantOptions(
        client_id=client_id or env.get(ENV_CLIENT_ID) or DEFAULT_CLIENT_ID,
        tenant=tenant or env.get(ENV_TENANT) or device_tenant or DEFAULT_TENANT,
        flow=flow,
        login_host=login_host,
        graph_base=env.get(ENV_GRAPH_BASE) or GRAPH_BASE,
        ca_bundle=env.get(ENV_CA_BUNDLE) or None,
        # MSAL asks login.microsoftonline.com about any other host first; a host named on
        # purpose (a national cloud, a test double) is taken as it is.
        instance_discovery=login_host == LOGIN_HOST,
    )
