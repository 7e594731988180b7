"""Bundle → Snapshot: parse every member; one bad member never sinks the rest."""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import ValidationError

from esr_gui.core.bundle.limits import (
    CAPTURE_LOG,
    DEFAULT_LIMITS,
    DSREGCMD,
    GRAPH_INDEX,
    MAX_GRAPH_MEMBER_BYTES,
    NETWORK,
    NOTES,
    REGISTRY_DIR,
    SYSTEM,
    WHOAMI_UPN,
)
from esr_gui.core.bundle.reader import Bundle, open_bundle
from esr_gui.core.bundle.regular_file import FileTooLargeError, read_regular_file
from esr_gui.core.data import capture_registry_keys
from esr_gui.core.decoding import decode_text
from esr_gui.core.errors import EsrError, ParseError
from esr_gui.core.excerpt import excerpt
from esr_gui.core.models.events import ChannelCapture
from esr_gui.core.models.manifest import SystemFacts
from esr_gui.core.models.network import NetworkResults
from esr_gui.core.models.snapshot import (
    MemberProblem,
    RegistryCapture,
    RegistryCaptureState,
    Snapshot,
    SourceInfo,
    SourceKind,
)
from esr_gui.core.parse.dsregcmd import MAX_DSREGCMD_BYTES, parse_dsregcmd, too_large_message
from esr_gui.core.parse.regfile import RegFile, merge_reg_files, parse_reg_file
from esr_gui.core.parse.safe_json import loads_json
from esr_gui.core.snapshot_events import read_events
from esr_gui.core.tenant.parse import parse_graph

_UPN = re.compile(r"[^\s@]+@[^\s@]+")


def load_snapshot(
    path: str | Path, kind: SourceKind = "bundle", name: str | None = None
) -> Snapshot:
    """Open the bundle at `path` and build its Snapshot (BundleError if the bundle is unusable)."""
    with open_bundle(path) as bundle:
        return snapshot_from_bundle(bundle, kind=kind, name=name)


def snapshot_from_bundle(
    bundle: Bundle, kind: SourceKind = "bundle", name: str | None = None
) -> Snapshot:
    """Parse every member of an opened bundle into one Snapshot."""
    snap = Snapshot(
        source=SourceInfo(kind=kind, path=str(bundle.path), name=name), manifest=bundle.manifest
    )
    _read_dsregcmd(bundle, snap)
    _read_text_members(bundle, snap)
    _read_registry(bundle, snap)
    read_events(bundle, snap)
    _read_system(bundle, snap)
    _read_capture_log(bundle, snap)
    _read_graph(bundle, snap)
    _read_network(bundle, snap)
    return snap


def snapshot_from_dsregcmd(
    data: bytes, path: str | None = None, kind: SourceKind = "dsregcmd", *, keep: bool = False
) -> Snapshot:
    """A Snapshot of a saved or pasted `dsregcmd /status` text alone.

    An unusable text raises ParseError, unless `keep`: then it is recorded as a problem, as
    a bundle records an unreadable `dsregcmd-status.txt`, so both inputs diagnose alike.
    """
    name = Path(path).name if path else "pasted text"
    snap = Snapshot(source=SourceInfo(kind=kind, path=path))
    try:
        snap.dsregcmd = parse_dsregcmd(data, source=name)
    except EsrError as exc:
        if not keep:
            raise
        _problem(snap, name, exc)
    return snap


def read_dsregcmd_file(path: Path) -> bytes:
    """The bytes of a saved dsregcmd text: a regular file of at most MAX_DSREGCMD_BYTES
    (a named pipe or device is never opened); EsrError with a sentence otherwise."""
    try:
        return read_regular_file(path, MAX_DSREGCMD_BYTES, path.name)
    except FileTooLargeError as exc:
        raise ParseError(too_large_message(exc.size), source=path.name) from None


def _problem(snap: Snapshot, member: str, exc: Exception) -> None:
    # A parser names its input itself ("dsregcmd-status.txt: no ... fields"); every report
    # prints "member: message", so the name is not repeated in the message.
    message = str(exc).removeprefix(f"{member}: ")
    snap.problems.append(MemberProblem(member=member, message=message))


def _read_dsregcmd(bundle: Bundle, snap: Snapshot) -> None:
    if not bundle.has(DSREGCMD):
        return
    size = bundle.size(DSREGCMD)
    if size > MAX_DSREGCMD_BYTES:  # judged before reading: a real one is a few KiB
        _problem(snap, DSREGCMD, ParseError(too_large_message(size)))
        return
    try:
        snap.dsregcmd = parse_dsregcmd(bundle.read(DSREGCMD, MAX_DSREGCMD_BYTES), DSREGCMD)
    except EsrError as exc:
        _problem(snap, DSREGCMD, exc)


def _read_text_members(bundle: Bundle, snap: Snapshot) -> None:
    for member in (WHOAMI_UPN, NOTES):
        if not bundle.has(member):
            continue
        try:
            text = decode_text(bundle.read(member, bundle.limits.max_text_bytes)).strip()
        except EsrError as exc:
            _problem(snap, member, exc)
            continue
        if member == NOTES:
            snap.notes = text
        elif text:
            _read_upn(snap, text)


def _read_upn(snap: Snapshot, text: str) -> None:
    """Keep the first line of `whoami /upn` output when it is a UPN; an error text is not one.

    `whoami /upn` prints an error instead for local accounts (and a collector may have captured
    stderr too), which must not reach the report or the rules as the user's name.
    """
    first = text.splitlines()[0].strip()
    if _UPN.fullmatch(first):
        snap.upn = first
        return
    message = f"no user principal name in it (it says: {excerpt(first, 80)!r})"
    snap.warnings.append(MemberProblem(member=WHOAMI_UPN, message=message))


def _read_registry(bundle: Bundle, snap: Snapshot) -> None:
    files: list[RegFile] = []
    for member in bundle.under(REGISTRY_DIR):
        if not member.lower().endswith(".reg"):
            continue
        try:
            data = bundle.read(member, bundle.limits.max_reg_bytes)
            parsed = parse_reg_file(data, origin=member)
        except EsrError as exc:
            _problem(snap, member, exc)
            continue
        files.append(parsed)
        snap.warnings.extend(MemberProblem(member=member, message=w) for w in parsed.warnings)
    if files:
        snap.registry = merge_reg_files(files)


def _read_system(bundle: Bundle, snap: Snapshot) -> None:
    if not bundle.has(SYSTEM):
        return
    try:
        snap.system = SystemFacts.model_validate_json(
            bundle.read(SYSTEM, bundle.limits.max_json_bytes)
        )
    except ValidationError as exc:
        _problem(snap, SYSTEM, ParseError(f"not usable ({exc.errors()[0]['msg']})"))
    except EsrError as exc:
        _problem(snap, SYSTEM, exc)


def _read_network(bundle: Bundle, snap: Snapshot) -> None:
    """`network.json`: the active endpoint tests (optional; size-bounded like the manifest)."""
    if not bundle.has(NETWORK):
        return
    try:
        if bundle.size(NETWORK) > DEFAULT_LIMITS.max_network_bytes:
            size = DEFAULT_LIMITS.max_network_bytes // 1024
            raise ParseError(f"it is larger than {size} KB, more than any network test writes")
        data = bundle.read(NETWORK)
        snap.network = NetworkResults.model_validate_json(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        detail = f"{where}: {first['msg']}" if where else first["msg"]
        _problem(snap, NETWORK, ParseError(f"not usable ({detail})"))
    except EsrError as exc:
        _problem(snap, NETWORK, exc)


def _read_capture_log(bundle: Bundle, snap: Snapshot) -> None:
    """`capture.json`, written by our own collectors: what each channel probe found."""
    if not bundle.has(CAPTURE_LOG):
        return
    try:
        raw = loads_json(bundle.read(CAPTURE_LOG, bundle.limits.max_json_bytes), "the file")
        if not isinstance(raw, dict):
            raise ParseError("the file must hold a JSON object")
        reported = [ChannelCapture.model_validate(c) for c in raw.get("channels", [])]
        snap.registry_captures = (
            [RegistryCapture.model_validate(r) for r in raw["registry"]]
            if "registry" in raw
            else _registry_from_steps(raw.get("steps"))
        )
    except EsrError as exc:
        _problem(snap, CAPTURE_LOG, exc)
        return
    except (ValueError, AttributeError, TypeError, ValidationError) as exc:
        _problem(snap, CAPTURE_LOG, ParseError(f"not usable ({exc})"))
        return
    known = {c.channel.lower(): c for c in snap.channels}
    for capture in reported:
        previous = known.get(capture.channel.lower())
        if previous is None or capture.state not in ("captured", "empty"):
            snap.channels = [
                c for c in snap.channels if c.channel.lower() != capture.channel.lower()
            ]
            snap.channels.append(capture)


def _read_graph(bundle: Bundle, snap: Snapshot) -> None:
    """`graph/`: what Microsoft Graph said; each body bounded like the index itself."""
    if not bundle.has(GRAPH_INDEX):
        return

    def read(member: str) -> bytes | None:
        if not bundle.has(member) or bundle.size(member) > MAX_GRAPH_MEMBER_BYTES:
            return None
        return bundle.read(member)

    index = read(GRAPH_INDEX)
    if index is None:
        size = bundle.size(GRAPH_INDEX)
        _problem(snap, GRAPH_INDEX, ParseError(f"too large to be ours ({size} bytes)"))
        return
    try:
        snap.graph = parse_graph(index, read)
    except EsrError as exc:
        _problem(snap, GRAPH_INDEX, exc)


_ERROR_KINDS: dict[str, RegistryCaptureState] = {
    "not-found": "missing",
    "access-denied": "access-denied",
    "timeout": "timeout",
}
_STEP_STATES: dict[str, RegistryCaptureState] = {
    "ok": "captured",
    "missing": "missing",
    "timeout": "timeout",
}


def _registry_from_steps(steps: object) -> list[RegistryCapture]:
    """Key states from the `registry:<file>` steps of capture.json (esr-gui's capture and the
    collector script record steps, not a `registry` list): an unreadable key must count as
    unknown, never as "not set"."""
    paths = {spec.file.lower(): spec.path for spec in capture_registry_keys()}
    found: list[RegistryCapture] = []
    for step in steps if isinstance(steps, list) else []:
        if not isinstance(step, dict) or step.get("kind") != "registry":
            continue
        path = paths.get(str(step.get("step", "")).partition(":")[2].lower())
        if path is None:
            continue
        kind = step.get("error_kind")
        state = (
            _ERROR_KINDS.get(str(kind), "error")
            if kind
            else _STEP_STATES.get(str(step.get("state")), "error")
        )
        message = str(step.get("message") or "")
        found.append(RegistryCapture(path=path, state=state, message=message))
    return found
