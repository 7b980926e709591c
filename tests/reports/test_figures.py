"""The sponsor's figures as Excel and CSV, reopened and compared with the database."""

from __future__ import annotations

import csv
import uuid
from pathlib import Path

import openpyxl
import pytest
from companion_testing.report_factories import TODAY, ReportFixture, add_report_engagement
from sqlmodel import Session

from companion.db.database import Database
from companion.db.models import Sponsor
from companion.domain.enums import SponsorKind
from companion.errors import KnownError, NotFoundError
from companion.reports.figures import export_figures, find_sponsor_id
from companion.services.session import session_scope


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


def test_every_table_has_its_sheet(two_sponsors: tuple[ReportFixture, ReportFixture],
                                   session: Session, tmp_path: Path) -> None:
    result = export_figures(session=session, out=tmp_path / "figures.xlsx", fiscal_year=2025,
                            today=TODAY)
    assert result.tables == ("訪問件数", "支援時間", "フォローアップ", "KPI", "出力条件")
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
    assert sales[4:10] == [2025, 30_000_000, 32_000_000, 32_400_000, pytest.approx(1.0125), "A"]
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


def test_an_implausible_year_is_refused(two_sponsors: tuple[ReportFixture, ReportFixture],
                                        session: Session, tmp_path: Path) -> None:
    with pytest.raises(KnownError, match="年度の指定が正しくありません"):
        export_figures(session=session, out=tmp_path / "f.xlsx", fiscal_year=25)


def test_a_year_without_visits_warns(two_sponsors: tuple[ReportFixture, ReportFixture],
                                     session: Session, tmp_path: Path) -> None:
    result = export_figures(session=session, out=tmp_path / "f.xlsx", fiscal_year=2030)
    assert result.warnings == ("対象期間の訪問記録がありません。",)
    assert _sheet(result.path, "訪問件数")[1:] == [["合計", None, 0, 0, 0, 0, 0]]
