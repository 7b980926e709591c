"""STYLE.md's layering where import-linter cannot see it.

Which layer may import which is a set of import-linter contracts (pyproject.toml
``[tool.importlinter]``, run by ``lint-imports`` in CI). Here: headless modules load no Qt
at run time, and the window holds no database session outside ui/ops.py and ui/tasks.py.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "companion"
def _modules() -> list[tuple[str, Path]]:
    found = []
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        relative = path.relative_to(PACKAGE.parent).with_suffix("")
        found.append((".".join(relative.parts), path))
    return found


@pytest.mark.parametrize("module", ["companion.cli", "companion.db.database",
                                    "companion.services.search", "companion.services.health"])
def test_headless_modules_do_not_load_qt(module: str) -> None:
    code = f"import sys, {module}; sys.exit(any(m.startswith('PySide6') for m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


# The window runs use cases only through companion/ui/ops.py (on the DbWorker of
# ui/tasks.py, whose internals open the sessions): no other window module holds a
# Session, imports the database libraries or the session plumbing, or defines a
# function that takes a session.
SESSION_HOLDERS = {"companion.ui.ops", "companion.ui.tasks"}
DATABASE_LIBRARIES = ("sqlmodel", "sqlalchemy")


def _ui_modules() -> list[tuple[str, Path]]:
    return [(module, path) for module, path in _modules()
            if module.startswith("companion.ui.") and module not in SESSION_HOLDERS]


def _session_uses(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [f"import {alias.name}" for alias in node.names
                      if alias.name.split(".")[0] in DATABASE_LIBRARIES]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = {alias.name for alias in node.names}
            if (node.module.split(".")[0] in DATABASE_LIBRARIES or "Session" in names
                    or node.module == "companion.services.session"):
                found.append(f"from {node.module} import {', '.join(sorted(names))}")
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            arguments = node.args
            names = {a.arg for a in arguments.args + arguments.kwonlyargs + arguments.posonlyargs}
            if "session" in names:
                found.append(f"a function taking session (line {node.lineno})")
    return found


@pytest.mark.parametrize(("module", "path"), _ui_modules(), ids=lambda value: str(value))
def test_the_window_holds_no_session_outside_ops_and_tasks(module: str, path: Path) -> None:
    assert _session_uses(path) == [], (
        f"{module}: run use cases through companion.ui.ops (services own the sessions)")


def test_the_session_check_sees_what_it_forbids(tmp_path: Path) -> None:
    sample = tmp_path / "view.py"
    sample.write_text("from sqlmodel import Session\n"
                      "def load(*, session: Session) -> None: ...\n", encoding="utf-8")
    assert _session_uses(sample) == ["from sqlmodel import Session",
                                     "a function taking session (line 2)"]
