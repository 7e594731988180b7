"""What goes into the PyInstaller bundle: executables, data files, exclusions. Read by the spec.

Kept apart from `esr-troubleshooter.spec` so that tests (tests/packaging) can check it without
running PyInstaller. Paths inside the bundle use `/` here; PyInstaller's own entries are
normalised before matching, so the same rules work for Linux and Windows builds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

TocEntry = tuple[str, str, str]  # PyInstaller's (path in bundle, source path, type code)

BUNDLE_NAME = "esr-troubleshooter"
ICON = "resources/icons/esr.ico"


@dataclass(frozen=True)
class Executable:
    """One executable of the shared onedir bundle."""

    name: str
    script: str  # entry script, relative to build/
    console: bool
    description: str
    uses_qt: bool


EXECUTABLES = (
    Executable(
        name="esr-gui",
        script="entry/esr_gui_main.py",
        console=False,
        description="ESR Troubleshooter",
        uses_qt=True,
    ),
    Executable(
        name="esr-diag",
        script="entry/esr_diag_main.py",
        console=True,
        description="ESR Troubleshooter command line (esr-diag)",
        uses_qt=False,
    ),
)

# The app uses QtCore, QtGui, QtWidgets and (icons) QtSvg. Everything else PySide6-Essentials
# ships is excluded, so PyInstaller's hooks neither collect the modules nor their Qt libraries.
QT_MODULES_USED = ("QtCore", "QtGui", "QtWidgets", "QtSvg")
QT_MODULES_EXCLUDED = (
    "QtConcurrent",
    "QtDBus",
    "QtDesigner",
    "QtHelp",
    "QtLabsStyleKit",
    "QtNetwork",
    "QtOpenGL",
    "QtOpenGLWidgets",
    "QtPrintSupport",
    "QtQml",
    "QtQmlFeatures",
    "QtQuick",
    "QtQuickControls2",
    "QtQuickTest",
    "QtQuickWidgets",
    "QtSql",
    "QtSvgWidgets",
    "QtTest",
    "QtUiTools",
    "QtXml",
)
OTHER_EXCLUDES = (
    # Only one Qt binding may be collected (PyInstaller >= 6.5); never pick up a stray one.
    "PyQt5",
    "PyQt6",
    "PySide2",
    "tkinter",
    "_tkinter",
    # Dev tools that are installed in the same environment but never imported by the app.
    "pytest",
    "_pytest",
    "pytestqt",
    "hypothesis",
    "mypy",
    "pyinstrument",
)
EXCLUDES = tuple(f"PySide6.{m}" for m in QT_MODULES_EXCLUDED) + OTHER_EXCLUDES

# Packages whose every submodule is collected: MSAL imports parts of itself lazily (the
# loopback listener of the browser sign-in, the throttling HTTP client) and the tenant check
# must work in the frozen app. Its dependencies (requests, urllib3, certifi with its CA file,
# PyJWT, cryptography) are found by import analysis and PyInstaller's own hooks.
# `esr_gui.cli` and `esr_gui.core.remedy` import their own modules by name on first use
# (importlib: esr-diag loads only the command it runs), which import analysis cannot follow.
HIDDEN_PACKAGES = ("msal", "esr_gui.cli", "esr_gui.core.remedy")
# What the tenant check needs at run time: never excluded.
GRAPH_RUNTIME = ("msal", "requests", "urllib3", "certifi", "jwt", "cryptography", "webbrowser")

# Files PyInstaller's Qt hooks collect that the app does not need (matched against the path inside
# the bundle). Libraries that a kept module links against are never listed here.
UNUSED_FILES = tuple(
    re.compile(p)
    for p in (
        r"(^|/)PySide6/(Qt/)?translations/",  # Qt's own UI translations; the app installs none
        r"(^|/)opengl32sw\.dll$",  # software OpenGL (20 MB); widgets paint with the raster engine
        r"/plugins/platforminputcontexts/",  # virtual keyboard (QML)
        r"/plugins/platforms/qdirect2d\.dll$",  # experimental Direct2D QPA
        r"/plugins/(generic|networkinformation|tls|sqldrivers|qmltooling|designer)/",
        r"/plugins/imageformats/(lib)?q(pdf|tiff|webp|icns|tga|wbmp)\.(dll|so)$",
        # Linux: embedded/VNC platforms (keeping xcb, wayland, offscreen, minimal). Then Qt
        # libraries that only dropped plugins link against (QtNetwork: tls, networkinformation,
        # vnc; checked with readelf/objdump on 6.12).
        r"/plugins/platforms/libq(eglfs|minimalegl|vnc|linuxfb|vkkhrdisplay)\.so$",
        r"/plugins/egldeviceintegrations/",
        r"(^|/)(lib)?Qt6(Network|EglFSDeviceIntegration|EglFsKmsSupport)\.(so|dll)",
    )
)

# Test-only DLLs that fill gaps of Wine 8 (build/wine-stubs). They must never be shipped.
WINE_STUB_DLLS = ("icuuc.dll", "bcryptprimitives.dll", "mscms.dll")


def data_files(repo: Path) -> list[tuple[str, str]]:
    """(source, folder in bundle) pairs: resources/ and the core's JSON package data."""
    pairs = [(str(repo / "resources"), "esr_gui/_resources")]
    pairs += [
        (str(path), "esr_gui/core/data")
        for path in sorted((repo / "esr_gui" / "core" / "data").glob("*.json"))
    ]
    return pairs


def bundle_path(dest: str) -> str:
    """A path inside the bundle with `/` separators."""
    return dest.replace("\\", "/")


def is_unused(dest: str) -> bool:
    """Whether a collected file matches UNUSED_FILES."""
    path = "/" + bundle_path(dest)
    return any(pattern.search(path) for pattern in UNUSED_FILES)


def keep_used(entries: Iterable[TocEntry]) -> list[TocEntry]:
    """PyInstaller TOC entries (dest, source, kind) without the unused files."""
    return [entry for entry in entries if not is_unused(entry[0])]


def stub_dlls_in(entries: Iterable[TocEntry]) -> list[str]:
    """Destinations of any Wine stub DLL among TOC entries (must stay empty)."""
    stubs = {name.lower() for name in WINE_STUB_DLLS}
    return [e[0] for e in entries if bundle_path(e[0]).rsplit("/", 1)[-1].lower() in stubs]


def scripts_for(executable: Executable, scripts: Iterable[TocEntry]) -> list[TocEntry]:
    """The Analysis scripts one executable runs: bootstrap + runtime hooks + its own entry.

    One Analysis holds both entry scripts (the bootloader would run every one), so each EXE
    gets its own entry only. esr-diag never imports Qt, so it also drops the PySide6 runtime
    hook, which would otherwise load QtCore at every start.
    """
    own = Path(executable.script).stem
    others = {Path(e.script).stem for e in EXECUTABLES if e != executable}
    kept = []
    for entry in scripts:
        name = entry[0]
        if name in others or (not executable.uses_qt and _is_qt_runtime_hook(name)):
            continue
        kept.append(entry)
    if own not in {entry[0] for entry in kept}:
        raise ValueError(f"entry script {own} missing from the Analysis")
    return kept


def _is_qt_runtime_hook(name: str) -> bool:
    return name.startswith("pyi_rth_") and ("pyside" in name or "qt" in name)
