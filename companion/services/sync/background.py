"""One sync as the window runs it in the background: only when sync is set up and the
folder is there (a USB stick or a NAS may be away), with the status before and after."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from companion.db.database import Database
from companion.services.session import session_scope
from companion.services.sync.run import SyncResult, sync_once
from companion.services.sync.status import SyncStatus, sync_status


@dataclass(frozen=True)
class SyncOutcome:
    """What one background sync found: the status afterwards, what it did (None: it
    did not run: not set up, or the folder is away) and whether the folder was away."""

    status: SyncStatus
    result: SyncResult | None
    offline: bool


def folder_is_there(folder: str) -> bool:
    return bool(folder) and Path(folder).expanduser().is_dir()


def sync_in_background(database: Database) -> SyncOutcome:
    """Sync once if sync is set up and its folder is there."""

    def read_status() -> SyncStatus:
        with session_scope(database, write=False) as session:
            return sync_status(session=session)

    status = read_status()
    if not status.configured:
        return SyncOutcome(status, None, offline=False)
    if not folder_is_there(status.folder):
        return SyncOutcome(status, None, offline=True)
    result = sync_once(database)
    return SyncOutcome(read_status(), result, offline=False)
