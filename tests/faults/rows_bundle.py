"""Faults of a capture bundle someone sent: refused bundles (esr-diag exits 2 with one line, the
window keeps what it showed and says why) and damaged members (the rest is still read).
"""

from __future__ import annotations

import json
import os
import shutil
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

from esr_gui.gui.pipeline import Source
from esr_gui.resources import demo_dir
from tests.conftest import sample
from tests.faults.hosts import DEMO, demo_members
from tests.faults.support import (
    Fault,
    FaultEnv,
    Observed,
    analysis_of,
    demo_zip,
    manifest_with,
    notice,
    still_works,
    write_zip,
)

NAME = "PC-0042.esrbundle.zip"
AAD_XML = "events/Microsoft-Windows-AAD%4Operational.xml"
AAD_EVTX = "events/Microsoft-Windows-AAD%4Operational.evtx"
Builder = Callable[[Path], Path]


def refused(env: FaultEnv, build: Builder) -> Observed:
    """esr-diag check refuses with one line and exit 2; the window keeps the device it showed,
    says why in its header and status bar, and still opens the next source."""
    path = build(env.tmp / NAME)
    run = env.cli("check", "--bundle", str(path), "--json")
    assert run.code == 2 and run.out == ""
    line = env.plain(run.err.strip())
    assert "\n" not in line and line.startswith("esr-diag: ")
    window = env.window()
    window.open_source(Source("demo", name=DEMO))
    window.open_source(Source("bundle", path=str(path)))
    assert notice(window) == f"Could not open {path.name}: {run.err.strip()[10:]}"
    assert window.status_label.text() == f"Could not open {path.name}."
    assert analysis_of(window).source.name == DEMO
    still_works(window)
    return Observed(line, "exit 2; window keeps the previous device")


def not_a_zip(path: Path) -> Path:
    """A text file named like a bundle."""
    path.write_bytes(b"this is a mail signature, not a bundle\r\n" * 20)
    return path


def zip_slip(path: Path) -> Path:
    """A member whose name climbs out of the bundle."""
    return write_zip(path, {**demo_members(), "../../Windows/System32/evil.dll": b"MZ"})


def absolute_member(path: Path) -> Path:
    """A member with an absolute path."""
    return write_zip(path, {**demo_members(), "/etc/cron.d/evil": b"* * * * * root sh"})


def declared_oversize(path: Path) -> Path:
    """A small zip whose directory claims a 1 GiB member (a zip bomb's promise)."""
    demo_zip(path)
    data = bytearray(path.read_bytes())
    entry = data.find(b"PK\x01\x02")
    struct.pack_into("<I", data, entry + 24, 1 << 30)
    path.write_bytes(bytes(data))
    return path


def too_many_members(path: Path) -> Path:
    """More members than a reader accepts."""
    members = {**demo_members(), **{f"notes/{n}.txt": b"" for n in range(5_001)}}
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def no_manifest(path: Path) -> Path:
    """The demo without its manifest.json."""
    return demo_zip(path, manifest_dot_json=None)


def newer_version(path: Path) -> Path:
    """A manifest from a newer format version."""
    return demo_zip(path, manifest_dot_json=manifest_with(version=2))


def other_format(path: Path) -> Path:
    """A manifest of another tool's format."""
    return demo_zip(path, manifest_dot_json=manifest_with(format="intune-diagnostics"))


def manifest_not_json(path: Path) -> Path:
    """A manifest that is not JSON."""
    return demo_zip(path, manifest_dot_json=b'{"format": "esr-bundle", "version": 1,,}')


def no_created(path: Path) -> Path:
    """A manifest without its required 'created' time."""
    manifest = json.loads(manifest_with())
    del manifest["created"]
    return demo_zip(path, manifest_dot_json=json.dumps(manifest).encode())


def truncated_zip(path: Path) -> Path:
    """The zip cut after two thirds (a broken download)."""
    demo_zip(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) * 2 // 3])
    return path


def linked_member(path: Path) -> Path:
    """A folder bundle whose notes.txt is a link out of it."""
    folder = path.with_suffix("")
    shutil.copytree(demo_dir() / DEMO, folder)
    os.symlink("/etc/passwd", folder / "notes.txt")
    return folder


def missing_path(path: Path) -> Path:
    """A path where nothing is."""
    return path


def read_anyway(env: FaultEnv, members: dict[str, bytes], stored: bool = False) -> Observed:
    """The bundle opens; the Device status pane names the damaged member (first line)."""
    path = env.tmp / NAME
    compression = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(path, "w", compression=compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    if stored:
        raw = bytearray(path.read_bytes())
        raw[raw.find(b"AzureAdJoined")] ^= 0x20  # inside dsregcmd-status.txt
        path.write_bytes(bytes(raw))
    run = env.cli("check", "--bundle", str(path))
    window = env.window()
    window.open_source(Source("bundle", path=str(path)))
    snapshot = analysis_of(window).snapshot
    assert snapshot.registry.keys and snapshot.upn
    shown = window.ui.devicePane.ui.problemsList.item(0).text()
    kind, _, said = shown.partition(": ")
    printed = {"Not usable": "Skipped  : ", "Parser warning": "Warning  : "}[kind] + said
    assert printed in run.out.splitlines(), run.out[:800]
    return Observed(shown, f"exit {run.code}; every other member read")


def damaged_member(env: FaultEnv) -> Observed:
    """A stored zip with one byte of dsregcmd-status.txt flipped."""
    return read_anyway(env, demo_members(), stored=True)


def corrupt_evtx(env: FaultEnv) -> Observed:
    """A real .evtx export with part of its chunk scrambled."""
    members = demo_members()
    real = sample("tugix456-randaodcxjj_Microsoft-Windows-AAD%4Operational.evtx", "events")
    data = real.read_bytes()
    members[AAD_EVTX] = data[:4696] + bytes(b ^ 0x5A for b in data[4696:7096]) + data[7096:]
    members.pop(AAD_XML)
    return read_anyway(env, members)


def not_evtx(env: FaultEnv) -> Observed:
    """An .evtx member that holds an HTML page."""
    members = demo_members()
    members[AAD_EVTX] = b"<html>Access denied</html>"
    members.pop(AAD_XML)
    return read_anyway(env, members)


def truncated_evtx(env: FaultEnv) -> Observed:
    """A real .evtx export cut inside its first chunk."""
    members = demo_members()
    real = sample("tugix456-randaodcxjj_Microsoft-Windows-AAD%4Operational.evtx", "events")
    members[AAD_EVTX] = real.read_bytes()[: 4096 + 30_000]
    members.pop(AAD_XML)
    return read_anyway(env, members)


def truncated_xml(env: FaultEnv) -> Observed:
    """A real wevtutil XML export cut in the middle of a record."""
    members = demo_members()
    real = sample("tugix456-randaodcxjj_Microsoft-Windows-AAD%4Operational.rendered", "events")
    members[AAD_XML] = real.read_bytes()[:6000]
    return read_anyway(env, members)


def refusal(id_: str, injection: str, build: Builder, message: str) -> Fault:
    """A bundle the reader refuses whole: `message` on stderr, exit 2."""
    return Fault(
        id_,
        "bundle",
        injection,
        "esr-diag check (stderr) and the window's header notice + status bar",
        message,
        "exit 2; window keeps the previous device",
        lambda env: refused(env, build),
    )


PANE = "Device status › unusable members; esr-diag check 'Skipped' line"
WARN = "Device status › parser warnings; esr-diag check 'Warning' line"
ROWS: list[Fault] = [
    refusal("bundle-not-a-zip", "a text file named .esrbundle.zip", not_a_zip,
             f"esr-diag: {NAME} is not a bundle: it is neither a folder nor a zip"),
    refusal("bundle-zip-slip", "member ../../Windows/System32/evil.dll", zip_slip,
             "esr-diag: refused member '../../Windows/System32/evil.dll': it points outside "
             "the bundle ('..')"),
    refusal("bundle-absolute-member", "member /etc/cron.d/evil", absolute_member,
             "esr-diag: refused member '/etc/cron.d/evil': absolute paths are not allowed in a "
             "bundle"),
    refusal("bundle-oversize", "zip directory claims a 1 GiB member", declared_oversize,
             "esr-diag: the bundle expands to more than 768 MiB; refused"),
    refusal("bundle-too-many-members", "5,000 extra empty members", too_many_members,
             "esr-diag: the bundle has more than 5000 members; refused"),
    refusal("bundle-missing-manifest", "no manifest.json", no_manifest,
             f"esr-diag: {NAME} is not an ESR bundle: it has no manifest.json"),
    refusal("bundle-newer-version", "manifest version 2", newer_version,
             "esr-diag: this bundle uses format version 2; this release reads version 1 — "
             "update ESR Troubleshooter to open it"),
    refusal("bundle-other-format", "manifest format 'intune-diagnostics'", other_format,
             "esr-diag: manifest.json says format 'intune-diagnostics'; expected 'esr-bundle'"),
    refusal("bundle-manifest-not-json", "manifest.json with a doubled comma",
             manifest_not_json,
             "esr-diag: manifest.json is not valid JSON (line 1, column 39: expecting property "
             "name enclosed in double quotes)"),
    refusal("bundle-manifest-no-created", "manifest without 'created'", no_created,
             "esr-diag: manifest.json has no 'created' time; it is required"),
    refusal("bundle-truncated", "the zip cut after two thirds (a broken download)",
             truncated_zip,
             f"esr-diag: {NAME} is an incomplete zip: its end is missing, so the copy or "
             "download was probably cut short; copy it again"),
    refusal("bundle-link-member", "a folder bundle whose notes.txt links to /etc/passwd",
             linked_member,
             "esr-diag: refused member 'notes.txt': links and junctions are not allowed"),
    refusal("bundle-missing", "a path that does not exist", missing_path,
             f"esr-diag: <tmp>/{NAME} does not exist"),
    Fault("bundle-damaged-member", "bundle", "one byte of dsregcmd-status.txt flipped (CRC)",
          PANE, "Not usable: dsregcmd-status.txt: member 'dsregcmd-status.txt' is damaged "
          "(its checksum does not match: it was altered or damaged in transit)",
          "exit 1; every other member read", damaged_member),
    Fault("evtx-corrupt", "events", "a real .evtx export with 2,400 bytes of its chunk scrambled",
          WARN, f"Parser warning: {AAD_EVTX}: 1 damaged 64 KiB chunk(s) of the .evtx file were "
          "skipped (records 1-9).", "exit 1; every other member read", corrupt_evtx),
    Fault("evtx-not-evtx", "events", "an .evtx member holding an HTML error page", PANE,
          f"Not usable: {AAD_EVTX}: not an .evtx file: it does not start with the 'ElfFile' "
          "signature.", "exit 1; every other member read", not_evtx),
    Fault("evtx-truncated", "events", "a real .evtx export cut inside its first chunk",
          WARN, f"Parser warning: {AAD_EVTX}: The .evtx file is "
          "cut short (it does not end on a whole 64 KiB chunk); the records before the cut "
          "were kept.", "exit 1; every other member read", truncated_evtx),
    Fault("event-xml-truncated", "events", "a real wevtutil XML export cut after 6,000 bytes",
          WARN, f"Parser warning: {AAD_XML}: The event XML breaks "
          "off in the middle of a record; the 5 complete records before it were kept.",
          "exit 1; every other member read", truncated_xml),
]  # fmt: skip
