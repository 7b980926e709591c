"""``companion demo``: fill an empty data folder with realistic, reproducible data.

One use case, one transaction: everything is added and committed once at the end, so
a failure leaves nothing behind. Rows are written in bulk (``db.bulk_insert``: many rows
per statement, not ORM objects) with their change-log entries stamped by the same
``services.session.log_changes`` as every other write; the search index is filled once
at the end instead of row by row by its triggers. The content comes from a seeded random
generator and the phrase pools of ``services/demo_corpus.py``; ids come from the same
kind of generator, so two runs with the same ``today`` write the same records.

``small`` is eight hand-written businesses under three sponsors (a city office, a
商工会 and a Biz centre), with the disclosure cases an auditor's red-flag rules must
catch. ``large`` is ten years of a busy practice ending at ``today`` for the
performance targets of DESIGN.md: 200 engagements, 20,000 visits of about 400
characters, about 4,000 plan items and about 300 disclosure versions. ``huge`` (for
benchmarks of growth only, not offered in ``--help``) is five times ``large``: 1,000
engagements and 100,000 visits, the busiest engagement still with 500.
"""

from __future__ import annotations

import functools
import logging
import random
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any, Literal, TypeVar

import sqlalchemy as sa
from sqlmodel import Session, SQLModel, select

from companion.db import visit_tally
from companion.db.bulk_insert import insert_rows
from companion.db.models import (
    Client,
    Engagement,
    Kpi,
    KpiActual,
    KpiTarget,
    PlanItem,
    ReportNarrative,
    Sponsor,
    Visit,
    VisitAction,
)
from companion.db.search_index import SOURCES, rebuild
from companion.db.types import utcnow
from companion.domain.calendar import JST, fiscal_year_bounds, fiscal_year_of, fiscal_years_between
from companion.domain.enums import (
    ChangeOperation,
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
    VisitMode,
)
from companion.errors import KnownError
from companion.services import demo_corpus as corpus
from companion.services.demo_corpus import Archetype, KpiSpec, SponsorSeed, Topic, fill
from companion.services.disclosures import DisclosureDraft, record_amendment, record_declaration
from companion.services.session import (
    CHANGE_SET,
    CHANGED,
    Change,
    entity_id_of,
    log_changes,
    row_state,
)

log = logging.getLogger("companion.demo")

SEED = 20_261_120
FLUSH_EVERY = 10_000  # rows per bulk insert: keeps memory flat without many round trips
RECENT_OPEN_DAYS = 30  # follow-ups due this recently may still be open in the demo

T = TypeVar("T")
Size = Literal["small", "large", "huge"]
SIZES: tuple[Size, ...] = ("small", "large", "huge")


@dataclass(frozen=True)
class _Scale:
    """How much a generated practice holds (``small`` is hand-written instead)."""

    first_engagements: int
    second_engagements: int  # businesses that come back after a first engagement
    visits: int
    flagship_visits: int  # the one long open engagement the benchmarks open
    disclosure_versions: int
    quiet_mentions: int  # visits that mention an undeclared interest


_SCALES: dict[str, _Scale] = {
    "large": _Scale(180, 20, 20_000, 500, 300, 6),
    "huge": _Scale(900, 100, 100_000, 500, 1_500, 30),
}


@dataclass(frozen=True)
class DemoSummary:
    clients: int
    sponsors: int
    engagements: int
    plan_items: int
    kpis: int
    visits: int
    disclosure_versions: int


def generate_demo(*, session: Session, size: Size = "small", today: date,
                  progress: Callable[[int, int], None] | None = None) -> DemoSummary:
    """Fill an empty database with demo data and commit once; refuse a database that
    already holds engagements (nothing is written then)."""
    if size not in SIZES:
        raise KnownError("demo の大きさは small か large です: {size}", size=size)
    if session.exec(select(Engagement.id).limit(1)).first() is not None:
        raise KnownError("データが既にあります。demo は空のデータフォルダでのみ実行できます。",
                         hint="--data-dir で空のフォルダを指定してください。")
    builder = _Builder(session=session, today=today, scale=_SCALES.get(size), progress=progress)
    try:
        summary = builder.run()
        session.commit()
    except BaseException:
        session.rollback()
        raise
    builder.report_progress(done=True)
    log.info("demo data (%s) written: %s", size, summary)
    return summary


# --- what the text needs to know about a client and an engagement ------------------------

@dataclass
class _SponsorRef:
    seed: SponsorSeed
    id: uuid.UUID
    contact: str  # how its staff member appears among attendees


@dataclass
class _Profile:
    client_id: uuid.UUID
    name: str
    archetype: Archetype
    representative: str
    boss: str
    products: tuple[str, ...]
    channel: str
    staff: str
    heir: str
    employees: int
    distance_km: float
    growth: float
    revenue: int  # yearly sales at the start, 千円

    def values(self) -> dict[str, object]:
        a = self.archetype
        return {
            "boss": self.boss, "product": self.products[0], "product2": self.products[1],
            "channel": self.channel, "staff": self.staff, "heir": self.heir,
            "season": a.season, "trial": a.trial, "tasting": a.tasting, "waste": a.waste,
        }


@dataclass
class _Case:
    """An engagement being generated, with what later steps need."""

    engagement: Engagement
    profile: _Profile
    sponsor: _SponsorRef | None
    last_active: date  # the last day with visits
    visits: int = 0
    second_term: bool = False  # the business came back after a first engagement
    conflict_mention: int | None = None  # which CONFLICT_MENTIONS sentence, if any
    monthly_sales: dict[date, float] = field(default_factory=dict)
    plan_actions: dict[tuple[int, str], list[uuid.UUID]] = field(
        default_factory=lambda: defaultdict(list))


@dataclass
class _DisclosureEvent:
    on: date
    key: int  # which disclosure (index of its declaration)
    draft: DisclosureDraft
    reason: str = ""  # empty for the declaration itself


# --- the builder ---------------------------------------------------------------------------

class _Builder:
    def __init__(self, *, session: Session, today: date, scale: _Scale | None,
                 progress: Callable[[int, int], None] | None) -> None:
        self.session = session
        self.today = today
        self.scale = scale
        self.large = scale is not None
        self.rng = random.Random(SEED)
        self._ids = random.Random(SEED + 1)
        self.progress = progress
        self.cap = datetime.combine(today - timedelta(days=1), time(21, 0), JST)
        self.pending: list[tuple[sa.Table, SQLModel | dict[str, Any]]] = []
        self.counts: dict[str, int] = defaultdict(int)
        self.cases: list[_Case] = []
        self.sponsors: list[_SponsorRef] = []
        self.events: list[_DisclosureEvent] = []
        self.step = 0
        self.steps = 1

    # ids, stamps, batching

    def new_id(self) -> uuid.UUID:
        return uuid.UUID(int=self._ids.getrandbits(128), version=4)

    def stamp(self, day: date, hour: int = 10, minute: int = 0) -> datetime:
        return min(datetime.combine(day, time(hour, minute), JST), self.cap)

    def add(self, row: SQLModel) -> None:
        """Queue a row made as a model object (rows that later steps read or change)."""
        self._queue(_table_of(type(row)), row, type(row).__name__)

    def insert(self, model: type[SQLModel], **values: Any) -> None:
        """Queue a row given by its column values, for the many rows nothing reads back
        (a model object costs more to make than the row costs to write)."""
        table = _table_of(model)
        self._queue(table, _complete_row(table, values), model.__name__)

    def _queue(self, table: sa.Table, row: SQLModel | dict[str, Any], name: str) -> None:
        self.pending.append((table, row))
        self.counts[name] += 1
        if len(self.pending) >= FLUSH_EVERY:
            self.flush()

    def flush(self) -> None:
        """Write the queued rows, parents first, with one change-log entry each."""
        if not self.pending:
            return
        by_table: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for table, row in self.pending:
            by_table[table.name].append(row if isinstance(row, dict) else
                                        {column.key: getattr(row, column.key)
                                         for column in table.columns})
        self.pending.clear()
        connection = self.session.connection()
        changes: list[Change] = []
        for table in SQLModel.metadata.sorted_tables:  # parents before children
            rows = by_table.get(table.name)
            if not rows:
                continue
            insert_rows(connection, table, rows)  # a plan item's parent comes first
            changes += [Change(table, entity_id_of(table, row), ChangeOperation.CREATE,
                               after=row_state(table, row)) for row in rows]
        log_changes(self.session, self.session.info[CHANGE_SET], changes, at=utcnow())
        self.session.info[CHANGED] = True

    def report_progress(self, *, done: bool = False) -> None:
        if done:
            self.step = self.steps
        if self.progress is not None:
            self.progress(self.step, self.steps)

    def pick(self, items: Sequence[T]) -> T:
        return items[self.rng.randrange(len(items))]

    # the run

    def run(self) -> DemoSummary:
        connection = self.session.connection()
        with _large_page_cache(connection), _derived_tables_filled_at_the_end(connection):
            return self._run()

    def _run(self) -> DemoSummary:
        if self.scale is not None:
            self.make_large_cases(self.scale)
        else:
            self.make_small_cases()
        self.steps = len(self.cases) + 2
        self.flush()
        self.report_progress()
        for case in self.cases:
            self.make_plan(case)
            self.make_kpis(case)
            self.make_visits(case)
            self.make_narratives(case)
            self.step += 1
            if self.step % 10 == 0 or not self.large:
                self.report_progress()
        self.flush()
        self.record_disclosures()
        self.flush()
        self.step += 1
        self.report_progress()
        return DemoSummary(
            clients=self.counts["Client"], sponsors=self.counts["Sponsor"],
            engagements=self.counts["Engagement"], plan_items=self.counts["PlanItem"],
            kpis=self.counts["Kpi"], visits=self.counts["Visit"],
            disclosure_versions=self.counts["DisclosureVersion"],
        )

    # sponsors, clients, engagements

    def make_sponsors(self, seeds: Sequence[SponsorSeed], first_day: date) -> None:
        for seed in seeds:
            created = self.stamp(first_day, 9)
            sponsor = Sponsor(id=self.new_id(), name=seed.name, kind=seed.kind, notes=seed.notes,
                              created_at=created, updated_at=created)
            self.add(sponsor)
            surname = self.pick(corpus.SURNAMES)[0]
            if seed.staff_title in seed.name:
                contact = f"{seed.name}の{surname}さん"
            else:
                contact = f"{seed.name} {seed.staff_title}の{surname}さん"
            self.sponsors.append(_SponsorRef(seed=seed, id=sponsor.id, contact=contact))

    def planned_end(self, start: date, extra_years: int) -> date:
        first = fiscal_year_of(start)
        if start.month in (1, 2, 3):  # a start late in a fiscal year gets one more year
            extra_years += 1
        return fiscal_year_bounds(first + extra_years)[1]

    def add_client(self, *, profile: _Profile, kana: str, prefecture: str, city: str,
                   founded: date, notes: str, contact: str, created: date) -> None:
        self.add(Client(
            id=profile.client_id, name=profile.name, kana=kana,
            industry=profile.archetype.industry, prefecture=prefecture, city=city,
            representative=profile.representative, employees=profile.employees,
            founded_on=founded, contact=contact, notes=notes,
            created_at=self.stamp(created, 9, 30), updated_at=self.stamp(created, 9, 30),
        ))

    def add_engagement(self, *, profile: _Profile, sponsor: _SponsorRef | None, title: str,
                       scheme: Scheme, status: EngagementStatus, start: date, end: date,
                       issue: str, fee_terms: str, fee_amount: int | None,
                       paid_by_client: bool, last_active: date) -> _Case:
        created = self.stamp(start - timedelta(days=7), 16)
        engagement = Engagement(
            id=self.new_id(), client_id=profile.client_id,
            sponsor_id=sponsor.id if sponsor else None, title=title, scheme=scheme,
            status=status, start_on=start, planned_end_on=end, essential_issue=issue,
            fee_terms=fee_terms, fee_amount_yen=fee_amount, fee_paid_by_client=paid_by_client,
            created_at=created, updated_at=created,
        )
        self.add(engagement)
        case = _Case(engagement=engagement, profile=profile, sponsor=sponsor,
                     last_active=last_active)
        self.cases.append(case)
        return case

    def boss_of(self, representative: str, archetype: Archetype, *, female: bool,
                sole_proprietor: bool) -> str:
        surname = representative.split()[0]
        if archetype.key == "inn" and female:
            return "女将"
        if sole_proprietor:
            return f"{surname}さん"
        return f"{surname}{archetype.boss_title}"

    def make_small_cases(self) -> None:
        today = self.today
        self.make_sponsors(corpus.SMALL_SPONSORS, today - timedelta(days=1300))
        for seed in corpus.SMALL_CLIENTS:
            archetype = corpus.ARCHETYPES_BY_KEY[seed.archetype]
            start = today - timedelta(days=seed.start_days_ago)
            if not seed.exact_start:
                start = start.replace(day=1)
            end = self.planned_end(start, 2)
            status = EngagementStatus(seed.status)
            last_active = min(end, today - timedelta(days=1))
            profile = _Profile(
                client_id=self.new_id(), name=seed.name, archetype=archetype,
                representative=seed.representative,
                boss=self.boss_of(seed.representative, archetype, female=seed.female,
                                  sole_proprietor=False),
                products=seed.products, channel=seed.channel, staff=seed.staff, heir=seed.heir,
                employees=seed.employees, distance_km=seed.distance_km, growth=seed.growth,
                revenue=self.rng.randint(*archetype.revenue),
            )
            self.add_client(profile=profile, kana=seed.kana, prefecture=seed.prefecture,
                            city=seed.city, founded=date(*seed.founded), notes=seed.notes,
                            contact=seed.contact, created=start - timedelta(days=14))
            case = self.add_engagement(
                profile=profile, sponsor=self.sponsors[seed.sponsor], title=seed.title,
                scheme=Scheme(seed.scheme), status=status, start=start, end=end,
                issue=seed.essential_issue, fee_terms=seed.fee_terms,
                fee_amount=seed.fee_amount_yen, paid_by_client=seed.fee_paid_by_client,
                last_active=last_active)
            case.visits = seed.visits
            if seed.archetype == "inn":
                case.conflict_mention = 0  # the offer of a board seat, never disclosed
        self.plan_small_disclosures()

    def make_large_cases(self, scale: _Scale) -> None:
        today = self.today
        first_day = today - timedelta(days=3652)
        self.make_sponsors(corpus.LARGE_SPONSORS, first_day - timedelta(days=60))
        names: set[str] = set()
        firsts: list[_Case] = []
        for _ in range(scale.first_engagements):
            sponsor = self.pick(self.sponsors)
            start = today - timedelta(days=self.rng.randint(20, 3640))
            if start < today - timedelta(days=45):
                start = start.replace(day=1)
            profile, extra = self.make_large_client(sponsor, start, names)
            firsts.append(self.make_large_engagement(profile, sponsor, start, extra))
        # Some businesses (20 of 200) come back for a second period after the first ended.
        finished = sorted((c for c in firsts if c.engagement.planned_end_on is not None
                           and c.engagement.planned_end_on < today - timedelta(days=400)),
                          key=lambda c: c.engagement.start_on)
        for case in self.rng.sample(finished, min(scale.second_engagements, len(finished))):
            assert case.engagement.planned_end_on is not None
            start = case.engagement.planned_end_on + timedelta(days=1)
            self.make_large_engagement(case.profile, case.sponsor, start,
                                       self.rng.choice((1, 2)), second=True)
        self.allocate_visits(scale.visits, flagship=scale.flagship_visits)
        self.plan_large_disclosures(scale)

    def make_large_client(self, sponsor: _SponsorRef, start: date,
                          names: set[str]) -> tuple[_Profile, int]:
        rng = self.rng
        rare = {"roadside": 0.3, "fish": 2.0 if sponsor.seed.coastal else 0.0}
        weights = [rare.get(a.key, 1.0) for a in corpus.ARCHETYPES]
        archetype = rng.choices(corpus.ARCHETYPES, weights=weights)[0]
        while True:
            pattern = self.pick(archetype.patterns)
            pool = {"surname": corpus.SURNAMES, "place": corpus.PLACE_STEMS,
                    "shop": corpus.SHOP_STEMS}[pattern.source]
            stem, stem_kana = self.pick(pool)
            form = self.pick(archetype.forms)
            base = pattern.name.format(stem=stem)
            name = f"{form} {base}" if form else base
            if name not in names:
                names.add(name)
                break
        female = rng.random() < 0.22
        surname = stem if pattern.source == "surname" and rng.random() < 0.75 else \
            self.pick(corpus.SURNAMES)[0]
        given = self.pick(corpus.FEMALE_NAMES if female else corpus.MALE_NAMES)
        representative = f"{surname} {given}"
        staff = f"{self.pick(archetype.staff_roles)}の{self.pick(corpus.SURNAMES)[0]}さん"
        if archetype.heir_roles:
            heir = f"{self.pick(archetype.heir_roles)}の{self.pick(corpus.SURNAMES)[0]}さん"
        else:
            relation, male = self.pick(corpus.FAMILY_HEIRS)
            heir = f"{relation}の{self.pick(corpus.MALE_NAMES if male else corpus.FEMALE_NAMES)}さん"
        profile = _Profile(
            client_id=self.new_id(), name=name, archetype=archetype,
            representative=representative,
            boss=self.boss_of(representative, archetype, female=female, sole_proprietor=not form),
            products=tuple(rng.sample(archetype.products, 3)),
            channel=self.pick(archetype.channels), staff=staff, heir=heir,
            employees=rng.randint(*archetype.employees),
            distance_km=round(rng.uniform(4, 80), 1),
            growth=max(-0.08, min(0.18, rng.gauss(0.05, 0.06))),
            revenue=rng.randint(*archetype.revenue),
        )
        founded_year = rng.randint(*archetype.founded)
        values = profile.values() | {
            "generation": rng.randint(2, 6), "founded": founded_year,
            "years": rng.randint(2, 12),
        }
        self.add_client(
            profile=profile, kana=pattern.kana.format(kana=stem_kana),
            prefecture=sponsor.seed.prefecture, city=self.pick(sponsor.seed.cities),
            founded=date(founded_year, rng.randint(1, 12), 1),
            notes=fill(self.pick(corpus.CLIENT_NOTES), values),
            contact=fill(self.pick(corpus.CONTACT_NOTES), values),
            created=start - timedelta(days=14),
        )
        return profile, rng.choice((1, 2, 2, 2, 3))

    def make_large_engagement(self, profile: _Profile, sponsor: _SponsorRef | None, start: date,
                              extra_years: int, *, second: bool = False) -> _Case:
        rng, today = self.rng, self.today
        end = self.planned_end(start, extra_years)
        schemes = (Scheme.COMMISSIONED, Scheme.SELF_FUNDED, Scheme.JOINT_VENTURE,
                   Scheme.INVESTMENT, Scheme.SIB)
        scheme = rng.choices(schemes, weights=(60, 14, 10, 8, 8))[0]
        if second and rng.random() < 0.5:
            scheme = Scheme.SELF_FUNDED
        if scheme is Scheme.SELF_FUNDED:
            sponsor = None
        last_active = min(end, today - timedelta(days=1))
        if end < today:
            roll = rng.random()
            status = (EngagementStatus.CLOSED if roll < 0.7 else
                      EngagementStatus.SELF_RUNNING if roll < 0.95 else EngagementStatus.SUSPENDED)
            if status is EngagementStatus.SUSPENDED:
                last_active = start + (end - start) * rng.uniform(0.3, 0.7)
        else:
            status = (EngagementStatus.PREPARING if start > today - timedelta(days=45)
                      else EngagementStatus.ACTIVE)
        values = profile.values() | {"org": sponsor.seed.name if sponsor else "委託元"}
        title = self.pick(profile.archetype.titles)
        issue = "".join(fill(self.pick(pool), values) for pool in (
            profile.archetype.issue_openings, profile.archetype.issue_middles,
            corpus.ISSUE_CLOSINGS))
        fee_amount: int | None = {
            Scheme.COMMISSIONED: rng.choice((600_000, 960_000, 1_200_000, 1_440_000)),
            Scheme.SIB: rng.choice((1_800_000, 2_400_000, 3_000_000)),
            Scheme.SELF_FUNDED: rng.choice((30_000, 40_000, 50_000)) * 12,
            Scheme.INVESTMENT: 600_000,
            Scheme.JOINT_VENTURE: None,
        }[scheme]
        case = self.add_engagement(
            profile=profile, sponsor=sponsor, title=f"第2期:{title}" if second else title,
            scheme=scheme, status=status, start=start, end=end, issue=issue,
            fee_terms=fill(self.pick(corpus.FEE_TERMS[scheme.value]), values),
            fee_amount=fee_amount,
            paid_by_client=scheme in (Scheme.SELF_FUNDED, Scheme.JOINT_VENTURE, Scheme.INVESTMENT),
            last_active=last_active)
        case.second_term = second
        return case

    def allocate_visits(self, total: int, *, flagship: int) -> None:
        """Share ``total`` visits by active days, one long open engagement getting
        ``flagship`` of them (the benchmark opens an engagement with 500 visits)."""
        def active_days(case: _Case) -> int:
            return max(1, (case.last_active - case.engagement.start_on).days)

        open_cases = [c for c in self.cases if c.engagement.status is EngagementStatus.ACTIVE]
        busiest = max(open_cases or self.cases, key=active_days)
        busiest.visits = flagship
        others = [c for c in self.cases if c is not busiest]
        weights = [active_days(c) * self.rng.uniform(0.6, 1.4) for c in others]
        share = (total - flagship) / sum(weights)
        exact = [w * share for w in weights]
        for case, value in zip(others, exact, strict=True):
            case.visits = max(1, int(value))
        missing = total - sum(c.visits for c in self.cases)
        by_remainder = sorted(range(len(others)), key=lambda i: exact[i] - int(exact[i]),
                              reverse=True)
        for index in by_remainder[:max(0, missing)]:
            others[index].visits += 1

    # plans

    def make_plan(self, case: _Case) -> None:
        """Per fiscal year: a goal, two milestones, and actions under each. Rows are
        finished (statuses rolled up) before they are added, parents first."""
        rng = self.rng
        engagement = case.engagement
        start, end = engagement.start_on, engagement.planned_end_on or engagement.start_on
        values = case.profile.values()
        for year_index, fiscal_year in enumerate(fiscal_years_between(start, end)):
            fy_start, fy_end = fiscal_year_bounds(fiscal_year)
            window_start, window_end = max(fy_start, start), min(fy_end, end)
            created = self.stamp(max(start, fy_start - timedelta(days=20)), 11)
            pools = corpus.PLAN_TOPICS_BY_YEAR[min(year_index, 2)]
            goal_values = values | {"pct": rng.choice((10, 15, 20, 30))}
            goal = self.plan_item(case, None, PlanLevel.GOAL, fiscal_year, 0,
                                  fill(self.pick(corpus.GOALS_BY_YEAR[min(year_index, 2)]),
                                       goal_values), Owner.JOINT, window_end, created)
            rows: list[PlanItem] = [goal]
            milestones: list[PlanItem] = []
            span = (window_end - window_start).days
            for m_index, topic_key in enumerate(rng.sample(pools, 2)):
                topic = corpus.TOPICS_BY_KEY[topic_key]
                sub_start = window_start + timedelta(days=span * m_index // 2)
                sub_end = window_start + timedelta(days=span * (m_index + 1) // 2)
                m_values = values | {"n": rng.randint(2, 4)}
                milestone = self.plan_item(case, goal.id, PlanLevel.MILESTONE, fiscal_year,
                                           m_index, fill(self.pick(topic.milestones), m_values),
                                           Owner.JOINT, sub_end, created)
                if rng.random() < 0.15:
                    milestone.notes = "委託元への中間報告で進み具合を示す項目。"
                count = rng.choice((1, 2, 2)) if self.large else rng.randint(2, 3)
                actions: list[PlanItem] = []
                for a_index, (text, owner) in enumerate(rng.sample(topic.actions, count)):
                    due = sub_start + timedelta(days=(sub_end - sub_start).days * (a_index + 1)
                                                // (count + 1))
                    action = self.plan_item(case, milestone.id, PlanLevel.ACTION, fiscal_year,
                                            a_index, fill(text, values), owner, due, created)
                    self.set_action_status(case, action)
                    case.plan_actions[(fiscal_year, topic_key)].append(action.id)
                    case.plan_actions[(fiscal_year, "")].append(action.id)
                    actions.append(action)
                self.roll_up(milestone, actions)
                milestones.append(milestone)
                rows += [milestone, *actions]
            self.roll_up(goal, milestones)
            for row in rows:
                self.add(row)

    def plan_item(self, case: _Case, parent: uuid.UUID | None, level: PlanLevel,
                  fiscal_year: int, position: int, title: str, owner: Owner, due: date,
                  created: datetime) -> PlanItem:
        return PlanItem(
            id=self.new_id(), engagement_id=case.engagement.id, parent_id=parent, level=level,
            fiscal_year=fiscal_year, position=position, title=title, owner=owner, due_on=due,
            status=PlanStatus.NOT_STARTED, progress=0, created_at=created, updated_at=created,
        )

    def set_action_status(self, case: _Case, item: PlanItem) -> None:
        rng, today = self.rng, self.today
        due = item.due_on or today
        closed = not EngagementStatus(case.engagement.status).is_open
        if due > case.last_active and case.engagement.status is EngagementStatus.SUSPENDED:
            item.status, item.progress = PlanStatus.DROPPED, rng.choice((0, 20, 40))
        elif due < today:
            roll = rng.random()
            # Left open for months is rare: a practitioner drops what will not be done.
            stale = (today - due).days > 3 * RECENT_OPEN_DAYS and roll < 0.985
            if roll < (0.88 if closed else 0.78):
                item.status, item.progress = PlanStatus.DONE, 100
            elif roll < 0.92 and not closed and not stale:
                item.status, item.progress = PlanStatus.IN_PROGRESS, rng.randint(5, 9) * 10
            elif closed or stale:
                item.status, item.progress = PlanStatus.DROPPED, rng.randint(0, 5) * 10
            else:
                item.status, item.progress = PlanStatus.ON_HOLD, rng.randint(3, 5) * 10
        elif fiscal_year_of(today) == item.fiscal_year and rng.random() < 0.5:
            item.status, item.progress = PlanStatus.IN_PROGRESS, rng.randint(1, 6) * 10

    @staticmethod
    def roll_up(parent: PlanItem, children: Sequence[PlanItem]) -> None:
        """A goal or milestone's status and progress follow its children's."""
        live = [c for c in children if c.status is not PlanStatus.DROPPED]
        if not live:
            parent.status, parent.progress = PlanStatus.DROPPED, 0
            return
        parent.progress = round(sum(c.progress for c in live) / len(live))
        if all(c.status is PlanStatus.DONE for c in live):
            parent.status = PlanStatus.DONE
        elif any(c.status in (PlanStatus.DONE, PlanStatus.IN_PROGRESS) for c in live):
            parent.status = PlanStatus.IN_PROGRESS
        elif all(c.status is PlanStatus.ON_HOLD for c in live):
            parent.status = PlanStatus.ON_HOLD

    # KPIs

    def make_kpis(self, case: _Case) -> None:
        rng = self.rng
        engagement, profile = case.engagement, case.profile
        archetype = profile.archetype
        start = engagement.start_on
        end = engagement.planned_end_on or start
        sales = float(profile.revenue)
        growth = profile.growth
        target_growth = max(0.03, round(growth + 0.02, 2))
        fiscal_years = fiscal_years_between(start, end)
        # Monthly figures are taken from the books from the start of the first fiscal
        # year (so a year's actuals compare with its target), up to last month.
        last_month_end = self.today.replace(day=1) - timedelta(days=1)
        months = self.months(fiscal_year_bounds(fiscal_years[0])[0],
                             min(case.last_active, last_month_end))
        season_total = sum(archetype.seasonality)
        for position, spec in enumerate(archetype.kpis):
            baseline = self.kpi_baseline(spec, profile, sales)
            kpi = Kpi(
                id=self.new_id(), engagement_id=engagement.id, name=spec.name, unit=spec.unit,
                direction=(KpiDirection.LOWER_IS_BETTER if spec.kind == "loss"
                           else KpiDirection.HIGHER_IS_BETTER),
                # A level such as 従業員数 counts its latest figure; the rest add up.
                aggregation=(KpiAggregation.LATEST if spec.kind == "stock"
                             else KpiAggregation.SUM),
                baseline=baseline, baseline_on=start - timedelta(days=1), position=position,
                created_at=self.stamp(start, 15), updated_at=self.stamp(start, 15),
            )
            self.add(kpi)
            step = 3.0 if baseline < 10 else max(1.0, round(baseline * 0.05))
            for index, fiscal_year in enumerate(fiscal_years, start=1):
                if spec.kind == "stock":
                    target = baseline + step * index
                elif spec.kind == "loss":
                    target = round(baseline * max(0.4, 1 - 0.12 * index))
                elif spec.kind == "part":
                    target = round(baseline * 1.35 ** index)
                else:
                    target = round(baseline * (1 + target_growth) ** index)
                created = self.stamp(max(start, fiscal_year_bounds(fiscal_year)[0]
                                         - timedelta(days=10)), 15, 30)
                self.insert(KpiTarget, id=self.new_id(), kpi_id=kpi.id, fiscal_year=fiscal_year,
                            value=float(target), created_at=created, updated_at=created)
            pace = rng.uniform(-0.3, 1.1)
            for month in months:
                years = (month - start).days / 365.25
                weight = archetype.seasonality[(month.month - 4) % 12] / season_total
                noise = rng.uniform(0.92, 1.08)
                trend = (1 + growth) ** years
                if spec.kind == "sales":
                    value = round(baseline * trend * weight * noise)
                    case.monthly_sales[month] = value
                elif spec.kind == "gross":
                    value = round(case.monthly_sales.get(month, baseline * weight)
                                  * archetype.gross_margin * (1 + 0.03 * years)
                                  * rng.uniform(0.95, 1.05))
                elif spec.kind == "part":
                    value = round(baseline * 1.3 ** years * weight * noise)
                elif spec.kind == "loss":
                    value = round(baseline * max(0.35, 1 - 0.12 * years) * weight * noise)
                elif spec.kind == "stock":
                    value = max(0, round(baseline + step * pace * years))
                else:
                    value = round(baseline * trend * weight * noise)
                next_month = (month + timedelta(days=32)).replace(day=1)
                created = self.stamp(max(next_month + timedelta(days=9),
                                         start + timedelta(days=14)), 17)
                self.insert(KpiActual, id=self.new_id(), kpi_id=kpi.id, period_start=month,
                            granularity=Granularity.MONTH, value=float(value),
                            created_at=created, updated_at=created)

    def kpi_baseline(self, spec: KpiSpec, profile: _Profile, sales: float) -> float:
        rng = self.rng
        if spec.kind == "sales":
            return sales
        if spec.kind == "gross":
            return float(round(sales * profile.archetype.gross_margin))
        if spec.kind == "part":
            return float(round(sales * rng.uniform(0.03, 0.12)))
        if spec.kind == "loss":
            return float(round(sales * rng.uniform(0.03, 0.06)))
        if spec.name == "従業員数":
            return float(profile.employees)
        return float(round(rng.uniform(spec.low, spec.high)))

    @staticmethod
    def months(first: date, last: date) -> list[date]:
        months: list[date] = []
        month = first.replace(day=1)
        while month <= last:
            months.append(month)
            month = (month + timedelta(days=32)).replace(day=1)
        return months

    # visits

    def visit_days(self, case: _Case) -> list[date]:
        start, last = case.engagement.start_on, case.last_active
        if case.visits <= 0 or last < start:
            return []
        every_day = [start + timedelta(days=i) for i in range((last - start).days + 1)]
        weekdays = [d for d in every_day if d.weekday() < 5] or every_day
        first, rest = weekdays[0], weekdays[1:]
        wanted = case.visits - 1
        if wanted <= len(rest):
            chosen = self.rng.sample(rest, wanted)
        elif wanted <= len(every_day) - 1:
            chosen = self.rng.sample([d for d in every_day if d != first], wanted)
        else:
            chosen = self.rng.choices(every_day, k=wanted)
        return [first, *sorted(chosen)]

    def make_narratives(self, case: _Case) -> None:
        """The report texts of each fiscal year that ended while the engagement ran (the
        current year's are written at its end)."""
        engagement = case.engagement
        current = fiscal_year_of(self.today)
        last = min(engagement.planned_end_on or self.today, self.today)
        years = [y for y in fiscal_years_between(engagement.start_on, last) if y < current]
        values = case.profile.values()
        for index, year in enumerate(years):
            achievements, policy, running = corpus.NARRATIVES[min(index, len(corpus.NARRATIVES) - 1)]
            self.add(ReportNarrative(
                engagement_id=engagement.id, fiscal_year=year,
                achievements=fill(achievements, values), next_year_policy=fill(policy, values),
                self_running=fill(running, values)))

    def make_visits(self, case: _Case) -> None:
        days = self.visit_days(case)
        if not days:
            return
        mention_at = len(days) // 2 if case.conflict_mention is not None else -1
        fiscal_review_done: set[int] = set()
        topics = [t for t in corpus.TOPICS if t.weight > 0]
        weights = [t.weight for t in topics]
        for index, day in enumerate(days):
            if index == 0:
                topic = corpus.TOPICS_BY_KEY["review" if case.second_term else "hearing"]
            elif day.month == 3 and fiscal_year_of(day) not in fiscal_review_done \
                    and self.rng.random() < 0.6:
                topic = corpus.TOPICS_BY_KEY["fiscal"]
                fiscal_review_done.add(fiscal_year_of(day))
            else:
                topic = self.rng.choices(topics, weights=weights)[0]
            self.make_visit(case, day, topic, first=index == 0,
                            mention=case.conflict_mention if index == mention_at else None)

    def make_visit(self, case: _Case, day: date, topic: Topic, *, first: bool,
                   mention: int | None) -> None:
        rng, profile = self.rng, case.profile
        mode = VisitMode.ON_SITE if first else rng.choices(list(VisitMode),
                                                           weights=(55, 15, 18, 12))[0]
        started, ended = self.visit_time(mode, day)
        counter = case.sponsor.seed.counter if case.sponsor else "支援者の事務所"
        site, other_site = rng.sample(profile.archetype.sites, 2)
        present = self.who_attends(case, mode)
        follow_up = day + timedelta(days=rng.randint(14, 42)) if rng.random() < 0.75 else None
        minutes = int((ended - started).total_seconds()) // 60
        values = profile.values() | {
            "site": site, "other_site": other_site, "counter": counter,
            "org": case.sponsor.seed.name if case.sponsor else "委託元",
            "n": rng.randint(2, 5), "share": rng.randint(5, 8), "pct": rng.randint(3, 18),
            "event": self.pick(corpus.TRADE_FAIRS),
            "month": corpus.month_label((day.month + rng.randint(0, 1)) % 12 + 1),
            "hours": f"{minutes // 60}時間" + ("半" if minutes % 60 else ""), "minutes": minutes,
            "next": f"{follow_up.month}月{follow_up.day}日" if follow_up else "",
        }
        actions = self.pick_actions(topic, single=mode is VisitMode.PHONE)
        values |= {"a1": fill(actions[0][0], values),
                   "a2": fill(actions[min(1, len(actions) - 1)][0], values)}
        notes = self.compose_notes(case, topic, mode, values, day, present, mention=mention,
                                   dated=follow_up is not None)
        decisions = rng.sample(topic.decisions, min(len(topic.decisions), rng.randint(1, 2)))
        strength = self.pick(profile.archetype.strengths if rng.random() < 0.6
                             else corpus.GENERIC_STRENGTHS)
        created = min(ended + timedelta(minutes=rng.randint(10, 90)), self.cap)
        follow_done = None
        if follow_up is not None and follow_up < self.today and rng.random() < self.done_odds(follow_up):
            follow_done = min(datetime.combine(follow_up, time(17, 30), JST), self.cap)
        visit_id = self.new_id()
        self.insert(
            Visit, id=visit_id, engagement_id=case.engagement.id, started_at=started,
            ended_at=ended, mode=mode, place=self.visit_place(mode, site, counter),
            attendees=self.attendees(case, present),
            purpose=fill(self.pick(topic.purposes), values), notes=notes,
            strengths=fill(strength, values), issues=fill(self.pick(topic.issues), values),
            decisions="".join(fill(d, values) for d in decisions),
            follow_up_on=follow_up, follow_up_done_at=follow_done,
            distance_km=profile.distance_km if mode is VisitMode.ON_SITE else 0.0,
            created_at=created, updated_at=max(created, follow_done or created),
        )
        self.add_visit_actions(case, visit_id, started, ended, topic, actions, values, created)

    def done_odds(self, due: date) -> float:
        """How likely a follow-up or next action due on ``due`` (before today) is done:
        the last weeks' are often still open, older ones almost always closed, so ホーム
        shows a few overdue (one or two for months), as a practitioner's list would."""
        return 0.7 if (self.today - due).days <= RECENT_OPEN_DAYS else 0.995

    def visit_time(self, mode: VisitMode, day: date) -> tuple[datetime, datetime]:
        """When a visit of this kind usually starts, and how long it takes."""
        hours, minutes, durations = {
            VisitMode.ON_SITE: ((9, 10, 13, 14, 15), (0, 30), (60, 90, 120, 150)),
            VisitMode.ONLINE: ((10, 11, 14, 16, 17), (0, 30), (30, 45, 60)),
            VisitMode.PHONE: (tuple(range(8, 19)), tuple(range(0, 60, 5)), (10, 15, 20, 30)),
            VisitMode.AT_CENTRE: ((10, 13, 14, 15), (0, 30), (60, 90)),
        }[mode]
        started = datetime.combine(day, time(self.pick(hours), self.pick(minutes)), JST)
        return started, started + timedelta(minutes=self.pick(durations))

    def add_visit_actions(self, case: _Case, visit_id: uuid.UUID, started: datetime,
                          ended: datetime, topic: Topic, actions: list[tuple[str, Owner]],
                          values: dict[str, object], created: datetime) -> None:
        """The agreed next actions; most move a plan action of the same topic and year,
        and those already due are mostly done."""
        rng = self.rng
        day = started.astimezone(JST).date()
        fiscal_year = fiscal_year_of(day)
        for text, owner in actions:
            due = day + timedelta(days=rng.randint(7, 35))
            done_at = None
            if due < self.today and rng.random() < self.done_odds(due):
                done_day = max(day, due - timedelta(days=rng.randint(0, 5)))
                done_at = min(max(datetime.combine(done_day, time(17, 0), JST),
                                  ended), self.cap)
            linked = case.plan_actions.get((fiscal_year, topic.key)) or []
            if not linked and rng.random() < 0.25:
                linked = case.plan_actions.get((fiscal_year, "")) or []
            plan_item = self.pick(linked) if linked and rng.random() < 0.7 else None
            self.insert(
                VisitAction, id=self.new_id(), visit_id=visit_id, plan_item_id=plan_item,
                text=fill(text, values), owner=owner, due_on=due, done_at=done_at,
                created_at=created, updated_at=max(created, done_at or created),
            )

    def pick_actions(self, topic: Topic, *, single: bool) -> list[tuple[str, Owner]]:
        """The business's next action first, then the supporter's, sometimes a third;
        a phone call settles one."""
        business = [a for a in topic.actions if a[1] is not Owner.SUPPORTER]
        supporter = [a for a in topic.actions if a[1] is not Owner.BUSINESS]
        first = self.pick(business or list(topic.actions))
        if single:
            return [first]
        second = self.pick([a for a in supporter if a != first] or
                           [a for a in topic.actions if a != first])
        chosen = [first, second]
        rest = [a for a in topic.actions if a not in chosen]
        if rest and self.rng.random() < (0.1 if self.large else 0.3):
            chosen.append(self.pick(rest))
        return chosen

    def compose_notes(self, case: _Case, topic: Topic, mode: VisitMode,
                      values: dict[str, object], day: date, present: set[str], *,
                      mention: int | None, dated: bool) -> str:
        """Opener, the owner's words, what was seen about the topic, a little of the
        scene, and the agreed next steps, up to a target length (shorter by phone)."""
        rng = self.rng
        phone = mode is VisitMode.PHONE
        if self.large:
            target = rng.randint(300, 340) if phone else rng.randint(390, 430)
        else:
            target = rng.randint(150, 220) if phone else rng.randint(230, 380)
        limit = target + 50

        attending = frozenset(present)

        def ready(pool: Sequence[str]) -> list[str]:
            """The pool's sentences this visit can use, shuffled, not yet filled in
            (filled only when used: most are not)."""
            kept = list(_usable_sentences(tuple(pool), mode.value, attending))
            rng.shuffle(kept)
            return kept

        opener = fill(self.pick(ready(corpus.MODE_OPENERS[mode.value]) or [""]), values)
        quote = fill(self.pick(corpus.QUOTE_FRAMES),
                     {"boss": values["boss"], "q": fill(self.pick(topic.quotes), values)})
        closings = ((corpus.PHONE_CLOSINGS_WITH_DATE if dated else corpus.PHONE_CLOSINGS) if phone
                    else (corpus.CLOSINGS_WITH_DATE if dated else corpus.CLOSINGS))
        closing = fill(self.pick(closings), values)
        observations = ready(self.topic_observations(case, topic, day, values))
        scenery = ready([*corpus.GENERIC_OBSERVATIONS, *case.profile.archetype.scenes])
        picked: list[tuple[int, str]] = []  # (rank in the text, sentence)
        if mention is not None:
            picked.append((1, fill(corpus.CONFLICT_MENTIONS[mention], values)))
        if case.sponsor is not None and rng.random() < 0.15:
            picked += [(2, fill(text, values)) for text in ready(corpus.SPONSOR_OBSERVATIONS)[:1]]
        # Two things seen about the topic and two of the scene, then more of the topic.
        candidates = [*((0, o) for o in observations[:2]), *((1, g) for g in scenery[:2]),
                      *((0, o) for o in observations[2:]), *((1, g) for g in scenery[2:4])]
        length = len(opener) + len(quote) + len(closing) + sum(len(t) for _, t in picked)
        for rank, sentence in candidates:
            if length >= target:
                break
            text = fill(sentence, values)
            if length + len(text) <= limit:
                picked.append((rank, text))
                length += len(text)
        picked.sort(key=lambda pair: 3 if pair[1].startswith("終わり際") else pair[0])
        return "".join([opener, quote, *(text for _, text in picked), closing])

    def topic_observations(self, case: _Case, topic: Topic, day: date,
                           values: dict[str, object]) -> list[str]:
        """The topic's observations; a monthly review quotes the real sales figures."""
        if topic.key != "review":
            return list(topic.observations)
        last_month = (day.replace(day=1) - timedelta(days=1)).replace(day=1)
        year_before = last_month.replace(year=last_month.year - 1)
        now, before = case.monthly_sales.get(last_month), case.monthly_sales.get(year_before)
        kept = [o for o in topic.observations if "前年同月" not in o]
        if now is None or before is None or before <= 0:
            return kept
        change = round((now / before - 1) * 100)
        if change == 0:
            return kept
        values["pct"] = abs(change)
        wording = "前年同月比" if change > 0 else "前年同月を"
        return kept + [o for o in topic.observations if wording in o]

    def visit_place(self, mode: VisitMode, site: str, counter: str) -> str:
        if mode is VisitMode.ON_SITE:
            return site
        if mode is VisitMode.ONLINE:
            return self.pick(corpus.ONLINE_PLACES)
        if mode is VisitMode.PHONE:
            return "電話"
        return counter

    def who_attends(self, case: _Case, mode: VisitMode) -> set[str]:
        """Who comes besides the owner: "staff", "heir", "sponsor" (none on the phone)."""
        rng = self.rng
        present: set[str] = set()
        if mode is VisitMode.PHONE:
            return present
        if rng.random() < 0.5:
            present.add("staff")
        if rng.random() < 0.4:
            present.add("heir")
        if case.sponsor is not None and mode is not VisitMode.ONLINE and rng.random() < 0.25:
            present.add("sponsor")
        return present

    def attendees(self, case: _Case, present: set[str]) -> str:
        profile = case.profile
        people = [f"{profile.representative}(代表)"]
        if "staff" in present:
            people.append(profile.staff)
        if "heir" in present:
            people.append(profile.heir)
        if "sponsor" in present and case.sponsor is not None:
            people.append(case.sponsor.contact)
        return "、".join(people)

    # disclosures

    def draft_for(self, case: _Case, kind: DisclosureKind, *, started: date, declared: date,
                  template_index: int = 0, amount: int | None = None,
                  share: float | None = None, mitigation: bool = True) -> DisclosureDraft:
        template = corpus.DISCLOSURE_TEMPLATES[kind][template_index]
        return DisclosureDraft(
            kind=kind, counterpart_name=case.profile.name,
            counterpart_client_id=case.profile.client_id, started_on=started,
            declared_on=declared, amount_yen=amount, share_percent=share,
            role_title=template.role_title, description=template.description,
            mitigation=template.mitigation if mitigation else "",
            engagement_ids=(case.engagement.id,),
        )

    def declare(self, draft: DisclosureDraft) -> int:
        self.events.append(_DisclosureEvent(on=draft.declared_on, key=len(self.events),
                                            draft=draft))
        return self.events[-1].key

    def amend(self, key: int, draft: DisclosureDraft, reason: str) -> None:
        self.events.append(_DisclosureEvent(on=draft.declared_on, key=key, draft=draft,
                                            reason=reason))

    def plan_small_disclosures(self) -> None:
        """The cases of DESIGN.md's red flags, and clean ones beside them."""
        cases = {c.profile.name: c for c in self.cases}
        yesterday = self.today - timedelta(days=1)
        reasons = corpus.AMENDMENT_REASONS

        def days_after(day: date, days: int) -> date:
            return min(day + timedelta(days=days), yesterday)

        # 出資 in the 道の駅 company whose fee it also pays: declared on time, amended.
        roadside = cases["株式会社 鳥海ふるさと振興"]
        started = days_after(roadside.engagement.start_on, 30)
        first = self.draft_for(roadside, DisclosureKind.INVESTMENT, started=started,
                               declared=days_after(started, 6), amount=500_000, share=1.2)
        key = self.declare(first)
        raised = days_after(first.declared_on, (yesterday - first.declared_on).days // 2)
        self.amend(key, replace(first, declared_on=raised, amount_yen=800_000, share_percent=1.8),
                   reasons["amount"])
        # 出資 in the farm, declared 52 days after it started (late), with a mitigation.
        farm = cases["合同会社 あらき農園"]
        started = days_after(farm.engagement.start_on, 60)
        self.declare(self.draft_for(farm, DisclosureKind.INVESTMENT, started=started,
                                    declared=days_after(started, 52), template_index=1,
                                    amount=300_000, share=5.0))
        # A board seat at an active engagement, no mitigation recorded.
        works = cases["株式会社 本荘精工"]
        started = days_after(works.engagement.start_on, 45)
        self.declare(self.draft_for(works, DisclosureKind.BOARD_SEAT, started=started,
                                    declared=days_after(started, 3), mitigation=False))
        # Clean: an advisory contract after the engagement went self-running.
        fish = cases["有限会社 西目浜水産"]
        end = fish.engagement.planned_end_on or fish.engagement.start_on
        started = days_after(end, 1)
        self.declare(self.draft_for(fish, DisclosureKind.ADVISORY, started=started,
                                    declared=started - timedelta(days=7), template_index=1,
                                    amount=240_000))
        # Clean: an advisory contract beside an active engagement, with a mitigation.
        sweets = cases["有限会社 松月堂"]
        started = days_after(sweets.engagement.start_on, 90)
        self.declare(self.draft_for(sweets, DisclosureKind.ADVISORY, started=started,
                                    declared=started - timedelta(days=3), amount=180_000))

    def plan_large_disclosures(self, scale: _Scale) -> None:
        rng, yesterday = self.rng, self.today - timedelta(days=1)
        by_scheme = {
            Scheme.INVESTMENT: (DisclosureKind.INVESTMENT,),
            Scheme.JOINT_VENTURE: (DisclosureKind.JOINT_VENTURE, DisclosureKind.REVENUE_SHARE),
            Scheme.SELF_FUNDED: (DisclosureKind.ADVISORY,),
        }
        others = (DisclosureKind.BOARD_SEAT, DisclosureKind.CONTRACT, DisclosureKind.FAMILY,
                  DisclosureKind.OTHER, DisclosureKind.ADVISORY, DisclosureKind.INVESTMENT)
        disclosed: set[uuid.UUID] = set()
        latest: dict[int, DisclosureDraft] = {}
        for case in self.cases:
            kinds = by_scheme.get(case.engagement.scheme)
            if kinds is None and rng.random() < 0.3:
                kinds = others
            if kinds is None or (kinds == (DisclosureKind.ADVISORY,) and rng.random() < 0.1):
                continue
            kind = self.pick(kinds)
            started = min(case.engagement.start_on + timedelta(days=rng.randint(0, 120)),
                          yesterday - timedelta(days=1))
            if rng.random() < 0.12:
                declared = started + timedelta(days=rng.randint(35, 150))  # declared late
            else:
                declared = started + timedelta(days=rng.randint(-10, 20))
            declared = min(declared, yesterday)
            amount: int | None = None
            share: float | None = None
            if kind is DisclosureKind.INVESTMENT:
                amount = rng.choice((300_000, 500_000, 1_000_000, 2_000_000))
                share = round(rng.uniform(0.5, 9.5), 1)
            elif kind is DisclosureKind.ADVISORY:
                amount = rng.choice((30_000, 40_000, 50_000)) * 12
            elif kind is DisclosureKind.CONTRACT:
                amount = rng.randint(3, 8) * 100_000
            elif kind is DisclosureKind.REVENUE_SHARE:
                share = float(rng.choice((2, 3)))
            draft = self.draft_for(
                case, kind, started=started, declared=declared,
                template_index=rng.randrange(len(corpus.DISCLOSURE_TEMPLATES[kind])),
                amount=amount, share=share, mitigation=rng.random() > 0.1)
            latest[self.declare(draft)] = draft
            disclosed.add(case.profile.client_id)
        self.plan_amendments(latest, target=scale.disclosure_versions)
        quiet = [c for c in self.cases
                 if c.profile.client_id not in disclosed and c.visits >= 10]
        for index, case in enumerate(rng.sample(quiet, min(scale.quiet_mentions, len(quiet)))):
            case.conflict_mention = index % len(corpus.CONFLICT_MENTIONS)

    def plan_amendments(self, latest: dict[int, DisclosureDraft], *, target: int) -> None:
        """Amend random disclosures, each at least a month after its last version, until
        the register holds about ``target`` versions."""
        rng, yesterday = self.rng, self.today - timedelta(days=1)
        reasons_by_kind: dict[DisclosureKind, tuple[str, ...]] = {
            DisclosureKind.INVESTMENT: ("amount", "mitigation", "correction", "end"),
            DisclosureKind.BOARD_SEAT: ("role", "mitigation", "end"),
            DisclosureKind.ADVISORY: ("fee", "mitigation", "end"),
            DisclosureKind.CONTRACT: ("correction", "end"),
            DisclosureKind.JOINT_VENTURE: ("mitigation", "correction", "end"),
            DisclosureKind.REVENUE_SHARE: ("mitigation", "correction", "end"),
            DisclosureKind.FAMILY: ("mitigation", "correction"),
            DisclosureKind.OTHER: ("mitigation", "correction"),
        }
        keys = sorted(latest)
        amendments: Counter[int] = Counter()
        tries = 0
        while len(self.events) < target and keys and tries < 20 * target:
            tries += 1
            key = self.pick(keys)
            draft = latest[key]
            on = draft.declared_on + timedelta(days=rng.randint(30, 420))
            if on > yesterday:
                continue
            reason = self.pick(reasons_by_kind[draft.kind])
            if reason == "end" and rng.random() < 0.6:
                reason = "mitigation"
            new = self.amended(draft, reason, on)
            self.amend(key, new, corpus.AMENDMENT_REASONS[reason])
            latest[key] = new
            amendments[key] += 1
            if new.status is DisclosureStatus.ENDED or amendments[key] == 5:
                keys.remove(key)

    def amended(self, draft: DisclosureDraft, reason: str, on: date) -> DisclosureDraft:
        rng = self.rng
        new = replace(draft, declared_on=on)
        if reason == "amount":
            return replace(new, amount_yen=int(round((draft.amount_yen or 500_000) * 1.5, -5)),
                           share_percent=round((draft.share_percent or 1.0) * 1.4, 1))
        if reason == "fee":
            return replace(new, amount_yen=int(round((draft.amount_yen or 360_000) * 1.1, -4)))
        if reason == "role":
            roles = [t.role_title for t in corpus.DISCLOSURE_TEMPLATES[draft.kind]]
            other = [r for r in roles if r != draft.role_title] or roles
            return replace(new, role_title=self.pick(other))
        if reason == "correction":
            amount = draft.amount_yen
            return replace(new, amount_yen=int(round(amount * rng.uniform(0.8, 1.2), -4))
                           if amount else None,
                           description=draft.description + "(金額の記載を訂正)")
        if reason == "end":
            return replace(new, ended_on=max(on, draft.started_on),
                           status=DisclosureStatus.ENDED)
        addendum = self.pick(corpus.MITIGATION_ADDENDA)
        base = draft.mitigation or corpus.DISCLOSURE_TEMPLATES[draft.kind][0].mitigation
        return replace(new, mitigation=base if not draft.mitigation else f"{base}{addendum}")

    def record_disclosures(self) -> None:
        """Record every declaration and amendment in date order, so the hash chain (read
        in creation order) runs through them as they happened."""
        ids: dict[int, uuid.UUID] = {}
        ordered = sorted(enumerate(self.events), key=lambda pair: (pair[1].on, pair[0]))
        for sequence, (_, event) in enumerate(ordered):
            at = self.stamp(event.on, 18) + timedelta(microseconds=sequence)
            if event.reason:
                record_amendment(session=self.session, disclosure_id=ids[event.key],
                                 draft=event.draft, reason=event.reason, at=at, new_id=self.new_id)
            else:
                version = record_declaration(session=self.session, draft=event.draft, at=at,
                                             new_id=self.new_id)
                ids[event.key] = version.disclosure_id
            self.counts["DisclosureVersion"] += 1



@functools.lru_cache(maxsize=4096)
def _usable_sentences(pool: tuple[str, ...], mode: str,
                      present: frozenset[str]) -> tuple[str, ...]:
    """The sentences of ``pool`` that a visit in ``mode`` with ``present`` can tell.
    Cached: the same few pools are sifted for each of 20,000 visits."""
    usable = (corpus.usable(sentence, mode) for sentence in pool
              if not any("sponsor" in present if who == "no_sponsor" else who not in present
                         for who in _presence_needed(sentence)))
    return tuple(sentence for sentence in usable if sentence is not None)


@functools.cache
def _presence_needed(sentence: str) -> tuple[str, ...]:
    """Who must be there (or, "no_sponsor", must not) for a sentence to be told."""
    return tuple(who for words, who in corpus.PRESENCE_NEEDS.items() if words in sentence)


# --- bulk writing ----------------------------------------------------------------------------

def _table_of(model: type[SQLModel]) -> sa.Table:
    table = sa.inspect(model).local_table
    assert isinstance(table, sa.Table)
    return table


def _complete_row(table: sa.Table, values: dict[str, Any]) -> dict[str, Any]:
    """Every column's value, as the model object would hold it: the given ones, and
    the fixed defaults of the rest (a column whose default is computed must be given)."""
    row = {key: values.get(key, default) for key, default in _column_defaults(table)}
    unknown = values.keys() - row.keys()
    if unknown:
        raise ValueError(f"{table.name} has no column {sorted(unknown)}")
    for key, value in row.items():
        if value is _MUST_BE_GIVEN:
            raise ValueError(f"demo rows of {table.name} must give {key}")
    return row


_MUST_BE_GIVEN = object()  # a column whose default is computed (an id, a timestamp)


@functools.cache
def _column_defaults(table: sa.Table) -> tuple[tuple[str, Any], ...]:
    """Each column's key and the value a row that does not give it gets."""
    defaults: list[tuple[str, Any]] = []
    for column in table.columns:
        if column.default is None:
            defaults.append((column.key, None))
        elif isinstance(column.default, sa.ColumnDefault) and column.default.is_scalar:
            defaults.append((column.key, column.default.arg))
        else:
            defaults.append((column.key, _MUST_BE_GIVEN))
    return tuple(defaults)


BULK_CACHE_KIB = 128 * 1024  # SQLite's page cache while the demo writes (default 2 MiB)


@contextmanager
def _large_page_cache(connection: sa.Connection) -> Iterator[None]:
    """A page cache big enough that the indexes being filled stay in memory instead of
    being written out and read back many times over in the transaction."""
    before = connection.exec_driver_sql("PRAGMA cache_size").scalar_one()
    connection.exec_driver_sql(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size = {int(before)}")


_SEARCH_EVENTS = ("insert", "update", "delete")


@contextmanager
def _derived_tables_filled_at_the_end(connection: sa.Connection) -> Iterator[None]:
    """Inside, the triggers of the derived tables (the search index, ``sensitive_text``
    listing the texts that name a tie, the visit tally) are dropped; after, they are made
    again exactly as they were and each is filled once from the rows. All in the demo's
    one transaction: when it fails, the rollback brings the triggers back too."""
    names = [f"{table}_{index}_{event}" for _, table, *_ in SOURCES for event in _SEARCH_EVENTS
             for index in ("search", "sensitive")]
    names += [f"{visit_tally.VISIT_TALLY}_{event}" for event in _SEARCH_EVENTS]
    triggers = connection.execute(
        sa.text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN :names")
        .bindparams(sa.bindparam("names", expanding=True)), {"names": names}).all()
    for name, _ in triggers:
        connection.exec_driver_sql(f'DROP TRIGGER "{name}"')
    yield
    for _, sql in triggers:
        connection.exec_driver_sql(sql)
    rebuild(connection)
    visit_tally.rebuild(connection)
