"""The HTTP session MSAL and our Graph calls share: bounded in time, optionally CA-pinned."""

from __future__ import annotations

from typing import Any

import requests


class BoundedSession(requests.Session):
    """A requests Session that puts a timeout (and a CA bundle, if given) on every request.

    `verify` is passed per request, not set on the session: requests lets REQUESTS_CA_BUNDLE
    and CURL_CA_BUNDLE override `Session.verify` (psf/requests#3829).
    """

    def __init__(self, timeout: float, ca_bundle: str | None = None) -> None:
        super().__init__()
        self._timeout = timeout
        self._ca_bundle = ca_bundle

    def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        """Send one request with our timeout and CA bundle unless the caller set them."""
        kwargs.setdefault("timeout", self._timeout)
        if self._ca_bundle is not None:
            kwargs.setdefault("verify", self._ca_bundle)
        return super().request(method, url, *args, **kwargs)
