"""Sync between the computers of one practice, through a folder that a sync engine the
user already has (OneDrive, Dropbox, Google Drive, Syncthing, a NAS share) keeps in
step; no server of ours (docs/sync.md).

The transport (segments, folder, pairing, joining, run, blobs, compaction, membership,
status; local_state holds what they share) seals each device's changes
into files only that device writes; the merge side (merge, outgoing, register_keeper,
conflicts; docs/sync-merge.md) applies them so that nothing is lost and the register
stays one chain. The window and the CLI import only from here.

The use cases that touch the sync folder take the open ``Database`` first (its folder
and its data key), and run their own short transactions (the window: ``ops.on_database``);
``sync_status`` is a read of one session (``ops.read``).
"""

from __future__ import annotations

from companion.services.sync.conflicts import ConflictView, list_conflicts, resolve_conflict
from companion.services.sync.joining import (
    create_pairing_code,
    join_with_code,
    join_with_recovery,
    set_up_sync,
)
from companion.services.sync.membership import remove_device, take_register
from companion.services.sync.register_keeper import (
    PendingLine,
    PendingOverview,
    is_register_keeper,
    keeper_name,
    list_pending,
    pending_overview,
    record_pending,
    record_pending_recertifications,
    register_keeper,
)
from companion.services.sync.run import SyncResult, sync_once
from companion.services.sync.status import DeviceLine, SyncStatus, sync_status

__all__ = [
    "ConflictView",
    "DeviceLine",
    "PendingLine",
    "PendingOverview",
    "SyncResult",
    "SyncStatus",
    "create_pairing_code",
    "is_register_keeper",
    "join_with_code",
    "join_with_recovery",
    "keeper_name",
    "list_conflicts",
    "list_pending",
    "pending_overview",
    "record_pending",
    "record_pending_recertifications",
    "register_keeper",
    "remove_device",
    "resolve_conflict",
    "set_up_sync",
    "sync_once",
    "sync_status",
    "take_register",
]
