"""``companion check``: is the database whole, consistent and of the expected schema?

A damaged database is looked at, not repaired in place: ``check`` opens it as it is
(no migrations), reports what it found, and with ``repair`` saves what SQLite can still
read into a new file beside it (``db.salvage``). A database that went missing or empty
is made again, empty, only when ``repair`` asks for it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

import sqlalchemy as sa
from sqlmodel import Session

from companion.db import database, search_index, visit_tally
from companion.db.database import (
    READ_FAILURES,
    Database,
    is_damage_error,
    is_lost_database,
    open_database,
    recreate_lost_database,
    require_database,
    summarise_check_lines,
)
from companion.db.migrate import current_revision, head_revision
from companion.db.salvage import SalvageResult, salvage_database
from companion.domain.register_log import Entry, chain_problems, content_hash
from companion.errors import KnownError, Message
from companion.folder_lock import FolderLock
from companion.paths import DataPaths
from companion.security.data_key import AskPassphrase, PassphrasePurpose, obtain_data_key
from companion.services.attachments import store_for
from companion.services.register import register_binding_problems
from companion.services.storage import open_data_folder

log = logging.getLogger("companion.services")

T = TypeVar("T")
_TREE = re.compile(r"\bTree (\d+)")


@dataclass
class HealthReport:
    revision: str | None
    expected_revision: str
    problems: list[str] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)
    # Some of the file could not be read (SQLite's integrity check failed or a read did).
    damaged: bool = False
    # With repair on a damaged database: what was saved, and where.
    salvage: SalvageResult | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def quick_check_problems(db: Database) -> list[str]:
    """SQLite's ``quick_check``: empty when the file is whole. Reads every page (about
    4 s on ten years of data), so it runs before exports, not before every list."""
    return database.quick_check_problems(db.engine)


@dataclass
class OpenedForCheck:
    db: Database
    recreated: bool = False  # a missing or empty database was made again (repair)


def open_for_check(paths: DataPaths, *, ask: AskPassphrase, lock: FolderLock | None = None,
                   repair: bool = False) -> OpenedForCheck:
    """The database as ``check`` needs it: opened the usual way when it can be, else
    (damaged) as it is, without migrations. A missing or empty database is refused like
    everywhere else, unless ``repair`` asks to make it again (empty)."""
    ask = _asking_once(ask)
    if is_lost_database(paths):
        if not repair:
            require_database(paths)  # the refusal, with the ways out
        key = obtain_data_key(paths, ask).key
        db = recreate_lost_database(paths, key=key)
        db.folder_lock = lock
        return OpenedForCheck(db, recreated=True)
    try:
        return OpenedForCheck(open_data_folder(paths, ask=ask, lock=lock).db)
    except KnownError as exc:
        if not is_damage_error(exc):
            raise
        log.info("the database is damaged (%s); opening it without migrations", exc)
    db = open_database(paths, key=obtain_data_key(paths, ask).key, migrate=False)
    db.folder_lock = lock
    return OpenedForCheck(db)


def _asking_once(ask: AskPassphrase) -> AskPassphrase:
    """The passphrase is asked once even if the folder is opened twice."""
    answers: dict[PassphrasePurpose, str] = {}

    def remembering(purpose: PassphrasePurpose) -> str:
        if purpose not in answers:
            answers[purpose] = ask(purpose)
        return answers[purpose]

    return remembering


def check_database(db: Database, *, repair: bool = False) -> HealthReport:
    """Integrity, foreign keys, search index, visit tally and schema revision;
    optionally repair what can be rebuilt from the data itself (the search index, the
    tally). On a damaged file
    every check that can still run does, each unreadable part is a problem line, and
    ``repair`` salvages what can be read into a new file instead of writing to it."""
    report = HealthReport(revision=None, expected_revision=head_revision())
    report.revision = _guarded(db, report, "スキーマの版を確認できません(読めない部分があります: {reason})", lambda: _revision(db))
    if report.damaged:  # not even the start of the file can be read
        _salvage(db, report, repair)
        return report
    integrity = _guarded(db, report, "整合性を確認できません(読めない部分があります: {reason})", lambda: _integrity(db)) or []
    if integrity:
        report.damaged = True
        report.problems.extend(Message("整合性チェック: {line}", line=line) for line in integrity)
    report.problems.extend(_guarded(db, report, "外部キーを確認できません(読めない部分があります: {reason})", lambda: _foreign_key_problems(db))
                           or [])
    if report.revision != report.expected_revision:
        report.problems.append(Message("スキーマの版が違います: {revision}(期待値 {expected})",
                                       revision=report.revision, expected=report.expected_revision))
    index_problems = _guarded(db, report, "検索索引を確認できません(読めない部分があります: {reason})", lambda: _read(db, search_index.inconsistencies))
    tally_problems = _guarded(db, report, "訪問記録の件数の集計を確認できません(読めない部分があります: {reason})",
                              lambda: _read(db, visit_tally.inconsistencies))
    report.problems.extend(_guarded(db, report, "開示の記録を確認できません(読めない部分があります: {reason})",
                                    lambda: _read(db, _disclosure_chain_problems)) or [])
    report.problems.extend(_guarded(db, report, "開示の記録を確認できません(読めない部分があります: {reason})",
                                    lambda: _read(db, _register_binding_problems)) or [])
    report.problems.extend(_guarded(db, report, "変更履歴を確認できません(読めない部分があります: {reason})",
                                    lambda: _read(db, change_log_problems)) or [])
    if db.key is not None:
        rows = _guarded(db, report, "添付ファイルを確認できません(読めない部分があります: {reason})", lambda: _attachment_rows(db)) or []
        report.problems.extend(_attachment_problems(db, rows))
    if report.damaged:
        report.problems.extend([*(index_problems or []), *(tally_problems or [])])
        _salvage(db, report, repair)
        return report
    # Derived data found out of step is rebuilt from the rows with --repair.
    for problems, rebuild, rebuilt in (
            (index_problems, search_index.rebuild, "検索索引を再構築しました({count} 件)"),
            (tally_problems, visit_tally.rebuild, "訪問記録の件数を数え直しました({count} 件の案件)")):
        if problems and repair:
            with db.engine.begin() as connection:
                report.repaired.append(Message(rebuilt, count=rebuild(connection)))
        else:
            report.problems.extend(problems or [])
    return report


def _guarded(db: Database, report: HealthReport, unreadable: str,
             step: Callable[[], T]) -> T | None:
    """Run one check; a part of the file that cannot be read becomes a problem line
    (``unreadable``, a template with ``{reason}``)."""
    try:
        return step()
    except READ_FAILURES as exc:
        if not is_damage_error(exc):
            raise
        report.damaged = True
        if isinstance(exc, KnownError):  # not even a connection: the file's start is unreadable
            report.problems.append(exc.message)
        else:
            report.problems.append(Message(unreadable, reason=_first_line(exc)))
        # SQLCipher refuses every later read on a connection that met a bad page.
        db.engine.dispose()
        return None


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc)
    return (text.splitlines() or [""])[0]


def _read(db: Database, query: Callable[[sa.Connection], T]) -> T:
    with db.engine.connect() as connection:
        return query(connection)


def _revision(db: Database) -> str | None:
    return _read(db, current_revision)


def _integrity(db: Database) -> list[str]:
    def check(connection: sa.Connection) -> list[str]:
        lines = [str(row[0]) for row in connection.exec_driver_sql("PRAGMA integrity_check")]
        names = {int(page): str(name) for name, page in connection.exec_driver_sql(
            "SELECT name, rootpage FROM sqlite_master WHERE rootpage > 0")}
        # "Tree 4 page 447: ..." -> "Tree 4 (visit) page 447: ...": which table it hit
        return [_TREE.sub(lambda m: f"{m[0]} ({names.get(int(m[1]), '?')})", line)
                for line in lines]

    return summarise_check_lines(_read(db, check))


def _foreign_key_problems(db: Database) -> list[str]:
    return _read(db, lambda connection: [
        Message("外部キー違反: {table} の行 {rowid} が {parent} を参照できません",
                table=table, rowid=rowid, parent=parent)
        for table, rowid, parent, _fk in connection.exec_driver_sql("PRAGMA foreign_key_check")
    ])


def _salvage(db: Database, report: HealthReport, repair: bool) -> None:
    if not repair:
        return
    db.engine.dispose()  # the last connection folds its write-ahead log into the file
    try:
        report.salvage = salvage_database(db.file, key=db.key)
    except KnownError as exc:
        report.problems.append(exc.message)


def _disclosure_chain_problems(connection: sa.Connection) -> list[str]:
    """The register log chains, and each disclosure version is what its entry says."""
    entries = [
        Entry(seq, kind, payload, previous, digest)
        for seq, kind, payload, previous, digest in connection.exec_driver_sql(
            "SELECT seq, kind, payload, previous_hash, entry_hash FROM logentry ORDER BY seq")
    ]
    problems: list[str] = [Message("開示の記録(ハッシュチェーン): {problem}", problem=p)
                for p in chain_problems(entries)]
    payloads = {entry.seq: entry.payload for entry in entries}
    for number, version, seq, stated in connection.exec_driver_sql(
        "SELECT d.number, v.version, v.log_seq, v.content_hash FROM disclosureversion v "
        "JOIN disclosure d ON d.id = v.disclosure_id ORDER BY v.log_seq"
    ):
        payload = payloads.get(seq)
        if payload is None or content_hash(payload) != stated:
            problems.append(Message("開示{number}の第{version}版が記録(ハッシュチェーン)と一致しません(改変の可能性)",
                                    number=number, version=version))
    return problems


def change_log_problems(connection: sa.Connection) -> list[str]:
    """Each device's change log runs 1, 2, 3 ... with no gap and a clock that never goes
    back: a gap is a lost write (or an entry removed by hand), and sync (which sends a
    device's entries from a sequence number on) would silently skip it."""
    problems: list[str] = []
    for device, count, first, last in connection.exec_driver_sql(
        "SELECT device_id, COUNT(*), MIN(sequence), MAX(sequence) FROM changelog "
        "GROUP BY device_id ORDER BY device_id"
    ):
        if first != 1 or last != count:
            problems.append(Message(
                "変更履歴に欠番があります: 端末 {device} の記録は{count}件ですが、番号は{first}〜{last}です",
                device=str(device)[:8], count=count, first=first, last=last))
    for device, sequence in connection.exec_driver_sql(
        "SELECT device_id, sequence FROM (SELECT device_id, sequence, hlc, "
        "LAG(hlc) OVER (PARTITION BY device_id ORDER BY sequence) AS previous FROM changelog) "
        "WHERE hlc < previous ORDER BY device_id, sequence LIMIT 5"
    ):
        problems.append(Message(
            "変更履歴の時刻が逆行しています: 端末 {device} の{sequence}番目の記録",
            device=str(device)[:8], sequence=sequence))
    return problems


def _register_binding_problems(connection: sa.Connection) -> list[str]:
    """Each disclosure version's columns say what its register entry says (a column
    edited outside Companion would show in lists and bundles but not in the chain)."""
    with Session(bind=connection) as session:
        return register_binding_problems(session=session)


def _attachment_rows(db: Database) -> list[tuple[str, str]]:
    with db.engine.connect() as connection:
        rows = connection.exec_driver_sql(
            "SELECT sha256, min(file_name) FROM attachment GROUP BY sha256").all()
    return [(row[0], row[1]) for row in rows]


def _attachment_problems(db: Database, rows: list[tuple[str, str]]) -> list[str]:
    store = store_for(db)
    problems: list[str] = []
    for sha256, file_name in rows:
        problem = store.problems(sha256)
        if problem:
            problems.append(Message("添付ファイル {file_name}: {problem}", file_name=file_name, problem=problem))
    return problems
