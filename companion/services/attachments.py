"""Attachments: files linked to visits or engagements, stored once, encrypted.

A file is hashed (SHA-256 of its content), encrypted with a key derived from the data
key, and stored under a keyed name derived from that hash; attaching the same file
again links the stored copy instead of writing another.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session, select

from companion.atomic import fsync_directory
from companion.db.database import Database
from companion.db.models import Attachment
from companion.errors import KnownError, ValidationError
from companion.security.file_crypto import (
    ByteSink,
    blob_name,
    decrypt_file,
    derive_key,
    encrypt_stream,
)

MAX_ATTACHMENT_BYTES = 200 * 1024 * 1024


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
            raise KnownError(f"添付ファイルを保存できません: {source.name} ({exc.strerror})") from exc
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
            raise ValidationError(f"ファイルではありません: {source.name}", field="attachment")
        with open(source, "rb"):
            pass
    except FileNotFoundError:
        raise ValidationError(f"ファイルが見つかりません: {source.name}", field="attachment") from None
    except PermissionError:
        raise ValidationError(f"ファイルを読めません(権限がありません): {source.name}",
                              field="attachment") from None
    if size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            f"ファイルが大きすぎます: {source.name}({size / 1024 / 1024:.0f} MB、上限 200 MB)",
            field="attachment",
        )
    return size


def attach_file(*, session: Session, store: AttachmentStore, source: Path,
                visit_id: uuid.UUID | None = None,
                engagement_id: uuid.UUID | None = None) -> Attachment:
    """Link a file to a visit or an engagement (one transaction)."""
    if (visit_id is None) == (engagement_id is None):
        raise ValidationError("添付先(訪問記録か案件)を一つ指定してください。", field="attachment")
    sha, size = store.put(source)
    attachment = Attachment(
        sha256=sha, file_name=source.name, size_bytes=size,
        media_type=mimetypes.guess_type(source.name)[0] or "application/octet-stream",
        visit_id=visit_id, engagement_id=engagement_id,
    )
    session.add(attachment)
    session.commit()
    return attachment


def stored_hashes(*, session: Session) -> list[str]:
    return list(session.exec(select(Attachment.sha256).distinct()).all())
