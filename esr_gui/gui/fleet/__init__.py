"""The Fleet view: many devices at once, from a folder of bundles and saved check results."""

from esr_gui.gui.fleet.window import FleetWindow

__all__ = ["FleetWindow"]
