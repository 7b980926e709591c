"""`companion report` and `companion export-figures` as a user runs them."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import uuid
from datetime import date, datetime
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
from docx.enum.shape import WD_INLINE_SHAPE

from companion.domain.calendar import JST

PASSPHRASE = "ゆざわの川沿いで朝を待つ"

pytestmark = pytest.mark.slow


def companion(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "companion", *args, "--data-dir", str(data_dir)]
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
                   "COMPANION_PASSPHRASE": PASSPHRASE}
    return subprocess.run(command, capture_output=True, text=True, timeout=180,
                          env=environment, stdin=subprocess.DEVNULL, check=False)


def _one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("report-demo") / "data"
    result = companion("demo", data_dir=folder)
    assert result.returncode == 0, result.stderr
    return folder


@pytest.fixture(scope="module")
def busiest(demo_dir: Path) -> dict[str, Any]:
    engagements = json.loads(companion("list", "engagements", "--json", data_dir=demo_dir).stdout)
    engagement: dict[str, Any] = max(engagements, key=lambda e: e["visit_count"])
    return engagement


def _first_fiscal_year(engagement: dict[str, Any]) -> int:
    start = date.fromisoformat(engagement["start_on"])
    return start.year if start.month >= 4 else start.year - 1


def test_report_of_one_fiscal_year(demo_dir: Path, busiest: dict[str, Any],
                                   tmp_path: Path) -> None:
    year = _first_fiscal_year(busiest)
    out = tmp_path / "実施報告書.docx"
    result = companion("report", busiest["id"], "--out", str(out), "--fiscal-year", str(year),
                       "--practitioner", "佐藤 美咲(中小企業診断士)", data_dir=demo_dir)
    assert result.returncode == 0, result.stderr
    assert str(out) in result.stdout
    document = docx.Document(str(out))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    for expected in ("1 支援の概要", "2 行動計画の進捗", "3 指標（KPI）の目標と実績",
                     "4 支援の記録", "5 利益相反の開示"):
        assert expected in headings
    visits = json.loads(companion("list", "visits", "--engagement", busiest["id"], "--json",
                                  data_dir=demo_dir).stdout)
    first, last = date(year, 4, 1), date(year + 1, 3, 31)
    in_year = [v for v in visits
               if first <= datetime.fromisoformat(v["started_at"]).astimezone(JST).date() <= last]
    log = next(t for t in document.tables if t.rows[0].cells[0].text == "日時・形態")
    assert len(log.rows) - 1 == len(in_year)
    texts = "\n".join(p.text for p in document.paragraphs)
    assert busiest["client_name"] in "\n".join(c.text for t in document.tables
                                               for r in t.rows for c in r.cells)
    assert "令和" in texts
    # Each indicator is a native Word chart, nothing else is drawn.
    assert all(shape.type == WD_INLINE_SHAPE.CHART for shape in document.inline_shapes)


def test_report_in_western_dates_over_the_whole_engagement(
        demo_dir: Path, busiest: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "report.docx"
    result = companion("report", busiest["id"], "--out", str(out), "--seireki",
                       data_dir=demo_dir)
    assert result.returncode == 0, result.stderr
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "令和" not in text and "年度" in text


def _cover(document: Any) -> dict[str, str]:
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "委託元")
    return {row.cells[0].text: row.cells[1].text for row in table.rows}


def test_reporter_and_calendar_come_from_the_settings_and_options_override_them(
        demo_copy: Path, tmp_path: Path) -> None:
    from companion.paths import DataPaths
    from companion.settings import Settings

    engagements = json.loads(companion("list", "engagements", "--json",
                                       data_dir=demo_copy).stdout)
    busiest = max(engagements, key=lambda e: e["visit_count"])
    settings = Settings(DataPaths(demo_copy).settings_file)
    settings.set("practitioner_name", "佐藤 美咲")
    settings.set("organisation", "ゆざわ-Biz")
    settings.set("qualifications", "中小企業診断士")
    settings.set("wareki", False)
    out = tmp_path / "settings.docx"
    result = companion("report", busiest["id"], "--out", str(out), "--date", "2025-06-30",
                       data_dir=demo_copy)
    assert result.returncode == 0, result.stderr
    cover = _cover(docx.Document(str(out)))
    assert cover["報告者"] == "中小企業診断士 佐藤 美咲（ゆざわ-Biz）"
    assert cover["作成日"] == "2025年6月30日"  # 西暦, as set
    overridden = tmp_path / "options.docx"
    result = companion("report", busiest["id"], "--out", str(overridden), "--wareki",
                       "--organisation", "湯沢市商工会", "--date", "2025-06-30", "--full",
                       data_dir=demo_copy)
    assert result.returncode == 0, result.stderr
    document = docx.Document(str(overridden))
    cover = _cover(document)
    assert cover["報告者"] == "中小企業診断士 佐藤 美咲（湯沢市商工会）"
    assert cover["作成日"] == "令和7年6月30日"
    notes = [p.text for p in document.paragraphs if "要点・次のアクション" in p.text]
    assert notes and all("全文" in n for n in notes)


def test_a_bad_report_date_is_one_clear_line(demo_dir: Path, busiest: dict[str, Any],
                                              tmp_path: Path) -> None:
    out = tmp_path / "r.docx"
    result = companion("report", busiest["id"], "--out", str(out), "--date", "2025/06/31",
                       data_dir=demo_dir)
    assert result.returncode == 2 and "YYYY-MM-DD" in result.stderr
    assert not out.exists()


@pytest.mark.parametrize("case", ["unknown", "malformed", "folder", "template", "year"])
def test_bad_input_is_one_clear_line_and_no_file(demo_dir: Path, busiest: dict[str, Any],
                                                tmp_path: Path, case: str) -> None:
    out = tmp_path / "out" / "report.docx"
    out.parent.mkdir()
    engagement = busiest["id"]
    extra: list[str] = []
    if case == "unknown":
        engagement = str(uuid.uuid4())
    elif case == "malformed":
        engagement = "abc"
    elif case == "folder":
        out = tmp_path / "missing" / "report.docx"
    elif case == "template":
        template = tmp_path / "様式.docx"
        template.write_text("これは Word 文書ではない", encoding="utf-8")
        extra = ["--template", str(template)]
    else:
        extra = ["--fiscal-year", str(_first_fiscal_year(busiest) - 3)]
    line = _one_line_error(companion("report", engagement, "--out", str(out), *extra,
                                     data_dir=demo_dir))
    expected = {"unknown": "案件が見つかりません", "malformed": "案件IDの形式",
                "folder": "保存先のフォルダがありません", "template": "Word 文書",
                "year": "期間外"}[case]
    assert expected in line
    assert not out.exists()
    if out.parent.exists():
        assert list(out.parent.iterdir()) == []


def test_figures_as_excel_and_csv(demo_dir: Path, busiest: dict[str, Any],
                                  tmp_path: Path) -> None:
    year = _first_fiscal_year(busiest)
    xlsx = tmp_path / "figures.xlsx"
    result = companion("export-figures", "--out", str(xlsx), "--fiscal-year", str(year),
                       data_dir=demo_dir)
    assert result.returncode == 0, result.stderr
    workbook = openpyxl.load_workbook(xlsx)
    assert workbook.sheetnames[0] == "支援事業者数"
    assert {"訪問件数", "支援時間", "フォローアップ", "KPI", "出力条件"} <= set(workbook.sheetnames)
    rows = list(workbook["訪問件数"].iter_rows(values_only=True))
    assert rows[0][:2] == ("事業者", "委託元") and rows[-1][0] == "合計"
    assert rows[-1][-1] == sum(row[-1] for row in rows[1:-1])

    csv_path = tmp_path / "figures.csv"
    result = companion("export-figures", "--out", str(csv_path), "--fiscal-year", str(year),
                       data_dir=demo_dir)
    assert result.returncode == 0, result.stderr
    raw = csv_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert [tuple(row) for row in table][-1][-1] == str(rows[-1][-1])


def test_figures_of_an_unknown_sponsor(demo_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "figures.xlsx"
    line = _one_line_error(companion("export-figures", "--out", str(out), "--sponsor",
                                     "存在しない委託元", data_dir=demo_dir))
    assert "委託元が見つかりません" in line
    assert not out.exists()
