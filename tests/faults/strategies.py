"""Hypothesis strategies for the fuzz gaps: real bundles with mutated members, odd member
names, arbitrary JSON, and probe faults for a capture."""

from __future__ import annotations

import io
import json
import struct
import warnings
import zipfile
from typing import Any

from hypothesis import assume
from hypothesis import strategies as st

from esr_gui.core.data import capture_channels, capture_registry_keys
from esr_gui.platform.fake import channel_probe_id, registry_probe_id
from esr_gui.platform.host import PROBE_KINDS, ProbeError
from esr_gui.resources import demo_names
from tests.faults.hosts import demo_members

DEMOS: dict[str, dict[str, bytes]] = {name: demo_members(name) for name in demo_names()}
MANIFEST_FIELDS = ("format", "version", "created", "context", "computer", "user", "problem")
ODD_NAMES = (
    "DSREGCMD-STATUS.TXT",
    "Events/Microsoft-Windows-AAD%4Operational.XML",
    "events/x.evtx",
    "events/sub/deeper.xml",
    "registry\\backslash.reg",
    "registry/",
    "./notes.txt",
    "capture.json",
    "system.json",
    "whoami-upn.txt",
    "événements/journal.xml",
    "events/CON.xml",
    "a" * 300,
)

_SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
json_values: st.SearchStrategy[Any] = st.recursive(
    _SCALARS | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


@st.composite
def changed_bytes(draw: st.DrawFn, original: bytes) -> bytes:
    """The original cut, with bytes inserted or flipped, re-encoded, or replaced outright."""
    how = draw(st.sampled_from(["cut", "insert", "flip", "utf16", "replace"]))
    at = draw(st.integers(0, max(len(original) - 1, 0)))
    if how == "cut":
        return original[:at]
    if how == "insert":
        return original[:at] + draw(st.binary(min_size=1, max_size=40)) + original[at:]
    if how == "flip" and original:
        flipped = original[at] ^ draw(st.integers(1, 255))
        return original[:at] + bytes([flipped]) + original[at + 1 :]
    if how == "utf16":
        return original.decode("utf-8", "replace").encode("utf-16")
    return draw(st.binary(max_size=600))


@st.composite
def capture_log(draw: st.DrawFn) -> bytes:
    """A capture.json with steps and channels of any shape (the builder must not care)."""
    step = st.fixed_dictionaries(
        {
            "kind": st.sampled_from(["registry", "events", "dsregcmd"]) | json_values,
            "step": st.sampled_from([f"registry:{k.file}" for k in capture_registry_keys()])
            | json_values,
            "state": st.sampled_from(["ok", "missing", "failed", "timeout"]) | json_values,
            "error_kind": st.sampled_from(PROBE_KINDS) | json_values,
        }
    )
    log = {"steps": draw(st.lists(step, max_size=4)), "channels": draw(json_values)}
    return json.dumps(log).encode()


@st.composite
def mutated_members(draw: st.DrawFn) -> dict[str, bytes]:
    """A real demo bundle's members after up to four mutations."""
    members = dict(DEMOS[draw(st.sampled_from(sorted(DEMOS)))])
    for _ in range(draw(st.integers(0, 4))):
        how = draw(st.sampled_from(["change", "drop", "add", "manifest", "capture"]))
        name = draw(st.sampled_from(sorted(members))) if members else "notes.txt"
        if how == "change":
            members[name] = draw(changed_bytes(members.get(name, b"")))
        elif how == "drop":
            members.pop(name, None)
        elif how == "add":
            odd = draw(st.sampled_from(ODD_NAMES) | st.text(min_size=1, max_size=30))
            members[odd] = draw(st.binary(max_size=300))
        elif how == "capture":
            members["capture.json"] = draw(capture_log())
        else:
            manifest = json.loads(DEMOS[sorted(DEMOS)[0]]["manifest.json"])
            manifest[draw(st.sampled_from(MANIFEST_FIELDS))] = draw(json_values)
            members["manifest.json"] = json.dumps(manifest).encode()
    return members


def as_zip(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """The members as zip bytes (hypothesis skips names zipfile cannot store)."""
    buffer = io.BytesIO()
    try:
        with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
            for name, data in members.items():
                archive.writestr(name, data)
    except (ValueError, UnicodeEncodeError, IndexError):  # names zipfile cannot write
        assume(False)
    return buffer.getvalue()


@st.composite
def mutated_bundle_zip(draw: st.DrawFn) -> bytes:
    """Zip bytes of a mutated real bundle, sometimes damaged at the byte level too."""
    compression = draw(st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED]))
    data = as_zip(draw(mutated_members()), compression)
    if draw(st.booleans()):
        data = draw(changed_bytes(data))
    return data


# Unix modes a zip entry may carry (high 16 bits of its external attributes): none (Windows
# tools), regular files, a folder, and the special kinds a reader must refuse.
ZIP_MODES = (0, 0o100644, 0o100755, 0o040755, 0o120777, 0o010644, 0o020644, 0o060644, 0o140755)
_CENTRAL = b"PK\x01\x02"


def _entry(name: str, mode: int, system: int, compression: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(2026, 11, 25, 9, 14, 3))
    info.external_attr, info.create_system, info.compress_type = mode << 16, system, compression
    return info


@st.composite
def mutated_zip_metadata(draw: st.DrawFn) -> bytes:
    """A real bundle's zip whose metadata lies: entry modes (pipes, devices, links), duplicate
    names (exact or in another letter case) and declared sizes in the central directory."""
    members = draw(mutated_members())
    entries = [(name, data) for name, data in members.items()]
    for _ in range(draw(st.integers(0, 2))):
        if entries:
            name, data = draw(st.sampled_from(entries))
            twin = draw(st.sampled_from([name, name.upper(), name.swapcase()]))
            entries.append((twin, draw(st.sampled_from([data, b"other"]))))
    buffer = io.BytesIO()
    try:
        with warnings.catch_warnings(), zipfile.ZipFile(buffer, "w") as archive:
            warnings.simplefilter("ignore")  # zipfile's "Duplicate name"
            for name, data in entries:
                mode = draw(st.sampled_from(ZIP_MODES))
                compression = draw(st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED]))
                info = _entry(name, mode, draw(st.sampled_from([0, 3])), compression)
                archive.writestr(info, data)
    except (ValueError, UnicodeEncodeError, IndexError):  # names zipfile cannot write
        assume(False)
    return _lie_about_sizes(draw, buffer.getvalue())


def _lie_about_sizes(draw: st.DrawFn, data: bytes) -> bytes:
    """Rewrite some central-directory sizes (compressed at +20, uncompressed at +24)."""
    raw = bytearray(data)
    offsets = [at for at in range(len(raw)) if raw.startswith(_CENTRAL, at)]
    for _ in range(draw(st.integers(0, 2))):
        if not offsets:
            break
        at = draw(st.sampled_from(offsets)) + draw(st.sampled_from([20, 24]))
        size = draw(st.sampled_from([0, 1, 2**20, 2**28 + 1, 2**32 - 1]) | st.integers(0, 9999))
        struct.pack_into("<I", raw, at, size)
    return bytes(raw)


PROBES = (
    "context",
    "upn",
    "dsregcmd",
    "aad-join",
    "system",
    *(registry_probe_id(k.path) for k in capture_registry_keys()),
    *(channel_probe_id(c.name) for c in capture_channels()),
)
HANG = "hang"


def probe_fault() -> st.SearchStrategy[object]:
    """What one probe does instead of answering: a typed error, a bug, garbage, or a hang."""
    typed = st.builds(ProbeError, st.sampled_from(PROBE_KINDS), st.text(min_size=1, max_size=40))
    bugs = st.sampled_from([RuntimeError("bug"), OSError(5, "Access is denied"), KeyError("x")])
    garbage = st.binary(max_size=200).map(lambda data: ("result", data))
    return st.one_of(typed, bugs, garbage, st.just(HANG))
