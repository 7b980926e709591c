"""Migrations: head matches the models, old data is backed up, the future is refused."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

import companion.db.models  # noqa: F401
from companion.db.database import Database, open_database
from companion.db.migrate import head_revision
from companion.db.visit_tally import is_derived_table
from companion.errors import KnownError
from companion.paths import DataPaths


def _include(obj, name, type_, reflected, compare_to):  # type: ignore[no-untyped-def]
    return not (type_ == "table" and is_derived_table(name))


def test_empty_database_migrated_to_head_has_exactly_the_models_schema(db: Database) -> None:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_object": _include, "compare_type": True}
        )
        differences = compare_metadata(context, SQLModel.metadata)
    assert differences == []


def test_head_creates_every_table_and_the_search_triggers(db: Database) -> None:
    with db.engine.connect() as connection:
        tables = set(sa.inspect(connection).get_table_names())
        triggers = {
            row[0] for row in connection.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type='trigger'")
        }
    assert set(SQLModel.metadata.tables) <= tables
    assert {"search_doc", "search_fts"} <= tables
    for table in ("visit", "engagement", "planitem"):
        for event in ("insert", "update", "delete"):
            assert f"{table}_search_{event}" in triggers


def test_pragmas_for_crash_safety(db: Database) -> None:
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL


def test_database_from_a_newer_version_is_refused_and_left_untouched(db: Database) -> None:
    with db.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '9999_future'")
    db.close()
    before = db.file.read_bytes()
    with pytest.raises(KnownError, match="新しいバージョン"):
        open_database(db.paths)
    assert db.file.read_bytes() == before


def test_older_database_is_backed_up_before_it_is_migrated(db: Database) -> None:
    # Simulate a database written before the head revision existed.
    from alembic import command

    from companion.db.migrate import alembic_config

    config = alembic_config()
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
        connection.exec_driver_sql("CREATE TABLE legacy_note (body TEXT)")
        connection.exec_driver_sql("INSERT INTO legacy_note VALUES ('旧版のメモ')")
    db.close()
    reopened = open_database(db.paths)
    try:
        assert reopened.migration is not None
        assert reopened.migration.before is None
        assert reopened.migration.after == head_revision()
        backup = reopened.migration.backup
        assert backup is not None and backup.is_file()
    finally:
        reopened.close()
    copy = sa.create_engine(f"sqlite:///{backup}")
    with copy.connect() as connection:
        assert connection.exec_driver_sql("SELECT body FROM legacy_note").scalar() == "旧版のメモ"
    copy.dispose()


def test_missing_data_folder_is_an_error_and_creates_nothing(tmp_path) -> None:  # type: ignore[no-untyped-def]
    missing = DataPaths(tmp_path / "nowhere")
    with pytest.raises(KnownError, match="データフォルダが見つかりません"):
        open_database(missing)
    assert not missing.root.exists()


def test_corrupt_database_is_a_clear_error_and_is_not_modified(data_paths: DataPaths) -> None:
    data_paths.root.mkdir(parents=True)
    garbage = bytes(range(256)) * 40
    data_paths.database.write_bytes(garbage)
    with pytest.raises(KnownError, match="開けません"):
        open_database(data_paths)
    assert data_paths.database.read_bytes() == garbage
