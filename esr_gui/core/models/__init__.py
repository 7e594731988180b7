"""Pydantic models of the core (no Qt, no OS access)."""

from esr_gui.core.models.dsreg import DsregField, DsregSection, DsregStatus, JoinType, Layout
from esr_gui.core.models.events import ChannelCapture, Event
from esr_gui.core.models.findings import Evidence, Finding, Status
from esr_gui.core.models.manifest import Manifest, ProblemInfo, SystemFacts
from esr_gui.core.models.registry import RegistryView, RegKey, RegValue
from esr_gui.core.models.snapshot import (
    MemberProblem,
    OsBuild,
    RegistryCapture,
    Snapshot,
    SourceInfo,
)

__all__ = [
    "ChannelCapture",
    "DsregField",
    "DsregSection",
    "DsregStatus",
    "Event",
    "Evidence",
    "Finding",
    "JoinType",
    "Layout",
    "Manifest",
    "MemberProblem",
    "OsBuild",
    "ProblemInfo",
    "RegKey",
    "RegValue",
    "RegistryCapture",
    "RegistryView",
    "Snapshot",
    "SourceInfo",
    "Status",
    "SystemFacts",
]
