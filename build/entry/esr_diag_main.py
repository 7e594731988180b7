"""Frozen entry point of esr-diag.exe (console): the same as `python -m esr_gui.cli`."""

from esr_gui.frozen_archive import hold_archive

hold_archive()  # one handle on the module archive (esr_gui/frozen_archive.py)

from esr_gui.cli import main  # noqa: E402

raise SystemExit(main())
