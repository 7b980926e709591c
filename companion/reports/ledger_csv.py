"""The activity-days ledger as a CSV file (UTF-8 with a BOM, so Excel opens it in
Japanese): one row per visit, then the totals per client with the 実務従事 points
estimate. ``companion ledger`` and the 活動日数台帳 window write the same file."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from companion.atomic import write_atomically
from companion.domain.calendar import fiscal_year_label
from companion.errors import KnownError
from companion.services.visits.ledger import ActivityLedger, activity_ledger

if TYPE_CHECKING:
    from sqlmodel import Session

LEDGER_COLUMNS = ("年度", "事業者", "代表者", "案件", "支援期間", "日付", "曜日", "開始", "終了",
                  "時間", "方式", "場所", "内容")
LEDGER_SUMMARY_COLUMNS = ("事業者", "代表者", "支援期間", "日数", "うち訪問日数", "時間合計",
                          "訪問以外の時間", "ポイントの目安")
_WEEKDAYS = "月火水木金土日"


def _fmt_day(day: date) -> str:
    return f"{day.year}/{day.month:02d}/{day.day:02d}"


def _hours_text(hours: float) -> str:
    return f"{hours:.2f}".rstrip("0").rstrip(".") if hours else "0"


def ledger_csv(ledger: ActivityLedger) -> str:
    """The ledger as CSV text: one row per visit, then a blank row and the totals per
    client (with a rough 実務従事 point count; the practitioner checks it)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(LEDGER_COLUMNS)
    label = fiscal_year_label(ledger.fiscal_year)
    for client in ledger.clients:
        period = f"{_fmt_day(client.period_start)}〜{_fmt_day(client.period_end)}"
        for entry in client.entries:
            writer.writerow([
                label, client.client_name, client.representative, "・".join(client.engagements),
                period, _fmt_day(entry.day), _WEEKDAYS[entry.day.weekday()],
                f"{entry.started_at:%H:%M}", f"{entry.ended_at:%H:%M}" if entry.ended_at else "",
                _hours_text(entry.hours), entry.mode.value, entry.place, entry.content])
    writer.writerow([])
    writer.writerow(LEDGER_SUMMARY_COLUMNS)
    for client in ledger.clients:
        writer.writerow([client.client_name, client.representative,
                         f"{_fmt_day(client.period_start)}〜{_fmt_day(client.period_end)}",
                         client.days, client.on_site_days, _hours_text(client.hours),
                         _hours_text(client.other_hours), client.points_estimate])
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


def export_ledger(*, session: Session, fiscal_year: int, out: Path,
                  engagement_id: uuid.UUID | None = None) -> ActivityLedger:
    """Read the ledger of a fiscal year and write it to ``out`` (CSV)."""
    ledger = activity_ledger(session=session, fiscal_year=fiscal_year, engagement_id=engagement_id)
    write_ledger_csv(ledger, out)
    return ledger
