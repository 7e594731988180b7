"""`python -m esr_gui.cli` runs esr-diag."""

from esr_gui.cli import main

raise SystemExit(main())
