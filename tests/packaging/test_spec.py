"""Packaging configuration, checked without PyInstaller, Wine or NSIS (fast).

The slow end-to-end checks run only through `make dist` / `make windows-smoke`.
"""

from __future__ import annotations

import importlib.util
import re
import struct
import sys
import tomllib
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import esr_gui

REPO = Path(__file__).resolve().parents[2]
BUILD = REPO / "build"
SPEC = BUILD / "esr-troubleshooter.spec"
NSI = REPO / "installer" / "esr-troubleshooter.nsi"
STUB_NAMES = ("icuuc", "bcryptprimitives", "mscms")


def _load(name: str) -> ModuleType:
    """Import build/<name>.py (build/ is not a package, and `build` is a PyPI name)."""
    spec = importlib.util.spec_from_file_location(f"esr_build_{name}", BUILD / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


cfg = _load("spec_config")
version_info = _load("version_info")


def _pyproject_version() -> str:
    return str(tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]["version"])


def _eval_version_file(text: str) -> dict[str, Any]:
    """Evaluate VSVersionInfo text the way PyInstaller does (eval over constructor names)."""
    names = ("VSVersionInfo", "FixedFileInfo", "StringFileInfo", "StringTable", "VarFileInfo")

    def record(kind: str) -> Any:
        return lambda *args, **kwargs: {"kind": kind, "args": args, **kwargs}

    namespace: dict[str, Any] = {name: record(name) for name in names}
    namespace["StringStruct"] = lambda key, value: (key, value)
    namespace["VarStruct"] = lambda key, value: (key, value)
    result: dict[str, Any] = eval(text, namespace)  # our generator's output, as PyInstaller does
    return result


# --- version resource ---------------------------------------------------------------------------


def test_version_file_matches_pyproject(tmp_path: Path) -> None:
    version = _pyproject_version()
    assert version == esr_gui.__version__
    path = version_info.write_version_file(tmp_path, "esr-diag", "ESR Troubleshooter CLI")
    assert path.parent == tmp_path
    info = _eval_version_file(path.read_text("utf-8"))
    fixed = info["ffi"]
    assert fixed["filevers"] == fixed["prodvers"] == version_info.version_tuple(version)
    table = info["kids"][0]["args"][0][0]
    strings = dict(table["args"][1])
    assert strings["FileVersion"] == strings["ProductVersion"] == version
    assert strings["OriginalFilename"] == "esr-diag.exe"
    assert strings["ProductName"] == "ESR Troubleshooter"


@pytest.mark.parametrize(
    ("version", "fields"),
    [
        ("0.4.0", (0, 4, 0, 0)),
        ("1.2", (1, 2, 0, 0)),
        ("2.0.1rc3", (2, 0, 1, 0)),
        ("3.1.4.1.5", (3, 1, 4, 1)),
        ("1.0.0.dev7", (1, 0, 0, 0)),
    ],
)
def test_version_tuple(version: str, fields: tuple[int, int, int, int]) -> None:
    assert version_info.version_tuple(version) == fields


@pytest.mark.parametrize("version", ["", "latest", "70000.1"])
def test_version_tuple_rejects(version: str) -> None:
    with pytest.raises(ValueError):
        version_info.version_tuple(version)


# --- spec: executables, exclusions, collected files ---------------------------------------------


def test_two_executables_one_bundle() -> None:
    gui, diag = cfg.EXECUTABLES
    assert (gui.name, gui.console, gui.uses_qt) == ("esr-gui", False, True)
    assert (diag.name, diag.console, diag.uses_qt) == ("esr-diag", True, False)
    for executable in cfg.EXECUTABLES:
        assert (BUILD / executable.script).is_file()
    text = SPEC.read_text("utf-8")
    assert text.count("Analysis(") == 1
    assert text.count("COLLECT(") == 1
    assert text.count("EXE(") == 1  # one EXE() per entry of cfg.EXECUTABLES
    assert "for e in cfg.EXECUTABLES" in text


def test_entry_scripts_call_the_project_entry_points() -> None:
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]
    gui_target = scripts["gui-scripts"]["esr-gui"]
    diag_target = scripts["scripts"]["esr-diag"]
    for executable, target in zip(cfg.EXECUTABLES, (gui_target, diag_target), strict=True):
        module, function = target.split(":")
        source = (BUILD / executable.script).read_text("utf-8")
        assert f"from {module} import {function}" in source
        assert f"SystemExit({function}(" in source


def test_entry_scripts_hold_the_module_archive_before_the_app_loads() -> None:
    """esr_gui.frozen_archive: one handle on the archive for the start's imports."""
    for executable in cfg.EXECUTABLES:
        source = (BUILD / executable.script).read_text("utf-8")
        imports = [line for line in source.splitlines() if line.startswith("from ")]
        assert imports[0].startswith("from esr_gui.frozen_archive import hold_archive")
        assert source.index("hold_archive()") < source.index(imports[1])
    gui = (BUILD / cfg.EXECUTABLES[0].script).read_text("utf-8")
    assert "main(on_first_diagnosis=release_archive)" in gui  # handed back once started


def test_spec_is_as_invoker_without_upx() -> None:
    text = SPEC.read_text("utf-8")
    assert "uac_admin=False" in text
    assert "uac_admin=True" not in text
    assert text.count("upx=False") == 2  # EXE and COLLECT
    assert "upx=True" not in text
    assert "version_info.write_version_file(" in text
    assert "icon=str(REPO / cfg.ICON)" in text
    assert (REPO / cfg.ICON).is_file()


def test_spec_passes_the_exclusions() -> None:
    assert "excludes=[] if KEEP_ALL else list(cfg.EXCLUDES)" in SPEC.read_text("utf-8")


def test_unused_qt_modules_are_excluded() -> None:
    """Every PySide6 module installed here but not used by the app is excluded."""
    import PySide6

    pyside = Path(PySide6.__file__).parent
    module_file = re.compile(r"Qt\w+\.(abi3|pyd)")
    installed = {p.name.split(".")[0] for p in pyside.iterdir() if module_file.match(p.name)}
    assert set(cfg.QT_MODULES_USED) <= installed
    for module in installed - set(cfg.QT_MODULES_USED):
        assert f"PySide6.{module}" in cfg.EXCLUDES, module
    for module in cfg.QT_MODULES_USED:
        assert f"PySide6.{module}" not in cfg.EXCLUDES
    for heavy in ("QtNetwork", "QtQml", "QtQuick", "QtOpenGL", "QtOpenGLWidgets"):
        assert f"PySide6.{heavy}" in cfg.EXCLUDES
    for other in ("PyQt5", "PyQt6", "PySide2", "tkinter"):
        assert other in cfg.EXCLUDES


@pytest.mark.parametrize(
    "dest",
    [
        "PySide6/translations/qtbase_de.qm",
        "PySide6/Qt/translations/qt_fr.qm",
        "PySide6/opengl32sw.dll",
        "PySide6\\plugins\\platforms\\qdirect2d.dll",
        "PySide6/plugins/tls/qschannelbackend.dll",
        "PySide6/Qt6Network.dll",
        "PySide6/Qt/lib/libQt6Network.so.6",
        "PySide6/Qt/plugins/platforms/libqvnc.so",
        "PySide6/plugins/imageformats/qtiff.dll",
    ],
)
def test_unused_files_are_dropped(dest: str) -> None:
    assert cfg.is_unused(dest)


@pytest.mark.parametrize(
    "dest",
    [
        "PySide6/Qt6Core.dll",
        "PySide6/Qt6Gui.dll",
        "PySide6/Qt6Widgets.dll",
        "PySide6/Qt6Svg.dll",
        "PySide6\\plugins\\platforms\\qwindows.dll",
        "PySide6/plugins/platforms/qoffscreen.dll",
        "PySide6/plugins/styles/qmodernwindowsstyle.dll",
        "PySide6/plugins/imageformats/qsvg.dll",
        "PySide6/plugins/iconengines/qsvgicon.dll",
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "esr_gui/_resources/icons/esr.ico",
        "esr_gui/core/data/channels.json",
    ],
)
def test_needed_files_are_kept(dest: str) -> None:
    assert not cfg.is_unused(dest)


def test_data_files_include_resources_and_core_data() -> None:
    pairs = cfg.data_files(REPO)
    assert (str(REPO / "resources"), "esr_gui/_resources") in pairs
    core_json = sorted((REPO / "esr_gui" / "core" / "data").glob("*.json"))
    assert core_json
    for path in core_json:
        assert (str(path), "esr_gui/core/data") in pairs


def test_no_wine_stub_in_spec_datas_or_binaries() -> None:
    """The test-only stub DLLs must never be named as something to bundle."""
    sources = [source for source, _dest in cfg.data_files(REPO)]
    for name in STUB_NAMES:
        assert all(name not in source.lower() for source in sources)
        assert name not in SPEC.read_text("utf-8").lower()
    stub_files = {p.name.lower() for p in (REPO / "resources").rglob("*.dll")}
    assert not stub_files & {f"{n}.dll" for n in STUB_NAMES}
    assert not re.search(r"\bbinaries=", SPEC.read_text("utf-8"))  # no hand-listed binaries


def test_stub_guard_finds_stubs() -> None:
    toc = [
        ("PySide6\\Qt6Core.dll", "C:\\py\\Qt6Core.dll", "BINARY"),
        ("ICUUC.DLL", "C:\\windows\\system32\\icuuc.dll", "BINARY"),
        ("sub/mscms.dll", "/x/mscms.dll", "BINARY"),
    ]
    assert cfg.stub_dlls_in(toc) == ["ICUUC.DLL", "sub/mscms.dll"]
    assert cfg.stub_dlls_in(toc[:1]) == []
    assert {n.removesuffix(".dll") for n in cfg.WINE_STUB_DLLS} == set(STUB_NAMES)


def test_each_executable_runs_only_its_entry_script() -> None:
    scripts = [
        ("pyiboot01_bootstrap", "b.py", "PYSOURCE"),
        ("pyi_rth_inspect", "i.py", "PYSOURCE"),
        ("pyi_rth_pyside6", "q.py", "PYSOURCE"),
        ("esr_gui_main", "g.py", "PYSOURCE"),
        ("esr_diag_main", "d.py", "PYSOURCE"),
    ]
    gui, diag = cfg.EXECUTABLES
    assert [s[0] for s in cfg.scripts_for(gui, scripts)] == [
        "pyiboot01_bootstrap",
        "pyi_rth_inspect",
        "pyi_rth_pyside6",
        "esr_gui_main",
    ]
    # esr-diag never imports Qt: the PySide6 runtime hook (which loads QtCore) is left out.
    assert [s[0] for s in cfg.scripts_for(diag, scripts)] == [
        "pyiboot01_bootstrap",
        "pyi_rth_inspect",
        "esr_diag_main",
    ]
    with pytest.raises(ValueError):
        cfg.scripts_for(gui, scripts[:3])


# --- icon ---------------------------------------------------------------------------------------


def test_icon_is_multi_size() -> None:
    data = (REPO / "resources" / "icons" / "esr.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind) == (0, 1)
    sizes = {(data[6 + 16 * i] or 256) for i in range(count)}
    assert {16, 24, 32, 48, 256} <= sizes
    assert (REPO / "resources" / "icons" / "esr.svg").is_file()


# --- NSIS installer -----------------------------------------------------------------------------


def _nsi() -> str:
    """The NSIS script without its comment lines."""
    lines = NSI.read_text("utf-8").splitlines()
    return "\n".join(line for line in lines if not line.lstrip().startswith(";"))


def test_installer_is_64_bit_unicode_per_machine() -> None:
    text = _nsi()
    assert re.search(r"^Target amd64-unicode$", text, re.M)
    assert re.search(r"^Unicode true$", text, re.M)
    assert re.search(r"^RequestExecutionLevel admin$", text, re.M)
    assert 'InstallDir "$PROGRAMFILES64\\${PRODUCT}"' in text
    assert "SetShellVarContext all" in text


def test_uninstall_entry_is_complete_and_silent_capable() -> None:
    text = _nsi()
    key = "Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\ESRTroubleshooter"
    assert f'!define UNINST_KEY "{key}"' in text
    written = set(re.findall(r'WriteReg(?:Str|DWORD) HKLM "\$\{UNINST_KEY\}" "(\w+)"', text))
    required = {
        "DisplayName",
        "DisplayVersion",
        "Publisher",
        "UninstallString",
        "QuietUninstallString",
        "InstallLocation",
        "EstimatedSize",
        "NoModify",
        "NoRepair",
    }
    assert required <= written
    assert re.search(r'"QuietUninstallString" \'"\$INSTDIR\\\$\{UNINSTALLER\}" /S\'', text)
    assert 'DeleteRegKey HKLM "${UNINST_KEY}"' in text


def test_installer_upgrades_in_place_and_signs() -> None:
    text = _nsi()
    assert 'InstallDirRegKey HKLM "${UNINST_KEY}" "InstallLocation"' in text
    assert "ExecWait '\"$R0\\${UNINSTALLER}\" /S _?=$R0'" in text
    # Both the uninstaller (written during compilation) and the installer get signed.
    assert "!uninstfinalize '${SIGN_CMD} \"%1\"' = 0" in text
    assert "!finalize '${SIGN_CMD} \"%1\"' = 0" in text
    # Never a recursive delete of the install folder itself.
    assert 'RMDir /r "$INSTDIR"' not in text
    for name in STUB_NAMES:
        assert name not in text.lower()


def test_spec_collects_msal_and_the_tenant_checks_runtime() -> None:
    """The frozen app signs in: MSAL's submodules are collected, none of its needs excluded."""
    assert "hiddenimports=[m for p in cfg.HIDDEN_PACKAGES" in SPEC.read_text("utf-8")
    assert "msal" in cfg.HIDDEN_PACKAGES
    excluded = {e.split(".")[0] for e in cfg.EXCLUDES}
    assert not excluded & set(cfg.GRAPH_RUNTIME)
    for name in cfg.GRAPH_RUNTIME:
        assert importlib.util.find_spec(name) is not None, f"{name} is not installed"
    from PyInstaller.utils.hooks import collect_submodules

    found = set(collect_submodules("msal"))
    assert {"msal.oauth2cli.authcode", "msal.throttled_http_client"} <= found


def test_spec_collects_every_module_imported_by_name() -> None:
    """esr-diag imports the chosen command's module by name, and the remedy package its parts:
    the frozen build must hold each of them (import analysis cannot see an importlib call)."""
    from PyInstaller.utils.hooks import collect_submodules

    from esr_gui.cli import SUBCOMMANDS
    from esr_gui.core import remedy

    collected = {m for p in cfg.HIDDEN_PACKAGES for m in collect_submodules(p)}
    wanted = {f"esr_gui.cli.{module}" for module in SUBCOMMANDS.values()}
    wanted |= {f"esr_gui.core.remedy.{part}" for part in set(remedy._WHERE.values())}
    assert wanted <= collected, sorted(wanted - collected)
