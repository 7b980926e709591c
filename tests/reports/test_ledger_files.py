"""The 実務従事 ledger a 中小企業診断士 hands in: five fiscal years of days and points per
client, as Word (rendered to PDF by LibreOffice and read back with pdftotext), Excel and
CSV; hours print as 15.6時間, never 15.5833."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import openpyxl
import pytest
from companion_testing.report_factories import add_report_engagement
from docx import Document

from companion.db.database import Database
from companion.db.models import Sponsor, Visit
from companion.domain.enums import SponsorKind, VisitMode
from companion.errors import KnownError
from companion.paths import resource
from companion.reports.ledger_docx import Practitioner
from companion.reports.ledger_files import write_ledger
from companion.services.session import session_scope
from companion.services.visits.ledger import ActivityLedger, activity_ledger

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
TODAY = date(2026, 3, 31)  # the last day of 令和7年度
ME = Practitioner(name="佐藤 美咲", number="第412345号")


def _at(day: date, hour: int, minute: int = 0) -> datetime:  # Japan time
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC) - timedelta(hours=9)


@pytest.fixture
def five_years(db: Database) -> ActivityLedger:
    """やまなか酒造 over 令和4〜7年度 (nothing in 令和3年度) and みずほ食品 in 令和7年度."""
    with session_scope(db) as session:
        yamanaka = add_report_engagement(session, visits_per_year=0, years=(2022,),
                                         with_disclosure=False, with_kpis=False)
        yamanaka.client.employees = 14
        yamanaka.engagement.start_on = date(2022, 4, 1)
        mizuho = add_report_engagement(
            session, visits_per_year=0, years=(2025,), client_name="株式会社みずほ食品",
            client_kana="みずほしょくひん", with_disclosure=False, with_kpis=False,
            sponsor=Sponsor(name="湯沢市商工会", kind=SponsorKind.SHOKOKAI))
        plan = [  # engagement, day, start, end, mode
            (yamanaka, date(2022, 6, 1), (9, 0), (12, 0), VisitMode.ON_SITE),
            # 令和5年度: 15時間35分 at the counter (15.5833 hours) = 3 points
            (yamanaka, date(2023, 5, 10), (9, 0), (14, 0), VisitMode.AT_CENTRE),
            (yamanaka, date(2023, 7, 12), (9, 0), (14, 0), VisitMode.AT_CENTRE),
            (yamanaka, date(2023, 9, 13), (9, 0), (14, 35), VisitMode.AT_CENTRE),
            (yamanaka, date(2024, 5, 20), (10, 0), (12, 0), VisitMode.ON_SITE),
            (yamanaka, date(2024, 8, 1), (10, 0), (11, 0), VisitMode.ON_SITE),
            (yamanaka, date(2024, 8, 5), (16, 0), (16, 10), VisitMode.PHONE),  # 10 minutes
            (yamanaka, date(2025, 6, 3), (10, 0), (11, 30), VisitMode.ON_SITE),
            (yamanaka, date(2025, 10, 7), (13, 0), (15, 0), VisitMode.ONLINE),
            (mizuho, date(2025, 11, 18), (9, 30), (11, 0), VisitMode.ON_SITE),
        ]
        for fixture, day, start, end, mode in plan:
            session.add(Visit(engagement_id=fixture.engagement.id, started_at=_at(day, *start),
                              ended_at=_at(day, *end), mode=mode, place="蔵の事務所",
                              purpose="販路開拓の打合せ", decisions="首都圏の酒販店に見本を送る"))
        session.commit()
    with session_scope(db, write=False) as reading:
        return activity_ledger(session=reading, fiscal_year=2025, years=5, today=TODAY)


def test_points_per_client_and_year_with_the_running_total(five_years: ActivityLedger) -> None:
    ledger = five_years
    assert ledger.fiscal_years == [2021, 2022, 2023, 2024, 2025]
    by_name = {c.client_name: c for c in ledger.clients}
    yamanaka = by_name["有限会社やまなか酒造"]
    # 4 on-site days; 15.5833 + 0.1667 + 2 = 17.75 other hours: 3 points
    assert yamanaka.on_site_days == 4 and yamanaka.other_hours == pytest.approx(17.75)
    assert yamanaka.points_estimate == 7
    assert yamanaka.address == "秋田県湯沢市" and yamanaka.industry == "酒類製造業"
    assert yamanaka.sme.is_sme is True
    assert by_name["株式会社みずほ食品"].points_estimate == 1
    assert [(y.fiscal_year, y.points, y.running_total) for y in ledger.yearly] == [
        (2021, 0, 0), (2022, 1, 1), (2023, 3, 4), (2024, 2, 6), (2025, 2, 8)]
    assert ledger.yearly[2].other_hours == pytest.approx(15 + 35 / 60)
    outlook = ledger.outlook
    assert (outlook.points, outlook.on_track, outlook.short_by) == (8, False, 22)


def test_the_workbook_has_the_view_the_clients_and_the_days(
        five_years: ActivityLedger, tmp_path: Path) -> None:
    out = write_ledger(five_years, tmp_path / "実務従事.xlsx", practitioner=ME)
    workbook = openpyxl.load_workbook(out)
    assert workbook.sheetnames == ["5年間の見通し", "事業者別(様式19・20)", "従事した日"]
    view = [list(r) for r in workbook["5年間の見通し"].iter_rows(values_only=True)]
    assert view[3] == ["令和5年度", 2023, 1, 0, pytest.approx(15.6), 3, 4]
    assert workbook["5年間の見通し"].cell(row=4, column=5).number_format == "#,##0.0"
    assert view[9][:2] == ["登録番号", "第412345号"]
    clients = [list(r) for r in workbook["事業者別(様式19・20)"].iter_rows(values_only=True)]
    assert clients[0][:4] == ["名称", "所在地", "業種", "中小企業者であること"]
    assert clients[1][0] == "株式会社みずほ食品"  # みずほ before やまなか (ふりがな順)
    assert clients[2][3].startswith("該当") and clients[2][7] == 7
    assert clients[2][11:] == [None, None]  # 証明日, 証明者: left for the client to fill in
    days = list(workbook["従事した日"].iter_rows(values_only=True))
    assert len(days) == 1 + 10


def test_the_csv_keeps_one_row_per_day_and_adds_the_years(five_years: ActivityLedger,
                                                          tmp_path: Path) -> None:
    out = write_ledger(five_years, tmp_path / "実務従事.csv", practitioner=ME)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"15.5833" not in raw
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[1][0] == "令和7年度"  # みずほ's one day
    assert {row[0] for row in rows[2:11]} == {"令和4年度", "令和5年度", "令和6年度", "令和7年度"}
    years_at = next(i for i, row in enumerate(rows) if row[:2] == ["年度", "西暦"])
    assert rows[years_at + 3] == ["令和5年度", "2023", "1", "0", "15.6", "3", "4"]
    assert rows[-1][0] == "見通し" and "30ポイントに対し8ポイント" in rows[-1][1]


def test_a_bad_file_name_is_refused_before_anything_is_written(
        five_years: ActivityLedger, tmp_path: Path) -> None:
    folder = tmp_path / "書類"
    folder.mkdir()
    with pytest.raises(KnownError, match=r"拡張子は \.docx / \.xlsx / \.csv"):
        write_ledger(five_years, folder / "台帳.pdf", practitioner=ME)
    with pytest.raises(KnownError, match="フォルダがありません"):
        write_ledger(five_years, folder / "ない" / "台帳.docx", practitioner=ME)
    assert list(folder.iterdir()) == []


def test_the_word_form_names_the_practitioner_and_leaves_the_certificate_blank(
        five_years: ActivityLedger, tmp_path: Path) -> None:
    out = write_ledger(five_years, tmp_path / "実務従事.docx", practitioner=ME)
    document = Document(str(out))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "氏名: 佐藤 美咲" in text and "登録番号: 第412345号" in text
    assert text.count("証明欄") == 2  # one per client
    assert "代表者 役職・氏名" in text
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "中小企業者であること" in cells
    assert "15.6時間" in cells and not any("15.5833" in c or "15.58" in c for c in cells)


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_the_word_form_converts_to_pdf_with_the_totals(five_years: ActivityLedger,
                                                       tmp_path: Path) -> None:
    assert SOFFICE is not None
    out = write_ledger(five_years, tmp_path / "ledger.docx", practitioner=ME)
    environment = {**os.environ,
                   "FONTCONFIG_FILE": str(resource("fontconfig", "companion-fonts.conf")),
                   "HOME": str(tmp_path / "home")}
    result = subprocess.run(
        [SOFFICE, "--headless", "--norestore",
         f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
         "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"), str(out)],
        capture_output=True, text=True, timeout=180, env=environment, check=False)
    pdf = tmp_path / "pdf" / "ledger.pdf"
    assert result.returncode == 0 and pdf.is_file(), result.stderr
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    # LibreOffice spaces Japanese from digits (和欧間スペース): compare without spaces.
    compact = "".join(text.split())
    assert "15.5833" not in compact and "15.58" not in compact
    for expected in ("実務従事の記録", "登録番号:第412345号", "15.6時間",
                     "30ポイントに対し8ポイント", "遅れています", "合計", "証明欄",
                     "株式会社みずほ食品", "有限会社やまなか酒造", "秋田県湯沢市",
                     "令和3年度〜令和7年度"):
        assert expected in compact, expected
    assert text.count("\f") == 3  # the view, and one page per client
