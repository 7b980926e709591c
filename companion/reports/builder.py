"""Reading the database into the report model (no python-docx here).

``build_report`` runs every query of an engagement report inside the caller's session
and returns plain, frozen dataclasses (``model.py``): the Word writer, a future GUI
preview and the tests all read the same values.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlmodel import Session, col, select

from companion.db.models import (
    Client,
    Disclosure,
    DisclosureEngagement,
    DisclosureVersion,
    Engagement,
    Kpi,
    KpiActual,
    KpiTarget,
    PlanItem,
    Sponsor,
    Visit,
    VisitAction,
)
from companion.domain.calendar import (
    JST,
    day_span,
    fiscal_year_bounds,
    fiscal_year_of,
    fiscal_years_between,
    format_date,
    visit_hours,
)
from companion.domain.enums import (
    DisclosureKind,
    DisclosureStatus,
    Granularity,
    KpiAggregation,
    KpiDirection,
    Owner,
    PlanLevel,
    PlanStatus,
    VisitMode,
)
from companion.domain.kpi import achievement, grade, period_name, year_actual, year_standing
from companion.errors import EngagementNotFound, KnownError
from companion.reports.formatting import (
    format_hours,
    format_percent,
    format_quantity,
)
from companion.reports.model import (
    REPORT_TITLE,
    Cover,
    DisclosureRow,
    EngagementReport,
    FeeRow,
    KpiPoint,
    KpiRow,
    KpiSeries,
    ModeCount,
    Narrative,
    PlanRow,
    PlanYear,
    Reporter,
    VisitRow,
    VisitSummary,
)

if TYPE_CHECKING:
    from companion.services.report_narratives import NarrativeYear

log = logging.getLogger("companion.reports")

# The visit log is a summary: long texts are cut at the end of a sentence (the full
# record stays in the app; ``full_texts`` prints it whole).
_NOTES_LIMIT = 120  # characters of free notes shown when nothing structured was recorded
_POINT_LIMIT = 60  # characters per 強み / 課題 / 決定
_ACTION_LIMIT = 24  # characters per next action
_ACTIONS_SHOWN = 2
# A line of a visit's text that starts with this stays out of every report: the
# practitioner's convention for what the sponsor must not read (docs/report-placeholders.md).
PRIVATE_MARK = "【非開示】"
_SENTENCE = re.compile(r"[^。！？!?]+[。！？!?」』）)]*|[。！？!?]+")


# --- the engagement and its period ---------------------------------------------------

def _engagement_row(session: Session, engagement_id: uuid.UUID
                    ) -> tuple[Engagement, Client, Sponsor | None]:
    row = session.exec(
        select(Engagement, Client, Sponsor)
        .join(Client, col(Client.id) == Engagement.client_id)
        .outerjoin(Sponsor, col(Sponsor.id) == Engagement.sponsor_id)
        .where(Engagement.id == engagement_id)
    ).first()
    if row is None:
        raise EngagementNotFound(engagement_id)
    engagement, client, sponsor = row
    return engagement, client, sponsor


def _last_visit_day(session: Session, engagement_id: uuid.UUID) -> date | None:
    last = session.exec(
        select(Visit.started_at)
        .where(Visit.engagement_id == engagement_id, col(Visit.is_draft).is_(False))
        .order_by(col(Visit.started_at).desc())
        .limit(1)
    ).first()
    return last.astimezone(JST).date() if last else None


def engagement_fiscal_years(engagement: Engagement, *, today: date,
                            last_visit: date | None = None) -> list[int]:
    """The fiscal years an engagement spans: its start to its planned end (or today),
    stretched to its last recorded visit."""
    end = engagement.planned_end_on or max(today, engagement.start_on)
    if last_visit and last_visit > end:
        end = last_visit
    return fiscal_years_between(engagement.start_on, end)


def _period(engagement: Engagement, fiscal_year: int | None, *, today: date,
            last_visit: date | None) -> tuple[date, date]:
    """The days the report covers: the fiscal year within the engagement, or the
    engagement from its start to its planned end (or to today, while it runs)."""
    start = engagement.start_on
    planned = engagement.planned_end_on
    if fiscal_year is None:
        end = planned if planned and planned <= today else max(today, start)
        if last_visit and last_visit > end:
            end = last_visit
        return start, end
    first, last = fiscal_year_bounds(fiscal_year)
    start = max(first, start)
    end = min(last, planned) if planned and planned >= start else last
    if last_visit and end < last_visit <= last:
        end = last_visit
    return start, end


def _check_fiscal_year(engagement: Engagement, fiscal_year: int, years: Sequence[int]) -> None:
    if fiscal_year in years:
        return
    span = (f"{format_date(engagement.start_on, wareki=False)}〜"
            f"{format_date(engagement.planned_end_on, wareki=False) if engagement.planned_end_on else ''}")
    raise KnownError(
        "{fiscal_year}年度はこの案件の期間外です（案件の期間: {span}）。",
        hint="{first}〜{last} の年度を指定してください。",
        fiscal_year=fiscal_year, span=span, first=years[0], last=years[-1],
    )


# --- plan --------------------------------------------------------------------------

def _plan_years(session: Session, engagement_id: uuid.UUID, years: Sequence[int]) -> tuple[PlanYear, ...]:
    items = list(session.exec(
        select(PlanItem)
        .where(PlanItem.engagement_id == engagement_id, col(PlanItem.fiscal_year).in_(list(years)))
        .order_by(col(PlanItem.fiscal_year), col(PlanItem.position), col(PlanItem.due_on),
                  col(PlanItem.title))
    ))
    by_year: dict[int, list[PlanItem]] = defaultdict(list)
    for item in items:
        by_year[item.fiscal_year].append(item)
    return tuple(PlanYear(fiscal_year=year, rows=_plan_rows(by_year[year]))
                 for year in years if by_year.get(year))


def _plan_rows(items: list[PlanItem]) -> tuple[PlanRow, ...]:
    ids = {item.id for item in items}
    children: dict[uuid.UUID | None, list[PlanItem]] = defaultdict(list)
    for item in items:  # already in display order
        parent = item.parent_id if item.parent_id in ids else None
        children[parent].append(item)

    def actions_under(item: PlanItem) -> list[PlanItem]:
        found = [item] if item.level == PlanLevel.ACTION else []
        for child in children.get(item.id, []):
            found.extend(actions_under(child))
        return found

    def progress(item: PlanItem) -> int:
        if item.level == PlanLevel.ACTION or not children.get(item.id):
            return 100 if item.status == PlanStatus.DONE else max(0, min(100, item.progress))
        counted = [a for a in actions_under(item) if a.status != PlanStatus.DROPPED]
        if not counted:
            return 100 if item.status == PlanStatus.DONE else item.progress
        return round(sum(progress(a) for a in counted) / len(counted))

    rows: list[PlanRow] = []

    def walk(item: PlanItem, depth: int, seen: set[uuid.UUID]) -> None:
        if item.id in seen:  # a cycle in bad data must not hang the report
            return
        seen.add(item.id)
        rows.append(PlanRow(
            fiscal_year=item.fiscal_year, level=PlanLevel(item.level), depth=depth,
            title=item.title, owner=Owner(item.owner), due_on=item.due_on,
            status=PlanStatus(item.status), progress=progress(item),
        ))
        for child in children.get(item.id, []):
            walk(child, depth + 1, seen)

    seen: set[uuid.UUID] = set()
    for root in children.get(None, []):
        walk(root, 0, seen)
    return tuple(rows)


# --- KPIs --------------------------------------------------------------------------

# How a year's figure follows from its periods, as the user set it on the KPI.
_KIND = {KpiAggregation.SUM: "flow", KpiAggregation.AVERAGE: "ratio",
         KpiAggregation.LATEST: "level"}


def _kpi_kind(aggregation: KpiAggregation) -> str:
    """'level' (latest value), 'ratio' (average) or 'flow' (sum of the periods)."""
    return _KIND[KpiAggregation(aggregation)]


def fiscal_year_actual(actuals: Iterable[KpiActual], fiscal_year: int, *,
                       aggregation: KpiAggregation) -> tuple[float | None, str, bool]:
    """The actual of one fiscal year (companion.domain.kpi): (value, basis, complete),
    the basis in the report's words."""
    figure = year_actual(actuals, fiscal_year, aggregation)
    if figure.source is None or figure.last is None:
        return None, "", False
    if figure.source == Granularity.YEAR:
        return figure.value, "年度実績", True
    if aggregation == KpiAggregation.LATEST:
        return (figure.value, f"直近値（{period_name(figure.last, figure.source)}）",
                figure.complete)
    word, count_word = (("四半期", "期") if figure.source == Granularity.QUARTER
                        else ("月次", "か月"))
    how = "平均" if aggregation == KpiAggregation.AVERAGE else "合計"
    return (figure.value, f"{word}{figure.periods}{count_word}の{how}", figure.complete)


achievement_of = achievement  # the report's name for it


def grade_of(achievement: float | None) -> str:
    """A (>=100%) / B (80-99.9%) / C (30-79.9%) / D (<30%), as sponsors grade, from the
    percentage as printed (companion.domain.kpi.grade)."""
    return grade(achievement)


def kpi_rows_and_series(session: Session, engagement_ids: Sequence[uuid.UUID],
                        years: Sequence[int], chart_years: Sequence[int], *,
                        today: date | None = None
                        ) -> tuple[list[tuple[uuid.UUID, KpiRow]], list[tuple[uuid.UUID, KpiSeries]]]:
    """KPI rows for ``years`` and a series over ``chart_years``, per engagement id.

    A year whose figure is not final on ``today`` (a year in progress, or months
    missing: companion.domain.kpi.year_standing) has no achievement and no grade; its
    ``note`` says why (年度途中(8か月))."""
    today = today or datetime.now(JST).date()
    kpis = list(session.exec(
        select(Kpi).where(col(Kpi.engagement_id).in_(list(engagement_ids)))
        .order_by(col(Kpi.position), col(Kpi.name))
    ))
    if not kpis:
        return [], []
    kpi_ids = [k.id for k in kpis]
    targets: dict[uuid.UUID, dict[int, float]] = defaultdict(dict)
    for target_row in session.exec(select(KpiTarget).where(col(KpiTarget.kpi_id).in_(kpi_ids))):
        targets[target_row.kpi_id][target_row.fiscal_year] = target_row.value
    actuals: dict[uuid.UUID, list[KpiActual]] = defaultdict(list)
    for actual_row in session.exec(select(KpiActual).where(col(KpiActual.kpi_id).in_(kpi_ids))
                                   .order_by(col(KpiActual.period_start))):
        actuals[actual_row.kpi_id].append(actual_row)

    rows: list[tuple[uuid.UUID, KpiRow]] = []
    series: list[tuple[uuid.UUID, KpiSeries]] = []
    for kpi in kpis:
        direction = KpiDirection(kpi.direction)
        values: dict[int, tuple[float | None, str, bool]] = {
            year: fiscal_year_actual(actuals[kpi.id], year, aggregation=kpi.aggregation)
            for year in sorted(set(years) | set(chart_years))
        }
        for year in years:
            actual, basis, _complete = values[year]
            target = targets[kpi.id].get(year)
            if target is None and actual is None:
                continue
            standing = year_standing(year_actual(actuals[kpi.id], year, kpi.aggregation), year,
                                     KpiAggregation(kpi.aggregation), today=today)
            achievement = achievement_of(target, actual, direction) if standing.final else None
            rows.append((kpi.engagement_id, KpiRow(
                name=kpi.name, unit=kpi.unit, direction=direction, fiscal_year=year,
                baseline=kpi.baseline, target=target, actual=actual, basis=basis,
                achievement=achievement, grade=grade_of(achievement),
                final=standing.final, note=standing.note,
            )))
        points = tuple(
            KpiPoint(fiscal_year=year, target=targets[kpi.id].get(year), actual=values[year][0],
                     complete=values[year][2] or _kpi_kind(kpi.aggregation) != "flow")
            for year in chart_years
        )
        if any(p.target is not None or p.actual is not None for p in points):
            series.append((kpi.engagement_id, KpiSeries(
                name=kpi.name, unit=kpi.unit, baseline=kpi.baseline, points=points)))
    return rows, series


# --- visits ------------------------------------------------------------------------

def shorten(text: str, limit: int) -> str:
    """One line of at most ``limit`` characters, cut with an ellipsis."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[:limit - 1].rstrip() + "…"


def disclosable(text: str) -> str:
    """The text without its lines marked 【非開示】 (PRIVATE_MARK)."""
    return "\n".join(line for line in text.splitlines()
                     if not line.strip().startswith(PRIVATE_MARK)).strip()


def cut_at_sentence(text: str, limit: int) -> str:
    """The first sentences of ``text`` (one line) that fit in ``limit`` characters, and
    always at least the first whole sentence; "…" when something was left out. A text
    with no sentence end is cut at three times the limit, so a pasted page stays out."""
    line = " ".join(text.split())
    if len(line) <= limit:
        return line
    kept = ""
    for sentence in _SENTENCE.findall(line):
        if kept and len(kept) + len(sentence) > limit:
            break
        kept += sentence
    if len(kept) > 3 * limit:
        kept = kept[:limit - 1].rstrip()
    kept = kept.strip()
    return kept if len(kept) >= len(line) else kept + "…"


def _key_points(visit: Visit, *, full: bool = False) -> tuple[str, ...]:
    def show(value: str, limit: int) -> str:
        text = disclosable(value)
        return " ".join(text.split()) if full else cut_at_sentence(text, limit)

    points = [f"{label}：{shown}" for label, text in
              (("強み", visit.strengths), ("課題", visit.issues), ("決定", visit.decisions))
              if (shown := show(text, _POINT_LIMIT))]
    notes = show(visit.notes, _NOTES_LIMIT)
    if full and notes:
        points.append(f"記録：{notes}" if points else notes)
    if points:
        return tuple(points)
    return (notes,) if notes else ()


def _next_actions(actions: Sequence[VisitAction], *, full: bool = False) -> tuple[str, ...]:
    actions = [a for a in actions if not a.text.strip().startswith(PRIVATE_MARK)]
    limit = len(actions) if full else _ACTIONS_SHOWN
    shown = [_action_text(a, full=full) for a in actions[:limit]]
    if len(actions) > limit:
        shown.append(f"ほか{len(actions) - limit}件")
    return tuple(shown)


def _visits(session: Session, engagement_id: uuid.UUID, start: date, end: date, *,
            full: bool = False) -> tuple[tuple[VisitRow, ...], list[Visit]]:
    # Reports are for Japanese sponsors: days are counted in Japan time.
    first_moment, end_moment = day_span(start, end, JST)
    window = (Visit.engagement_id == engagement_id, col(Visit.is_draft).is_(False),
              col(Visit.started_at) >= first_moment, col(Visit.started_at) < end_moment)
    visits = list(session.exec(select(Visit).where(*window).order_by(col(Visit.started_at))))
    actions: dict[uuid.UUID, list[VisitAction]] = defaultdict(list)
    for action in session.exec(
        select(VisitAction).join(Visit, col(Visit.id) == VisitAction.visit_id).where(*window)
        .order_by(col(VisitAction.created_at))
    ):
        actions[action.visit_id].append(action)
    rows = tuple(
        VisitRow(
            started_at=visit.started_at.astimezone(JST),
            ended_at=visit.ended_at.astimezone(JST) if visit.ended_at else None,
            mode=VisitMode(visit.mode), place=disclosable(visit.place),
            purpose=disclosable(visit.purpose),
            key_points=_key_points(visit, full=full),
            next_actions=_next_actions(actions[visit.id], full=full),
            hours=visit_hours(visit.started_at, visit.ended_at), distance_km=visit.distance_km or 0.0,
            attendees=disclosable(visit.attendees),
        )
        for visit in visits
    )
    return rows, visits


def _action_text(action: VisitAction, *, full: bool = False) -> str:
    # (owner due [済]): the due date 4/30 style, short; the year is near the visit's own.
    details = [str(Owner(action.owner))]
    if action.due_on:
        details.append(f"{action.due_on.month}/{action.due_on.day}")
    if action.done_at:
        details.append("済")
    text = " ".join(action.text.split()) if full else shorten(action.text, _ACTION_LIMIT)
    return f"{text}（{' '.join(details)}）"


def summarise_visits(rows: Sequence[VisitRow]) -> VisitSummary:
    by_mode = tuple(
        ModeCount(
            mode=mode,
            count=sum(1 for r in rows if r.mode == mode),
            hours=sum(r.hours for r in rows if r.mode == mode),
            distance_km=sum(r.distance_km for r in rows if r.mode == mode),
        )
        for mode in VisitMode
    )
    return VisitSummary(by_mode=by_mode, count=len(rows), hours=sum(r.hours for r in rows),
                        distance_km=sum(r.distance_km for r in rows))


# --- disclosures -------------------------------------------------------------------

def _disclosures(session: Session, engagement: Engagement, start: date, end: date
                 ) -> tuple[tuple[DisclosureRow, ...], tuple[DisclosureVersion, ...]]:
    """The latest disclosed version of every disclosure that touches the engagement
    (linked to it, or an interest in its client) and overlaps the report period, or
    was declared or started in it (an interest that ended before the period but was
    only declared during it belongs to the period too)."""
    versions = list(session.exec(
        select(DisclosureVersion, Disclosure.number)
        .join(Disclosure, col(Disclosure.id) == DisclosureVersion.disclosure_id)
        .where(DisclosureVersion.status != DisclosureStatus.DRAFT)
        .order_by(col(Disclosure.number), col(DisclosureVersion.version))
    ))
    latest: dict[uuid.UUID, tuple[DisclosureVersion, int]] = {}
    for version, number in versions:
        latest[version.disclosure_id] = (version, number)  # ordered: the last one wins
    linked = set(session.exec(
        select(DisclosureEngagement.version_id)
        .where(DisclosureEngagement.engagement_id == engagement.id)
    ))
    rows = []
    shown: list[DisclosureVersion] = []
    for version, number in latest.values():
        touches = version.id in linked or version.counterpart_client_id == engagement.client_id
        overlaps = version.started_on <= end and (version.ended_on is None or version.ended_on >= start)
        declared = start <= version.declared_on <= end
        if touches and (overlaps or declared):
            rows.append(DisclosureRow(
                number=number, version=version.version, kind=DisclosureKind(version.kind),
                counterpart_name=version.counterpart_name, amount_yen=version.amount_yen,
                share_percent=version.share_percent, role_title=version.role_title,
                started_on=version.started_on, ended_on=version.ended_on,
                declared_on=version.declared_on, description=version.description,
                mitigation=version.mitigation, status=DisclosureStatus(version.status),
            ))
            shown.append(version)
    order = sorted(range(len(rows)), key=lambda i: rows[i].number)
    return tuple(rows[i] for i in order), tuple(shown[i] for i in order)


# What the practitioner is paid, by kind: the engagement's own fee and the interests
# in the register that pay (顧問契約, 収益分配, 業務受託).
_FEE_KINDS = {DisclosureKind.ADVISORY: "顧問料", DisclosureKind.REVENUE_SHARE: "成果報酬",
              DisclosureKind.CONTRACT: "業務委託料"}


def _fees(engagement: Engagement, sponsor: Sponsor | None,
          disclosures: Sequence[DisclosureRow]) -> tuple[FeeRow, ...]:
    rows: list[FeeRow] = []
    terms = " ".join(engagement.fee_terms.split())
    if terms or engagement.fee_amount_yen is not None:
        named = [kind for word, kind in (("委託", "委託料"), ("成果報酬", "成果報酬"),
                                         ("顧問", "顧問料")) if word in terms]
        kind = "・".join(named) or ("報酬" if engagement.fee_paid_by_client else "委託料")
        paid_by = ("事業者" if engagement.fee_paid_by_client
                   else sponsor.name if sponsor else "委託元")
        rows.append(FeeRow(kind=kind, terms=terms or "―", amount_yen=engagement.fee_amount_yen,
                           paid_by=paid_by))
    for d in disclosures:
        if d.kind in _FEE_KINDS and d.status != DisclosureStatus.ENDED:
            rows.append(FeeRow(kind=_FEE_KINDS[d.kind],
                               terms=f"開示第{d.number}号 {d.role_title}".strip(),
                               amount_yen=d.amount_yen, paid_by=d.counterpart_name))
    return tuple(rows)


def _red_flags(session: Session, engagement_id: uuid.UUID,
               versions: Sequence[DisclosureVersion], today: date) -> tuple[str, ...]:
    """The register's red flags (services.red_flags) that name this engagement or a
    disclosure the report shows. Of the records' text only the client's own is read:
    a flag about what the records say gathers one client's engagements, never another's."""
    from companion.services.red_flags import compute_red_flags

    client_id = select(Engagement.client_id).where(Engagement.id == engagement_id).scalar_subquery()
    same_client = set(session.exec(select(Engagement.id).where(Engagement.client_id == client_id)))
    disclosure_ids = {v.disclosure_id for v in versions}
    return tuple(dict.fromkeys(
        flag.reason for flag in compute_red_flags(session=session, today=today,
                                                  mentions_of=same_client)
        if engagement_id in flag.engagement_ids or disclosure_ids & set(flag.disclosure_ids)))


# --- the summary lines -------------------------------------------------------------

def default_outcomes(*, summary: VisitSummary, plan: Sequence[PlanYear],
                     kpis: Sequence[KpiRow], last_decision: str) -> str:
    """A few lines on the period's work, for the user to edit before export. A KPI
    figure that is not final (a year in progress) is given as it stands, never as an
    achievement (the KPI table follows the same rule)."""
    lines: list[str] = []
    if summary.count:
        modes = "・".join(f"{m.mode}{m.count}回" for m in summary.by_mode if m.count)
        lines.append(f"{modes}、計{summary.count}回（延べ{format_hours(summary.hours)}）の"
                     "伴走支援を実施しました。")
    else:
        lines.append("対象期間の支援記録はありません。")
    actions = sum(year.total() for year in plan)
    if actions:
        done = sum(year.count(PlanStatus.DONE) for year in plan)
        doing = sum(year.count(PlanStatus.IN_PROGRESS) for year in plan)
        parts = [f"{done}件が完了" if done else "完了したものはまだなく",
                 f"{doing}件が進行中です" if doing else "進行中のアクションはありません"]
        lines.append(f"行動計画のアクション{actions}件のうち、{'、'.join(parts)}。")
    last_year = max((row.fiscal_year for row in kpis), default=None)
    for row in kpis:
        if row.fiscal_year != last_year or row.actual is None:
            continue
        actual = format_quantity(row.actual, row.unit)
        target = format_quantity(row.target, row.unit) if row.target is not None else ""
        # An amount is never followed by punctuation here: a line may not start with
        # 。 or 、, and LibreOffice then breaks inside 141,341千円 to keep it.
        if not row.final:
            against = f"年度目標は{target}です。" if target else ""
            lines.append(f"{row.name}の実績は{row.note}で{actual}です"
                         f"（{row.basis}。{against}達成の評価は年度の実績がそろってから行います）。")
        elif target:
            lines.append(f"{row.name}は目標{target}に対し、実績{actual}でした"
                         f"（達成率は{format_percent(row.achievement)}で評価は{row.grade or '―'}）。")
    if last_decision:
        lines.append(f"直近の合意事項：{' '.join(last_decision.split())}")
    return "\n".join(lines)


# --- the report --------------------------------------------------------------------

def build_report(*, session: Session, engagement_id: uuid.UUID, fiscal_year: int | None = None,
                 outcomes: str | None = None, practitioner: str = "",
                 reporter: Reporter | None = None, today: date | None = None,
                 full_texts: bool = False) -> EngagementReport:
    """The 実施報告書 of one engagement as plain data.

    ``fiscal_year`` None covers the whole engagement; a year outside the engagement is a
    KnownError. ``outcomes`` replaces the generated summary lines (the user's edit).
    ``reporter`` names the 報告者 (``practitioner`` is the same as a plain name);
    ``today`` is the report date; ``full_texts`` prints visit texts whole. The
    practitioner's own texts for the year (成果と今後の課題, 次年度の方針, 自走化の状況;
    services.report_narratives) come with it: for the whole engagement, the last year's.
    """
    from companion.services.report_narratives import get_narrative

    today = today or datetime.now(JST).date()
    reporter = reporter or Reporter.from_text(practitioner)
    engagement, client, sponsor = _engagement_row(session, engagement_id)
    last_visit = _last_visit_day(session, engagement_id)
    all_years = engagement_fiscal_years(engagement, today=today, last_visit=last_visit)
    if fiscal_year is not None:
        _check_fiscal_year(engagement, fiscal_year, all_years)
        years: list[int] = [fiscal_year]
    else:
        years = all_years
    start, end = _period(engagement, fiscal_year, today=today, last_visit=last_visit)
    visits, visit_records = _visits(session, engagement_id, start, end, full=full_texts)
    summary = summarise_visits(visits)
    plan = _plan_years(session, engagement_id, years)
    # KPI tables stop at the year being reported; the chart shows the years up to it.
    last_year = fiscal_year if fiscal_year is not None else fiscal_year_of(end)
    kpi_years = [y for y in years if y <= last_year] or years[:1]
    chart_years = [y for y in all_years if y <= last_year] or all_years[:1]
    kpi_rows, kpi_series = kpi_rows_and_series(session, [engagement_id], kpi_years, chart_years,
                                               today=today)
    rows = tuple(row for _, row in kpi_rows)
    last_decision = next((v.decisions for v in reversed(visit_records) if v.decisions.strip()), "")
    generated = outcomes is None or not outcomes.strip()
    text = (default_outcomes(summary=summary, plan=plan, kpis=rows, last_decision=last_decision)
            if generated else (outcomes or "").strip())
    cover = Cover(
        title=REPORT_TITLE, engagement_title=engagement.title, client_name=client.name,
        client_representative=client.representative,
        client_place=f"{client.prefecture}{client.city}", client_industry=client.industry,
        sponsor_name=sponsor.name if sponsor else "", scheme=str(engagement.scheme),
        engagement_status=str(engagement.status), engagement_start=engagement.start_on,
        engagement_end=engagement.planned_end_on, period_start=start, period_end=end,
        fiscal_year=fiscal_year, practitioner=reporter.line, issued_on=today,
        reporter=reporter, in_progress=today < end,
    )
    # One year's report prints that year's texts; the whole engagement the latest written.
    saved = get_narrative(session=session, engagement_id=engagement_id, fiscal_year=last_year)
    written, written_year = saved.text, last_year
    if fiscal_year is None and not saved.saved and saved.previous is not None:
        written, written_year = saved.previous, saved.previous_year or last_year
    narrative = Narrative(achievements=written.achievements,
                          next_year_policy=written.next_year_policy,
                          self_running=written.self_running, fiscal_year=written_year)
    disclosures, disclosed_versions = _disclosures(session, engagement, start, end)
    log.info("report model built: %s, %d visits, %d plan rows, %d KPI rows",
             engagement_id, len(visits), sum(len(y.rows) for y in plan), len(rows))
    return EngagementReport(
        engagement_id=engagement_id, cover=cover, essential_issue=engagement.essential_issue,
        outcomes=text, outcomes_generated=generated, fiscal_years=tuple(years), plan=plan,
        kpis=rows, kpi_series=tuple(s for _, s in kpi_series), visits=visits,
        visit_summary=summary, disclosures=disclosures, narrative=narrative,
        fees=_fees(engagement, sponsor, disclosures),
        red_flags=_red_flags(session, engagement_id, disclosed_versions, today),
        full_texts=full_texts,
    )


# --- the practitioner's texts, for the editor ---------------------------------------

@dataclass(frozen=True)
class NarrativeEditing:
    """What the 報告書の所見 editor opens with: the year's saved texts (and the latest
    earlier year's), and the summary made from the records as a starting draft."""

    year: NarrativeYear
    draft: str


def narrative_for_editing(*, session: Session, engagement_id: uuid.UUID, fiscal_year: int,
                          today: date | None = None) -> NarrativeEditing:
    from companion.services.report_narratives import get_narrative

    year = get_narrative(session=session, engagement_id=engagement_id, fiscal_year=fiscal_year)
    try:
        draft = build_report(session=session, engagement_id=engagement_id,
                             fiscal_year=fiscal_year, today=today).outcomes
    except KnownError:  # a planned year the report does not cover yet: no draft
        draft = ""
    return NarrativeEditing(year=year, draft=draft)
