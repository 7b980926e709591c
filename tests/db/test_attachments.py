"""Attachments are stored once, encrypted, and checked by ``companion check``."""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from companion_testing.factories import add_engagement, add_visit
from sqlalchemy import event
from sqlmodel import col, select

from companion.db.models import Attachment, ChangeLog
from companion.domain.enums import ChangeOperation
from companion.errors import KnownError, ValidationError
from companion.paths import DataPaths
from companion.services import attachments
from companion.services.attachments import add_visit_attachment, attach_file, store_for
from companion.services.health import check_database
from companion.services.session import session_scope
from companion.services.storage import open_data_folder

PASSPHRASE = "りんご畑の見える事務所"


@pytest.fixture
def opened(data_paths: DataPaths):  # type: ignore[no-untyped-def]
    opened = open_data_folder(data_paths, ask=lambda _p: PASSPHRASE, create=True)
    yield opened
    opened.db.close()


def _photo(tmp_path: Path, name: str = "試作品の写真.jpg") -> Path:
    path = tmp_path / name
    path.write_bytes(b"\xff\xd8\xff\xe0" + "新しい羊羹のパッケージ案".encode() * 5000)
    return path


def test_same_file_attached_twice_is_stored_once_and_encrypted(opened, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    photo = _photo(tmp_path)
    store = store_for(opened.db)
    with session_scope(opened.db) as session:
        visit = add_visit(session, add_engagement(session), notes="試作品を確認")
        session.commit()
        first = attach_file(session=session, store=store, source=photo, visit_id=visit.id)
        second = attach_file(session=session, store=store, source=photo, visit_id=visit.id)
        assert len(session.exec(select(Attachment)).all()) == 2
    blobs = [p for p in opened.db.paths.attachments.rglob("*") if p.is_file()]
    assert len(blobs) == 1 and first.sha256 == second.sha256
    assert "羊羹".encode() not in blobs[0].read_bytes()
    restored = io.BytesIO()
    store.read_into(first.sha256, restored)
    assert restored.getvalue() == photo.read_bytes()


def test_check_finds_a_missing_or_altered_attachment(opened, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = store_for(opened.db)
    with session_scope(opened.db) as session:
        engagement = add_engagement(session)
        session.commit()
        attachment = attach_file(session=session, store=store, source=_photo(tmp_path),
                                 engagement_id=engagement.id)
    assert check_database(opened.db).ok
    blob = store.blob_path(attachment.sha256)
    content = bytearray(blob.read_bytes())
    content[100] ^= 1
    blob.write_bytes(bytes(content))
    report = check_database(opened.db)
    assert any("試作品の写真.jpg" in p and "改変" in p for p in report.problems)
    blob.unlink()
    assert any("見つかりません" in p for p in check_database(opened.db).problems)


def test_bad_files_are_refused_with_a_clear_message(opened, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    store = store_for(opened.db)
    with session_scope(opened.db) as session:
        engagement = add_engagement(session)
        session.commit()
        with pytest.raises(ValidationError, match="見つかりません"):
            attach_file(session=session, store=store, source=tmp_path / "ない.pdf",
                        engagement_id=engagement.id)
        monkeypatch.setattr(attachments, "MAX_ATTACHMENT_BYTES", 10)
        with pytest.raises(ValidationError, match="大きすぎます"):
            attach_file(session=session, store=store, source=_photo(tmp_path),
                        engagement_id=engagement.id)
        assert session.exec(select(Attachment)).all() == []
    assert not any(p.is_file() for p in opened.db.paths.attachments.rglob("*"))


def test_truncated_blob_is_detected(opened, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    big = tmp_path / "見積書.pdf"
    big.write_bytes(b"%PDF" + bytes(3 * 1024 * 1024))
    store = store_for(opened.db)
    sha, _size = store.put(big)
    blob = store.blob_path(sha)
    blob.write_bytes(blob.read_bytes()[: 1024 * 1024 + 40])  # drop the last chunks
    with pytest.raises(KnownError, match="改変"):
        store.read_into(sha, io.BytesIO())


def test_attaching_to_a_visit_is_one_transaction_with_one_commit(opened, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # A decomposed (macOS) name is stored composed in the same commit, not renamed later.
    photo = _photo(tmp_path, unicodedata.normalize("NFD", "ガイドブック.jpg"))
    with session_scope(opened.db) as session:
        visit = add_visit(session, add_engagement(session), notes="パンフレットを確認")
        session.commit()
        commits: list[object] = []
        event.listen(session, "after_commit", commits.append)
        info = add_visit_attachment(session=session, database=opened.db, visit_id=visit.id,
                                    source=photo)
        assert len(commits) == 1
        logged = session.exec(select(ChangeLog).where(ChangeLog.entity == "attachment")).all()
    assert [e.operation for e in logged] == [ChangeOperation.CREATE]
    assert info.file_name == "ガイドブック.jpg" and f'"{info.file_name}"' in (logged[0].after or "")


def test_a_failure_after_the_file_is_stored_leaves_no_attachment_row(opened, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    photo = _photo(tmp_path)
    with session_scope(opened.db) as session:
        visit = add_visit(session, add_engagement(session), notes="試作品を確認")
        session.commit()
        visit_id = visit.id

    def refuse(session: Any, _context: Any, _instances: Any) -> None:
        if any(isinstance(obj, Attachment) for obj in session.new):
            raise RuntimeError("the database refused the row")

    with session_scope(opened.db) as session:
        event.listen(session, "before_flush", refuse)
        with pytest.raises(RuntimeError, match="refused"):
            add_visit_attachment(session=session, database=opened.db, visit_id=visit_id,
                                 source=photo)
    assert [p for p in opened.db.paths.attachments.rglob("*") if p.is_file()]  # it was stored
    with session_scope(opened.db, write=False) as session:
        assert session.exec(select(Attachment)).all() == []
        assert session.exec(select(ChangeLog).where(ChangeLog.entity == "attachment")).all() == []
    with session_scope(opened.db) as session:  # trying again links the stored copy
        again = add_visit_attachment(session=session, database=opened.db, visit_id=visit_id,
                                     source=photo)
        assert session.exec(select(col(Attachment.id))).all() == [again.id]
    assert len([p for p in opened.db.paths.attachments.rglob("*") if p.is_file()]) == 1
