"""``companion export-all``: every record of every table, in the open.

The data folder is written out as plain files anyone can read without Companion: one
JSON Lines file per table (``engagement.jsonl``, ``visit.jsonl``, ...), the attachments
as their original decrypted files, a ``manifest.json`` with counts and SHA-256s, a
``SHA256SUMS`` for ``sha256sum -c`` and a README (Japanese, then English).
docs/data-export-format.md is the specification; ``open_import`` reads it back.

Secret key material is never written: the private part of the practitioner's signing
keys (``signingkey.private_pem``) is left out, also from the change log's copies of
those rows. The folder is assembled beside its target and renamed into place at the
end, so a killed export leaves nothing under the target's name.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import unicodedata
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from types import TracebackType
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, SQLModel

import companion.db.models  # noqa: F401  (every table in SQLModel.metadata)
from companion import __version__
from companion.atomic import fsync_directory, partial_path, process_is_running, write_error
from companion.db.database import Database
from companion.db.migrate import current_revision
from companion.db.types import utcnow
from companion.errors import KnownError
from companion.paths import DataPaths
from companion.services.attachments import AttachmentStore, store_for
from companion.services.session import is_local

FORMAT = "companion-open-export"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
README = "README.md"
SUMS = "SHA256SUMS"
ATTACHMENTS = "attachments"
SUFFIX = ".jsonl"
# Columns holding secret key material (models: ``info={"secret": True}``): never written
# (docs/data-export-format.md).
SECRET_COLUMNS: dict[str, frozenset[str]] = {
    table.name: frozenset(column.name for column in table.columns if column.info.get("secret"))
    for table in SQLModel.metadata.sorted_tables
    if any(column.info.get("secret") for column in table.columns)
}
_NAME_BYTES = 180  # of an attachment's file name, so prefix + name fit every file system
_UNSAFE = re.compile(r'[<>:"/\\|?*]')


def exported_tables() -> list[sa.Table]:
    """Every table of companion.db.models, parents before children (the import order).
    The search index (search_doc, search_fts) is derived and alembic_version is the
    schema's own: neither is a record of the user's. Tables local to this computer
    (``info={"local": True}``: sync settings, peers, conflicts) are left out too."""
    return [table for table in SQLModel.metadata.sorted_tables if not is_local(table)]


def table_file(table: sa.Table) -> str:
    return table.name + SUFFIX


def json_value(value: Any) -> Any:
    """A column value as plain JSON: UUIDs as strings, times as ISO 8601 with their
    offset, dates as YYYY-MM-DD, enums as their stored (Japanese) value."""
    if isinstance(value, Enum):
        return value.value
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat(timespec="microseconds")
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"no JSON form for {type(value).__name__}")


def without_secrets(table: str, row: dict[str, Any]) -> dict[str, Any]:
    """A row without its secret columns; a change-log entry of a secret-bearing table
    without those columns in its before/after copies."""
    secret = SECRET_COLUMNS.get(table, frozenset())
    clean = {key: value for key, value in row.items() if key not in secret}
    if table == "changelog" and row.get("entity") in SECRET_COLUMNS:
        hidden = SECRET_COLUMNS[row["entity"]]
        for key in ("before", "after"):
            if isinstance(clean.get(key), str):
                state = json.loads(clean[key])
                # written as session._row_state writes it, so nothing else changes
                clean[key] = json.dumps({k: v for k, v in state.items() if k not in hidden},
                                        ensure_ascii=False, sort_keys=True)
    return clean


def json_line(row: dict[str, Any]) -> bytes:
    return (json.dumps(row, ensure_ascii=False, allow_nan=False) + "\n").encode("utf-8")


@dataclass(frozen=True)
class ExportResult:
    """What was written: the folder, rows per table, attachment files, and the names
    of attachments whose stored data could not be read (left out, listed in the manifest)."""

    folder: Path
    tables: dict[str, int]
    attachments: int
    missing_attachments: list[str] = field(default_factory=list)


def check_export_folder(out: str | os.PathLike[str], paths: DataPaths) -> Path:
    """The resolved folder to export to: outside the data folder, and either missing
    or empty, in a folder that exists. Nothing is written when it is refused."""
    target = Path(out).expanduser().resolve()
    if paths.contains(target):
        raise KnownError("データフォルダの中には書き出せません: {path}",
                         hint="データフォルダ({root})の外の場所を指定してください。", path=target, root=paths.root)
    if target.exists():
        if not target.is_dir():
            raise KnownError("書き出し先がフォルダではありません: {path}",
                             hint="まだ無いフォルダか、空のフォルダを指定してください。", path=target)
        if any(target.iterdir()):
            raise KnownError("書き出し先のフォルダが空ではありません: {path}",
                             hint="まだ無いフォルダか、空のフォルダを指定してください。", path=target)
    if not target.parent.is_dir():
        raise KnownError("保存先のフォルダがありません: {path}", path=target.parent)
    return target


class _HashedFile:
    """A new file (0600) whose SHA-256 and size are counted as it is written."""

    def __init__(self, path: Path) -> None:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        self._handle = os.fdopen(os.open(path, flags, 0o600), "wb")
        self.digest = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes, /) -> int:
        self.digest.update(data)
        self.size += len(data)
        return self._handle.write(data)

    def __enter__(self) -> _HashedFile:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if kind is not None:  # failing already: the folder is removed anyway
            with contextlib.suppress(OSError):
                self._handle.close()
            return
        try:
            self._handle.flush()  # a full disk shows here at the latest
            os.fsync(self._handle.fileno())
        finally:
            self._handle.close()


def export_all(*, session: Session, database: Database, out: Path) -> ExportResult:
    """Write every table, the attachments, a manifest and a README to ``out`` (a
    folder that does not exist yet or is empty), from one consistent read."""
    target = check_export_folder(out, database.paths)
    _remove_stale_stages(target)
    stage = partial_path(target)
    connection = session.connection()
    try:
        shutil.rmtree(stage, ignore_errors=True)  # this process's own name: never another's
        stage.mkdir(mode=0o700)
        files: dict[str, str] = {}
        tables = [_write_table(connection, table, stage, files) for table in exported_tables()]
        attachments, missing = _write_attachments(connection, database, stage, files)
        head = connection.execute(sa.text(
            "SELECT seq, entry_hash FROM logentry ORDER BY seq DESC LIMIT 1")).first()
        manifest = {
            "format": FORMAT, "version": FORMAT_VERSION,
            "exported_at": utcnow().isoformat(timespec="seconds"),
            "companion_version": __version__,
            "schema_revision": current_revision(connection),
            "register": {"entries": head[0] if head else 0, "head": head[1] if head else ""},
            "tables": tables,
            "omitted": {table: sorted(columns) for table, columns in SECRET_COLUMNS.items()},
            "attachments": attachments,
        }
        _write_small(stage, MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", files)
        _write_small(stage, README, readme(tables), files)
        _write_small(stage, SUMS, "".join(f"{sha}  {name}\n" for name, sha in files.items()), {})
        fsync_directory(stage / ATTACHMENTS)
        fsync_directory(stage)
        _move_into_place(stage, target)
    except OSError as exc:
        raise write_error(target, exc) from exc
    finally:
        if stage.exists():
            shutil.rmtree(stage, ignore_errors=True)
    return ExportResult(folder=target, tables={t["table"]: t["rows"] for t in tables},
                        attachments=len({a["path"] for a in attachments if a["path"]}),
                        missing_attachments=missing)


def _rows(connection: sa.Connection, table: sa.Table) -> Iterator[dict[str, Any]]:
    statement = sa.select(table).order_by(*table.primary_key.columns)
    for row in connection.execute(statement).mappings():
        yield without_secrets(table.name, {key: json_value(value) for key, value in row.items()})


def _write_table(connection: sa.Connection, table: sa.Table, stage: Path,
                 files: dict[str, str]) -> dict[str, Any]:
    name = table_file(table)
    count = 0
    with _HashedFile(stage / name) as handle:
        for row in _rows(connection, table):
            handle.write(json_line(row))
            count += 1
    files[name] = handle.digest.hexdigest()
    return {"table": table.name, "file": name, "rows": count, "bytes": handle.size,
            "sha256": files[name]}


def _write_small(stage: Path, name: str, text: str, files: dict[str, str]) -> None:
    with _HashedFile(stage / name) as handle:
        handle.write(text.encode("utf-8"))
    files[name] = handle.digest.hexdigest()


def attachment_path(sha256: str, file_name: str, *, digits: int = 12) -> str:
    """``attachments/<first 12 of the SHA-256>-<file name made safe>``."""
    name = unicodedata.normalize("NFC", file_name)
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = _UNSAFE.sub("_", name).strip().lstrip(".").rstrip(". ") or "file"
    suffix = Path(name).suffix if len(Path(name).suffix) <= 16 else ""
    stem = name[: len(name) - len(suffix)] if suffix else name
    while len((stem + suffix).encode("utf-8")) > _NAME_BYTES:
        stem = stem[:-1]
    return f"{ATTACHMENTS}/{sha256[:digits]}-{stem}{suffix}"


def _write_attachments(connection: sa.Connection, database: Database, stage: Path,
                       files: dict[str, str]) -> tuple[list[dict[str, Any]], list[str]]:
    """Each attachment row's file, decrypted; the same content under the same name is
    written once. Rows whose stored data is unreadable are listed with no path."""
    (stage / ATTACHMENTS).mkdir(mode=0o700)
    store = store_for(database) if database.key is not None else None
    table = SQLModel.metadata.tables["attachment"]
    statement = sa.select(table.c.id, table.c.sha256, table.c.file_name,
                          table.c.size_bytes).order_by(table.c.id)
    entries: list[dict[str, Any]] = []
    missing: list[str] = []
    written: dict[str, tuple[str, str | None]] = {}  # casefolded path -> (sha256, path)
    for row_id, sha256, file_name, size in connection.execute(statement):
        path = attachment_path(sha256, file_name)
        known = written.get(path.casefold())
        if known is not None and known[0] != sha256:  # a 12-digit prefix shared: spell it out
            path = attachment_path(sha256, file_name, digits=64)
            known = written.get(path.casefold())
        if known is None:
            problem = _decrypt(store, sha256, stage / path)
            written[path.casefold()] = (sha256, None if problem else path)
            if problem:
                missing.append(file_name)
            else:
                files[path] = sha256
        stored_path = written[path.casefold()][1]
        entry: dict[str, Any] = {"id": str(row_id), "sha256": sha256,
                                 "file_name": file_name, "size_bytes": size, "path": stored_path}
        if stored_path is None:
            entry["problem"] = "保存データを読めません"
        entries.append(entry)
    return entries, missing


def _decrypt(store: AttachmentStore | None, sha256: str, target: Path) -> str | None:
    """Decrypt one stored file to ``target``; why it could not be, or None."""
    if store is None:
        return "暗号化されていないデータベースには添付ファイルの保存データがありません。"
    try:
        with _HashedFile(target) as handle:
            store.read_into(sha256, handle)
    except KnownError as exc:
        target.unlink(missing_ok=True)
        return exc.message
    return None


_STAGE = re.compile(r"\.(\d+)\.partial$")


def _remove_stale_stages(target: Path) -> None:
    """Folders of earlier exports to the same place whose process was killed."""
    with contextlib.suppress(OSError):
        for candidate in target.parent.glob(f"{glob_escape(target.name)}.*.partial"):
            match = _STAGE.search(candidate.name)
            if (match and candidate.name == f"{target.name}{match.group(0)}"
                    and candidate.is_dir() and not process_is_running(int(match.group(1)))):
                shutil.rmtree(candidate, ignore_errors=True)


def glob_escape(name: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", name)


def _move_into_place(stage: Path, target: Path) -> None:
    if target.is_dir():
        target.rmdir()  # empty (checked); a rename over a folder is not portable
    os.replace(stage, target)
    fsync_directory(target.parent)


# -- the README ----------------------------------------------------------------------------

TABLE_LABELS: dict[str, tuple[str, str]] = {
    "client": ("事業者", "supported businesses"),
    "sponsor": ("委託元・支援機関", "sponsors"),
    "sponsortarget": ("委託元の年度目標(延べ相談件数など)", "sponsors' own yearly targets"),
    "engagement": ("伴走案件", "engagements"),
    "planitem": ("行動計画(目標・マイルストーン・アクション)", "plan items (goals, milestones, actions)"),
    "planbaseline": ("合意した計画の写し", "agreed plan baselines"),
    "kpi": ("指標", "KPIs"),
    "kpitarget": ("指標の年度目標", "KPI targets per fiscal year"),
    "kpiactual": ("指標の実績", "KPI actuals"),
    "visit": ("訪問記録(下書きを含む)", "visits (drafts included)"),
    "visitaction": ("訪問で決めた次のアクション", "next actions agreed in visits"),
    "visittemplate": ("訪問記録のひな形", "visit templates"),
    "flagdisposition": ("レビューで求められた対応と、その記録",
                        "what reviewers asked for per red flag, and how it was resolved"),
    "reportnarrative": ("報告書の所見(成果・次年度の方針・自走化の状況)",
                        "report texts (results, next year's course, self-reliance)"),
    "attachment": ("添付ファイルの記録(中身は attachments/)", "attachment records (content in attachments/)"),
    "disclosure": ("利益相反の開示", "disclosures"),
    "disclosureversion": ("開示の各版", "disclosure versions"),
    "disclosureengagement": ("開示と案件の結び付き", "which engagements a disclosure version touches"),
    "review": ("第三者レビュー", "third-party reviews"),
    "reviewfinding": ("レビューの所見", "review findings"),
    "reviewerkey": ("レビュー担当者の公開鍵", "reviewers' public keys"),
    "exportedbundle": ("送ったレビューバンドル", "review bundles sent"),
    "signingkey": ("署名鍵(公開鍵のみ)", "signing keys (public part only)"),
    "logentry": ("開示の記録(ハッシュチェーン)", "the register log (hash chain)"),
    "changelog": ("変更履歴(すべての書き込み)", "change log (every write)"),
}


def readme(tables: list[dict[str, Any]]) -> str:
    lines = [f"| {t['file']} | {t['rows']} | {TABLE_LABELS.get(t['table'], ('', ''))[0]} |"
             for t in tables]
    english = [f"| {t['file']} | {t['rows']} | {TABLE_LABELS.get(t['table'], ('', ''))[1]} |"
               for t in tables]
    return "\n".join([
        "# Companion のデータ(書き出し)",
        "",
        "`companion export-all` が書き出した、すべての記録です。Companion がなくても読めます。",
        "",
        "- 表ごとに 1 ファイルの JSON Lines(`.jsonl`): 1 行が 1 件の記録(UTF-8 の JSON)。"
        "ID は UUID の文字列、日時は時差付きの ISO 8601、日付は YYYY-MM-DD、区分は画面と同じ日本語。"
        "行は主キーの順です。",
        "- `attachments/`: 添付ファイルの元のファイル(`<SHA-256 の先頭 12 桁>-<ファイル名>`)。",
        "- `manifest.json`: 各ファイルの件数と SHA-256、添付ファイルの記録とファイルの対応。",
        "- `SHA256SUMS`: `sha256sum -c SHA256SUMS` で全ファイルを確認できます。",
        "- 署名鍵の秘密鍵は書き出していません(`signingkey.private_pem` と、変更履歴のその写し)。",
        "- `companion import-all <このフォルダ> --data-dir <空のフォルダ>` で同じデータを取り込めます。"
        "ファイルを書き換えた場合は取り込めません(SHA-256 が一致しないため)。",
        "",
        "| ファイル | 件数 | 内容 |",
        "|---|---|---|",
        *lines,
        "",
        "詳しい形式: Companion の docs/data-export-format.md",
        "",
        "# Companion data (export)",
        "",
        "Every record, as written by `companion export-all`; readable without Companion.",
        "",
        "- One JSON Lines file (`.jsonl`) per table: one record per line (UTF-8 JSON). IDs are"
        " UUID strings, times ISO 8601 with their offset, dates YYYY-MM-DD, categories the"
        " Japanese values the app shows. Lines are in primary-key order.",
        "- `attachments/`: the original attached files (`<first 12 of the SHA-256>-<name>`).",
        "- `manifest.json`: each file's row count and SHA-256, and which attachment record"
        " is which file.",
        "- `SHA256SUMS`: check every file with `sha256sum -c SHA256SUMS`.",
        "- Private signing keys are not written (`signingkey.private_pem`, and its copies"
        " in the change log).",
        "- `companion import-all <this folder> --data-dir <an empty folder>` brings the same"
        " data back; edited files are refused (their SHA-256 no longer matches).",
        "",
        "| File | Rows | Content |",
        "|---|---|---|",
        *english,
        "",
        "The format in detail: docs/data-export-format.md in Companion.",
        "",
    ])
