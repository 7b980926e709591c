"""Every table of Companion's domain (DESIGN.md), as SQLModel models.

Ids are UUIDs so records made offline on two machines never collide; timestamps are
timezone-aware (UTC in the database). Nothing here commits: services own transactions.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from companion.db.types import AwareDateTime, label_enum, utcnow
from companion.domain.enums import (
    ChangeOperation,
    DisclosureKind,
    DisclosureStatus,
    EngagementStatus,
    Finding,
    Granularity,
    KpiAggregation,
    KpiDirection,
    Owner,
    PlanLevel,
    PlanStatus,
    Scheme,
    SponsorKind,
    VisitMode,
)


def _id() -> uuid.UUID:
    return uuid.uuid4()


def _created() -> datetime:
    return utcnow()


class _Timestamped(SQLModel):
    id: uuid.UUID = Field(default_factory=_id, primary_key=True)
    created_at: datetime = Field(default_factory=_created, sa_type=AwareDateTime)
    updated_at: datetime = Field(default_factory=_created, sa_type=AwareDateTime)


class Client(_Timestamped, table=True):
    """事業者: the business that is supported (the runner)."""

    name: str = Field(index=True)
    kana: str = ""
    industry: str = ""
    prefecture: str = ""
    city: str = ""
    representative: str = ""
    employees: int | None = None
    founded_on: date | None = None
    contact: str = ""
    notes: str = ""
    archived: bool = False


class Sponsor(_Timestamped, table=True):
    """委託元/支援機関: who commissions or hosts the support."""

    name: str = Field(index=True)
    kind: SponsorKind = Field(sa_type=label_enum(SponsorKind))
    notes: str = ""
    archived: bool = False


class Engagement(_Timestamped, table=True):
    """伴走案件: a multi-year support engagement with one business."""

    client_id: uuid.UUID = Field(foreign_key="client.id", index=True)
    sponsor_id: uuid.UUID | None = Field(default=None, foreign_key="sponsor.id", index=True)
    title: str
    scheme: Scheme = Field(sa_type=label_enum(Scheme))
    status: EngagementStatus = Field(sa_type=label_enum(EngagementStatus))
    start_on: date
    planned_end_on: date | None = None
    essential_issue: str = ""  # 本質的課題, agreed with the owner
    fee_terms: str = ""
    fee_amount_yen: int | None = None
    fee_paid_by_client: bool = False  # compensation comes from the business itself
    archived: bool = False


class PlanItem(_Timestamped, table=True):
    """A goal, milestone or action of an engagement's plan for one fiscal year."""

    engagement_id: uuid.UUID = Field(foreign_key="engagement.id", index=True)
    parent_id: uuid.UUID | None = Field(default=None, foreign_key="planitem.id", index=True)
    level: PlanLevel = Field(sa_type=label_enum(PlanLevel))
    fiscal_year: int = Field(index=True)
    position: int = 0
    title: str
    owner: Owner = Field(sa_type=label_enum(Owner))
    due_on: date | None = Field(default=None, index=True)
    status: PlanStatus = Field(sa_type=label_enum(PlanStatus))
    progress: int = 0  # percent, own progress of an action
    notes: str = ""


class PlanBaseline(_Timestamped, table=True):
    """合意した計画: a frozen copy of an engagement's plan on the day it was agreed,
    so "what did you promise last April?" has an answer."""

    engagement_id: uuid.UUID = Field(foreign_key="engagement.id", index=True)
    agreed_on: date
    label: str = ""
    snapshot: str  # JSON list of the plan items as they were


class Kpi(_Timestamped, table=True):
    """指標: a number the engagement is steered by (売上高 first)."""

    engagement_id: uuid.UUID = Field(foreign_key="engagement.id", index=True)
    name: str
    unit: str = ""
    direction: KpiDirection = Field(sa_type=label_enum(KpiDirection))
    aggregation: KpiAggregation = Field(default=KpiAggregation.SUM,
                                        sa_type=label_enum(KpiAggregation))
    baseline: float | None = None
    baseline_on: date | None = None
    position: int = 0


class KpiTarget(_Timestamped, table=True):
    __table_args__ = (sa.UniqueConstraint("kpi_id", "fiscal_year"),)

    kpi_id: uuid.UUID = Field(foreign_key="kpi.id", index=True)
    fiscal_year: int
    value: float


class KpiActual(_Timestamped, table=True):
    __table_args__ = (sa.UniqueConstraint("kpi_id", "period_start", "granularity"),)

    kpi_id: uuid.UUID = Field(foreign_key="kpi.id", index=True)
    period_start: date
    granularity: Granularity = Field(sa_type=label_enum(Granularity))
    value: float


class Visit(_Timestamped, table=True):
    """訪問記録: one visit, call or consultation. Drafts are autosaved visits."""

    # An engagement's visits, newest first, drafts apart: the engagement page, its counts
    # and its timeline all read them this way. (A lone index on is_draft would mislead
    # the planner into scanning every saved visit.)
    __table_args__ = (
        sa.Index("ix_visit_engagement_draft_started", "engagement_id", "is_draft", "started_at"),
        # ホーム counts the follow-ups still open; this covers that query without
        # reading (and decrypting) the visits themselves.
        sa.Index("ix_visit_open_follow_up", "follow_up_on", "engagement_id", "is_draft",
                 sqlite_where=sa.text("follow_up_done_at IS NULL")),
    )

    engagement_id: uuid.UUID = Field(foreign_key="engagement.id")  # indexed with is_draft
    started_at: datetime = Field(sa_type=AwareDateTime, index=True)
    ended_at: datetime | None = Field(default=None, sa_type=AwareDateTime)
    mode: VisitMode = Field(sa_type=label_enum(VisitMode))
    place: str = ""
    attendees: str = ""
    purpose: str = ""
    notes: str = ""
    strengths: str = ""  # 強み found
    issues: str = ""  # 課題
    decisions: str = ""
    follow_up_on: date | None = Field(default=None, index=True)
    follow_up_done_at: datetime | None = Field(default=None, sa_type=AwareDateTime)
    distance_km: float | None = None
    is_draft: bool = False


class VisitAction(_Timestamped, table=True):
    """A next action agreed in a visit, optionally moving a plan action."""

    # The next actions still open, for ホーム (see Visit's partial index).
    __table_args__ = (sa.Index("ix_visitaction_open_due", "due_on", "visit_id",
                               sqlite_where=sa.text("done_at IS NULL")),)

    visit_id: uuid.UUID = Field(foreign_key="visit.id", index=True)
    plan_item_id: uuid.UUID | None = Field(default=None, foreign_key="planitem.id", index=True)
    text: str
    owner: Owner = Field(sa_type=label_enum(Owner))
    due_on: date | None = Field(default=None, index=True)
    done_at: datetime | None = Field(default=None, sa_type=AwareDateTime)


class VisitTemplate(_Timestamped, table=True):
    """A user's own visit template (the built-in ones live in code)."""

    name: str = Field(unique=True)
    mode: VisitMode = Field(sa_type=label_enum(VisitMode))
    purpose: str = ""
    notes: str = ""  # the structure prefilled into the notes
    archived: bool = False


class Attachment(_Timestamped, table=True):
    """A file linked to a visit or engagement; the content is stored once by hash."""

    sha256: str = Field(index=True, max_length=64)
    file_name: str
    size_bytes: int
    media_type: str = ""
    visit_id: uuid.UUID | None = Field(default=None, foreign_key="visit.id", index=True)
    engagement_id: uuid.UUID | None = Field(
        default=None, foreign_key="engagement.id", index=True
    )


class Disclosure(_Timestamped, table=True):
    """利益相反の開示: one interest of the practitioner; its content lives in versions."""

    number: int = Field(unique=True)  # 開示番号, shown to reviewers


class DisclosureVersion(_Timestamped, table=True):
    """An append-only version of a disclosure; amendments add a version."""

    __table_args__ = (sa.UniqueConstraint("disclosure_id", "version"),)

    disclosure_id: uuid.UUID = Field(foreign_key="disclosure.id", index=True)
    version: int
    kind: DisclosureKind = Field(sa_type=label_enum(DisclosureKind))
    counterpart_client_id: uuid.UUID | None = Field(default=None, foreign_key="client.id")
    counterpart_name: str
    amount_yen: int | None = None
    share_percent: float | None = None
    role_title: str = ""
    started_on: date
    ended_on: date | None = None
    declared_on: date
    description: str = ""
    mitigation: str = ""  # 管理方法
    status: DisclosureStatus = Field(sa_type=label_enum(DisclosureStatus))
    reason: str = ""  # why this version was made
    # SHA-256 of its register entry's payload (the exact text hashed into the chain);
    # what a reviewer's finding names.
    content_hash: str = Field(max_length=64)
    log_seq: int = Field(unique=True)  # its entry in the register log


class LogEntry(SQLModel, table=True):
    """The practitioner's register as an append-only hash-chained log (key and
    disclosure entries). ``payload`` is the exact text that was hashed and signed."""

    id: uuid.UUID = Field(default_factory=_id, primary_key=True)
    seq: int = Field(unique=True)
    kind: str
    payload: str
    previous_hash: str = Field(max_length=64)
    entry_hash: str = Field(max_length=64, unique=True)
    signatures: str = "[]"  # JSON list of {fingerprint, sig}
    created_at: datetime = Field(default_factory=_created, sa_type=AwareDateTime)


class SigningKey(_Timestamped, table=True):
    """The practitioner's Ed25519 keys. The private part lives in the OS keyring; this
    copy sits inside the encrypted database so a restored backup can still sign."""

    fingerprint: str = Field(max_length=64, unique=True)
    public_pem: str
    private_pem: str
    retired_at: datetime | None = Field(default=None, sa_type=AwareDateTime)


class ExportedBundle(_Timestamped, table=True):
    """Review bundles sent out: the next bundle carries the last one's checkpoint, and a
    response is accepted only for a bundle that was really sent."""

    manifest_sha256: str = Field(max_length=64, unique=True)
    checkpoint: str
    checkpoint_signature: str  # base64
    file_name: str = ""


class ReviewerKey(_Timestamped, table=True):
    """A reviewer whose signed responses this practitioner accepts."""

    fingerprint: str = Field(max_length=64, unique=True)
    name: str
    organisation: str = ""
    public_pem: str


class DisclosureEngagement(SQLModel, table=True):
    """Which engagements a disclosure version touches."""

    version_id: uuid.UUID = Field(foreign_key="disclosureversion.id", primary_key=True)
    engagement_id: uuid.UUID = Field(foreign_key="engagement.id", primary_key=True)


class Review(_Timestamped, table=True):
    """第三者レビュー: a reviewer's signed response, imported."""

    reviewer: str
    reviewed_on: date
    bundle_sha256: str = Field(default="", max_length=64)  # SHA-256 of the manifest reviewed
    reviewer_key_fingerprint: str = ""
    rules_version: str = ""  # the red-flag rules the reviewer saw
    checkpoint: str = ""  # the register checkpoint reviewed (JSON as signed)
    envelope: str = ""  # the signed response exactly as received (DSSE JSON)
    comment: str = ""


class ReviewFinding(_Timestamped, table=True):
    __table_args__ = (sa.UniqueConstraint("review_id", "version_id"),)

    review_id: uuid.UUID = Field(foreign_key="review.id", index=True)
    version_id: uuid.UUID = Field(foreign_key="disclosureversion.id", index=True)
    finding: Finding = Field(sa_type=label_enum(Finding))
    reviewed_hash: str = Field(default="", max_length=64)  # content hash the reviewer saw
    conditions: str = ""
    comment: str = ""


class ChangeLog(SQLModel, table=True):
    """Every create, update and delete: the basis of history, undo and later sync."""

    id: uuid.UUID = Field(default_factory=_id, primary_key=True)
    at: datetime = Field(default_factory=_created, sa_type=AwareDateTime, index=True)
    change_set: uuid.UUID = Field(index=True)  # the use case (transaction) it belongs to
    entity: str = Field(index=True)
    entity_id: uuid.UUID = Field(index=True)
    operation: ChangeOperation = Field(sa_type=label_enum(ChangeOperation))
    before: str | None = None  # JSON of the row before the change
    after: str | None = None  # JSON of the row after the change
