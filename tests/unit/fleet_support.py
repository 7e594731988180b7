"""Fleets for tests and the benchmark: many small bundles made from the demo bundles.

Each generated device is a copy of a demo bundle under its own computer name, capture time
and (for every `zip_every`-th one) as a zip instead of a folder; the members are copied
byte for byte, so each device diagnoses exactly as its demo does.
"""

from __future__ import annotations

import json
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

from tests.conftest import REPO

DEMO = REPO / "resources" / "demo"
DEMOS = sorted(p for p in DEMO.iterdir() if (p / "manifest.json").is_file())


def demo_members(demo: Path) -> dict[str, bytes]:
    """Every member of a demo bundle folder, by its posix name."""
    return {
        p.relative_to(demo).as_posix(): p.read_bytes()
        for p in sorted(demo.rglob("*"))
        if p.is_file()
    }


_MEMBERS = {demo.name: demo_members(demo) for demo in DEMOS}


def device_manifest(original: bytes, name: str, created: datetime) -> bytes:
    """The demo's manifest under another computer name and capture time."""
    data = json.loads(original)
    data["computer"] = name
    data["created"] = created.isoformat()
    return json.dumps(data).encode("utf-8")


def write_device(
    root: Path, demo: str, name: str, created: datetime, as_zip: bool, *, file_name: str = ""
) -> Path:
    """One generated device bundle (named after the device unless `file_name` is given)."""
    members = dict(_MEMBERS[demo])
    members["manifest.json"] = device_manifest(members["manifest.json"], name, created)
    root.mkdir(parents=True, exist_ok=True)
    if as_zip:
        target = root / f"{file_name or name}.esrbundle.zip"
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            for member, data in members.items():
                archive.writestr(member, data)
        return target
    target = root / (file_name or name)
    for member, data in members.items():
        path = target / member
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return target


def make_fleet(root: Path, count: int, zip_every: int = 5) -> dict[str, str]:
    """`count` devices under `root` (`PC-00001`…); returns device name → demo it copies."""
    root.mkdir(parents=True, exist_ok=True)
    start = datetime.fromisoformat("2026-11-25T09:14:03+01:00")
    made: dict[str, str] = {}
    for index in range(count):
        demo = DEMOS[index % len(DEMOS)].name
        name = f"PC-{index + 1:05d}"
        created = start + timedelta(minutes=index)
        write_device(root, demo, name, created, as_zip=zip_every > 0 and index % zip_every == 0)
        made[name] = demo
    return made


def unreadable_device(root: Path, name: str, created: datetime) -> Path:
    """A bundle folder of `name` whose dsregcmd /status is garbage (the rest: a healthy demo)."""
    folder = write_device(root, "healthy-aad-joined", name, created, as_zip=False)
    (folder / "dsregcmd-status.txt").write_bytes(b"\x00\x01 not dsregcmd output at all\n")
    return folder
