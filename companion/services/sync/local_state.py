"""What every step of sync shares: this device's sync state as kept in ``SyncSetting``
(``Local``: folder, device id, key generations, signing and agreement keys, how far it
has sent), the devices it syncs with (``Peer``), the state one sync round carries
(``Round``: counts, files waiting, files refused), and the small helpers over them —
a write session, the setting, this device's own ``device.json`` and ``recovery.json``,
its keys, a peer's row and the applied vector.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from sqlmodel import Session, func, select

from companion.db.database import Database
from companion.db.models import ChangeLog, SyncPeer, SyncSetting
from companion.errors import KnownError, Message
from companion.review.keys import private_from_text
from companion.services.session import current_device, session_scope
from companion.services.sync import folder as layout
from companion.services.sync import pairing, segments
from companion.services.sync.status import setting_of

STUCK_AFTER_SECONDS = 3 * 24 * 3600  # an incomplete file this old is named as stuck


@dataclass
class Local:
    """This device's sync state, read from SyncSetting."""

    folder: Path
    device: str
    name: str
    keys: pairing.Keys
    start_from_snapshot: bool
    signing: Ed25519PrivateKey
    agreement: X25519PrivateKey
    sent_sequence: int
    next_segment: int

    @property
    def generation(self) -> int:
        return max(self.keys)

    @property
    def key(self) -> bytes:
        return self.keys[self.generation]

    def key_for(self, generation: int) -> bytes | None:
        return self.keys.get(generation)

    @property
    def own(self) -> layout.OwnFolder:
        return layout.own_folder(self.folder, self.device)

    @property
    def signing_public(self) -> str:
        return pairing.signing_public_pem(self.signing)


@dataclass
class Peer:
    device: str
    public: Ed25519PublicKey
    removed_after: int | None  # entries after this sequence are ignored (removed)


@dataclass
class Round:
    local: Local
    peers: dict[str, Peer] = field(default_factory=dict)
    received: int = 0
    conflicts: int = 0
    restored: int = 0
    skipped: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)

    def where(self, path: Path) -> str:
        """A file of the folder as the user finds it there: <device-id>/segments/…"""
        try:
            return path.relative_to(self.local.folder).as_posix()
        except ValueError:
            return path.name

    def arriving(self, path: Path) -> None:
        """A file not whole yet; said more loudly when it has stayed so for days (a sync
        app that stopped half-way, or a length in its header that was altered)."""
        try:
            stuck = path.stat().st_mtime < time.time() - STUCK_AFTER_SECONDS
        except OSError:
            stuck = False
        if stuck:
            self.wait(Message("{name}(3日以上、途中までしか届いていません。同期アプリの状態を確かめてください)",
                              name=self.where(path)))
        else:
            self.wait(self.where(path))

    def refuse(self, name: str) -> None:
        message = segments.refused_message(name).message
        if message not in self.refused:
            self.refused.append(message)

    def wait(self, line: str) -> None:
        if line not in self.skipped:
            self.skipped.append(line)


def keys_json(device: str, keys: pairing.Keys, *, start_from_snapshot: bool) -> str:
    return json.dumps({"device": device, "keys": pairing.keys_to_json(keys),
                       "start_from_snapshot": start_from_snapshot})


def local_from(setting: SyncSetting) -> Local:
    document = json.loads(setting.sync_keys)
    return Local(folder=Path(setting.folder), device=str(document["device"]),
                  name=setting.device_name, keys=pairing.keys_from_json(document["keys"]),
                  start_from_snapshot=bool(document.get("start_from_snapshot")),
                  signing=private_from_text(setting.signing_private),
                  agreement=pairing.agreement_private_from_text(setting.agreement_private),
                  sent_sequence=setting.sent_sequence, next_segment=setting.next_segment)


def require_setting(session: Session) -> SyncSetting:
    setting = setting_of(session)
    if setting is None:
        raise KnownError("同期が設定されていません。",
                         hint="companion sync --folder DIR --name 端末名 で設定してください。")
    return setting


@contextmanager
def write_session(database: Database) -> Iterator[Session]:
    with session_scope(database) as session:
        yield session


def read_local(database: Database) -> Local:
    with session_scope(database, write=False) as session:
        return local_from(require_setting(session))


def device_hex(session: Session) -> str:
    return current_device(session).hex


def data_key(database: Database) -> bytes:
    if database.key is None:
        raise KnownError("暗号化されていないデータベースでは同期を使えません。")
    return database.key


def recovery_bytes(database: Database) -> bytes:
    try:
        return database.paths.recovery_file.read_bytes()
    except OSError as exc:
        raise KnownError("復旧用の鍵ファイルを読めません: {path} ({reason})",
                         path=database.paths.recovery_file, reason=exc.strerror or exc) from exc


def write_device_files(database: Database, local: Local, *,
                        paired_with: dict[str, Any] | None = None) -> None:
    """device.json and recovery.json of this device, for its current key generation."""
    own = local.own
    own.make()
    previous = layout.read_json(own.device_file)
    if paired_with is None and previous is not None:
        kept = previous.get("paired_with")
        paired_with = kept if isinstance(kept, dict) else None
    own.write_json(own.device_file, pairing.device_document(
        device=local.device, signing_public=local.signing_public,
        agreement_public=pairing.agreement_public_text(local.agreement),
        generation=local.generation, key=local.key, name=local.name, paired_with=paired_with))
    write_recovery(database, local)


def write_recovery(database: Database, local: Local) -> None:
    own = local.own
    recovery_file = recovery_bytes(database)
    if pairing.recovery_is_current(layout.read_json(own.recovery_file),
                                   recovery_file=recovery_file, generation=local.generation):
        return
    own.write_json(own.recovery_file, pairing.recovery_document(
        data_key=data_key(database), recovery_file=recovery_file, keys=local.keys,
        device=local.device))


def own_sequence(session: Session, device: str) -> int:
    value = session.exec(select(func.max(ChangeLog.sequence)).where(
        ChangeLog.device_id == uuid.UUID(device))).one()
    return int(value or 0)


def save_keys(session: Session, local: Local) -> None:
    setting = require_setting(session)
    setting.sync_keys = keys_json(local.device, local.keys,
                                   start_from_snapshot=local.start_from_snapshot)
    setting.key_generation = local.generation


def peer_row(session: Session, device: str) -> SyncPeer:
    row = session.exec(select(SyncPeer).where(SyncPeer.device_id == uuid.UUID(device))).first()
    if row is None:
        row = SyncPeer(device_id=uuid.UUID(device))
        session.add(row)
    return row


def applied_so_far(session: Session) -> dict[str, int]:
    from companion.services.sync.outgoing import applied_vector

    return dict(applied_vector(session))
