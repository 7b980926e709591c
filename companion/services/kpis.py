"""An engagement's KPIs (指標): the indicators, a target per fiscal year, actuals per
month, quarter or year; and the KPIs behind target for ホーム.

Values arrive as the user typed them ("1,250", "１２．５", "△300", "1.2万"); a value
that is not a number, a target for a fiscal year the engagement does not cover or an
actual for a period outside it is a ``ValidationError`` naming the field, and nothing is
saved. Each write is one use case and one transaction.
"""

from __future__ import annotations

import math
import re
import unicodedata
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session, col, select

from companion.db.models import Client, Engagement, Kpi, KpiActual, KpiTarget
from companion.db.reads import driver_connection
from companion.db.reads.kpis import (
    ActualInfo,
    KpiDraft,
    KpiInfo,
    KpiListRow,
    KpiOverview,
    KpiYearLine,
    YearFigure,
    kpi_infos,
    kpi_list_rows,
    kpi_overview_of,
    period_label,
    year_figure,
)
from companion.domain.calendar import (
    fiscal_year_bounds,
    fiscal_year_label,
    fiscal_year_of,
)
from companion.domain.enums import EngagementStatus, Granularity, KpiAggregation, KpiDirection
from companion.domain.kpi import achievement
from companion.domain.plan import covered_fiscal_years
from companion.errors import EngagementNotFound, NotFoundError, ValidationError

NAME_LIMIT = 60
UNIT_LIMIT = 12
LIST_LIMIT = 50
OPEN_STATUSES = [status.value for status in EngagementStatus if status.is_open]

__all__ = ["LIST_LIMIT", "NAME_LIMIT", "SUGGESTIONS", "UNIT_LIMIT", "ActualInfo", "BehindKpi",
           "KpiDraft", "KpiInfo", "KpiListRow", "KpiOverview", "KpiSuggestion", "KpiYearLine",
           "YearFigure", "add_kpi", "delete_kpi", "kpi_listing", "kpi_overview",
           "kpis_behind_target", "parse_number", "period_label", "period_start_of",
           "periods_of_year", "set_kpi_actual", "set_kpi_target", "update_kpi", "year_figure"]


@dataclass(frozen=True)
class KpiSuggestion:
    name: str
    unit: str
    direction: KpiDirection
    aggregation: KpiAggregation


# What most 伴走支援 engagements measure first; the form offers these.
SUGGESTIONS: tuple[KpiSuggestion, ...] = (
    KpiSuggestion("売上高", "千円", KpiDirection.HIGHER_IS_BETTER, KpiAggregation.SUM),
    KpiSuggestion("粗利", "千円", KpiDirection.HIGHER_IS_BETTER, KpiAggregation.SUM),
    KpiSuggestion("客数", "人", KpiDirection.HIGHER_IS_BETTER, KpiAggregation.SUM),
    KpiSuggestion("従業員数", "人", KpiDirection.HIGHER_IS_BETTER, KpiAggregation.LATEST),
)

_MULTIPLIERS = {"万": 10_000.0, "億": 100_000_000.0}
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")


def parse_number(text: str | float | int | None, *, field: str = "value",
                 label: str = "値") -> float | None:
    """A number as a practitioner types it; None for an empty entry.

    Accepts thousands separators, full-width digits, a leading △ or ▲ (minus, as in
    Japanese accounts) and 万 / 億. Anything else is a ValidationError for ``field``."""
    if text is None:
        return None
    if isinstance(text, int | float) and not isinstance(text, bool):
        value = float(text)
    else:
        raw = str(text)
        folded = unicodedata.normalize("NFKC", raw).strip()
        if not folded:
            return None
        negative = folded[0] in "△▲"
        folded = folded[1:] if negative else folded
        folded = re.sub(r"[,\s]", "", folded).replace("−", "-").replace("ー", "-")
        multiplier = 1.0
        if folded and folded[-1] in _MULTIPLIERS:
            multiplier = _MULTIPLIERS[folded[-1]]
            folded = folded[:-1]
        if not _NUMBER.fullmatch(folded):
            raise ValidationError(
                "{label}は数値で入力してください(例: 1,250 / 12.5 / △300)。「{raw}」は数値として読めません。", field=field, label=label, raw=raw.strip())
        value = float(folded) * multiplier * (-1 if negative else 1)
    if not math.isfinite(value) or abs(value) >= 1e15:
        raise ValidationError("{label}が大きすぎます。", field=field, label=label)
    return value


# --- periods and yearly figures --------------------------------------------------------

def period_start_of(day: date, granularity: Granularity) -> date:
    """The first day of the month, quarter (April, July, October, January) or fiscal
    year that ``day`` falls in."""
    if granularity == Granularity.MONTH:
        return day.replace(day=1)
    if granularity == Granularity.QUARTER:
        first_month = ((day.month - 4) % 12) // 3 * 3 + 4
        year = day.year if first_month <= day.month else day.year - 1
        return date(year + (first_month > 12), (first_month - 1) % 12 + 1, 1)
    return fiscal_year_bounds(fiscal_year_of(day))[0]


def periods_of_year(fiscal_year: int, granularity: Granularity) -> list[date]:
    """The first days of a fiscal year's months (12), quarters (4) or the year (1)."""
    first = fiscal_year_bounds(fiscal_year)[0]
    step = {Granularity.MONTH: 1, Granularity.QUARTER: 3, Granularity.YEAR: 12}[granularity]
    return [date(first.year + (first.month - 1 + months) // 12,
                 (first.month - 1 + months) % 12 + 1, 1) for months in range(0, 12, step)]


# --- reading -----------------------------------------------------------------------------

def _engagement(session: Session, engagement_id: uuid.UUID) -> Engagement:
    engagement = session.get(Engagement, engagement_id)
    if engagement is None:
        raise EngagementNotFound(engagement_id)
    return engagement


def _infos(session: Session, kpis: Sequence[Kpi]) -> list[KpiInfo]:
    return kpi_infos(driver_connection(session), [k.id for k in kpis])


def kpi_overview(*, session: Session, engagement_id: uuid.UUID,
                 today: date | None = None) -> KpiOverview:
    """The engagement's KPIs (``db.reads.kpis.kpi_overview_of``)."""
    return kpi_overview_of(driver_connection(session), engagement_id, today=today)


# --- writing -----------------------------------------------------------------------------

def _kpi(session: Session, kpi_id: uuid.UUID) -> Kpi:
    kpi = session.get(Kpi, kpi_id)
    if kpi is None:
        raise NotFoundError("指標が見つかりません(削除された可能性があります)。")
    return kpi


def _clean(session: Session, draft: KpiDraft, engagement: Engagement, *,
           current: uuid.UUID | None) -> tuple[str, str, KpiDirection, KpiAggregation,
                                                float | None, date | None]:
    name = " ".join(draft.name.split())
    if not name:
        raise ValidationError("指標名を入力してください(例: 売上高)。", field="name")
    if len(name) > NAME_LIMIT:
        raise ValidationError("指標名は{name_limit}文字以内にしてください。", field="name", name_limit=NAME_LIMIT)
    unit = draft.unit.strip()
    if len(unit) > UNIT_LIMIT:
        raise ValidationError("単位は{unit_limit}文字以内にしてください(例: 千円)。", field="unit", unit_limit=UNIT_LIMIT)
    try:
        direction, aggregation = KpiDirection(draft.direction), KpiAggregation(draft.aggregation)
    except ValueError:
        raise ValidationError("評価の向きと集計方法を選んでください。", field="direction") from None
    same = session.exec(select(Kpi.id).where(Kpi.engagement_id == engagement.id,
                                             Kpi.name == name)).all()
    if any(other != current for other in same):
        raise ValidationError("この案件にはすでに指標「{name}」があります。", field="name", name=name)
    baseline = parse_number(draft.baseline, field="baseline", label="基準値")
    if draft.baseline_on is not None and draft.baseline_on > date.today() + timedelta(days=366):
        raise ValidationError("基準日が先の日付すぎます。", field="baseline_on")
    return name, unit, direction, aggregation, baseline, draft.baseline_on


def add_kpi(*, session: Session, engagement_id: uuid.UUID, draft: KpiDraft) -> uuid.UUID:
    engagement = _engagement(session, engagement_id)
    name, unit, direction, aggregation, baseline, baseline_on = _clean(
        session, draft, engagement, current=None)
    positions = session.exec(select(Kpi.position).where(Kpi.engagement_id == engagement_id)).all()
    kpi = Kpi(engagement_id=engagement_id, name=name, unit=unit, direction=direction,
              aggregation=aggregation, baseline=baseline, baseline_on=baseline_on,
              position=max(positions, default=-1) + 1)
    session.add(kpi)
    session.commit()
    return kpi.id


def update_kpi(*, session: Session, kpi_id: uuid.UUID, draft: KpiDraft) -> None:
    kpi = _kpi(session, kpi_id)
    engagement = _engagement(session, kpi.engagement_id)
    name, unit, direction, aggregation, baseline, baseline_on = _clean(
        session, draft, engagement, current=kpi_id)
    kpi.name, kpi.unit, kpi.direction, kpi.aggregation = name, unit, direction, aggregation
    kpi.baseline, kpi.baseline_on = baseline, baseline_on
    session.commit()


def delete_kpi(*, session: Session, kpi_id: uuid.UUID) -> None:
    """Delete an indicator with its targets and actuals (undo brings them back)."""
    kpi = _kpi(session, kpi_id)
    for target in session.exec(select(KpiTarget).where(KpiTarget.kpi_id == kpi_id)):
        session.delete(target)
    for actual in session.exec(select(KpiActual).where(KpiActual.kpi_id == kpi_id)):
        session.delete(actual)
    session.flush()  # the figures first: the change log replays them after the KPI on undo
    session.delete(kpi)
    session.commit()


def _check_year(engagement: Engagement, fiscal_year: int, *, field: str, what: str) -> None:
    years = covered_fiscal_years(engagement.start_on, engagement.planned_end_on,
                                 today=date.today())
    if fiscal_year not in years:
        raise ValidationError(
            "{year}はこの案件の期間({first}〜{last})に含まれないため、{what}を入力できません。", field=field, year=fiscal_year_label(fiscal_year), first=fiscal_year_label(years[0]), last=fiscal_year_label(years[-1]), what=what)


def set_kpi_target(*, session: Session, kpi_id: uuid.UUID, fiscal_year: int,
                   value: str | float | None) -> None:
    """Set (or with an empty value, clear) the target of one fiscal year."""
    kpi = _kpi(session, kpi_id)
    engagement = _engagement(session, kpi.engagement_id)
    number = parse_number(value, field="target", label="目標値")
    existing = session.exec(select(KpiTarget).where(KpiTarget.kpi_id == kpi_id,
                                                    KpiTarget.fiscal_year == fiscal_year)).first()
    if number is None:
        if existing is not None:
            session.delete(existing)
            session.commit()
        return
    _check_year(engagement, fiscal_year, field="fiscal_year", what="目標")
    if existing is None:
        session.add(KpiTarget(kpi_id=kpi_id, fiscal_year=fiscal_year, value=number))
    elif existing.value != number:
        existing.value = number
    session.commit()


def set_kpi_actual(*, session: Session, kpi_id: uuid.UUID, period_start: date,
                   granularity: Granularity, value: str | float | None,
                   today: date | None = None) -> None:
    """Set (or with an empty value, clear) the actual of one month, quarter or year."""
    kpi = _kpi(session, kpi_id)
    engagement = _engagement(session, kpi.engagement_id)
    granularity = Granularity(granularity)
    number = parse_number(value, field="value", label=f"{kpi.name}の実績")
    start = period_start_of(period_start, granularity)
    existing = session.exec(select(KpiActual).where(
        KpiActual.kpi_id == kpi_id, KpiActual.period_start == start,
        KpiActual.granularity == granularity)).first()
    if number is None:
        if existing is not None:
            session.delete(existing)
            session.commit()
        return
    label = period_label(start, granularity)
    _check_year(engagement, fiscal_year_of(start), field="period", what=f"{label}の実績")
    today = today or date.today()
    if start > today:
        raise ValidationError("{year}{label}はまだ始まっていないため、実績を入力できません。", field="period", year=fiscal_year_label(fiscal_year_of(start)), label=label)
    if existing is None:
        session.add(KpiActual(kpi_id=kpi_id, period_start=start, granularity=granularity,
                              value=number))
    elif existing.value != number:
        existing.value = number
    session.commit()


# --- ホーム: KPIs behind target ------------------------------------------------------------

@dataclass(frozen=True)
class BehindKpi:
    kpi_id: uuid.UUID
    engagement_id: uuid.UUID
    engagement_title: str
    client_name: str
    name: str
    unit: str
    fiscal_year: int
    target: float  # pro-rated for a sum over part of the year
    actual: float
    achievement: float  # 1.0 = 100 %
    basis: str


def kpis_behind_target(*, session: Session, today: date,
                       limit: int = LIST_LIMIT) -> list[BehindKpi]:
    """KPIs of open engagements whose latest fiscal year with a target and actuals is
    below target: the current year (a sum compared with the target's share for the
    months recorded) or, before its first figures, the year just closed. Worst first."""
    rows = session.exec(
        select(Kpi, Engagement.title, Client.name)
        .join(Engagement, col(Engagement.id) == Kpi.engagement_id)
        .join(Client, col(Client.id) == Engagement.client_id)
        .where(col(Engagement.archived).is_(False), col(Engagement.status).in_(OPEN_STATUSES))
    ).all()
    infos = {info.id: info for info in _infos(session, [kpi for kpi, _, _ in rows])}
    current = fiscal_year_of(today)
    behind: list[BehindKpi] = []
    for kpi, title, client in rows:
        info = infos[kpi.id]
        for year in (current, current - 1):
            target = info.targets.get(year)
            figure = info.figure(year)
            if target is None or figure.value is None:
                continue
            expected = target
            if info.aggregation == KpiAggregation.SUM and not figure.complete:
                expected = target * figure.months / 12
            ratio = achievement(expected, figure.value, info.direction)
            if ratio is not None and ratio < 1.0:
                behind.append(BehindKpi(
                    kpi_id=kpi.id, engagement_id=kpi.engagement_id, engagement_title=title,
                    client_name=client, name=info.name, unit=info.unit, fiscal_year=year,
                    target=expected, actual=figure.value, achievement=ratio, basis=figure.basis))
            break
    behind.sort(key=lambda b: (b.achievement, b.engagement_title, b.name))
    return behind[:limit]


# --- the command line's listing -----------------------------------------------------------

def kpi_listing(*, session: Session, engagement_id: uuid.UUID,
                today: date | None = None) -> list[KpiListRow]:
    """``companion list kpis`` (``db.reads.kpis.kpi_list_rows``)."""
    return kpi_list_rows(driver_connection(session), engagement_id=engagement_id, today=today)
