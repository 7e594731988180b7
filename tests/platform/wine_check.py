"""Check a bundle captured under Wine with the Linux reader (used by `make wine-capture`).

    python -m tests.platform.wine_check python BUNDLE   # from `esr-diag collect` (Windows CPython)
    python -m tests.platform.wine_check cmd BUNDLE      # from installer/collect-esr-bundle.cmd

Wine has cmd.exe, reg.exe and the registry, but no dsregcmd.exe, no event channels, no join
API and few of the keys diagnosis reads. The bundle must still be valid, and every such gap must
be recorded in capture.json as missing, never as a failure of the capture. Exit 0 when all holds.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from esr_gui.core.bundle.reader import open_bundle
from esr_gui.core.data import capture_channels, capture_registry_keys
from esr_gui.core.snapshot_builder import snapshot_from_bundle
from esr_gui.platform.capture_models import CaptureLog

GAP_CHANNEL_STATES = {"not-found", "not-captured"}


class CheckError(Exception):
    """One expectation that did not hold."""


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise CheckError(message)


def check(kind: str, path: Path) -> list[str]:
    """Every check for one bundle; returns the lines of the report."""
    report: list[str] = []
    with open_bundle(path) as bundle:
        manifest = bundle.manifest
        log = CaptureLog.model_validate(json.loads(bundle.read("capture.json").decode("utf-8-sig")))
        snap = snapshot_from_bundle(bundle, kind="bundle")
    expect(manifest.created.utcoffset() is not None, "manifest created has no UTC offset")
    expect(bool(manifest.computer) and bool(manifest.user), "manifest lacks computer or user")
    expect(manifest.context in ("user", "elevated", "system"), "manifest context is not valid")
    report.append(f"manifest: created {manifest.created.isoformat()}, context {manifest.context}, "
                  f"time zone {manifest.timezone!r}, producer {manifest.producer!r}")  # fmt: skip
    steps = {s.step: s for s in log.steps}
    expected = ["context", "dsregcmd", "upn"]
    expected += [f"registry:{k.file}" for k in capture_registry_keys()]
    expected += [f"events:{c.name}" for c in capture_channels()]
    expect(
        all(name in steps for name in expected),
        f"capture.json misses steps: {sorted(set(expected) - set(steps))}",
    )
    failed = [
        f"{s.step}: {s.message}" for s in log.steps if s.state in ("failed", "timeout", "cancelled")
    ]
    expect(not failed, f"steps failed instead of being reported missing: {failed}")
    expect(steps["dsregcmd"].state == "missing", "dsregcmd is not reported missing")
    expect(
        "not present" in steps["dsregcmd"].message, "dsregcmd's message does not say it is absent"
    )
    expect(steps["registry:currentversion.reg"].state == "ok", "CurrentVersion was not exported")
    expect(snap.os_build is not None, "the exported CurrentVersion key gives no OS build")
    missing_keys = [s for s in log.steps if s.kind == "registry" and s.state == "missing"]
    expect(len(missing_keys) >= 3, "Wine's missing registry keys are not reported missing")
    states = {c.channel: c.state for c in snap.channels}
    expect(all(states.get(c.name) in GAP_CHANNEL_STATES for c in capture_channels()),
           f"channels not reported as gaps: {states}")  # fmt: skip
    expect(not snap.problems, f"members the reader could not use: {snap.problems}")
    expect(snap.dsregcmd is None and not snap.events, "Wine produced dsregcmd text or events")
    report.append(f"steps: {', '.join(f'{n} {s.state}' for n, s in steps.items())}")
    report.append(f"snapshot: build {snap.os_build}, channels {sorted(set(states.values()))}")
    if kind == "python":
        expect(
            log.context is not None and log.context.user_sid is not None, "no user SID in context"
        )
        report.append(f"python context: {log.context.context} via {log.context.detection}")  # type: ignore[union-attr]
    return report


def main(argv: list[str]) -> int:
    """Check the bundle named on the command line; print the findings."""
    if len(argv) != 2 or argv[0] not in ("python", "cmd"):
        print(__doc__, file=sys.stderr)
        return 2
    try:
        lines = check(argv[0], Path(argv[1]))
    except CheckError as exc:
        print(f"wine-capture: {argv[0]} bundle {argv[1]}: FAILED: {exc}", file=sys.stderr)
        return 1
    for line in lines:
        print(f"wine-capture: {argv[0]}: {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
