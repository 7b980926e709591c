"""Every table of Companion's domain (DESIGN.md), as SQLModel models.

Ids are UUIDs so records made offline on two machines never collide; timestamps are
timezone-aware (UTC in the database). Nothing here commits: services own transactions.

Every foreign key says what deleting its parent does, and has an index (alone or as
the first column of one): CASCADE for rows that are part of their parent (a visit's
next actions, a KPI's figures, an engagement's plan), RESTRICT for a reference to a
record that stands on its own (a client, a plan item a visit action points at) and
for everything the append-only disclosure register holds. A cascade is never silent:
the change log records each row it takes (services.session), and undo puts them back.

Columns marked ``info={"secret": True}`` never leave the row: the change log leaves
them out of its copies, and export-all out of its files. Enums are stored as their
member's name, a stable code, with a CHECK constraint (db.types.code_enum).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from companion.db.types import AwareDateTime, code_enum, utcnow
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
from companion.domain.red_flags import Disposition
from companion.domain.sponsor_measures import SponsorMeasure


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
    kind: SponsorKind = Field(sa_type=code_enum(SponsorKind))
    notes: str = ""
    archived: bool = False


class SponsorTarget(_Timestamped, table=True):
    """委託元の目標: a sponsor's own yearly target for one of the figures it counts
    (延べ相談件数, 支援事業者数, ...); part of its sponsor. The actual is counted by
    reports.figures, never stored."""

    __table_args__ = (
        sa.UniqueConstraint("sponsor_id", "fiscal_year", "measure",
                            name="uq_sponsortarget_sponsor_id"),
    )

    sponsor_id: uuid.UUID = Field(foreign_key="sponsor.id", ondelete="CASCADE", index=True)
    fiscal_year: int
    measure: SponsorMeasure = Field(sa_type=code_enum(SponsorMeasure))
    target: int


class Engagement(_Timestamped, table=True):
    """伴走案件: a multi-year support engagement with one business."""

    client_id: uuid.UUID = Field(foreign_key="client.id", ondelete="RESTRICT", index=True)
    sponsor_id: uuid.UUID | None = Field(default=None, foreign_key="sponsor.id",
                                         ondelete="RESTRICT", index=True)
    title: str
    scheme: Scheme = Field(sa_type=code_enum(Scheme))
    status: EngagementStatus = Field(sa_type=code_enum(EngagementStatus))
    start_on: date
    planned_end_on: date | None = None
    essential_issue: str = ""  # 本質的課題, agreed with the owner
    fee_terms: str = ""
    fee_amount_yen: int | None = None
    fee_paid_by_client: bool = False  # compensation comes from the business itself
    archived: bool = False


class PlanItem(_Timestamped, table=True):
    """A goal, milestone or action of an engagement's plan for one fiscal year."""

    engagement_id: uuid.UUID = Field(foreign_key="engagement.id", ondelete="CASCADE", index=True)
    parent_id: uuid.UUID | None = Field(default=None, foreign_key="planitem.id",
                                        ondelete="CASCADE", index=True)
    level: PlanLevel = Field(sa_type=code_enum(PlanLevel))
    fiscal_year: int = Field(index=True)
    position: int = 0
    title: str
    owner: Owner = Field(sa_type=code_enum(Owner))
    due_on: date | None = Field(default=None, index=True)
    status: PlanStatus = Field(sa_type=code_enum(PlanStatus))
    progress: int = 0  # percent, own progress of an action
    notes: str = ""


class PlanBaseline(_Timestamped, table=True):
    """合意した計画: a frozen copy of an engagement's plan on the day it was agreed,
    so "what did you promise last April?" has an answer."""

    engagement_id: uuid.UUID = Field(foreign_key="engagement.id", ondelete="CASCADE", index=True)
    agreed_on: date
    label: str = ""
    snapshot: str  # JSON list of the plan items as they were


class ReportNarrative(_Timestamped, table=True):
    """実施報告書の所見: what the practitioner writes for one engagement and fiscal year
    (成果と今後の課題, 次年度の方針, 自走化の状況); the report prints it as written."""

    __table_args__ = (
        sa.UniqueConstraint("engagement_id", "fiscal_year",
                            name="uq_reportnarrative_engagement_id"),
    )

    engagement_id: uuid.UUID = Field(foreign_key="engagement.id", ondelete="CASCADE", index=True)
    fiscal_year: int
    achievements: str = ""  # 成果と今後の課題
    next_year_policy: str = ""  # 次年度の方針
    self_running: str = ""  # 自走化の状況


class Kpi(_Timestamped, table=True):
    """指標: a number the engagement is steered by (売上高 first)."""

    engagement_id: uuid.UUID = Field(foreign_key="engagement.id", ondelete="CASCADE", index=True)
    name: str
    unit: str = ""
    direction: KpiDirection = Field(sa_type=code_enum(KpiDirection))
    aggregation: KpiAggregation = Field(default=KpiAggregation.SUM,
                                        sa_type=code_enum(KpiAggregation))
    baseline: float | None = None
    baseline_on: date | None = None
    position: int = 0


class KpiTarget(_Timestamped, table=True):
    __table_args__ = (sa.UniqueConstraint("kpi_id", "fiscal_year"),)

    kpi_id: uuid.UUID = Field(foreign_key="kpi.id", ondelete="CASCADE", index=True)
    fiscal_year: int
    value: float


class KpiActual(_Timestamped, table=True):
    __table_args__ = (sa.UniqueConstraint("kpi_id", "period_start", "granularity"),)

    kpi_id: uuid.UUID = Field(foreign_key="kpi.id", ondelete="CASCADE", index=True)
    period_start: date
    granularity: Granularity = Field(sa_type=code_enum(Granularity))
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
        # ホーム counts the saved visits of the year and of all years from this alone.
        sa.Index("ix_visit_saved_started", "started_at", sqlite_where=sa.text("is_draft IS 0")),
    )

    # indexed first in ix_visit_engagement_draft_started
    engagement_id: uuid.UUID = Field(foreign_key="engagement.id", ondelete="CASCADE")
    started_at: datetime = Field(sa_type=AwareDateTime, index=True)
    ended_at: datetime | None = Field(default=None, sa_type=AwareDateTime)
    mode: VisitMode = Field(sa_type=code_enum(VisitMode))
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

    visit_id: uuid.UUID = Field(foreign_key="visit.id", ondelete="CASCADE", index=True)
    # Deleting a plan item unlinks its visit actions first (services.plans), logged.
    plan_item_id: uuid.UUID | None = Field(default=None, foreign_key="planitem.id",
                                           ondelete="RESTRICT", index=True)
    text: str
    owner: Owner = Field(sa_type=code_enum(Owner))
    due_on: date | None = Field(default=None, index=True)
    done_at: datetime | None = Field(default=None, sa_type=AwareDateTime)


class VisitTemplate(_Timestamped, table=True):
    """A user's own visit template (the built-in ones live in code).

    One template per name is the service's rule (saving under a name replaces it), not
    a unique constraint: two computers may each make a template of the same name."""

    name: str = Field(index=True)
    mode: VisitMode = Field(sa_type=code_enum(VisitMode))
    purpose: str = ""
    notes: str = ""  # the structure prefilled into the notes
    archived: bool = False


class Attachment(_Timestamped, table=True):
    """A file linked to a visit or engagement; the content is stored once by hash."""

    sha256: str = Field(index=True, max_length=64)
    file_name: str
    size_bytes: int
    media_type: str = ""
    visit_id: uuid.UUID | None = Field(default=None, foreign_key="visit.id", ondelete="CASCADE",
                                       index=True)
    engagement_id: uuid.UUID | None = Field(
        default=None, foreign_key="engagement.id", ondelete="CASCADE", index=True
    )


class Disclosure(_Timestamped, table=True):
    """利益相反の開示: one interest of the practitioner; its content lives in versions.

    ``number`` (開示番号) is for people to say "開示3": nothing refers to a disclosure
    by it (its id does that). A device numbers a new disclosure one past the highest
    number it holds, so numbers in one data folder are 1, 2, 3 ...; two computers
    that declare offline may both issue the same next number, which is why it is
    unique per issuing device (``device_id``), not globally."""

    __table_args__ = (sa.UniqueConstraint("device_id", "number",
                                          name="uq_disclosure_device_id_number"),)

    number: int  # 開示番号, shown to reviewers; display only
    device_id: uuid.UUID  # the device that issued the number (db.device)


class DisclosureVersion(_Timestamped, table=True):
    """An append-only version of a disclosure; amendments add a version.

    ``log_seq`` is the position of its entry in the register's one chain (LogEntry.seq,
    see there), unique for the same reason."""

    __table_args__ = (sa.UniqueConstraint("disclosure_id", "version"),)

    disclosure_id: uuid.UUID = Field(foreign_key="disclosure.id", ondelete="RESTRICT", index=True)
    version: int
    kind: DisclosureKind = Field(sa_type=code_enum(DisclosureKind))
    counterpart_client_id: uuid.UUID | None = Field(default=None, foreign_key="client.id",
                                                    ondelete="RESTRICT", index=True)
    counterpart_name: str
    amount_yen: int | None = None
    share_percent: float | None = None
    role_title: str = ""
    started_on: date
    ended_on: date | None = None
    declared_on: date
    description: str = ""
    mitigation: str = ""  # 管理方法
    status: DisclosureStatus = Field(sa_type=code_enum(DisclosureStatus))
    reason: str = ""  # why this version was made
    # SHA-256 of its register entry's payload (the exact text hashed into the chain);
    # what a reviewer's finding names.
    content_hash: str = Field(max_length=64)
    log_seq: int = Field(unique=True)  # its entry in the register log


class LogEntry(SQLModel, table=True):
    """The practitioner's register as an append-only hash-chained log (key and
    disclosure entries). ``payload`` is the exact text that was hashed and signed.

    ``seq`` is the entry's position in the one chain (1, 2, 3 ...), hashed into the
    entry and checked by every verifier, so it stays a single global counter: DESIGN.md
    keeps the register one chain, not one per device. Until sync exists only one device
    appends to it (a data folder is written by one process at a time), so no two
    entries can claim one position. Sync will have to keep it so: a device that finds
    another device's entry at a position it also used (same ``seq``, another
    ``entry_hash``; the unique constraints hold only one) re-appends its own entries
    after it, signed again, so the chain never forks."""

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
    private_pem: str = Field(sa_column_kwargs={"info": {"secret": True}})  # never logged
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

    # A link row goes with its version; an engagement the register names stays.
    version_id: uuid.UUID = Field(foreign_key="disclosureversion.id", ondelete="CASCADE",
                                  primary_key=True)
    engagement_id: uuid.UUID = Field(foreign_key="engagement.id", ondelete="RESTRICT",
                                     primary_key=True, index=True)


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

    review_id: uuid.UUID = Field(foreign_key="review.id", ondelete="CASCADE", index=True)
    version_id: uuid.UUID = Field(foreign_key="disclosureversion.id", ondelete="RESTRICT",
                                  index=True)
    finding: Finding = Field(sa_type=code_enum(Finding))
    reviewed_hash: str = Field(default="", max_length=64)  # content hash the reviewer saw
    conditions: str = ""
    comment: str = ""


class FlagDisposition(_Timestamped, table=True):
    """A reviewer's disposition of one red flag (問題なし / 要対応 with a management plan /
    要説明), imported with their response, and how the practitioner resolved it."""

    __table_args__ = (sa.UniqueConstraint("review_id", "flag_id"),)

    review_id: uuid.UUID = Field(foreign_key="review.id", ondelete="CASCADE", index=True)
    flag_id: str = Field(max_length=16, index=True)  # domain.red_flags.flag_id
    rule: str = ""
    reason: str = ""  # the flag as the reviewer read it
    disposition: Disposition = Field(sa_type=code_enum(Disposition))
    owner: str = ""  # 要対応: who carries out the plan
    action: str = ""  # 要対応: what is to be done
    due_on: date | None = None  # 要対応: by when
    comment: str = ""  # the reviewer's note (要説明: what to explain)
    resolved_on: date | None = None
    resolution: str = ""  # what the practitioner did or explained


class ChangeLog(SQLModel, table=True):
    """Every create, update and delete: the basis of history, undo and later sync.

    Entries are stamped when they are written (services.session): ``device_id`` and
    ``sequence`` say which device wrote it and its place in that device's writes (1, 2,
    3 ... with no gaps; db.device says when a device is new), ``hlc`` orders entries
    across devices (domain.hlc, packed), ``schema_revision`` is the Alembic revision
    the row copies follow, and ``row_version`` counts the changes of the row itself
    (its create is 1). One device's entries in ``sequence`` order are the order they
    were made in, also within one flush; ``hlc`` gives the same order and extends it
    to every device. ``before``/``after`` never hold secret columns."""

    __table_args__ = (
        sa.UniqueConstraint("device_id", "sequence", name="uq_changelog_device_id_sequence"),
        # a row's history, and its latest version (the stamp reads it)
        sa.Index("ix_changelog_entity_id_row_version", "entity_id", "row_version"),
    )

    id: uuid.UUID = Field(default_factory=_id, primary_key=True)
    at: datetime = Field(default_factory=_created, sa_type=AwareDateTime, index=True)
    change_set: uuid.UUID = Field(index=True)  # the use case (transaction) it belongs to
    entity: str = Field(index=True)
    entity_id: uuid.UUID
    operation: ChangeOperation = Field(sa_type=code_enum(ChangeOperation))
    before: str | None = None  # JSON of the row before the change
    after: str | None = None  # JSON of the row after the change
    device_id: uuid.UUID
    sequence: int
    hlc: int = Field(sa_type=sa.BigInteger, index=True)
    schema_revision: str = Field(max_length=32)
    row_version: int


# Sync (docs/sync.md, docs/sync-merge.md). Tables marked ``info={"local": True}`` belong
# to this computer alone: never in the change log, never sent to another device, never
# in export-all.
_LOCAL = {"info": {"local": True}}


class SyncSetting(SQLModel, table=True):
    """同期の設定 (local, at most one row): the sync folder, this device's name and keys,
    and how far its own changes have been written to the folder."""

    __table_args__ = (_LOCAL,)

    id: uuid.UUID = Field(default_factory=_id, primary_key=True)
    folder: str
    device_name: str
    key_generation: int = 1
    sync_keys: str = Field(default="{}", sa_column_kwargs={"info": {"secret": True}})
    signing_private: str = Field(default="", sa_column_kwargs={"info": {"secret": True}})
    agreement_private: str = Field(default="", sa_column_kwargs={"info": {"secret": True}})
    next_segment: int = 1
    sent_sequence: int = 0  # the last own change-log sequence written to a segment
    last_synced_at: datetime | None = Field(default=None, sa_type=AwareDateTime)
    last_error: str = ""
    created_at: datetime = Field(default_factory=_created, sa_type=AwareDateTime)


class SyncPeer(SQLModel, table=True):
    """Another device of the same practice (local): its public keys and how much of
    its change log this device has applied."""

    __table_args__ = (_LOCAL,)

    id: uuid.UUID = Field(default_factory=_id, primary_key=True)
    device_id: uuid.UUID = Field(unique=True)
    name: str = ""
    signing_public: str = ""
    agreement_public: str = ""
    applied_sequence: int = 0  # the contiguous prefix of its entries applied here
    applied_segment: int = 0
    removed_at: datetime | None = Field(default=None, sa_type=AwareDateTime)
    removed_after_sequence: int | None = None
    last_seen_at: datetime | None = Field(default=None, sa_type=AwareDateTime)


class SyncConflict(SQLModel, table=True):
    """同期の競合 (local): a text both devices edited (kind "text"), or a record an
    edit brought back after a delete (kind "restored"), for the user to settle."""

    __table_args__ = (_LOCAL,)

    id: uuid.UUID = Field(default_factory=_id, primary_key=True)
    kind: str = Field(max_length=16)  # "text" | "restored"
    entity: str  # table name
    entity_id: uuid.UUID = Field(index=True)
    field: str = ""
    label: str = ""  # 訪問記録 2026-11-20 〇〇製菓
    kept_value: str = ""  # in the row now
    other_value: str = ""
    kept_device: uuid.UUID | None = None
    other_device: uuid.UUID | None = None
    kept_hlc: int = Field(default=0, sa_type=sa.BigInteger)
    other_hlc: int = Field(default=0, sa_type=sa.BigInteger)
    raised_at: datetime = Field(default_factory=_created, sa_type=AwareDateTime)
    resolved_at: datetime | None = Field(default=None, sa_type=AwareDateTime)
    resolution: str = Field(default="", max_length=16)  # kept | other | both | elsewhere


class PendingDisclosure(_Timestamped, table=True):
    """封印待ちの開示 (synced): a disclosure change written on a device that does not
    keep the register; the register keeper seals it after a sync, dated when written."""

    action: str = Field(max_length=16)  # declare | amend | end | recertify
    disclosure_id: uuid.UUID | None = None
    payload: str = "{}"  # JSON of the draft
    written_at: datetime = Field(sa_type=AwareDateTime)
    device_id: uuid.UUID
    sealed_version_id: uuid.UUID | None = None
    sealed_at: datetime | None = Field(default=None, sa_type=AwareDateTime)
    refused: str = ""  # why sealing refused it


class RegisterKeeper(_Timestamped, table=True):
    """記帳端末 (synced): the device that appends to the register from now on. The
    keeper is the device named by the record whose create is latest by HLC."""

    device_id: uuid.UUID
    device_name: str = ""
    taken_at: datetime = Field(default_factory=_created, sa_type=AwareDateTime)


# Case referral to another centre (docs/referral.md, services.referrals).

class ReferralKey(_Timestamped, table=True):
    """引き継ぎの受け取り鍵: the X25519 key a contact card names, for packages sent to this
    practitioner. The private part lives in the OS keyring; this copy sits inside the
    encrypted database so a restored backup can still open a package."""

    public_key: str = Field(max_length=64, unique=True)  # raw 32 bytes, base64
    private_key: str = Field(sa_column_kwargs={"info": {"secret": True}})  # never logged


class ReferralSent(_Timestamped, table=True):
    """引き継ぎ先: an engagement referred to another practitioner (a package made).
    Part of its engagement."""

    engagement_id: uuid.UUID = Field(foreign_key="engagement.id", ondelete="CASCADE", index=True)
    package_id: uuid.UUID
    referred_at: datetime = Field(sa_type=AwareDateTime)
    recipient_name: str = ""  # from their contact card ("" when sealed with a passphrase)
    recipient_organisation: str = ""
    recipient_fingerprint: str = Field(default="", max_length=64)
    by_passphrase: bool = False
    consent_on: date  # the business owner's consent: when, what, how
    consent_scope: str
    consent_how: str
    file_name: str = ""
    contents: str = "{}"  # JSON: counts included and withheld

    @property
    def recipient_label(self) -> str:
        if not self.recipient_name:
            return ""
        return (f"{self.recipient_name}({self.recipient_organisation})"
                if self.recipient_organisation else self.recipient_name)


class ReferralReceived(_Timestamped, table=True):
    """引き継ぎ元: the engagement made from a package another practitioner sent (linked
    to theirs by ``sender_engagement_id``). One package is imported once: the service
    checks ``package_id`` (not a unique constraint, so two synced computers that both
    imported it still merge)."""

    engagement_id: uuid.UUID = Field(foreign_key="engagement.id", ondelete="CASCADE", index=True)
    package_id: uuid.UUID = Field(index=True)
    sender_name: str
    sender_organisation: str = ""
    sender_fingerprint: str = Field(max_length=64)
    sender_engagement_id: uuid.UUID
    referred_at: datetime = Field(sa_type=AwareDateTime)  # when the sender made the package
    imported_at: datetime = Field(sa_type=AwareDateTime)
    consent_on: date
    consent_scope: str
    consent_how: str
    contents: str = "{}"  # JSON: counts included and withheld, the visit ids made

    @property
    def sender_label(self) -> str:
        return (f"{self.sender_name}({self.sender_organisation})"
                if self.sender_organisation else self.sender_name)
