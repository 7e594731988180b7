"""esr-gui entry point: parse the command line, open the source, show the window."""

from __future__ import annotations

import argparse
import gc
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from esr_gui import __version__
from esr_gui.resources import demo_names

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from esr_gui.gui.main_window import MainWindow

log = logging.getLogger(__name__)
SCREENSHOT_TIMEOUT_MS = 120_000
SCREENSHOT_SIZE = (1280, 800)


def build_parser() -> argparse.ArgumentParser:
    """Command line of esr-gui (contracts/cli.md)."""
    parser = argparse.ArgumentParser(prog="esr-gui", description="ESR Troubleshooter")
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--bundle", metavar="PATH", help="open a capture bundle (folder or .zip)")
    source.add_argument("--dsregcmd", metavar="FILE", help="open a saved dsregcmd /status text")
    source.add_argument("--demo", metavar="NAME", help="open an embedded demo ('list' names them)")
    parser.add_argument("--screenshot", metavar="PNG", help="render the window to PNG and exit")
    parser.add_argument("--version", action="version", version=f"esr-gui {__version__}")
    return parser


def main(
    argv: Sequence[str] | None = None, *, on_first_diagnosis: Callable[[], object] | None = None
) -> int:
    """Start the app; returns the process exit code. `on_first_diagnosis` is called once, when
    the first diagnosis is on screen (the frozen entry point hands back its archive handle)."""
    args = build_parser().parse_args(argv)
    if args.demo == "list":
        for name in demo_names():
            print(name)
        return 0
    if args.demo and args.demo not in demo_names():
        print(f"esr-gui: no demo called {args.demo!r}; `--demo list` names them", file=sys.stderr)
        return 2
    return _run(args, on_first_diagnosis)


def _run(args: argparse.Namespace, on_first_diagnosis: Callable[[], object] | None) -> int:
    # Start-up makes long-lived objects (modules, classes, pydantic validators, widgets): the
    # collector's passes over them cost ~50 ms before the first diagnosis is painted and free
    # next to nothing. `freeze_startup_objects` turns it back on once the window is built.
    gc.disable()
    app = make_application()
    if args.screenshot:  # a screenshot renders the finished window only: no skeleton
        window = build_window(args, on_first_diagnosis)
        return screenshot_when_ready(window, args.screenshot)
    # Paint the frame before the core, pydantic and the panes load (issue 19); the rest of the
    # start runs from the event loop once the skeleton has painted.
    from esr_gui.gui.skeleton import hand_over, show_skeleton  # noqa: PLC0415

    built: list[MainWindow] = []
    failed: list[BaseException] = []

    def finish() -> None:
        try:
            built.append(build_window(args, on_first_diagnosis))
        except BaseException as exc:  # leave the loop and raise it there, as before
            failed.append(exc)
            app.exit(2)
            return
        hand_over(skeleton, built[0])

    skeleton = show_skeleton(finish)
    code = int(app.exec())
    if failed:
        raise failed[0]
    if built:
        built[0].ctx.runner.shutdown()
    return code


def build_window(
    args: argparse.Namespace, on_first_diagnosis: Callable[[], object] | None = None
) -> MainWindow:
    """Logging, the crash hook and the main window, opening what the command line asks for."""
    from PySide6.QtWidgets import QApplication  # noqa: PLC0415

    from esr_gui.gui.applog import setup_logging  # noqa: PLC0415
    from esr_gui.gui.crash import install_crash_hook  # noqa: PLC0415
    from esr_gui.gui.preload import freeze_startup_objects  # noqa: PLC0415
    from esr_gui.gui.theme import follow_scheme  # noqa: PLC0415

    app = QApplication.instance()
    if isinstance(app, QApplication):
        follow_scheme(app)
    setup_logging()
    install_crash_hook()
    window = make_window()
    freeze_startup_objects()
    start(window, args)
    if on_first_diagnosis is not None:
        call_once_ready(window, on_first_diagnosis)
    return window


def call_once_ready(window: MainWindow, callback: Callable[[], object]) -> None:
    """Call `callback` when the window first shows a diagnosis, and not again."""

    def first(_analysis: object) -> None:
        window.ready.disconnect(first)
        callback()

    window.ready.connect(first)


def make_application() -> QApplication:
    """The QApplication, named and themed; imports Qt and nothing of the core."""
    from PySide6.QtWidgets import QApplication  # noqa: PLC0415 — Qt only past argument parsing

    from esr_gui.gui.feature_scan import skip_feature_scan  # noqa: PLC0415

    skip_feature_scan()  # before the app's other modules load
    from esr_gui.gui.theme import apply_style, style_arguments  # noqa: PLC0415

    # The palette follows once the skeleton has painted (build_window).
    existing, arguments = QApplication.instance(), style_arguments()
    if isinstance(existing, QApplication):
        app = existing
    else:
        app = QApplication([*sys.argv[:1], *arguments])
    if app is existing or not arguments:  # the style did not come with its command line
        apply_style(app)
    app.setApplicationName("ESR Troubleshooter")
    app.setApplicationVersion(__version__)
    return app


def make_window() -> MainWindow:
    """The real window over the real pool, settings, dialogs and (on Windows) host."""
    from esr_gui.gui.main_window import AppContext, MainWindow  # noqa: PLC0415
    from esr_gui.gui.settings import SettingsStore  # noqa: PLC0415
    from esr_gui.gui.workers import TaskRunner  # noqa: PLC0415
    from esr_gui.platform import is_windows, live_host  # noqa: PLC0415
    from esr_gui.platform.network_live import live_network_tests  # noqa: PLC0415

    ctx = AppContext(
        runner=TaskRunner(),
        store=SettingsStore(),
        host_factory=live_host if is_windows() else None,
        network_tests=live_network_tests if is_windows() else None,
        fill_in_steps=True,
    )
    return MainWindow(ctx)


def start(window: MainWindow, args: argparse.Namespace) -> None:
    """Open what the command line asks for (or the default source)."""
    from esr_gui.gui.pipeline import Source, default_demo  # noqa: PLC0415
    from esr_gui.platform import is_windows  # noqa: PLC0415

    if args.bundle:
        window.open_source(Source("bundle", path=str(Path(args.bundle))))
    elif args.dsregcmd:
        window.open_source(Source("dsregcmd", path=str(Path(args.dsregcmd))))
    elif args.demo:
        window.open_source(Source("demo", name=args.demo))
    elif is_windows():
        window.start_live()
    else:
        window.open_source(Source("demo", name=default_demo()))


def screenshot_when_ready(window: MainWindow, path: str) -> int:
    """Show the window, wait (event loop, signals) for the diagnosis, save a PNG; 0 or 2."""
    from esr_gui.gui.screenshot import Screenshotter  # noqa: PLC0415

    shot = Screenshotter(window, Path(path), SCREENSHOT_SIZE, SCREENSHOT_TIMEOUT_MS)
    return shot.run()
