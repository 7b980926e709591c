"""Who takes part: remove a device (lost, sold, broken) with a new sync key for the
remaining devices (``remove_device``), and make this device the register keeper when
the keeper was lost (``take_register``).
"""

from __future__ import annotations

import uuid

from sqlmodel import col, select

from companion.db.database import Database
from companion.db.models import SyncPeer
from companion.db.types import utcnow
from companion.errors import KnownError
from companion.services.session import session_scope
from companion.services.sync import folder as layout
from companion.services.sync import pairing
from companion.services.sync.local_state import (
    applied_so_far,
    peer_row,
    read_local,
    save_keys,
    write_device_files,
    write_session,
)
from companion.services.sync.run import sync_once


def remove_device(database: Database, *, device_id: uuid.UUID) -> None:
    """Remove a device (lost, sold, broken): a new sync key for the remaining devices,
    wrapped to each of them; the removed device cannot read later segments, and what it
    writes after the entries applied here is ignored."""
    local = read_local(database)
    layout.require_folder(local.folder)
    target = device_id.hex
    if target == local.device:
        raise KnownError("この端末自身は外せません。", hint="ほかの端末から外してください。")
    with session_scope(database, write=False) as session:
        row = session.exec(select(SyncPeer).where(SyncPeer.device_id == device_id)).first()
        if row is None:
            raise KnownError("同期している端末にありません: {device}", device=target,
                             hint="companion sync --status で端末IDを確かめてください。")
        if row.removed_at is not None:
            raise KnownError("この端末は既に外されています: {device}", device=row.name or target)
        after = applied_so_far(session).get(target, 0)
        recipients = {local.device: pairing.agreement_public_text(local.agreement)}
        for peer in session.exec(select(SyncPeer).where(col(SyncPeer.removed_at).is_(None))).all():
            if peer.device_id != device_id and peer.agreement_public:
                recipients[peer.device_id.hex] = peer.agreement_public
    generation = local.generation + 1
    key = pairing.new_sync_key()
    document = pairing.rekey_document(generation=generation, by=local.device, key=key,
                                      recipients=recipients,
                                      removed=[{"device": target, "after_sequence": after}],
                                      signing=local.signing)
    own = local.own
    own.make()
    own.write_json(own.keys / f"{generation:06d}.json", document)
    local.keys[generation] = key
    with write_session(database) as session:
        row = peer_row(session, target)
        row.removed_at = utcnow()
        row.removed_after_sequence = after
        save_keys(session, local)
        session.commit()
    for _offer, path in own.offer_files():
        own.remove(path)  # offers hold the old keys only
    write_device_files(database, local)


def take_register(database: Database) -> None:
    """Make this device the register keeper (the keeper was lost): after a sync, so
    that it continues the newest chain it can see; the hand-over reaches the other
    devices with the next sync."""
    from companion.services.sync.register_keeper import become_register_keeper

    sync_once(database)
    local = read_local(database)
    with write_session(database) as session:
        become_register_keeper(session, device_name=local.name)
        session.commit()
    sync_once(database)
