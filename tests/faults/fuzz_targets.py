"""The properties the fuzz tests check, as plain functions, so that the regression corpus
(`tests/data/fuzz-regressions/`) replays exactly what hypothesis ran.

Each target takes the raw input bytes and raises AssertionError (or anything unexpected) only
when the property is broken; a typed refusal (EsrError) is a correct answer.
"""

from __future__ import annotations

import io
import json
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

from esr_gui.core.bundle.reader import bundle_from_members
from esr_gui.core.diagnose import run_diagnosis
from esr_gui.core.errors import EsrError
from esr_gui.core.models.snapshot import Snapshot
from esr_gui.core.redaction.members import redact_members
from esr_gui.core.report.check_json import check_document
from esr_gui.core.report.text import render_text
from esr_gui.core.snapshot_builder import load_snapshot, snapshot_from_bundle
from esr_gui.gui.settings import AppSettings, SettingsStore

Target = Callable[[bytes], None]


def diagnosable(snapshot: Snapshot) -> None:
    """Diagnosis (no rule stopped by its crash guard), the JSON document and the text report
    all work on `snapshot`."""
    diagnosis = run_diagnosis(snapshot)
    crashed = [f.explanation for f in diagnosis.findings if "could not run" in f.title]
    assert not crashed, crashed
    json.dumps(check_document(snapshot, diagnosis.findings, headline=diagnosis.headline))
    render_text(snapshot, diagnosis)


def bundle_file(data: bytes) -> None:
    """Any file given as a bundle: refused with BundleError, or read and diagnosed."""
    with tempfile.TemporaryDirectory(prefix="esr-fuzz-") as folder:
        path = Path(folder) / "fuzz.esrbundle.zip"
        path.write_bytes(data)
        try:
            snapshot = load_snapshot(path)
        except EsrError:
            return
        diagnosable(snapshot)


_SPECIAL_MODES = frozenset({0o120000, 0o010000, 0o020000, 0o060000, 0o140000})


def zip_metadata(data: bytes) -> None:
    """A zip whose metadata lies (modes, duplicate names, sizes): refused with BundleError, or
    read and diagnosed; and never read when it holds a special entry or a duplicate name."""
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        infos = []
    files = [i for i in infos if not i.is_dir()]
    names = [i.filename.replace("\\", "/").casefold() for i in files]
    special = any((i.external_attr >> 16) & 0o170000 in _SPECIAL_MODES for i in infos)
    must_refuse = special or len(names) != len(set(names))
    with tempfile.TemporaryDirectory(prefix="esr-fuzz-") as folder:
        path = Path(folder) / "fuzz.esrbundle.zip"
        path.write_bytes(data)
        try:
            snapshot = load_snapshot(path)
        except EsrError:
            return
        assert not must_refuse, [(i.filename, oct(i.external_attr >> 16)) for i in infos]
        diagnosable(snapshot)


def zip_members(data: bytes) -> dict[str, bytes]:
    """The members of a zip made by the fuzzers (names as stored)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def redaction(data: bytes) -> None:
    """A zip's members through redaction: refused with EsrError, or redacted into a bundle
    that reads back, with the manifest marked as redacted."""
    members = zip_members(data)
    try:
        redacted = redact_members(members)
    except EsrError:
        return
    assert redacted.manifest.redacted is True
    try:
        bundle = bundle_from_members(redacted.all_members(), label="redacted")
    except EsrError:
        return  # an input name the reader refuses stays refused after redaction
    diagnosable(snapshot_from_bundle(bundle))


def settings_file(data: bytes) -> None:
    """Any settings.json: the app starts (defaults if needed, the file kept aside), and what it
    saves it reads back without a problem."""
    with tempfile.TemporaryDirectory(prefix="esr-fuzz-") as folder:
        path = Path(folder) / "settings.json"
        path.write_bytes(data)
        store = SettingsStore(path)
        assert isinstance(store.settings, AppSettings)
        if store.problem:
            assert not path.exists() and len(list(Path(folder).glob("*.bad-*"))) == 1
        store.save()
        again = SettingsStore(path)
        assert again.problem == "" and again.settings == store.settings


TARGETS: dict[str, Target] = {
    "bundle": bundle_file,
    "zip-metadata": zip_metadata,
    "redaction": redaction,
    "settings": settings_file,
}
