"""Where packaged resources (icons, demo bundles) live: source tree, wheel or frozen app."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    """The `resources/` folder: `_resources` in a wheel or PyInstaller bundle, else the repo's."""
    package_dir = Path(__file__).resolve().parent
    candidates = [package_dir / "_resources", package_dir.parent / "resources"]
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        candidates.insert(0, Path(frozen_root) / "esr_gui" / "_resources")
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return candidates[-1]


def demo_dir() -> Path:
    """The folder of embedded demo bundles."""
    return resources_dir() / "demo"


def demo_names() -> list[str]:
    """Names of the embedded demo bundles (folder names under resources/demo)."""
    root = demo_dir()
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if (p / "manifest.json").is_file())
