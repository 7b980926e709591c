"""The figures sponsors count each year, as Excel (.xlsx, one sheet per table), as CSV
files in a zip (.zip, one file per table) or as one CSV (.csv, the 訪問件数 table).

What a sponsor counts per fiscal year (経営発達支援計画's yearly survey, Biz-centre
reports), one row per 年度 (令和7年度, with the 西暦 in a column):

* 支援事業者数 — consultations 延べ and businesses 実数, 新規 (first consultation in the
  scope falls in that year) and 継続;
* 方式別 — consultations by 巡回(訪問)/窓口(来所)/オンライン/電話;
* 相談内容別 — consultations and businesses per topic (``domain.consultation_topics``,
  read from each visit's 目的);
* 業種別 — consultations, businesses and new businesses per 業種;
* 計画策定・重点支援 — businesses with a plan for the year, and the consultations and
  businesses on 創業・事業承継・補助金申請・資金調達;
* 業績の増減 and 業績の増減(事業者別) — businesses whose 売上高 and 粗利 (or 経常利益)
  rose, stayed within ±x % (the ``flat_band_percent`` setting), fell, or are unknown,
  against the previous year, from the KPI actuals of complete years;
* 委託元の目標と実績 — each sponsor's own yearly targets (``sponsortarget``) against
  the actual read from the tables above as counted for that sponsor alone, graded A–D
  by ``domain.kpi`` (a year in progress: 年度途中(8か月), never graded);
* KPI — every indicator's target against actual per fiscal year, graded A–D;
* 案件一覧 — one row per engagement: sponsor, period, consultations, hours, KPI grades,
  status;
* 訪問件数 / 支援時間 / フォローアップ — per business, as before;
* 出力条件 — what was exported and how each figure is counted.

All visits are finished visits (drafts never count); days and fiscal years are Japan
time. Business rows are sorted by ふりがな (then name) in every table.
"""

from __future__ import annotations

import csv
import io
import logging
import uuid
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from companion.atomic import atomic_output
from companion.db.models import (
    Client,
    Engagement,
    Kpi,
    KpiActual,
    PlanBaseline,
    PlanItem,
    Sponsor,
    SponsorTarget,
    Visit,
    VisitAction,
)
from companion.domain.calendar import (
    JST,
    fiscal_year_bounds,
    fiscal_year_label,
    fiscal_year_of,
    fiscal_years_between,
    visit_hours,
)
from companion.domain.consultation_topics import (
    COUNTED_SUPPORTS,
    FINANCE,
    PLANNING,
    STARTUP,
    SUBSIDY,
    SUCCESSION,
    TOPIC_NAMES,
    topics_of,
)
from companion.domain.enums import Granularity, KpiAggregation, KpiDirection, VisitMode
from companion.domain.kpi import (
    YearActual,
    YearStanding,
    achievement,
    grade,
    rounded_percent,
    year_actual,
    year_standing,
)
from companion.domain.sponsor_measures import SponsorMeasure
from companion.errors import KnownError, NotFoundError
from companion.reports.builder import engagement_fiscal_years, kpi_rows_and_series
from companion.reports.model import KpiRow
from companion.reports.output import check_output

log = logging.getLogger("companion.reports")

CSV_TABLE = "訪問件数"
MIN_YEAR, MAX_YEAR = 1990, 2100
DEFAULT_FLAT_BAND_PERCENT = 3
# The order sponsors list the modes in, with their words for them.
MODE_COLUMNS: tuple[tuple[VisitMode, str], ...] = (
    (VisitMode.ON_SITE, "巡回(訪問)"), (VisitMode.AT_CENTRE, "窓口(来所)"),
    (VisitMode.ONLINE, "オンライン"), (VisitMode.PHONE, "電話"))
SALES_WORDS = ("売上",)
PROFIT_WORDS = ("粗利", "売上総利益", "経常利益", "営業利益")  # in this order of preference
ROSE, FLAT, FELL, UNKNOWN = "増加", "横ばい", "減少", "不明"
INT = "#,##0"
ONE_DECIMAL = "#,##0.0"
YEAR_COLUMNS = ("年度", "西暦")


@dataclass(frozen=True)
class FigureTable:
    name: str  # sheet name (and the CSV file's name in a zip)
    columns: tuple[str, ...]
    rows: list[list[object]]
    formats: dict[int, str] = field(default_factory=dict)  # column index -> Excel format
    widths: dict[int, float] = field(default_factory=dict)
    total_row: bool = False
    landscape: bool = False


@dataclass(frozen=True)
class FiguresResult:
    path: Path
    tables: tuple[str, ...]  # the tables written, in order
    rows: dict[str, int]  # data rows per table (without header and total)
    warnings: tuple[str, ...] = ()


@dataclass
class _Line:
    client_id: uuid.UUID
    client_name: str
    client_kana: str
    sponsors: set[str] = field(default_factory=set)
    counts: dict[VisitMode, int] = field(default_factory=lambda: defaultdict(int))
    hours: dict[VisitMode, float] = field(default_factory=lambda: defaultdict(float))
    on_site_days: set[date] = field(default_factory=set)
    distance_km: float = 0.0
    follow_ups: int = 0
    follow_ups_done: int = 0
    follow_ups_overdue: int = 0
    actions: int = 0
    actions_done: int = 0


@dataclass(frozen=True)
class _Consultation:
    """One saved visit as the yearly tables count it."""

    engagement_id: uuid.UUID
    client_id: uuid.UUID
    fiscal_year: int
    mode: VisitMode
    hours: float
    topics: tuple[str, ...]


def find_sponsor_id(*, session: Session, text: str) -> uuid.UUID:
    """A sponsor by id, or by its exact name (what a user can see and type)."""
    try:
        sponsor_id = uuid.UUID(text)
    except ValueError:
        matches = list(session.exec(select(Sponsor.id).where(Sponsor.name == text.strip())))
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise KnownError("同じ名前の委託元が複数あります: {text}",
                             hint="委託元のIDで指定してください。", text=text) from None
        raise NotFoundError("委託元が見つかりません: {text}", text=text) from None
    if session.get(Sponsor, sponsor_id) is None:
        raise NotFoundError("委託元が見つかりません: {text}", text=text)
    return sponsor_id


def _check_year(fiscal_year: int | None) -> None:
    if fiscal_year is not None and not MIN_YEAR <= fiscal_year <= MAX_YEAR:
        raise KnownError("年度の指定が正しくありません: {fiscal_year}",
                         hint="2025 のように西暦の4桁で指定してください。", fiscal_year=fiscal_year)


def _check_band(flat_band_percent: float) -> None:
    if not 0 <= flat_band_percent <= 50:
        raise KnownError("横ばいとみなす幅は 0〜50% で指定してください: {band}",
                         band=flat_band_percent)


def kana_key(kana: str, name: str) -> tuple[str, str]:
    """How business rows are sorted everywhere: by ふりがな, then by name."""
    return (kana or name, name)


def year_cells(fiscal_year: int) -> list[object]:
    """令和7年度 and 2025: the 年度 as sponsors write it, and the 西暦 beside it."""
    return [fiscal_year_label(fiscal_year), fiscal_year]


@dataclass
class _Scope:
    """The engagements in scope and their saved visits, as every table counts them."""

    engagements: list[tuple[Engagement, Client, str | None]]
    by_id: dict[uuid.UUID, tuple[Engagement, Client, str | None]]
    clients: dict[uuid.UUID, Client]
    consultations: list[_Consultation]  # every year's (新規 needs the first year)
    lines: dict[uuid.UUID, _Line]  # per business, the year exported only


def _gather(session: Session, *, sponsor_id: uuid.UUID | None, fiscal_year: int | None,
            today: date) -> _Scope:
    engagement_query = (
        select(Engagement, Client, Sponsor.name)
        .join(Client, col(Client.id) == Engagement.client_id)
        .outerjoin(Sponsor, col(Sponsor.id) == Engagement.sponsor_id)
    )
    if sponsor_id is not None:
        engagement_query = engagement_query.where(Engagement.sponsor_id == sponsor_id)
    engagements: list[tuple[Engagement, Client, str | None]] = list(
        session.exec(engagement_query))
    by_id = {engagement.id: (engagement, client, sponsor) for engagement, client, sponsor
             in engagements}
    clients = {client.id: client for _, client, _ in engagements}

    # Every saved visit of the engagements in scope, of every year: a business is 新規
    # in the year of its first consultation.
    consultations: list[_Consultation] = []
    lines: dict[uuid.UUID, _Line] = {}

    def line_of(engagement_id: uuid.UUID) -> _Line:
        _, client, sponsor = by_id[engagement_id]
        line = lines.get(client.id)
        if line is None:
            line = lines[client.id] = _Line(client.id, client.name, client.kana)
        if sponsor:
            line.sponsors.add(sponsor)
        return line

    saved: list[Any] = [col(Visit.is_draft).is_(False),
                        col(Visit.engagement_id).in_(list(by_id))]
    for visit in session.exec(select(Visit).where(*saved)):
        day = visit.started_at.astimezone(JST).date()
        year = fiscal_year_of(day)
        mode = VisitMode(visit.mode)
        hours = visit_hours(visit.started_at, visit.ended_at)
        consultations.append(_Consultation(
            engagement_id=visit.engagement_id, client_id=by_id[visit.engagement_id][1].id,
            fiscal_year=year, mode=mode, hours=hours, topics=topics_of(visit.purpose)))
        if fiscal_year is not None and year != fiscal_year:
            continue
        line = line_of(visit.engagement_id)
        line.counts[mode] += 1
        line.hours[mode] += hours
        if mode == VisitMode.ON_SITE:
            line.on_site_days.add(day)
        line.distance_km += visit.distance_km or 0.0
        if visit.follow_up_on is not None:
            line.follow_ups += 1
            if visit.follow_up_done_at is not None:
                line.follow_ups_done += 1
            elif visit.follow_up_on < today:
                line.follow_ups_overdue += 1
    for action, visit in session.exec(
        select(VisitAction, Visit).join(Visit, col(Visit.id) == VisitAction.visit_id)
        .where(*saved)
    ):
        if fiscal_year is not None and \
                fiscal_year_of(visit.started_at.astimezone(JST).date()) != fiscal_year:
            continue
        line = line_of(visit.engagement_id)
        line.actions += 1
        line.actions_done += action.done_at is not None

    return _Scope(engagements, by_id, clients, consultations, lines)


def build_figures(*, session: Session, fiscal_year: int | None = None,
                  sponsor_id: uuid.UUID | None = None, today: date | None = None,
                  flat_band_percent: float = DEFAULT_FLAT_BAND_PERCENT) -> list[FigureTable]:
    """Every figures table, as rows of plain values (numbers stay numbers)."""
    _check_year(fiscal_year)
    _check_band(flat_band_percent)
    today = today or datetime.now(JST).date()
    sponsor_name = ""
    if sponsor_id is not None:
        sponsor = session.get(Sponsor, sponsor_id)
        if sponsor is None:
            raise NotFoundError("委託元が見つかりません: {sponsor_id}", sponsor_id=sponsor_id)
        sponsor_name = sponsor.name
    gathered = _gather(session, sponsor_id=sponsor_id, fiscal_year=fiscal_year, today=today)
    engagements, by_id, clients = gathered.engagements, gathered.by_id, gathered.clients
    consultations, lines = gathered.consultations, gathered.lines

    ordered = sorted(lines.values(), key=lambda item: kana_key(item.client_kana, item.client_name))
    if fiscal_year is not None:
        years = [fiscal_year]
    else:
        spans = [engagement_fiscal_years(e, today=today) for e, _, _ in engagements]
        visit_years = {c.fiscal_year for c in consultations}
        if spans or visit_years:
            first = min([*(s[0] for s in spans if s), *visit_years])
            last = max([*(s[-1] for s in spans if s), *visit_years])
            years = fiscal_years_between(date(first, 4, 1), date(last, 4, 1))
        else:
            years = []
        years = [y for y in years if y <= fiscal_year_of(today) or y in visit_years]
    kpi_rows, _ = kpi_rows_and_series(session, list(by_id), years, [])
    first_year_of = _first_years(consultations)
    planned = _planned_clients(session, by_id, years, consultations)
    scope = fiscal_year_label(fiscal_year) + f"({fiscal_year}年度)" if fiscal_year else "全期間"
    in_scope = [c for c in consultations if c.fiscal_year in years]
    band = f"±{flat_band_percent:g}%"
    return [
        _businesses_table(years, in_scope, first_year_of),
        _modes_table(years, in_scope),
        _topics_table(years, in_scope),
        _industries_table(years, in_scope, clients, first_year_of),
        _supports_table(years, in_scope, planned),
        *_performance_tables(session, years, in_scope, by_id, clients, flat_band_percent),
        _targets_table(sponsor_target_standings(
            session=session, fiscal_year=fiscal_year, sponsor_id=sponsor_id, today=today,
            flat_band_percent=flat_band_percent)),
        _kpi_table(kpi_rows, by_id),
        _engagements_table(in_scope, by_id, kpi_rows, fiscal_year),
        _visits_table(ordered),
        _hours_table(ordered),
        _follow_up_table(ordered),
        FigureTable(
            name="出力条件", columns=("項目", "内容"),
            rows=[["対象年度", scope], ["委託元", sponsor_name or "すべて"],
                  ["作成日", today.isoformat()],
                  ["件数の数え方", "下書きを除く訪問記録を1件の相談として数える(延べ)。"
                   "事業者数は同じ年度に何度相談しても1者(実数)。日付と年度は日本時間(年度は4月始まり)。"],
                  ["新規・継続", "対象の案件で最初の相談がその年度にある事業者を新規、"
                   "前の年度から相談が続いている事業者を継続とする。"],
                  ["方式", "巡回=訪問、窓口=来所(相談窓口での対応)、オンライン、電話。"],
                  ["相談内容", "訪問記録の「目的」に含まれる語で分類する(例: 補助金・助成金→補助金申請、"
                   "融資・借入・資金繰り→資金調達、事業承継・後継→事業承継、創業・起業→創業、"
                   "事業計画・経営計画→事業計画)。1件が複数の内容に当たるときはそれぞれに数え、"
                   "どれにも当たらないものは「経営全般・その他」。"],
                  ["計画策定事業者数", "その年度の行動計画(計画項目)がある事業者、その年度に計画を合意した事業者、"
                   "または「事業計画」の相談があった事業者の数。"],
                  ["業績の増減", f"KPI「売上高」と「粗利」(なければ経常利益・営業利益)の年度実績を前年度と比べ、"
                   f"{band}以内を横ばいとする(設定「横ばいとみなす幅」)。どちらかの年度の実績がない、"
                   "または年度途中のものは不明。"],
                  ["支援時間", "各記録の開始から終了まで。終了時刻のない記録は0時間。"],
                  ["訪問日数", "形態「訪問」の記録がある日の数(同じ日の複数回は1日)。"],
                  ["フォローアップ", "対象の記録に設定されたフォローアップ日。未実施は作成日より前で未完了のもの。"],
                  ["KPI の実績", "年度実績があればその値。なければ月次・四半期の合計"
                   "(率・単価は平均、従業員数などは直近値)。"],
                  ["評価", "A 達成率100%以上、B 80〜99%、C 30〜79%、D 30%未満。年度途中の合計は評価しない。"],
                  ["委託元の目標と実績", "委託元が年度ごとに決めた目標(延べ相談件数・支援事業者数など)に対し、"
                   "実績はこの集計の表の値(支援事業者数、計画策定・重点支援、業績の増減の「増加」)。"
                   "評価は KPI と同じ基準。年度途中・開始前の年度は評価しない。"],
                  ["並び順", "事業者はふりがな順(ふりがながなければ名称順)。"]],
            widths={0: 18, 1: 100},
        ),
    ]


# --- the yearly tables ----------------------------------------------------------------

def _first_years(consultations: Iterable[_Consultation]) -> dict[uuid.UUID, int]:
    first: dict[uuid.UUID, int] = {}
    for one in consultations:
        first[one.client_id] = min(first.get(one.client_id, one.fiscal_year), one.fiscal_year)
    return first


def _by_year(consultations: Iterable[_Consultation]) -> dict[int, list[_Consultation]]:
    grouped: dict[int, list[_Consultation]] = defaultdict(list)
    for one in consultations:
        grouped[one.fiscal_year].append(one)
    return grouped


def _businesses_table(years: Sequence[int], consultations: Sequence[_Consultation],
                      first_year_of: Mapping[uuid.UUID, int]) -> FigureTable:
    grouped = _by_year(consultations)
    rows: list[list[object]] = []
    for year in years:
        items = grouped.get(year, [])
        businesses = {c.client_id for c in items}
        new = sum(1 for client in businesses if first_year_of[client] == year)
        rows.append([*year_cells(year), len(items), len(businesses), new, len(businesses) - new,
                     round(sum(c.hours for c in items), 1)])
    columns = (*YEAR_COLUMNS, "相談件数(延べ)", "事業者数(実数)", "うち新規", "うち継続",
               "支援時間(時間)")
    return FigureTable(name="支援事業者数", columns=columns, rows=rows,
                       formats={1: "0", 2: INT, 3: INT, 4: INT, 5: INT, 6: ONE_DECIMAL},
                       widths={0: 14, 1: 8})


def _modes_table(years: Sequence[int], consultations: Sequence[_Consultation]) -> FigureTable:
    grouped = _by_year(consultations)
    rows: list[list[object]] = []
    for year in years:
        counts = Counter(c.mode for c in grouped.get(year, []))
        rows.append([*year_cells(year), *(counts[mode] for mode, _ in MODE_COLUMNS),
                     sum(counts.values())])
    columns = (*YEAR_COLUMNS, *(label for _, label in MODE_COLUMNS), "合計")
    return FigureTable(name="方式別", columns=columns, rows=rows,
                       formats={1: "0", **{i: INT for i in range(2, len(columns))}},
                       widths={0: 14, 1: 8})


def _topics_table(years: Sequence[int], consultations: Sequence[_Consultation]) -> FigureTable:
    grouped = _by_year(consultations)
    rows: list[list[object]] = []
    for year in years:
        items = grouped.get(year, [])
        for topic in TOPIC_NAMES:
            about = [c for c in items if topic in c.topics]
            rows.append([*year_cells(year), topic, len(about), len({c.client_id for c in about})])
    columns = (*YEAR_COLUMNS, "相談内容", "相談件数(延べ)", "事業者数(実数)")
    return FigureTable(name="相談内容別", columns=columns, rows=rows,
                       formats={1: "0", 3: INT, 4: INT}, widths={0: 14, 1: 8, 2: 20})


def _industries_table(years: Sequence[int], consultations: Sequence[_Consultation],
                      clients: Mapping[uuid.UUID, Client],
                      first_year_of: Mapping[uuid.UUID, int]) -> FigureTable:
    grouped = _by_year(consultations)
    rows: list[list[object]] = []
    for year in years:
        per: dict[str, list[_Consultation]] = defaultdict(list)
        for one in grouped.get(year, []):
            per[clients[one.client_id].industry.strip() or "(未入力)"].append(one)
        lines = []
        for industry, items in per.items():
            businesses = {c.client_id for c in items}
            lines.append([*year_cells(year), industry, len(items), len(businesses),
                          sum(1 for b in businesses if first_year_of[b] == year)])
        lines.sort(key=lambda r: (-int(str(r[3])), str(r[2])))
        rows.extend(lines)
    columns = (*YEAR_COLUMNS, "業種", "相談件数(延べ)", "事業者数(実数)", "うち新規")
    return FigureTable(name="業種別", columns=columns, rows=rows,
                       formats={1: "0", 3: INT, 4: INT, 5: INT}, widths={0: 14, 1: 8, 2: 32})


def _planned_clients(session: Session,
                     by_id: Mapping[uuid.UUID, tuple[Engagement, Client, str | None]],
                     years: Sequence[int], consultations: Sequence[_Consultation]
                     ) -> dict[int, set[uuid.UUID]]:
    """Per fiscal year, the businesses with a plan made for it (see 出力条件)."""
    planned: dict[int, set[uuid.UUID]] = defaultdict(set)
    if not by_id or not years:
        return planned
    ids = list(by_id)
    for engagement_id, year in session.exec(
        select(PlanItem.engagement_id, PlanItem.fiscal_year)
        .where(col(PlanItem.engagement_id).in_(ids), col(PlanItem.fiscal_year).in_(list(years)))
    ):
        planned[year].add(by_id[engagement_id][1].id)
    for engagement_id, agreed_on in session.exec(
        select(col(PlanBaseline.engagement_id), col(PlanBaseline.agreed_on))
        .where(col(PlanBaseline.engagement_id).in_(ids))
    ):
        planned[fiscal_year_of(agreed_on)].add(by_id[engagement_id][1].id)
    for one in consultations:
        if PLANNING in one.topics:
            planned[one.fiscal_year].add(one.client_id)
    return planned


def _supports_table(years: Sequence[int], consultations: Sequence[_Consultation],
                    planned: Mapping[int, set[uuid.UUID]]) -> FigureTable:
    grouped = _by_year(consultations)
    rows: list[list[object]] = []
    for year in years:
        items = grouped.get(year, [])
        cells: list[object] = [*year_cells(year), len(planned.get(year, set()))]
        for topic in COUNTED_SUPPORTS:
            about = [c for c in items if topic in c.topics]
            cells += [len(about), len({c.client_id for c in about})]
        rows.append(cells)
    columns = (*YEAR_COLUMNS, "計画策定事業者数",
               *(f"{topic}({unit})" for topic in COUNTED_SUPPORTS for unit in ("件", "者")))
    return FigureTable(name="計画策定・重点支援", columns=columns, rows=rows,
                       formats={1: "0", **{i: INT for i in range(2, len(columns))}},
                       widths={0: 14, 1: 8, 2: 16}, landscape=True)


def _pick_kpi(kpis: Sequence[Kpi], words: Sequence[str]) -> Kpi | None:
    for word in words:
        for kpi in kpis:
            if word in kpi.name:
                return kpi
    return None


def _trend(previous: float, current: float, band: float) -> tuple[str, float | None]:
    if previous == 0:
        return (FLAT, 0.0) if current == 0 else (UNKNOWN, None)
    change = (current - previous) / abs(previous)
    if abs(change) * 100 <= band + 1e-9:
        return FLAT, change
    return (ROSE if change > 0 else FELL), change


def _performance_tables(session: Session, years: Sequence[int],
                        consultations: Sequence[_Consultation],
                        by_id: Mapping[uuid.UUID, tuple[Engagement, Client, str | None]],
                        clients: Mapping[uuid.UUID, Client], band: float
                        ) -> tuple[FigureTable, FigureTable]:
    kpis_of: dict[uuid.UUID, list[Kpi]] = defaultdict(list)
    actuals: dict[uuid.UUID, list[KpiActual]] = defaultdict(list)
    if by_id:
        kpis = list(session.exec(select(Kpi).where(col(Kpi.engagement_id).in_(list(by_id)))
                                 .order_by(col(Kpi.position), col(Kpi.name))))
        for one in kpis:
            kpis_of[by_id[one.engagement_id][1].id].append(one)
        for actual in session.exec(select(KpiActual).where(
                col(KpiActual.kpi_id).in_([k.id for k in kpis]))
                .order_by(col(KpiActual.period_start))):
            actuals[actual.kpi_id].append(actual)
    grouped = _by_year(consultations)
    summary: list[list[object]] = []
    detail: list[list[object]] = []
    for year in years:
        supported = sorted({c.client_id for c in grouped.get(year, [])},
                           key=lambda cid: kana_key(clients[cid].kana, clients[cid].name))
        for label, words in (("売上高", SALES_WORDS), ("利益(粗利・経常利益)", PROFIT_WORDS)):
            tally: Counter[str] = Counter()
            for client_id in supported:
                client = clients[client_id]
                kpi = _pick_kpi(kpis_of.get(client_id, []), words)
                previous = current = None
                verdict, change, note = UNKNOWN, None, ""
                if kpi is None:
                    note = "KPI未設定"
                else:
                    aggregation = KpiAggregation(kpi.aggregation)
                    before = year_actual(actuals[kpi.id], year - 1, aggregation)
                    now = year_actual(actuals[kpi.id], year, aggregation)
                    previous, current = before.value, now.value
                    if current is None:
                        note = "当年度の実績なし"
                    elif not now.complete:
                        note = f"年度途中({now.months}か月)"
                    elif previous is None:
                        note = "前年度の実績なし"
                    elif not before.complete:
                        note = f"前年度は年度途中({before.months}か月)"
                    else:
                        verdict, change = _trend(previous, current, band)
                tally[verdict] += 1
                detail.append([*year_cells(year), client.name, label,
                               kpi.name if kpi else "", previous, current, change, verdict, note])
            summary.append([*year_cells(year), label, tally[ROSE], tally[FLAT], tally[FELL],
                            tally[UNKNOWN], len(supported)])
    summary_table = FigureTable(
        name="業績の増減", columns=(*YEAR_COLUMNS, "指標", ROSE, f"{FLAT}(±{band:g}%)", FELL,
                                    UNKNOWN, "対象事業者数"),
        rows=summary, formats={1: "0", **{i: INT for i in range(3, 8)}},
        widths={0: 14, 1: 8, 2: 22, 4: 14})
    detail_table = FigureTable(
        name="業績の増減(事業者別)",
        columns=(*YEAR_COLUMNS, "事業者", "指標", "KPI", "前年度の実績", "当年度の実績", "増減率",
                 "判定", "不明の理由"),
        rows=detail, formats={1: "0", 5: INT, 6: INT, 7: "0.0%"},
        widths={0: 14, 1: 8, 2: 28, 3: 20, 4: 14, 5: 16, 6: 16, 9: 22}, landscape=True)
    return summary_table, detail_table


def _grades_text(rows: Iterable[KpiRow]) -> str:
    counts = Counter(row.grade for row in rows if row.grade)
    return "・".join(f"{grade}{counts[grade]}" for grade in "ABCD" if counts[grade])


def _engagements_table(consultations: Sequence[_Consultation],
                       by_id: Mapping[uuid.UUID, tuple[Engagement, Client, str | None]],
                       kpi_rows: Sequence[tuple[uuid.UUID, KpiRow]],
                       fiscal_year: int | None) -> FigureTable:
    visits = Counter(c.engagement_id for c in consultations)
    hours: dict[uuid.UUID, float] = defaultdict(float)
    for one in consultations:
        hours[one.engagement_id] += one.hours
    rows_of: dict[uuid.UUID, list[KpiRow]] = defaultdict(list)
    for engagement_id, row in kpi_rows:
        rows_of[engagement_id].append(row)
    rows: list[list[object]] = []
    ordered = sorted(by_id.values(), key=lambda item: (
        item[2] or "", *kana_key(item[1].kana, item[1].name), item[0].start_on))
    for engagement, client, sponsor in ordered:
        graded = [r for r in rows_of.get(engagement.id, []) if r.grade]
        if fiscal_year is None and graded:  # over all years: the latest graded year
            latest = max(r.fiscal_year for r in graded)
            graded = [r for r in graded if r.fiscal_year == latest]
        rows.append([sponsor or "(なし)", client.name, engagement.title, engagement.start_on,
                     engagement.planned_end_on, visits[engagement.id],
                     round(hours[engagement.id], 1), _grades_text(graded) or "―",
                     str(engagement.status)])
    columns = ("委託元", "事業者", "案件", "開始", "終了予定", "相談件数", "支援時間(時間)",
               "KPI評価", "状況")
    return FigureTable(name="案件一覧", columns=columns, rows=rows,
                       formats={3: "yyyy/mm/dd", 4: "yyyy/mm/dd", 5: INT, 6: ONE_DECIMAL},
                       widths={0: 20, 1: 26, 2: 36, 3: 12, 4: 12, 7: 12}, landscape=True)


# --- the sponsor's own targets ----------------------------------------------------------

TARGETS_TABLE = "委託元の目標と実績"
NOT_STARTED = "年度開始前"
# Where each measure's actual is read: (table, column, (column, value) the row must have).
# One definition: the actual is the figure the sponsor's own tables print.
MEASURE_SOURCES: dict[SponsorMeasure, tuple[str, str, tuple[str, str] | None]] = {
    SponsorMeasure.CONSULTATIONS: ("支援事業者数", "相談件数(延べ)", None),
    SponsorMeasure.BUSINESSES: ("支援事業者数", "事業者数(実数)", None),
    SponsorMeasure.NEW_BUSINESSES: ("支援事業者数", "うち新規", None),
    SponsorMeasure.PLANNED_BUSINESSES: ("計画策定・重点支援", "計画策定事業者数", None),
    SponsorMeasure.SALES_ROSE: ("業績の増減", ROSE, ("指標", "売上高")),
    SponsorMeasure.SUBSIDY_SUPPORTS: ("計画策定・重点支援", f"{SUBSIDY}(件)", None),
    SponsorMeasure.STARTUP_SUPPORTS: ("計画策定・重点支援", f"{STARTUP}(件)", None),
    SponsorMeasure.SUCCESSION_SUPPORTS: ("計画策定・重点支援", f"{SUCCESSION}(件)", None),
    SponsorMeasure.FINANCE_SUPPORTS: ("計画策定・重点支援", f"{FINANCE}(件)", None),
}


@dataclass(frozen=True)
class TargetStanding:
    """A sponsor's target for one measure and fiscal year against the actual its
    figures count. ``percent``/``grade`` only for a year that is over (``final``);
    ``note`` says why not (年度途中(8か月), 年度開始前)."""

    sponsor_id: uuid.UUID
    sponsor_name: str
    fiscal_year: int
    measure: SponsorMeasure
    target: int
    actual: int
    final: bool
    percent: Decimal | None
    grade: str
    note: str

    @property
    def verdict(self) -> str:
        """What the 評価 column shows: A–D, or why the year is not graded."""
        return self.grade if self.final else self.note


def year_standing_of_counts(fiscal_year: int, *, today: date) -> YearStanding | None:
    """Whether a year's counts are final, by ``kpi.year_standing`` (the one rule): a
    year that is over is final, a year in progress is 年度途中(n か月) with the whole
    months gone by; None for a year not yet begun."""
    first, _ = fiscal_year_bounds(fiscal_year)
    if today < first:
        return None
    months = min(12, (today.year - first.year) * 12 + today.month - first.month)
    if today >= fiscal_year_bounds(fiscal_year)[1]:
        months = 12
    figure = YearActual(value=None, source=Granularity.MONTH, periods=months, months=months,
                        last=None)
    return year_standing(figure, fiscal_year, KpiAggregation.SUM, today=today)


def _measure_tables(session: Session, years: Sequence[int],
                    gathered: _Scope, band: float) -> dict[str, FigureTable]:
    """The tables the measures are read from, for ``years``, counted as build_figures
    counts them."""
    in_scope = [c for c in gathered.consultations if c.fiscal_year in years]
    first_year_of = _first_years(gathered.consultations)
    planned = _planned_clients(session, gathered.by_id, years, gathered.consultations)
    tables = [_businesses_table(years, in_scope, first_year_of),
              _supports_table(years, in_scope, planned),
              _performance_tables(session, years, in_scope, gathered.by_id, gathered.clients,
                                  band)[0]]
    return {table.name: table for table in tables}


def measure_actual(tables: Mapping[str, FigureTable], measure: SponsorMeasure,
                   fiscal_year: int) -> int:
    """The figure ``tables`` print for ``measure`` in ``fiscal_year`` (0 when the year
    has no row: nothing was counted)."""
    table_name, column, row_filter = MEASURE_SOURCES[measure]
    table = tables[table_name]
    year_index = table.columns.index("西暦")
    value_index = table.columns.index(column)
    for row in table.rows:
        if row[year_index] != fiscal_year:
            continue
        if row_filter is not None and row[table.columns.index(row_filter[0])] != row_filter[1]:
            continue
        value = row[value_index]
        return value if isinstance(value, int) else 0
    return 0


def sponsor_target_standings(*, session: Session, fiscal_year: int | None = None,
                             sponsor_id: uuid.UUID | None = None, today: date | None = None,
                             flat_band_percent: float = DEFAULT_FLAT_BAND_PERCENT
                             ) -> list[TargetStanding]:
    """Every stored target (of one sponsor, one fiscal year) against the actual the
    sponsor's figures count: each sponsor's engagements only, so 新規 is the first
    consultation with that sponsor. Sorted by sponsor name, year and measure."""
    _check_year(fiscal_year)
    _check_band(flat_band_percent)
    today = today or datetime.now(JST).date()
    query = select(SponsorTarget, Sponsor.name).join(
        Sponsor, col(Sponsor.id) == SponsorTarget.sponsor_id)
    if sponsor_id is not None:
        query = query.where(SponsorTarget.sponsor_id == sponsor_id)
    if fiscal_year is not None:
        query = query.where(SponsorTarget.fiscal_year == fiscal_year)
    per_sponsor: dict[uuid.UUID, list[tuple[SponsorTarget, str]]] = defaultdict(list)
    for target, name in session.exec(query):
        per_sponsor[target.sponsor_id].append((target, name))
    measure_order = {measure: index for index, measure in enumerate(SponsorMeasure)}
    standings: list[TargetStanding] = []
    for one_sponsor, targets in per_sponsor.items():
        gathered = _gather(session, sponsor_id=one_sponsor, fiscal_year=fiscal_year,
                           today=today)
        years = sorted({target.fiscal_year for target, _ in targets})
        tables = _measure_tables(session, years, gathered, flat_band_percent)
        for target, name in targets:
            measure = SponsorMeasure(target.measure)
            actual = measure_actual(tables, measure, target.fiscal_year)
            standing = year_standing_of_counts(target.fiscal_year, today=today)
            final = standing is not None and standing.final
            ratio = achievement(target.target, actual, KpiDirection.HIGHER_IS_BETTER)
            standings.append(TargetStanding(
                sponsor_id=one_sponsor, sponsor_name=name, fiscal_year=target.fiscal_year,
                measure=measure, target=target.target, actual=actual, final=final,
                percent=rounded_percent(ratio) if final else None,
                grade=grade(ratio) if final else "",
                note=NOT_STARTED if standing is None else standing.note))
    standings.sort(key=lambda s: (s.sponsor_name, str(s.sponsor_id), s.fiscal_year,
                                  measure_order[s.measure]))
    return standings


def _targets_table(standings: Sequence[TargetStanding]) -> FigureTable:
    rows: list[list[object]] = [
        [s.sponsor_name, *year_cells(s.fiscal_year), s.measure.value, s.measure.unit,
         s.target, s.actual, None if s.percent is None else float(s.percent) / 100,
         s.verdict]
        for s in standings]
    columns = ("委託元", *YEAR_COLUMNS, "指標", "単位", "目標", "実績", "達成率", "評価")
    return FigureTable(name=TARGETS_TABLE, columns=columns, rows=rows,
                       formats={2: "0", 5: INT, 6: INT, 7: "0.0%"},
                       widths={0: 24, 1: 14, 2: 8, 3: 26, 4: 6, 8: 16})


# --- the per-business tables ----------------------------------------------------------

def _visits_table(lines: Sequence[_Line]) -> FigureTable:
    rows: list[list[object]] = [
        [line.client_name, "・".join(sorted(line.sponsors)),
         *(line.counts[mode] for mode in VisitMode), sum(line.counts.values())]
        for line in lines
    ]
    rows.append(["合計", "", *(sum(line.counts[mode] for line in lines) for mode in VisitMode),
                 sum(sum(line.counts.values()) for line in lines)])
    columns = ("事業者", "委託元", *(str(mode) for mode in VisitMode), "合計")
    return FigureTable(name=CSV_TABLE, columns=columns, rows=rows,
                       formats={i: INT for i in range(2, len(columns))},
                       widths={0: 28, 1: 24}, total_row=True)


def _hours_table(lines: Sequence[_Line]) -> FigureTable:
    rows: list[list[object]] = [
        [line.client_name, *(round(line.hours[mode], 1) for mode in VisitMode),
         round(sum(line.hours.values()), 1), len(line.on_site_days), round(line.distance_km, 1)]
        for line in lines
    ]
    rows.append(["合計", *(round(sum(line.hours[mode] for line in lines), 1) for mode in VisitMode),
                 round(sum(sum(line.hours.values()) for line in lines), 1),
                 sum(len(line.on_site_days) for line in lines),
                 round(sum(line.distance_km for line in lines), 1)])
    columns = ("事業者", *(f"{mode}(時間)" for mode in VisitMode), "合計(時間)", "訪問日数",
               "移動距離(km)")
    formats = {i: ONE_DECIMAL for i in range(1, len(VisitMode) + 2)}
    formats[len(VisitMode) + 2] = INT
    formats[len(VisitMode) + 3] = ONE_DECIMAL
    return FigureTable(name="支援時間", columns=columns, rows=rows, formats=formats,
                       widths={0: 28}, total_row=True)


def _follow_up_table(lines: Sequence[_Line]) -> FigureTable:
    def values(line: _Line) -> list[object]:
        return [line.follow_ups, line.follow_ups_done, line.follow_ups_overdue,
                line.actions, line.actions_done]

    rows: list[list[object]] = [[line.client_name, *values(line)] for line in lines]
    totals = [sum(column) for column in zip(*(values(line) for line in lines), strict=True)] \
        if lines else [0] * 5
    rows.append(["合計", *totals])
    columns = ("事業者", "フォローアップ予定", "実施済", "未実施(期限超過)", "次のアクション", "完了")
    return FigureTable(name="フォローアップ", columns=columns, rows=rows,
                       formats={i: INT for i in range(1, 6)}, widths={0: 28},
                       total_row=True)


def _kpi_table(kpi_rows: Sequence[tuple[uuid.UUID, KpiRow]],
               by_id: Mapping[uuid.UUID, tuple[Engagement, Client, str | None]]) -> FigureTable:
    keyed: list[tuple[tuple[str, str, str, int], list[object]]] = []
    for engagement_id, row in kpi_rows:
        engagement, client, _ = by_id[engagement_id]
        keyed.append(((*kana_key(client.kana, client.name), engagement.title, row.fiscal_year),
                      [client.name, engagement.title, row.name, row.unit,
                       *year_cells(row.fiscal_year), row.baseline, row.target, row.actual,
                       row.achievement, row.grade, row.basis, row.note]))
    keyed.sort(key=lambda item: item[0])
    columns = ("事業者", "案件", "指標", "単位", *YEAR_COLUMNS, "基準値", "目標", "実績", "達成率",
               "評価", "実績の算定", "備考")
    return FigureTable(name="KPI", columns=columns, rows=[row for _, row in keyed],
                       formats={5: "0", 6: INT, 7: INT, 8: INT, 9: "0.0%"},
                       widths={0: 26, 1: 34, 2: 14, 4: 14, 11: 22, 12: 18}, landscape=True)


# --- writing -------------------------------------------------------------------------

def write_tables_xlsx(tables: Sequence[FigureTable], path: Path, *, title: str = "") -> None:
    """One sheet per table: a bold header row repeated on every printed page, number
    formats per column, A4 fitted to the page width."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.properties import PageSetupProperties

    workbook = Workbook()
    workbook.remove(workbook.active)
    header_font = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="D9E2F3")
    for table in tables:
        sheet = workbook.create_sheet(title=table.name[:31])
        sheet.append(list(table.columns))
        for cell in sheet[1]:
            cell.font = header_font
            cell.fill = header_fill
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        for row in table.rows:
            sheet.append([None if value == "" and index else value
                          for index, value in enumerate(row)])
        for index, number_format in table.formats.items():
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index + 1, max_col=index + 1):
                cell.number_format = number_format
        if table.total_row and table.rows:
            for cell in sheet[sheet.max_row]:
                cell.font = header_font
        for index, heading in enumerate(table.columns):
            width = table.widths.get(index, max(10.0, len(heading) * 2.2))
            sheet.column_dimensions[get_column_letter(index + 1)].width = width
            # Text longer than its column wraps (a long 案件名 is not cut off on paper),
            # its row made as tall as its lines (LibreOffice does not grow it itself);
            # a lone dash (no grade, no figure) sits in the middle of its cell.
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index + 1, max_col=index + 1):
                cell.alignment = Alignment(vertical="center")
                if not isinstance(cell.value, str):
                    continue
                if cell.value in ("—", "―", "-"):
                    cell.alignment = Alignment(horizontal="center", vertical="center")
                elif len(cell.value) * 2 > width:  # full-width characters: two units each
                    cell.alignment = Alignment(wrap_text=True, vertical="center")
                    lines = -(-len(cell.value) * 2 // int(width))
                    row = sheet.row_dimensions[cell.row]
                    row.height = max(row.height or 15.0, 15.0 * lines)
        sheet.freeze_panes = "B2" if len(table.columns) > 2 else "A2"
        # Printing: A4, as wide as the page, the header row on every page.
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.orientation = "landscape" if table.landscape else "portrait"
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        sheet.print_title_rows = "1:1"
        sheet.oddHeader.center.text = f"{title} {table.name}".strip()
        sheet.oddFooter.center.text = "&P / &N"
    workbook.properties.creator = "Companion"
    if title:
        workbook.properties.title = title
    workbook.save(str(path))


def table_csv(table: FigureTable) -> bytes:
    """A table as CSV in UTF-8 with BOM and CRLF: what Excel on Windows opens correctly
    in Japanese. Numbers keep at most one decimal place as shown in the workbook."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow([round(value, 4) if isinstance(value, float) else value
                         for value in row])
    return out.getvalue().encode("utf-8-sig")


def _write_zip(tables: Sequence[FigureTable], path: Path) -> None:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for number, table in enumerate(tables, start=1):
            archive.writestr(f"{number:02d}_{table.name}.csv", table_csv(table))


def export_figures(*, session: Session, out: Path, fiscal_year: int | None = None,
                   sponsor_id: uuid.UUID | None = None, today: date | None = None,
                   flat_band_percent: float = DEFAULT_FLAT_BAND_PERCENT) -> FiguresResult:
    """Write the sponsor's figures to ``out``: .xlsx (every table, one sheet each),
    .zip (every table, one CSV file each) or .csv (the 訪問件数 table)."""
    target = check_output(out, suffixes=(".xlsx", ".zip", ".csv"))
    tables = build_figures(session=session, fiscal_year=fiscal_year, sponsor_id=sponsor_id,
                           today=today, flat_band_percent=flat_band_percent)
    warnings: list[str] = []
    visits = next(t for t in tables if t.name == CSV_TABLE)
    if visits.rows[-1][-1] == 0:  # the total of the 訪問件数 table
        warnings.append("対象期間の訪問記録がありません。")
    suffix = target.suffix.lower()
    with atomic_output(target) as temporary:
        if suffix == ".csv":
            written = [visits]
            temporary.write_bytes(table_csv(visits))
        elif suffix == ".zip":
            written = tables
            _write_zip(tables, temporary)
        else:
            written = tables
            scope = fiscal_year_label(fiscal_year) if fiscal_year else "全期間"
            write_tables_xlsx(tables, temporary, title=f"支援実績の集計 {scope}")
    for warning in warnings:
        log.warning("%s", warning)
    rows = {t.name: len(t.rows) - (1 if t.total_row else 0) for t in written}
    log.info("figures written: %s %s", target, rows)
    return FiguresResult(path=target, tables=tuple(t.name for t in written), rows=rows,
                         warnings=tuple(warnings))

