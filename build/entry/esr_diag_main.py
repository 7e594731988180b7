"""Frozen entry point of esr-diag.exe (console): the same as `python -m esr_gui.cli`."""

from esr_gui.cli import main

raise SystemExit(main())
