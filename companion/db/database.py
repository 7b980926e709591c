"""Opening the database of a data folder: checks, engine, migrations."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import Engine

from companion.db.engine import (
    DRIVER_ERRORS,
    create_db_engine,
    is_environment_error,
    translate_error,
)
from companion.db.migrate import MigrationResult, upgrade_to_head
from companion.errors import KnownError
from companion.paths import DataPaths

log = logging.getLogger("companion.db")


@dataclass
class Database:
    """An open database: its folder, its engine and the key it was opened with."""

    paths: DataPaths
    engine: Engine
    key: bytes | None = None
    migration: MigrationResult | None = None

    @property
    def file(self) -> Path:
        return self.paths.database

    def close(self) -> None:
        self.engine.dispose()


def open_database(paths: DataPaths, *, create: bool = False, key: bytes | None = None) -> Database:
    """Open (and with ``create``, make) the database of a data folder, migrated to head.

    Without ``create`` a missing folder or database is an error and nothing is written,
    so a mistyped ``--data-dir`` never leaves an empty database behind.
    """
    if create:
        make_data_folder(paths)
    else:
        require_database(paths)
    engine = create_db_engine(paths.database, key=key)
    try:
        migration = upgrade_to_head(engine, backups_dir=paths.backups, key=key)
    except DRIVER_ERRORS as exc:
        engine.dispose()
        if not is_environment_error(exc):
            raise
        raise translate_error(exc, paths.database) from exc
    except BaseException:
        engine.dispose()
        raise
    return Database(paths=paths, engine=engine, key=key, migration=migration)


def require_database(paths: DataPaths) -> None:
    """Fail, writing nothing, unless the folder and its database exist."""
    if not paths.root.is_dir():
        raise KnownError(
            f"データフォルダが見つかりません: {paths.root}",
            hint="--data-dir の指定を確認するか、companion demo でデータを作成してください。",
        )
    if not paths.database.is_file():
        raise KnownError(
            f"データベースがありません: {paths.database}",
            hint="アプリを起動するか companion demo で作成してください。",
        )


def make_data_folder(paths: DataPaths) -> None:
    try:
        paths.root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise KnownError(f"データフォルダを作成できません: {paths.root} ({exc.strerror})") from exc
