"""The benchmarks' floors (benchmarks/floor_cli.py) answer what Companion answers.

A floor is only a floor if it does the same work: the same rows from the same SQL. When
a query of the app changes (search, the lists, ホーム), these fail until the floor's copy
of the SQL follows, so a ratio in benchmarks/run.py never compares unlike work."""

from __future__ import annotations

import importlib.util
import json
import sys
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest
from companion_testing.demo_folders import DEMO_DAY, DemoFolders

from companion.cli import main as cli_main
from companion.paths import DataPaths
from companion.services.home import home_summary
from companion.services.search import search
from companion.services.session import session_scope
from companion.services.storage import open_data_folder

pytestmark = pytest.mark.slow

PASSPHRASE = "川沿いの町で店を継ぐ"
BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


@pytest.fixture(scope="module")
def floor_cli() -> ModuleType:
    spec = importlib.util.spec_from_file_location("floor_cli", BENCHMARKS / "floor_cli.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["floor_cli"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def opened(data_paths: DataPaths, demo_folders: DemoFolders) -> Iterator[object]:
    """The small demo folder, opened once with the passphrase: from then on the (test's
    in-memory) keyring has the key, where the floors get it as the app does."""
    demo_folders.copy_to(data_paths, passphrase=PASSPHRASE, today=DEMO_DAY)
    db = open_data_folder(data_paths, ask=lambda _purpose: PASSPHRASE).db
    yield db
    db.close()


@pytest.mark.parametrize("query", ["販路", "補助金", "ふるさと納税"])
def test_search_floor_finds_what_companion_finds(floor_cli: ModuleType, opened: object,
                                                 data_paths: DataPaths, query: str) -> None:
    with session_scope(opened, write=False) as session:  # type: ignore[arg-type]
        hits = [(hit.kind, hit.ref_id.hex) for hit in search(session=session, query=query)]
    rows = floor_cli.search(data_paths.root, query)
    assert hits, f"the demo data should have hits for {query}"
    assert [(row[0], row[1]) for row in rows] == hits


def _cli_json(args: list[str], data_paths: DataPaths, capsys: pytest.CaptureFixture[str]
              ) -> list[dict[str, object]]:
    capsys.readouterr()
    assert cli_main([*args, "--json", "--data-dir", str(data_paths.root)]) == 0
    result: list[dict[str, object]] = json.loads(capsys.readouterr().out)
    return result


def test_list_floors_list_what_companion_lists(floor_cli: ModuleType, opened: object,
                                               data_paths: DataPaths,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    engagements = _cli_json(["list", "engagements"], data_paths, capsys)
    rows = floor_cli.connect(data_paths.root).execute(floor_cli.LIST_ENGAGEMENTS_SQL).fetchall()
    assert [row[0] for row in rows] == [str(e["id"]).replace("-", "") for e in engagements]
    assert [row[-2] for row in rows] == [e["visit_count"] or None for e in engagements]

    visits = _cli_json(["list", "visits", "--limit", "100"], data_paths, capsys)
    rows = floor_cli.connect(data_paths.root).execute(floor_cli.LIST_VISITS_SQL).fetchall()
    assert len(rows) == 101 and len(visits) == floor_cli.VISITS_SHOWN == 100
    assert [row[0] for row in rows[:100]] == [str(v["id"]).replace("-", "") for v in visits]


@pytest.mark.parametrize("today", [DEMO_DAY, date(2027, 1, 15)])
def test_home_floor_shows_what_home_shows(floor_cli: ModuleType, opened: object,
                                          data_paths: DataPaths, today: date) -> None:
    with session_scope(opened, write=False) as session:  # type: ignore[arg-type]
        summary = home_summary(session=session, today=today)
    home = floor_cli.home_queries(data_paths.root, today)
    assert (home.active, home.engagements, home.visits_this_year, home.visits) == (
        summary.active_engagements, summary.engagements_total,
        summary.visits_this_fiscal_year, summary.visits_total)
    assert (home.due_soon_count, home.overdue_count, home.long_overdue_count) == (
        summary.due_soon_count, summary.overdue_count, summary.long_overdue_count)
    assert [row[4] or row[0] for row in home.due_soon] == [f.ref_id.hex for f in summary.due_soon]
    assert [row[4] or row[0] for row in home.overdue] == [f.ref_id.hex for f in summary.overdue]
    assert [row[0] for row in home.quiet] == [q.engagement_id.hex for q in summary.quiet]
    assert summary.overdue_count and summary.visits_total  # the demo has work to show


def test_verify_floor_checks_a_bundle(floor_cli: ModuleType, opened: object,
                                      data_paths: DataPaths, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    bundle = tmp_path / "bundle.zip"
    assert cli_main(["review-export", "--out", str(bundle),
                     "--data-dir", str(data_paths.root)]) == 0
    assert floor_cli.verify(bundle) == []
    import zipfile

    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(bundle) as source, zipfile.ZipFile(tampered, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            target.writestr(name, data + b"\n" if name == "register.json" else data)
    assert floor_cli.verify(tampered) == ["register.json"]


def test_report_floor_writes_the_visits_the_report_lists(floor_cli: ModuleType, opened: object,
                                                         data_paths: DataPaths,
                                                         tmp_path: Path) -> None:
    import docx

    from companion.reports.builder import build_report

    with session_scope(opened, write=False) as session:  # type: ignore[arg-type]
        engagement = max(_engagements(session), key=lambda pair: pair[1])[0]
        report = build_report(session=session, engagement_id=engagement, today=DEMO_DAY)
    out = tmp_path / "floor.docx"
    written = floor_cli.report(data_paths.root, str(engagement), out)
    assert written == len(report.visits) > 10
    tables = docx.Document(str(out)).tables
    assert len(tables[-1].rows) == written + 1  # the heading row and one row a visit


def _engagements(session: object) -> list[tuple[uuid.UUID, int]]:
    from sqlalchemy import text

    rows = session.execute(text(  # type: ignore[attr-defined]
        "SELECT engagement_id, count(*) FROM visit WHERE is_draft IS 0 GROUP BY engagement_id"))
    return [(uuid.UUID(engagement), count) for engagement, count in rows]


def test_the_recorded_sql_floor_runs_what_list_disclosures_json_runs(
        floor_cli: ModuleType, opened: object, data_paths: DataPaths, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    spec = importlib.util.spec_from_file_location("sql_trace", BENCHMARKS / "sql_trace.py")
    assert spec is not None and spec.loader is not None
    sql_trace = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(sql_trace)
    statements = tmp_path / "statements.json"
    count = sql_trace.record_disclosure_listing(data_paths.root, statements, DEMO_DAY)
    listing = json.loads(_cli_text(["list", "disclosures", "--json"], data_paths, capsys))
    capsys.readouterr()
    assert floor_cli.main(["sql", str(data_paths.root), str(statements)]) == 0
    results = json.loads(capsys.readouterr().out)
    assert len(results) == count >= 5  # register, facts, engagements, mentions, dispositions
    register = next(rows for rows in results
                    if rows and len(rows) == len(listing["disclosures"]))
    assert register and listing["red_flags"]  # the demo's register has flags to list


def _cli_text(args: list[str], data_paths: DataPaths, capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    assert cli_main([*args, "--data-dir", str(data_paths.root)]) == 0
    return capsys.readouterr().out
