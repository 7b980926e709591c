"""The engagement report as plain data: what the builder reads and the writers print.

Nothing here knows python-docx, matplotlib or the database; a GUI preview, the Word
writer and tests all read the same values. Dates are plain ``date``s and times are
Japan time; formatting (和暦 or 西暦, separators, units) is the writer's job.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from companion.domain.enums import (
    DisclosureKind,
    DisclosureStatus,
    KpiDirection,
    Owner,
    PlanLevel,
    PlanStatus,
    VisitMode,
)

REPORT_TITLE = "伴走支援 実施報告書"


@dataclass(frozen=True)
class Reporter:
    """報告者: the practitioner as the report names them (from 設定 or the command line)."""

    name: str = ""
    organisation: str = ""
    qualifications: str = ""

    @property
    def line(self) -> str:
        """「中小企業診断士 佐藤 美咲（ゆざわ-Biz）」: one line for the cover and the
        signature; "" when nothing is set."""
        head = " ".join(p for p in (self.qualifications.strip(), self.name.strip()) if p)
        organisation = self.organisation.strip()
        if head and organisation:
            return f"{head}（{organisation}）"
        return head or organisation

    @classmethod
    def from_text(cls, text: str) -> Reporter:
        return cls(name=text.strip())


@dataclass(frozen=True)
class Narrative:
    """What the practitioner wrote for the year (services.report_narratives)."""

    achievements: str = ""  # 成果と今後の課題
    next_year_policy: str = ""  # 次年度の方針
    self_running: str = ""  # 自走化の状況
    fiscal_year: int | None = None  # the year it was written for

    @property
    def empty(self) -> bool:
        return not (self.achievements.strip() or self.next_year_policy.strip()
                    or self.self_running.strip())


@dataclass(frozen=True)
class Cover:
    title: str
    engagement_title: str
    client_name: str
    client_representative: str
    client_place: str
    client_industry: str
    sponsor_name: str
    scheme: str
    engagement_status: str
    engagement_start: date
    engagement_end: date | None
    period_start: date
    period_end: date
    fiscal_year: int | None  # None: the whole engagement
    practitioner: str  # the reporter's line (Reporter.line)
    issued_on: date
    reporter: Reporter = Reporter()
    in_progress: bool = False  # the period has not ended on the report date


@dataclass(frozen=True)
class PlanRow:
    fiscal_year: int
    level: PlanLevel
    depth: int  # 0 goal, 1 milestone, 2 action (as found in the tree)
    title: str
    owner: Owner
    due_on: date | None
    status: PlanStatus
    progress: int  # percent; goals and milestones roll up their actions


@dataclass(frozen=True)
class PlanYear:
    fiscal_year: int
    rows: tuple[PlanRow, ...]

    def count(self, status: PlanStatus, level: PlanLevel = PlanLevel.ACTION) -> int:
        return sum(1 for row in self.rows if row.level == level and row.status == status)

    def total(self, level: PlanLevel = PlanLevel.ACTION) -> int:
        return sum(1 for row in self.rows if row.level == level)


@dataclass(frozen=True)
class KpiRow:
    """One indicator in one fiscal year: target against actual."""

    name: str
    unit: str
    direction: KpiDirection
    fiscal_year: int
    baseline: float | None
    target: float | None
    actual: float | None
    basis: str  # how the actual was derived (年度実績, 月次の合計, 直近値 ...)
    achievement: float | None  # 1.0 = 100 %
    grade: str  # A (>=100%) / B (80-99.9) / C (30-79.9) / D (<30), "" when unknown or not final
    final: bool = True  # the year's figure is final (domain.kpi.year_standing)
    note: str = ""  # 年度途中(8か月) / 8か月分のみ when not final


@dataclass(frozen=True)
class KpiPoint:
    fiscal_year: int
    target: float | None
    actual: float | None
    complete: bool = True  # False: a sum over part of the year (drawn as such)


@dataclass(frozen=True)
class KpiSeries:
    """One indicator over fiscal years, for the chart."""

    name: str
    unit: str
    baseline: float | None
    points: tuple[KpiPoint, ...]


@dataclass(frozen=True)
class VisitRow:
    started_at: datetime  # Japan time
    ended_at: datetime | None
    mode: VisitMode
    place: str
    purpose: str
    key_points: tuple[str, ...]
    next_actions: tuple[str, ...]
    hours: float
    distance_km: float
    attendees: str = ""  # 対応者・同席者


@dataclass(frozen=True)
class ModeCount:
    mode: VisitMode
    count: int
    hours: float
    distance_km: float


@dataclass(frozen=True)
class VisitSummary:
    by_mode: tuple[ModeCount, ...]  # every mode, in the order of VisitMode
    count: int
    hours: float
    distance_km: float


@dataclass(frozen=True)
class DisclosureRow:
    number: int
    version: int
    kind: DisclosureKind
    counterpart_name: str
    amount_yen: int | None
    share_percent: float | None
    role_title: str
    started_on: date
    ended_on: date | None
    declared_on: date
    description: str
    mitigation: str
    status: DisclosureStatus


@dataclass(frozen=True)
class FeeRow:
    """One kind of pay the practitioner receives around the engagement."""

    kind: str  # 委託料 / 成果報酬 / 顧問料 / 業務委託料 / 報酬
    terms: str
    amount_yen: int | None
    paid_by: str  # 委託元 / 事業者 / the counterpart


@dataclass(frozen=True)
class EngagementReport:
    engagement_id: uuid.UUID
    cover: Cover
    essential_issue: str
    outcomes: str  # a few lines, one per line break; the user may have edited them
    outcomes_generated: bool
    fiscal_years: tuple[int, ...]  # the years the report covers
    plan: tuple[PlanYear, ...]
    kpis: tuple[KpiRow, ...]
    kpi_series: tuple[KpiSeries, ...]
    visits: tuple[VisitRow, ...]
    visit_summary: VisitSummary
    disclosures: tuple[DisclosureRow, ...]
    narrative: Narrative = Narrative()
    fees: tuple[FeeRow, ...] = ()
    red_flags: tuple[str, ...] = ()  # the register's red flags that touch the engagement
    full_texts: bool = False  # visit texts printed whole (--full)


@dataclass(frozen=True)
class ReportResult:
    """What a writer produced: the file and the warnings the user should see."""

    path: Path
    warnings: tuple[str, ...] = ()
