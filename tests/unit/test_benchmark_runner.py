"""benchmarks/run.py judges as issue 19 says: ratio and absolute together, growth against
1.3x (times the own size for what grows with it), a failed process as a failure."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


@pytest.fixture(scope="module")
def run() -> ModuleType:
    spec = importlib.util.spec_from_file_location("benchmark_run", BENCHMARKS / "run.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["benchmark_run"] = module
    spec.loader.exec_module(module)
    return module


def test_a_figure_meets_its_target_only_within_both_ratio_and_absolute(run: ModuleType) -> None:
    target = run.Target(absolute=1.0, ratio=1.5)
    assert target.met(0.70, 0.50) is True
    assert target.met(0.80, 0.50) is False  # 1.6x its floor, though under 1 s
    assert target.met(1.20, 1.00) is False  # 1.2x its floor, but over 1 s
    assert run.Target().met(5.0, 1.0) is None
    assert target.text("s") == "≤ 1.5x, ≤ 1.00 s"


def test_the_verdict_is_a_tick_or_cross_and_bracketed_when_not_judged(run: ModuleType) -> None:
    cli = run.Target(absolute=0.35, ratio=2.0)
    assert run.Figure("CLI search", 0.30, floor=0.20, target=cli).verdict() == "✓"
    assert run.Figure("CLI search", 0.45, floor=0.20, target=cli).verdict() == "✗"
    assert run.Figure("CLI search", 0.45, floor=0.20, target=cli, judged=False).verdict() == "(✗)"
    row = run.Figure("CLI search", 0.30, floor=0.20, target=cli).row()
    assert "1.50x" in row and "≤ 2x, ≤ 0.35 s" in row


def _point(run: ModuleType, visits: int, busiest: int, entries: int,
           seconds: dict[str, float]) -> tuple[object, object]:
    data = run.DataSet("x", Path("."), {}, visits=visits, busiest_visits=busiest,
                       register_entries=entries)
    measured = run.Measured()
    measured.times.update(seconds)
    return data, measured


def test_growth_allows_1_3x_and_the_own_size_only_where_it_grows(run: ModuleType) -> None:
    one = _point(run, 20_000, 500, 300, {"search": 0.20, "home": 0.80, "engagement": 0.02,
                                        "list engagements": 0.20, "report": 1.0, "bundle": 1.0})
    five = _point(run, 100_000, 500, 1_500, {"search": 0.30, "home": 1.00, "engagement": 0.02,
                                            "list engagements": 0.25, "report": 1.2,
                                            "bundle": 4.0})
    verdicts = {figure.name: figure.met for figure in run.growth_figures(one, five)}
    assert verdicts == {
        "growth 5x: CLI search": False,  # 1.5x
        "growth 5x: window with ホーム's data": True,  # 1.25x
        "growth 5x: open the busiest engagement": True,
        "growth 5x: CLI list engagements": True,
        "growth 5x: report of the busiest engagement": True,  # same 500 visits: 1.2x
        "growth 5x: review bundle": True,  # 4x for 5x the register's entries
    }


def test_a_failed_measurement_fails_the_growth(run: ModuleType) -> None:
    one = _point(run, 20_000, 500, 300, {"search": 0.2})
    five = _point(run, 100_000, 500, 1_500, {"search": 0.2})
    figures = {figure.name: figure for figure in run.growth_figures(one, five)}
    assert figures["growth 5x: CLI search"].met is True
    assert figures["growth 5x: review bundle"].met is False


def test_a_process_reports_its_trace_lines_and_a_failure_is_an_error(run: ModuleType) -> None:
    result = run.run_process([sys.executable, "-c", (
        "import sys, time; print('hits'); "
        "print(f'startup: painted {time.time():.6f}', file=sys.stderr)")], env={})
    assert result.stdout.strip() == "hits"
    assert 0 <= result.marks["painted"] <= result.seconds
    assert result.peak_mb > 1
    with pytest.raises(run.BenchmarkFailed, match="データフォルダ"):
        run.run_process([sys.executable, "-c",
                         "import sys; sys.exit('データフォルダが見つかりません')"], env={})


def test_the_growth_times_each_process_on_every_set_in_turn(
        run: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each set's process runs in that set's environment, taking turns with the same process
    on the other sets, and each figure is read as its own figure reads it."""
    log = tmp_path / "order.log"
    page = {"small": 0.01, "large": 0.02, "huge": 0.04}

    def command(key: str, data: object, _scratch: Path) -> list[str]:
        return [sys.executable, "-c", (
            "import json, os, sys, time; "
            f"open({str(log)!r}, 'a').write({key!r} + ' ' + os.environ['SET'] + '\\n'); "
            f"print(json.dumps({{'engagement_page': {page}[os.environ['SET']]}})); "
            "print(f'startup: ready {time.time():.6f}', file=sys.stderr)")]

    monkeypatch.setattr(run, "app_command", command)
    monkeypatch.setattr(run, "describe", lambda _data: None)
    sets = [run.DataSet(size, tmp_path, {"SET": size}) for size in page]
    timed = run.measure_growth(sets, 2, tmp_path)

    assert [data.size for data, _ in timed] == list(page)
    assert [measured.times["engagement"] for _, measured in timed] == list(page.values())
    assert all(0 < measured.times["home"] < 5 and 0 < measured.times["search"] < 5
               for _, measured in timed)
    lines = log.read_text().splitlines()
    keys = [key for key, *_ in run.GROWN]
    assert len(lines) == len(keys) * len(page) * 3  # one unmeasured run, then 2 measured
    assert lines[:3] == [f"{keys[0]} {size}" for size in page]  # each process on every set in turn
    first_round = lines[len(keys) * 3:len(keys) * 6]
    second_round = lines[len(keys) * 6:]
    assert first_round[:3] == [f"{keys[0]} {size}" for size in page]
    assert second_round[:3] == [f"{keys[0]} {size}" for size in ("large", "huge", "small")]
    assert all(len(measured.rounds["search"]) == 2 for _, measured in timed)


def test_the_growth_is_the_median_of_each_rounds_ratio(run: ModuleType) -> None:
    """A slow spell of the machine slows a round on both sets; one slow run on the big set
    alone is an outlier: neither is growth. The ratio of the medians would read 2.4x."""
    one = _point(run, 20_000, 500, 300, {})
    five = _point(run, 100_000, 500, 1_500, {})
    one[1].rounds["search"] = [0.10, 0.20, 0.10]
    five[1].rounds["search"] = [0.12, 0.24, 0.24]
    for measured in (one[1], five[1]):
        measured.times["search"] = sorted(measured.rounds["search"])[1]
    figures = {figure.name: figure for figure in run.growth_figures(one, five)}
    assert figures["growth 5x: CLI search"].value == pytest.approx(1.2)
    assert figures["growth 5x: CLI search"].met is True
