"""The `wevtutil.exe` fallback for reading channels when pywin32 is not there.

Localized messages are never parsed: `wevtutil` exits with the Win32 error code (15007 for a
missing channel, 5 for access denied), `gl /f:xml` gives the `enabled` attribute, and
`qe /uni:true` writes UTF-16LE (windows-facts §1.3).
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

from esr_gui.core.data import ChannelSpec
from esr_gui.core.errors import EsrError
from esr_gui.platform.host import ChannelData, ChannelQuery, ProbeError
from esr_gui.platform.windows.events import error_for, time_filter, wrap_events
from esr_gui.platform.windows.process import ToolRunner

WEVTUTIL = "wevtutil.exe"
_EVENT = re.compile(r"<Event[\s>].*?</Event>", re.DOTALL)
_ENABLED = re.compile(r"\benabled\s*=\s*['\"](true|false)['\"]", re.IGNORECASE)


def _utf16(data: bytes) -> str:
    text = data[: len(data) - len(data) % 2].decode("utf-16-le", errors="replace")
    return text.lstrip("\ufeff")


class WevtutilReader:
    """Reads and exports channels with `%SystemRoot%\\System32\\wevtutil.exe`."""

    def __init__(self, tools: ToolRunner) -> None:
        self.tools = tools

    def available(self) -> bool:
        """True when wevtutil.exe exists."""
        return self.tools.available(WEVTUTIL)

    def enabled(self, channel: ChannelSpec, timeout: float) -> bool | None:
        """Whether the channel is turned on; ProbeError (from the exit code) when it is missing."""
        done = self.tools.start(WEVTUTIL, ["gl", channel.name, "/f:xml"], timeout=timeout)
        if done.returncode != 0:
            raise error_for(done.returncode, channel.name)
        match = _ENABLED.search(_decode(done.stdout))
        return None if match is None else match.group(1).lower() == "true"

    def query(self, channel: ChannelSpec, query: ChannelQuery) -> ChannelData:
        """Like EvtReader.query, through `wevtutil qe ... /f:xml /e:Events /uni:true`."""
        if not self.available():
            raise ProbeError(
                "unavailable", "neither pywin32 nor wevtutil.exe is available to read event logs"
            )
        enabled = self.enabled(channel, query.timeout)
        args = ["qe", channel.name, f"/q:{time_filter(query.window)}", "/f:xml", "/e:Events"]
        args.append("/uni:true")
        if not channel.direct:  # debug and analytic channels cannot be read in reverse
            args += ["/rd:true", f"/c:{query.max_events}"]
        done = self.tools.start(WEVTUTIL, args, timeout=query.timeout)
        if done.returncode != 0:
            error = error_for(done.returncode, channel.name)
            if error.kind == "enabled-debug-unreadable":
                return self._export_or(channel, query, error)
            raise error
        events = _EVENT.findall(_utf16(done.stdout))
        events = events[-query.max_events :] if channel.direct else events[::-1]
        if not events and enabled is False:
            raise ProbeError("channel-disabled", f"{channel.name} is turned off (no events)")
        return ChannelData(wrap_events(events), len(events), ".xml", "wevtutil qe")

    def _export_or(
        self, channel: ChannelSpec, query: ChannelQuery, error: ProbeError
    ) -> ChannelData:
        try:
            return self.export(channel, query)
        except ProbeError:
            raise error from None

    def export(self, channel: ChannelSpec, query: ChannelQuery) -> ChannelData:
        """`wevtutil epl CHANNEL FILE /q:XPATH`: the way to get an enabled debug channel."""
        folder = Path(tempfile.mkdtemp(prefix="esr-epl-"))
        target = folder / "export.evtx"
        try:
            args = ["epl", channel.name, str(target), f"/q:{time_filter(query.window)}"]
            done = self.tools.start(WEVTUTIL, [*args, "/ow:true"], timeout=query.timeout)
            if done.returncode != 0:
                raise error_for(done.returncode, channel.name)
            data = target.read_bytes()
        except OSError as exc:
            message = f"the export of {channel.name} was not readable ({exc})"
            raise ProbeError("error", message) from None
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        note = "enabled debug channel, exported with wevtutil epl"
        return ChannelData(data, count_evtx(data, channel.name), ".evtx", "wevtutil epl", note)


def count_evtx(data: bytes, channel: str) -> int:
    """Records in an .evtx export (0 when it cannot be read; the bundle keeps it anyway)."""
    from esr_gui.core.parse.events_evtx import parse_evtx  # noqa: PLC0415 (rarely needed)

    try:
        return len(parse_evtx(data, origin="export.evtx", default_channel=channel).events)
    except EsrError:
        return 0


def _decode(data: bytes) -> str:
    if data.startswith(b"\xff\xfe") or data[1:2] == b"\x00":
        return _utf16(data)
    return data.decode("utf-8", errors="replace")
