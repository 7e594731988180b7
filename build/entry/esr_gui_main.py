"""Frozen entry point of esr-gui.exe (windowed): the same as `python -m esr_gui`."""

from esr_gui.gui.app import main

raise SystemExit(main())
