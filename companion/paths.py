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

from companion import APP_NAME
from companion.atomic import partial_path
from companion.errors import KnownError

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

    @property
    def device_file(self) -> Path:
        """Which device this folder writes as, on this computer (``db.device``); never
        in a backup or an export."""
        return self.root / "device.json"

    @property
    def staging(self) -> Path:
        """Work files of backups, restores and exports; what a killed process left
        here is removed at the next start (``housekeeping.tidy_data_folder``)."""
        return self.root / ".staging"

    def staging_file(self, name: str) -> Path:
        """A work file of this process in ``staging`` (created folder, 0700)."""
        self.staging.mkdir(mode=0o700, parents=True, exist_ok=True)
        return partial_path(self.staging / name)

    @property
    def lock_dir(self) -> Path:
        """The folder lock and the notes of who holds it (``companion.folder_lock``)."""
        return self.root / ".lock"

    def contains(self, path: Path) -> bool:
        """Whether ``path`` is this data folder or anything inside it."""
        resolved = path.expanduser().resolve()
        return resolved == self.root or self.root in resolved.parents


def default_data_dir() -> Path:
    import platformdirs  # (and tempfile, random): only when no folder was named

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def resolve_data_paths(data_dir: str | os.PathLike[str] | None = None) -> DataPaths:
    """The data folder chosen by the command line, the environment or the platform."""
    chosen = data_dir or os.environ.get(DATA_DIR_ENV) or default_data_dir()
    return DataPaths(Path(chosen).expanduser().resolve())


def check_output_path(out: str | os.PathLike[str], paths: DataPaths) -> Path:
    """The resolved path of a file to write for the user, refused (with nothing
    written) when it would land inside the data folder, is a folder, or has no folder
    to go in. Writers still write it atomically (``atomic.atomic_output``)."""
    target = Path(out).expanduser().resolve()
    if paths.contains(target):
        raise KnownError("データフォルダの中には書き出せません: {path}",
                         hint="データフォルダ({root})の外の場所を指定してください。", path=target, root=paths.root)
    if target.is_dir():
        raise KnownError("書き出し先がフォルダです: {path}", hint="ファイル名を指定してください。", path=target)
    if not target.parent.is_dir():
        raise KnownError("保存先のフォルダがありません: {path}", path=target.parent)
    return target


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
