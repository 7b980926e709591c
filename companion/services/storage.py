"""Opening a data folder for use: its key, encryption, and the migrated database.

This is the one way the app and the CLI open their data, so every start goes through
the same checks: the folder exists (unless we may create it), the data key comes from
the keyring or the recovery passphrase, a database left unencrypted by an older
version is encrypted in place, and migrations run after a backup.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from companion.db.database import Database, make_data_folder, open_database, require_database
from companion.db.encryption import encrypt_plain_database
from companion.paths import DataPaths
from companion.security.data_key import AskPassphrase, UnlockedKey, is_plain_sqlite, obtain_data_key

log = logging.getLogger("companion.services")


@dataclass
class OpenedData:
    db: Database
    key: UnlockedKey


def open_data_folder(paths: DataPaths, *, ask: AskPassphrase, create: bool = False) -> OpenedData:
    if create:
        make_data_folder(paths)
    else:
        require_database(paths)
    unlocked = obtain_data_key(paths, ask)
    if is_plain_sqlite(paths):
        log.info("encrypting the unencrypted database at %s", paths.database)
        encrypt_plain_database(paths.database, unlocked.key)
    db = open_database(paths, create=create, key=unlocked.key)
    return OpenedData(db=db, key=unlocked)
