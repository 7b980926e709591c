"""benchmarks/import_budget.py: the command line's read commands stay within their budget
of imported modules and import nothing of the full path, the window or the documents."""

from __future__ import annotations

import importlib.util
import sys
from datetime import datetime, time, timedelta
from pathlib import Path
from types import ModuleType

import pytest
from companion_testing.clocks import register_clock_ticking
from companion_testing.demo_folders import DEMO_DAY, DemoFolders

from companion.domain.calendar import JST
from companion.paths import DataPaths
from companion.services.review_bundle import export_review_bundle
from companion.services.session import session_scope
from companion.services.storage import open_data_folder

PASSPHRASE = "かまくらの灯りで帳簿をつける"
BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


@pytest.fixture(scope="module")
def import_budget() -> ModuleType:
    spec = importlib.util.spec_from_file_location("import_budget",
                                                  BENCHMARKS / "import_budget.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["import_budget"] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_the_read_commands_stay_within_their_import_budgets(
        import_budget: ModuleType, data_paths: DataPaths, demo_folders: DemoFolders,
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    demo_folders.copy_to(data_paths, passphrase=PASSPHRASE, today=DEMO_DAY)
    opened = open_data_folder(data_paths, ask=lambda _purpose: PASSPHRASE)
    bundle = tmp_path / "レビュー用.zip"
    with register_clock_ticking(datetime.combine(DEMO_DAY, time(19, 0), JST),
                                timedelta(minutes=1)), session_scope(opened.db) as session:
        export_review_bundle(session=session, out=bundle, practitioner="佐藤 みのり",
                             today=DEMO_DAY)
    opened.db.close()
    # As on a desktop: the key in a keyring (the benchmarks' file-backed stand-in), put
    # there by the script's first, uncounted run with the passphrase.
    monkeypatch.setenv("PYTHONPATH", str(BENCHMARKS))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "bench_keyring.BenchmarkKeyring")
    monkeypatch.setenv("COMPANION_BENCH_KEYRING", str(tmp_path / "keyring.json"))
    monkeypatch.setenv("COMPANION_PASSPHRASE", PASSPHRASE)

    assert import_budget.main(["--data-dir", str(data_paths.root), "--bundle", str(bundle)]) == 0
    shown = capsys.readouterr().out
    for name in import_budget.BUDGETS:
        assert f"{name} " in shown and "NG" not in shown


def test_a_command_over_budget_or_on_the_full_path_is_named(import_budget: ModuleType) -> None:
    modules = [(f"module{i}", 10) for i in range(import_budget.BUDGETS["search"])]
    within = import_budget.Counted("search", ["companion", "search"], modules=modules)
    assert within.problems() == []
    over = import_budget.Counted("search", ["companion", "search"],
                                 modules=[*modules, ("json.scanner", 5)])
    assert over.problems() == [f"{len(modules) + 1} modules imported, budget {len(modules)}"]
    full = import_budget.Counted("list kpis", ["companion", "list", "kpis"],
                                 modules=[("sqlalchemy.engine", 400_000), ("PySide6", 9)])
    [problem] = full.problems()
    assert problem.startswith("imports PySide6, sqlalchemy.engine")
    failed = import_budget.Counted("verify", ["companion", "verify"], exit_code=2,
                                   error="companion: エラー: ファイルがありません")
    assert failed.problems()[0].startswith("exit status 2: companion: エラー")
