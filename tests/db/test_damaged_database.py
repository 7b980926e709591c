"""A missing, empty or damaged database is never replaced silently (issue 14).

Missing or empty beside a key file: refused, with the two ways out, writing nothing.
Damaged: ``check`` reports it instead of raising, ``check --repair`` saves what can be
read into a new file beside it, and reads say "damaged" in one line.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
import sqlcipher3
from companion_testing.demo_folders import DEMO_DAY, DemoFolders
from sqlmodel import select

from companion.db.database import (
    DamagedDatabase,
    explaining_damage,
    open_database,
    quick_check_problems,
    recreate_lost_database,
)
from companion.db.engine import key_literal
from companion.db.models import Visit
from companion.db.salvage import salvage_database
from companion.errors import KnownError
from companion.paths import DataPaths
from companion.security.data_key import PassphrasePurpose
from companion.services.health import check_database, open_for_check
from companion.services.session import session_scope
from companion.services.storage import open_data_folder

PASSPHRASE = "雪どけの川で鮎を待つ人"
PAGE = 4096  # SQLCipher's page size on disk


def ask(_purpose: PassphrasePurpose) -> str:
    return PASSPHRASE


@pytest.fixture
def demo(data_paths: DataPaths,
         demo_folders: DemoFolders) -> Iterator[tuple[DataPaths, bytes]]:
    """A small demo folder, closed; yields its paths and its data key."""
    demo_folders.copy_to(data_paths, passphrase=PASSPHRASE, today=DEMO_DAY)
    opened = open_data_folder(data_paths, ask=ask)
    opened.db.close()
    yield data_paths, opened.key.key


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _root_page(database: Path, key: bytes, name: str) -> int:
    connection = sqlcipher3.connect(str(database))
    try:
        connection.execute(f"PRAGMA key = {key_literal(key)}")
        return int(connection.execute("SELECT rootpage FROM sqlite_master WHERE name = ?",
                                      (name,)).fetchone()[0])
    finally:
        connection.close()


def _damage_page(database: Path, page: int) -> None:
    """Overwrite part of one page: its HMAC no longer matches, so SQLCipher refuses it."""
    with open(database, "r+b") as handle:
        handle.seek((page - 1) * PAGE + 200)
        handle.write(os.urandom(64))


# -- missing or empty ------------------------------------------------------------------


@pytest.mark.parametrize("create", [False, True], ids=["command", "window"])
def test_a_missing_database_beside_its_key_file_is_refused_and_not_made_again(
        demo: tuple[DataPaths, bytes], create: bool) -> None:
    paths, _key = demo
    paths.database.unlink()
    with pytest.raises(KnownError) as raised:
        open_data_folder(paths, ask=ask, create=create)
    assert str(paths.database) in raised.value.message
    assert "companion restore" in raised.value.hint
    assert "companion check --repair" in raised.value.hint
    assert not paths.database.exists()


@pytest.mark.parametrize("create", [False, True], ids=["command", "window"])
def test_an_empty_database_is_refused_and_left_empty(demo: tuple[DataPaths, bytes],
                                                     create: bool) -> None:
    paths, _key = demo
    paths.database.write_bytes(b"")
    for suffix in ("-wal", "-shm"):
        paths.root.joinpath(paths.database.name + suffix).unlink(missing_ok=True)
    with pytest.raises(KnownError, match="データベースが空です") as raised:
        open_data_folder(paths, ask=ask, create=create)
    assert "companion check --repair" in raised.value.hint
    assert paths.database.stat().st_size == 0


def test_the_refusal_names_the_newest_backup(demo: tuple[DataPaths, bytes]) -> None:
    paths, _key = demo
    paths.backups.mkdir(exist_ok=True)
    older, newer = paths.backups / "companion-20260101-000000.db", paths.backups / "zz-older.db"
    older.write_bytes(b"x")
    newer.write_bytes(b"x")
    os.utime(newer, (1_000, 1_000))  # the name sorts last, but it is the oldest file
    paths.database.unlink()
    with pytest.raises(KnownError) as raised:
        open_data_folder(paths, ask=ask)
    assert f"companion restore {older}" in raised.value.hint


def test_only_a_folder_with_neither_key_nor_database_is_a_first_start(
        data_paths: DataPaths) -> None:
    opened = open_data_folder(data_paths, ask=ask, create=True)
    opened.db.close()
    assert data_paths.database.stat().st_size > 0 and data_paths.recovery_file.is_file()


def test_check_repair_makes_a_lost_database_again_and_keeps_its_log_aside(
        demo: tuple[DataPaths, bytes]) -> None:
    paths, key = demo
    paths.database.write_bytes(b"")
    log = paths.root / "companion.db-wal"
    log.write_bytes(b"what the old database left")
    with pytest.raises(KnownError, match="データベースが空です"):
        open_for_check(paths, ask=ask)  # without --repair: the same refusal
    opened = open_for_check(paths, ask=ask, repair=True)
    try:
        assert opened.recreated
        assert check_database(opened.db).ok
    finally:
        opened.db.close()
    kept = [p for p in paths.root.iterdir() if p.name.startswith("companion.db-wal.lost-")]
    assert [p.read_bytes() for p in kept] == [b"what the old database left"]
    with pytest.raises(ValueError):
        recreate_lost_database(paths, key=key)  # it is no longer lost


# -- damaged ---------------------------------------------------------------------------


def test_check_reports_a_damaged_database_instead_of_raising(
        demo: tuple[DataPaths, bytes]) -> None:
    paths, key = demo
    _damage_page(paths.database, _root_page(paths.database, key, "visit"))
    before = _digest(paths.database)
    opened = open_for_check(paths, ask=ask)
    try:
        report = check_database(opened.db)
    finally:
        opened.db.close()
    assert report.damaged and not report.ok
    assert report.salvage is None
    assert any(problem.startswith("整合性チェック: ") and "(visit)" in problem
               for problem in report.problems)
    assert _digest(paths.database) == before


def test_check_repair_salvages_a_damaged_database_into_a_new_file(
        demo: tuple[DataPaths, bytes], tmp_path: Path) -> None:
    paths, key = demo
    _damage_page(paths.database, _root_page(paths.database, key, "visit"))
    before = _digest(paths.database)
    opened = open_for_check(paths, ask=ask, repair=True)
    try:
        report = check_database(opened.db, repair=True)
    finally:
        opened.db.close()
    assert report.salvage is not None
    saved = {table.table: table for table in report.salvage.tables}
    assert saved["visit"].saved == 0 and not saved["visit"].complete
    assert saved["engagement"].complete and saved["engagement"].saved > 0
    assert report.salvage.path.parent == paths.root
    assert report.salvage.path.name.startswith("companion.db.salvaged-")
    assert _digest(paths.database) == before
    # the saved file is a Companion database: switched in, it opens and checks
    other = DataPaths(tmp_path / "switched")
    other.root.mkdir()
    shutil.copyfile(report.salvage.path, other.database)
    switched = open_database(other, key=key)
    try:
        again = check_database(switched)
    finally:
        switched.close()
    assert not again.damaged
    assert all("visit" in problem for problem in again.problems)  # rows that lost their visit


def test_check_repair_on_a_whole_database_rebuilds_the_search_index(
        demo: tuple[DataPaths, bytes]) -> None:
    paths, _key = demo
    opened = open_for_check(paths, ask=ask, repair=True)
    try:
        with opened.db.engine.begin() as connection:
            connection.exec_driver_sql("DELETE FROM search_doc WHERE kind = 'visit'")
        report = check_database(opened.db, repair=True)
    finally:
        opened.db.close()
    assert report.ok and report.salvage is None
    assert any("検索索引を再構築しました" in line for line in report.repaired)
    assert not [p for p in paths.root.iterdir() if ".salvaged-" in p.name]


def test_reads_from_a_damaged_database_say_it_is_damaged(demo: tuple[DataPaths, bytes]) -> None:
    paths, key = demo
    _damage_page(paths.database, _root_page(paths.database, key, "visit"))
    db = open_database(paths, key=key)
    try:
        with pytest.raises(DamagedDatabase, match="データベースが壊れています") as raised, \
                explaining_damage(paths), session_scope(db, write=False) as session:
            session.exec(select(Visit)).all()
        assert "companion check --repair" in raised.value.hint
        assert quick_check_problems(db.engine)
    finally:
        db.close()


def test_quick_check_is_empty_for_a_whole_database(demo: tuple[DataPaths, bytes]) -> None:
    paths, key = demo
    db = open_database(paths, key=key)
    try:
        assert quick_check_problems(db.engine) == []
    finally:
        db.close()


def test_a_damaged_database_is_never_migrated(demo: tuple[DataPaths, bytes]) -> None:
    paths, key = demo
    connection = sqlcipher3.connect(str(paths.database), isolation_level=None)
    connection.execute(f"PRAGMA key = {key_literal(key)}")
    connection.execute("DELETE FROM alembic_version")  # as if from before the first migration
    connection.close()
    _damage_page(paths.database, _root_page(paths.database, key, "visit"))
    before = _digest(paths.database)
    with pytest.raises(DamagedDatabase):
        open_database(paths, key=key)
    assert _digest(paths.database) == before
    assert not paths.backups.exists() or not any(paths.backups.iterdir())


# -- salvage, on a file whose layout the test knows --------------------------------------

KEY = bytes(range(32))


@pytest.fixture
def layered(tmp_path: Path) -> Path:
    """``small`` (10 rows) then ``big`` (400 rows of ~1500 bytes: two a page, so the
    file's later pages are nearly all leaves of ``big``)."""
    database = tmp_path / "layered.db"
    connection = sqlcipher3.connect(str(database), isolation_level=None)
    connection.execute(f"PRAGMA key = {key_literal(KEY)}")
    connection.execute("CREATE TABLE small (id INTEGER PRIMARY KEY, name TEXT NOT NULL)")
    connection.execute("CREATE TABLE big (id TEXT PRIMARY KEY, n INTEGER, body TEXT)")
    connection.execute("CREATE INDEX ix_big_n ON big (n)")
    connection.execute("BEGIN")
    connection.executemany("INSERT INTO small (name) VALUES (?)", [(f"s{i}",) for i in range(10)])
    connection.executemany("INSERT INTO big VALUES (?, ?, ?)",
                           [(f"id-{i:04}", i, f"{i:04}" * 375) for i in range(400)])
    connection.execute("COMMIT")
    connection.close()
    return database


def _rows(database: Path, table: str) -> list[tuple[object, ...]]:
    connection = sqlcipher3.connect(str(database))
    try:
        connection.execute(f"PRAGMA key = {key_literal(KEY)}")
        return list(connection.execute(f"SELECT rowid, * FROM {table} ORDER BY rowid"))
    finally:
        connection.close()


def test_salvage_skips_only_the_rows_it_cannot_read(layered: Path) -> None:
    original = _rows(layered, "big")
    pages = layered.stat().st_size // PAGE
    _damage_page(layered, pages * 2 // 3)
    before = _digest(layered)
    result = salvage_database(layered, key=KEY, now=datetime(2026, 11, 20, 9, 30))
    assert result.path == layered.with_name("layered.db.salvaged-20261120-093000")
    tables = {table.table: table for table in result.tables}
    assert tables["small"].complete and tables["small"].saved == 10
    big = tables["big"]
    assert not big.complete and big.skipped_ranges == 1
    assert 390 <= big.saved < 400
    saved = _rows(result.path, "big")
    assert len(saved) == big.saved
    assert set(saved) <= set(original)  # nothing invented, nothing changed
    assert result.problems == []  # integrity_check passes, the index was made again
    assert _digest(layered) == before
    assert sorted(p.name for p in layered.parent.iterdir()) == [
        "layered.db", "layered.db.salvaged-20261120-093000"]


def test_salvage_keeps_the_other_tables_when_a_table_root_is_unreadable(layered: Path) -> None:
    _damage_page(layered, _root_page_of(layered, "big"))
    result = salvage_database(layered, key=KEY)
    tables = {table.table: table for table in result.tables}
    assert tables["big"].saved == 0 and not tables["big"].complete
    assert tables["small"].complete and tables["small"].saved == 10


def test_salvage_of_a_file_whose_schema_cannot_be_read_saves_nothing(layered: Path) -> None:
    _damage_page(layered, 1)
    with pytest.raises(KnownError, match="取り出せるものがありません"):
        salvage_database(layered, key=KEY)
    assert [p.name for p in layered.parent.iterdir()] == ["layered.db"]


def _root_page_of(database: Path, name: str) -> int:
    return _root_page(database, KEY, name)
