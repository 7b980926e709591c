"""The full-text index follows every write, and every write is in the change log."""

from __future__ import annotations

import json

import pytest
from companion_testing.factories import add_engagement, add_visit
from sqlmodel import col, select

from companion.db.database import Database
from companion.db.models import ChangeLog, Visit
from companion.db.search_index import rebuild
from companion.errors import ValidationError
from companion.services.health import check_database
from companion.services.search import search
from companion.services.session import session_scope


def _found(db: Database, query: str) -> list[str]:
    with session_scope(db, write=False) as session:
        return [hit.snippet for hit in search(session=session, query=query)]


def test_japanese_substrings_of_any_length_are_found(db: Database) -> None:
    with session_scope(db) as session:
        engagement = add_engagement(session)
        add_visit(session, engagement, notes="道の駅での試飲会を提案。販路開拓の第一歩として週末に実施する。")
        add_visit(session, engagement, notes="杜氏の高齢化について相談。技能の継承計画を立てる。")
        session.commit()
    assert any("【販路開拓】" in s for s in _found(db, "販路開拓"))  # trigram index
    assert any("【開拓】" in s for s in _found(db, "開拓"))  # 2 characters: LIKE fallback
    assert any("【継】" in s for s in _found(db, "継"))  # 1 character
    assert _found(db, "ワイナリー") == []


def test_all_terms_must_match_including_full_width_spaces(db: Database) -> None:
    with session_scope(db) as session:
        engagement = add_engagement(session)
        add_visit(session, engagement, notes="試飲会の集客について。SNSでの告知を社長が担当。")
        add_visit(session, engagement, notes="試飲会の会場を道の駅と調整。")
        session.commit()
    assert len(_found(db, "試飲会\u3000道の駅")) == 1
    assert len(_found(db, "試飲会")) == 2


def test_index_follows_updates_and_deletes(db: Database) -> None:
    with session_scope(db) as session:
        engagement = add_engagement(session)
        visit = add_visit(session, engagement, notes="補助金の申請書を確認した。")
        session.commit()
        assert _found(db, "補助金")
        visit.notes = "ものづくり補助金は見送り、自己資金で設備を更新する。"
        session.commit()
        assert any("自己資金" in s for s in _found(db, "自己資金"))
        assert _found(db, "申請書") == []
        session.delete(visit)
        session.commit()
    assert _found(db, "自己資金") == []
    assert check_database(db).ok


def test_empty_query_is_refused(db: Database) -> None:
    with session_scope(db, write=False) as session, pytest.raises(ValidationError):
        search(session=session, query=" \u3000 ")


def test_query_with_fts_syntax_is_taken_literally(db: Database) -> None:
    with session_scope(db) as session:
        engagement = add_engagement(session)
        add_visit(session, engagement, notes='社長いわく「"攻め" AND 守り」の一年。50%増を目指す。')
        session.commit()
    assert _found(db, '"攻め" AND')
    assert _found(db, "50%")
    assert _found(db, "NEAR(") == []


def test_every_create_update_and_delete_is_logged_with_before_and_after(db: Database) -> None:
    with session_scope(db) as session:
        engagement = add_engagement(session)
        visit = add_visit(session, engagement, notes="初回面談。")
        session.commit()
        visit.notes = "初回面談。強みは仕込み水。"
        session.commit()
        session.delete(visit)
        session.commit()
        entries = session.exec(
            select(ChangeLog).where(ChangeLog.entity_id == visit.id).order_by(col(ChangeLog.at))
        ).all()
    assert [entry.operation for entry in entries] == ["create", "update", "delete"]
    create, update, delete = entries
    assert json.loads(create.after or "")["notes"] == "初回面談。"
    assert json.loads(update.before or "")["notes"] == "初回面談。"
    assert json.loads(update.after or "")["notes"] == "初回面談。強みは仕込み水。"
    assert json.loads(delete.before or "")["notes"] == "初回面談。強みは仕込み水。"
    assert delete.after is None


def test_check_finds_and_repairs_a_damaged_search_index(db: Database) -> None:
    with session_scope(db) as session:
        add_visit(session, add_engagement(session), notes="販路開拓の相談。")
        session.commit()
    with db.engine.begin() as connection:
        connection.exec_driver_sql("DELETE FROM search_fts")
    report = check_database(db)
    assert not report.ok and any("検索索引" in p for p in report.problems)
    repaired = check_database(db, repair=True)
    assert repaired.ok and repaired.repaired
    assert check_database(db).ok
    assert _found(db, "販路開拓")


def test_check_finds_a_lost_change_log_entry_and_a_clock_that_went_back(db: Database) -> None:
    with session_scope(db) as session:
        engagement = add_engagement(session)
        add_visit(session, engagement, notes="販路開拓の相談。")
        add_visit(session, engagement, notes="補助金申請の打合せ。")
        session.commit()
    assert check_database(db).ok
    with db.engine.begin() as connection:
        connection.exec_driver_sql(
            "DELETE FROM changelog WHERE sequence = (SELECT MAX(sequence) - 1 FROM changelog)")
        connection.exec_driver_sql(
            "UPDATE changelog SET hlc = 0 WHERE sequence = (SELECT MAX(sequence) FROM changelog)")
    problems = check_database(db).problems
    assert any("変更履歴に欠番があります" in p for p in problems), problems
    assert any("変更履歴の時刻が逆行しています" in p for p in problems), problems


def test_a_failed_use_case_writes_nothing(db: Database) -> None:
    with pytest.raises(RuntimeError), session_scope(db) as session:
        add_visit(session, add_engagement(session), notes="途中で失敗する記録")
        session.flush()
        raise RuntimeError("boom")
    with session_scope(db, write=False) as session:
        assert session.exec(select(Visit)).all() == []
        assert session.exec(select(ChangeLog)).all() == []


def _automerge(db: Database) -> str | None:
    with db.engine.connect() as connection:
        return connection.exec_driver_sql(
            "SELECT v FROM search_fts_config WHERE k = 'automerge'").scalar()


@pytest.mark.parametrize("set_before", [None, 8])
def test_a_rebuild_finds_every_text_and_leaves_the_index_merging_as_before(
        db: Database, set_before: int | None) -> None:
    """The refill postpones FTS5's merging (it is faster so); afterwards later writes
    merge as they did before: by default, or as someone had set it."""
    with session_scope(db) as session:
        engagement = add_engagement(session)
        for month in range(4, 10):
            add_visit(session, engagement, notes=f"{month}月の試飲会の集客を振り返った。")
        session.commit()
    if set_before is not None:
        with db.engine.begin() as connection:
            connection.exec_driver_sql(
                f"INSERT INTO search_fts(search_fts, rank) VALUES ('automerge', {set_before})")
    with db.engine.begin() as connection:
        assert rebuild(connection) == 7  # six visits and the engagement
    assert len(_found(db, "試飲会")) == 6
    assert _automerge(db) == (4 if set_before is None else set_before)
    assert check_database(db).ok
