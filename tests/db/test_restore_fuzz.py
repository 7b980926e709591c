"""Restore is an importer: random and mutated files give a clear error, change nothing."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from companion_testing.demo_folders import DEMO_DAY, DemoFolders
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import select

from companion.db.database import open_database
from companion.db.models import Client
from companion.errors import KnownError
from companion.paths import DataPaths
from companion.security.data_key import PassphrasePurpose
from companion.services.backups import export_backup, restore_backup
from companion.services.session import session_scope
from companion.services.storage import OpenedData, open_data_folder

PASSPHRASE = "港町の朝市を守る会の合言葉"
FUZZ = settings(max_examples=40, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])


def ask(_purpose: PassphrasePurpose) -> str:
    return PASSPHRASE


@pytest.fixture
def folder(data_paths: DataPaths, tmp_path: Path,
           demo_folders: DemoFolders) -> Iterator[tuple[OpenedData, bytes]]:
    demo_folders.copy_to(data_paths, passphrase=PASSPHRASE, today=DEMO_DAY)
    opened = open_data_folder(data_paths, ask=ask)
    exported = export_backup(opened.db, tmp_path / "export.zip").read_bytes()
    yield opened, exported
    opened.db.close()


def _state(paths: DataPaths) -> str:
    digest = hashlib.sha256(paths.database.read_bytes())
    for path in sorted(paths.root.rglob("*")):
        digest.update(str(path.relative_to(paths.root)).encode())
    return digest.hexdigest()


def _client_names(paths: DataPaths, key: bytes) -> list[str]:
    db = open_database(paths, key=key)
    try:
        with session_scope(db, write=False) as session:
            return sorted(c.name for c in session.exec(select(Client)).all())
    finally:
        db.close()


def _restore_fails_cleanly(opened: OpenedData, content: bytes, tmp_path: Path) -> None:
    """Either a clear error and nothing changed, or (when only zip metadata that the
    format does not protect was touched, such as a member's timestamp) the very same
    data restored: a mutation never half-restores or restores altered data."""
    paths = opened.db.paths
    before = _state(paths)
    expected = _client_names(paths, opened.key.key)
    candidate = tmp_path / "candidate.zip"
    candidate.write_bytes(content)
    try:
        restore_backup(paths, candidate, current=opened.db, current_key=opened.key.key, ask=ask)
    except KnownError as error:
        assert str(error).strip()
        assert _state(paths) == before
        return
    assert _client_names(paths, opened.key.key) == expected


@FUZZ
@given(content=st.binary(max_size=4096))
def test_random_bytes_are_refused(folder: tuple[OpenedData, bytes], tmp_path: Path,
                                  content: bytes) -> None:
    _restore_fails_cleanly(folder[0], content, tmp_path)


@FUZZ
@given(data=st.data())
def test_mutated_exports_are_refused(folder: tuple[OpenedData, bytes], tmp_path: Path,
                                     data: st.DataObject) -> None:
    opened, exported = folder
    mutation = data.draw(st.sampled_from(["flip", "truncate", "splice"]))
    content = bytearray(exported)
    if mutation == "flip":
        for _ in range(data.draw(st.integers(1, 8))):
            at = data.draw(st.integers(0, len(content) - 1))
            content[at] ^= data.draw(st.integers(1, 255))
    elif mutation == "truncate":
        content = content[: data.draw(st.integers(0, len(content) - 1))]
    else:
        at = data.draw(st.integers(0, len(content)))
        content[at:at] = data.draw(st.binary(min_size=1, max_size=64))
    _restore_fails_cleanly(opened, bytes(content), tmp_path)
