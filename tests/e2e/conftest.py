"""Demo data for the command-line tests: made once per test process, copied per test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from companion_testing.cli import companion


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo data folder; tests never write to it (they take ``demo_copy``)."""
    folder = tmp_path_factory.mktemp("demo-template") / "data"
    result = companion("demo", data_dir=folder)
    assert result.returncode == 0, result.stderr
    return folder


@pytest.fixture
def demo_copy(demo_template: Path, tmp_path: Path) -> Path:
    """This test's own copy of the demo data folder."""
    folder = tmp_path / "practice"
    shutil.copytree(demo_template, folder, ignore=shutil.ignore_patterns(".lock"))
    return folder


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test here starts the command line as a process (seconds each): all are
    ``slow``, left out of the quick loop (``-m "not slow"``) and run in full by CI."""
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.slow)
