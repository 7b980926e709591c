"""The sponsor's figures as Excel and CSV, reopened and compared with the database."""

from __future__ import annotations

import csv
import uuid
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from companion_testing.report_factories import TODAY, ReportFixture, add_report_engagement
from sqlmodel import Session

from companion.db.database import Database
from companion.db.models import Sponsor
from companion.domain.enums import SponsorKind
from companion.domain.sponsor_measures import SponsorMeasure
from companion.errors import KnownError, NotFoundError
from companion.reports.figures import (
    MEASURE_SOURCES,
    export_figures,
    find_sponsor_id,
    sponsor_target_standings,
)
from companion.services.session import session_scope
from companion.services.sponsor_targets import TargetEntry, save_sponsor_targets


@pytest.fixture
def two_sponsors(db: Database) -> tuple[ReportFixture, ReportFixture]:
    with session_scope(db) as writing:
        first = add_report_engagement(writing, with_disclosure=False)
        second = add_report_engagement(
            writing, client_name="株式会社みずほ食品", client_kana="みずほしょくひん",
            visits_per_year=5, with_disclosure=False,
            sponsor=Sponsor(name="湯沢市商工会", kind=SponsorKind.SHOKOKAI))
    return first, second


def _sheet(path: Path, name: str) -> list[list[object]]:
    workbook = openpyxl.load_workbook(path)
    return [list(row) for row in workbook[name].iter_rows(values_only=True)]


TABLES = ("支援事業者数", "方式別", "相談内容別", "業種別", "計画策定・重点支援", "業績の増減",
          "業績の増減(事業者別)", "委託元の目標と実績", "KPI", "案件一覧", "訪問件数", "支援時間", "フォローアップ",
          "出力条件")


def test_every_table_has_its_sheet(two_sponsors: tuple[ReportFixture, ReportFixture],
                                   session: Session, tmp_path: Path) -> None:
    result = export_figures(session=session, out=tmp_path / "figures.xlsx", fiscal_year=2025,
                            today=TODAY)
    assert result.tables == TABLES
    assert openpyxl.load_workbook(result.path).sheetnames == list(result.tables)
    visits = _sheet(result.path, "訪問件数")
    assert visits[0] == ["事業者", "委託元", "訪問", "オンライン", "電話", "来所", "合計"]
    assert visits[1:] == [
        ["株式会社みずほ食品", "湯沢市商工会", 2, 1, 1, 1, 5],
        ["有限会社やまなか酒造", "湯沢市 産業振興課", 6, 2, 2, 2, 12],
        ["合計", None, 8, 3, 3, 3, 17],
    ]
    hours = _sheet(result.path, "支援時間")
    assert hours[2][0] == "有限会社やまなか酒造"
    assert hours[2][1:] == [9.0, 2.0, 2.0, 2.0, 15.0, 6, 255.0]
    follow = _sheet(result.path, "フォローアップ")
    assert follow[2] == ["有限会社やまなか酒造", 12, 6, 6, 6, 0]
    kpis = _sheet(result.path, "KPI")
    sales = next(row for row in kpis if row[0] == "有限会社やまなか酒造" and row[2] == "売上高")
    assert sales[4:11] == ["令和7年度", 2025, 30_000_000, 32_000_000, 32_400_000,
                           pytest.approx(1.0125), "A"]
    assert result.rows["訪問件数"] == 2


def test_figures_of_one_sponsor(two_sponsors: tuple[ReportFixture, ReportFixture],
                                session: Session, tmp_path: Path) -> None:
    first, _ = two_sponsors
    sponsor_id = find_sponsor_id(session=session, text="湯沢市 産業振興課")
    assert sponsor_id == first.sponsor.id
    result = export_figures(session=session, out=tmp_path / "f.xlsx", fiscal_year=2025,
                            sponsor_id=sponsor_id, today=TODAY)
    assert [row[0] for row in _sheet(result.path, "訪問件数")[1:]] == ["有限会社やまなか酒造", "合計"]
    assert {row[0] for row in _sheet(result.path, "KPI")[1:]} == {"有限会社やまなか酒造"}


def test_all_years_when_no_year_is_given(two_sponsors: tuple[ReportFixture, ReportFixture],
                                         session: Session, tmp_path: Path) -> None:
    result = export_figures(session=session, out=tmp_path / "f.xlsx", today=TODAY)
    visits = _sheet(result.path, "訪問件数")
    assert visits[-1][-1] == 12 * 2 + 5 * 2


def test_what_a_sponsor_counts_per_fiscal_year(
        two_sponsors: tuple[ReportFixture, ReportFixture], session: Session,
        tmp_path: Path) -> None:
    # Both businesses: 2025 and 2026, やまなか 12 visits a year, みずほ 5 (see the factory).
    result = export_figures(session=session, out=tmp_path / "f.xlsx", today=TODAY)
    assert _sheet(result.path, "支援事業者数") == [
        ["年度", "西暦", "相談件数(延べ)", "事業者数(実数)", "うち新規", "うち継続", "支援時間(時間)"],
        # hours: 8 on-site visits of 1.5 h, 9 others of 1 h
        ["令和7年度", 2025, 17, 2, 2, 0, 21],
        ["令和8年度", 2026, 17, 2, 0, 2, 21],
    ]
    assert _sheet(result.path, "方式別")[:2] == [
        ["年度", "西暦", "巡回(訪問)", "窓口(来所)", "オンライン", "電話", "合計"],
        ["令和7年度", 2025, 8, 3, 3, 3, 17],
    ]
    topics = {row[2]: row[3:] for row in _sheet(result.path, "相談内容別")[1:] if row[1] == 2025}
    assert topics["資金調達"] == [3, 2]  # 資金繰りの確認: やまなか twice, みずほ once
    assert topics["販路開拓"] == [3, 2] and topics["商品開発"] == [3, 2]
    assert topics["経営全般・その他"] == [8, 2]  # 定期訪問, 試飲会の振り返り
    assert topics["創業"] == [0, 0] and topics["補助金申請"] == [0, 0]
    assert _sheet(result.path, "業種別")[1] == ["令和7年度", 2025, "酒類製造業", 17, 2, 2]
    supports = _sheet(result.path, "計画策定・重点支援")
    assert supports[0][2:5] == ["計画策定事業者数", "創業(件)", "創業(者)"]
    assert supports[1][:3] == ["令和7年度", 2025, 2]  # both have a plan for the year
    assert supports[1][9:11] == [3, 2]  # 資金調達(件), (者)


def test_sales_rose_stayed_flat_or_fell_against_the_previous_year(
        two_sponsors: tuple[ReportFixture, ReportFixture], session: Session,
        tmp_path: Path) -> None:
    # やまなか: 売上高 32,400,000 in 2025 (12 months), 29,000,000 in 2026 (年度実績):
    # -10.5 %. みずほ has the same figures. Neither records a profit KPI.
    result = export_figures(session=session, out=tmp_path / "f.xlsx", fiscal_year=2026,
                            today=TODAY)
    summary = _sheet(result.path, "業績の増減")
    assert summary[0] == ["年度", "西暦", "指標", "増加", "横ばい(±3%)", "減少", "不明",
                          "対象事業者数"]
    assert summary[1:] == [["令和8年度", 2026, "売上高", 0, 0, 2, 0, 2],
                           ["令和8年度", 2026, "利益(粗利・経常利益)", 0, 0, 0, 2, 2]]
    detail = _sheet(result.path, "業績の増減(事業者別)")
    first = detail[1]
    assert first[2:9] == ["株式会社みずほ食品", "売上高", "売上高", 32_400_000, 29_000_000,
                          pytest.approx(-0.1049, abs=1e-4), "減少"]
    assert detail[3][8:] == ["不明", "KPI未設定"]
    wide = export_figures(session=session, out=tmp_path / "wide.xlsx", fiscal_year=2026,
                          today=TODAY, flat_band_percent=15)
    assert _sheet(wide.path, "業績の増減")[1][3:7] == [0, 2, 0, 0]  # within ±15 %: flat
    earlier = export_figures(session=session, out=tmp_path / "e.xlsx", fiscal_year=2025,
                             today=TODAY)
    reasons = {row[9] for row in _sheet(earlier.path, "業績の増減(事業者別)")[1:]}
    assert reasons == {"前年度の実績なし", "KPI未設定"}


def test_one_row_per_engagement_and_business_rows_in_kana_order(
        two_sponsors: tuple[ReportFixture, ReportFixture], session: Session,
        tmp_path: Path) -> None:
    result = export_figures(session=session, out=tmp_path / "f.xlsx", fiscal_year=2025,
                            today=TODAY)
    engagements = _sheet(result.path, "案件一覧")
    assert engagements[0] == ["委託元", "事業者", "案件", "開始", "終了予定", "相談件数",
                              "支援時間(時間)", "KPI評価", "状況"]
    by_client = {row[1]: row for row in engagements[1:]}
    # 6 on-site visits of 1.5 h and 6 others of 1 h; 売上高 and 従業員数 both met: A, A
    assert by_client["有限会社やまなか酒造"][5:] == [12, 15, "A2", "進行中"]
    assert by_client["株式会社みずほ食品"][0] == "湯沢市商工会"
    # みずほしょくひん before やまなかしゅぞう, in every table listing businesses.
    for name in ("訪問件数", "支援時間", "フォローアップ", "KPI"):
        names = [row[0] for row in _sheet(result.path, name)[1:] if row[0] != "合計"]
        assert names == sorted(names, key=lambda n: {"株式会社みずほ食品": 0,
                                                     "有限会社やまなか酒造": 1}[str(n)]), name


def test_the_workbook_prints_on_a4_fitted_to_width_with_the_header_repeated(
        two_sponsors: tuple[ReportFixture, ReportFixture], session: Session,
        tmp_path: Path) -> None:
    result = export_figures(session=session, out=tmp_path / "f.xlsx", fiscal_year=2025,
                            today=TODAY)
    workbook = openpyxl.load_workbook(result.path)
    for sheet in workbook.worksheets:
        assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4), sheet.title
        assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.print_title_rows == "$1:$1"
    hours = workbook["支援時間"]
    assert {hours.cell(row=2, column=c).number_format for c in range(2, 7)} == {"#,##0.0"}
    assert workbook["支援事業者数"].cell(row=2, column=3).number_format == "#,##0"


def test_the_zip_holds_every_table_as_csv_in_utf8_with_bom_and_crlf(
        two_sponsors: tuple[ReportFixture, ReportFixture], session: Session,
        tmp_path: Path) -> None:
    result = export_figures(session=session, out=tmp_path / "figures.zip", fiscal_year=2025,
                            today=TODAY)
    assert result.tables == TABLES
    with zipfile.ZipFile(result.path) as archive:
        names = archive.namelist()
        assert names[0] == "01_支援事業者数.csv" and len(names) == len(TABLES)
        raw = archive.read("02_方式別.csv")
    assert raw.startswith(b"\xef\xbb\xbf") and raw.count(b"\r\n") == 2
    assert raw.decode("utf-8-sig").splitlines()[1] == "令和7年度,2025,8,3,3,3,17"


def test_csv_holds_the_visits_table_in_utf8_with_bom(
        two_sponsors: tuple[ReportFixture, ReportFixture], session: Session,
        tmp_path: Path) -> None:
    result = export_figures(session=session, out=tmp_path / "figures.csv", fiscal_year=2025,
                            today=TODAY)
    assert result.tables == ("訪問件数",)
    raw = result.path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0] == ["事業者", "委託元", "訪問", "オンライン", "電話", "来所", "合計"]
    assert rows[-1] == ["合計", "", "8", "3", "3", "3", "17"]


def test_an_unknown_sponsor_is_a_clear_error(two_sponsors: tuple[ReportFixture, ReportFixture],
                                            session: Session, tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="委託元が見つかりません"):
        find_sponsor_id(session=session, text="存在しない市役所")
    with pytest.raises(NotFoundError, match="委託元が見つかりません"):
        export_figures(session=session, out=tmp_path / "f.xlsx", sponsor_id=uuid.uuid4())
    assert not (tmp_path / "f.xlsx").exists()


@pytest.mark.parametrize(("name", "message"), [("f.txt", "拡張子"), ("missing/f.xlsx", "フォルダがありません")])
def test_bad_output_paths(two_sponsors: tuple[ReportFixture, ReportFixture], session: Session,
                          tmp_path: Path, name: str, message: str) -> None:
    with pytest.raises(KnownError, match=message):
        export_figures(session=session, out=tmp_path / name)


def test_an_implausible_flat_band_is_refused(two_sponsors: tuple[ReportFixture, ReportFixture],
                                             session: Session, tmp_path: Path) -> None:
    with pytest.raises(KnownError, match="横ばいとみなす幅"):
        export_figures(session=session, out=tmp_path / "f.xlsx", flat_band_percent=80)
    assert not (tmp_path / "f.xlsx").exists()


def test_an_implausible_year_is_refused(two_sponsors: tuple[ReportFixture, ReportFixture],
                                        session: Session, tmp_path: Path) -> None:
    with pytest.raises(KnownError, match="年度の指定が正しくありません"):
        export_figures(session=session, out=tmp_path / "f.xlsx", fiscal_year=25)


def test_a_year_without_visits_warns(two_sponsors: tuple[ReportFixture, ReportFixture],
                                     session: Session, tmp_path: Path) -> None:
    result = export_figures(session=session, out=tmp_path / "f.xlsx", fiscal_year=2030)
    assert result.warnings == ("対象期間の訪問記録がありません。",)
    assert _sheet(result.path, "訪問件数")[1:] == [["合計", None, 0, 0, 0, 0, 0]]


# --- 委託元の目標と実績 -----------------------------------------------------------------

TARGET_COLUMNS = ["委託元", "年度", "西暦", "指標", "単位", "目標", "実績", "達成率", "評価"]


@pytest.fixture
def with_targets(two_sponsors: tuple[ReportFixture, ReportFixture],
                 db: Database) -> tuple[ReportFixture, ReportFixture]:
    """湯沢市 産業振興課 (やまなか, 12 visits a year) and 湯沢市商工会 (みずほ, 5) set
    their own targets for 2025 and 2026."""
    city, shokokai = (fixture.sponsor.id for fixture in two_sponsors)
    m = SponsorMeasure
    with session_scope(db) as writing:
        save_sponsor_targets(session=writing, entries=[
            TargetEntry(city, 2025, m.CONSULTATIONS, 15),  # 12 / 15 = 80.0 %: B, never C
            TargetEntry(city, 2025, m.BUSINESSES, 1),
            TargetEntry(city, 2025, m.NEW_BUSINESSES, 1),
            TargetEntry(city, 2025, m.PLANNED_BUSINESSES, 1),
            TargetEntry(city, 2025, m.SALES_ROSE, 1),  # no earlier year: 不明, none rose
            TargetEntry(city, 2025, m.FINANCE_SUPPORTS, 8),  # 資金繰りの確認 twice: 25 %
            TargetEntry(city, 2025, m.SUBSIDY_SUPPORTS, 3),
            TargetEntry(city, 2026, m.CONSULTATIONS, 12),
            TargetEntry(shokokai, 2025, m.BUSINESSES, 2),  # its own businesses only: 1
        ])
    return two_sponsors


def test_the_sponsors_targets_against_what_their_figures_count(
        with_targets: tuple[ReportFixture, ReportFixture], session: Session,
        tmp_path: Path) -> None:
    result = export_figures(session=session, out=tmp_path / "f.xlsx", today=TODAY)
    assert result.rows["委託元の目標と実績"] == 9
    rows = _sheet(result.path, "委託元の目標と実績")
    assert rows[0] == TARGET_COLUMNS
    assert rows[1:] == [
        ["湯沢市 産業振興課", "令和7年度", 2025, "延べ相談件数", "件", 15, 12, 0.8, "B"],
        ["湯沢市 産業振興課", "令和7年度", 2025, "支援事業者数", "者", 1, 1, 1.0, "A"],
        ["湯沢市 産業振興課", "令和7年度", 2025, "新規支援事業者数", "者", 1, 1, 1.0, "A"],
        ["湯沢市 産業振興課", "令和7年度", 2025, "計画策定事業者数", "者", 1, 1, 1.0, "A"],
        ["湯沢市 産業振興課", "令和7年度", 2025, "売上高が増加した事業者数", "者", 1, 0, 0.0, "D"],
        ["湯沢市 産業振興課", "令和7年度", 2025, "補助金申請支援件数", "件", 3, 0, 0.0, "D"],
        ["湯沢市 産業振興課", "令和7年度", 2025, "資金調達支援件数", "件", 8, 2, 0.25, "D"],
        # TODAY is 2026-03-31: 令和8年度 has not begun; counted, never graded.
        ["湯沢市 産業振興課", "令和8年度", 2026, "延べ相談件数", "件", 12, 12, None, "年度開始前"],
        ["湯沢市商工会", "令和7年度", 2025, "支援事業者数", "者", 2, 1, 0.5, "C"],
    ]
    workbook = openpyxl.load_workbook(result.path)
    sheet = workbook["委託元の目標と実績"]
    assert [sheet.cell(row=2, column=c).number_format for c in (6, 7, 8)] == \
        ["#,##0", "#,##0", "0.0%"]


def test_each_actual_is_the_figure_the_sponsors_own_tables_print(
        with_targets: tuple[ReportFixture, ReportFixture], session: Session,
        tmp_path: Path) -> None:
    """One definition: the actual equals the cell of the table that counts the
    measure, in the export of that sponsor alone, for every measure."""
    checked = 0
    for fixture in with_targets:
        sponsor = fixture.sponsor
        result = export_figures(session=session, out=tmp_path / f"{sponsor.id}.xlsx",
                                sponsor_id=sponsor.id, fiscal_year=2025, today=TODAY)
        targets = _sheet(result.path, "委託元の目標と実績")[1:]
        assert {row[0] for row in targets} == {sponsor.name}  # only this sponsor's
        for row in targets:
            measure = SponsorMeasure(str(row[3]))
            table, column, row_filter = MEASURE_SOURCES[measure]
            sheet = _sheet(result.path, table)
            header = sheet[0]
            lines = [line for line in sheet[1:] if line[header.index("西暦")] == row[2]
                     and (row_filter is None or line[header.index(row_filter[0])] == row_filter[1])]
            assert len(lines) == 1, (measure, table)
            assert row[6] == lines[0][header.index(column)], measure
            checked += 1
    assert checked == 8
    # All sponsors at once: each sponsor's actual is still its own (みずほ only for 商工会).
    every = export_figures(session=session, out=tmp_path / "all.xlsx", fiscal_year=2025,
                           today=TODAY)
    shokokai = [row for row in _sheet(every.path, "委託元の目標と実績")[1:] if row[0] == "湯沢市商工会"]
    assert [row[5:7] for row in shokokai] == [[2, 1]]
    assert _sheet(every.path, "支援事業者数")[1][3] == 2  # both businesses, over both sponsors


def test_a_year_in_progress_is_never_graded(
        with_targets: tuple[ReportFixture, ReportFixture], session: Session) -> None:
    standings = sponsor_target_standings(session=session, fiscal_year=2025,
                                         today=date(2025, 12, 3))
    assert {(s.verdict, s.grade, s.percent) for s in standings} == {("年度途中(8か月)", "", None)}
    consultations = next(s for s in standings if s.measure == SponsorMeasure.CONSULTATIONS)
    assert consultations.actual == 12 and consultations.target == 15  # counted so far, shown
    standings = sponsor_target_standings(session=session, fiscal_year=2025,
                                         today=date(2025, 4, 10))
    assert {s.verdict for s in standings} == {"年度途中"}


def test_the_zip_holds_the_targets_table(
        with_targets: tuple[ReportFixture, ReportFixture], session: Session,
        tmp_path: Path) -> None:
    result = export_figures(session=session, out=tmp_path / "f.zip", fiscal_year=2025,
                            today=TODAY)
    with zipfile.ZipFile(result.path) as archive:
        raw = archive.read("08_委託元の目標と実績.csv")
    lines = raw.decode("utf-8-sig").split("\r\n")
    assert lines[0] == ",".join(TARGET_COLUMNS)
    assert lines[1] == "湯沢市 産業振興課,令和7年度,2025,延べ相談件数,件,15,12,0.8,B"
    assert lines[-2] == "湯沢市商工会,令和7年度,2025,支援事業者数,者,2,1,0.5,C"


def test_without_targets_the_table_has_only_its_header(
        two_sponsors: tuple[ReportFixture, ReportFixture], session: Session,
        tmp_path: Path) -> None:
    result = export_figures(session=session, out=tmp_path / "f.xlsx", today=TODAY)
    assert _sheet(result.path, "委託元の目標と実績") == [TARGET_COLUMNS]
