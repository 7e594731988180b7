"""Member names and the size limits that keep a stranger's bundle from hurting us."""

from __future__ import annotations

import re
from dataclasses import dataclass

from esr_gui.core.errors import BundleError

MANIFEST = "manifest.json"
DSREGCMD = "dsregcmd-status.txt"
WHOAMI_UPN = "whoami-upn.txt"
SYSTEM = "system.json"
NOTES = "notes.txt"
CAPTURE_LOG = "capture.json"
NETWORK = "network.json"
REGISTRY_DIR = "registry/"
EVENTS_DIR = "events/"
GRAPH_DIR = "graph/"
GRAPH_INDEX = "graph/index.json"
MAX_GRAPH_MEMBER_BYTES = 8 * 1024 * 1024  # one Graph answer; ours are a few kilobytes

_DRIVE = re.compile(r"^[A-Za-z]:")


@dataclass(frozen=True)
class BundleLimits:
    """How much a reader accepts before it refuses a bundle (zip bombs, absurd folders)."""

    max_members: int = 5_000
    max_member_bytes: int = 256 * 1024 * 1024
    max_total_bytes: int = 768 * 1024 * 1024
    max_manifest_bytes: int = 1024 * 1024
    max_network_bytes: int = 1024 * 1024


DEFAULT_LIMITS = BundleLimits()


def safe_member_name(raw: str) -> str:
    """Normalise a member name to `a/b/c` and refuse anything that could leave the bundle root.

    Raises BundleError for absolute paths, drive letters, `..` components, NUL bytes and
    empty names; backslashes count as separators because Windows tools write them.
    """
    name = raw.replace("\\", "/")
    if "\x00" in name:
        raise BundleError(f"refused member {raw!r}: its name contains a NUL character")
    if name.startswith("/") or _DRIVE.match(name):
        raise BundleError(f"refused member {raw!r}: absolute paths are not allowed in a bundle")
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if any(p == ".." for p in parts):
        raise BundleError(f"refused member {raw!r}: it points outside the bundle ('..')")
    if not parts:
        raise BundleError(f"refused member {raw!r}: empty name")
    return "/".join(parts)
