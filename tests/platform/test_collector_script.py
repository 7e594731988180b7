"""installer/collect-esr-bundle.cmd mirrors the capture lists kept as data (it cannot read JSON)."""

from __future__ import annotations

import re

from esr_gui.core.data import capture_channels, capture_registry_keys
from tests.conftest import REPO

SCRIPT = REPO / "installer" / "collect-esr-bundle.cmd"


def test_every_registry_key_is_exported_under_its_file_name() -> None:
    calls = re.findall(
        r'^call :regkey "([^"]+)" (\S+)\r?$', SCRIPT.read_bytes().decode(), re.MULTILINE
    )
    assert calls == [(k.path, k.file) for k in capture_registry_keys()]


def test_every_channel_is_read_in_the_direction_it_allows() -> None:
    calls = re.findall(
        r'^call :channel "([^"]+)" (\w+)\r?$', SCRIPT.read_bytes().decode(), re.MULTILINE
    )
    expected = [(c.name, "direct" if c.direct else "reverse") for c in capture_channels()]
    assert calls == expected


def test_batch_file_uses_crlf_and_no_short_circuit_operators() -> None:
    data = SCRIPT.read_bytes()
    assert data.count(b"\n") == data.count(b"\r\n")
    code = [
        line for line in data.decode().splitlines() if not line.lstrip().lower().startswith("rem")
    ]
    assert not any("&&" in line or "||" in line for line in code)  # Wine's cmd mishandles them
