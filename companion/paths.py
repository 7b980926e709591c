"""Where Companion keeps its files, and where its bundled resources are.

The data folder comes from, in order: an explicit ``--data-dir``, the
``COMPANION_DATA_DIR`` environment variable, the platform's user data folder.
Everything else (database, backups, attachments, logs) lives inside it, so pointing a
test or a second profile at another folder moves all of it at once.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from companion import APP_NAME

DATA_DIR_ENV = "COMPANION_DATA_DIR"
DATABASE_NAME = "companion.db"


@dataclass(frozen=True)
class DataPaths:
    """The files of one data folder."""

    root: Path

    @property
    def database(self) -> Path:
        return self.root / DATABASE_NAME

    @property
    def recovery_file(self) -> Path:
        """The data key wrapped by the recovery passphrase (safe to copy anywhere)."""
        return self.root / "recovery-key.json"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def attachments(self) -> Path:
        return self.root / "attachments"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def settings_file(self) -> Path:
        return self.root / "settings.json"


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def resolve_data_paths(data_dir: str | os.PathLike[str] | None = None) -> DataPaths:
    """The data folder chosen by the command line, the environment or the platform."""
    chosen = data_dir or os.environ.get(DATA_DIR_ENV) or default_data_dir()
    return DataPaths(Path(chosen).expanduser().resolve())


def resources_dir() -> Path:
    """The ``resources/`` folder, both from a source checkout and a frozen build."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    checkout = Path(__file__).resolve().parent.parent / "resources"
    if checkout.is_dir():
        return checkout
    return Path(sys.prefix) / "share" / "companion" / "resources"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
