"""The 実務従事 ledger as an Excel workbook: the five-year view (points per fiscal year,
the running total against 30 and the outlook), one row per client with what 様式19/20
asks (名称・所在地・業種・中小企業者であること・期間・日数・内容, and empty 証明者 columns
to fill in), and every day worked. Written with the figures' sheet writer (A4, fitted to
the page width, header row repeated); hours with one decimal (15.6)."""

from __future__ import annotations

from pathlib import Path

from companion.atomic import atomic_output
from companion.domain.calendar import fiscal_year_label
from companion.domain.practice_points import RENEWAL_POINTS
from companion.reports.figures import INT, ONE_DECIMAL, FigureTable, write_tables_xlsx
from companion.reports.ledger_docx import (
    Practitioner,
    client_content_text,
    period_text,
)
from companion.services.visits.ledger import ActivityLedger


def ledger_tables(ledger: ActivityLedger, *, practitioner: Practitioner,
                  wareki: bool = True) -> list[FigureTable]:
    years = ledger.yearly
    view = FigureTable(
        name=f"{len(ledger.fiscal_years)}年間の見通し",
        columns=("年度", "西暦", "事業者数", "訪問日数", "訪問以外の時間", "ポイント",
                 f"累計(目標{RENEWAL_POINTS})"),
        rows=[[fiscal_year_label(y.fiscal_year, wareki=wareki), y.fiscal_year, y.clients,
               y.on_site_days, round(y.other_hours, 1), y.points, y.running_total]
              for y in years]
        + [["合計", None, len(ledger.clients), sum(y.on_site_days for y in years),
            round(sum(y.other_hours for y in years), 1), ledger.points, ledger.points],
           ["見通し", ledger.outlook.summary()],
           ["氏名", practitioner.name],
           ["登録番号", practitioner.number],
           ["対象期間", period_text(ledger, wareki=wareki)]],
        formats={1: "0", 2: INT, 3: INT, 4: ONE_DECIMAL, 5: INT, 6: INT},
        widths={0: 14, 1: 30, 4: 16, 6: 16})
    clients = FigureTable(
        name="事業者別(様式19・20)",
        columns=("名称", "所在地", "業種", "中小企業者であること", "代表者", "期間(開始)",
                 "期間(終了)", "日数(ポイント)", "うち訪問日数", "訪問以外の時間", "内容",
                 "証明日", "証明者(代表者 役職・氏名)"),
        rows=[[c.client_name, c.address, c.industry, c.sme.text, c.representative,
               c.period_start, c.period_end, c.points_estimate, c.on_site_days,
               round(c.other_hours, 1), client_content_text(c), "", ""]
              for c in ledger.clients],
        formats={5: "yyyy/mm/dd", 6: "yyyy/mm/dd", 7: INT, 8: INT, 9: ONE_DECIMAL},
        widths={0: 26, 1: 16, 2: 22, 3: 34, 4: 12, 5: 12, 6: 12, 10: 40, 11: 14, 12: 26},
        landscape=True)
    days = FigureTable(
        name="従事した日",
        columns=("年度", "事業者", "日付", "開始", "終了", "時間", "方式", "場所", "内容"),
        rows=[[fiscal_year_label(e.fiscal_year, wareki=wareki), c.client_name, e.day,
               f"{e.started_at:%H:%M}", f"{e.ended_at:%H:%M}" if e.ended_at else "",
               round(e.hours, 1), str(e.mode), e.place, e.content]
              for c in ledger.clients for e in c.entries],
        formats={2: "yyyy/mm/dd", 5: ONE_DECIMAL},
        widths={0: 12, 1: 26, 2: 12, 6: 10, 7: 18, 8: 50}, landscape=True)
    return [view, clients, days]


def write_ledger_xlsx(ledger: ActivityLedger, out: Path, *, practitioner: Practitioner,
                      wareki: bool = True) -> Path:
    tables = ledger_tables(ledger, practitioner=practitioner, wareki=wareki)
    with atomic_output(out) as temporary:
        write_tables_xlsx(tables, temporary, title="実務従事の記録")
    return out
