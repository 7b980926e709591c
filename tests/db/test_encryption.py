"""Encryption at rest: nothing readable on disk, the keyring or the passphrase opens it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import keyring
import pytest
import sqlcipher3
from companion_testing.demo_folders import DEMO_DAY, DemoFolders
from keyring.backends import fail
from sqlmodel import select

from companion.db.database import open_database
from companion.db.models import Client, Visit
from companion.errors import KnownError
from companion.keystore import MemoryKeyring, SecretStore
from companion.paths import DataPaths
from companion.security.data_key import PassphrasePurpose, is_plain_sqlite
from companion.services.backups import export_backup, make_backup, restore_backup
from companion.services.demo import generate_demo
from companion.services.session import session_scope
from companion.services.storage import OpenedData, open_data_folder

PASSPHRASE = "雪の降る町で蔵を守る"


class Asker:
    """Answers passphrase questions like a user would, and counts them."""

    def __init__(self, passphrase: str = PASSPHRASE) -> None:
        self.passphrase = passphrase
        self.asked: list[PassphrasePurpose] = []

    def __call__(self, purpose: PassphrasePurpose) -> str:
        self.asked.append(purpose)
        return self.passphrase


def _secrets(opened: OpenedData) -> list[bytes]:
    """Client names and note text of the demo data, as they would appear as bytes."""
    with session_scope(opened.db, write=False) as session:
        names = [c.name for c in session.exec(select(Client)).all()]
        notes = [v.notes[:12] for v in session.exec(select(Visit)).all()[:20]]
    return [text.encode() for text in names + notes if len(text) >= 4]


@pytest.fixture
def demo_folder(data_paths: DataPaths, demo_folders: DemoFolders) -> Iterator[OpenedData]:
    demo_folders.copy_to(data_paths, passphrase=PASSPHRASE, today=DEMO_DAY)
    opened = open_data_folder(data_paths, ask=Asker())
    yield opened
    opened.db.close()


def _all_bytes(folder: Path) -> list[tuple[Path, bytes]]:
    return [(path, path.read_bytes()) for path in folder.rglob("*") if path.is_file()]


def test_database_and_backups_hold_no_readable_client_data(demo_folder: OpenedData) -> None:
    make_backup(demo_folder.db)
    secrets = _secrets(demo_folder)
    assert len(secrets) > 10
    demo_folder.db.close()
    files = _all_bytes(demo_folder.db.paths.root)
    assert any(path.parent.name == "backups" for path, _ in files)
    for path, content in files:
        for secret in secrets:
            assert secret not in content, f"{secret.decode()} readable in {path.name}"


def test_database_cannot_be_opened_without_the_key(demo_folder: OpenedData) -> None:
    demo_folder.db.close()
    assert not is_plain_sqlite(demo_folder.db.paths)
    connection = sqlcipher3.connect(str(demo_folder.db.file))
    with pytest.raises(sqlcipher3.DatabaseError, match="not a database"):
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    connection.close()
    with pytest.raises(KnownError, match="開けません"):
        open_database(demo_folder.db.paths, key=bytes(32))


def test_keyring_opens_it_without_asking(demo_folder: OpenedData) -> None:
    demo_folder.db.close()
    asker = Asker()
    reopened = open_data_folder(demo_folder.db.paths, ask=asker)
    reopened.db.close()
    assert asker.asked == []
    assert reopened.key.from_keyring


def test_recovery_passphrase_opens_the_data_on_a_new_machine(demo_folder: OpenedData,
                                                             tmp_path: Path) -> None:
    names = _secrets(demo_folder)
    demo_folder.db.close()
    new_machine = DataPaths(tmp_path / "new-laptop")
    shutil.copytree(demo_folder.db.paths.root, new_machine.root)
    keyring.set_keyring(MemoryKeyring())  # an empty keyring
    with pytest.raises(KnownError, match="パスフレーズが違います"):
        open_data_folder(new_machine, ask=Asker("まちがったパスフレーズです"))
    asker = Asker()
    opened = open_data_folder(new_machine, ask=asker)
    assert asker.asked == [PassphrasePurpose.UNLOCK]
    assert _secrets(opened) == names
    opened.db.close()
    again = Asker()
    open_data_folder(new_machine, ask=again).db.close()
    assert again.asked == []  # the passphrase put the key back in the keyring


def test_without_a_keyring_the_passphrase_is_asked_every_start(data_paths: DataPaths) -> None:
    keyring.set_keyring(fail.Keyring())
    first = Asker()
    opened = open_data_folder(data_paths, ask=first, create=True)
    opened.db.close()
    assert first.asked == [PassphrasePurpose.CREATE]
    assert not opened.key.keyring_available
    assert "fail" in SecretStore.backend_name()
    second = Asker()
    open_data_folder(data_paths, ask=second).db.close()
    assert second.asked == [PassphrasePurpose.UNLOCK]


def test_a_short_passphrase_is_refused_and_nothing_is_created(data_paths: DataPaths) -> None:
    with pytest.raises(KnownError, match="10文字以上"):
        open_data_folder(data_paths, ask=Asker("短い"), create=True)
    assert not data_paths.recovery_file.exists()
    assert not data_paths.database.exists()


def test_a_plain_database_is_encrypted_in_place_with_its_data(data_paths: DataPaths) -> None:
    plain = open_database(data_paths, create=True)
    with session_scope(plain) as session:
        generate_demo(session=session, size="small", today=date(2026, 11, 20))
        count = len(session.exec(select(Visit)).all())
    plain.close()
    assert is_plain_sqlite(data_paths)
    opened = open_data_folder(data_paths, ask=Asker())
    with session_scope(opened.db, write=False) as session:
        assert len(session.exec(select(Visit)).all()) == count
    opened.db.close()
    assert not is_plain_sqlite(data_paths)
    assert b"SQLite format 3" not in data_paths.database.read_bytes()[:100]


def test_restore_round_trip_keeps_a_backup_of_the_state_it_replaced(demo_folder: OpenedData) -> None:
    paths = demo_folder.db.paths
    backup = make_backup(demo_folder.db)
    with session_scope(demo_folder.db) as session:
        client = session.exec(select(Client)).first()
        assert client is not None
        original = client.name
        client.name = "誤って変更した名前"
        session.commit()
    result = restore_backup(paths, backup.path, current=demo_folder.db,
                            current_key=demo_folder.key.key, ask=Asker(),
                            close_current=demo_folder.db.close)
    assert result.safety_backup is not None and result.safety_backup.path.is_file()
    reopened = open_data_folder(paths, ask=Asker())
    with session_scope(reopened.db, write=False) as session:
        names = {c.name for c in session.exec(select(Client)).all()}
    reopened.db.close()
    assert original in names and "誤って変更した名前" not in names


def test_exported_backup_restores_on_a_new_laptop_with_the_passphrase(
        demo_folder: OpenedData, tmp_path: Path) -> None:
    exported = export_backup(demo_folder.db, tmp_path / "持ち出し.zip")
    names = _secrets(demo_folder)
    for secret in names:
        assert secret not in exported.read_bytes()
    keyring.set_keyring(MemoryKeyring())
    laptop = DataPaths(tmp_path / "laptop")
    laptop.root.mkdir()
    asker = Asker()
    restore_backup(laptop, exported, current=None, current_key=None, ask=asker)
    assert asker.asked == [PassphrasePurpose.UNLOCK]
    opened = open_data_folder(laptop, ask=Asker())
    assert _secrets(opened) == names
    opened.db.close()
