"""Reading engagements and their visits: the engagement list, the visit list (keyset
pages) and every saved visit's whole record. The one query of each, for the window and
the services (``services.engagements``) and for ``companion list`` on the lean path."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from companion.db.reads import (
    Connection,
    day_of,
    id_parameter,
    maybe_uuid,
    moment_of,
    rows,
    uuid_of,
)
from companion.domain.enums import EngagementStatus, Owner, Scheme, VisitMode
from companion.errors import EngagementNotFound


@dataclass(frozen=True)
class EngagementSummary:
    id: uuid.UUID
    title: str
    client_name: str
    sponsor_name: str
    status: EngagementStatus
    scheme: Scheme
    start_on: date
    planned_end_on: date | None
    visit_count: int
    last_visit_at: datetime | None


@dataclass(frozen=True)
class VisitLine:
    id: uuid.UUID
    engagement_id: uuid.UUID
    engagement_title: str
    client_name: str
    started_at: datetime
    mode: str
    place: str
    purpose: str
    follow_up_on: date | None


@dataclass(frozen=True)
class NextActionRecord:
    id: uuid.UUID
    text: str
    owner: Owner
    due_on: date | None
    done_at: datetime | None
    plan_item_id: uuid.UUID | None


@dataclass(frozen=True)
class AttachmentRecord:
    id: uuid.UUID
    file_name: str
    size_bytes: int
    media_type: str
    sha256: str


@dataclass(frozen=True)
class VisitFull:
    """A saved visit's whole record (``companion list visits --json``): the heading of
    ``VisitLine`` and everything written in the visit, its next actions and files."""

    id: uuid.UUID
    engagement_id: uuid.UUID
    engagement_title: str
    client_name: str
    started_at: datetime
    ended_at: datetime | None
    mode: VisitMode
    place: str
    attendees: str
    purpose: str
    notes: str
    strengths: str  # 強み
    issues: str  # 課題
    decisions: str  # 決定事項
    follow_up_on: date | None
    follow_up_done_at: datetime | None
    distance_km: float | None
    created_at: datetime
    updated_at: datetime
    next_actions: list[NextActionRecord] = field(default_factory=list)
    attachments: list[AttachmentRecord] = field(default_factory=list)


def engagement_summaries(connection: Connection, *,
                         include_archived: bool = False) -> list[EngagementSummary]:
    """Engagements, newest start first, with their saved visits counted (the tally the
    triggers keep: ``db/visit_tally.py``)."""
    archived = "" if include_archived else "WHERE e.archived IS 0"
    found = rows(connection, f"""
        SELECT e.id, e.title, c.name, s.name, e.status, e.scheme, e.start_on, e.planned_end_on,
               v.saved_visits, v.last_visit_at
        FROM engagement e
        JOIN client c ON c.id = e.client_id
        LEFT JOIN sponsor s ON s.id = e.sponsor_id
        LEFT JOIN visit_tally v ON v.engagement_id = e.id
        {archived}
        ORDER BY e.start_on DESC, e.title""")
    return [
        EngagementSummary(
            id=uuid_of(engagement_id), title=title, client_name=client,
            sponsor_name=sponsor or "", status=EngagementStatus[status], scheme=Scheme[scheme],
            start_on=date.fromisoformat(start_on), planned_end_on=day_of(planned_end_on),
            visit_count=count or 0, last_visit_at=moment_of(last))
        for (engagement_id, title, client, sponsor, status, scheme, start_on, planned_end_on,
             count, last) in found
    ]


def require_engagement(connection: Connection, engagement_id: uuid.UUID) -> None:
    """``EngagementNotFound`` unless the engagement exists."""
    if not rows(connection, "SELECT 1 FROM engagement WHERE id = ?",
                (id_parameter(engagement_id),)):
        raise EngagementNotFound(engagement_id)


def visit_lines(connection: Connection, *, engagement_id: uuid.UUID | None = None,
                limit: int | None = None, offset: int = 0,
                after: VisitLine | None = None) -> list[VisitLine]:
    """Saved visits newest first. ``after`` continues a list from its last row (keyset
    paging): each page costs the same, where an OFFSET re-reads every row before it."""
    where = ["v.is_draft IS 0"]
    params: list[Any] = []
    if after is not None:
        where.append("(v.started_at, v.id) < (?, ?)")
        params += [_stored_moment(after.started_at), id_parameter(after.id)]
    if engagement_id is not None:
        where.append("v.engagement_id = ?")
        params.append(id_parameter(engagement_id))
    paging = ""
    if limit is not None or offset:
        paging = "LIMIT ? OFFSET ?"
        params += [-1 if limit is None else limit, offset]
    found = rows(connection, f"""
        SELECT v.id, v.engagement_id, e.title, c.name, v.started_at, v.mode, v.place,
               v.purpose, v.follow_up_on
        FROM visit v
        JOIN engagement e ON e.id = v.engagement_id
        JOIN client c ON c.id = e.client_id
        WHERE {" AND ".join(where)}
        ORDER BY v.started_at DESC, v.id DESC
        {paging}""", params)
    return [
        VisitLine(id=uuid_of(visit_id), engagement_id=uuid_of(engagement), engagement_title=title,
                  client_name=client, started_at=datetime.fromisoformat(started_at),
                  mode=str(VisitMode[mode]), place=place, purpose=purpose,
                  follow_up_on=day_of(follow_up_on))
        for (visit_id, engagement, title, client, started_at, mode, place, purpose,
             follow_up_on) in found
    ]


def _stored_moment(moment: datetime) -> str:
    """A timestamp as ``db.types.AwareDateTime`` stores it (UTC ISO text)."""
    if moment.tzinfo is None:
        raise ValueError("timezone-naive datetime given to an AwareDateTime column")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


_VISIT_FIELDS = ("id", "engagement_id", "started_at", "ended_at", "mode", "place", "attendees",
                 "purpose", "notes", "strengths", "issues", "decisions", "follow_up_on",
                 "follow_up_done_at", "distance_km", "created_at", "updated_at")


def visit_full_records(connection: Connection, *,
                       engagement_id: uuid.UUID | None = None) -> list[VisitFull]:
    """Saved visits (drafts apart) with everything in them, newest first; an engagement
    that does not exist is an error, not an empty list. Three queries of plain rows,
    whatever the number of visits."""
    saved = "v.is_draft IS 0"
    params: tuple[str, ...] = ()
    if engagement_id is not None:
        require_engagement(connection, engagement_id)
        saved += " AND v.engagement_id = ?"
        params = (id_parameter(engagement_id),)
    actions: defaultdict[uuid.UUID, list[NextActionRecord]] = defaultdict(list)
    for visit_id, action_id, text, owner, due_on, done_at, plan_item_id in rows(connection, f"""
            SELECT a.visit_id, a.id, a.text, a.owner, a.due_on, a.done_at, a.plan_item_id
            FROM visitaction a JOIN visit v ON v.id = a.visit_id
            WHERE {saved} ORDER BY a.created_at, a.id""", params):
        actions[uuid_of(visit_id)].append(NextActionRecord(
            id=uuid_of(action_id), text=text, owner=Owner[owner], due_on=day_of(due_on),
            done_at=moment_of(done_at), plan_item_id=maybe_uuid(plan_item_id)))
    files: defaultdict[uuid.UUID, list[AttachmentRecord]] = defaultdict(list)
    for visit_id, file_id, file_name, size_bytes, media_type, sha256 in rows(connection, f"""
            SELECT a.visit_id, a.id, a.file_name, a.size_bytes, a.media_type, a.sha256
            FROM attachment a JOIN visit v ON v.id = a.visit_id
            WHERE {saved} ORDER BY a.created_at, a.id""", params):
        files[uuid_of(visit_id)].append(AttachmentRecord(
            id=uuid_of(file_id), file_name=file_name, size_bytes=size_bytes,
            media_type=media_type, sha256=sha256))
    columns = ", ".join(f"v.{name}" for name in _VISIT_FIELDS)
    records = []
    for row in rows(connection, f"""
            SELECT {columns}, e.title, c.name
            FROM visit v
            JOIN engagement e ON e.id = v.engagement_id
            JOIN client c ON c.id = e.client_id
            WHERE {saved} ORDER BY v.started_at DESC, v.id DESC""", params):
        (visit_id, engagement, started_at, ended_at, mode, place, attendees, purpose, notes,
         strengths, issues, decisions, follow_up_on, follow_up_done_at, distance_km, created_at,
         updated_at, title, client) = row
        key = uuid_of(visit_id)
        records.append(VisitFull(
            id=key, engagement_id=uuid_of(engagement), engagement_title=title,
            client_name=client, started_at=datetime.fromisoformat(started_at),
            ended_at=moment_of(ended_at), mode=VisitMode[mode], place=place,
            attendees=attendees, purpose=purpose, notes=notes, strengths=strengths,
            issues=issues, decisions=decisions, follow_up_on=day_of(follow_up_on),
            follow_up_done_at=moment_of(follow_up_done_at), distance_km=distance_km,
            created_at=datetime.fromisoformat(created_at),
            updated_at=datetime.fromisoformat(updated_at),
            next_actions=actions.get(key, []), attachments=files.get(key, [])))
    return records
