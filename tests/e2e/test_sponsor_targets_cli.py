"""`companion sponsor-target` as a user runs it, on the demo data: targets are set,
refused with a clear message, listed against actuals that are checked here,
independently, against `companion list visits --json`, and exported with the figures."""

from __future__ import annotations

import json
import zipfile
from datetime import date, datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from companion_testing.cli import companion

JAPAN = timezone(timedelta(hours=9))
SPONSOR = "もがみ-Biz"


def _fiscal_year(day: date) -> int:
    return day.year if day.month >= 4 else day.year - 1


def _listed(data: Path, *extra: str) -> list[dict[str, Any]]:
    result = companion("sponsor-target", "list", "--json", *extra, data_dir=data)
    assert result.returncode == 0, result.stderr
    rows: list[dict[str, Any]] = json.loads(result.stdout)
    return rows


def _consultations(data: Path, sponsor: str, fiscal_year: int) -> int:
    """Saved visits of the sponsor's engagements in the year, counted from the lists."""
    engagements = json.loads(companion("list", "engagements", "--json", data_dir=data).stdout)
    ids = {e["id"] for e in engagements if e["sponsor_name"] == sponsor}
    assert ids
    visits = json.loads(companion("list", "visits", "--json", data_dir=data).stdout)
    return sum(1 for v in visits if v["engagement_id"] in ids and _fiscal_year(
        datetime.fromisoformat(v["started_at"]).astimezone(JAPAN).date()) == fiscal_year)


def test_set_list_and_export_the_sponsors_targets(demo_copy: Path, tmp_path: Path) -> None:
    this_year = _fiscal_year(datetime.now(JAPAN).date())
    last_year = this_year - 1
    actual = _consultations(demo_copy, SPONSOR, last_year)
    assert actual > 0  # the demo supports businesses for もがみ-Biz every year
    target = max(1, actual + 3)
    result = companion("sponsor-target", "set", "--sponsor", SPONSOR, "--fiscal-year",
                       str(last_year), "--measure", "consultations", "--target", str(target),
                       data_dir=demo_copy)
    assert result.returncode == 0, result.stderr
    assert "委託元の目標を保存しました" in result.stdout
    result = companion("sponsor-target", "set", "--sponsor", SPONSOR, "--fiscal-year",
                       str(this_year), "--measure", "支援事業者数", "--target", "1,200",
                       data_dir=demo_copy)
    assert result.returncode == 0, result.stderr

    rows = _listed(demo_copy)
    assert [(r["sponsor"], r["fiscal_year"], r["measure"], r["target"]) for r in rows] == [
        (SPONSOR, last_year, "CONSULTATIONS", target), (SPONSOR, this_year, "BUSINESSES", 1200)]
    past, current = rows
    assert past["actual"] == actual  # the figures count what the visit list shows
    percent = (Decimal(actual) * 100 / Decimal(target)).quantize(Decimal("0.1"), ROUND_HALF_UP)
    assert past["percent"] == float(percent) and past["final"] is True
    expected = "A" if percent >= 100 else "B" if percent >= 80 else "C" if percent >= 30 else "D"
    assert past["grade"] == expected
    # The year under way is counted so far and never graded.
    assert current["grade"] is None and current["percent"] is None
    assert current["note"].startswith("年度途中")

    table = companion("sponsor-target", "list", "--sponsor", SPONSOR, data_dir=demo_copy)
    assert table.returncode == 0, table.stderr
    first = table.stdout.splitlines()[0].split("\t")
    assert first[:4] == [SPONSOR, rows[0]["fiscal_year_label"], "延べ相談件数", f"{target:,}件"]
    assert first[-1] == expected

    out = tmp_path / "集計.zip"
    exported = companion("export-figures", "--out", str(out), "--sponsor", SPONSOR,
                         data_dir=demo_copy)
    assert exported.returncode == 0, exported.stderr
    with zipfile.ZipFile(out) as archive:
        name = next(n for n in archive.namelist() if n.endswith("_委託元の目標と実績.csv"))
        lines = archive.read(name).decode("utf-8-sig").splitlines()
    assert lines[1].split(",")[2:8] == [str(last_year), "延べ相談件数", "件", str(target),
                                        str(actual), str(float(percent) / 100)]

    cleared = companion("sponsor-target", "set", "--sponsor", SPONSOR, "--fiscal-year",
                        str(this_year), "--measure", "BUSINESSES", "--clear", data_dir=demo_copy)
    assert cleared.returncode == 0, cleared.stderr
    assert "委託元の目標を削除しました" in cleared.stdout
    assert [r["measure"] for r in _listed(demo_copy)] == ["CONSULTATIONS"]


def test_bad_targets_are_refused_in_japanese_and_change_nothing(demo_copy: Path) -> None:
    base = ("sponsor-target", "set", "--sponsor", SPONSOR, "--fiscal-year", "2025")
    cases = [
        (("--measure", "CONSULTATIONS", "--target", "0"),
         "令和7年度の「延べ相談件数」の目標は 1〜999,999 の整数で入力してください: 0"),
        (("--measure", "CONSULTATIONS", "--target", "1000000"), "1〜999,999 の整数"),
        (("--measure", "CONSULTATIONS", "--target", "十件"), "目標は整数で指定してください: 十件"),
        (("--measure", "相談件数", "--target", "10"), "指標が正しくありません: 相談件数"),
    ]
    for extra, message in cases:
        result = companion(*base, *extra, data_dir=demo_copy)
        assert result.returncode == 2, (extra, result.stdout)
        assert message in result.stderr, result.stderr
    unknown = companion("sponsor-target", "set", "--sponsor", "存在しない市役所", "--fiscal-year",
                        "2025", "--measure", "CONSULTATIONS", "--target", "10",
                        data_dir=demo_copy)
    assert unknown.returncode == 2 and "委託元が見つかりません: 存在しない市役所" in unknown.stderr
    assert _listed(demo_copy) == []
    empty = companion("sponsor-target", "list", data_dir=demo_copy)
    assert "委託元の目標はまだ設定されていません" in empty.stdout
