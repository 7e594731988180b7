"""esr-gui entry point: parse the command line, open the source, show the window."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from esr_gui import __version__
from esr_gui.resources import demo_dir, demo_names


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


def main(argv: Sequence[str] | None = None) -> int:
    """Start the app; returns the process exit code."""
    args = build_parser().parse_args(argv)
    if args.demo == "list":
        for name in demo_names():
            print(name)
        return 0
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow  # noqa: PLC0415

    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setWindowTitle("ESR Troubleshooter")
    source = args.bundle or args.dsregcmd or (demo_dir() / (args.demo or "")).as_posix()
    window.setCentralWidget(QLabel(f"ESR Troubleshooter {__version__}\n\n{source}"))
    window.resize(1280, 800)
    window.show()
    if args.screenshot:
        app.processEvents()
        ok = window.grab().save(args.screenshot)
        return 0 if ok else 2
    return int(app.exec())
