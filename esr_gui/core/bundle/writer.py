"""Write a capture bundle (folder or zip) atomically: a half-written bundle never appears."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import zipfile
from collections.abc import Mapping
from pathlib import Path

from esr_gui.core.bundle.limits import MANIFEST, safe_member_name
from esr_gui.core.errors import BundleError
from esr_gui.core.models.manifest import Manifest


def manifest_bytes(manifest: Manifest) -> bytes:
    """The manifest as written into a bundle (UTF-8, indented, unknown keys kept)."""
    data = manifest.model_dump(mode="json", exclude_none=True)
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def write_bundle(
    dest: str | Path,
    manifest: Manifest,
    members: Mapping[str, bytes],
    *,
    as_zip: bool | None = None,
) -> Path:
    """Write `members` plus `manifest.json` to `dest` and return the path written.

    `as_zip` defaults to True when `dest` ends in `.zip`. The bundle is built next to `dest`
    and moved into place at the end, so a crash or a full disk leaves no partial bundle.
    Raises BundleError with the reason when it cannot be written.
    """
    target = Path(dest)
    zipped = target.suffix.lower() == ".zip" if as_zip is None else as_zip
    files = {safe_member_name(n): d for n, d in members.items() if n.lower() != MANIFEST}
    files[MANIFEST] = manifest_bytes(manifest)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if zipped:
            _write_zip(target, files)
        else:
            _write_folder(target, files)
    except OSError as exc:
        raise BundleError(f"cannot write the bundle to {target}: {exc.strerror or exc}") from None
    return target


def _write_zip(target: Path, files: Mapping[str, bytes]) -> None:
    handle, tmp_name = tempfile.mkstemp(prefix=".esr-", suffix=".zip.part", dir=target.parent)
    os.close(handle)
    tmp = Path(tmp_name)
    try:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name in sorted(files):
                archive.writestr(name, files[name])
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def _write_folder(target: Path, files: Mapping[str, bytes]) -> None:
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise BundleError(f"{target} already exists and is not an empty folder")
    tmp = Path(tempfile.mkdtemp(prefix=".esr-", suffix=".part", dir=target.parent))
    try:
        for name, data in files.items():
            path = tmp.joinpath(*name.split("/"))
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        if target.exists():
            target.rmdir()
        os.replace(tmp, target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
