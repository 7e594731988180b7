"""Frozen entry point of esr-gui.exe (windowed): the same as `python -m esr_gui`."""

from esr_gui.frozen_archive import hold_archive

hold_archive()  # one handle on the module archive while starting (esr_gui/frozen_archive.py)

from esr_gui.gui.app import main  # noqa: E402

raise SystemExit(main())
