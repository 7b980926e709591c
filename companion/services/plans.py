"""An engagement's multi-year action plan: reading it with progress rolled up, editing
and moving items, carrying an action over to the next fiscal year, saving the agreed
plan (a baseline) and comparing the plan with it; and the plan actions due soon for
ホーム.

Each write is one use case and one transaction: the pure plan functions
(``companion.domain.plan``) decide what changes, the whole change is checked, then
written. A refusal is a ``ValidationError`` naming the field; nothing is saved half-way.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session, col, func, select

from companion.db.models import Client, Engagement, PlanBaseline, PlanItem, VisitAction
from companion.db.reads import driver_connection
from companion.db.reads.plans import PlanListRow as PlanListRow
from companion.db.reads.plans import plan_list_rows, plan_nodes
from companion.domain.calendar import fiscal_year_label
from companion.domain.enums import EngagementStatus, Owner, PlanLevel, PlanStatus
from companion.domain.plan import (
    Placement,
    PlanDiff,
    PlanForest,
    PlanNode,
    Rollup,
    carry_over,
    check_due_within_period,
    child_level,
    covered_fiscal_years,
    diff_plans,
    indent,
    nodes_from_snapshot,
    outdent,
    place,
    roll_up,
    shift,
    snapshot,
    subtree_deletion_order,
    year_rollup,
)
from companion.errors import EngagementNotFound, NotFoundError, ValidationError

TITLE_LIMIT = 200
NOTES_LIMIT = 4000
DUE_SOON_DAYS = 7
LIST_LIMIT = 50
OPEN_STATUSES = [status.value for status in EngagementStatus if status.is_open]


@dataclass(frozen=True)
class PlanItemDraft:
    """What the item form edits."""

    title: str
    owner: Owner = Owner.JOINT
    due_on: date | None = None
    status: PlanStatus = PlanStatus.NOT_STARTED
    progress: int = 0
    notes: str = ""


@dataclass(frozen=True)
class PlanRow:
    """One item as the plan screen shows it."""

    id: uuid.UUID
    parent_id: uuid.UUID | None
    level: PlanLevel
    fiscal_year: int
    position: int
    depth: int
    title: str
    owner: Owner
    due_on: date | None
    status: PlanStatus
    progress: int  # its own (an action's, or what was typed for an item with no actions)
    notes: str
    rollup: Rollup  # what is shown: rolled up from the actions below
    has_children: bool

    @property
    def draft(self) -> PlanItemDraft:
        return PlanItemDraft(title=self.title, owner=self.owner, due_on=self.due_on,
                             status=self.status, progress=self.progress, notes=self.notes)


@dataclass(frozen=True)
class BaselineInfo:
    id: uuid.UUID
    agreed_on: date
    label: str
    items: int


@dataclass(frozen=True)
class PlanOverview:
    engagement_id: uuid.UUID
    engagement_title: str
    start_on: date
    planned_end_on: date | None
    fiscal_years: tuple[int, ...]  # the years the plan may use, and any holding items
    rows: tuple[PlanRow, ...]  # display order
    years: dict[int, Rollup]
    baselines: tuple[BaselineInfo, ...]  # newest first
    compared_with: BaselineInfo | None
    diff: PlanDiff | None  # against ``compared_with``
    baseline_rows: dict[uuid.UUID, PlanNode]  # the compared baseline's items by id

    def row(self, item_id: uuid.UUID) -> PlanRow:
        return next(row for row in self.rows if row.id == item_id)


# --- reading -------------------------------------------------------------------------

def _engagement(session: Session, engagement_id: uuid.UUID) -> Engagement:
    engagement = session.get(Engagement, engagement_id)
    if engagement is None:
        raise EngagementNotFound(engagement_id)
    return engagement


def _items(session: Session, engagement_id: uuid.UUID) -> list[PlanItem]:
    return list(session.exec(select(PlanItem).where(PlanItem.engagement_id == engagement_id)))


def _node(item: PlanItem) -> PlanNode:
    return PlanNode(id=item.id, parent_id=item.parent_id, level=PlanLevel(item.level),
                    fiscal_year=item.fiscal_year, position=item.position, title=item.title,
                    owner=Owner(item.owner), due_on=item.due_on,
                    status=PlanStatus(item.status), progress=item.progress, notes=item.notes)


def _years(engagement: Engagement, forest: PlanForest, today: date) -> list[int]:
    covered = covered_fiscal_years(engagement.start_on, engagement.planned_end_on, today=today)
    return sorted(set(covered) | set(forest.fiscal_years()))


def plan_overview(*, session: Session, engagement_id: uuid.UUID,
                  baseline_id: uuid.UUID | None = None, compare: bool = True,
                  today: date | None = None) -> PlanOverview:
    """The plan with progress rolled up, the saved baselines, and the changes since the
    chosen baseline (the newest when ``baseline_id`` is None; none when not ``compare``)."""
    today = today or date.today()
    engagement = _engagement(session, engagement_id)
    forest = PlanForest(plan_nodes(driver_connection(session), engagement_id))
    rollups = roll_up(forest)
    rows = tuple(
        PlanRow(id=node.id, parent_id=forest.parent_of(node), level=node.level,
                fiscal_year=node.fiscal_year, position=node.position, depth=depth,
                title=node.title, owner=node.owner, due_on=node.due_on, status=node.status,
                progress=node.progress, notes=node.notes, rollup=rollups[node.id],
                has_children=bool(forest.children_of(node)))
        for node, depth in forest.ordered())
    years = _years(engagement, forest, today)
    baselines = list(session.exec(
        select(PlanBaseline).where(PlanBaseline.engagement_id == engagement_id)
        .order_by(col(PlanBaseline.agreed_on).desc(), col(PlanBaseline.created_at).desc())))
    infos = tuple(BaselineInfo(id=b.id, agreed_on=b.agreed_on, label=b.label,
                               items=len(json.loads(b.snapshot))) for b in baselines)
    chosen = None
    if compare and baselines:
        chosen = next((b for b in baselines if b.id == baseline_id), baselines[0])
    diff, before = None, {}
    if chosen is not None:
        baseline_nodes = nodes_from_snapshot(json.loads(chosen.snapshot))
        before = {node.id: node for node in baseline_nodes}
        diff = diff_plans(baseline_nodes, forest.nodes.values())
    return PlanOverview(
        engagement_id=engagement.id, engagement_title=engagement.title,
        start_on=engagement.start_on, planned_end_on=engagement.planned_end_on,
        fiscal_years=tuple(years), rows=rows,
        years={year: year_rollup(forest.nodes.values(), year) for year in years},
        baselines=infos,
        compared_with=next((i for i in infos if chosen and i.id == chosen.id), None),
        diff=diff, baseline_rows=before)


# --- writing -------------------------------------------------------------------------

def _clean(draft: PlanItemDraft, engagement: Engagement, *, level: PlanLevel) -> PlanItemDraft:
    title = " ".join(draft.title.split())
    if not title:
        raise ValidationError("項目名を入力してください。", field="title")
    if len(title) > TITLE_LIMIT:
        raise ValidationError("項目名は{title_limit}文字以内にしてください(いま{count}文字)。",
                              field="title", title_limit=TITLE_LIMIT, count=len(title))
    try:
        owner, status = Owner(draft.owner), PlanStatus(draft.status)
    except ValueError:
        raise ValidationError("担当と状況を選んでください。", field="owner") from None
    check_due_within_period(draft.due_on, engagement.start_on, engagement.planned_end_on)
    progress = draft.progress
    if not 0 <= progress <= 100:
        raise ValidationError("進捗は0〜100%で入力してください。", field="progress")
    if status == PlanStatus.DONE:
        progress = 100
    elif status == PlanStatus.NOT_STARTED and level == PlanLevel.ACTION and progress == 100:
        progress = 0
    notes = draft.notes.strip()
    if len(notes) > NOTES_LIMIT:
        raise ValidationError("メモは{notes_limit}文字以内にしてください。", field="notes", notes_limit=NOTES_LIMIT)
    return PlanItemDraft(title=title, owner=owner, due_on=draft.due_on, status=status,
                         progress=progress, notes=notes)


def _item(session: Session, item_id: uuid.UUID) -> PlanItem:
    item = session.get(PlanItem, item_id)
    if item is None:
        raise NotFoundError("計画の項目が見つかりません(削除された可能性があります)。")
    return item


def _forest_of(session: Session, engagement_id: uuid.UUID) -> tuple[PlanForest, dict[uuid.UUID, PlanItem]]:
    items = _items(session, engagement_id)
    return PlanForest(_node(item) for item in items), {item.id: item for item in items}


def _apply(items: dict[uuid.UUID, PlanItem], placements: dict[uuid.UUID, Placement]) -> None:
    for item_id, placement in placements.items():
        item = items[item_id]
        item.parent_id = placement.parent_id
        item.fiscal_year = placement.fiscal_year
        item.position = placement.position
        item.level = placement.level


def _check_year(engagement: Engagement, forest: PlanForest, fiscal_year: int,
                today: date) -> None:
    years = covered_fiscal_years(engagement.start_on, engagement.planned_end_on, today=today)
    if fiscal_year not in years:
        raise ValidationError(
            "{year}は案件の期間に含まれません({first}〜{last})。",
            field="fiscal_year", year=fiscal_year_label(fiscal_year), first=fiscal_year_label(years[0]), last=fiscal_year_label(years[-1]))


def add_plan_item(*, session: Session, engagement_id: uuid.UUID, fiscal_year: int,
                  draft: PlanItemDraft, parent_id: uuid.UUID | None = None,
                  after_id: uuid.UUID | None = None, today: date | None = None) -> uuid.UUID:
    """Add a goal (no parent), milestone or action (its level follows its parent),
    right after ``after_id`` among its siblings, or last."""
    engagement = _engagement(session, engagement_id)
    forest, items = _forest_of(session, engagement_id)
    level = child_level(forest, parent_id)
    if parent_id is not None:
        fiscal_year = forest.get(parent_id).fiscal_year
    else:
        _check_year(engagement, forest, fiscal_year, today or date.today())
    clean = _clean(draft, engagement, level=level)
    siblings = forest.children(parent_id, fiscal_year)
    index = len(siblings)
    if after_id is not None and after_id in {s.id for s in siblings}:
        index = [s.id for s in siblings].index(after_id) + 1
    item = PlanItem(engagement_id=engagement_id, parent_id=parent_id, level=level,
                    fiscal_year=fiscal_year, position=index, title=clean.title,
                    owner=clean.owner, due_on=clean.due_on, status=clean.status,
                    progress=clean.progress, notes=clean.notes)
    for position, sibling in enumerate([*siblings[:index], None, *siblings[index:]]):
        if sibling is not None and items[sibling.id].position != position:
            items[sibling.id].position = position
    session.add(item)
    session.commit()
    return item.id


def update_plan_item(*, session: Session, item_id: uuid.UUID, draft: PlanItemDraft) -> None:
    item = _item(session, item_id)
    engagement = _engagement(session, item.engagement_id)
    clean = _clean(draft, engagement, level=PlanLevel(item.level))
    item.title, item.owner, item.due_on = clean.title, clean.owner, clean.due_on
    item.status, item.progress, item.notes = clean.status, clean.progress, clean.notes
    session.commit()


def set_plan_item_status(*, session: Session, item_id: uuid.UUID, status: PlanStatus) -> None:
    """Quick status change (完了にする): a done item is at 100 %."""
    item = _item(session, item_id)
    item.status = PlanStatus(status)
    if item.status == PlanStatus.DONE:
        item.progress = 100
    session.commit()


def _move(session: Session, item_id: uuid.UUID,
          decide: Callable[[PlanForest], dict[uuid.UUID, Placement]]) -> None:
    item = _item(session, item_id)
    forest, items = _forest_of(session, item.engagement_id)
    placements = decide(forest)
    _apply(items, placements)
    session.commit()


def move_plan_item(*, session: Session, item_id: uuid.UUID, parent_id: uuid.UUID | None,
                   fiscal_year: int, index: int | None = None,
                   today: date | None = None) -> None:
    """Move an item and everything below it (drag and drop)."""
    item = _item(session, item_id)
    engagement = _engagement(session, item.engagement_id)
    forest, items = _forest_of(session, item.engagement_id)
    if parent_id is None:
        _check_year(engagement, forest, fiscal_year, today or date.today())
    placements = place(forest, item_id, parent_id=parent_id, fiscal_year=fiscal_year,
                       index=index)
    _apply(items, placements)
    session.commit()


def indent_plan_item(*, session: Session, item_id: uuid.UUID) -> None:
    _move(session, item_id, lambda forest: indent(forest, item_id))


def outdent_plan_item(*, session: Session, item_id: uuid.UUID) -> None:
    _move(session, item_id, lambda forest: outdent(forest, item_id))


def shift_plan_item(*, session: Session, item_id: uuid.UUID, delta: int) -> None:
    """Up (-1) or down (+1) among its siblings."""
    _move(session, item_id, lambda forest: shift(forest, item_id, delta))


def delete_plan_item(*, session: Session, item_id: uuid.UUID) -> int:
    """Delete an item and everything below it; visit actions that pointed at them stay,
    unlinked. Returns how many items went. Undo brings them back."""
    item = _item(session, item_id)
    forest, items = _forest_of(session, item.engagement_id)
    levels = subtree_deletion_order(forest, item_id)
    gone = [node.id for level in levels for node in level]
    for action in session.exec(select(VisitAction).where(col(VisitAction.plan_item_id).in_(gone))):
        action.plan_item_id = None
    session.flush()
    # Children before parents, one flush per level, so the change log (and an undo that
    # replays it backwards) never meets a row pointing at a missing parent.
    for level in levels:
        for node in level:
            session.delete(items[node.id])
        session.flush()
    siblings = [s for s in forest.siblings_of(forest.get(item_id)) if s.id != item_id]
    for position, sibling in enumerate(siblings):
        if items[sibling.id].position != position:
            items[sibling.id].position = position
    session.commit()
    return len(gone)


def copy_to_next_fiscal_year(*, session: Session, item_id: uuid.UUID) -> uuid.UUID:
    """Copy an unfinished action into the next fiscal year, under the goal and milestone
    of the same names (made when missing). Returns the new action's id."""
    item = _item(session, item_id)
    engagement = _engagement(session, item.engagement_id)
    forest, _items_by_id = _forest_of(session, item.engagement_id)
    years = covered_fiscal_years(engagement.start_on, engagement.planned_end_on,
                                 today=date.today())
    created = carry_over(forest, item_id, covered_years=years,
                         planned_end_on=engagement.planned_end_on)
    for node in created:  # parents first, each flushed before its children
        check_due_within_period(node.due_on, engagement.start_on, engagement.planned_end_on)
        session.add(PlanItem(id=node.id, engagement_id=engagement.id, parent_id=node.parent_id,
                             level=node.level, fiscal_year=node.fiscal_year,
                             position=node.position, title=node.title, owner=node.owner,
                             due_on=node.due_on, status=node.status, progress=node.progress,
                             notes=node.notes))
        session.flush()
    session.commit()
    return created[-1].id


def save_baseline(*, session: Session, engagement_id: uuid.UUID, agreed_on: date,
                  label: str = "") -> uuid.UUID:
    """合意した計画として保存: freeze the plan as it is, with the day it was agreed."""
    engagement = _engagement(session, engagement_id)
    forest, _items_by_id = _forest_of(session, engagement_id)
    if not forest.nodes:
        raise ValidationError("計画の項目がまだないため、合意した計画として保存できません。",
                              field="plan")
    if agreed_on < engagement.start_on - timedelta(days=365):
        raise ValidationError("合意日が案件の開始より1年以上前になっています。", field="agreed_on")
    text = " ".join(label.split())
    if len(text) > TITLE_LIMIT:
        raise ValidationError("名称は{title_limit}文字以内にしてください。", field="label", title_limit=TITLE_LIMIT)
    baseline = PlanBaseline(engagement_id=engagement_id, agreed_on=agreed_on, label=text,
                            snapshot=json.dumps(snapshot(forest), ensure_ascii=False))
    session.add(baseline)
    session.commit()
    return baseline.id


# --- ホーム: plan actions due this week or overdue -------------------------------------

@dataclass(frozen=True)
class DueAction:
    item_id: uuid.UUID
    engagement_id: uuid.UUID
    engagement_title: str
    client_name: str
    title: str
    owner: Owner
    due_on: date
    status: PlanStatus
    progress: int


@dataclass(frozen=True)
class DueActions:
    today: date
    overdue_count: int
    due_soon_count: int
    items: tuple[DueAction, ...]  # overdue first (oldest first), then due soon; at most LIST_LIMIT


def plan_actions_due(*, session: Session, today: date, days: int = DUE_SOON_DAYS,
                     limit: int = LIST_LIMIT) -> DueActions:
    """Unfinished plan actions due within ``days`` or overdue, on open engagements."""
    conditions = (
        PlanItem.level == PlanLevel.ACTION,
        col(PlanItem.status).in_([PlanStatus.NOT_STARTED.value, PlanStatus.IN_PROGRESS.value,
                                  PlanStatus.ON_HOLD.value]),
        col(PlanItem.due_on).is_not(None),
        col(PlanItem.due_on) <= today + timedelta(days=days),
        col(Engagement.archived).is_(False),
        col(Engagement.status).in_(OPEN_STATUSES),
    )
    overdue = session.exec(
        select(func.count()).select_from(PlanItem)
        .join(Engagement, col(Engagement.id) == PlanItem.engagement_id)
        .where(*conditions, col(PlanItem.due_on) < today)).one()
    total = session.exec(
        select(func.count()).select_from(PlanItem)
        .join(Engagement, col(Engagement.id) == PlanItem.engagement_id)
        .where(*conditions)).one()
    rows = session.exec(
        select(PlanItem, Engagement.title, Client.name)
        .join(Engagement, col(Engagement.id) == PlanItem.engagement_id)
        .join(Client, col(Client.id) == Engagement.client_id)
        .where(*conditions)
        .order_by(col(PlanItem.due_on), col(Engagement.title), col(PlanItem.title))
        .limit(limit)).all()
    return DueActions(
        today=today, overdue_count=overdue, due_soon_count=total - overdue,
        items=tuple(
            DueAction(item_id=item.id, engagement_id=item.engagement_id, engagement_title=title,
                      client_name=client, title=item.title, owner=Owner(item.owner),
                      due_on=item.due_on, status=PlanStatus(item.status),
                      progress=item.progress)
            for item, title, client in rows if item.due_on is not None))



# --- the command line's listing -----------------------------------------------------------

def plan_listing(*, session: Session, engagement_id: uuid.UUID) -> list[PlanListRow]:
    """``companion list plan`` (``db.reads.plans.plan_list_rows``)."""
    return plan_list_rows(driver_connection(session), engagement_id=engagement_id)
