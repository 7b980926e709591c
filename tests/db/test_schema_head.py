"""The schema head written at build time, and opening a folder without Alembic."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from alembic import command

from companion.db.migrate import (
    SCHEMA_HEAD_FILE,
    alembic_config,
    alembic_head_revision,
    current_revision,
    head_revision,
    schema_head_source,
)
from companion.db.schema_head import SCHEMA_HEAD
from companion.paths import DataPaths
from companion.services.storage import open_data_folder

PASSPHRASE = "稲刈りのあとに雪が来る"


def test_schema_head_constant_is_the_alembic_head_of_the_shipped_migrations() -> None:
    assert SCHEMA_HEAD_FILE.read_text(encoding="utf-8") == schema_head_source(), (
        "companion/db/schema_head.py does not match the migrations in "
        "companion/db/migrations/versions; regenerate it with: "
        ".venv/bin/python scripts/write-schema-head")
    assert SCHEMA_HEAD == alembic_head_revision() == head_revision()


_OPEN_AND_LIST_IMPORTS = """
import sys
from pathlib import Path
from companion.paths import DataPaths
from companion.services.storage import open_data_folder
opened = open_data_folder(DataPaths(Path(sys.argv[1])), ask=lambda purpose: sys.argv[2])
print(opened.db.migration.before, opened.db.migration.after)
opened.db.close()
print(' '.join(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic')) or '-')
"""


def _open_in_a_process(folder: Path) -> list[str]:
    environment = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    result = subprocess.run([sys.executable, "-c", _OPEN_AND_LIST_IMPORTS, str(folder), PASSPHRASE],
                            capture_output=True, text=True, timeout=120, env=environment,
                            check=True)
    return result.stdout.splitlines()


@pytest.mark.slow
def test_opening_an_up_to_date_folder_does_not_import_alembic(tmp_path: Path) -> None:
    folder = tmp_path / "現場"
    open_data_folder(DataPaths(folder), ask=lambda purpose: PASSPHRASE, create=True).db.close()
    revisions, alembic_modules = _open_in_a_process(folder)
    assert revisions == f"{SCHEMA_HEAD} {SCHEMA_HEAD}"
    assert alembic_modules == "-"


@pytest.mark.slow
def test_a_folder_at_an_older_revision_is_still_migrated_in_a_new_process(tmp_path: Path) -> None:
    folder = tmp_path / "現場"
    opened = open_data_folder(DataPaths(folder), ask=lambda purpose: PASSPHRASE, create=True)
    config = alembic_config()
    with opened.db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "-1")  # as a folder last opened by the previous version
        older = current_revision(connection)
    opened.db.close()
    assert older is not None and older != SCHEMA_HEAD
    revisions, alembic_modules = _open_in_a_process(folder)
    assert revisions == f"{older} {SCHEMA_HEAD}"
    assert alembic_modules != "-"
    assert any((folder / "backups").glob(f"before-migration-{older}-*"))
