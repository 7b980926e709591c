"""`companion list plan ID` and `companion list kpis ID` as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from companion_testing.cli import companion

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    folder = tmp_path_factory.mktemp("plan-demo") / "data"
    result = companion("demo", data_dir=folder)
    assert result.returncode == 0, result.stderr
    engagements = json.loads(companion("list", "engagements", "--json", data_dir=folder).stdout)
    busiest = max(engagements, key=lambda e: e["visit_count"])
    return folder, busiest


def test_the_plan_lists_goals_milestones_and_actions_with_rolled_up_progress(
        demo: tuple[Path, dict[str, object]]) -> None:
    folder, engagement = demo
    result = companion("list", "plan", str(engagement["id"]), "--json", data_dir=folder)
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert rows
    assert {row["level"] for row in rows} == {"目標", "マイルストーン", "アクション"}
    by_id = {row["id"]: row for row in rows}
    for row in rows:
        expected_depth = {"目標": 0, "マイルストーン": 1, "アクション": 2}[row["level"]]
        assert row["depth"] == expected_depth
        if row["parent_id"]:
            assert by_id[row["parent_id"]]["fiscal_year"] == row["fiscal_year"]
        assert row["fiscal_year_label"].startswith("令和") and row["fiscal_year_label"].endswith("年度")
        assert 0 <= row["progress"] <= 100
    goal = next(row for row in rows if row["level"] == "目標")
    actions = [r for r in rows if r["level"] == "アクション"
               and by_id[r["parent_id"]]["parent_id"] == goal["id"] and r["status"] != "中止"]
    assert goal["progress"] == round(sum(a["progress"] for a in actions) / len(actions))

    text = companion("list", "plan", str(engagement["id"]), data_dir=folder)
    assert text.returncode == 0
    first = text.stdout.splitlines()[0].split("\t")
    assert first[0].startswith("令和") and first[1] == "目標" and first[-1].endswith("%")


def test_the_kpis_list_targets_and_actuals_per_fiscal_year(
        demo: tuple[Path, dict[str, object]]) -> None:
    folder, engagement = demo
    result = companion("list", "kpis", str(engagement["id"]), "--json", data_dir=folder)
    assert result.returncode == 0, result.stderr
    kpis = json.loads(result.stdout)
    names = [k["name"] for k in kpis]
    assert "売上高" in names
    sales = kpis[names.index("売上高")]
    assert sales["unit"] and sales["direction"] == "高いほど良い"
    assert any(y["target"] is not None for y in sales["years"])
    recorded = [y for y in sales["years"] if y["actual"] is not None]
    assert recorded and all(y["basis"] for y in recorded)
    assert len(sales["actuals"]) >= 1
    assert sales["actuals"][0]["granularity"] in ("月", "四半期", "年度")


def test_a_missing_or_unknown_engagement_is_one_clear_line(
        demo: tuple[Path, dict[str, object]]) -> None:
    folder, _engagement = demo
    missing = companion("list", "plan", data_dir=folder)
    assert missing.returncode == 2
    assert "案件IDを指定してください: companion list plan ENGAGEMENT" in missing.stderr
    unknown = companion("list", "kpis", "00000000-0000-4000-8000-000000000000", data_dir=folder)
    assert unknown.returncode == 2
    assert "案件が見つかりません" in unknown.stderr
    assert len(unknown.stderr.strip().splitlines()) == 1
    bad = companion("list", "plan", "やまなか", data_dir=folder)
    assert bad.returncode == 2 and "案件IDの形式が正しくありません" in bad.stderr
