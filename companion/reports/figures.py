"""The figures sponsors ask for, as Excel (.xlsx, one sheet per table) or CSV.

Tables (all visits are finished visits: drafts never count; days and fiscal years
are Japan time):

* 訪問件数 — visits per client and mode (訪問/オンライン/電話/来所), with a total row;
* 支援時間 — hours per client and mode, on-site days and travel distance;
* フォローアップ — follow-ups planned, done, overdue, and next actions done;
* KPI — every indicator's target against actual per fiscal year, graded A–D;
* 出力条件 — what was exported, and how the figures are counted.

A CSV file holds one table, so ``FILE.csv`` receives the 訪問件数 table only (UTF-8
with BOM so Excel opens it in Japanese); the other tables need ``.xlsx``.
"""

from __future__ import annotations

import csv
import logging
import uuid
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from companion.atomic import atomic_output
from companion.db.models import Client, Engagement, Sponsor, Visit, VisitAction
from companion.domain.calendar import (
    JST,
    day_span,
    fiscal_year_bounds,
    fiscal_year_label,
    fiscal_years_between,
    visit_hours,
)
from companion.domain.enums import VisitMode
from companion.errors import KnownError, NotFoundError
from companion.reports.builder import engagement_fiscal_years, kpi_rows_and_series
from companion.reports.model import KpiRow
from companion.reports.output import check_output

log = logging.getLogger("companion.reports")

CSV_TABLE = "訪問件数"
MIN_YEAR, MAX_YEAR = 1990, 2100


@dataclass(frozen=True)
class FigureTable:
    name: str  # sheet name
    columns: tuple[str, ...]
    rows: list[list[object]]
    formats: dict[int, str] = field(default_factory=dict)  # column index -> Excel format
    widths: dict[int, float] = field(default_factory=dict)
    total_row: bool = False


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


def build_figures(*, session: Session, fiscal_year: int | None = None,
                  sponsor_id: uuid.UUID | None = None, today: date | None = None
                  ) -> list[FigureTable]:
    """Every figures table, as rows of plain values (numbers stay numbers)."""
    _check_year(fiscal_year)
    today = today or datetime.now(JST).date()
    sponsor_name = ""
    if sponsor_id is not None:
        sponsor = session.get(Sponsor, sponsor_id)
        if sponsor is None:
            raise NotFoundError("委託元が見つかりません: {sponsor_id}", sponsor_id=sponsor_id)
        sponsor_name = sponsor.name
    engagement_query = (
        select(Engagement, Client, Sponsor.name)
        .join(Client, col(Client.id) == Engagement.client_id)
        .outerjoin(Sponsor, col(Sponsor.id) == Engagement.sponsor_id)
    )
    if sponsor_id is not None:
        engagement_query = engagement_query.where(Engagement.sponsor_id == sponsor_id)
    engagements = list(session.exec(engagement_query))
    by_id = {engagement.id: (engagement, client, sponsor) for engagement, client, sponsor
             in engagements}

    lines: dict[uuid.UUID, _Line] = {}

    def line_of(engagement_id: uuid.UUID) -> _Line:
        _, client, sponsor = by_id[engagement_id]
        line = lines.get(client.id)
        if line is None:
            line = lines[client.id] = _Line(client.id, client.name, client.kana)
        if sponsor:
            line.sponsors.add(sponsor)
        return line

    window: list[Any] = [col(Visit.is_draft).is_(False),
                         col(Visit.engagement_id).in_(list(by_id))]
    if fiscal_year is not None:
        start, end = day_span(*fiscal_year_bounds(fiscal_year), JST)
        window += [col(Visit.started_at) >= start, col(Visit.started_at) < end]
    for visit in session.exec(select(Visit).where(*window)):
        line = line_of(visit.engagement_id)
        mode = VisitMode(visit.mode)
        line.counts[mode] += 1
        line.hours[mode] += visit_hours(visit.started_at, visit.ended_at)
        if mode == VisitMode.ON_SITE:
            line.on_site_days.add(visit.started_at.astimezone(JST).date())
        line.distance_km += visit.distance_km or 0.0
        if visit.follow_up_on is not None:
            line.follow_ups += 1
            if visit.follow_up_done_at is not None:
                line.follow_ups_done += 1
            elif visit.follow_up_on < today:
                line.follow_ups_overdue += 1
    for action, engagement_id in session.exec(
        select(VisitAction, Visit.engagement_id).join(Visit, col(Visit.id) == VisitAction.visit_id)
        .where(*window)
    ):
        line = line_of(engagement_id)
        line.actions += 1
        line.actions_done += action.done_at is not None

    ordered = sorted(lines.values(), key=lambda item: (item.client_kana or item.client_name,
                                                         item.client_name))
    if fiscal_year is not None:
        years = [fiscal_year]
    else:
        spans = [engagement_fiscal_years(e, today=today) for e, _, _ in engagements]
        years = fiscal_years_between(date(min(s[0] for s in spans), 4, 1),
                                     date(max(s[-1] for s in spans), 4, 1)) if spans else []
    kpi_rows, _ = kpi_rows_and_series(session, list(by_id), years, [])
    scope = fiscal_year_label(fiscal_year) + f"({fiscal_year}年度)" if fiscal_year else "全期間"
    return [
        _visits_table(ordered),
        _hours_table(ordered),
        _follow_up_table(ordered),
        _kpi_table(kpi_rows, by_id),
        FigureTable(
            name="出力条件", columns=("項目", "内容"),
            rows=[["対象年度", scope], ["委託元", sponsor_name or "すべて"],
                  ["作成日", today.isoformat()],
                  ["件数の数え方", "下書きを除く訪問記録。日付と年度は日本時間(年度は4月始まり)。"],
                  ["支援時間", "各記録の開始から終了まで。終了時刻のない記録は0時間。"],
                  ["訪問日数", "形態「訪問」の記録がある日の数(同じ日の複数回は1日)。"],
                  ["フォローアップ", "対象の記録に設定されたフォローアップ日。未実施は作成日より前で未完了のもの。"],
                  ["KPI の実績", "年度実績があればその値。なければ月次・四半期の合計"
                   "(率・単価は平均、従業員数などは直近値)。"],
                  ["評価", "A 達成率100%以上、B 80〜99%、C 30〜79%、D 30%未満。年度途中の合計は評価しない。"]],
            widths={0: 16, 1: 90},
        ),
    ]


def _modes_columns(prefix: str = "", suffix: str = "") -> tuple[str, ...]:
    return tuple(f"{prefix}{mode}{suffix}" for mode in VisitMode)


def _visits_table(lines: Sequence[_Line]) -> FigureTable:
    rows: list[list[object]] = [
        [line.client_name, "・".join(sorted(line.sponsors)),
         *(line.counts[mode] for mode in VisitMode), sum(line.counts.values())]
        for line in lines
    ]
    rows.append(["合計", "", *(sum(line.counts[mode] for line in lines) for mode in VisitMode),
                 sum(sum(line.counts.values()) for line in lines)])
    columns = ("事業者", "委託元", *_modes_columns(), "合計")
    return FigureTable(name=CSV_TABLE, columns=columns, rows=rows,
                       formats={i: "#,##0" for i in range(2, len(columns))},
                       widths={0: 28, 1: 24}, total_row=True)


def _hours_table(lines: Sequence[_Line]) -> FigureTable:
    rows: list[list[object]] = [
        [line.client_name, *(round(line.hours[mode], 2) for mode in VisitMode),
         round(sum(line.hours.values()), 2), len(line.on_site_days), round(line.distance_km, 1)]
        for line in lines
    ]
    rows.append(["合計", *(round(sum(line.hours[mode] for line in lines), 2) for mode in VisitMode),
                 round(sum(sum(line.hours.values()) for line in lines), 2),
                 sum(len(line.on_site_days) for line in lines),
                 round(sum(line.distance_km for line in lines), 1)])
    columns = ("事業者", *_modes_columns(suffix="(時間)"), "合計(時間)", "訪問日数", "移動距離(km)")
    formats = {i: "#,##0.0" for i in range(1, len(VisitMode) + 2)}
    formats[len(VisitMode) + 2] = "#,##0"
    formats[len(VisitMode) + 3] = "#,##0.0"
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
                       formats={i: "#,##0" for i in range(1, 6)}, widths={0: 28},
                       total_row=True)


def _kpi_table(kpi_rows: Sequence[tuple[uuid.UUID, KpiRow]],
               by_id: Mapping[uuid.UUID, tuple[Engagement, Client, str | None]]) -> FigureTable:
    rows: list[list[object]] = []
    for engagement_id, row in kpi_rows:
        engagement, client, _ = by_id[engagement_id]
        rows.append([client.name, engagement.title, row.name, row.unit, row.fiscal_year,
                     row.baseline, row.target, row.actual, row.achievement, row.grade,
                     row.basis])
    rows.sort(key=lambda r: (str(r[0]), str(r[1]), int(str(r[4]))))
    columns = ("事業者", "案件", "指標", "単位", "年度", "基準値", "目標", "実績", "達成率",
               "評価", "実績の算定")
    return FigureTable(name="KPI", columns=columns, rows=rows,
                       formats={5: "#,##0.##", 6: "#,##0.##", 7: "#,##0.##", 8: "0.0%"},
                       widths={0: 26, 1: 34, 2: 14, 10: 22})


# --- writing -------------------------------------------------------------------------

def _write_xlsx(tables: Sequence[FigureTable], path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

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
        for index, title in enumerate(table.columns):
            width = table.widths.get(index, max(10.0, len(title) * 2.2))
            sheet.column_dimensions[get_column_letter(index + 1)].width = width
        sheet.freeze_panes = "B2"
    workbook.properties.creator = "Companion"
    workbook.save(str(path))


def _write_csv(table: FigureTable, path: Path) -> None:
    # UTF-8 with BOM and CRLF: what Excel on Windows opens correctly in Japanese.
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(table.columns)
        writer.writerows(table.rows)


def export_figures(*, session: Session, out: Path, fiscal_year: int | None = None,
                   sponsor_id: uuid.UUID | None = None, today: date | None = None
                   ) -> FiguresResult:
    """Write the sponsor's figures to ``out`` (.xlsx: every table; .csv: 訪問件数)."""
    target = check_output(out, suffixes=(".xlsx", ".csv"))
    tables = build_figures(session=session, fiscal_year=fiscal_year, sponsor_id=sponsor_id,
                           today=today)
    warnings: list[str] = []
    if tables[0].rows[-1][-1] == 0:  # the total of the 訪問件数 table
        warnings.append("対象期間の訪問記録がありません。")
    with atomic_output(target) as temporary:
        if target.suffix.lower() == ".csv":
            written = [t for t in tables if t.name == CSV_TABLE]
            _write_csv(written[0], temporary)
        else:
            written = tables
            _write_xlsx(tables, temporary)
    for warning in warnings:
        log.warning("%s", warning)
    rows = {t.name: len(t.rows) - (1 if t.total_row else 0) for t in written}
    log.info("figures written: %s %s", target, rows)
    return FiguresResult(path=target, tables=tuple(t.name for t in written), rows=rows,
                         warnings=tuple(warnings))
