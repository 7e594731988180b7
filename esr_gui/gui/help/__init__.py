"""Offline help in the GUI: the viewer over `core.help`; online links say when they fail."""

from esr_gui.gui.help.controller import HelpController
from esr_gui.gui.help.links import open_online
from esr_gui.gui.help.viewer import HelpViewer

__all__ = ["HelpController", "HelpViewer", "open_online"]
