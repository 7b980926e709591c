"""A report or an export trusts a whole-file check of the same file less than a day old
(``whole-check.json``), so it need not read every page of ten years of data each time;
Companion's own writes keep that record, any other change to the file, an old record or
a garbled one make the next command check the whole file again."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from companion_testing.demo_folders import DEMO_DAY, DemoFolders
from companion_testing.factories import add_engagement, add_visit

from companion.db import whole_check
from companion.db.database import BackgroundQuickCheck, Database
from companion.paths import DataPaths
from companion.services.session import session_scope
from companion.services.storage import open_data_folder

PASSPHRASE = "峠の茶屋で次の訪問先を確かめる"


@pytest.fixture
def opened(data_paths: DataPaths, demo_folders: DemoFolders) -> Iterator[Database]:
    demo_folders.copy_to(data_paths, passphrase=PASSPHRASE, today=DEMO_DAY)
    db = open_data_folder(data_paths, ask=lambda _purpose: PASSPHRASE).db
    yield db
    db.close()


def _checked(db: Database) -> tuple[bool, list[str]]:
    """(whether the whole file was read, what was found)."""
    check = BackgroundQuickCheck(db.engine)
    return check.ran, check.problems()


def _damage_an_unread_page(db: Database) -> None:
    """Random bytes over a page of the change log, which a report never reads."""
    with db.engine.connect() as connection:
        page = connection.exec_driver_sql(
            "SELECT rootpage FROM sqlite_master WHERE name = 'changelog'").scalar_one()
    db.close()  # the log checkpointed into the file, as after the window closes
    with open(db.file, "r+b") as handle:
        handle.seek((page - 1) * 4096 + 200)
        handle.write(os.urandom(64))


def test_a_check_that_found_the_file_whole_is_trusted_until_the_file_changes(
        opened: Database) -> None:
    assert _checked(opened) == (True, [])
    assert _checked(opened) == (False, [])  # the record vouches: no page read
    _damage_an_unread_page(opened)
    assert not whole_check.found_whole(opened.file)
    ran, problems = _checked(opened)
    assert ran and problems  # found, and not recorded as whole
    assert _checked(opened)[0]


def test_companion_s_own_writes_and_closing_keep_the_record(opened: Database) -> None:
    assert _checked(opened) == (True, [])
    with session_scope(opened) as session:
        add_visit(session, add_engagement(session), notes="試作品の原価を一緒に計算した。")
        session.commit()
    assert _checked(opened) == (False, [])
    opened.close()  # the log is checkpointed into the file
    assert whole_check.found_whole(opened.file)
    assert _checked(opened) == (False, [])


def test_a_record_older_than_a_day_or_garbled_is_not_trusted(opened: Database) -> None:
    assert _checked(opened) == (True, [])
    record = whole_check.record_path(opened.file)
    stated = json.loads(record.read_text(encoding="utf-8"))
    day_old = datetime.now(UTC) - whole_check.VALID_FOR - timedelta(minutes=1)
    record.write_text(json.dumps({**stated, "checked_at": day_old.isoformat()}), encoding="utf-8")
    assert _checked(opened) == (True, [])  # read again, and recorded anew
    assert _checked(opened) == (False, [])
    record.write_text('{"state": [1, 2', encoding="utf-8")
    assert _checked(opened) == (True, [])


def test_a_file_changed_while_it_was_checked_is_not_recorded(opened: Database) -> None:
    before = whole_check.file_state(opened.file)
    with session_scope(opened) as session:  # another process's write, in effect
        add_visit(session, add_engagement(session), notes="商談会の出展準備を確認した。")
        session.commit()
    whole_check.record_whole(opened.file, before)
    assert not whole_check.record_path(opened.file).exists()
    assert not whole_check.found_whole(opened.file)
