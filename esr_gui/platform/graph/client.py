"""GET from Microsoft Graph: bounded in time, cancellable, honouring 429 Retry-After once or
twice (a bounded wait, announced), and keeping the raw body for the bundle."""

from __future__ import annotations

import time
from dataclasses import dataclass

import requests

from esr_gui.core.tenant.model import GraphProblem
from esr_gui.platform.graph.http import BoundedSession
from esr_gui.platform.graph.options import CancelCheck, Say, TenantOptions
from esr_gui.platform.graph.signin import CANCELLED, POLL_STEP, network_problem

MAX_ATTEMPTS = 3
MAX_BODY_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True)
class Answer:
    """What Graph answered: the status, the raw body, and Retry-After if it sent one."""

    status: int
    body: bytes
    retry_after: int | None = None


def retry_after(value: str | None) -> int | None:
    """Retry-After in whole seconds (Graph sends seconds; a date or junk gives None)."""
    text = (value or "").strip()
    return int(text) if text.isdigit() else None


class GraphClient:
    """Calls Graph with a bearer token; never logs or keeps the token."""

    def __init__(
        self, options: TenantOptions, session: BoundedSession, say: Say, cancelled: CancelCheck
    ) -> None:
        self.options = options
        self._session = session
        self._say = say
        self._cancelled = cancelled

    def get(self, path: str, token: str) -> Answer | GraphProblem:
        """GET `path` (e.g. `/v1.0/me`); a network failure or cancel becomes a problem."""
        url = self.options.graph_base.rstrip("/") + path
        headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
        answer: Answer | None = None
        for attempt in range(MAX_ATTEMPTS):
            if self._cancelled():
                return CANCELLED
            try:
                response = self._session.get(url, headers=headers)
            except (requests.RequestException, OSError) as exc:
                return network_problem(exc)
            answer = Answer(
                response.status_code,
                response.content[:MAX_BODY_BYTES],
                retry_after(response.headers.get("Retry-After")),
            )
            if not self._should_retry(answer, attempt):
                return answer
            if not self._wait(answer.retry_after or 0):
                return CANCELLED
        assert answer is not None  # MAX_ATTEMPTS >= 1
        return answer

    def _should_retry(self, answer: Answer, attempt: int) -> bool:
        wait = answer.retry_after
        if answer.status != 429 or attempt + 1 >= MAX_ATTEMPTS:
            return False
        if wait is None or wait > self.options.max_retry_wait:
            return False
        self._say(f"Microsoft Graph is busy (429): waiting {wait} s as it asked, then retrying…")
        return True

    def _wait(self, seconds: int) -> bool:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            if self._cancelled():
                return False
            time.sleep(min(POLL_STEP, max(end - time.monotonic(), 0)))
        return True
