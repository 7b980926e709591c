"""Reading an engagement's plan: its items as the plan functions see them
(``domain.plan.PlanNode``), and the listing of ``companion list plan`` with progress
rolled up. The one query of the plan screen (``services.plans.plan_overview``) and the
command line's listing on the lean path."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from companion.db.reads import Connection, day_of, id_parameter, maybe_uuid, rows, uuid_of
from companion.db.reads.engagements import require_engagement
from companion.domain.calendar import fiscal_year_label
from companion.domain.enums import Owner, PlanLevel, PlanStatus
from companion.domain.plan import PlanForest, PlanNode, roll_up


def plan_nodes(connection: Connection, engagement_id: uuid.UUID) -> list[PlanNode]:
    """Every plan item of the engagement (in no particular order: ``PlanForest`` orders)."""
    return [
        PlanNode(id=uuid_of(item_id), parent_id=maybe_uuid(parent_id), level=PlanLevel[level],
                 fiscal_year=fiscal_year, position=position, title=title, owner=Owner[owner],
                 due_on=day_of(due_on), status=PlanStatus[status], progress=progress,
                 notes=notes)
        for (item_id, parent_id, level, fiscal_year, position, title, owner, due_on, status,
             progress, notes) in rows(connection, """
            SELECT id, parent_id, level, fiscal_year, position, title, owner, due_on, status,
                   progress, notes
            FROM planitem WHERE engagement_id = ?""", (id_parameter(engagement_id),))
    ]


@dataclass(frozen=True)
class PlanListRow:
    """One item for ``companion list plan``: its own fields and its rolled-up progress."""

    id: uuid.UUID
    parent_id: uuid.UUID | None
    fiscal_year: int
    fiscal_year_label: str
    level: PlanLevel
    depth: int
    title: str
    owner: Owner
    due_on: date | None
    status: PlanStatus  # as shown: rolled up from the actions below
    progress: int  # percent, rolled up
    own_status: PlanStatus
    own_progress: int
    notes: str


def plan_list_rows(connection: Connection, *, engagement_id: uuid.UUID) -> list[PlanListRow]:
    """The plan in display order (year by year, depth first); an engagement that does
    not exist is an error."""
    require_engagement(connection, engagement_id)
    forest = PlanForest(plan_nodes(connection, engagement_id))
    rollups = roll_up(forest)
    return [PlanListRow(id=node.id, parent_id=forest.parent_of(node),
                        fiscal_year=node.fiscal_year,
                        fiscal_year_label=fiscal_year_label(node.fiscal_year), level=node.level,
                        depth=depth, title=node.title, owner=node.owner, due_on=node.due_on,
                        status=rollups[node.id].status, progress=rollups[node.id].progress,
                        own_status=node.status, own_progress=node.progress, notes=node.notes)
            for node, depth in forest.ordered()]
