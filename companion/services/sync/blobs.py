"""Attachments travel by hash: each is sealed once into a device's ``blobs/`` under a
name derived from the sync key (so the folder does not show the hash), fetched by every
device whose rows name it and checked against its hash, streamed through a work file in
the data folder (an attachment may be 200 MB).
"""

from __future__ import annotations

import hashlib
import logging
from typing import BinaryIO

from sqlmodel import select

from companion.atomic import write_error
from companion.db.database import Database
from companion.db.models import Attachment
from companion.errors import KnownError, Message
from companion.security.file_crypto import blob_name, decrypt_stream, derive_key, encrypt_stream
from companion.services.attachments import AttachmentStore
from companion.services.session import session_scope
from companion.services.sync import folder as layout
from companion.services.sync.local_state import (
    Local,
    Round,
)

log = logging.getLogger("companion.sync")


def _blob_keys(key: bytes) -> tuple[bytes, bytes]:
    return (derive_key(key, b"companion sync blobs v1"),
            derive_key(key, b"companion sync blob names v1"))


def _wanted_hashes(database: Database) -> set[str]:
    with session_scope(database, write=False) as session:
        return set(session.exec(select(Attachment.sha256).distinct()).all())


def receive_blobs(database: Database, state: Round, store: AttachmentStore) -> None:
    """Attachments named by rows here but not stored here yet: from any device's blobs/."""
    local = state.local
    missing = [sha for sha in sorted(_wanted_hashes(database))
               if not store.blob_path(sha).is_file()]
    if not missing:
        return
    devices = [d for d in layout.device_ids(local.folder) if d != local.device]
    present = {d: layout.device_folder(local.folder, d).blob_names() for d in devices}
    for sha in missing:
        if not _fetch_blob(database, state, store, sha, devices, present):
            state.wait(Message("添付ファイル {name} の到着を待っています", name=f"{sha[:12]}…"))


def _fetch_blob(database: Database, state: Round, store: AttachmentStore, sha: str,
                devices: list[str], present: dict[str, set[str]]) -> bool:
    for key in state.local.keys.values():
        content_key, name_key = _blob_keys(key)
        name = blob_name(name_key, sha)
        for device in devices:
            if name not in present[device]:
                continue
            source = layout.device_folder(state.local.folder, device).blob_file(name)
            target = database.paths.staging_file(f"sync-{sha[:16]}")
            try:
                digest = hashlib.sha256()
                with open(source, "rb") as sealed, open(target, "wb") as plain:
                    for chunk in decrypt_stream(content_key, sealed):
                        digest.update(chunk)
                        plain.write(chunk)
                if digest.hexdigest() != sha:
                    state.refuse(state.where(source))
                    continue
                store.put(target)
                return True
            except KnownError:
                continue  # still arriving, or not sealed with this key: next time
            except OSError as exc:
                log.info("cannot read %s yet: %s", source, exc)
                continue
            finally:
                target.unlink(missing_ok=True)
    return False


def send_blobs(database: Database, local: Local, store: AttachmentStore) -> None:
    """Attachments this device holds that no device's blobs/ holds yet (under any key
    generation), once by hash."""
    hashes = _wanted_hashes(database)
    if not hashes:
        return
    content_key, name_key = _blob_keys(local.key)
    name_keys = [_blob_keys(key)[1] for key in local.keys.values()]
    present: set[str] = set()
    for device in layout.device_ids(local.folder):
        present |= layout.device_folder(local.folder, device).blob_names()
    own = local.own
    for sha in sorted(hashes):
        if any(blob_name(key, sha) in present for key in name_keys):
            continue
        if not store.blob_path(sha).is_file():
            continue  # not here either: it arrives from another device, or never
        # Streamed through a work file in the data folder: an attachment may be 200 MB.
        plain = database.paths.staging_file(f"sync-out-{sha[:16]}")
        try:
            with open(plain, "wb") as handle:
                store.read_into(sha, handle)
            with open(plain, "rb") as source:
                def seal_into(target: BinaryIO, source: BinaryIO = source) -> None:
                    encrypt_stream(content_key, source, target)

                own.write_stream(own.blob_file(blob_name(name_key, sha)), seal_into)
        except OSError as exc:
            raise write_error(plain, exc) from exc
        finally:
            plain.unlink(missing_ok=True)
