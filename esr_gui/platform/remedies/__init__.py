"""The OS side of the remedies: inventory, backup/delete/restore, commands, elevation, audit.

`RemedyEngine(RemedyEnvironment.default())` is the entry point for the GUI and the CLI.
"""

from esr_gui.platform.remedies.engine import RemedyEngine
from esr_gui.platform.remedies.environment import RemedyEnvironment

__all__ = ["RemedyEngine", "RemedyEnvironment"]
