"""Bring a database to the schema this version of Companion expects.

Migrations are Alembic scripts shipped inside the package. Before any migration runs
on a database that already holds data, a copy is taken next to the other backups, so
a failed or unwanted upgrade can be undone by restoring it. A database stamped with a
revision this version does not know was written by a newer Companion and is refused:
guessing at a future schema could destroy data.

Alembic (and, through its environment, every model class) is imported only when a
database is not at the head: the head is a constant written at build time
(``schema_head.py``), so opening an up-to-date folder costs one plain query.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from companion.db.copy import copy_database
from companion.db.schema_current import schema_head_is_current
from companion.db.schema_head import SCHEMA_HEAD
from companion.errors import KnownError

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger("companion.db")

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SCHEMA_HEAD_FILE = Path(__file__).resolve().parent / "schema_head.py"


@dataclass(frozen=True)
class MigrationResult:
    before: str | None
    after: str
    backup: Path | None


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    """The newest revision shipped: the build-time constant while the migration
    scripts are the ones it was written from, else Alembic's own answer."""
    if schema_head_is_current():
        return SCHEMA_HEAD
    return alembic_head_revision()


def alembic_head_revision() -> str:
    """The head as Alembic finds it in the migration scripts (imports Alembic)."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "no migrations shipped"
    return head


def schema_head_source() -> str:
    """The text of ``schema_head.py`` for the migrations shipped (scripts/write-schema-head)."""
    scripts = sorted(name for name in os.listdir(MIGRATIONS_DIR / "versions")
                     if name.endswith(".py") and name != "__init__.py")
    listed = "".join(f'    "{name}",\n' for name in scripts)
    docstring = SCHEMA_HEAD_FILE.read_text(encoding="utf-8").split('"""')[1]
    return (f'"""{docstring}"""\n\nSCHEMA_HEAD = "{alembic_head_revision()}"\n\n'
            f"SCHEMA_SCRIPTS = frozenset({{\n{listed}}})\n")


def current_revision(connection: sa.Connection) -> str | None:
    has_table = connection.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
    ).first()
    if not has_table:
        return None
    return connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {script.revision for script in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def upgrade_to_head(engine: Engine, *, backups_dir: Path, key: bytes | None = None) -> MigrationResult:
    """Migrate to head, backing up a non-empty database first.

    A database already at the head is left as it is without importing Alembic."""
    with engine.connect() as connection:
        before = current_revision(connection)
        if before is not None and before == head_revision():
            return MigrationResult(before, before, None)
        has_tables = connection.exec_driver_sql(
            "SELECT count(*) FROM sqlite_master WHERE type='table'"
        ).scalar_one()
    head = alembic_head_revision()
    if before is not None and before not in known_revisions():
        raise KnownError(
            "このデータベースは新しいバージョンの Companion で作成されています(改訂 {revision})。",
            hint="Companion を最新版に更新してから開いてください。データは変更していません。",
            revision=before,
        )
    if before == head:
        return MigrationResult(before, head, None)
    backup = None
    if has_tables:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        backup = backups_dir / f"before-migration-{before or 'none'}-{stamp}.db"
        copy_database(engine, backup, key=key)
        log.info("backed up database to %s before migrating", backup)
    from alembic import command

    config = alembic_config()
    with engine.connect() as connection:
        # SQLite cannot alter a constraint, so migrations rebuild tables (batch mode);
        # with foreign keys on, dropping the old table would run its ON DELETE actions.
        # They are off for the migration (a pragma only taken outside a transaction),
        # and what it leaves is checked before it commits.
        _foreign_keys(connection, on=False)
        try:
            with connection.begin():
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").first()
                if broken is not None:
                    raise RuntimeError(f"the migration broke a foreign key: {tuple(broken)}")
        finally:
            _foreign_keys(connection, on=True)
    log.info("migrated database from %s to %s", before, head)
    return MigrationResult(before, head, backup)


def _foreign_keys(connection: sa.Connection, *, on: bool) -> None:
    """Foreign key enforcement of this connection, set on the driver's connection
    itself: SQLAlchemy would begin a transaction first, where the pragma does nothing."""
    driver = connection.connection.driver_connection
    assert driver is not None
    driver.execute(f"PRAGMA foreign_keys = {'ON' if on else 'OFF'}")
