"""The raw view's core: the capture's texts as a technician reads them, and where each piece
of evidence sits in them (pure: no Qt, no file access)."""

from esr_gui.core.raw.build import build_raw
from esr_gui.core.raw.locate import locate
from esr_gui.core.raw.model import Location, RawCapture, RawMember

__all__ = ["Location", "RawCapture", "RawMember", "build_raw", "locate"]
