"""Reading event channels with pywin32's `win32evtlog` (windows-facts §1.1–1.2, §7.1).

Debug/Analytic ("direct") channels can only be read oldest-first, so they are read forward
within the time window and the newest N kept; the others are read newest-first up to N.
Errors arrive as `pywintypes.error` with `.winerror`, mapped to ProbeError kinds.
"""

from __future__ import annotations

import importlib
from collections import deque
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from esr_gui.core.data import ChannelSpec
from esr_gui.platform.host import ChannelData, ChannelQuery, ProbeError

EVT_QUERY_CHANNEL_PATH = 0x1
EVT_QUERY_FORWARD = 0x100
EVT_QUERY_REVERSE = 0x200
EVT_RENDER_EVENT_XML = 1
EVT_CHANNEL_CONFIG_ENABLED = 0
ERROR_EVT_INVALID_CHANNEL_PATH = 15000
ERROR_EVT_INVALID_QUERY = 15001
ERROR_EVT_CHANNEL_NOT_FOUND = 15007
ERROR_EVT_QUERY_RESULT_STALE = 15011
ERROR_EVT_INVALID_OPERATION_OVER_ENABLED_DIRECT_CHANNEL = 15022
_BATCH = 64

Exporter = Callable[[ChannelSpec, ChannelQuery], ChannelData]


def time_filter(window: timedelta) -> str:
    """The XPath selecting events of the last `window` (timediff is in milliseconds)."""
    millis = max(1, int(window.total_seconds() * 1000))
    return f"*[System[TimeCreated[timediff(@SystemTime) <= {millis}]]]"


def error_for(code: int | None, channel: str) -> ProbeError:
    """The ProbeError for an event log error code (`winerror`, or a wevtutil exit code)."""
    if code in (ERROR_EVT_CHANNEL_NOT_FOUND, ERROR_EVT_INVALID_CHANNEL_PATH):
        return ProbeError("channel-not-found", f"{channel} is not present on this build", code=code)
    if code == 5:
        return ProbeError("access-denied", f"reading {channel} needs administrator rights", code=5)
    if code == ERROR_EVT_INVALID_OPERATION_OVER_ENABLED_DIRECT_CHANNEL:
        return ProbeError(
            "enabled-debug-unreadable",
            f"{channel} is an enabled debug channel, which cannot be read while it runs: "
            "export it instead (wevtutil epl)",
            code=code,
        )
    if code == ERROR_EVT_INVALID_QUERY:
        return ProbeError("error", f"Windows rejected the event query for {channel}", code=code)
    if code == ERROR_EVT_QUERY_RESULT_STALE:
        return ProbeError("error", f"{channel} was cleared while it was read", code=code)
    if code in (None, 0, 120):  # 120: not implemented; no code at all: a stub (Wine) said nothing
        return ProbeError(
            "unavailable",
            f"the event log API gave no answer for {channel} on this system",
            code=code,
        )
    return ProbeError("error", f"reading {channel} failed with Windows error {code}", code=code)


def wrap_events(rendered: list[str]) -> bytes:
    """Rendered `<Event>` XML strings as one `wevtutil qe /e:Events` document (UTF-8)."""
    lines = ["<Events>", *rendered, "</Events>"]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


class EvtReader:
    """Reads channels through a win32evtlog-compatible module (injectable for tests)."""

    def __init__(self, evtlog: Any = None, export: Exporter | None = None) -> None:
        self._evtlog = evtlog
        self._export = export

    @staticmethod
    def load() -> Any | None:
        """The real win32evtlog module, or None when pywin32 is not installed."""
        try:
            return importlib.import_module("win32evtlog")
        except ImportError:
            return None

    def query(self, channel: ChannelSpec, query: ChannelQuery) -> ChannelData:
        """Newest `max_events` of the window, written oldest first."""
        try:
            rendered = self._read(channel, query)
        except ProbeError:
            raise
        except Exception as exc:  # pywintypes.error; its class is not importable everywhere
            error = error_for(getattr(exc, "winerror", None), channel.name)
            if error.kind == "enabled-debug-unreadable" and self._export is not None:
                return self._export_instead(channel, query, error)
            raise error from None
        if not rendered:
            self._raise_if_disabled(channel)
        return ChannelData(wrap_events(rendered), len(rendered), ".xml", "EvtQuery")

    def _read(self, channel: ChannelSpec, query: ChannelQuery) -> list[str]:
        evt = self._evtlog
        direction = EVT_QUERY_FORWARD if channel.direct else EVT_QUERY_REVERSE
        handle = evt.EvtQuery(
            channel.name, EVT_QUERY_CHANNEL_PATH | direction, time_filter(query.window)
        )
        # Forward reads keep the newest N as they pass; reverse reads stop after the first N.
        kept: deque[str] = deque(maxlen=query.max_events)
        while channel.direct or len(kept) < query.max_events:
            batch = evt.EvtNext(handle, _BATCH)
            if not batch:
                break
            for event in batch:
                if not channel.direct and len(kept) >= query.max_events:
                    break
                kept.append(str(evt.EvtRender(event, EVT_RENDER_EVENT_XML)))
        return list(kept) if channel.direct else list(reversed(kept))

    def _raise_if_disabled(self, channel: ChannelSpec) -> None:
        """An empty channel that is turned off is reported as disabled, not as empty."""
        evt = self._evtlog
        try:
            config = evt.EvtOpenChannelConfig(channel.name)
            enabled, _ = evt.EvtGetChannelConfigProperty(config, EVT_CHANNEL_CONFIG_ENABLED)
        except Exception:  # the config is only a refinement; an unreadable one changes nothing
            return
        if enabled is False or enabled == 0:
            raise ProbeError("channel-disabled", f"{channel.name} is turned off (no events)")

    def _export_instead(
        self, channel: ChannelSpec, query: ChannelQuery, error: ProbeError
    ) -> ChannelData:
        assert self._export is not None
        try:
            return self._export(channel, query)
        except ProbeError:
            raise error from None
