"""Redaction of a whole bundle: every member, consistently, keeping what diagnosis reads.

Personal values are first found in structured sources (manifest, capture.json, whoami,
dsregcmd fields, registry values, event System fields), then replaced everywhere, together
with anything shaped like an e-mail address, a domain or Entra SID, a GUID (except the
well-known provider GUIDs diagnosis needs) or a 40-hex thumbprint. The same value always gets
the same token of the same shape (`user1@redacted.invalid`, `PC-0001`,
`00000000-0000-0000-0000-000000000001`). `.evtx` members cannot be rewritten safely, so they
become wevtutil-style `.xml`. Pure: no OS access.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from pydantic import BaseModel, Field, ValidationError

from esr_gui.core.bundle.limits import CAPTURE_LOG, EVENTS_DIR, MANIFEST
from esr_gui.core.bundle.reader import Bundle
from esr_gui.core.bundle.writer import manifest_bytes, write_bundle
from esr_gui.core.data import capture_channels, capture_registry_keys
from esr_gui.core.errors import BundleError, EsrError
from esr_gui.core.models.manifest import Manifest
from esr_gui.core.parse.events_evtx import parse_evtx
from esr_gui.core.parse.events_write import events_to_xml
from esr_gui.core.parse.events_xml import parse_events_xml
from esr_gui.core.redaction.collect import collect_all, collect_events, collect_user_folders
from esr_gui.core.redaction.escapes import escaped_view
from esr_gui.core.redaction.freetext import screen_problem
from esr_gui.core.redaction.reg import redact_reg
from esr_gui.core.redaction.text import TextRedactor, decode_member

_TEXT_SUFFIXES = (".txt", ".json", ".xml", ".log", ".csv", ".md", ".ini", ".cfg")


class RedactionReport(BaseModel):
    """What was replaced, by kind (counts only: the report never holds an original value)."""

    values: dict[str, int] = Field(default_factory=dict)
    replacements: dict[str, int] = Field(default_factory=dict)
    converted: list[str] = Field(default_factory=list)
    dropped: list[str] = Field(default_factory=list)
    removed_text: list[str] = Field(default_factory=list)
    members: int = 0

    def summary(self) -> str:
        """One line for a status bar or the CLI: `replaced 3 upn, 2 guid, 1 computer`, and the
        free-text manifest fields removed, if any."""
        if not self.values:
            said = "nothing personal was found"
        else:
            said = "replaced " + ", ".join(f"{n} {k}" for k, n in sorted(self.values.items()))
        if self.removed_text:
            fields = ", ".join(f.replace("_", " ") for f in self.removed_text)
            said += f"; free text removed from the manifest ({fields}): it may name people"
        return said


@dataclass
class RedactedBundle:
    """A redacted bundle in memory: the manifest (`redacted: true`), members, and the report."""

    manifest: Manifest
    members: dict[str, bytes]
    report: RedactionReport

    def all_members(self) -> dict[str, bytes]:
        """Every member including manifest.json."""
        return {**self.members, MANIFEST: manifest_bytes(self.manifest)}

    def save(self, path: str | Path, *, as_zip: bool | None = None) -> Path:
        """Write the redacted bundle (zip when `path` ends in .zip, else a folder)."""
        return write_bundle(path, self.manifest, self.members, as_zip=as_zip)


def _vocabulary() -> frozenset[str]:
    """Words of channel names and registry paths: never treated as a person's name."""
    words: set[str] = set()
    for text in [c.name for c in capture_channels()] + [k.path for k in capture_registry_keys()]:
        words.update(w.lower() for w in re.split(r"[\\/\s-]+", text) if w)
    return frozenset(words)


def redact_bundle(bundle: Bundle) -> RedactedBundle:
    """Redact every member of an opened bundle."""
    return redact_members({name: bundle.read(name) for name in bundle.names()})


def redact_members(members: Mapping[str, bytes]) -> RedactedBundle:
    """Redact a bundle given as member name → bytes (manifest.json included)."""
    by_lower = {name.lower(): name for name in members}
    if MANIFEST not in by_lower:
        raise BundleError("this is not an ESR bundle: it has no manifest.json")
    report = RedactionReport()
    texts = _events_as_xml(members, report)
    redactor = TextRedactor(vocabulary=_vocabulary())
    collect_all(members, redactor)
    _collect_xml_events({**members, **texts}, redactor)
    _collect_folders({**members, **texts}, redactor)
    out: dict[str, bytes] = {}
    for name, data in {**members, **texts}.items():
        if name.lower() == MANIFEST or _is_evtx(name):
            continue
        redacted = _redact_member(name, data, redactor)
        if redacted is None:
            report.dropped.append(redactor.redact(name))
            continue
        out[_unique(redactor.redact(name), out)] = redacted
    manifest = _redact_manifest(members[by_lower[MANIFEST]], redactor, report)
    report.values = dict(redactor.tokens.distinct)
    report.replacements = dict(redactor.tokens.replaced)
    report.converted = [redactor.redact(c) for c in report.converted]
    report.members = len(out) + 1
    return RedactedBundle(manifest=manifest, members=out, report=report)


def _is_evtx(name: str) -> bool:
    return name.lower().endswith(".evtx")


def _events_as_xml(members: Mapping[str, bytes], report: RedactionReport) -> dict[str, bytes]:
    """Every `.evtx` member as wevtutil-style XML under a `.xml` name."""
    converted: dict[str, bytes] = {}
    taken = {n.lower() for n in members}
    for name, data in members.items():
        if not (_is_evtx(name) and name.lower().startswith(EVENTS_DIR)):
            continue
        try:
            events = parse_evtx(data, origin=name).events
        except EsrError:
            report.dropped.append(name)
            continue
        target = name[: -len(".evtx")] + ".xml"
        if target.lower() in taken:
            target = name + ".xml"
        taken.add(target.lower())
        converted[target] = events_to_xml(events, root=True).encode("utf-8")
        report.converted.append(f"{name} → {target}")
    return converted


def _collect_event_member(name: str, data: bytes, redactor: TextRedactor) -> None:
    try:
        result = parse_events_xml(data, name, None)
    except EsrError:
        return
    collect_events(result.events, decode_member(data).text, redactor)


def _collect_folders(members: Mapping[str, bytes], redactor: TextRedactor) -> None:
    """User profile folder names wherever a path names them, escaped spellings included."""
    for name, data in members.items():
        if _is_evtx(name) or name.lower().endswith(".reg"):  # .reg: from parsed values
            continue
        text = decode_member(data).text
        collect_user_folders(text, redactor)
        view = escaped_view(text)
        if view is not None:
            collect_user_folders(view.text, redactor)


def _collect_xml_events(members: Mapping[str, bytes], redactor: TextRedactor) -> None:
    for name, data in members.items():
        if name.lower().startswith(EVENTS_DIR) and name.lower().endswith(".xml"):
            _collect_event_member(name, data, redactor)


def _redact_member(name: str, data: bytes, redactor: TextRedactor) -> bytes | None:
    """The redacted bytes, or None for a binary member that cannot be redacted safely."""
    low = name.lower()
    if low.endswith(".reg"):
        return redact_reg(data, redactor)
    if low == CAPTURE_LOG:
        return _redact_capture_log(data, redactor)
    decoded = decode_member(data)
    if not low.endswith(_TEXT_SUFFIXES) and not _is_text(decoded.text):
        return None
    return decoded.encode(redactor.redact(decoded.text))


def _is_text(text: str) -> bool:
    sample = text[:4096]
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\r\n\t")
    escaped = any("\udc80" <= c <= "\udcff" for c in sample)
    return controls <= len(sample) // 100 and not escaped


def _force_fields(original: object, redacted: object, redactor: TextRedactor) -> None:
    """Fields known to hold a computer or an account get a token even when very short."""
    if not isinstance(original, dict) or not isinstance(redacted, dict):
        return
    for key in ("computer",):
        if isinstance(original.get(key), str) and original[key]:
            redacted[key] = redactor.force_host(original[key])
    for key in ("user", "target_user"):
        if isinstance(original.get(key), str) and original[key]:
            redacted[key] = redactor.force_account(original[key])


def _redact_manifest(data: bytes, redactor: TextRedactor, report: RedactionReport) -> Manifest:
    try:
        text = decode_member(data).text
        raw = json.loads(redactor.redact(text))
        _force_fields(json.loads(text), raw, redactor)
        if isinstance(raw, dict):
            report.removed_text = screen_problem(raw.get("problem"))
        raw["redacted"] = True
        return Manifest.model_validate(raw)
    except (ValueError, TypeError, ValidationError) as exc:
        raise BundleError(f"manifest.json could not be redacted ({exc})") from None


def _redact_capture_log(data: bytes, redactor: TextRedactor) -> bytes:
    """capture.json: text redaction, then its context's names forced to tokens."""
    decoded = decode_member(data)
    redacted_text = redactor.redact(decoded.text)
    try:
        original, redacted = json.loads(decoded.text), json.loads(redacted_text)
    except ValueError:
        return decoded.encode(redacted_text)
    if isinstance(original, dict) and isinstance(redacted, dict):
        _force_fields(original.get("context"), redacted.get("context"), redactor)
    return decoded.encode(json.dumps(redacted, indent=2, ensure_ascii=False) + "\n")


def _unique(name: str, taken: Mapping[str, bytes]) -> str:
    if name not in taken:
        return name
    path = PurePosixPath(name)
    number = 2
    while str(path.with_stem(f"{path.stem}-{number}")) in taken:
        number += 1
    return str(path.with_stem(f"{path.stem}-{number}"))
