"""Snapshots and tidying this device's own files in the sync folder: a snapshot of
the whole state (what a joining computer starts from), each live device's newest
snapshot, pairing offers that were used or have expired, and compaction — deleting own
segments every live device has applied and every newest snapshot covers.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from sqlmodel import Session

from companion.db.database import Database
from companion.db.types import utcnow
from companion.services.session import session_scope
from companion.services.sync import folder as layout
from companion.services.sync import pairing, segments
from companion.services.sync.local_state import (
    Local,
    Round,
    applied_so_far,
    own_sequence,
)

# A device writes a snapshot and compacts its own segments once it has more than this
# many in the folder, and deletes only segments older than the grace (a computer that
# joined meanwhile may not be known here yet: its device.json is still on its way).
# Tests lower both.
COMPACT_AFTER = 200


COMPACT_GRACE_SECONDS = 7 * 24 * 3600


def newest_snapshots(state: Round) -> dict[str, tuple[segments.Header, Path]]:
    """Each live device's newest snapshot header (the files are not decrypted)."""
    newest: dict[str, tuple[segments.Header, Path]] = {}
    devices = [state.local.device, *(d for d, p in state.peers.items() if p.removed_after is None)]
    for device in devices:
        for _number, path in reversed(layout.device_folder(state.local.folder, device)
                                      .numbered(segments.SNAPSHOT)):
            try:
                header = segments.read_header(path)
            except (segments.Incomplete, segments.Refused):
                continue
            if header.device == device and header.kind == segments.SNAPSHOT:
                newest[device] = (header, path)
                break
    return newest


def write_snapshot(session: Session, local: Local) -> None:
    """A snapshot of the whole state, numbered by the last own segment it covers; older
    own snapshots are removed."""
    from companion.services.sync.outgoing import state_snapshot
    from companion.services.sync.register_keeper import secrets_to_send

    own = local.own
    own.make()
    number = local.next_segment - 1
    vector = applied_so_far(session)
    vector[local.device] = own_sequence(session, local.device)
    payload: dict[str, Any] = {"format": segments.FORMAT, "device": local.device,
                               "segment": number, "state": state_snapshot(session),
                               "vector": vector}
    secrets = secrets_to_send(session)
    if secrets:
        payload["secrets"] = secrets
    data = segments.seal(kind=segments.SNAPSHOT, device=local.device, number=number,
                         generation=local.generation, key=local.key, signing=local.signing,
                         payload=payload, first=0, last=vector[local.device], vector=vector)
    own.write(own.snapshots / segments.file_name(segments.SNAPSHOT, number), data)
    for older, path in own.numbered(segments.SNAPSHOT):
        if older < number:
            own.remove(path)


def tidy_offers(state: Round) -> None:
    """Delete this device's pairing offers that were used (a device.json names them)
    or have expired."""
    local = state.local
    used: set[str] = set()
    for device in layout.device_ids(local.folder):
        document = layout.read_json(layout.device_folder(local.folder, device).device_file)
        proof = (document or {}).get("paired_with")
        if isinstance(proof, dict):
            used.add(str(proof.get("offer")))
    now = utcnow()
    own = local.own
    for offer, path in own.offer_files():
        document = layout.read_json(path)
        if offer in used or document is None or pairing.offer_expired(document, now):
            own.remove(path)


def _latest_deps(state: Round, device: str) -> dict[str, Any] | None:
    """The deps of a peer's newest readable segment (what it has applied)."""
    peer = state.peers[device]
    for _number, path in reversed(layout.device_folder(state.local.folder, device)
                                  .numbered(segments.SEGMENT)):
        try:
            sealed = segments.open_sealed(path, expect_kind=segments.SEGMENT, expect_device=device,
                                          public_key=peer.public, key_for=state.local.key_for)
        except (segments.Incomplete, segments.NoKey, segments.Refused):
            continue
        deps = sealed.payload.get("deps")
        return deps if isinstance(deps, dict) else None
    return None


def compact(database: Database, state: Round) -> None:
    """Write a snapshot when this device wrote many segments since its newest one, or
    when another device's newest snapshot holds many more of that device's entries than
    this device's newest (and this device holds all of it): so every live device keeps
    a recent snapshot, without two devices answering each other's snapshots at every
    sync. Then delete the own segments that every live device has applied and every
    live device's newest snapshot covers (a device joining later starts from any)."""
    local = state.local
    own = local.own
    mine = own.numbered(segments.SEGMENT)
    newest = newest_snapshots(state)
    own_snapshot = newest.get(local.device)
    since = [n for n, _p in mine if own_snapshot is None or n > own_snapshot[0].number]
    with session_scope(database, write=False) as session:
        applied = applied_so_far(session)
        held = own_snapshot[0].vector if own_snapshot is not None else None
        behind = any(
            (held is None or header.vector.get(device, 0) - held.get(device, 0) >= COMPACT_AFTER)
            and all(applied.get(d, 0) >= n for d, n in header.vector.items())
            for device, (header, _path) in newest.items() if device != local.device)
        if len(since) > COMPACT_AFTER or behind:
            write_snapshot(session, local)
            newest = newest_snapshots(state)
    if len(mine) <= COMPACT_AFTER or own.offer_files():
        return  # an offer out: a computer may have joined that is not known here yet
    live = [device for device, peer in state.peers.items() if peer.removed_after is None]
    if any(device not in newest for device in [local.device, *live]):
        return
    floor = min(newest[device][0].vector.get(local.device, 0) for device in [local.device, *live])
    for device in live:
        deps = _latest_deps(state, device)
        floor = min(floor, int((deps or {}).get(local.device, 0)))
    settled = time.time() - COMPACT_GRACE_SECONDS
    for _number, path in mine[:-1]:  # the newest stays: its deps say what this device holds
        try:
            header = segments.read_header(path)
            old = path.stat().st_mtime <= settled
        except (segments.Incomplete, segments.Refused, OSError):
            continue
        if header.last <= floor and old:
            own.remove(path)
