"""Each engagement's saved visits are counted by triggers (migration 0011), so the list
of engagements reads one row per engagement; the count and the last visit follow every
new visit, draft, move, change of date and delete, and ``check`` finds the tally out of
step and ``check --repair`` counts again."""

from __future__ import annotations

from datetime import UTC, date, datetime

from companion_testing.factories import add_engagement, add_visit

from companion.db.database import Database
from companion.db.visit_tally import COUNTED, VISIT_TALLY
from companion.services.engagements import list_engagements
from companion.services.health import check_database
from companion.services.session import session_scope


def _shown(db: Database) -> dict[str, tuple[int, datetime | None]]:
    """What the list of engagements shows: title -> (saved visits, last visit)."""
    with session_scope(db, write=False) as session:
        return {e.title: (e.visit_count, e.last_visit_at) for e in list_engagements(session=session)}


def _agrees(db: Database) -> bool:
    with db.engine.connect() as connection:
        kept = set(map(tuple, connection.exec_driver_sql(f"SELECT * FROM {VISIT_TALLY}")))
        return kept == set(map(tuple, connection.exec_driver_sql(COUNTED)))


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 1, 0, tzinfo=UTC)


def test_the_count_follows_every_kind_of_change_to_a_visit(db: Database) -> None:
    with session_scope(db) as session:
        sake = add_engagement(session)
        fish = add_engagement(session, client_name="株式会社みなと水産",
                              title="加工品の商品化と直売所の立ち上げ")
        first = add_visit(session, sake, notes="蔵の見学ルートを検討。", day=date(2025, 6, 12))
        later = add_visit(session, sake, notes="試飲会の振り返り。", day=date(2025, 9, 3))
        draft = add_visit(session, sake, notes="書きかけ。", day=date(2025, 12, 1))
        draft.is_draft = True
        session.commit()
        assert _shown(db)[sake.title] == (2, _at(date(2025, 9, 3)))
        assert _shown(db)[fish.title] == (0, None)

        draft.is_draft = False  # saved: counted, and now the last
        session.commit()
        assert _shown(db)[sake.title] == (3, _at(date(2025, 12, 1)))

        draft.started_at = _at(date(2025, 5, 1))  # its date corrected: no longer the last
        session.commit()
        assert _shown(db)[sake.title] == (3, _at(date(2025, 9, 3)))

        later.engagement_id = fish.id  # filed under the other engagement
        session.commit()
        assert _shown(db)[sake.title] == (2, _at(date(2025, 6, 12)))
        assert _shown(db)[fish.title] == (1, _at(date(2025, 9, 3)))

        session.delete(first)
        session.delete(draft)
        session.commit()
        assert _shown(db)[sake.title] == (0, None)
        session.delete(fish)  # its visits go with it
        session.commit()
    assert _agrees(db)
    assert check_database(db).ok


def test_check_finds_the_tally_out_of_step_and_repair_counts_again(db: Database) -> None:
    with session_scope(db) as session:
        engagement = add_engagement(session)
        for day in (date(2025, 6, 12), date(2025, 7, 10)):
            add_visit(session, engagement, notes="定例の打合せ。", day=day)
        session.commit()
    with db.engine.begin() as connection:
        connection.exec_driver_sql(f"UPDATE {VISIT_TALLY} SET saved_visits = 7")
    report = check_database(db)
    assert any("訪問記録の件数の集計" in str(problem) for problem in report.problems)
    repaired = check_database(db, repair=True)
    assert any("数え直しました" in str(message) for message in repaired.repaired)
    assert check_database(db).ok and _agrees(db)
    assert _shown(db)[engagement.title] == (2, _at(date(2025, 7, 10)))
