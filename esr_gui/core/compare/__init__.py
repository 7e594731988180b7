"""Two captures of one device compared: verdicts, headline, dsregcmd fields and registry values
that changed (before a fix and after it, or two days apart). Pure: no Qt, no OS access beyond
reading the two inputs through the snapshot loaders."""

from esr_gui.core.compare.load import load_capture
from esr_gui.core.compare.model import (
    CaptureSide,
    Comparison,
    FieldChange,
    RegistryChange,
    compare_captures,
    compare_snapshots,
)

__all__ = [
    "CaptureSide",
    "Comparison",
    "FieldChange",
    "RegistryChange",
    "compare_captures",
    "compare_snapshots",
    "load_capture",
]
