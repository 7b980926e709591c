"""Turning an unencrypted database into a SQLCipher one, in place and safely.

SQLCipher's ``sqlcipher_export`` copies schema and rows into an attached encrypted
database. The copy is written next to the original, synced, and renamed over it, so a
crash leaves either the old plain file or the complete encrypted one.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import sqlcipher3

from companion.atomic import fsync_directory
from companion.db.engine import key_literal

log = logging.getLogger("companion.db")


def encrypt_plain_database(database: Path, key: bytes) -> None:
    encrypted = database.with_name(database.name + ".encrypting")
    encrypted.unlink(missing_ok=True)
    connection = sqlcipher3.connect(str(database), isolation_level=None)
    try:
        # Fold the WAL into the main file so the export sees every committed row.
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        user_version = connection.execute("PRAGMA user_version").fetchone()[0]
        connection.execute(f"ATTACH DATABASE ? AS encrypted KEY {key_literal(key)}",
                           (str(encrypted),))
        connection.execute("SELECT sqlcipher_export('encrypted')")
        connection.execute(f"PRAGMA encrypted.user_version = {int(user_version)}")
        connection.execute("DETACH DATABASE encrypted")
        connection.execute("PRAGMA journal_mode = DELETE")  # removes the -wal and -shm files
    finally:
        connection.close()
    with open(encrypted, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(encrypted, database)
    fsync_directory(database.parent)
    log.info("encrypted the database at %s", database)
