"""`python -m esr_gui` starts the desktop app."""

from esr_gui.gui.app import main

raise SystemExit(main())
