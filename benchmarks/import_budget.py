"""Import-count budget of the command line's read commands (issue 19): each runs as a
process with ``python -X importtime`` and the modules it imports are counted.

    python benchmarks/import_budget.py --data-dir FOLDER [--bundle FILE.zip] [--show]

``search``, ``list engagements|visits|disclosures|plan|kpis``, ``list disclosures --json``
(the register with its red flags and dispositions) and ``verify`` take the lean
read path (``companion.db.lean``): the driver alone, without SQLAlchemy, SQLModel,
pydantic or Alembic, and nothing of the window or the documents. A command fails when it
imports more modules than its budget (BUDGETS) or any module of FORBIDDEN; the script
then exits 1 naming each such command. A count, not a time: it does not depend on the
machine, so CI's smoke run checks it (benchmarks/run.py calls ``check``).

The data key must come from the keyring, as on a desktop (run.py sets the benchmark
keyring, ``bench_keyring.py``). When COMPANION_PASSPHRASE is set, a first, uncounted
``list engagements`` opens the folder with it the ordinary way, so that the folder is at
this version's schema and the keyring has its key; the counted runs go without it.
Without ``--bundle``, ``verify`` checks a review bundle exported into a temporary folder
first (``review-export``, which needs the folder's signing key in the keyring).
``--show`` lists each command's top-level packages with their cumulative microseconds.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Measured 2026-12-03 on the small demo set with the benchmark keyring: 292-297 modules
# for search and the lists (argparse, json, logging, the keyring and filelock, sqlcipher3,
# companion's cli, db.lean and a db.reads module or two; the full path imports ~720), 212
# for verify (cryptography's Ed25519, zipfile, the bundle checks). About 10% above that:
# a new small import is fine, a new package is not.
BUDGETS = {
    "search": 325,
    "list engagements": 325,
    "list visits": 325,
    "list disclosures": 325,
    # the register with its red flags: the rules (domain.red_flags) and the dispositions'
    # reads on top of the list's; 299 on the large set.
    "list disclosures --json": 330,
    "list plan": 325,
    "list kpis": 325,
    "verify": 235,
}
# Never on a read command: the database stack of the full path, the window, documents,
# charts. (The full path imports them when it must: a migration due, a passphrase to ask.)
FORBIDDEN = ("sqlalchemy", "sqlmodel", "pydantic", "alembic", "PySide6", "docx", "matplotlib")


@dataclass
class Counted:
    name: str
    argv: list[str]
    modules: list[tuple[str, int]] = field(default_factory=list)  # (module, cumulative µs)
    exit_code: int = 0
    error: str = ""

    @property
    def budget(self) -> int:
        return BUDGETS[self.name]

    @property
    def forbidden(self) -> list[str]:
        return sorted({module for module, _ in self.modules
                       if module.split(".")[0] in FORBIDDEN})

    def problems(self) -> list[str]:
        found = []
        if self.exit_code != 0:
            found.append(f"exit status {self.exit_code}: {self.error.strip()[:300]}")
        if len(self.modules) > self.budget:
            found.append(f"{len(self.modules)} modules imported, budget {self.budget}")
        if self.forbidden:
            found.append("imports " + ", ".join(self.forbidden[:8])
                         + (" …" if len(self.forbidden) > 8 else "")
                         + " (the lean read path was not taken, or something heavy joined it:"
                           " the key must come from the keyring, the schema be at head)")
        return found


def _environment(*, passphrase: bool) -> dict[str, str]:
    env = {**os.environ, "COMPANION_LANG": "ja"}
    # bench_keyring (PYTHON_KEYRING_BACKEND=bench_keyring.BenchmarkKeyring) lives here.
    env["PYTHONPATH"] = os.pathsep.join(
        part for part in (str(ROOT / "benchmarks"), env.get("PYTHONPATH", "")) if part)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # counts do not depend on it; times do
    if not passphrase:
        env.pop("COMPANION_PASSPHRASE", None)
    return env


def _companion(*args: str) -> list[str]:
    return [sys.executable, "-m", "companion", *args]


def count(name: str, argv: list[str]) -> Counted:
    """Run one command with ``-X importtime``; its imports in order."""
    process = subprocess.run([sys.executable, "-X", "importtime", *argv[1:]],
                             capture_output=True, text=True, env=_environment(passphrase=False),
                             stdin=subprocess.DEVNULL, timeout=120, check=False)
    counted = Counted(name, argv, exit_code=process.returncode)
    errors = []
    for line in process.stderr.splitlines():
        if not line.startswith("import time:"):
            errors.append(line)
            continue
        parts = line.split("|")
        if len(parts) != 3 or not parts[1].strip().isdigit():
            continue  # the header line
        counted.modules.append((parts[2].strip(), int(parts[1])))
    counted.error = "\n".join(errors)
    return counted


def _prepare(folder: Path) -> None:
    """With the passphrase at hand, open the folder once the ordinary way (migrated to
    head, its key put in the keyring)."""
    if not os.environ.get("COMPANION_PASSPHRASE"):
        return
    subprocess.run(_companion("list", "engagements", "--data-dir", str(folder)),
                   capture_output=True, env=_environment(passphrase=True),
                   stdin=subprocess.DEVNULL, timeout=300, check=True)


def _busiest_engagement(folder: Path) -> str:
    """The id of the engagement with the most visits (its plan and KPIs are listed)."""
    process = subprocess.run(
        _companion("list", "engagements", "--json", "--data-dir", str(folder)),
        capture_output=True, text=True, env=_environment(passphrase=False),
        stdin=subprocess.DEVNULL, timeout=120, check=True)
    engagements = json.loads(process.stdout)
    if not engagements:
        raise SystemExit(f"import_budget: {folder} has no engagements")
    return str(max(engagements, key=lambda e: (e["visit_count"], e["id"]))["id"])


def _export_bundle(folder: Path, out: Path) -> Path:
    process = subprocess.run(
        _companion("review-export", "--out", str(out), "--data-dir", str(folder)),
        capture_output=True, text=True, env=_environment(passphrase=True),
        stdin=subprocess.DEVNULL, timeout=300, check=False)
    if process.returncode != 0:
        raise SystemExit("import_budget: could not export a review bundle to verify "
                         f"(give one with --bundle): {process.stderr.strip()}")
    return out


def commands(folder: Path, bundle: Path, engagement: str) -> list[tuple[str, list[str]]]:
    data = ["--data-dir", str(folder)]
    return [
        ("search", _companion("search", "販路", "--json", *data)),
        ("list engagements", _companion("list", "engagements", *data)),
        ("list visits", _companion("list", "visits", "--json", "--engagement", engagement, *data)),
        ("list disclosures", _companion("list", "disclosures", *data)),
        ("list disclosures --json", _companion("list", "disclosures", "--json", *data)),
        ("list plan", _companion("list", "plan", engagement, "--json", *data)),
        ("list kpis", _companion("list", "kpis", engagement, *data)),
        ("verify", _companion("verify", str(bundle))),
    ]


def check(folder: Path, *, bundle: Path | None = None, show: bool = False) -> list[str]:
    """Count every read command's imports; the failures, one line each (empty: all
    within budget)."""
    _prepare(folder)
    engagement = _busiest_engagement(folder)
    with tempfile.TemporaryDirectory(prefix="import-budget-") as scratch:
        chosen = bundle or _export_bundle(folder, Path(scratch) / "bundle.zip")
        results = [count(name, argv) for name, argv in commands(folder, chosen, engagement)]
    failures = []
    for result in results:
        problems = result.problems()
        verdict = "NG" if problems else "OK"
        print(f"{result.name:<24} {len(result.modules):4d} modules  budget {result.budget:4d}  "
              f"{verdict}")
        if show:
            _show(result)
        failures += [f"companion {result.name}: {problem}" for problem in problems]
    return failures


def _show(result: Counted) -> None:
    packages: dict[str, int] = {}
    for module, cumulative in result.modules:
        top = module.split(".")[0]
        if "." not in module:
            packages[top] = packages.get(top, 0) + cumulative
    for package, micros in sorted(packages.items(), key=lambda item: -item[1]):
        print(f"    {micros:8d} µs  {package}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--bundle", type=Path, help="the review bundle that verify checks")
    parser.add_argument("--show", action="store_true", help="list the packages imported")
    args = parser.parse_args(argv)
    failures = check(args.data_dir.resolve(), bundle=args.bundle, show=args.show)
    for failure in failures:
        print(f"import budget exceeded: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
