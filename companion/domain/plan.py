"""The action plan as pure data: a forest of goals -> milestones -> actions per fiscal
year, how progress rolls up, where an item may move, and what changed since the plan
the owner agreed to (a baseline).

Nothing here touches the database: services read rows into ``PlanNode``s, ask these
functions what to change, and write the answer in one transaction. Every refusal is a
``ValidationError`` with a Japanese message and the field it concerns.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from companion.domain.calendar import fiscal_year_label, fiscal_year_of, fiscal_years_between
from companion.domain.enums import Owner, PlanLevel, PlanStatus
from companion.errors import ValidationError

# A goal sits at the top of a fiscal year, a milestone under a goal, an action under a
# milestone: the level of an item is its depth.
LEVEL_BY_DEPTH: tuple[PlanLevel, ...] = (PlanLevel.GOAL, PlanLevel.MILESTONE, PlanLevel.ACTION)
MAX_DEPTH = len(LEVEL_BY_DEPTH) - 1
UNFINISHED = frozenset({PlanStatus.NOT_STARTED, PlanStatus.IN_PROGRESS, PlanStatus.ON_HOLD})
CARRIED_OVER_NOTE = "{year}から繰り越し"


@dataclass(frozen=True)
class PlanNode:
    """One goal, milestone or action, as the plan functions see it."""

    id: uuid.UUID
    parent_id: uuid.UUID | None
    level: PlanLevel
    fiscal_year: int
    position: int = 0
    title: str = ""
    owner: Owner = Owner.JOINT
    due_on: date | None = None
    status: PlanStatus = PlanStatus.NOT_STARTED
    progress: int = 0
    notes: str = ""


@dataclass(frozen=True)
class Placement:
    """Where an item sits: its parent, fiscal year, place among its siblings, level."""

    parent_id: uuid.UUID | None
    fiscal_year: int
    position: int
    level: PlanLevel


@dataclass(frozen=True)
class Rollup:
    """An item's progress as shown: its own for an action, its actions' for the rest."""

    progress: int  # percent
    status: PlanStatus
    actions: int  # actions counted (dropped ones are not)
    done: int


def covered_fiscal_years(start_on: date, planned_end_on: date | None, *,
                         today: date) -> list[int]:
    """The fiscal years an engagement's plan may use: start to planned end; without a
    planned end, up to the year after today's (a plan looks ahead)."""
    end = planned_end_on or date(max(fiscal_year_of(today), fiscal_year_of(start_on)) + 2, 3, 31)
    return fiscal_years_between(start_on, end)


def period_text(start_on: date, planned_end_on: date | None) -> str:
    """2025/04/01〜2028/03/31 (an open end reads 〜)."""
    def ymd(day: date) -> str:
        return f"{day.year:04d}/{day.month:02d}/{day.day:02d}"
    return f"{ymd(start_on)}〜{ymd(planned_end_on) if planned_end_on else ''}"


def check_due_within_period(due_on: date | None, start_on: date, planned_end_on: date | None,
                            *, field: str = "due_on") -> None:
    """A due date must fall inside the engagement's period."""
    if due_on is None:
        return
    if due_on < start_on or (planned_end_on is not None and due_on > planned_end_on):
        raise ValidationError(
            "期日 {year}/{month:02d}/{day:02d} は案件の期間({period_text})の外です。",
            field=field, hint="期間内の日付にするか、先に案件の期間を変更してください。", year=due_on.year, month=due_on.month, day=due_on.day, period_text=period_text(start_on, planned_end_on))


class PlanForest:
    """An index over a plan's nodes: children in order, descendants, depths.

    An item whose parent is missing or sits in another fiscal year is treated as a root
    of its own year, so bad data never hides an item or loops forever."""

    def __init__(self, nodes: Iterable[PlanNode]) -> None:
        self.nodes: dict[uuid.UUID, PlanNode] = {node.id: node for node in nodes}
        self._children: dict[tuple[uuid.UUID | None, int], list[PlanNode]] = defaultdict(list)
        for node in self.nodes.values():
            self._children[(self.parent_of(node), node.fiscal_year)].append(node)
        for siblings in self._children.values():
            siblings.sort(key=_order)

    def __contains__(self, item_id: object) -> bool:
        return item_id in self.nodes

    def get(self, item_id: uuid.UUID) -> PlanNode:
        try:
            return self.nodes[item_id]
        except KeyError:
            raise ValidationError("計画の項目が見つかりません(削除された可能性があります)。",
                                  field="item") from None

    def parent_of(self, node: PlanNode) -> uuid.UUID | None:
        parent = self.nodes.get(node.parent_id) if node.parent_id is not None else None
        if parent is None or parent.fiscal_year != node.fiscal_year or parent.id == node.id:
            return None
        return parent.id

    def children(self, parent_id: uuid.UUID | None, fiscal_year: int) -> list[PlanNode]:
        return list(self._children.get((parent_id, fiscal_year), ()))

    def children_of(self, node: PlanNode) -> list[PlanNode]:
        return self.children(node.id, node.fiscal_year)

    def siblings_of(self, node: PlanNode) -> list[PlanNode]:
        return self.children(self.parent_of(node), node.fiscal_year)

    def depth(self, node: PlanNode) -> int:
        depth, seen = 0, {node.id}
        parent_id = self.parent_of(node)
        while parent_id is not None and parent_id not in seen:
            seen.add(parent_id)
            depth += 1
            parent_id = self.parent_of(self.nodes[parent_id])
        return depth

    def descendants(self, node: PlanNode) -> list[PlanNode]:
        """Every item below ``node``, parents before their children."""
        found: list[PlanNode] = []
        seen = {node.id}
        stack = list(reversed(self.children_of(node)))
        while stack:
            child = stack.pop()
            if child.id in seen:
                continue
            seen.add(child.id)
            found.append(child)
            stack.extend(reversed(self.children_of(child)))
        return found

    def height(self, node: PlanNode) -> int:
        """How many levels hang below ``node`` (0 for a leaf)."""
        below = self.children_of(node)
        return 1 + max(self.height(child) for child in below) if below else 0

    def fiscal_years(self) -> list[int]:
        return sorted({node.fiscal_year for node in self.nodes.values()})

    def ordered(self, fiscal_years: Iterable[int] | None = None) -> list[tuple[PlanNode, int]]:
        """Every item in display order with its depth: year by year, depth first."""
        rows: list[tuple[PlanNode, int]] = []
        for year in sorted(set(fiscal_years) if fiscal_years is not None else self.fiscal_years()):
            for root in self.children(None, year):
                rows.append((root, 0))
                rows.extend((child, self.depth(child)) for child in self.descendants(root))
        return rows


def _order(node: PlanNode) -> tuple[int, int, str, str]:
    return (node.position, node.due_on.toordinal() if node.due_on else 0, node.title,
            node.id.hex)


# --- roll-up ------------------------------------------------------------------------

def _own(node: PlanNode) -> int:
    if node.status == PlanStatus.DONE:
        return 100
    return max(0, min(100, node.progress))


def _combined_status(actions: Sequence[PlanNode], own: PlanStatus) -> PlanStatus:
    if all(a.status == PlanStatus.DONE for a in actions):
        return PlanStatus.DONE
    if any(a.status in (PlanStatus.DONE, PlanStatus.IN_PROGRESS) or a.progress > 0
           for a in actions):
        return PlanStatus.IN_PROGRESS
    if all(a.status == PlanStatus.ON_HOLD for a in actions):
        return PlanStatus.ON_HOLD
    return own if own in (PlanStatus.ON_HOLD, PlanStatus.DROPPED) else PlanStatus.NOT_STARTED


def _rollup_of(actions: Sequence[PlanNode], fallback: PlanNode | None) -> Rollup:
    counted = [a for a in actions if a.status != PlanStatus.DROPPED]
    if not counted:
        if fallback is None:
            return Rollup(progress=0, status=PlanStatus.NOT_STARTED, actions=0, done=0)
        return Rollup(progress=_own(fallback), status=fallback.status, actions=0, done=0)
    progress = round(sum(_own(a) for a in counted) / len(counted))
    return Rollup(progress=progress,
                  status=_combined_status(counted, fallback.status if fallback else
                                          PlanStatus.NOT_STARTED),
                  actions=len(counted), done=sum(1 for a in counted if a.status == PlanStatus.DONE))


def roll_up(nodes: Iterable[PlanNode] | PlanForest) -> dict[uuid.UUID, Rollup]:
    """Progress of every item: an action's own (100 when done); a milestone's or goal's
    the mean of the actions below it, dropped ones (中止) left out. An item with no
    actions below keeps its own progress and status."""
    forest = nodes if isinstance(nodes, PlanForest) else PlanForest(nodes)
    result: dict[uuid.UUID, Rollup] = {}
    for node in forest.nodes.values():
        if node.level == PlanLevel.ACTION:
            result[node.id] = Rollup(progress=_own(node), status=node.status, actions=1,
                                     done=int(node.status == PlanStatus.DONE))
            continue
        actions = [d for d in forest.descendants(node) if d.level == PlanLevel.ACTION]
        result[node.id] = _rollup_of(actions, node)
    return result


def year_rollup(nodes: Iterable[PlanNode], fiscal_year: int) -> Rollup:
    """The progress of a whole fiscal year: the mean over its actions."""
    actions = [n for n in nodes if n.fiscal_year == fiscal_year and n.level == PlanLevel.ACTION]
    return _rollup_of(actions, None)


# --- moving -------------------------------------------------------------------------

def place(forest: PlanForest, item_id: uuid.UUID, *, parent_id: uuid.UUID | None,
          fiscal_year: int, index: int | None = None) -> dict[uuid.UUID, Placement]:
    """Move an item (with everything below it) under ``parent_id`` (None: the top of
    ``fiscal_year``) at ``index`` among its new siblings (None: last).

    Returns the placements that change: the item, its subtree (level and fiscal year
    follow the new depth and year) and the renumbered siblings old and new. Refuses a
    move under the item itself or its own descendants, and one that would put anything
    below an action."""
    node = forest.get(item_id)
    if parent_id is not None:
        if parent_id == item_id or parent_id in {d.id for d in forest.descendants(node)}:
            raise ValidationError(
                "「{title}」を自分自身の下位項目の下へは移動できません(循環になります)。",
                field="parent", title=node.title)
        parent = forest.get(parent_id)
        fiscal_year = parent.fiscal_year
        depth = forest.depth(parent) + 1
    else:
        depth = 0
    if depth + forest.height(node) > MAX_DEPTH:
        raise ValidationError(
            "アクションの下には項目を置けません(目標 → マイルストーン → アクションの3階層までです)。",
            field="parent")

    old_siblings = [s for s in forest.siblings_of(node) if s.id != node.id]
    same_place = forest.parent_of(node) == parent_id and node.fiscal_year == fiscal_year
    new_siblings = old_siblings if same_place else [
        s for s in forest.children(parent_id, fiscal_year) if s.id != node.id]
    index = len(new_siblings) if index is None else max(0, min(index, len(new_siblings)))
    new_siblings = [*new_siblings[:index], node, *new_siblings[index:]]

    wanted: dict[uuid.UUID, Placement] = {}
    if not same_place:
        for position, sibling in enumerate(old_siblings):
            wanted[sibling.id] = Placement(forest.parent_of(sibling), sibling.fiscal_year,
                                           position, sibling.level)
    for position, sibling in enumerate(new_siblings):
        level = LEVEL_BY_DEPTH[depth] if sibling.id == node.id else sibling.level
        wanted[sibling.id] = Placement(parent_id, fiscal_year, position, level)
    for below in forest.descendants(node):
        relative = forest.depth(below) - forest.depth(node)
        wanted[below.id] = Placement(below.parent_id, fiscal_year, below.position,
                                     LEVEL_BY_DEPTH[depth + relative])
    return {item: placement for item, placement in wanted.items()
            if placement != _placement_of(forest.nodes[item], forest)}


def _placement_of(node: PlanNode, forest: PlanForest) -> Placement:
    return Placement(node.parent_id if forest.parent_of(node) is not None else None,
                     node.fiscal_year, node.position, node.level)


def indent(forest: PlanForest, item_id: uuid.UUID) -> dict[uuid.UUID, Placement]:
    """Make an item the last child of the sibling above it (Tab)."""
    node = forest.get(item_id)
    siblings = forest.siblings_of(node)
    at = [s.id for s in siblings].index(node.id)
    if at == 0:
        raise ValidationError("「{title}」の上に同じ階層の項目がないため、字下げできません。",
                              field="parent", title=node.title)
    above = siblings[at - 1]
    return place(forest, item_id, parent_id=above.id, fiscal_year=node.fiscal_year)


def outdent(forest: PlanForest, item_id: uuid.UUID) -> dict[uuid.UUID, Placement]:
    """Make an item a sibling of its parent, right after it (Shift+Tab)."""
    node = forest.get(item_id)
    parent_id = forest.parent_of(node)
    if parent_id is None:
        raise ValidationError("「{title}」は最上位の目標なので、これ以上字上げできません。",
                              field="parent", title=node.title)
    parent = forest.nodes[parent_id]
    grand = forest.parent_of(parent)
    index = [s.id for s in forest.siblings_of(parent)].index(parent.id) + 1
    return place(forest, item_id, parent_id=grand, fiscal_year=node.fiscal_year, index=index)


def shift(forest: PlanForest, item_id: uuid.UUID, delta: int) -> dict[uuid.UUID, Placement]:
    """Move an item up (-1) or down (+1) among its siblings (Alt+Up / Alt+Down)."""
    node = forest.get(item_id)
    siblings = forest.siblings_of(node)
    at = [s.id for s in siblings].index(node.id)
    target = at + delta
    if target < 0 or target >= len(siblings):
        where = "上" if delta < 0 else "下"
        raise ValidationError("「{title}」はこれ以上{where}へ移動できません。", field="parent", title=node.title, where=where)
    return place(forest, item_id, parent_id=forest.parent_of(node),
                 fiscal_year=node.fiscal_year, index=target)


def child_level(forest: PlanForest, parent_id: uuid.UUID | None) -> PlanLevel:
    """The level of a new item under ``parent_id`` (None: a goal)."""
    if parent_id is None:
        return PlanLevel.GOAL
    parent = forest.get(parent_id)
    depth = forest.depth(parent) + 1
    if depth > MAX_DEPTH:
        raise ValidationError("アクションの下には項目を追加できません。", field="parent")
    return LEVEL_BY_DEPTH[depth]


def subtree_deletion_order(forest: PlanForest, item_id: uuid.UUID) -> list[list[PlanNode]]:
    """The item and everything below it, deepest level first (children go before their
    parent, so no row ever points at a deleted one)."""
    node = forest.get(item_id)
    by_depth: dict[int, list[PlanNode]] = defaultdict(list)
    base = forest.depth(node)
    by_depth[0].append(node)
    for below in forest.descendants(node):
        by_depth[forest.depth(below) - base].append(below)
    return [by_depth[depth] for depth in sorted(by_depth, reverse=True)]


# --- carrying an action over to the next fiscal year --------------------------------

def next_year_day(day: date) -> date:
    """The same day a year later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def carry_over(forest: PlanForest, item_id: uuid.UUID, *, covered_years: Sequence[int],
               planned_end_on: date | None,
               new_id: Callable[[], uuid.UUID] = uuid.uuid4) -> list[PlanNode]:
    """The items to create so that an unfinished action reappears in the next fiscal
    year: under the goal and milestone of the same titles there, made when missing.

    The copy starts 未着手 at 0 %, its due date a year later (never past the engagement's
    planned end), with a note saying where it came from. Parents come first in the list.
    """
    node = forest.get(item_id)
    if node.level != PlanLevel.ACTION:
        raise ValidationError("翌年度へコピーできるのはアクションだけです。", field="item")
    if node.status not in UNFINISHED:
        raise ValidationError(
            "「{title}」は{status}のため、翌年度へコピーする必要はありません。",
            field="status", title=node.title, status=node.status.value)
    year = node.fiscal_year + 1
    if year not in covered_years:
        raise ValidationError(
            "翌年度({year})は案件の期間に含まれないため、コピーできません。",
            field="fiscal_year", hint="案件の終了予定日を延ばすと、翌年度の計画を作れます。", year=fiscal_year_label(year))

    chain: list[PlanNode] = []  # the action's ancestors, top first
    parent_id = forest.parent_of(node)
    while parent_id is not None:
        parent = forest.nodes[parent_id]
        chain.insert(0, parent)
        parent_id = forest.parent_of(parent)

    created: list[PlanNode] = []
    target_parent: uuid.UUID | None = None
    made_here = False
    for ancestor in chain:
        existing = None if made_here else next(
            (c for c in forest.children(target_parent, year) if c.title == ancestor.title
             and c.level == ancestor.level), None)
        if existing is not None:
            target_parent = existing.id
            continue
        position = (len(forest.children(target_parent, year)) if not made_here else 0)
        copy = PlanNode(id=new_id(), parent_id=target_parent, level=ancestor.level,
                        fiscal_year=year, position=position, title=ancestor.title,
                        owner=ancestor.owner, due_on=_shifted(ancestor.due_on, planned_end_on),
                        status=PlanStatus.NOT_STARTED, progress=0, notes=ancestor.notes)
        created.append(copy)
        target_parent = copy.id
        made_here = True
    position = 0 if made_here else len(forest.children(target_parent, year))
    note = CARRIED_OVER_NOTE.format(year=fiscal_year_label(node.fiscal_year))
    created.append(PlanNode(
        id=new_id(), parent_id=target_parent, level=node.level, fiscal_year=year,
        position=position, title=node.title, owner=node.owner,
        due_on=_shifted(node.due_on, planned_end_on), status=PlanStatus.NOT_STARTED,
        progress=0, notes="\n".join(part for part in (note, node.notes) if part)))
    return created


def _shifted(day: date | None, planned_end_on: date | None) -> date | None:
    if day is None:
        return None
    moved = next_year_day(day)
    return min(moved, planned_end_on) if planned_end_on is not None else moved


# --- baselines (合意した計画) and what changed since ------------------------------------

def snapshot(nodes: Iterable[PlanNode] | PlanForest) -> list[dict[str, Any]]:
    """The plan as JSON-ready rows, in display order (what a baseline stores)."""
    forest = nodes if isinstance(nodes, PlanForest) else PlanForest(nodes)
    return [
        {"id": node.id.hex, "parent_id": node.parent_id.hex if node.parent_id else None,
         "level": node.level.value, "fiscal_year": node.fiscal_year, "position": node.position,
         "title": node.title, "owner": node.owner.value,
         "due_on": node.due_on.isoformat() if node.due_on else None,
         "status": node.status.value, "progress": node.progress}
        for node, _depth in forest.ordered()
    ]


def nodes_from_snapshot(rows: Iterable[Mapping[str, Any]]) -> list[PlanNode]:
    """Read a baseline's rows back (tolerates missing optional fields)."""
    nodes = []
    for row in rows:
        nodes.append(PlanNode(
            id=uuid.UUID(str(row["id"])),
            parent_id=uuid.UUID(str(row["parent_id"])) if row.get("parent_id") else None,
            level=PlanLevel(row.get("level", PlanLevel.ACTION.value)),
            fiscal_year=int(row["fiscal_year"]), position=int(row.get("position", 0)),
            title=str(row.get("title", "")), owner=Owner(row.get("owner", Owner.JOINT.value)),
            due_on=date.fromisoformat(row["due_on"]) if row.get("due_on") else None,
            status=PlanStatus(row.get("status", PlanStatus.NOT_STARTED.value)),
            progress=int(row.get("progress", 0))))
    return nodes


@dataclass(frozen=True)
class Rescheduled:
    """An item whose due date (or fiscal year) moved since the agreed plan."""

    before: PlanNode
    after: PlanNode

    @property
    def days(self) -> int | None:
        """How many days later (negative: earlier); None when a date was added or removed."""
        if self.before.due_on is None or self.after.due_on is None:
            return None
        return (self.after.due_on - self.before.due_on).days


@dataclass(frozen=True)
class Renamed:
    before: PlanNode
    after: PlanNode


@dataclass(frozen=True)
class PlanDiff:
    """What changed between the agreed plan and the plan now."""

    added: tuple[PlanNode, ...]
    removed: tuple[PlanNode, ...]
    rescheduled: tuple[Rescheduled, ...]
    renamed: tuple[Renamed, ...]

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.rescheduled or self.renamed)

    def kind_of(self, item_id: uuid.UUID) -> str:
        """'added', 'rescheduled', 'renamed' or '' for an item of the current plan."""
        if any(node.id == item_id for node in self.added):
            return "added"
        if any(change.after.id == item_id for change in self.rescheduled):
            return "rescheduled"
        if any(change.after.id == item_id for change in self.renamed):
            return "renamed"
        return ""


def diff_plans(baseline: Iterable[PlanNode], current: Iterable[PlanNode]) -> PlanDiff:
    """Items added and removed since the baseline (matched by id), and those whose due
    date or fiscal year moved, or whose title changed; each list in plan order."""
    before = PlanForest(baseline)
    after = PlanForest(current)
    before_order = [node for node, _ in before.ordered()]
    after_order = [node for node, _ in after.ordered()]
    added = tuple(node for node in after_order if node.id not in before)
    removed = tuple(node for node in before_order if node.id not in after)
    rescheduled = tuple(
        Rescheduled(before=before.nodes[node.id], after=node) for node in after_order
        if node.id in before and (before.nodes[node.id].due_on != node.due_on
                                  or before.nodes[node.id].fiscal_year != node.fiscal_year))
    renamed = tuple(
        Renamed(before=before.nodes[node.id], after=node) for node in after_order
        if node.id in before and before.nodes[node.id].title != node.title)
    return PlanDiff(added=added, removed=removed, rescheduled=rescheduled, renamed=renamed)


def with_placements(nodes: Iterable[PlanNode],
                    placements: Mapping[uuid.UUID, Placement]) -> list[PlanNode]:
    """The nodes after applying ``placements`` (for checking a move before writing)."""
    result = []
    for node in nodes:
        moved = placements.get(node.id)
        result.append(node if moved is None else replace(
            node, parent_id=moved.parent_id, fiscal_year=moved.fiscal_year,
            position=moved.position, level=moved.level))
    return result
