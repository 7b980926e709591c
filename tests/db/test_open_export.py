"""export-all / import-all (docs/data-export-format.md) and the whole visit records of
``list visits --json``: the data goes out in the open and comes back the same."""

from __future__ import annotations

import errno
import hashlib
import io
import json
import re
import stat
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from companion_testing.factories import add_engagement, add_visit
from sqlmodel import select

from companion.db.database import Database
from companion.db.models import Attachment, ChangeLog, Visit, VisitAction
from companion.domain.enums import Owner
from companion.errors import KnownError, NotFoundError
from companion.paths import DataPaths
from companion.services import open_export
from companion.services.attachments import attach_file, store_for
from companion.services.demo import generate_demo
from companion.services.engagements import list_visits, visit_records
from companion.services.health import check_database
from companion.services.open_export import export_all, exported_tables
from companion.services.open_import import import_all, read_export, require_empty_folder
from companion.services.session import session_scope
from companion.services.storage import OpenedData, open_data_folder

PASSPHRASE = "りんご畑の見える事務所"
TODAY = date(2026, 11, 20)
PHOTO = b"\xff\xd8\xff\xe0" + "新しい羊羹のパッケージ案".encode() * 3000


def _open(paths: DataPaths) -> OpenedData:
    return open_data_folder(paths, ask=lambda _purpose: PASSPHRASE, create=True)


@pytest.fixture
def source(data_paths: DataPaths) -> Iterator[Database]:
    opened = _open(data_paths)
    yield opened.db
    opened.db.close()


def _attach(db: Database, tmp_path: Path, visit_id: uuid.UUID, name: str,
            content: bytes = PHOTO) -> Attachment:
    folder = tmp_path / "files" / uuid.uuid4().hex
    folder.mkdir(parents=True)
    (folder / name).write_bytes(content)
    with session_scope(db) as session:
        return attach_file(session=session, store=store_for(db), source=folder / name,
                           visit_id=visit_id)


def _small(db: Database, tmp_path: Path) -> uuid.UUID:
    """One engagement, one visit with a next action and an attached photo."""
    with session_scope(db) as session:
        engagement = add_engagement(session)
        visit = add_visit(session, engagement, notes="試作品を確認した。", purpose="試作の確認")
        visit.strengths, visit.issues, visit.decisions = "職人の腕", "原価が高い", "価格を見直す"
        session.add(VisitAction(visit_id=visit.id, text="原価表をつくる", owner=Owner.BUSINESS))
        session.commit()
        visit_id = visit.id
    _attach(db, tmp_path, visit_id, "試作品の写真.jpg")
    return visit_id


def _export(db: Database, out: Path) -> open_export.ExportResult:
    with session_scope(db, write=False) as session:
        return export_all(session=session, database=db, out=out)


def _import(paths: DataPaths, folder: Path) -> tuple[Database, object]:
    checked = read_export(folder)
    require_empty_folder(paths)
    db = _open(paths).db
    with session_scope(db) as session:
        result = import_all(session=session, database=db, export=checked)
    return db, result


def _counts(db: Database) -> dict[str, int]:
    with db.engine.connect() as connection:
        return {table.name: connection.execute(
            sa.select(sa.func.count()).select_from(table)).scalar_one()
            for table in exported_tables()}


def _head(db: Database) -> str:
    with db.engine.connect() as connection:
        return str(connection.exec_driver_sql(
            "SELECT entry_hash FROM logentry ORDER BY seq DESC LIMIT 1").scalar_one())


def _rewrite(folder: Path, table: str, lines: list[str]) -> None:
    """Replace a table file and update the manifest to match (a consistent edit)."""
    data = "".join(line + "\n" for line in lines).encode()
    (folder / f"{table}.jsonl").write_bytes(data)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest["tables"]:
        if entry["table"] == table:
            entry.update(rows=len(lines), bytes=len(data), sha256=hashlib.sha256(data).hexdigest())
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")


# -- the round trip ------------------------------------------------------------------------

def test_demo_data_exported_and_imported_is_the_same_data(source: Database, tmp_path: Path) -> None:
    with session_scope(source) as session:
        generate_demo(session=session, size="small", today=TODAY)
    with session_scope(source, write=False) as session:
        visit_id = session.exec(select(Visit.id).limit(1)).one()
    first = _attach(source, tmp_path, visit_id, "試作品の写真.jpg")
    _attach(source, tmp_path, visit_id, "見積書 (改訂).pdf", b"%PDF-1.7 " + bytes(range(256)) * 50)
    exported = _export(source, tmp_path / "export")
    assert exported.tables == _counts(source) and exported.attachments == 2

    target = DataPaths(tmp_path / "imported")
    imported, _result = _import(target, tmp_path / "export")
    try:
        assert _counts(imported) == _counts(source)
        assert _head(imported) == _head(source)
        report = check_database(imported)
        assert report.ok, report.problems
        restored = io.BytesIO()
        store_for(imported).read_into(first.sha256, restored)
        assert restored.getvalue() == PHOTO
        # exported again, every table file is byte for byte what the first export wrote
        _export(imported, tmp_path / "again")
        for table in exported_tables():
            name = f"{table.name}.jsonl"
            assert (tmp_path / "again" / name).read_bytes() == (tmp_path / "export" / name).read_bytes()
    finally:
        imported.close()


def test_the_import_adds_nothing_to_the_change_log(source: Database, tmp_path: Path) -> None:
    _small(source, tmp_path)
    _export(source, tmp_path / "export")
    imported, _ = _import(DataPaths(tmp_path / "imported"), tmp_path / "export")
    try:
        with session_scope(source, write=False) as session:
            before = sorted(str(c.id) for c in session.exec(select(ChangeLog)))
        with session_scope(imported, write=False) as session:
            after = sorted(str(c.id) for c in session.exec(select(ChangeLog)))
        assert after == before
    finally:
        imported.close()


# -- what the export looks like ---------------------------------------------------------------

def test_export_is_plain_json_lines_in_key_order_with_the_original_files(
        source: Database, tmp_path: Path) -> None:
    visit_id = _small(source, tmp_path)
    _attach(source, tmp_path, visit_id, "copy.jpg")  # the same content under another name
    out = tmp_path / "export"
    result = _export(source, out)
    assert result.folder == out.resolve() and result.tables["visit"] == 1
    visit = json.loads((out / "visit.jsonl").read_text(encoding="utf-8"))
    assert visit["id"] == str(visit_id) and visit["mode"] == "訪問"
    assert visit["started_at"] == "2025-06-12T01:00:00.000000+00:00"
    assert visit["strengths"] == "職人の腕" and visit["is_draft"] is False
    changes = [json.loads(line) for line in (out / "changelog.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [c["id"] for c in changes] == sorted(c["id"] for c in changes)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    paths = sorted(entry["path"] for entry in manifest["attachments"])
    sha = hashlib.sha256(PHOTO).hexdigest()
    assert paths == [f"attachments/{sha[:12]}-copy.jpg", f"attachments/{sha[:12]}-試作品の写真.jpg"]
    assert all((out / path).read_bytes() == PHOTO for path in paths)
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert readme.index("すべての記録") < readme.index("Every record")
    sums = dict(reversed(line.split("  ", 1)) for line in (out / "SHA256SUMS").read_text(encoding="utf-8").splitlines())
    assert all(hashlib.sha256((out / name).read_bytes()).hexdigest() == digest
               for name, digest in sums.items())
    assert set(sums) >= {"manifest.json", "README.md", "visit.jsonl", *paths}


def test_no_private_key_is_ever_written(source: Database, tmp_path: Path) -> None:
    from companion.services.register import current_signing_key, rotate_signing_key

    with session_scope(source) as session:
        current_signing_key(session=session)
        session.commit()
        rotate_signing_key(session=session)
    out = tmp_path / "export"
    _export(source, out)
    for path in out.rglob("*"):
        if path.is_file():
            assert b"PRIVATE KEY" not in path.read_bytes(), path
    keys = [json.loads(line) for line in (out / "signingkey.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(keys) == 2 and all("private_pem" not in key and key["public_pem"] for key in keys)
    logged = [json.loads(line) for line in (out / "changelog.jsonl").read_text(encoding="utf-8").splitlines()]
    states = [json.loads(c[k]) for c in logged if c["entity"] == "signingkey"
              for k in ("before", "after") if c[k]]
    assert len(states) >= 3 and all("private_pem" not in s and "fingerprint" in s for s in states)


def test_files_are_0600_and_folders_0700(source: Database, tmp_path: Path) -> None:
    _small(source, tmp_path)
    out = tmp_path / "export"
    _export(source, out)
    for path in [out, *out.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), (path, oct(mode))


def test_export_refuses_the_data_folder_a_file_or_a_folder_with_something_in_it(
        source: Database, tmp_path: Path) -> None:
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "keep.txt").write_text("mine")
    (tmp_path / "a-file").write_text("x")
    for out, words in ((source.paths.root / "export", "データフォルダの中"),
                       (source.paths.root, "データフォルダの中"),
                       (busy, "空ではありません"), (tmp_path / "a-file", "フォルダではありません"),
                       (tmp_path / "no" / "such", "保存先のフォルダがありません")):
        with pytest.raises(KnownError, match=words):
            _export(source, out)
    assert [p.name for p in busy.iterdir()] == ["keep.txt"]
    assert not (source.paths.root / "export").exists()


def test_an_empty_folder_is_filled_and_a_failed_export_leaves_nothing(
        source: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _small(source, tmp_path)
    empty = tmp_path / "empty"
    empty.mkdir()
    assert _export(source, empty).tables["visit"] == 1 and (empty / "manifest.json").is_file()

    def full_disk(_tables: object) -> str:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(open_export, "readme", full_disk)
    with pytest.raises(KnownError, match="ディスクの空き容量が足りません"):
        _export(source, tmp_path / "failed")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["data", "empty", "files"])


def test_the_folder_of_a_killed_export_is_removed_by_the_next_one(
        source: Database, tmp_path: Path) -> None:
    stale = tmp_path / "export.999999999.partial"
    stale.mkdir()
    (stale / "visit.jsonl").write_text("{}\n")
    _export(source, tmp_path / "export")
    assert not stale.exists() and (tmp_path / "export" / "manifest.json").is_file()


# -- what the import refuses --------------------------------------------------------------------

@pytest.fixture
def exported(source: Database, tmp_path: Path) -> Path:
    _small(source, tmp_path)
    _export(source, tmp_path / "export")
    return tmp_path / "export"


@pytest.mark.parametrize(("table", "line", "message"), [
    ("visit", '{"id": ', "visit.jsonl の 1 行目を JSON として読めません"),
    ("visit", "[1, 2]", "visit.jsonl の 1 行目を JSON として読めません"),
    ("client", "[" * 100_000 + "]" * 100_000, "client.jsonl の 1 行目を JSON として読めません"),
    ("visit", '{"id": "x"}', "visit.jsonl の 1 行目: 列が表と一致しません"),
])
def test_a_bad_line_is_named_by_file_and_line(exported: Path, table: str, line: str,
                                              message: str) -> None:
    _rewrite(exported, table, [line])
    with pytest.raises(KnownError, match=message):
        read_export(exported)


@pytest.mark.parametrize(("column", "value", "words"), [
    ("started_at", "2025-06-12T01:00:00", "started_at の値が正しくありません"),  # no offset
    ("mode", "散歩", "mode の値が正しくありません"),
    ("engagement_id", 12, "engagement_id の値が正しくありません"),
    ("distance_km", "12km", "distance_km の値が正しくありません"),
    ("is_draft", 0, "is_draft の値が正しくありません"),
    ("notes", None, "notes の値が正しくありません"),
])
def test_a_value_of_the_wrong_type_is_named(exported: Path, column: str, value: object,
                                            words: str) -> None:
    row = json.loads((exported / "visit.jsonl").read_text(encoding="utf-8"))
    row[column] = value
    _rewrite(exported, "visit", [json.dumps(row, ensure_ascii=False)])
    with pytest.raises(KnownError, match=f"visit.jsonl の 1 行目: {words}"):
        read_export(exported)


def test_edited_unknown_missing_or_oversized_files_are_refused(
        exported: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (exported / "notes.jsonl").write_text("")
    with pytest.raises(KnownError, match="知らない表は取り込めません: notes"):
        read_export(exported)
    (exported / "notes.jsonl").unlink()
    with (exported / "visit.jsonl").open("a", encoding="utf-8") as handle:
        handle.write("\n")
    with pytest.raises(KnownError, match=re.escape("visit.jsonl の 2 行目を JSON として読めません")):
        read_export(exported)
    text = (exported / "client.jsonl").read_text(encoding="utf-8")
    (exported / "client.jsonl").write_text(text.replace("やまなか", "やまなが"), encoding="utf-8")
    with pytest.raises(KnownError, match=re.escape("client.jsonl の内容が manifest.json の SHA-256 と一致しません")):
        read_export(exported)
    (exported / "client.jsonl").write_text(text, encoding="utf-8")
    from companion.services import open_import

    monkeypatch.setattr(open_import, "MAX_LINE_BYTES", 100)
    with pytest.raises(KnownError, match="の 1 行目が長すぎます"):
        read_export(exported)
    monkeypatch.undo()
    (exported / "sponsor.jsonl").unlink()
    with pytest.raises(KnownError, match=re.escape("表のファイルがありません: sponsor.jsonl")):
        read_export(exported)


def test_an_attachment_must_be_inside_the_export_and_match_its_hash(exported: Path) -> None:
    manifest_file = exported / "manifest.json"
    manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
    path = exported / manifest["attachments"][0]["path"]
    path.write_bytes(b"something else")
    with pytest.raises(KnownError, match="添付ファイルの内容が記録と一致しません"):
        read_export(exported)
    manifest["attachments"][0]["path"] = "../../data/companion.db"
    manifest_file.write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(KnownError, match="添付ファイルの場所が正しくありません"):
        read_export(exported)


def test_not_an_export_or_another_schema_is_refused(exported: Path, tmp_path: Path) -> None:
    with pytest.raises(KnownError, match=re.escape("manifest.json がありません")):
        read_export(tmp_path)
    manifest = json.loads((exported / "manifest.json").read_text(encoding="utf-8"))
    manifest["schema_revision"] = "9999"
    (exported / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(KnownError, match="スキーマ 9999"):
        read_export(exported)


def test_a_data_folder_with_records_or_other_files_is_refused(
        source: Database, exported: Path, tmp_path: Path) -> None:
    require_empty_folder(source.paths)  # it has a database: its records are checked below
    checked = read_export(exported)
    before = _counts(source)
    with session_scope(source) as session, pytest.raises(
            KnownError, match="取り込み先のデータフォルダが空ではありません"):
        import_all(session=session, database=source, export=checked)
    assert _counts(source) == before
    documents = tmp_path / "documents"
    documents.mkdir()
    (documents / "letter.docx").write_bytes(b"x")
    with pytest.raises(KnownError, match="空ではありません"):
        require_empty_folder(DataPaths(documents))
    require_empty_folder(DataPaths(tmp_path / "new"))  # missing: fine


def test_a_broken_reference_rolls_everything_back(exported: Path, tmp_path: Path) -> None:
    _rewrite(exported, "client", [])  # the engagement's client is gone
    checked = read_export(exported)
    target = DataPaths(tmp_path / "imported")
    db = _open(target).db
    try:
        with session_scope(db) as session, pytest.raises(
                KnownError, match=re.escape("engagement.jsonl の行が参照する client の記録がありません")):
            import_all(session=session, database=db, export=checked)
        assert set(_counts(db).values()) == {0}
        assert not [p for p in target.attachments.rglob("*") if p.is_file()]
        require_empty_folder(target)  # still empty: a corrected export can go in
    finally:
        db.close()


# -- the whole visit records (list visits --json) ------------------------------------------------

def test_visit_records_have_everything_written_in_the_visit(source: Database, tmp_path: Path) -> None:
    visit_id = _small(source, tmp_path)
    with session_scope(source, write=False) as session:
        engagement_id = session.exec(select(Visit.engagement_id)).one()
        records = visit_records(session=session, engagement_id=engagement_id)
        lines = list_visits(session=session, engagement_id=engagement_id)
        with pytest.raises(NotFoundError, match="案件が見つかりません"):
            visit_records(session=session, engagement_id=uuid.uuid4())
    assert [r.id for r in records] == [line.id for line in lines] == [visit_id]
    record = records[0]
    assert (record.notes, record.strengths, record.issues, record.decisions) == (
        "試作品を確認した。", "職人の腕", "原価が高い", "価格を見直す")
    assert (record.place, record.attendees, record.purpose) == ("蔵の事務所", "山中社長、専務", "試作の確認")
    assert [(a.text, a.owner) for a in record.next_actions] == [("原価表をつくる", Owner.BUSINESS)]
    assert [(a.file_name, a.sha256) for a in record.attachments] == [
        ("試作品の写真.jpg", hashlib.sha256(PHOTO).hexdigest())]
