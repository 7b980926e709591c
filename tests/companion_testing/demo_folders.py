"""A small demo data folder made once per test session (per xdist worker) and copied
for each test that needs one: generating it takes seconds, copying it milliseconds.

The copy holds the database, the recovery key file and the device file; the test's own
(in-memory) keyring does not know the key yet, so the first open asks for the
passphrase, as on a computer the folder was copied to."""

from __future__ import annotations

import hashlib
import shutil
from contextlib import AbstractContextManager
from datetime import date, datetime, time, timedelta
from pathlib import Path

from companion.db.database import open_database
from companion.domain.calendar import JST
from companion.paths import DataPaths
from companion.services.demo import generate_demo
from companion.services.session import session_scope
from companion.services.storage import open_data_folder
from companion_testing.clocks import register_clock_ticking

DEMO_DAY = date(2026, 11, 20)  # the day most tests on demo data live in


def written_in_the_morning_of(day: date) -> AbstractContextManager[list[datetime]]:
    """The register's device clock at 9:00 of ``day``, a second later at every entry:
    whatever clock the test using the copy runs (that day's evening in the review tests,
    the real one elsewhere), its entries come after the demo's."""
    return register_clock_ticking(datetime.combine(day, time(9, 0), JST), timedelta(seconds=1))


class DemoFolders:
    def __init__(self, cache: Path) -> None:
        self._cache = cache

    def copy_to(self, target: DataPaths, *, passphrase: str, today: date) -> None:
        """Make ``target`` a copy of the small demo folder made with ``passphrase`` on
        ``today`` (made on first use in this session)."""
        source = self._made(passphrase, today)
        shutil.copytree(source, target.root, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns(".lock"))

    def copy_database_to(self, target: Path, *, template: Path, today: date) -> None:
        """Make ``target`` a copy of ``template`` (an empty migrated database without a
        key) filled with the small demo data of ``today``."""
        made = DataPaths(self._cache / f"plain-{today.isoformat()}")
        if not made.database.exists():
            made.root.mkdir(parents=True)
            shutil.copyfile(template, made.database)
            database = open_database(made)
            with written_in_the_morning_of(today), session_scope(database) as session:
                generate_demo(session=session, size="small", today=today)
            database.close()  # folds the write-ahead log into the file copied below
        shutil.copyfile(made.database, target)

    def _made(self, passphrase: str, today: date) -> Path:
        name = hashlib.sha256(f"{passphrase}|{today.isoformat()}".encode()).hexdigest()[:16]
        folder = self._cache / name
        if not (folder / "companion.db").exists():
            opened = open_data_folder(DataPaths(folder), ask=lambda _purpose: passphrase,
                                      create=True)
            with written_in_the_morning_of(today), session_scope(opened.db) as session:
                generate_demo(session=session, size="small", today=today)
            opened.db.close()
        return folder
