"""``companion check``: is the database whole, consistent and of the expected schema?"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa

from companion.db import search_index
from companion.db.database import Database
from companion.db.migrate import current_revision, head_revision
from companion.domain.register_log import Entry, chain_problems, content_hash
from companion.services.attachments import store_for


@dataclass
class HealthReport:
    revision: str | None
    expected_revision: str
    problems: list[str] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_database(db: Database, *, repair: bool = False) -> HealthReport:
    """Integrity, foreign keys, search index and schema revision; optionally repair
    what can be rebuilt from the data itself (the search index)."""
    with db.engine.connect() as connection:
        revision = current_revision(connection)
        report = HealthReport(revision=revision, expected_revision=head_revision())
        integrity = [row[0] for row in connection.exec_driver_sql("PRAGMA integrity_check")]
        if integrity != ["ok"]:
            report.problems.extend(f"整合性チェック: {line}" for line in integrity)
        for table, rowid, parent, _fk in connection.exec_driver_sql("PRAGMA foreign_key_check"):
            report.problems.append(f"外部キー違反: {table} の行 {rowid} が {parent} を参照できません")
        if revision != report.expected_revision:
            report.problems.append(
                f"スキーマの版が違います: {revision}(期待値 {report.expected_revision})"
            )
        index_problems = search_index.inconsistencies(connection)
        report.problems.extend(_disclosure_chain_problems(connection))
    if db.key is not None:
        report.problems.extend(_attachment_problems(db, _attachment_rows(db)))
    if index_problems and repair:
        with db.engine.begin() as connection:
            count = search_index.rebuild(connection)
        report.repaired.append(f"検索索引を再構築しました({count} 件)")
    else:
        report.problems.extend(index_problems)
    return report


def _disclosure_chain_problems(connection: sa.Connection) -> list[str]:
    """The register log chains, and each disclosure version is what its entry says."""
    entries = [
        Entry(seq, kind, payload, previous, digest)
        for seq, kind, payload, previous, digest in connection.exec_driver_sql(
            "SELECT seq, kind, payload, previous_hash, entry_hash FROM logentry ORDER BY seq")
    ]
    problems = [f"開示の記録(ハッシュチェーン): {p}" for p in chain_problems(entries)]
    payloads = {entry.seq: entry.payload for entry in entries}
    for number, version, seq, stated in connection.exec_driver_sql(
        "SELECT d.number, v.version, v.log_seq, v.content_hash FROM disclosureversion v "
        "JOIN disclosure d ON d.id = v.disclosure_id ORDER BY v.log_seq"
    ):
        payload = payloads.get(seq)
        if payload is None or content_hash(payload) != stated:
            problems.append(f"開示{number}の第{version}版が記録(ハッシュチェーン)と一致しません(改変の可能性)")
    return problems


def _attachment_rows(db: Database) -> list[tuple[str, str]]:
    with db.engine.connect() as connection:
        rows = connection.exec_driver_sql(
            "SELECT sha256, min(file_name) FROM attachment GROUP BY sha256").all()
    return [(row[0], row[1]) for row in rows]


def _attachment_problems(db: Database, rows: list[tuple[str, str]]) -> list[str]:
    store = store_for(db)
    problems = []
    for sha256, file_name in rows:
        problem = store.problems(sha256)
        if problem:
            problems.append(f"添付ファイル {file_name}: {problem}")
    return problems
