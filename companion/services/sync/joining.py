"""Set up and join sync: the first device starts sync in an empty folder
(``set_up_sync``); it shows a one-time pairing code (``create_pairing_code``) that
another computer joins with (``join_with_code``), or a new computer joins with the
recovery passphrase of a device already in the folder (``join_with_recovery``).

A computer joins only with a new (empty) data folder and starts from the newest
snapshot in the sync folder; a failed set-up or join removes what it wrote. Each use
case takes the open ``Database`` and runs its own short transactions.
"""

from __future__ import annotations

from contextlib import suppress
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlmodel import Session

from companion.db.database import Database
from companion.db.models import SyncSetting
from companion.db.types import utcnow
from companion.errors import KnownError, ValidationError
from companion.review.keys import private_to_text
from companion.services.session import session_scope
from companion.services.sync import folder as layout
from companion.services.sync import pairing
from companion.services.sync.compaction import write_snapshot
from companion.services.sync.local_state import (
    Local,
    Round,
    device_hex,
    keys_json,
    local_from,
    own_sequence,
    read_local,
    require_setting,
    write_device_files,
    write_session,
)
from companion.services.sync.run import discover_peers, load_newest_snapshot
from companion.services.sync.status import SyncStatus, setting_of, sync_status

MAX_NAME_LENGTH = 40


def _check_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise ValidationError("端末名を入力してください。", field="device_name",
                              hint="例: 事務所のデスクトップ、訪問用ノート")
    if len(cleaned) > MAX_NAME_LENGTH:
        raise ValidationError("端末名は{limit}文字までです。", field="device_name",
                              limit=MAX_NAME_LENGTH)
    return cleaned


def _check_folder(database: Database, folder: Path) -> Path:
    folder = Path(folder).expanduser()
    with suppress(OSError):
        folder = folder.resolve()
    if database.paths.contains(folder) or folder in database.paths.root.parents:
        raise KnownError("データフォルダの中(またはその上)は同期フォルダにできません: {path}",
                         hint="OneDrive・Dropbox などで同期している別のフォルダを選んでください。", path=folder)
    return layout.require_folder(folder)


def _require_not_configured(session: Session) -> None:
    setting = setting_of(session)
    if setting is not None:
        raise KnownError("同期は既に設定されています: {folder}", folder=setting.folder,
                         hint="companion sync で同期します。")


def _new_setting(session: Session, *, folder: Path, device: str, name: str,
                 keys: pairing.Keys, start_from_snapshot: bool) -> Local:
    signing = Ed25519PrivateKey.generate()
    agreement = pairing.new_agreement_key()
    setting = SyncSetting(folder=str(folder), device_name=name, key_generation=max(keys),
                          sync_keys=keys_json(device, keys, start_from_snapshot=start_from_snapshot),
                          signing_private=private_to_text(signing),
                          agreement_private=pairing.agreement_private_to_text(agreement))
    session.add(setting)
    return local_from(setting)


def _undo_files(local: Local, *, marker: bool) -> None:
    """Remove what a failed set-up or join wrote (only this device's own folder, and
    the folder marker it made itself)."""
    import shutil

    shutil.rmtree(local.own.root, ignore_errors=True)
    if marker:
        (local.folder / layout.MARKER).unlink(missing_ok=True)


def set_up_sync(database: Database, *, folder: Path, device_name: str) -> SyncStatus:
    """Start sync in ``folder`` (empty, or a sync folder no device uses yet) with this
    device as the first one and the register keeper; its state so far is written as a
    snapshot, which the devices that join start from."""
    from companion.services.sync.register_keeper import become_register_keeper

    name = _check_name(device_name)
    folder = _check_folder(database, folder)
    if layout.device_ids(folder):
        raise KnownError("この同期フォルダは既に使われています: {path}",
                         hint="ほかの端末でペアリングコードを表示して参加するか、回復用パスフレーズで参加してください。",
                         path=folder)
    foreign = [p.name for p in folder.iterdir() if p.name != layout.MARKER]
    if foreign:
        raise KnownError("同期フォルダには空のフォルダを選んでください: {path}",
                         hint="中にほかのファイルがあります({name} など)。", path=folder, name=foreign[0])
    made_marker = not layout.is_sync_folder(folder)
    with write_session(database) as session:
        _require_not_configured(session)
        local = _new_setting(session, folder=folder, device=device_hex(session), name=name,
                             keys={1: pairing.new_sync_key()}, start_from_snapshot=False)
        try:
            become_register_keeper(session, device_name=name)
            session.flush()
            layout.make_sync_folder(folder)
            write_device_files(database, local)
            write_snapshot(session, local)
            setting = require_setting(session)
            setting.sent_sequence = own_sequence(session, local.device)
            session.commit()
        except BaseException:
            session.rollback()
            _undo_files(local, marker=made_marker)
            raise
    with session_scope(database, write=False) as session:
        return sync_status(session=session)


def create_pairing_code(database: Database) -> str:
    """A one-time pairing code (shown once, valid 24 hours) for another device to join;
    a fresh snapshot is written for it to start from."""
    local = read_local(database)
    layout.require_folder(local.folder)
    code = pairing.new_code()
    offer = pairing.make_offer(code=code, keys=local.keys, inviter=local.device, now=utcnow())
    own = local.own
    own.make()
    own.write_json(own.pairing / f"{offer['offer']}.json", offer)
    with write_session(database) as session:
        write_snapshot(session, local)
        session.commit()
    return code


def _require_empty_data(session: Session) -> None:
    """A computer joins with a new data folder: it starts from the folder's snapshot,
    which cannot be laid over records (and a second register) of its own."""
    from companion.services.open_export import exported_tables

    connection = session.connection()
    for table in exported_tables():
        if connection.execute(sa.select(sa.literal(1)).select_from(table).limit(1)).first():
            raise KnownError("この端末のデータフォルダには既に記録があります。同期に参加できるのは新しい(空の)データフォルダです。",
                             hint="記録を移すには、この端末で書き出し(export-all)てから、新しいデータフォルダで参加して取り込んでください。")


def _join(database: Database, *, folder: Path, device_name: str, keys: pairing.Keys,
          paired_with: dict[str, Any] | None) -> SyncStatus:
    name = _check_name(device_name)
    with write_session(database) as session:
        _require_not_configured(session)
        _require_empty_data(session)
        local = _new_setting(session, folder=folder, device=device_hex(session), name=name,
                             keys=keys, start_from_snapshot=True)
        try:
            write_device_files(database, local, paired_with=paired_with)
            session.commit()
        except BaseException:
            session.rollback()
            _undo_files(local, marker=False)
            raise
    # Start from the newest snapshot now, before anything is written here (it is in
    # the folder with the offer); if it has not arrived yet, the first sync loads it.
    state = Round(local=local)
    discover_peers(database, state)
    load_newest_snapshot(database, state)
    with session_scope(database, write=False) as session:
        return sync_status(session=session)


def _require_sync_folder(database: Database, folder: Path) -> Path:
    folder = _check_folder(database, folder)
    if not layout.is_sync_folder(folder):
        raise KnownError("同期フォルダではありません(companion-sync.json がありません): {path}",
                         hint="最初の端末で同期を設定したフォルダを選んでください。", path=folder)
    return folder


def join_with_code(database: Database, *, folder: Path, code: str,
                   device_name: str) -> SyncStatus:
    """Join the devices syncing through ``folder`` with the pairing code shown on one of
    them. A wrong, expired or used code says so and changes nothing."""
    normalised = pairing.normalise_code(code)
    _check_name(device_name)
    folder = _require_sync_folder(database, folder)
    with session_scope(database, write=False) as session:
        _require_not_configured(session)
        _require_empty_data(session)
    now = utcnow()
    for device in layout.device_ids(folder):
        found = layout.device_folder(folder, device)
        used = layout.read_json(found.device_file) or {}
        proof = used.get("paired_with")
        if isinstance(proof, dict) and pairing.code_matches(proof, normalised):
            raise KnownError("このペアリングコードは既に使われています。",
                             hint="もう一方の端末で新しいペアリングコードを表示してください。")
    for device in layout.device_ids(folder):
        for _offer, path in layout.device_folder(folder, device).offer_files():
            document = layout.read_json(path)
            if document is None or not pairing.code_matches(document, normalised):
                continue
            if pairing.offer_expired(document, now):
                raise KnownError("このペアリングコードは有効期限(24時間)が切れています。",
                                 hint="もう一方の端末で新しいペアリングコードを表示してください。")
            keys = pairing.open_offer(document, normalised)
            return _join(database, folder=folder, device_name=device_name, keys=keys,
                         paired_with=pairing.pairing_proof(document))
    raise KnownError("ペアリングコードが違います。",
                     hint="もう一方の端末に表示されたコードを確かめてください(有効期限は 24 時間)。")


def join_with_recovery(database: Database, *, folder: Path, passphrase: str,
                       device_name: str) -> SyncStatus:
    """Join with the recovery passphrase of a device already in the folder (a new
    computer after one was lost: no other device is at hand to show a code)."""
    _check_name(device_name)
    folder = _require_sync_folder(database, folder)
    with session_scope(database, write=False) as session:
        _require_not_configured(session)
        _require_empty_data(session)
    best: pairing.Keys | None = None
    tried = False
    for device in layout.device_ids(folder):
        document = layout.read_json(layout.device_folder(folder, device).recovery_file)
        if document is None:
            continue
        tried = True
        try:
            keys = pairing.open_recovery(document, passphrase)
        except KnownError:
            continue
        if best is None or max(keys) > max(best):
            best = keys
    if best is None:
        if not tried:
            raise KnownError("同期フォルダに回復用のファイル(recovery.json)がありません: {path}",
                             hint="同期フォルダが最後まで同期されているか確かめてください。", path=folder)
        raise KnownError("復旧用パスフレーズが違います。", hint="もう一度入力してください。")
    return _join(database, folder=folder, device_name=device_name, keys=best, paired_with=None)
