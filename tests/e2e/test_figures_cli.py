"""`companion export-figures` and `companion ledger` as a user runs them, on the demo
data: the sponsor's yearly figures are checked against counts made here, independently,
from `companion list visits --json`."""

from __future__ import annotations

import json
import zipfile
from collections import Counter, defaultdict
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import openpyxl
from companion_testing.cli import companion
from docx import Document

JAPAN = timezone(timedelta(hours=9))


def _fiscal_year(started_at: str) -> int:
    day = datetime.fromisoformat(started_at).astimezone(JAPAN).date()
    return day.year if day.month >= 4 else day.year - 1


def _visits(data: Path) -> list[dict[str, Any]]:
    result = companion("list", "visits", "--json", data_dir=data)
    assert result.returncode == 0, result.stderr
    visits: list[dict[str, Any]] = json.loads(result.stdout)
    assert visits
    return visits


def _rows(workbook: Any, name: str) -> dict[int, list[Any]]:
    """A yearly sheet's rows by 西暦 (several rows a year: the last one wins)."""
    return {row[1]: list(row) for row in workbook[name].iter_rows(min_row=2, values_only=True)}


def test_the_yearly_figures_match_the_visits_listed(demo_copy: Path, tmp_path: Path) -> None:
    visits = _visits(demo_copy)
    by_year: dict[int, list[dict[str, Any]]] = defaultdict(list)
    first_year: dict[str, int] = {}
    for visit in visits:
        year = _fiscal_year(visit["started_at"])
        by_year[year].append(visit)
        client = visit["client_name"]
        first_year[client] = min(first_year.get(client, year), year)

    out = tmp_path / "集計.xlsx"
    result = companion("export-figures", "--out", str(out), data_dir=demo_copy)
    assert result.returncode == 0, result.stderr
    workbook = openpyxl.load_workbook(out)
    businesses = _rows(workbook, "支援事業者数")
    modes = _rows(workbook, "方式別")
    supports = _rows(workbook, "計画策定・重点支援")
    topics: dict[tuple[int, str], list[Any]] = {
        (row[1], row[2]): list(row[3:])
        for row in workbook["相談内容別"].iter_rows(min_row=2, values_only=True)}
    industries: Counter[int] = Counter()
    for row in workbook["業種別"].iter_rows(min_row=2, values_only=True):
        industries[row[1]] += row[3]
    assert set(by_year) <= set(businesses)
    for year, listed in by_year.items():
        clients = {v["client_name"] for v in listed}
        new = {c for c in clients if first_year[c] == year}
        assert businesses[year][:6] == [businesses[year][0], year, len(listed), len(clients),
                                        len(new), len(clients) - len(new)], year
        assert businesses[year][0].endswith("年度") and businesses[year][0].startswith(("令和", "平成"))
        mode_counts = Counter(v["mode"] for v in listed)
        assert modes[year][2:] == [mode_counts["訪問"], mode_counts["来所"],
                                   mode_counts["オンライン"], mode_counts["電話"], len(listed)]
        assert industries[year] == len(listed)  # every visit counted under one 業種
        for topic, word in (("補助金申請", "補助金"), ("資金調達", "資金"), ("事業承継", "承継")):
            about = [v for v in listed if word in v["purpose"]]
            expected = [len(about), len({v["client_name"] for v in about})]
            assert topics[(year, topic)] == expected, (year, topic)
            column = 3 + 2 * ("創業", "事業承継", "補助金申請", "資金調達").index(topic)
            assert supports[year][column:column + 2] == expected, (year, topic)
    for year in set(businesses) - set(by_year):  # a year of the engagements without visits
        assert businesses[year][2:6] == [0, 0, 0, 0]

    # One sponsor: only its engagements' visits.
    engagement_id = visits[0]["engagement_id"]
    engagements = json.loads(companion("list", "engagements", "--json",
                                       data_dir=demo_copy).stdout)
    name = next(e["sponsor_name"] for e in engagements if e["id"] == engagement_id)
    theirs = {e["id"] for e in engagements if e["sponsor_name"] == name}
    year = _fiscal_year(visits[0]["started_at"])
    out = tmp_path / "one.zip"
    result = companion("export-figures", "--out", str(out), "--sponsor", name,
                       "--fiscal-year", str(year), data_dir=demo_copy)
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(out) as archive:
        raw = archive.read("01_支援事業者数.csv")
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    line = raw.decode("utf-8-sig").splitlines()[1].split(",")
    counted = [v for v in by_year[year] if v["engagement_id"] in theirs]
    assert line[1:4] == [str(year), str(len(counted)),
                         str(len({v["client_name"] for v in counted}))]


def test_the_ledger_as_word_and_excel_from_the_command_line(demo_copy: Path,
                                                            tmp_path: Path) -> None:
    out = tmp_path / "実務従事.docx"
    result = companion("ledger", "--out", str(out), data_dir=demo_copy)
    assert result.returncode == 0, result.stderr
    assert "活動日数台帳を書き出しました" in result.stdout
    assert "30ポイントに対し" in result.stdout
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "5年間のポイントと更新の見通し" in text and "証明欄" in text
    for line in result.stdout.splitlines():
        for cell in line.split("\t"):
            if cell.endswith("時間"):  # 15.6時間: one decimal at most
                assert len(cell.removesuffix("時間").partition(".")[2]) <= 1, cell

    xlsx = tmp_path / "実務従事.xlsx"
    result = companion("ledger", "--out", str(xlsx), "--years", "3", data_dir=demo_copy)
    assert result.returncode == 0, result.stderr
    view = list(openpyxl.load_workbook(xlsx)["3年間の見通し"].iter_rows(values_only=True))
    assert [row[0] for row in view[1:5]][-1] == "合計" and len(view[1:4]) == 3

    bad = companion("ledger", "--out", str(tmp_path / "x.docx"), "--years", "0",
                    data_dir=demo_copy)
    assert bad.returncode == 2 and "1〜10 の整数" in bad.stderr
    assert not (tmp_path / "x.docx").exists()
