"""An engagement with everything a report shows: plan, KPIs, visits, disclosures.

Deterministic (no randomness), so tests can count rows; ``visits`` scales the visit
log for the benchmark.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlmodel import Session

from companion.db.models import (
    Client,
    Engagement,
    Kpi,
    KpiActual,
    KpiTarget,
    PlanItem,
    Sponsor,
    Visit,
    VisitAction,
)
from companion.domain.enums import (
    DisclosureKind,
    DisclosureStatus,
    EngagementStatus,
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
from companion.services.disclosures import DisclosureDraft, record_amendment, record_declaration

MODES = (VisitMode.ON_SITE, VisitMode.ON_SITE, VisitMode.ONLINE, VisitMode.PHONE,
         VisitMode.AT_CENTRE)
PURPOSES = ("定期訪問", "試飲会の振り返り", "販路開拓の打合せ", "資金繰りの確認", "新商品の企画会議")
PLACES = ("蔵の事務所", "オンライン(Zoom)", "電話", "商工会館 相談室", "直売所")
NOTES = (
    "首都圏の酒販店三社への提案内容を社長と確認した。純米酒の小容量瓶を試作し、"
    "若い世代向けのラベル案を二案に絞った。専務は製造計画の見直しに前向きで、"
    "冬季の仕込み量を一割増やす方向で検討することになった。"
)

TODAY = date(2026, 3, 31)  # the day the report tests are "run" on (a fiscal year end)


@dataclass(frozen=True)
class ReportFixture:
    engagement: Engagement
    client: Client
    sponsor: Sponsor
    visit_count_by_year: dict[int, int]
    draft_count: int


def _utc(day: date, hour: int, minute: int = 0) -> datetime:
    # hour is Japan time
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC) - timedelta(hours=9)


def add_report_engagement(session: Session, *, visits_per_year: int = 12,
                          years: tuple[int, ...] = (2025, 2026),
                          client_name: str = "有限会社やまなか酒造",
                          client_kana: str = "やまなかしゅぞう", sponsor: Sponsor | None = None,
                          with_disclosure: bool = True, with_kpis: bool = True) -> ReportFixture:
    client = Client(name=client_name, kana=client_kana, industry="酒類製造業",
                    prefecture="秋田県", city="湯沢市", representative="山中 健一")
    sponsor = sponsor or Sponsor(name="湯沢市 産業振興課", kind=SponsorKind.MUNICIPALITY)
    engagement = Engagement(
        client_id=client.id, sponsor_id=sponsor.id,
        title="首都圏への販路開拓と蔵元ブランドの再構築", scheme=Scheme.COMMISSIONED,
        status=EngagementStatus.ACTIVE, start_on=date(years[0], 4, 1),
        planned_end_on=date(years[0] + 3, 3, 31),
        essential_issue="地元の酒販店への依存が大きく、若い世代に蔵の強みが届いていない。",
        fee_terms="市の委託事業として月額定額", fee_amount_yen=1_200_000,
    )
    session.add_all([client, sponsor, engagement])
    _plan(session, engagement, years)
    if with_kpis:
        _kpis(session, engagement, years)
    counts = _visits(session, engagement, years, visits_per_year)
    # A draft must never reach the report.
    session.add(Visit(engagement_id=engagement.id, started_at=_utc(date(years[0], 5, 20), 10),
                      mode=VisitMode.ON_SITE, place="下書き", purpose="下書きの訪問",
                      notes="まだ書きかけ", is_draft=True))
    session.commit()
    if with_disclosure:
        add_disclosure(session, engagement=engagement, client=client)
        session.commit()
    return ReportFixture(engagement=engagement, client=client, sponsor=sponsor,
                         visit_count_by_year=counts, draft_count=1)


def add_disclosure(session: Session, *, engagement: Engagement | None, client: Client | None,
                   kind: DisclosureKind = DisclosureKind.ADVISORY,
                   counterpart: str = "有限会社やまなか酒造", versions: int = 1,
                   status: DisclosureStatus = DisclosureStatus.DISCLOSED,
                   started_on: date = date(2025, 6, 1), ended_on: date | None = None
                   ) -> uuid.UUID:
    """A disclosure declared (and amended) through the register service, uncommitted;
    numbers are given in order (1, 2, ...)."""
    def draft(version: int) -> DisclosureDraft:
        return DisclosureDraft(
            kind=kind, counterpart_name=counterpart,
            counterpart_client_id=client.id if client else None,
            amount_yen=300_000 * version, role_title="販路開拓顧問", started_on=started_on,
            ended_on=ended_on, declared_on=started_on, description=f"第{version}版の内容",
            mitigation="委託業務とは別契約とし、市の担当課に報告済み。", status=status,
            engagement_ids=(engagement.id,) if engagement else (),
        )

    disclosure_id = record_declaration(session=session, draft=draft(1)).disclosure_id
    for version in range(2, versions + 1):
        record_amendment(session=session, disclosure_id=disclosure_id, draft=draft(version),
                         reason="金額の変更")
    return disclosure_id


def _plan(session: Session, engagement: Engagement, years: tuple[int, ...]) -> None:
    for year in years:
        goal = PlanItem(engagement_id=engagement.id, level=PlanLevel.GOAL, fiscal_year=year,
                        position=0, title=f"首都圏の取引先を{year - years[0] + 3}社に増やす",
                        owner=Owner.JOINT, status=PlanStatus.IN_PROGRESS)
        milestone = PlanItem(engagement_id=engagement.id, parent_id=goal.id,
                             level=PlanLevel.MILESTONE, fiscal_year=year, position=0,
                             title="試飲会で商談につなげる", owner=Owner.JOINT,
                             due_on=date(year, 12, 20), status=PlanStatus.IN_PROGRESS)
        actions = [
            PlanItem(engagement_id=engagement.id, parent_id=milestone.id,
                     level=PlanLevel.ACTION, fiscal_year=year, position=index, title=title,
                     owner=owner, due_on=due, status=status, progress=progress)
            for index, (title, owner, due, status, progress) in enumerate((
                ("小容量瓶の試作", Owner.BUSINESS, date(year, 7, 31), PlanStatus.DONE, 100),
                ("酒販店リストの作成", Owner.SUPPORTER, date(year, 9, 30), PlanStatus.IN_PROGRESS, 50),
                ("試飲会の開催", Owner.JOINT, date(year, 11, 15), PlanStatus.NOT_STARTED, 0),
            ))
        ]
        session.add_all([goal, milestone, *actions])


def _kpis(session: Session, engagement: Engagement, years: tuple[int, ...]) -> None:
    sales = Kpi(engagement_id=engagement.id, name="売上高", unit="円",
                direction=KpiDirection.HIGHER_IS_BETTER, baseline=30_000_000, position=0)
    staff = Kpi(engagement_id=engagement.id, name="従業員数", unit="人",
                aggregation=KpiAggregation.LATEST,
                direction=KpiDirection.HIGHER_IS_BETTER, baseline=8, position=1)
    session.add_all([sales, staff])
    for offset, year in enumerate(years):
        session.add(KpiTarget(kpi_id=sales.id, fiscal_year=year, value=32_000_000 + offset * 4_000_000))
        session.add(KpiTarget(kpi_id=staff.id, fiscal_year=year, value=9 + offset))
    first = years[0]
    # The first year is complete and reported monthly: 12 x 2,700,000 = 32,400,000.
    for month in range(12):
        start = date(first + (1 if month >= 9 else 0), (month + 3) % 12 + 1, 1)
        session.add(KpiActual(kpi_id=sales.id, period_start=start, granularity=Granularity.MONTH,
                              value=2_700_000))
    session.add(KpiActual(kpi_id=staff.id, period_start=date(first, 6, 1),
                          granularity=Granularity.MONTH, value=8))
    session.add(KpiActual(kpi_id=staff.id, period_start=date(first, 12, 1),
                          granularity=Granularity.MONTH, value=9))
    if len(years) > 1:
        session.add(KpiActual(kpi_id=sales.id, period_start=date(years[1], 4, 1),
                              granularity=Granularity.YEAR, value=29_000_000))


def _visits(session: Session, engagement: Engagement, years: tuple[int, ...],
            per_year: int) -> dict[int, int]:
    counts: dict[int, int] = {}
    for year in years:
        start = date(year, 4, 7)
        step = max(1, 350 // max(per_year, 1))
        for index in range(per_year):
            day = start + timedelta(days=(index * step) % 355)
            mode = MODES[index % len(MODES)]
            started = _utc(day, 10)
            visit = Visit(
                engagement_id=engagement.id, started_at=started,
                ended_at=started + timedelta(minutes=90 if mode == VisitMode.ON_SITE else 60),
                mode=mode, place=PLACES[index % len(PLACES)],
                attendees="山中社長、専務", purpose=PURPOSES[index % len(PURPOSES)],
                notes=NOTES, strengths="地元米と伏流水、杜氏の経験" if index % 3 == 0 else "",
                issues="首都圏での認知が低い" if index % 2 == 0 else "",
                decisions=f"次回までに提案書案{index + 1}を作成" if index % 4 == 0 else "",
                follow_up_on=day + timedelta(days=14),
                follow_up_done_at=started + timedelta(days=14) if index % 2 == 0 else None,
                distance_km=42.5 if mode == VisitMode.ON_SITE else None,
            )
            session.add(visit)
            if index % 2 == 0:
                session.add(VisitAction(visit_id=visit.id, text="酒販店への見本送付",
                                        owner=Owner.BUSINESS, due_on=day + timedelta(days=10)))
        counts[year] = per_year
    return counts


# The practitioner's own words for a year (services.report_narratives).
ACHIEVEMENTS = ("首都圏の酒販店三社と新たに取引が始まり、小容量瓶の純米酒が定番商品になった。\n"
                "課題は冬季の仕込み量の見直しと、専務への製造管理の引き継ぎである。")
POLICY = "試飲会を年二回に増やし、首都圏の取引先を五社に広げる。"
SELF_RUNNING = "販路開拓の打合せは専務が主導するようになり、支援者は月一回の確認に移った。"


def add_narrative(session: Session, engagement_id: uuid.UUID, fiscal_year: int) -> None:
    """Save (and commit) 成果と今後の課題 / 次年度の方針 / 自走化の状況 for a year."""
    from companion.services.report_narratives import NarrativeText, save_narrative

    save_narrative(session=session, engagement_id=engagement_id, fiscal_year=fiscal_year,
                   text=NarrativeText(ACHIEVEMENTS, POLICY, SELF_RUNNING),
                   today=date(fiscal_year + 1, 3, 31))


def add_part_year_kpis(session: Session, engagement: Engagement, fiscal_year: int, *,
                       months: int = 8) -> tuple[Kpi, Kpi]:
    """Two 千円 KPIs with ``months`` monthly actuals from April (commits): 粗利 (higher
    is better, target 141,341千円) and 廃棄ロス (lower is better, target 1,200千円), the
    kind a year in progress must not grade."""
    gross = Kpi(engagement_id=engagement.id, name="粗利", unit="千円",
                direction=KpiDirection.HIGHER_IS_BETTER, baseline=120_500, position=2)
    waste = Kpi(engagement_id=engagement.id, name="廃棄ロス", unit="千円",
                direction=KpiDirection.LOWER_IS_BETTER, baseline=1_450, position=3)
    session.add_all([gross, waste])
    session.add(KpiTarget(kpi_id=gross.id, fiscal_year=fiscal_year, value=141_341))
    session.add(KpiTarget(kpi_id=waste.id, fiscal_year=fiscal_year, value=1_200))
    for index in range(months):
        month = date(fiscal_year + (1 if index >= 9 else 0), (index + 3) % 12 + 1, 1)
        session.add(KpiActual(kpi_id=gross.id, period_start=month,
                              granularity=Granularity.MONTH, value=11_780))
        session.add(KpiActual(kpi_id=waste.id, period_start=month,
                              granularity=Granularity.MONTH, value=95))
    session.commit()
    return gross, waste
