"""An attachment's content for a preview (a thumbnail), in two steps: a short read of
the database finds the stored copy (``preview_source``, on the database worker), and
the copy is decrypted afterwards without the database (``PreviewSource.read``, on the
window's second pool), so a dozen photos never hold up an autosave.
"""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass

from sqlmodel import Session

from companion.db.database import Database
from companion.db.models import Attachment
from companion.errors import NotFoundError
from companion.services.attachments import THUMBNAIL_MAX_BYTES, AttachmentStore, store_for


@dataclass(frozen=True)
class PreviewSource:
    """Where an attachment's encrypted copy is, and how to read it."""

    attachment_id: uuid.UUID
    sha256: str
    size_bytes: int
    store: AttachmentStore

    def read(self) -> bytes:
        """The decrypted content, in memory (a KnownError when the copy is missing or
        does not match its record)."""
        buffer = io.BytesIO()
        self.store.read_into(self.sha256, buffer)
        return buffer.getvalue()


def preview_source(*, session: Session, database: Database, attachment_id: uuid.UUID,
                   max_bytes: int = THUMBNAIL_MAX_BYTES) -> PreviewSource | None:
    """The stored copy of an attachment to preview; None when it is larger than
    ``max_bytes`` (it keeps its file icon)."""
    attachment = session.get(Attachment, attachment_id)
    if attachment is None:
        raise NotFoundError("添付ファイルが見つかりません。")
    if attachment.size_bytes > max_bytes:
        return None
    return PreviewSource(attachment_id=attachment.id, sha256=attachment.sha256,
                         size_bytes=attachment.size_bytes, store=store_for(database))
