"""``companion import-all``: a folder written by ``export-all`` back into an empty data
folder, as the same data (docs/data-export-format.md).

Everything is read and checked before the data folder is touched (``read_export``):
the manifest, every table file against its SHA-256 and row count, every line against
its table's columns and types, every attachment against its SHA-256, with bounds on
every size. Rows are then inserted as they were, with their ids and timestamps, in one
transaction through the connection (not the ORM), so the import adds nothing to the
change log beyond the entries it carries; a failure rolls all of it back and removes
the attachment copies it stored.
"""

from __future__ import annotations

import hashlib
import json
import math
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from companion.db.database import Database
from companion.db.migrate import head_revision
from companion.db.types import AwareDateTime
from companion.errors import KnownError
from companion.paths import DataPaths
from companion.services.attachments import MAX_ATTACHMENT_BYTES, store_for
from companion.services.open_export import (
    ATTACHMENTS,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    SECRET_COLUMNS,
    SUFFIX,
    exported_tables,
    table_file,
)

MAX_MANIFEST_BYTES = 64 * 1024 * 1024
MAX_TABLE_FILE_BYTES = 2 * 1024 * 1024 * 1024
MAX_LINE_BYTES = 16 * 1024 * 1024
_BATCH = 1000
_INT_RANGE = range(-(2**63), 2**63)
# What may be in a data folder that has no records yet (the folder lock, staging).
_HOUSEKEEPING = frozenset({".lock", ".staging"})


@dataclass(frozen=True)
class AttachmentFile:
    sha256: str
    path: Path


@dataclass(frozen=True)
class CheckedExport:
    """An export folder whose every file was read and found sound."""

    folder: Path
    tables: dict[str, tuple[int, str]]  # table -> (rows, SHA-256 of its file)
    files: dict[str, AttachmentFile]  # SHA-256 -> the file with that content
    missing_attachments: list[str]  # names of attachments the export could not include


@dataclass(frozen=True)
class ImportResult:
    folder: Path
    tables: dict[str, int]
    attachments: int
    register_head: str
    missing_attachments: list[str] = field(default_factory=list)


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.0f}"


def _read_manifest(folder: Path) -> dict[str, Any]:
    path = folder / MANIFEST
    if not folder.is_dir():
        raise KnownError("取り込むフォルダがありません: {path}", path=folder)
    if not path.is_file():
        raise KnownError("export-all の書き出しフォルダではありません(manifest.json がありません): {path}", path=folder)
    if path.stat().st_size > MAX_MANIFEST_BYTES:
        raise KnownError("ファイルが大きすぎます: {path}({size} MB、上限 {limit} MB)", path=path, size=_mb(path.stat().st_size), limit=_mb(MAX_MANIFEST_BYTES))
    try:
        manifest = json.loads(path.read_bytes())
    except (OSError, ValueError, RecursionError) as exc:
        raise KnownError("manifest.json を読めません: {path} ({reason})", path=path, reason=exc) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise KnownError("Companion の書き出し形式ではありません: {path}", path=path)
    if manifest.get("version") != FORMAT_VERSION:
        raise KnownError("この書き出しの形式(版 {version})には対応していません。",
                         hint="書き出した Companion と同じ版で取り込んでください。", version=manifest.get('version'))
    if manifest.get("schema_revision") != head_revision():
        raise KnownError("書き出しのスキーマ {revision} は、この Companion のスキーマ {expected} と違います。",
                         hint="書き出した Companion と同じ版で取り込んでください。", revision=manifest.get('schema_revision'), expected=head_revision())
    return manifest


def read_export(folder: Path) -> CheckedExport:
    """Check every file of an export folder; raises KnownError (one line naming the
    file, and the line when it is one) at the first problem. Writes nothing."""
    folder = folder.expanduser().resolve()
    manifest = _read_manifest(folder)
    known = {table.name: table for table in exported_tables()}
    listed = manifest.get("tables")
    if not isinstance(listed, list) or not all(isinstance(t, dict) for t in listed):
        raise KnownError("manifest.json に表の一覧がありません: {path}", path=folder / MANIFEST)
    names = [str(t.get("table")) for t in listed]
    if len(set(names)) != len(names):
        raise KnownError("manifest.json の表の一覧に重複があります: {path}", path=folder / MANIFEST)
    on_disk = [p.name[: -len(SUFFIX)] for p in folder.glob(f"*{SUFFIX}")]
    unknown = sorted({*names, *on_disk} - known.keys())
    if unknown:
        raise KnownError("知らない表は取り込めません: {names}", names=', '.join(unknown))
    absent = sorted(known.keys() - set(names))
    if absent:
        raise KnownError("表のファイルがありません: {names}", names=', '.join(table_file(known[n]) for n in absent))
    tables: dict[str, tuple[int, str]] = {}
    attachment_rows: dict[str, str] = {}
    for entry in listed:
        table = known[str(entry["table"])]
        rows, sha = entry.get("rows"), entry.get("sha256")
        if not isinstance(rows, int) or not isinstance(sha, str):
            raise KnownError("manifest.json の {table} の記録が正しくありません", table=table.name)
        tables[table.name] = (rows, sha)
        for row in rows_of(folder, table, rows, sha):
            if table.name == "attachment":
                attachment_rows[str(row["id"])] = str(row["sha256"])
    files, missing = _check_attachments(folder, manifest, attachment_rows)
    return CheckedExport(folder=folder, tables=tables, files=files, missing_attachments=missing)


def rows_of(folder: Path, table: sa.Table, rows: int, sha256: str) -> Iterator[dict[str, Any]]:
    """The rows of one table file, as Python values for its columns; checks each line,
    then the file's row count and SHA-256 once it is read."""
    name = table_file(table)
    path = folder / name
    if not path.is_file() or path.is_symlink():
        raise KnownError("表のファイルがありません: {names}", names=name)
    size = path.stat().st_size
    if size > MAX_TABLE_FILE_BYTES:
        raise KnownError("ファイルが大きすぎます: {path}({size} MB、上限 {limit} MB)", path=path, size=_mb(size), limit=_mb(MAX_TABLE_FILE_BYTES))
    columns = {column.name: column for column in table.columns}
    optional = SECRET_COLUMNS.get(table.name, frozenset())
    digest = hashlib.sha256()
    count = 0
    with open(path, "rb") as handle:
        while raw := handle.readline(MAX_LINE_BYTES + 1):
            count += 1
            digest.update(raw)
            if len(raw) > MAX_LINE_BYTES:
                raise KnownError("{file} の {line} 行目が長すぎます(上限 {limit} MB)", file=name, line=count, limit=_mb(MAX_LINE_BYTES))
            yield _row(name, count, raw, columns, optional)
    if count != rows:
        raise KnownError("{file} の行数が manifest.json と一致しません({count} 行、記録は {rows} 行)", file=name, count=count, rows=rows)
    if digest.hexdigest() != sha256:
        raise KnownError("{file} の内容が manifest.json の SHA-256 と一致しません(書き換えられたか、途中で切れています)", file=name)


def _row(name: str, line: int, raw: bytes, columns: dict[str, sa.Column[Any]],
         optional: frozenset[str]) -> dict[str, Any]:
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        raise KnownError("{file} の {line} 行目を JSON として読めません ({reason})", file=name, line=line, reason=reason) from None
    if not isinstance(data, dict):
        raise KnownError("{file} の {line} 行目を JSON として読めません ({reason})", file=name, line=line, reason="not an object")
    extra = sorted(data.keys() - columns.keys())
    lacking = sorted(columns.keys() - data.keys() - optional)
    if extra or lacking:
        raise KnownError("{file} の {line} 行目: 列が表と一致しません({columns})", file=name, line=line, columns=', '.join([*(f'+{c}' for c in extra), *(f'-{c}' for c in lacking)]))
    row: dict[str, Any] = {}
    for key, column in columns.items():
        if key not in data:  # a secret column left out by the export
            row[key] = ""
            continue
        try:
            row[key] = python_value(column, data[key])
        except (TypeError, ValueError, OverflowError) as exc:
            raise KnownError("{file} の {line} 行目: {column} の値が正しくありません ({reason})", file=name, line=line, column=key, reason=exc) from None
    return row


def python_value(column: sa.Column[Any], value: Any) -> Any:
    """A JSON value as the Python value of ``column``; TypeError/ValueError if it is
    not one."""
    kind = column.type
    if value is None:
        if not column.nullable:
            raise ValueError("null is not allowed")
        return None
    if isinstance(kind, sa.Uuid):
        return uuid.UUID(_text(value))
    if isinstance(kind, AwareDateTime):
        moment = datetime.fromisoformat(_text(value))
        if moment.tzinfo is None:
            raise ValueError("no UTC offset such as +09:00")
        return moment
    if isinstance(kind, sa.types.TypeDecorator):  # sqlmodel's AutoString: a String
        kind = kind.impl_instance
    if isinstance(kind, sa.Date):
        return date.fromisoformat(_text(value))
    if isinstance(kind, sa.Enum):
        assert kind.enum_class is not None
        return kind.enum_class(_text(value))
    if isinstance(kind, sa.Boolean):
        if not isinstance(value, bool):
            raise TypeError("not true or false")
        return value
    if isinstance(kind, sa.Integer):
        if isinstance(value, bool) or not isinstance(value, int) or value not in _INT_RANGE:
            raise TypeError("not a whole number")
        return value
    if isinstance(kind, sa.Float):
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise TypeError("not a number")
        return float(value)
    if isinstance(kind, sa.String):
        text = _text(value)
        if kind.length is not None and len(text) > kind.length:
            raise ValueError(f"longer than {kind.length} characters")
        return text
    raise TypeError(f"no JSON form for {kind}")


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("not a string")
    return value


def _check_attachments(folder: Path, manifest: dict[str, Any], rows: dict[str, str]
                       ) -> tuple[dict[str, AttachmentFile], list[str]]:
    """Every attachment row has a manifest entry, and every file listed is inside
    ``attachments/``, small enough, and has the SHA-256 of its row."""
    entries = manifest.get("attachments")
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise KnownError("manifest.json に添付ファイルの一覧がありません: {path}", path=folder / MANIFEST)
    root = (folder / ATTACHMENTS).resolve()
    files: dict[str, AttachmentFile] = {}
    missing: list[str] = []
    listed: set[str] = set()
    for entry in entries:
        row_id, sha, relative = str(entry.get("id")), entry.get("sha256"), entry.get("path")
        if rows.get(row_id) != sha:
            raise KnownError("manifest.json の添付ファイル {id} が attachment.jsonl と一致しません", id=row_id)
        listed.add(row_id)
        if relative is None:
            missing.append(str(entry.get("file_name", row_id)))
            continue
        if not isinstance(relative, str):
            raise KnownError("添付ファイルの場所が正しくありません: {path}", path=relative)
        if sha in files:
            continue
        files[sha] = AttachmentFile(sha, _checked_attachment(folder, root, relative, sha))
    unlisted = sorted(rows.keys() - listed)
    if unlisted:
        raise KnownError("manifest.json に添付ファイル {id} の記録がありません", id=unlisted[0])
    return files, missing


def _checked_attachment(folder: Path, root: Path, relative: str, sha256: str) -> Path:
    path = folder / relative
    resolved = path.resolve()
    if root not in resolved.parents or path.is_symlink():
        raise KnownError("添付ファイルの場所が正しくありません: {path}", path=relative)
    if not resolved.is_file():
        raise KnownError("添付ファイルがありません: {path}", path=relative)
    size = resolved.stat().st_size
    if size > MAX_ATTACHMENT_BYTES:
        raise KnownError("ファイルが大きすぎます: {path}({size} MB、上限 {limit} MB)", path=relative, size=_mb(size), limit=_mb(MAX_ATTACHMENT_BYTES))
    digest = hashlib.sha256()
    with open(resolved, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    if digest.hexdigest() != sha256:
        raise KnownError("添付ファイルの内容が記録と一致しません(SHA-256): {path}", path=relative)
    return resolved


def require_empty_folder(paths: DataPaths) -> None:
    """Refuse (writing nothing) a data folder that holds anything but a Companion
    database: only a missing or empty folder, or one whose database has no records yet
    (checked again inside the import's transaction), is imported into."""
    if paths.root.exists() and not paths.root.is_dir():
        raise KnownError("データフォルダの場所にファイルがあります: {path}",
                         hint="--data-dir にはフォルダを指定してください。", path=paths.root)
    if not paths.root.is_dir() or paths.database.is_file():
        return
    if {entry.name for entry in paths.root.iterdir()} - _HOUSEKEEPING:
        raise _not_empty(paths)


def _not_empty(paths: DataPaths) -> KnownError:
    return KnownError("取り込み先のデータフォルダが空ではありません: {path}",
                      hint="import-all は空のデータフォルダにだけ取り込みます。--data-dir で新しいフォルダを指定してください。", path=paths.root)


def import_all(*, session: Session, database: Database, export: CheckedExport) -> ImportResult:
    """Insert every row of a checked export into this (empty) database, and store its
    attachments; one transaction, nothing written when it fails."""
    connection = session.connection()
    tables = exported_tables()
    for table in tables:
        if connection.execute(sa.select(sa.literal(1)).select_from(table).limit(1)).first():
            raise _not_empty(database.paths)
    store = store_for(database) if export.files else None
    stored: list[Path] = []
    try:
        counts = {table.name: _insert(connection, export, table) for table in tables}
        for item in export.files.values():
            assert store is not None
            blob = store.blob_path(item.sha256)
            existed = blob.is_file()
            if store.put(item.path)[0] != item.sha256:
                raise KnownError("添付ファイルの内容が記録と一致しません(SHA-256): {path}", path=item.path)
            if not existed:
                stored.append(blob)
        _check_references(connection)
        head = connection.execute(sa.text(
            "SELECT entry_hash FROM logentry ORDER BY seq DESC LIMIT 1")).scalar()
        session.commit()
    except BaseException:
        session.rollback()
        for blob in stored:
            blob.unlink(missing_ok=True)
        raise
    return ImportResult(folder=database.paths.root, tables=counts, attachments=len(export.files),
                        register_head=str(head or ""),
                        missing_attachments=export.missing_attachments)


def _insert(connection: sa.Connection, export: CheckedExport, table: sa.Table) -> int:
    rows, sha = export.tables[table.name]
    batch: list[dict[str, Any]] = []
    count = 0
    try:
        for row in rows_of(export.folder, table, rows, sha):
            batch.append(row)
            if len(batch) == _BATCH:
                connection.execute(table.insert(), batch)
                count, batch = count + len(batch), []
        if batch:
            connection.execute(table.insert(), batch)
            count += len(batch)
    except sa.exc.IntegrityError as exc:
        reason = str(exc.orig or exc).splitlines()[0]
        raise KnownError("{file} を取り込めません(重複または制約違反: {reason})", file=table_file(table), reason=reason) from None
    return count


def _check_references(connection: sa.Connection) -> None:
    """Foreign keys are checked at commit; checked here first, to name the table."""
    problem = connection.exec_driver_sql("PRAGMA foreign_key_check").first()
    if problem is not None:
        table, _rowid, parent, _fk = problem
        raise KnownError("{file} の行が参照する {parent} の記録がありません", file=table + SUFFIX, parent=parent)
