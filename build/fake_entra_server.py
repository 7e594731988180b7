"""Run the test suite's fake Entra ID + Graph (tests/fakes) on its own, for the Wine smoke test.

    fake_entra_server.py DIR --upn UPN [--device-id ID] [--licence p1|none] [--lifetime 300]

Listens on 127.0.0.1 only (a free port), answers every device code at once (no pending polls,
interval 0) and grants every scope. When it listens it writes DIR/server.json (`base`, `ca`,
`pid`); the CA and the server key live in DIR. It stops on SIGTERM / SIGINT or by itself after
`--lifetime` seconds, whichever comes first, and then writes DIR/log.json: the requests it
served, the user codes it handed out and every token it issued (so a caller can scan outputs).
Run it with the project's venv (it needs cryptography and PyJWT, as the tests do).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import signal
import sys
import threading
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.fakes.fake_entra import Account, FakeEntra, p1_licence  # noqa: E402

LOOPBACK = "127.0.0.1"


class RecordingFake(FakeEntra):
    """The fake, also remembering the user codes it showed (to find them on stderr)."""

    def __init__(self, folder: Path) -> None:
        super().__init__(folder)
        self.user_codes: list[str] = []

    def device_code(self, form: dict[str, str]) -> dict[str, Any]:
        """The fake's answer, with its user code recorded."""
        answer = super().device_code(form)
        self.user_codes.append(str(answer["user_code"]))
        return answer


def _device(device_id: str) -> dict[str, object]:
    """An enabled Entra-joined device object that signed in an hour ago."""
    last = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    return {"id": "obj-smoke", "deviceId": device_id, "displayName": "WINE-SMOKE",
            "accountEnabled": True, "trustType": "AzureAd",
            "approximateLastSignInDateTime": last.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "operatingSystem": "Windows", "operatingSystemVersion": "10.0.19045.1"}  # fmt: skip


def start(folder: Path, args: argparse.Namespace) -> RecordingFake:
    """The fake, configured from `args` and listening on 127.0.0.1."""
    fake = RecordingFake(folder)
    host = str(fake.httpd.server_address[0])
    if host != LOOPBACK:  # the fake binds loopback by construction; say so if that ever changes
        fake.stop()
        raise SystemExit(f"fake_entra_server: the fake listens on {host}, not {LOOPBACK}")
    fake.pending_polls, fake.interval = 0, 0
    fake.user = Account(args.upn, licenses=[p1_licence()] if args.licence == "p1" else [])
    fake.consented = {"User.Read"}  # Device.Read.All takes a second device code, as for real
    fake.devices = [_device(args.device_id)] if args.device_id else []
    return fake


def _write_json(path: Path, data: dict[str, Any]) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=1), encoding="utf-8")
    os.replace(tmp, path)  # readers never see half a file


def main() -> int:
    """Serve until signalled or `--lifetime` elapses; then write the log."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--upn", required=True, help="the signed-in user's UPN")
    parser.add_argument("--device-id", default="", help="a device object with this DeviceId")
    parser.add_argument("--licence", choices=("p1", "none"), default="p1")
    parser.add_argument("--lifetime", type=float, default=300.0, help="seconds before it stops")
    args = parser.parse_args()
    args.folder.mkdir(parents=True, exist_ok=True)
    done = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: done.set())
    fake = start(args.folder, args)
    _write_json(args.folder / "server.json", {"base": fake.base, "ca": fake.ca, "pid": os.getpid()})
    timed_out = not done.wait(args.lifetime)
    fake.stop()
    log = {"requests": fake.requests, "user_codes": fake.user_codes, "issued": fake.issued,
           "timed_out": timed_out}  # fmt: skip
    _write_json(args.folder / "log.json", log)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
