"""hostile_inputs: `esr-diag check` on the huge inputs a stranger can send (issue 15).

Each case is generated in a temporary folder at bench time (never committed) and checked by a
whole `python -m esr_gui.cli check --bundle CASE` process (the text
report, whose wrapping once was quadratic); its wall time and peak RSS
(the child's own VmHWM) are recorded. The goal per case: at most 10 s and
400 MiB, ending in a clear message (exit 2) or a diagnosis (exit 0/1). `hostile_max_s` and
`hostile_max_rss_mb` are the worst case; one row per case sits beside them.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

from bench.common import REPO, child_env
from bench.probe_memory import PREFIX

DEMO = REPO / "resources" / "demo" / "hybrid-not-registered"
MB = 1_000_000
_RECORD = (
    "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>"
    "<Provider Name='Microsoft-Windows-SettingSync'/><EventID>6013</EventID><Level>2</Level>"
    "<TimeCreated SystemTime='2026-11-25T08:{m:02d}:{s:02d}.000Z'/>"
    "<EventRecordID>{n}</EventRecordID><Channel>Microsoft-Windows-SettingSync/Operational"
    "</Channel><Computer>PC-0117</Computer></System><EventData>"
    "<Data Name='HResult'>0x80070005</Data></EventData></Event>\n"
)


def _records(total_bytes: int) -> bytes:
    """A wevtutil-shaped export (`/e:Events`) of about `total_bytes` bytes."""
    block = "".join(_RECORD.format(m=n // 60 % 60, s=n % 60, n=n) for n in range(1000))
    data = block.encode()
    repeats = max(1, total_bytes // len(data))
    return b"<Events>\n" + data * repeats + b"</Events>\n"


def _bundle_folder(root: Path) -> Path:
    shutil.copytree(DEMO, root)
    return root


def _kv_lines(root: Path) -> Path:
    folder = _bundle_folder(root)
    line = b"              SomeKeyName : SomeValueText\r\n"
    (folder / "dsregcmd-status.txt").write_bytes(line * (50 * MB // len(line)))
    return folder


def _one_value(root: Path) -> Path:
    folder = _bundle_folder(root)
    text = (DEMO / "dsregcmd-status.txt").read_text(encoding="utf-8", errors="replace")
    huge = "x" * (8 * MB)  # AzureAdJoined's value is quoted in a finding's explanation
    text = text.replace("AzureAdJoined : NO", f"AzureAdJoined : {huge}", 1)
    (folder / "dsregcmd-status.txt").write_text(text, encoding="utf-8")
    return folder


def _zip_of_events(root: Path) -> Path:
    target = root.with_suffix(".zip")
    body = _records(250 * MB)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in sorted(DEMO.rglob("*")):
            if path.is_file() and "events" not in path.parts:
                archive.write(path, path.relative_to(DEMO).as_posix())
        for n in range(3):
            name = f"events/Microsoft-Windows-SettingSync{n}%4Operational.xml"
            archive.writestr(name, body)
    return target


def _big_xml(root: Path) -> Path:
    folder = _bundle_folder(root)
    (folder / "events" / "Microsoft-Windows-SettingSync%4Operational.xml").write_bytes(
        _records(200 * MB)
    )
    return folder


def _big_reg(root: Path) -> Path:
    folder = _bundle_folder(root)
    lines = ["Windows Registry Editor Version 5.00", ""]
    for n in range(40 * MB // 80):
        if n % 50 == 0:
            lines += ["", f"[HKEY_CURRENT_USER\\Software\\Hostile\\Key{n}]"]
        lines.append(f'"Value{n:08d}"="some text that makes the line longer {n:08d}"')
    text = "\r\n".join(lines) + "\r\n"
    (folder / "registry" / "hostile.reg").write_bytes(text.encode("utf-8")[: 40 * MB])
    return folder


def _big_manifest(root: Path) -> Path:
    target = root.with_suffix(".zip")
    manifest = json.loads((DEMO / "manifest.json").read_text())
    manifest["producer"] = "x" * (250 * MB)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("manifest.json", json.dumps(manifest))
        archive.write(DEMO / "dsregcmd-status.txt", "dsregcmd-status.txt")
    return target


_CHILD = (
    "import sys\n"
    "from bench.probe_memory import PREFIX, peak_rss_mb\n"
    "from esr_gui.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "sys.stderr.write(f'{PREFIX}{peak_rss_mb():.1f}\\n')\n"
    "raise SystemExit(code)\n"
)

CASES: dict[str, Callable[[Path], Path]] = {
    "kv_lines_50mb": _kv_lines,
    "one_value_8mb": _one_value,
    "zip_3x250mb_event_xml": _zip_of_events,
    "event_xml_200mb": _big_xml,
    "reg_40mb": _big_reg,
    "manifest_250mb_zip": _big_manifest,
}


def run_check(target: Path, timeout: float = 300.0) -> dict[str, object]:
    """Seconds, peak RSS (MiB), exit code and first stderr line of one `check` process.

    The child reports its own VmHWM as its last stderr line: `ru_maxrss` from `wait4` would
    also count the pages of this (large) process that the child held between fork and exec.
    """
    args = [sys.executable, "-c", _CHILD, "check", "--bundle", str(target)]
    start = time.monotonic()
    done = subprocess.run(
        args, cwd=REPO, env=child_env(), capture_output=True, timeout=timeout, check=False
    )
    seconds = time.monotonic() - start
    lines = done.stderr.decode("utf-8", errors="replace").strip().splitlines()
    peaks = [line for line in lines if line.startswith(PREFIX)]
    if not peaks:
        raise RuntimeError(f"check of {target.name} reported no peak:\n{lines[-20:]}")
    messages = [line for line in lines if not line.startswith(PREFIX)]
    return {
        "s": round(seconds, 2),
        "rss_mb": float(peaks[-1][len(PREFIX) :]),
        "exit": done.returncode,
        "message": messages[0][:200] if messages else "",
    }


def measure(_repeats: int = 1, only: list[str] | None = None) -> dict[str, object]:
    """hostile_max_s, hostile_max_rss_mb and one row per case (`hostile_<case>`)."""
    rows: dict[str, object] = {}
    with tempfile.TemporaryDirectory(prefix="esr-hostile-") as scratch:
        for name, make in CASES.items():
            if only and name not in only:
                continue
            target = make(Path(scratch) / name)
            rows[f"hostile_{name}"] = run_check(target)
            shutil.rmtree(target, ignore_errors=True) if target.is_dir() else target.unlink()
    cases = [r for r in rows.values() if isinstance(r, dict)]
    return {
        "hostile_max_s": max(float(r["s"]) for r in cases),
        "hostile_max_rss_mb": max(float(r["rss_mb"]) for r in cases),
        **rows,
    }


if __name__ == "__main__":
    print(json.dumps(measure(only=sys.argv[1:] or None), indent=1))
