"""Import-time regression check of the window's start-up: how many modules Python has
imported before the window's first paint, against a budget.

    python benchmarks/startup_imports.py --data-dir FOLDER [--runs 3] [--show]

Runs ``python -X importtime -m companion --exit-when-ready`` with COMPANION_STARTUP_TRACE
set (the data key from the keyring: run.py sets the benchmark keyring; any folder whose
key the keyring has will do) and counts the modules ``-X importtime`` reports before the
``startup: painted`` line (both go to stderr, in order). Imports made by the database
thread race with the paint, so the smallest count of ``--runs`` is compared. Exits 1,
naming the modules, when the count exceeds BUDGET or a module that must wait until after
the first paint (FORBIDDEN) is imported before it. A count, not a time: it does not
depend on the machine, so it is checked in CI's smoke run too. ``--show`` lists the
top-level packages imported before the paint with their cumulative microseconds.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Measured 2026-12-03 (after issue 19's start-up work): 227-229 modules before the first
# paint, the smallest of three runs (PySide6 QtCore/Gui/Widgets, the main window and its
# pages, logging, json); 250-252 before it. About 10% above: a new small import on the way
# to the first paint is fine, a new package is not.
BUDGET = 250
# Never before the first paint: the database stack, documents, charts.
FORBIDDEN = ("sqlalchemy", "sqlmodel", "pydantic", "alembic", "docx", "matplotlib")


def imports_before_paint(folder: Path) -> list[tuple[str, int, int]]:
    """(module, cumulative µs, depth) of each import before the first paint, in order."""
    env = {**os.environ, "COMPANION_STARTUP_TRACE": "1",
           "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    env.pop("COMPANION_PASSPHRASE", None)
    process = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "companion", "--exit-when-ready",
         "--data-dir", str(folder)], capture_output=True, text=True, env=env, cwd=ROOT)
    if process.returncode != 0:
        raise SystemExit(f"startup_imports: companion exited with {process.returncode}:\n"
                         + "\n".join(process.stderr.splitlines()[-10:]))
    modules: list[tuple[str, int, int]] = []
    for line in process.stderr.splitlines():
        if line.startswith("startup: painted"):
            return modules
        if line.startswith("import time:") and "imported package" not in line:
            _self, cumulative, name = line.removeprefix("import time:").split("|")
            modules.append((name.strip(), int(cumulative), (len(name) - len(name.lstrip()) - 1) // 2))
    raise SystemExit("startup_imports: no 'startup: painted' line (COMPANION_STARTUP_TRACE)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--show", action="store_true")
    args = parser.parse_args(argv)
    runs = [imports_before_paint(args.data_dir) for _ in range(args.runs)]
    modules = min(runs, key=len)
    names = [name for name, _cumulative, _depth in modules]
    if args.show:
        for name, cumulative, depth in modules:
            if depth == 0:
                print(f"{cumulative / 1000:8.1f} ms  {name}")
    forbidden = sorted(name for name in names if name.split(".")[0] in FORBIDDEN)
    if forbidden:
        print(f"startup_imports: imported before the first paint, must wait: "
              f"{', '.join(forbidden[:10])}")
    over = len(names) > BUDGET
    if over:
        print("startup_imports: over budget; imported before the paint (last 20): "
              + ", ".join(names[-20:]))
    print(f"startup imports: {len(names)} modules before the first paint (budget {BUDGET}; "
          f"runs: {', '.join(str(len(run)) for run in runs)})")
    return 1 if forbidden or over else 0


if __name__ == "__main__":
    sys.exit(main())
