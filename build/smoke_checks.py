"""Assertions the packaging smoke tests make on program output (run with the project's venv).

    smoke_checks.py version esr-diag 0.4.0 < stdout      # exactly "esr-diag 0.4.0"
    smoke_checks.py check-json --kind bundle < stdout    # one valid `check --json` document
    smoke_checks.py png shot.png                         # a real picture, not one flat colour

Each prints one line on success and exits 1 with the reason otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

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
    args = parser.parse_args()
    try:
        if args.check == "version":
            message = check_version(f"{args.program} {args.version}", sys.stdin.read())
        elif args.check == "check-json":
            message = check_json(args.kind, sys.stdin.read())
        else:
            message = check_png(args.path)
    except (AssertionError, ValueError, KeyError, AttributeError) as exc:
        print(f"smoke check failed: {exc}", file=sys.stderr)
        return 1
    print(message)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
