"""Assertions the packaging smoke tests make on program output (run with the project's venv).

    smoke_checks.py version esr-diag 0.4.0 < stdout      # exactly "esr-diag 0.4.0"
    smoke_checks.py check-json --kind bundle < stdout    # one valid `check --json` document
    smoke_checks.py png shot.png                         # a real picture, not one flat colour
    smoke_checks.py tenant --log log.json --out stdout --err stderr --device-id ID --licence p1
                                                         # check --tenant against the fake

Each prints one line on success and exits 1 with the reason otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

MIN_COLOURS = 8  # a rendered window has text anti-aliasing; a blank or failed grab has 1-2
MIN_SIDE = 200


def check_version(expected: str, text: str) -> str:
    """stdout must be exactly the version line (Windows adds CR LF)."""
    got = text.strip()
    if got != expected:
        raise AssertionError(f"--version printed {got!r}, expected {expected!r}")
    return f"version ok: {got}"


def check_json(kind: str, text: str) -> str:
    """stdout must be one JSON object with the contract's top-level keys and source.kind."""
    document = json.loads(text)
    if not isinstance(document, dict):
        raise AssertionError("check --json did not print a JSON object")
    missing = {"schema", "tool", "source", "findings"} - document.keys()
    if missing:
        raise AssertionError(f"check --json lacks {sorted(missing)}")
    got = document["source"].get("kind")
    if got != kind:
        raise AssertionError(f"source.kind is {got!r}, expected {kind!r}")
    return f"json ok: source.kind={got}, {len(document['findings'])} findings"


def check_png(path: Path) -> str:
    """The PNG must load, be window-sized and hold more than a handful of colours."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QImage  # noqa: PLC0415 (Qt only for this subcommand)

    image = QImage(str(path))
    if image.isNull():
        raise AssertionError(f"{path} is not a readable image")
    if min(image.width(), image.height()) < MIN_SIDE:
        raise AssertionError(f"{path} is only {image.width()}x{image.height()}")
    rgb = image.convertToFormat(QImage.Format.Format_RGB32)
    pixels = memoryview(bytes(rgb.constBits())).cast("I")
    colours = len(set(pixels))
    if colours < MIN_COLOURS:
        raise AssertionError(f"{path} looks blank: {colours} colour(s)")
    return f"png ok: {image.width()}x{image.height()}, {colours} colours"


TENANT_RULES = ("tenant.user-account", "tenant.device-object", "prereq.license")


def check_tenant(log: dict[str, Any], out: bytes, err: bytes, device_id: str, licence: str) -> str:
    """`check --tenant --json` against the fake (build/fake_entra_server.py, whose log is `log`):
    codes on stderr, verdicts from the fake's data in the JSON, Graph called, no token shown."""
    leaked = [t[:12] + "…" for t in log["issued"] if t.encode() in out or t.encode() in err]
    if leaked:
        raise AssertionError(f"a token of the fake was printed: {leaked}")
    text = err.decode("utf-8", "replace")
    if not log["user_codes"]:
        raise AssertionError("esr-diag never asked the fake for a device code")
    unshown = [code for code in log["user_codes"] if code not in text]
    if unshown:
        raise AssertionError(f"device code(s) {unshown} not printed on stderr")
    called = [r.split("?", 1)[0] for r in log["requests"]]
    wanted = ["GET /v1.0/me", "GET /v1.0/me/licenseDetails"]
    wanted += ["GET /v1.0/devices"] if device_id else []
    missing = [w for w in wanted if w not in called]
    if missing:
        raise AssertionError(f"the fake was never asked {missing}; it saw {called}")
    found = {f["id"]: f["status"] for f in json.loads(out)["findings"]}
    expected = {
        "tenant.user-account": "pass",
        "prereq.license": "pass" if licence == "p1" else "fail",
        "tenant.device-object": "pass" if device_id else "unknown",
    }
    wrong = {k: found.get(k) for k, v in expected.items() if found.get(k) != v}
    if wrong:
        raise AssertionError(f"tenant findings {wrong}, expected {expected} from the fake's data")
    statuses = ", ".join(f"{k}={found[k]}" for k in TENANT_RULES)
    codes = len(log["user_codes"])
    return f"tenant ok: {codes} device code(s) on stderr, {statuses}, no token shown"


def _tenant(args: argparse.Namespace) -> str:
    log = json.loads(args.log.read_text(encoding="utf-8"))
    out, err = args.out.read_bytes(), args.err.read_bytes()
    return check_tenant(log, out, err, args.device_id, args.licence)


def main() -> int:
    """Run one check; exit 0 when it holds."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    sub = parser.add_subparsers(dest="check", required=True)
    version = sub.add_parser("version", help="stdin is `<program> <version>`")
    version.add_argument("program")
    version.add_argument("version")
    check = sub.add_parser("check-json", help="stdin is `esr-diag check --json` output")
    check.add_argument("--kind", required=True)
    png = sub.add_parser("png", help="a screenshot that is not blank")
    png.add_argument("path", type=Path)
    tenant = sub.add_parser("tenant", help="check --tenant --json run against the fake")
    for name in ("log", "out", "err"):
        tenant.add_argument(f"--{name}", type=Path, required=True)
    tenant.add_argument("--device-id", default="")
    tenant.add_argument("--licence", choices=("p1", "none"), default="p1")
    args = parser.parse_args()
    try:
        if args.check == "version":
            message = check_version(f"{args.program} {args.version}", sys.stdin.read())
        elif args.check == "check-json":
            message = check_json(args.kind, sys.stdin.read())
        elif args.check == "tenant":
            message = _tenant(args)
        else:
            message = check_png(args.path)
    except (AssertionError, ValueError, KeyError, AttributeError, OSError) as exc:
        print(f"smoke check failed: {exc}", file=sys.stderr)
        return 1
    print(message)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
