"""App settings: a pydantic model in `settings.json` under the platformdirs config dir.

A settings file that cannot be read is moved aside as `settings.json.bad-<timestamp>` and the
app starts with defaults; `SettingsStore.problem` says what happened so the window can tell.
"""

from __future__ import annotations

import json
import logging
import os
from datetime import datetime
from pathlib import Path
from typing import Literal

from platformdirs import user_config_dir, user_log_dir
from pydantic import BaseModel, ConfigDict, Field, ValidationError

log = logging.getLogger(__name__)

APP_NAME = "ESR Troubleshooter"
APP_AUTHOR = "ESR Troubleshooter"
CONFIG_DIR_ENV = "ESR_GUI_CONFIG_DIR"
LOG_DIR_ENV = "ESR_GUI_LOG_DIR"
MAX_RECENT = 10

RecentKind = Literal["bundle", "dsregcmd"]


class RecentFile(BaseModel):
    """One recently opened source."""

    model_config = ConfigDict(frozen=True)

    path: str
    kind: RecentKind = "bundle"


class AppSettings(BaseModel):
    """Everything the app remembers between runs."""

    version: int = 1
    geometry: str = ""
    window_state: str = ""
    splitter_state: str = ""
    last_folder: str = ""
    recent_files: list[RecentFile] = Field(default_factory=list)
    auto_refresh_minutes: int = Field(default=0, ge=0, le=240)
    # Tenant check (README "Checking the tenant"): empty = the default app / the device's tenant.
    graph_client_id: str = ""
    graph_tenant: str = ""

    def add_recent(self, path: str, kind: RecentKind) -> None:
        """Put `path` first in the recent list (once), keeping at most MAX_RECENT."""
        kept = [r for r in self.recent_files if r.path != path]
        self.recent_files = [RecentFile(path=path, kind=kind), *kept][:MAX_RECENT]


def config_dir() -> Path:
    """Where settings live (ESR_GUI_CONFIG_DIR overrides, for tests and portable use)."""
    override = os.environ.get(CONFIG_DIR_ENV)
    return Path(override) if override else Path(user_config_dir(APP_NAME, APP_AUTHOR))


def log_dir() -> Path:
    """Where the rotating log file lives (ESR_GUI_LOG_DIR overrides)."""
    override = os.environ.get(LOG_DIR_ENV)
    return Path(override) if override else Path(user_log_dir(APP_NAME, APP_AUTHOR))


class SettingsStore:
    """Loads and saves AppSettings at `path`; never raises for a bad or missing file."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or config_dir() / "settings.json"
        self.problem = ""
        self.settings = self._load()

    def _load(self) -> AppSettings:
        if not self.path.is_file():
            return AppSettings()
        try:
            return AppSettings.model_validate_json(self.path.read_bytes())
        except (ValidationError, ValueError, OSError) as exc:
            return self._set_aside(exc)

    def _set_aside(self, exc: Exception) -> AppSettings:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        bad = self.path.with_name(f"{self.path.name}.bad-{stamp}")
        try:
            self.path.replace(bad)
            where = f"it was kept as {bad.name} in {bad.parent}"
        except OSError as move_error:
            where = f"it could not be moved aside ({move_error.strerror or move_error})"
        self.problem = (
            f"The settings file could not be read ({_reason(exc)}); {where}. Using defaults."
        )
        log.warning(self.problem)
        return AppSettings()

    def save(self) -> None:
        """Write the settings atomically; a failure is logged, never raised."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_name(self.path.name + ".tmp")
            data = json.dumps(self.settings.model_dump(mode="json"), indent=2)
            tmp.write_text(data + "\n", encoding="utf-8")
            tmp.replace(self.path)
        except OSError as exc:
            blocked = isinstance(exc, FileExistsError | NotADirectoryError)
            log.error(
                "The settings could not be saved to %s (%s); the next start uses the ones "
                "saved before.",
                self.path,
                "a part of its folder path is a file" if blocked else exc.strerror or exc,
            )


def _reason(exc: Exception) -> str:
    """Why settings.json was unusable, in words (not pydantic's "1 validation error for ...")."""
    if isinstance(exc, OSError):
        return exc.strerror or "it could not be opened"
    if not isinstance(exc, ValidationError):
        return str(exc) or "it is damaged"
    first = exc.errors()[0]
    if first["type"] == "json_invalid":
        return "it is not valid JSON"
    if first["type"] in ("model_type", "model_attributes_type"):
        return "it does not hold a settings object"
    where = ".".join(str(part) for part in first["loc"])
    return f"{where}: {first['msg']}" if where else first["msg"]
