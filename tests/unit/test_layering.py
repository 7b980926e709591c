"""STYLE.md's layering, enforced: what may import what."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "companion"
BASICS = {"companion", "companion.errors", "companion.paths", "companion.atomic",
          "companion.folder_lock",
          "companion.settings", "companion.i18n", "companion.cli_messages_en"}

# layer -> companion layers it may import (besides itself and BASICS)
ALLOWED = {
    "domain": set(),
    "db": {"domain"},
    "keystore": set(),
    "security": {"keystore", "domain"},
    "services": {"db", "domain", "keystore", "security", "review"},
    "review": {"domain", "keystore", "security"},
    "reports": {"db", "domain", "keystore", "services"},
    "ui": {"services", "reports", "review", "domain", "keystore", "security"},
    "cli": {"services", "reports", "review", "domain", "db", "keystore", "security", "app",
            "passphrase_prompt"},
}


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def _modules() -> list[tuple[str, Path]]:
    found = []
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        relative = path.relative_to(PACKAGE.parent).with_suffix("")
        found.append((".".join(relative.parts), path))
    return found


@pytest.mark.parametrize(("module", "path"), _modules(), ids=lambda value: str(value))
def test_module_imports_only_what_its_layer_allows(module: str, path: Path) -> None:
    layer = _layer(module)
    for name in _imports(path):
        if name.startswith("PySide6"):
            assert layer in {"ui", "app"}, f"{module} imports {name}"
        if not name.startswith("companion") or name in BASICS:
            continue
        target = _layer(name)
        if target == layer or layer not in ALLOWED:
            continue
        assert target in ALLOWED[layer], f"{module} ({layer}) may not import {name}"


@pytest.mark.parametrize("module", ["companion.cli", "companion.db.database",
                                    "companion.services.search", "companion.services.health"])
def test_headless_modules_do_not_load_qt(module: str) -> None:
    code = f"import sys, {module}; sys.exit(any(m.startswith('PySide6') for m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
