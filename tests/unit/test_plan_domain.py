"""The plan as pure data: roll-up, moves (and the moves refused), carry-over, baselines."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date

import pytest

from companion.domain.enums import Owner, PlanLevel, PlanStatus
from companion.domain.plan import (
    PlanForest,
    PlanNode,
    carry_over,
    check_due_within_period,
    child_level,
    covered_fiscal_years,
    diff_plans,
    indent,
    next_year_day,
    nodes_from_snapshot,
    outdent,
    place,
    roll_up,
    shift,
    snapshot,
    subtree_deletion_order,
    with_placements,
    year_rollup,
)
from companion.errors import ValidationError

FY = 2025


def node(title: str, level: PlanLevel, parent: PlanNode | None = None, *, position: int = 0,
         status: PlanStatus = PlanStatus.NOT_STARTED, progress: int = 0,
         due: date | None = None, year: int = FY) -> PlanNode:
    return PlanNode(id=uuid.uuid4(), parent_id=parent.id if parent else None, level=level,
                    fiscal_year=year, position=position, title=title, owner=Owner.JOINT,
                    due_on=due, status=status, progress=progress)


@pytest.fixture
def plan() -> dict[str, PlanNode]:
    """令和7年度: a goal, two milestones, three actions."""
    goal = node("首都圏の取扱店を3店に増やす", PlanLevel.GOAL, due=date(2026, 3, 31))
    tasting = node("試飲会で酒販店とつながる", PlanLevel.MILESTONE, goal, position=0)
    online = node("自社サイトで直販を始める", PlanLevel.MILESTONE, goal, position=1)
    return {
        "goal": goal, "tasting": tasting, "online": online,
        "list": node("酒販店リストを作る", PlanLevel.ACTION, tasting, position=0,
                     status=PlanStatus.DONE, due=date(2025, 6, 30)),
        "event": node("試飲会を開く", PlanLevel.ACTION, tasting, position=1,
                      status=PlanStatus.IN_PROGRESS, progress=40, due=date(2025, 9, 30)),
        "shop": node("ネットショップを開設する", PlanLevel.ACTION, online, position=0,
                     due=date(2025, 12, 15)),
    }


def forest_of(plan: dict[str, PlanNode]) -> PlanForest:
    return PlanForest(plan.values())


def test_progress_rolls_up_from_actions_to_milestones_to_the_goal(plan: dict[str, PlanNode]) -> None:
    rollups = roll_up(plan.values())
    assert rollups[plan["list"].id].progress == 100
    assert rollups[plan["event"].id].progress == 40
    assert rollups[plan["tasting"].id].progress == 70  # (100 + 40) / 2
    assert rollups[plan["tasting"].id].status == PlanStatus.IN_PROGRESS
    assert rollups[plan["online"].id].progress == 0
    assert rollups[plan["online"].id].status == PlanStatus.NOT_STARTED
    # The goal averages its actions, not its milestones: (100 + 40 + 0) / 3.
    assert rollups[plan["goal"].id].progress == 47
    assert (rollups[plan["goal"].id].actions, rollups[plan["goal"].id].done) == (3, 1)
    assert year_rollup(plan.values(), FY).progress == 47


def test_dropped_actions_do_not_count_and_all_done_makes_the_parent_done(
        plan: dict[str, PlanNode]) -> None:
    plan["event"] = replace(plan["event"], status=PlanStatus.DROPPED)
    plan["shop"] = replace(plan["shop"], status=PlanStatus.DONE, progress=100)
    rollups = roll_up(plan.values())
    assert rollups[plan["tasting"].id].progress == 100
    assert rollups[plan["goal"].id].status == PlanStatus.DONE
    assert rollups[plan["goal"].id].actions == 2


def test_an_item_without_actions_keeps_its_own_progress() -> None:
    goal = node("販路を広げる", PlanLevel.GOAL, status=PlanStatus.IN_PROGRESS, progress=30)
    assert roll_up([goal])[goal.id].progress == 30
    assert year_rollup([goal], FY).actions == 0


def test_indent_makes_an_item_the_last_child_of_the_one_above(plan: dict[str, PlanNode]) -> None:
    plan["press"] = node("地元紙に取り上げてもらう", PlanLevel.MILESTONE, plan["goal"], position=2)
    forest = forest_of(plan)
    changes = indent(forest, plan["press"].id)
    moved = changes[plan["press"].id]
    assert moved.parent_id == plan["online"].id
    assert moved.level == PlanLevel.ACTION
    assert moved.position == 1  # after ネットショップを開設する
    # 自社サイト has an action below it: indented, that action would sit below an action.
    with pytest.raises(ValidationError, match="アクションの下には") as raised:
        indent(forest, plan["online"].id)
    assert raised.value.field == "parent"


def test_indent_needs_an_item_above_and_outdent_needs_a_parent(plan: dict[str, PlanNode]) -> None:
    forest = forest_of(plan)
    with pytest.raises(ValidationError, match="字下げできません") as raised:
        indent(forest, plan["tasting"].id)
    assert raised.value.field == "parent"
    with pytest.raises(ValidationError, match="字上げできません"):
        outdent(forest, plan["goal"].id)


def test_outdent_places_the_item_right_after_its_parent(plan: dict[str, PlanNode]) -> None:
    forest = forest_of(plan)
    changes = outdent(forest, plan["event"].id)
    assert changes[plan["event"].id].parent_id == plan["goal"].id
    assert changes[plan["event"].id].level == PlanLevel.MILESTONE
    assert changes[plan["event"].id].position == 1
    assert changes[plan["online"].id].position == 2  # pushed down one


def test_moving_an_item_under_its_own_descendant_is_a_cycle(plan: dict[str, PlanNode]) -> None:
    forest = forest_of(plan)
    with pytest.raises(ValidationError, match="循環") as raised:
        place(forest, plan["goal"].id, parent_id=plan["tasting"].id, fiscal_year=FY)
    assert raised.value.field == "parent"
    with pytest.raises(ValidationError, match="循環"):
        place(forest, plan["tasting"].id, parent_id=plan["tasting"].id, fiscal_year=FY)


def test_moving_a_goal_to_another_year_takes_its_subtree_along(plan: dict[str, PlanNode]) -> None:
    forest = forest_of(plan)
    changes = place(forest, plan["goal"].id, parent_id=None, fiscal_year=FY + 1)
    assert {item for item, p in changes.items() if p.fiscal_year == FY + 1} == {
        n.id for n in plan.values()}
    moved = PlanForest(with_placements(plan.values(), changes))
    assert [n.title for n, _ in moved.ordered([FY + 1])][:2] == [
        "首都圏の取扱店を3店に増やす", "試飲会で酒販店とつながる"]


def test_shift_moves_within_siblings_and_stops_at_the_ends(plan: dict[str, PlanNode]) -> None:
    forest = forest_of(plan)
    changes = shift(forest, plan["event"].id, -1)
    assert changes[plan["event"].id].position == 0
    assert changes[plan["list"].id].position == 1
    with pytest.raises(ValidationError, match="これ以上上へ"):
        shift(forest, plan["list"].id, -1)
    with pytest.raises(ValidationError, match="これ以上下へ"):
        shift(forest, plan["event"].id, +1)


def test_a_move_to_the_same_place_changes_nothing(plan: dict[str, PlanNode]) -> None:
    forest = forest_of(plan)
    assert place(forest, plan["event"].id, parent_id=plan["tasting"].id, fiscal_year=FY,
                 index=1) == {}


def test_new_items_take_the_level_below_their_parent(plan: dict[str, PlanNode]) -> None:
    forest = forest_of(plan)
    assert child_level(forest, None) == PlanLevel.GOAL
    assert child_level(forest, plan["goal"].id) == PlanLevel.MILESTONE
    assert child_level(forest, plan["tasting"].id) == PlanLevel.ACTION
    with pytest.raises(ValidationError, match="アクションの下には"):
        child_level(forest, plan["list"].id)


def test_deletion_goes_deepest_first(plan: dict[str, PlanNode]) -> None:
    levels = subtree_deletion_order(forest_of(plan), plan["goal"].id)
    assert [len(level) for level in levels] == [3, 2, 1]
    assert levels[-1] == [plan["goal"]]


def test_an_orphan_or_a_parent_loop_never_hides_an_item_or_hangs() -> None:
    a = node("A", PlanLevel.GOAL)
    b = node("B", PlanLevel.MILESTONE, a)
    a = replace(a, parent_id=b.id)  # a loop in bad data
    orphan = replace(node("C", PlanLevel.ACTION), parent_id=uuid.uuid4())
    ordered = PlanForest([a, b, orphan]).ordered()
    assert {n.title for n, _ in ordered} >= {"C"}
    assert len(ordered) <= 3


def test_carrying_an_unfinished_action_into_the_next_year(plan: dict[str, PlanNode]) -> None:
    forest = forest_of(plan)
    created = carry_over(forest, plan["event"].id, covered_years=[FY, FY + 1, FY + 2],
                         planned_end_on=date(2028, 3, 31))
    goal, milestone, action = created
    assert [n.level for n in created] == [PlanLevel.GOAL, PlanLevel.MILESTONE, PlanLevel.ACTION]
    assert all(n.fiscal_year == FY + 1 for n in created)
    assert milestone.parent_id == goal.id and action.parent_id == milestone.id
    assert action.title == "試飲会を開く"
    assert action.due_on == date(2026, 9, 30)
    assert (action.status, action.progress) == (PlanStatus.NOT_STARTED, 0)
    assert "令和7年度から繰り越し" in action.notes

    # A second carry-over finds the goal and milestone made the first time.
    again = carry_over(PlanForest([*plan.values(), *created]), plan["shop"].id,
                       covered_years=[FY, FY + 1], planned_end_on=date(2027, 3, 31))
    assert len(again) == 2  # the 自社サイト milestone, then the action
    assert again[0].parent_id == goal.id


def test_carry_over_refusals(plan: dict[str, PlanNode]) -> None:
    forest = forest_of(plan)
    with pytest.raises(ValidationError, match="完了"):
        carry_over(forest, plan["list"].id, covered_years=[FY, FY + 1], planned_end_on=None)
    with pytest.raises(ValidationError, match="期間に含まれない") as raised:
        carry_over(forest, plan["event"].id, covered_years=[FY], planned_end_on=date(2026, 3, 31))
    assert raised.value.field == "fiscal_year"
    with pytest.raises(ValidationError, match="アクションだけ"):
        carry_over(forest, plan["goal"].id, covered_years=[FY, FY + 1], planned_end_on=None)


def test_the_due_date_moves_a_year_but_never_past_the_planned_end() -> None:
    assert next_year_day(date(2024, 2, 29)) == date(2025, 2, 28)
    action = node("決算書を読み解く", PlanLevel.ACTION, due=date(2026, 3, 31))
    created = carry_over(PlanForest([action]), action.id, covered_years=[FY, FY + 1],
                         planned_end_on=date(2027, 1, 31))
    assert created[-1].due_on == date(2027, 1, 31)


def test_due_dates_outside_the_engagement_period_are_refused() -> None:
    check_due_within_period(date(2025, 4, 1), date(2025, 4, 1), date(2028, 3, 31))
    with pytest.raises(ValidationError, match=r"期日 2028/04/15 は案件の期間\(2025/04/01〜2028/03/31\)の外") as raised:
        check_due_within_period(date(2028, 4, 15), date(2025, 4, 1), date(2028, 3, 31))
    assert raised.value.field == "due_on"
    with pytest.raises(ValidationError):
        check_due_within_period(date(2025, 3, 31), date(2025, 4, 1), None)


def test_covered_fiscal_years_of_open_ended_engagements() -> None:
    assert covered_fiscal_years(date(2025, 4, 1), date(2028, 3, 31), today=date(2025, 5, 1)) == [
        2025, 2026, 2027]
    assert covered_fiscal_years(date(2025, 10, 1), None, today=date(2025, 11, 20)) == [
        2025, 2026]


def test_a_baseline_round_trips_and_the_diff_finds_added_removed_and_moved_dates(
        plan: dict[str, PlanNode]) -> None:
    agreed = nodes_from_snapshot(snapshot(plan.values()))
    assert {n.id: n for n in agreed} == {n.id: replace(n, notes="") for n in plan.values()}

    later = dict(plan)
    later["event"] = replace(plan["event"], due_on=date(2025, 10, 31))
    later["goal"] = replace(plan["goal"], title="首都圏の取扱店を5店に増やす")
    del later["shop"]
    later["sns"] = node("SNSで蔵の日常を発信する", PlanLevel.ACTION, plan["online"], position=0)
    diff = diff_plans(agreed, later.values())
    assert [n.title for n in diff.added] == ["SNSで蔵の日常を発信する"]
    assert [n.title for n in diff.removed] == ["ネットショップを開設する"]
    assert [(c.before.due_on, c.after.due_on, c.days) for c in diff.rescheduled] == [
        (date(2025, 9, 30), date(2025, 10, 31), 31)]
    assert [c.after.title for c in diff.renamed] == ["首都圏の取扱店を5店に増やす"]
    assert diff.kind_of(later["sns"].id) == "added"
    assert diff.kind_of(later["event"].id) == "rescheduled"
    assert not diff.empty
    assert diff_plans(agreed, agreed).empty
