"""Consistent copies of a live database, with SQLite's online backup API."""

from __future__ import annotations

import os
from pathlib import Path

import sqlcipher3
from sqlalchemy.engine import Engine

from companion.atomic import fsync_directory, partial_path
from companion.db.engine import key_literal


def copy_database(engine: Engine, target: Path, *, key: bytes | None = None) -> None:
    """Copy the database behind ``engine`` to ``target`` atomically.

    The copy is written to a temporary file and renamed into place, so ``target`` is
    either the complete copy or absent, never half-written.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = partial_path(target)
    partial.unlink(missing_ok=True)
    destination = sqlcipher3.connect(str(partial))
    try:
        if key is not None:
            destination.execute(f"PRAGMA key = {key_literal(key)}")
        with engine.connect() as connection:
            source = connection.connection.dbapi_connection
            assert source is not None
            source.backup(destination)
    finally:
        destination.close()
    with open(partial, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(partial, target)
    fsync_directory(target.parent)
