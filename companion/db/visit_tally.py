"""Each engagement's saved visits: how many, and when the last one started.

``visit_tally`` holds one row per engagement with saved visits, kept by the triggers of
migration 0011 on every insert, update and delete of a visit, so that the list of
engagements reads one row per engagement instead of every visit's index entry (it grew
with the notes: benchmarks/README.md, growth). Like the search index it is derived
data: ``companion check`` compares it with the visits and ``check --repair`` (and a
salvage) counts it again.
"""

from __future__ import annotations

from typing import Any

from companion.db.search_index import is_search_index_object

VISIT_TALLY = "visit_tally"

# What the tally must hold: the triggers keep it equal to this.
COUNTED = ("SELECT engagement_id, count(*), max(started_at) FROM visit "
           "WHERE is_draft IS 0 GROUP BY engagement_id")


def rebuild(connection: Any) -> int:
    """Count every engagement's saved visits again (a SQLAlchemy connection); returns the
    number of engagements counted."""
    connection.exec_driver_sql(f"DELETE FROM {VISIT_TALLY}")
    connection.exec_driver_sql(
        f"INSERT INTO {VISIT_TALLY}(engagement_id, saved_visits, last_visit_at) {COUNTED}")
    return int(connection.exec_driver_sql(f"SELECT count(*) FROM {VISIT_TALLY}").scalar_one())


def inconsistencies(connection: Any) -> list[str]:
    """The engagements whose tally differs from their visits (empty when it agrees)."""
    kept = {tuple(row) for row in connection.exec_driver_sql(
        f"SELECT engagement_id, saved_visits, last_visit_at FROM {VISIT_TALLY}")}
    counted = {tuple(row) for row in connection.exec_driver_sql(COUNTED)}
    wrong = len({row[0] for row in kept ^ counted})
    return [f"訪問記録の件数の集計が {wrong} 件の案件で記録と一致しません"] if wrong else []


def is_derived_table(name: str | None) -> bool:
    """A table of raw SQL, outside the models, that is rebuilt from the rows (the search
    index and its bookkeeping, the tally): migrations' comparisons and a salvage skip it."""
    return is_search_index_object(name) or name == VISIT_TALLY
