"""Shared fixtures: every test runs on its own data folder and an in-memory keyring."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

# Qt reads this when the first QApplication is made; set it before any test imports Qt.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import keyring
import pytest
from companion_testing.demo_folders import DEMO_DAY, DemoFolders

from companion.db.database import Database, open_database
from companion.keystore import MemoryKeyring
from companion.paths import DATA_DIR_ENV, DataPaths


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[DataPaths]:
    """Point the data folder at tmp_path and the keyring at memory for every test."""
    data_dir = tmp_path / "data"
    monkeypatch.setenv(DATA_DIR_ENV, str(data_dir))
    # Japanese, the source language, whatever this computer's locale (companion.i18n);
    # tests of the English messages set it themselves.
    monkeypatch.setenv("COMPANION_LANG", "ja")
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    yield DataPaths(data_dir)
    keyring.set_keyring(previous)


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty database migrated to head once per test run, copied by ``db``."""
    root = tmp_path_factory.mktemp("template")
    database = open_database(DataPaths(root), create=True)
    database.close()
    return root / "companion.db"


@pytest.fixture(scope="session")
def demo_folders(tmp_path_factory: pytest.TempPathFactory) -> DemoFolders:
    """Small demo folders, each generated once per test run and copied per test."""
    return DemoFolders(tmp_path_factory.mktemp("demo-folders"))


@pytest.fixture
def data_paths(isolated_environment: DataPaths) -> DataPaths:
    return isolated_environment


@pytest.fixture
def demo_db(migrated_template: Path, data_paths: DataPaths,
            demo_folders: DemoFolders) -> Iterator[Database]:
    """A database of this test's own holding the small demo data of 2026-11-20 (5
    disclosures, 6 red flags), without a key; generated once per run and copied."""
    data_paths.root.mkdir(parents=True, exist_ok=True)
    demo_folders.copy_database_to(data_paths.database, template=migrated_template,
                                  today=DEMO_DAY)
    database = open_database(data_paths)
    yield database
    database.close()


@pytest.fixture
def db(migrated_template: Path, data_paths: DataPaths) -> Iterator[Database]:
    """A fresh, migrated database file of this test's own."""
    data_paths.root.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(migrated_template, data_paths.database)
    database = open_database(data_paths)
    yield database
    database.close()
