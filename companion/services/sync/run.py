"""One sync round (``sync_once``): exchange changes with the other devices through the
sync folder, once.

It takes the open ``Database`` (its folder and its data key) and runs its own short
transactions: files in the sync folder are read and written outside any transaction,
and each segment is applied in one transaction of its own, so a sync stopped half-way
keeps what it applied and starts again where it stopped. The window runs it with
``ops.on_database``.

1. read the other devices' ``device.json`` (new devices whose membership proves they
   hold the sync key become peers) and ``keys/`` files (a new key generation after a
   removal; which devices were removed, and after which of their entries);
2. a device that joined starts from the newest snapshot;
3. apply every device's segments in sequence order, each only when the local applied
   vector covers its ``deps`` (causal order); incomplete files wait, altered files are
   refused and named, "conflicted copy" duplicates are never even looked at;
4. fetch the attachments the applied rows name (``blobs.py``, once per hash);
5. on the register keeper, seal the pending disclosure changes;
6. write this device's new entries as the next segment (and the attachments they name);
7. tidy this device's own files: used or expired pairing offers, recovery.json, and
   segments every device has already applied and a snapshot covers (``compaction.py``).

Setting up and joining are in ``joining.py``, removing a device and taking the register
in ``membership.py``, the state the steps share in ``local_state.py``.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlmodel import select

from companion.db.database import Database
from companion.db.models import SyncPeer
from companion.db.types import utcnow
from companion.errors import KnownError, Message
from companion.review.keys import public_from_pem
from companion.services.attachments import store_for
from companion.services.session import session_scope
from companion.services.sync import folder as layout
from companion.services.sync import pairing, segments
from companion.services.sync.blobs import receive_blobs, send_blobs
from companion.services.sync.compaction import compact, newest_snapshots, tidy_offers
from companion.services.sync.local_state import (
    Local,
    Peer,
    Round,
    applied_so_far,
    device_hex,
    peer_row,
    read_local,
    require_setting,
    save_keys,
    write_device_files,
    write_recovery,
    write_session,
)

log = logging.getLogger("companion.sync")


@dataclass(frozen=True)
class SyncResult:
    sent: int
    received: int
    conflicts: int
    restored: int
    sealed: int
    skipped: list[str] = field(default_factory=list)  # incomplete files waiting
    refused: list[str] = field(default_factory=list)  # altered or foreign files


def sync_once(database: Database) -> SyncResult:
    """Exchange changes with the other devices through the sync folder, once. A
    problem (the folder missing, a full disk, this device removed) is a KnownError,
    also kept as the last sync's problem for the window; what was applied before it
    stays applied, and nothing is half-written."""
    local = read_local(database)
    try:
        _follow_new_device_id(database, local)
        return _sync_round(database, local)
    except KnownError as exc:
        _finish(database, error=exc.message)
        raise


def _follow_new_device_id(database: Database, local: Local) -> None:
    """After a backup was restored (or the database salvaged) this data folder writes
    as a new device (db.device): it syncs on as that device from its first entry, and
    the old device becomes a peer whose segments bring back what the backup lacked."""
    with write_session(database) as session:
        current = device_hex(session)
        if current == local.device:
            return
        log.warning("this data folder now writes as device %s (was %s): syncing as it",
                    current, local.device)
        local.device, local.sent_sequence, local.next_segment = current, 0, 1
        setting = require_setting(session)
        setting.sent_sequence, setting.next_segment = 0, 1
        save_keys(session, local)
        session.commit()


def _sync_round(database: Database, local: Local) -> SyncResult:
    from companion.services.sync.register_keeper import is_register_keeper, seal_pending

    problem = layout.folder_problem(local.folder)
    if problem is None and not layout.is_sync_folder(local.folder):
        problem = KnownError("同期フォルダではありません(companion-sync.json がありません): {path}",
                             hint="最初の端末で同期を設定したフォルダを選んでください。", path=local.folder)
    if problem is not None:
        raise problem
    state = Round(local=local)
    local.own.make()
    local.own.remove_stale_temporaries()
    if layout.read_json(local.own.device_file) is None:
        write_device_files(database, local)
    discover_peers(database, state)
    if _absorb_rekeys(database, state):
        raise KnownError("この端末は同期から外されています。",
                         hint="もう一度参加するには、ほかの端末でペアリングコードを表示してください。")
    discover_peers(database, state)
    if local.start_from_snapshot:
        load_newest_snapshot(database, state)
    sealed = 0
    sent = 0
    if not local.start_from_snapshot:
        _apply_segments(database, state)
        store = store_for(database)
        receive_blobs(database, state, store)
        with write_session(database) as session:
            if is_register_keeper(session):
                sealed = seal_pending(session)
            session.commit()
        send_blobs(database, local, store)
        sent = _write_segment(database, state)
        compact(database, state)
    tidy_offers(state)
    write_recovery(database, local)
    _finish(database, error=state.refused[0] if state.refused else "")
    return SyncResult(sent=sent, received=state.received, conflicts=state.conflicts,
                      restored=state.restored, sealed=sealed, skipped=state.skipped,
                      refused=state.refused)


def _finish(database: Database, *, error: str) -> None:
    with write_session(database) as session:
        setting = require_setting(session)
        setting.last_error = error
        if not error:
            setting.last_synced_at = utcnow()
        session.commit()


# --- who takes part: other devices' device.json and keys/ files ---------------------------

def discover_peers(database: Database, state: Round) -> None:
    """The other devices of the folder whose device.json proves they hold a key we
    hold; new ones become peers, known ones refresh their name."""
    local = state.local
    found: dict[str, tuple[dict[str, Any], tuple[Ed25519PublicKey, str, str, int]]] = {}
    for device in layout.device_ids(local.folder):
        if device == local.device:
            continue
        document = layout.read_json(layout.device_folder(local.folder, device).device_file)
        if document is None:
            continue
        checked = pairing.read_device_document(document, device=device, keys=local.keys)
        if checked is not None:
            found[device] = (document, checked)
    with write_session(database) as session:
        rows = {row.device_id.hex: row for row in session.exec(select(SyncPeer)).all()}
        for device, (document, (_public, pem, agreement, generation)) in found.items():
            row = rows.get(device)
            if row is None and generation < local.generation:
                continue  # an identity made with a key from before a removal
            if row is None:
                row = peer_row(session, device)
            elif row.signing_public and row.signing_public != pem:
                continue  # keys never change: someone else's file under a known name
            row.signing_public, row.agreement_public = pem, agreement
            row.name = pairing.device_name(document, local.keys) or row.name
            rows[device] = row
        session.commit()
        for device, row in rows.items():
            if row.signing_public:
                state.peers[device] = Peer(device=device, public=public_from_pem(row.signing_public),
                                            removed_after=(row.removed_after_sequence
                                                           if row.removed_at is not None else None))


def _absorb_rekeys(database: Database, state: Round) -> bool:
    """New key generations from keys/ files, and the removals they record. True when
    this device was removed."""
    local = state.local
    documents: list[tuple[int, str, dict[str, Any]]] = []
    for device in layout.device_ids(local.folder):
        for generation, path in layout.device_folder(local.folder, device).key_files():
            document = layout.read_json(path)
            if document is not None and document.get("generation") == generation \
                    and document.get("by") == device:
                documents.append((generation, device, document))
    removed_me = False
    changed = False
    removals: dict[str, int] = {}
    for generation, writer, document in sorted(documents, key=lambda item: (item[0], item[1])):
        if writer == local.device:
            public: Ed25519PublicKey | None = local.signing.public_key()
        else:
            peer = state.peers.get(writer)
            public = peer.public if peer is not None else None
        if public is None or writer in removals or not pairing.rekey_signed_by(document, public):
            continue
        for removal in document.get("removed") or []:
            try:
                removed, after = str(removal["device"]), int(removal["after_sequence"])
            except (KeyError, TypeError, ValueError):
                continue
            removals[removed] = min(after, removals.get(removed, after))
            removed_me = removed_me or removed == local.device
        if generation not in local.keys:
            wrapped = (document.get("wrapped") or {}).get(local.device)
            key = pairing.unwrap_for(local.agreement, wrapped, generation=generation,
                                     device=local.device) if isinstance(wrapped, dict) else None
            if key is not None:
                local.keys[generation] = key
                changed = True
    with write_session(database) as session:
        for device, after in removals.items():
            if device == local.device:
                continue
            row = peer_row(session, device)
            if row.removed_at is None or (row.removed_after_sequence or 0) > after:
                row.removed_at = row.removed_at or utcnow()
                row.removed_after_sequence = after
            if device in state.peers:
                state.peers[device].removed_after = after
        if changed:
            save_keys(session, local)
        session.commit()
    if changed and not removed_me:
        write_device_files(database, local)
    return removed_me


# --- applying other devices' snapshots and segments ---------------------------------------

def _covered(state: Round, applied: dict[str, int], deps: dict[str, Any]) -> bool:
    for device, needed in deps.items():
        if device == state.local.device or not isinstance(needed, int):
            continue
        peer = state.peers.get(device)
        if peer is not None and peer.removed_after is not None:
            needed = min(needed, peer.removed_after)
        if applied.get(device, 0) < needed:
            return False
    return True


def load_newest_snapshot(database: Database, state: Round) -> None:
    """A device that joined loads the newest snapshot of the folder, once."""
    from companion.services.sync.outgoing import load_snapshot
    from companion.services.sync.register_keeper import receive_secrets

    local = state.local
    candidates = sorted(((sum(h.vector.values()), h.number, d, path) for d, (h, path)
                         in newest_snapshots(state).items() if d != local.device), reverse=True)
    for _total, _number, device, path in candidates:
        try:
            sealed = segments.open_sealed(path, expect_kind=segments.SNAPSHOT, expect_device=device,
                                          public_key=state.peers[device].public,
                                          key_for=local.key_for)
        except segments.Incomplete:
            state.arriving(path)
            continue
        except segments.NoKey:
            continue
        except segments.Refused as exc:
            log.warning("refused snapshot %s: %s", path, exc)
            state.refuse(state.where(path))
            continue
        with write_session(database) as session:
            load_snapshot(session, sealed.payload["state"])
            if sealed.payload.get("secrets"):
                receive_secrets(session, sealed.payload["secrets"])
            local.start_from_snapshot = False
            save_keys(session, local)
            session.commit()
        state.received += sum(value for key, value in sealed.header.vector.items()
                              if key != local.device)
        return
    state.wait(Message("最初のスナップショット(参加した端末の出発点)の到着を待っています"))


def _apply_segments(database: Database, state: Round) -> None:
    """Apply every peer's segments that can be applied, round after round (one device's
    segment may be what another's deps wait for)."""
    from companion.services.sync.merge import apply_entries
    from companion.services.sync.register_keeper import receive_secrets

    local = state.local
    pending: dict[str, list[tuple[segments.Header, Path]]] = {}
    with session_scope(database, write=False) as session:
        applied = applied_so_far(session)
    for device, peer in state.peers.items():
        queue = []
        for _number, path in layout.device_folder(local.folder, device).numbered(segments.SEGMENT):
            try:
                header = segments.read_header(path)
            except segments.Incomplete:
                state.arriving(path)
                continue
            except segments.Refused as exc:
                log.warning("refused %s/%s: %s", device, path.name, exc)
                state.refuse(state.where(path))
                continue
            done = applied.get(device, 0)
            if header.last <= done or (peer.removed_after is not None
                                       and header.first > peer.removed_after):
                continue
            queue.append((header, path))
        pending[device] = queue
    progress = True
    while progress:
        progress = False
        for device, queue in pending.items():
            peer = state.peers[device]
            while queue:
                header, path = queue[0]
                done = applied.get(device, 0)
                if header.last <= done:
                    queue.pop(0)
                    continue
                if header.first > done + 1:
                    break  # an earlier segment is still arriving
                try:
                    sealed = segments.open_sealed(path, expect_kind=segments.SEGMENT,
                                                  expect_device=device, public_key=peer.public,
                                                  key_for=local.key_for)
                except segments.Incomplete:
                    state.arriving(path)
                    queue.clear()
                    break
                except segments.NoKey:  # sealed with a newer key whose file is on its way
                    state.wait(state.where(path))
                    queue.clear()
                    break
                except segments.Refused as exc:
                    log.warning("refused %s/%s: %s", device, path.name, exc)
                    state.refuse(state.where(path))
                    queue.clear()
                    break
                deps = sealed.payload.get("deps") or {}
                if not isinstance(deps, dict) or not _covered(state, applied, deps):
                    break
                entries = [entry for entry in sealed.payload.get("entries") or []
                           if isinstance(entry, dict)]
                if peer.removed_after is not None:
                    entries = [e for e in entries if int(e.get("sequence", 0)) <= peer.removed_after]
                try:
                    with write_session(database) as session:
                        result = apply_entries(session, uuid.UUID(device), entries)
                        if result.waiting:
                            break  # its own earlier entries are not all here yet
                        if sealed.payload.get("secrets") and peer.removed_after is None:
                            receive_secrets(session, sealed.payload["secrets"])
                        row = peer_row(session, device)
                        row.applied_segment = max(row.applied_segment, header.number)
                        row.last_seen_at = utcnow()
                        session.commit()
                        applied = applied_so_far(session)
                except KnownError as exc:  # e.g. written by a newer Companion: wait for it
                    log.warning("cannot apply %s/%s yet: %s", device, path.name, exc)
                    state.wait(Message("{name}: {reason}", name=state.where(path), reason=exc.message))
                    queue.clear()
                    break
                state.received += result.applied
                state.conflicts += result.conflicts
                state.restored += result.restored
                queue.pop(0)
                progress = True
    for device, queue in pending.items():
        if queue:
            log.info("device %s: %d segments wait for earlier changes", device, len(queue))


# --- writing this device's segment --------------------------------------------------------

def _write_segment(database: Database, state: Round) -> int:
    """This device's new entries as its next segment (also when it applied others'
    entries: its deps tell them what it holds); how many entries."""
    from companion.services.sync.outgoing import outgoing_entries
    from companion.services.sync.register_keeper import secrets_to_send

    local = state.local
    with write_session(database) as session:
        setting = require_setting(session)
        entries = outgoing_entries(session, after_sequence=setting.sent_sequence)
        if not entries and not state.received:
            return 0
        deps = applied_so_far(session)
        deps.pop(local.device, None)
        number = setting.next_segment
        last = max((int(entry["sequence"]) for entry in entries), default=setting.sent_sequence)
        payload: dict[str, Any] = {"format": segments.FORMAT, "device": local.device,
                                   "segment": number, "entries": entries, "deps": deps,
                                   "control": []}
        secrets = secrets_to_send(session)
        if secrets:
            payload["secrets"] = secrets
        data = segments.seal(kind=segments.SEGMENT, device=local.device, number=number,
                             generation=local.generation, key=local.key, signing=local.signing,
                             payload=payload, first=setting.sent_sequence + 1, last=last)
        own = local.own
        own.write(own.segments / segments.file_name(segments.SEGMENT, number), data)
        setting.next_segment = number + 1
        setting.sent_sequence = last
        local.next_segment, local.sent_sequence = number + 1, last
        session.commit()
    return len(entries)
