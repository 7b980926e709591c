"""Japanese full-text search: one FTS5 table with the trigram tokenizer.

``search_doc`` gives every searchable row (visit, engagement, plan item) a stable
integer rowid, because the entity tables have UUID keys and SQLite may renumber their
implicit rowids on VACUUM. ``search_fts`` holds the text under that rowid. Triggers
(created by migration 0001) keep both in sync on every insert, update and delete, so
no write path can forget the index.

``sensitive_text`` lists the visits and plan items whose title or body contains a stem
of the red-flag rule 未開示の関与の記述 (``SENSITIVE_WORDS``: 出資, 株, 役員 …), kept by
triggers of migration 0009: the stems are shorter than a trigram, so without it the
rule would read every text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa

from companion.domain.red_flags import SENSITIVE_WORDS

SEARCH_DOC = "search_doc"
SEARCH_FTS = "search_fts"
SENSITIVE_TEXT = "sensitive_text"

# The text each entity contributes: (kind, table, title expr, body expr, engagement expr).
# Expressions use the row alias ``r``; the triggers in migration 0001 use the same ones.
SOURCES: tuple[tuple[str, str, str, str, str], ...] = (
    (
        "visit",
        "visit",
        "r.purpose",
        "r.place || char(10) || r.attendees || char(10) || r.notes || char(10) || "
        "r.strengths || char(10) || r.issues || char(10) || r.decisions",
        "r.engagement_id",
    ),
    ("engagement", "engagement", "r.title", "r.essential_issue || char(10) || r.fee_terms",
     "r.id"),
    ("plan", "planitem", "r.title", "r.notes", "r.engagement_id"),
)


def is_search_index_object(name: str | None) -> bool:
    return bool(name) and (name in (SEARCH_DOC, SENSITIVE_TEXT)
                           or str(name).startswith(SEARCH_FTS))


# The entities whose text the rule reads (kind in search_doc, table, title, body).
SENSITIVE_SOURCES = tuple((kind, table, title, body) for kind, table, title, body, _ in SOURCES
                          if kind in ("visit", "plan"))


# A text names a tie when it contains a stem (the triggers' instr() conditions).
_NAMES_A_TIE = re.compile("|".join(map(re.escape, SENSITIVE_WORDS)))


def texts_naming_a_tie(connection: sa.Connection) -> set[str]:
    """The ids of the visits and plan items whose title or body contains a stem, read
    from their text in one pass (what the triggers of migration 0009 keep listed)."""
    found: set[str] = set()
    for _kind, table, title, body in SENSITIVE_SOURCES:
        for ref_id, title_text, body_text in connection.exec_driver_sql(
                f"SELECT r.id, {title}, {body} FROM {table} r"):
            if any(text and _NAMES_A_TIE.search(text) for text in (title_text, body_text)):
                found.add(str(ref_id))
    return found


def rebuild(connection: sa.Connection) -> int:
    """Refill the index from the entity tables; returns the number of documents."""
    connection.exec_driver_sql(f"DELETE FROM {SEARCH_FTS}")
    connection.exec_driver_sql(f"DELETE FROM {SEARCH_DOC}")
    with _merging_postponed(connection):
        _fill(connection)
    connection.exec_driver_sql(f"DELETE FROM {SENSITIVE_TEXT}")
    listed = [(ref_id,) for ref_id in sorted(texts_naming_a_tie(connection))]
    if listed:
        connection.exec_driver_sql(f"INSERT INTO {SENSITIVE_TEXT}(ref_id) VALUES (?)", listed)
    count = connection.exec_driver_sql(f"SELECT count(*) FROM {SEARCH_DOC}").scalar_one()
    return int(count)


def _fill(connection: sa.Connection) -> None:
    for kind, table, title, body, engagement in SOURCES:
        connection.exec_driver_sql(
            f"INSERT INTO {SEARCH_DOC}(kind, ref_id, engagement_id) "
            f"SELECT '{kind}', r.id, {engagement} FROM {table} r"
        )
        connection.exec_driver_sql(
            f"INSERT INTO {SEARCH_FTS}(rowid, title, body) "
            f"SELECT d.doc_id, {title}, {body} FROM {table} r "
            f"JOIN {SEARCH_DOC} d ON d.ref_id = r.id"
        )


FTS5_DEFAULT_AUTOMERGE = 4


@contextmanager
def _merging_postponed(connection: sa.Connection) -> Iterator[None]:
    """FTS5's automatic merging off while the whole index is written, then back as it
    was (in the caller's transaction: a failure rolls the setting back with the rest).
    By default FTS5 merges its segments a little after every write, which a refill of
    every row pays for over and over (a quarter of the refill's time on the large demo
    set); searches read the unmerged segments as fast, and later writes merge them."""
    before = connection.exec_driver_sql(
        f"SELECT v FROM {SEARCH_FTS}_config WHERE k = 'automerge'").scalar()
    _set_automerge(connection, 0)
    yield
    _set_automerge(connection, FTS5_DEFAULT_AUTOMERGE if before is None else int(before))


def _set_automerge(connection: sa.Connection, value: int) -> None:
    connection.exec_driver_sql(
        f"INSERT INTO {SEARCH_FTS}({SEARCH_FTS}, rank) VALUES ('automerge', {int(value)})")


def inconsistencies(connection: sa.Connection) -> list[str]:
    """Rows missing from the index or left over in it (empty when consistent)."""
    problems: list[str] = []
    for kind, table, *_ in SOURCES:
        missing = connection.exec_driver_sql(
            f"SELECT count(*) FROM {table} r WHERE NOT EXISTS "
            f"(SELECT 1 FROM {SEARCH_DOC} d WHERE d.ref_id = r.id)"
        ).scalar_one()
        orphans = connection.exec_driver_sql(
            f"SELECT count(*) FROM {SEARCH_DOC} d WHERE d.kind = '{kind}' AND NOT EXISTS "
            f"(SELECT 1 FROM {table} r WHERE r.id = d.ref_id)"
        ).scalar_one()
        if missing:
            problems.append(f"検索索引に {table} の {missing} 件がありません")
        if orphans:
            problems.append(f"検索索引に削除済みの {table} が {orphans} 件残っています")
    unindexed = connection.exec_driver_sql(
        f"SELECT count(*) FROM {SEARCH_DOC} d WHERE NOT EXISTS "
        f"(SELECT 1 FROM {SEARCH_FTS} f WHERE f.rowid = d.doc_id)"
    ).scalar_one()
    if unindexed:
        problems.append(f"検索索引の本文が {unindexed} 件欠けています")
    listed = {str(row[0]) for row in connection.exec_driver_sql(f"SELECT ref_id FROM {SENSITIVE_TEXT}")}
    wrong = len(listed ^ texts_naming_a_tie(connection))
    if wrong:
        problems.append(f"関与の記述の索引の {wrong} 件が本文と一致しません")
    return problems
