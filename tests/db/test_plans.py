"""The plan use cases on a real database: each one transaction, refusals save nothing,
every edit can be undone and redone from the change log."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest
from companion_testing.factories import add_engagement
from sqlmodel import select

from companion.db.database import Database
from companion.db.models import Engagement, PlanItem, Visit, VisitAction
from companion.domain.enums import EngagementStatus, Owner, PlanLevel, PlanStatus, VisitMode
from companion.errors import ValidationError
from companion.services.plans import (
    PlanItemDraft,
    add_plan_item,
    copy_to_next_fiscal_year,
    delete_plan_item,
    indent_plan_item,
    move_plan_item,
    outdent_plan_item,
    plan_actions_due,
    plan_overview,
    save_baseline,
    set_plan_item_status,
    shift_plan_item,
    update_plan_item,
)
from companion.services.session import last_change_set, session_scope
from companion.services.undo import undo_change_set

TODAY = date(2025, 11, 20)


def run(db: Database, use_case: Callable[..., Any], **kwargs: Any) -> tuple[Any, uuid.UUID | None]:
    """One use case in its own session, as the DB worker runs it."""
    with session_scope(db) as session:
        result = use_case(session=session, **kwargs)
        return result, last_change_set(session)


def undo(db: Database, change_set: uuid.UUID | None) -> uuid.UUID:
    assert change_set is not None
    with session_scope(db) as session:
        return undo_change_set(session=session, change_set=change_set)


def titles(db: Database, engagement_id: uuid.UUID) -> list[tuple[int, str]]:
    with session_scope(db, write=False) as session:
        overview = plan_overview(session=session, engagement_id=engagement_id, today=TODAY)
        return [(row.depth, row.title) for row in overview.rows]


@pytest.fixture
def engagement_id(db: Database) -> uuid.UUID:
    with session_scope(db) as session:
        engagement = add_engagement(session)  # 2025/04/01 to 2028/03/31
        session.commit()
        return engagement.id


def draft(title: str, **changes: Any) -> PlanItemDraft:
    return PlanItemDraft(title=title, **changes)


@pytest.fixture
def plan(db: Database, engagement_id: uuid.UUID) -> dict[str, uuid.UUID]:
    def add(title: str, parent: uuid.UUID | None = None, **changes: Any) -> uuid.UUID:
        item_id, _ = run(db, add_plan_item, engagement_id=engagement_id, fiscal_year=2025,
                         parent_id=parent, draft=draft(title, **changes), today=TODAY)
        return item_id  # type: ignore[no-any-return]

    goal = add("首都圏の取扱店を3店に増やす", due_on=date(2026, 3, 31))
    tasting = add("試飲会で酒販店とつながる", goal)
    online = add("自社サイトで直販を始める", goal)
    return {
        "goal": goal, "tasting": tasting, "online": online,
        "list": add("酒販店リストを作る", tasting, owner=Owner.SUPPORTER, due_on=date(2025, 6, 30)),
        "event": add("試飲会を開く", tasting, owner=Owner.BUSINESS, due_on=date(2025, 11, 25)),
        "shop": add("ネットショップを開設する", online, due_on=date(2025, 12, 15)),
    }


def test_a_three_level_plan_with_levels_from_depth_and_rolled_up_progress(
        db: Database, engagement_id: uuid.UUID, plan: dict[str, uuid.UUID]) -> None:
    assert titles(db, engagement_id) == [
        (0, "首都圏の取扱店を3店に増やす"), (1, "試飲会で酒販店とつながる"), (2, "酒販店リストを作る"),
        (2, "試飲会を開く"), (1, "自社サイトで直販を始める"), (2, "ネットショップを開設する")]
    run(db, set_plan_item_status, item_id=plan["list"], status=PlanStatus.DONE)
    with session_scope(db, write=False) as session:
        overview = plan_overview(session=session, engagement_id=engagement_id, today=TODAY)
    assert overview.row(plan["goal"]).level == PlanLevel.GOAL
    assert overview.row(plan["shop"]).level == PlanLevel.ACTION
    assert overview.row(plan["tasting"]).rollup.progress == 50
    assert overview.row(plan["goal"]).rollup.progress == 33
    assert overview.years[2025].done == 1
    assert overview.fiscal_years == (2025, 2026, 2027)


def test_bad_input_is_refused_at_its_field_and_nothing_is_saved(
        db: Database, engagement_id: uuid.UUID, plan: dict[str, uuid.UUID]) -> None:
    before = titles(db, engagement_id)
    cases: list[tuple[Callable[..., Any], dict[str, Any], str, str]] = [
        (add_plan_item, {"engagement_id": engagement_id, "fiscal_year": 2025,
                         "parent_id": plan["tasting"], "draft": draft("  ")}, "title", "項目名を入力"),
        (add_plan_item, {"engagement_id": engagement_id, "fiscal_year": 2025,
                         "parent_id": plan["tasting"],
                         "draft": draft("商談会に出る", due_on=date(2028, 4, 15))},
         "due_on", "案件の期間"),
        (add_plan_item, {"engagement_id": engagement_id, "fiscal_year": 2030,
                         "draft": draft("事業承継")}, "fiscal_year", "含まれません"),
        (add_plan_item, {"engagement_id": engagement_id, "fiscal_year": 2025,
                         "parent_id": plan["list"], "draft": draft("下位")}, "parent", "アクションの下"),
        (update_plan_item, {"item_id": plan["event"],
                            "draft": draft("試飲会を開く", due_on=date(2025, 3, 1))}, "due_on",
         "期間"),
        (update_plan_item, {"item_id": plan["event"], "draft": draft("試飲会を開く", progress=120)},
         "progress", "0〜100"),
        (move_plan_item, {"item_id": plan["goal"], "parent_id": plan["list"], "fiscal_year": 2025},
         "parent", "循環"),
        (indent_plan_item, {"item_id": plan["tasting"]}, "parent", "字下げできません"),
    ]
    for use_case, kwargs, field, message in cases:
        with session_scope(db) as session, pytest.raises(ValidationError, match=message) as raised:
            use_case(session=session, **kwargs)
        assert raised.value.field == field, use_case.__name__
    assert titles(db, engagement_id) == before


def test_moves_indent_outdent_and_shift_are_each_one_undoable_change(
        db: Database, engagement_id: uuid.UUID, plan: dict[str, uuid.UUID]) -> None:
    original = titles(db, engagement_id)
    _, shifted = run(db, shift_plan_item, item_id=plan["event"], delta=-1)
    assert [t for _, t in titles(db, engagement_id)][2:4] == ["試飲会を開く", "酒販店リストを作る"]
    _, outdented = run(db, outdent_plan_item, item_id=plan["event"])
    assert (1, "試飲会を開く") in titles(db, engagement_id)
    _, indented = run(db, indent_plan_item, item_id=plan["event"])
    assert (2, "試飲会を開く") in titles(db, engagement_id)
    _, moved = run(db, move_plan_item, item_id=plan["goal"], parent_id=None, fiscal_year=2026,
                   index=0, today=TODAY)
    with session_scope(db, write=False) as session:
        overview = plan_overview(session=session, engagement_id=engagement_id, today=TODAY)
    assert {row.fiscal_year for row in overview.rows} == {2026}
    for change_set in (moved, indented, outdented, shifted):
        undo(db, change_set)
    assert titles(db, engagement_id) == original


def test_delete_takes_the_subtree_and_undo_brings_it_back_with_its_visit_link(
        db: Database, engagement_id: uuid.UUID, plan: dict[str, uuid.UUID]) -> None:
    with session_scope(db) as session:
        visit = Visit(engagement_id=engagement_id, started_at=datetime(2025, 6, 12, 1, tzinfo=UTC),
                      mode=VisitMode.ON_SITE)
        session.add(visit)
        session.flush()
        session.add(VisitAction(visit_id=visit.id, plan_item_id=plan["event"],
                                text="試飲会の案内状を送る", owner=Owner.BUSINESS))
        session.commit()
    original = titles(db, engagement_id)
    count, deleted = run(db, delete_plan_item, item_id=plan["tasting"])
    assert count == 3
    assert titles(db, engagement_id) == [(0, "首都圏の取扱店を3店に増やす"),
                                         (1, "自社サイトで直販を始める"),
                                         (2, "ネットショップを開設する")]
    with session_scope(db, write=False) as session:
        assert session.exec(select(VisitAction)).one().plan_item_id is None
        assert session.get(PlanItem, plan["online"]).position == 0  # type: ignore[union-attr]
    redo = undo(db, deleted)
    assert titles(db, engagement_id) == original
    with session_scope(db, write=False) as session:
        assert session.exec(select(VisitAction)).one().plan_item_id == plan["event"]
    undo(db, redo)
    assert len(titles(db, engagement_id)) == 3


def test_an_unfinished_action_is_copied_into_the_next_year_under_the_same_goal(
        db: Database, engagement_id: uuid.UUID, plan: dict[str, uuid.UUID]) -> None:
    new_id, copied = run(db, copy_to_next_fiscal_year, item_id=plan["event"])
    with session_scope(db, write=False) as session:
        overview = plan_overview(session=session, engagement_id=engagement_id, today=TODAY)
        copy = overview.row(new_id)
    assert copy.fiscal_year == 2026 and copy.due_on == date(2026, 11, 25)
    assert [(r.depth, r.title) for r in overview.rows if r.fiscal_year == 2026] == [
        (0, "首都圏の取扱店を3店に増やす"), (1, "試飲会で酒販店とつながる"), (2, "試飲会を開く")]
    run(db, set_plan_item_status, item_id=plan["list"], status=PlanStatus.DONE)
    with session_scope(db) as session, pytest.raises(ValidationError, match="完了"):
        copy_to_next_fiscal_year(session=session, item_id=plan["list"])
    undo(db, copied)
    with session_scope(db, write=False) as session:
        overview = plan_overview(session=session, engagement_id=engagement_id, today=TODAY)
    assert {row.fiscal_year for row in overview.rows} == {2025}


def test_the_agreed_plan_and_what_changed_since(db: Database, engagement_id: uuid.UUID,
                                                plan: dict[str, uuid.UUID]) -> None:
    with session_scope(db) as session, pytest.raises(ValidationError, match="項目がまだない"):
        other = add_engagement(session, client_name="丸福製麺所", title="事業承継")
        session.commit()
        save_baseline(session=session, engagement_id=other.id, agreed_on=TODAY)
    _, saved = run(db, save_baseline, engagement_id=engagement_id, agreed_on=date(2025, 4, 15),
                   label="令和7年度 当初計画")
    run(db, update_plan_item, item_id=plan["event"],
        draft=draft("試飲会を開く", owner=Owner.BUSINESS, due_on=date(2026, 1, 20)))
    run(db, add_plan_item, engagement_id=engagement_id, fiscal_year=2025,
        parent_id=plan["online"], draft=draft("SNSで蔵の日常を発信する"), today=TODAY)
    run(db, delete_plan_item, item_id=plan["list"])
    with session_scope(db, write=False) as session:
        overview = plan_overview(session=session, engagement_id=engagement_id, today=TODAY)
    assert overview.compared_with is not None
    assert overview.compared_with.label == "令和7年度 当初計画"
    assert overview.compared_with.items == 6
    diff = overview.diff
    assert diff is not None
    assert [n.title for n in diff.added] == ["SNSで蔵の日常を発信する"]
    assert [n.title for n in diff.removed] == ["酒販店リストを作る"]
    assert [(c.before.due_on, c.after.due_on) for c in diff.rescheduled] == [
        (date(2025, 11, 25), date(2026, 1, 20))]
    undo(db, saved)
    with session_scope(db, write=False) as session:
        assert plan_overview(session=session, engagement_id=engagement_id).diff is None


def test_home_lists_unfinished_actions_due_this_week_or_overdue_on_open_engagements(
        db: Database, engagement_id: uuid.UUID, plan: dict[str, uuid.UUID]) -> None:
    with session_scope(db, write=False) as session:
        due = plan_actions_due(session=session, today=TODAY)
    # 酒販店リスト (6/30) is overdue, 試飲会 (11/25) due in 5 days, ネットショップ (12/15) later.
    assert [item.title for item in due.items] == ["酒販店リストを作る", "試飲会を開く"]
    assert (due.overdue_count, due.due_soon_count) == (1, 1)
    run(db, set_plan_item_status, item_id=plan["list"], status=PlanStatus.DONE)
    with session_scope(db) as session:
        engagement = session.get(Engagement, engagement_id)
        assert engagement is not None
        engagement.status = EngagementStatus.CLOSED
        session.commit()
    with session_scope(db, write=False) as session:
        assert plan_actions_due(session=session, today=TODAY).items == ()


def test_a_new_item_goes_right_after_the_current_one(db: Database, engagement_id: uuid.UUID,
                                                      plan: dict[str, uuid.UUID]) -> None:
    run(db, add_plan_item, engagement_id=engagement_id, fiscal_year=2025,
        parent_id=plan["tasting"], after_id=plan["list"], draft=draft("試飲会の会場を押さえる"),
        today=TODAY)
    assert [t for _, t in titles(db, engagement_id)][2:5] == [
        "酒販店リストを作る", "試飲会の会場を押さえる", "試飲会を開く"]

