"""What the window and ``companion sync --status`` show about sync: one read."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from companion.db.models import ChangeLog, SyncConflict, SyncPeer, SyncSetting


@dataclass(frozen=True)
class DeviceLine:
    id: str
    name: str
    last_seen_at: datetime | None
    removed: bool
    this_device: bool = False


@dataclass(frozen=True)
class SyncStatus:
    configured: bool
    folder: str
    device_id: str
    device_name: str
    is_register_keeper: bool
    keeper_name: str
    last_synced_at: datetime | None
    unsent: int  # own change-log entries not yet in a segment
    conflicts: int  # open SyncConflict rows
    devices: list[DeviceLine]
    last_error: str


def sync_device(setting: SyncSetting) -> str:
    """The device id (hex) this data folder syncs as (kept with the keys)."""
    try:
        document = json.loads(setting.sync_keys)
        return str(document.get("device", "")) if isinstance(document, dict) else ""
    except ValueError:
        return ""


def setting_of(session: Session) -> SyncSetting | None:
    return session.exec(select(SyncSetting)).first()


def open_conflicts(session: Session) -> int:
    return session.exec(select(func.count()).select_from(SyncConflict)
                        .where(col(SyncConflict.resolved_at).is_(None))).one()


def sync_status(*, session: Session) -> SyncStatus:
    """The state of sync on this device (a read; nothing is written)."""
    from companion.services.sync.register_keeper import is_register_keeper, keeper_name

    setting = setting_of(session)
    keeper = is_register_keeper(session)
    if setting is None:
        return SyncStatus(configured=False, folder="", device_id="", device_name="",
                          is_register_keeper=keeper, keeper_name="", last_synced_at=None,
                          unsent=0, conflicts=open_conflicts(session), devices=[],
                          last_error="")
    device = sync_device(setting)
    unsent = session.exec(select(func.count()).select_from(ChangeLog).where(
        ChangeLog.device_id == uuid.UUID(device),
        col(ChangeLog.sequence) > setting.sent_sequence)).one() if device else 0
    peers = session.exec(select(SyncPeer).order_by(sa.case(
        (col(SyncPeer.removed_at).is_(None), 0), else_=1), col(SyncPeer.name))).all()
    devices = [DeviceLine(id=device, name=setting.device_name, last_seen_at=setting.last_synced_at,
                          removed=False, this_device=True)]
    devices += [DeviceLine(id=peer.device_id.hex, name=peer.name or peer.device_id.hex[:8],
                           last_seen_at=peer.last_seen_at, removed=peer.removed_at is not None)
                for peer in peers]
    return SyncStatus(configured=True, folder=setting.folder, device_id=device,
                      device_name=setting.device_name, is_register_keeper=keeper,
                      keeper_name=keeper_name(session), last_synced_at=setting.last_synced_at,
                      unsent=unsent, conflicts=open_conflicts(session), devices=devices,
                      last_error=setting.last_error)
