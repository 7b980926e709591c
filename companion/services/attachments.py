"""Attachments: files linked to visits or engagements, stored once, encrypted.

A file is hashed (SHA-256 of its content), encrypted with a key derived from the data
key, and stored under a keyed name derived from that hash; attaching the same file
again links the stored copy instead of writing another. This module alone writes,
reads and links the stored files: visits and engagements call it.

Each use case here is one transaction with one commit; ``delete_visit_links`` is a
helper that joins its caller's transaction.
"""

from __future__ import annotations

import hashlib
import io
import logging
import mimetypes
import os
import re
import shutil
import time
import unicodedata
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session, col, select

from companion.atomic import fsync_directory
from companion.db.database import Database
from companion.db.models import Attachment, Visit
from companion.errors import KnownError, NotFoundError, ValidationError
from companion.security.file_crypto import (
    ByteSink,
    blob_name,
    decrypt_file,
    derive_key,
    encrypt_stream,
)

log = logging.getLogger("companion.services.attachments")

MAX_ATTACHMENT_BYTES = 200 * 1024 * 1024
THUMBNAIL_MAX_BYTES = 30 * 1024 * 1024  # images larger than this get an icon, not a thumbnail
TEMP_MAX_AGE_SECONDS = 24 * 3600
TEMP_FOLDER = "tmp"


@dataclass(frozen=True)
class AttachmentStore:
    """The encrypted blob folder of one data folder."""

    folder: Path
    data_key: bytes

    @property
    def _content_key(self) -> bytes:
        return derive_key(self.data_key, b"companion attachments v1")

    @property
    def _name_key(self) -> bytes:
        return derive_key(self.data_key, b"companion attachment names v1")

    def blob_path(self, sha256_hex: str) -> Path:
        name = blob_name(self._name_key, sha256_hex)
        return self.folder / name[:2] / name

    def put(self, source: Path) -> tuple[str, int]:
        """Store a file (once); returns its SHA-256 and size."""
        size = _checked_size(source)
        digest = hashlib.sha256()
        with open(source, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        sha = digest.hexdigest()
        target = self.blob_path(sha)
        if target.is_file():
            return sha, size
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".partial")
        try:
            with open(source, "rb") as plain, open(partial, "wb") as sealed:
                encrypt_stream(self._content_key, plain, sealed)
                sealed.flush()
                os.fsync(sealed.fileno())
            os.replace(partial, target)
            fsync_directory(target.parent)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise KnownError("添付ファイルを保存できません: {name} ({reason})", name=source.name, reason=exc.strerror) from exc
        return sha, size

    def read_into(self, sha256_hex: str, target: ByteSink) -> None:
        path = self.blob_path(sha256_hex)
        if not path.is_file():
            raise KnownError("添付ファイルの保存データが見つかりません。", hint="companion check で確認してください。")
        if decrypt_file(self._content_key, path, target) != sha256_hex:
            raise KnownError("添付ファイルの内容が記録と一致しません。")

    def problems(self, sha256_hex: str) -> str | None:
        """Why the stored copy of a file is not usable, or None when it is."""
        try:
            self.read_into(sha256_hex, _Discard())
        except KnownError as exc:
            return exc.message
        return None


def store_for(db: Database) -> AttachmentStore:
    if db.key is None:
        raise KnownError("暗号化されていないデータベースには添付ファイルを保存できません。")
    return AttachmentStore(db.paths.attachments, db.key)


class _Discard:
    def write(self, data: bytes) -> int:
        return len(data)


def _checked_size(source: Path) -> int:
    try:
        size = source.stat().st_size
        if not source.is_file():
            raise ValidationError("ファイルではありません: {name}", field="attachment", name=source.name)
        with open(source, "rb"):
            pass
    except FileNotFoundError:
        raise ValidationError("ファイルが見つかりません: {name}", field="attachment", name=source.name) from None
    except PermissionError:
        raise ValidationError("ファイルを読めません(権限がありません): {name}",
                              field="attachment", name=source.name) from None
    if size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            "ファイルが大きすぎます: {name}({size:.0f} MB、上限 200 MB)",
            field="attachment",
            name=source.name, size=size / 1024 / 1024,
        )
    return size


# --- linking files to visits and engagements ---------------------------------------------

@dataclass(frozen=True)
class AttachmentInfo:
    id: uuid.UUID
    visit_id: uuid.UUID | None
    file_name: str
    size_bytes: int
    media_type: str
    sha256: str

    @property
    def is_image(self) -> bool:
        return self.media_type.startswith("image/")


def _attachment_info(attachment: Attachment) -> AttachmentInfo:
    return AttachmentInfo(id=attachment.id, visit_id=attachment.visit_id,
                          file_name=attachment.file_name, size_bytes=attachment.size_bytes,
                          media_type=attachment.media_type, sha256=attachment.sha256)


def clean_file_name(name: str) -> str:
    """A file name in any script, composed (NFC, as macOS names are decomposed), without
    control characters; the original script is kept."""
    composed = unicodedata.normalize("NFC", name)
    cleaned = "".join(ch for ch in composed if unicodedata.category(ch)[0] != "C").strip()
    return cleaned or "添付ファイル"


def _store_and_link(session: Session, store: AttachmentStore, source: Path, *, file_name: str,
                    visit_id: uuid.UUID | None, engagement_id: uuid.UUID | None) -> Attachment:
    """Store the file (once) and add its link to the session; the caller commits."""
    sha, size = store.put(source)
    attachment = Attachment(
        sha256=sha, file_name=file_name, size_bytes=size,
        media_type=mimetypes.guess_type(source.name)[0] or "application/octet-stream",
        visit_id=visit_id, engagement_id=engagement_id,
    )
    session.add(attachment)
    return attachment


def attach_file(*, session: Session, store: AttachmentStore, source: Path,
                visit_id: uuid.UUID | None = None,
                engagement_id: uuid.UUID | None = None) -> Attachment:
    """Link a file to a visit or an engagement (one transaction)."""
    if (visit_id is None) == (engagement_id is None):
        raise ValidationError("添付先(訪問記録か案件)を一つ指定してください。", field="attachment")
    attachment = _store_and_link(session, store, source, file_name=source.name,
                                 visit_id=visit_id, engagement_id=engagement_id)
    session.commit()
    return attachment


def add_visit_attachment(*, session: Session, database: Database, visit_id: uuid.UUID,
                         source: Path) -> AttachmentInfo:
    """Attach a file (photo, PDF, spreadsheet …) to a visit or draft under its cleaned
    name (``clean_file_name``), in one transaction; the content is encrypted and stored
    once by its SHA-256, however often it is attached."""
    if session.get(Visit, visit_id) is None:
        raise ValidationError("添付先の訪問記録がまだ保存されていません。少し待ってからもう一度追加してください。",
                              field="attachment")
    if not source.name:
        raise ValidationError("ファイルを選んでください。", field="attachment")
    attachment = _store_and_link(session, store_for(database), source,
                                 file_name=clean_file_name(source.name), visit_id=visit_id,
                                 engagement_id=None)
    session.commit()
    return _attachment_info(attachment)


def visit_attachments(*, session: Session, visit_id: uuid.UUID) -> list[AttachmentInfo]:
    rows = session.exec(select(Attachment).where(Attachment.visit_id == visit_id)
                        .order_by(col(Attachment.created_at))).all()
    return [_attachment_info(a) for a in rows]


def _attachment(session: Session, attachment_id: uuid.UUID) -> Attachment:
    attachment = session.get(Attachment, attachment_id)
    if attachment is None:
        raise NotFoundError("添付ファイルが見つかりません。")
    return attachment


def remove_attachment(*, session: Session, attachment_id: uuid.UUID) -> None:
    """Unlink a file from its visit (the stored copy stays for other links and undo)."""
    session.delete(_attachment(session, attachment_id))
    session.commit()


def delete_visit_links(*, session: Session, visit_id: uuid.UUID) -> None:
    """Unlink every file of a visit within the caller's transaction (never commits); the
    stored copies stay for other links and undo."""
    for attachment in session.exec(select(Attachment).where(Attachment.visit_id == visit_id)):
        session.delete(attachment)


# --- reading and opening ----------------------------------------------------------------

def attachment_content(*, session: Session, database: Database, attachment_id: uuid.UUID,
                       max_bytes: int = THUMBNAIL_MAX_BYTES) -> bytes | None:
    """The decrypted content, in memory (for a thumbnail); None when larger than
    ``max_bytes``."""
    attachment = _attachment(session, attachment_id)
    if attachment.size_bytes > max_bytes:
        return None
    buffer = io.BytesIO()
    store_for(database).read_into(attachment.sha256, buffer)
    return buffer.getvalue()


def temp_folder(database: Database) -> Path:
    """Where opened attachments are decrypted: ``tmp`` in the data folder."""
    return database.paths.root / TEMP_FOLDER


_UNSAFE_NAME = re.compile(r'[<>:"/\\|?*]')


def clean_temp_folder(folder: Path, *, max_age_seconds: float = TEMP_MAX_AGE_SECONDS) -> int:
    """Delete decrypted copies older than ``max_age_seconds``; returns how many folders."""
    if not folder.is_dir():
        return 0
    removed = 0
    limit = time.time() - max_age_seconds
    for child in folder.iterdir():
        try:
            if child.stat().st_mtime < limit:
                if child.is_dir():
                    shutil.rmtree(child)
                else:
                    child.unlink()
                removed += 1
        except OSError as exc:  # still open in another program: next time
            log.info("cannot remove %s yet: %s", child, exc)
    return removed


def export_attachment(*, session: Session, database: Database,
                      attachment_id: uuid.UUID) -> Path:
    """Decrypt an attachment to a file of its own name in the data folder's tmp area, to
    open it with the OS's default application. Copies older than a day are removed."""
    attachment = _attachment(session, attachment_id)
    folder = temp_folder(database)
    clean_temp_folder(folder)
    name = _UNSAFE_NAME.sub("_", clean_file_name(attachment.file_name))
    target_folder = folder / uuid.uuid4().hex[:12]
    try:
        target_folder.mkdir(parents=True, exist_ok=True)
        target = target_folder / name
        with open(target, "wb") as handle:
            store_for(database).read_into(attachment.sha256, handle)
        os.chmod(target, 0o600)
    except OSError as exc:
        raise KnownError("添付ファイルを開けません: {file_name} ({reason})", file_name=attachment.file_name, reason=exc.strerror) from exc
    return target
