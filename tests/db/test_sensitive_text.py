"""The texts that name a financial or board tie are listed by triggers (migration 0009),
so the rule 未開示の関与の記述 reads those alone, not ten years of notes; the list follows
every insert, edit and delete, and ``check`` finds it out of step."""

from __future__ import annotations

import uuid
from datetime import date

from companion_testing.factories import add_engagement, add_visit
from sqlmodel import Session

from companion.db.database import Database
from companion.db.models import PlanItem
from companion.db.search_index import SENSITIVE_TEXT, rebuild, texts_naming_a_tie
from companion.domain.enums import Owner, PlanLevel, PlanStatus
from companion.domain.red_flags import SENSITIVE_WORDS
from companion.services.health import check_database
from companion.services.red_flags import sensitive_mentions
from companion.services.session import session_scope


def _listed(db: Database) -> set[str]:
    with db.engine.connect() as connection:
        return {row[0] for row in connection.exec_driver_sql(f"SELECT ref_id FROM {SENSITIVE_TEXT}")}


def test_every_stem_of_the_rule_lists_its_text(db: Database) -> None:
    """Fails when a stem is added to the rule without a migration that lists its texts."""
    with session_scope(db) as session:
        engagement = add_engagement(session)
        visits = {stem: add_visit(session, engagement, notes=f"社長と今後の体制について。{stem}の件は次回。")
                  for stem in SENSITIVE_WORDS}
        plain = add_visit(session, engagement, notes="道の駅での試飲会を提案した。")
        session.commit()
    listed = _listed(db)
    assert {stem for stem, visit in visits.items() if visit.id.hex in listed} == set(SENSITIVE_WORDS)
    assert plain.id.hex not in listed


def test_the_list_follows_edits_and_deletes_of_visits_and_plan_items(db: Database) -> None:
    with session_scope(db) as session:
        engagement = add_engagement(session)
        visit = add_visit(session, engagement, notes="販路開拓の打合せ。")
        item = _plan_item(session, engagement.id, title="新商品の試作")
        session.commit()
        assert _listed(db) == set()
        visit.notes = "支援者が取締役に就任する話が出た。"
        item.notes = "当センター長が出資を検討。"
        session.commit()
        assert _listed(db) == {visit.id.hex, item.id.hex}
        visit.notes = "販路開拓の打合せ。"
        session.commit()
        assert _listed(db) == {item.id.hex}
        session.delete(item)
        session.commit()
    assert _listed(db) == set()
    assert check_database(db).ok


def test_the_rule_finds_the_mention_through_the_list(db: Database) -> None:
    with session_scope(db) as session:
        engagement = add_engagement(session)
        visit = add_visit(session, engagement,
                          notes="社長から、当方にも出資してほしいとの打診があった。")
        add_visit(session, engagement, notes="試飲会の会場を道の駅と調整。")
        session.commit()
    with session_scope(db, write=False) as session:
        mentions = sensitive_mentions(session=session)
    assert [mention.ref_id for mention in mentions] == [visit.id]


def test_check_finds_the_list_out_of_step_and_repair_rebuilds_it(db: Database) -> None:
    with session_scope(db) as session:
        engagement = add_engagement(session)
        add_visit(session, engagement, notes="顧問契約の相談を受けた。")
        session.commit()
    with db.engine.begin() as connection:
        connection.exec_driver_sql(f"DELETE FROM {SENSITIVE_TEXT}")
    report = check_database(db)
    assert any("関与の記述の索引" in problem for problem in report.problems)
    with db.engine.begin() as connection:
        rebuild(connection)
    assert check_database(db).ok
    assert len(_listed(db)) == 1


def _plan_item(session: Session, engagement_id: uuid.UUID, *, title: str) -> PlanItem:
    item = PlanItem(engagement_id=engagement_id, fiscal_year=2025, level=PlanLevel.ACTION,
                    title=title, owner=Owner.JOINT, status=PlanStatus.NOT_STARTED,
                    due_on=date(2025, 9, 30))
    session.add(item)
    return item


def test_the_triggers_list_what_check_and_rebuild_read_from_the_text(db: Database) -> None:
    with session_scope(db) as session:
        engagement = add_engagement(session)
        for notes in ("株主総会の準備。", "取締役会の議事録を確認。", "理事長と面談。",
                      "道の駅の売場づくり。", "SNSの発信計画。", "報酬の話はなし。"):
            add_visit(session, engagement, notes=notes)
        _plan_item(session, engagement.id, title="役員体制の見直し")
        _plan_item(session, engagement.id, title="新商品の試作")
        session.commit()
    with db.engine.connect() as connection:
        read = texts_naming_a_tie(connection)
    assert read == _listed(db) and len(read) == 5
