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
    # Per member kind (docs/bundle-format.md, "Size limits"): far above any real capture.
    max_text_bytes: int = 8 * 1024 * 1024  # whoami-upn.txt, notes.txt (reports cut them)
    max_json_bytes: int = 4 * 1024 * 1024  # system.json, capture.json
    max_reg_bytes: int = 16 * 1024 * 1024  # one `reg export` of the keys we capture: KiBs
    # Event files: one up to this size is parsed whole; of a larger one only the records at
    # its two ends (up to max_window_records each, within the first and last half of this
    # size). At most max_events_per_channel records per channel are kept: the newest.
    max_event_bytes: int = 32 * 1024 * 1024
    max_window_records: int = 5_000
    max_events_per_channel: int = 30_000


DEFAULT_LIMITS = BundleLimits()


def check_totals(count: int, total: int, limits: BundleLimits) -> None:
    """BundleError when a bundle holds too many members or expands to too many bytes."""
    if count > limits.max_members:
        raise BundleError(f"the bundle has more than {limits.max_members} members; refused")
    if total > limits.max_total_bytes:
        mib = limits.max_total_bytes // 2**20
        raise BundleError(f"the bundle expands to more than {mib} MiB; refused")


def refuse_duplicate(seen: dict[str, str], name: str, raw: str) -> None:
    """BundleError when `name` was already seen, exactly or apart from letter case.

    Members are looked up case-insensitively (Windows names), and zip tools disagree on which
    of two same-named entries counts, so such a bundle could read differently in each tool.
    `seen` maps each casefolded name to the raw name it came from.
    """
    earlier = seen.get(name.casefold())
    if earlier is not None:
        same = "the same name" if earlier == raw else "names that differ only in letter case"
        raise BundleError(
            f"the bundle holds two members with {same} ({earlier!r} and {raw!r}); tools "
            "disagree on which one counts, so the bundle is refused"
        )
    seen[name.casefold()] = raw


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
