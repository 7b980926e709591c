"""The activity-days ledger as a CSV file (UTF-8 with a BOM and CRLF, so Excel opens it
in Japanese): one row per visit, then the totals per client with the 実務従事 points
estimate and, when the ledger spans several fiscal years, each year's points with the
running total against 30. ``companion ledger`` and the 活動日数台帳 window write the
same file. Hours are decimal with one place (15.6), never 15.5833."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from companion.atomic import write_atomically
from companion.domain.calendar import fiscal_year_label
from companion.domain.practice_points import RENEWAL_POINTS
from companion.errors import KnownError
from companion.services.visits.ledger import ActivityLedger, activity_ledger

if TYPE_CHECKING:
    from sqlmodel import Session

LEDGER_COLUMNS = ("年度", "事業者", "代表者", "案件", "支援期間", "日付", "曜日", "開始", "終了",
                  "時間", "方式", "場所", "内容")
LEDGER_SUMMARY_COLUMNS = ("事業者", "代表者", "支援期間", "日数", "うち訪問日数", "時間合計",
                          "訪問以外の時間", "ポイントの目安")
LEDGER_YEAR_COLUMNS = ("年度", "西暦", "事業者数", "訪問日数", "訪問以外の時間", "ポイント",
                       f"累計(目標{RENEWAL_POINTS})")
_WEEKDAYS = "月火水木金土日"


def _fmt_day(day: date) -> str:
    return f"{day.year}/{day.month:02d}/{day.day:02d}"


def hours_number(hours: float) -> str:
    """15.6 (one decimal place; 2 for whole hours): what a spreadsheet cell holds."""
    return f"{hours:.1f}".removesuffix(".0")


def hours_label(hours: float) -> str:
    """15.6時間, as the ledger prints hours (never 15.5833)."""
    return f"{hours_number(hours)}時間"


def ledger_csv(ledger: ActivityLedger) -> str:
    """The ledger as CSV text: one row per visit, then a blank row and the totals per
    client (with a rough 実務従事 point count; the practitioner checks it)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(LEDGER_COLUMNS)
    for client in ledger.clients:
        period = f"{_fmt_day(client.period_start)}〜{_fmt_day(client.period_end)}"
        for entry in client.entries:
            writer.writerow([
                fiscal_year_label(entry.fiscal_year), client.client_name, client.representative,
                "・".join(client.engagements),
                period, _fmt_day(entry.day), _WEEKDAYS[entry.day.weekday()],
                f"{entry.started_at:%H:%M}", f"{entry.ended_at:%H:%M}" if entry.ended_at else "",
                hours_number(entry.hours), entry.mode.value, entry.place, entry.content])
    writer.writerow([])
    writer.writerow(LEDGER_SUMMARY_COLUMNS)
    for client in ledger.clients:
        writer.writerow([client.client_name, client.representative,
                         f"{_fmt_day(client.period_start)}〜{_fmt_day(client.period_end)}",
                         client.days, client.on_site_days, hours_number(client.hours),
                         hours_number(client.other_hours), client.points_estimate])
    if len(ledger.fiscal_years) > 1:
        writer.writerow([])
        writer.writerow(LEDGER_YEAR_COLUMNS)
        for year in ledger.yearly:
            writer.writerow([fiscal_year_label(year.fiscal_year), year.fiscal_year, year.clients,
                             year.on_site_days, hours_number(year.other_hours), year.points,
                             year.running_total])
        writer.writerow(["見通し", ledger.outlook.summary()])
    return out.getvalue()


def write_ledger_csv(ledger: ActivityLedger, out: Path) -> Path:
    """Write the ledger as CSV in UTF-8 with a BOM (Excel opens it in Japanese), all at
    once: a failure leaves no half-written file."""
    if out.suffix.lower() != ".csv":
        raise KnownError("書き出し先は .csv のファイルにしてください: {name}", name=out.name)
    if out.is_dir():
        raise KnownError("書き出し先がフォルダです: {path}", path=out)
    if not out.parent.is_dir():
        raise KnownError("書き出し先のフォルダがありません: {parent}", parent=out.parent)
    try:
        write_atomically(out, ledger_csv(ledger).encode("utf-8-sig"))
    except OSError as exc:
        raise KnownError("台帳を書き出せません: {out} ({reason})", out=out, reason=exc.strerror) from exc
    return out


def export_ledger(*, session: Session, fiscal_year: int, out: Path, years: int = 1,
                  engagement_id: uuid.UUID | None = None) -> ActivityLedger:
    """Read the ledger of ``years`` fiscal years ending with ``fiscal_year`` and write it
    to ``out`` (CSV)."""
    ledger = activity_ledger(session=session, fiscal_year=fiscal_year, years=years,
                             engagement_id=engagement_id)
    write_ledger_csv(ledger, out)
    return ledger
