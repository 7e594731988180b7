"""Frozen entry point of esr-gui.exe (windowed): the same as `python -m esr_gui`."""

from esr_gui.frozen_archive import hold_archive, release_archive

hold_archive()  # one handle on the module archive while starting (esr_gui/frozen_archive.py)

from esr_gui.gui.app import main  # noqa: E402

# Once started, the archive is opened per import again, as PyInstaller intends (the exe can
# then be renamed while the app runs).
raise SystemExit(main(on_first_diagnosis=release_archive))
