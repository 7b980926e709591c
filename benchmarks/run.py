"""Companion's performance benchmarks (DESIGN.md "Performance targets", issue 9).

    .venv/bin/python benchmarks/run.py [--size large|small] [--runs N]

On the demo data set of the chosen size (generated once into benchmarks/.data-<size>/
and reused), each benchmark prints the median of several runs and, where a floor
exists, the ratio to it measured in the same run. ``--size small`` is CI's smoke test:
every benchmark must run; times are not judged there. Exit status 1 when a target is
missed on the large set.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
PASSPHRASE = "ベンチマーク用の合言葉です"
os.environ["COMPANION_PASSPHRASE"] = PASSPHRASE
TODAY = date(2026, 11, 20)


@dataclass
class Figure:
    name: str
    seconds: float
    floor: float | None = None
    target: str = ""
    met: bool | None = None
    note: str = ""
    megabytes: float | None = None  # a memory figure instead of a time

    def row(self) -> str:
        ratio = f"{self.seconds / self.floor:5.2f}x" if self.floor else "     -"
        floor = f"{self.floor * 1000:8.1f} ms" if self.floor else " " * 11
        verdict = {True: "OK", False: "NG", None: "--"}[self.met]
        value = (f"{self.megabytes:9.0f} MB" if self.megabytes is not None
                 else f"{self.seconds * 1000:9.1f} ms")
        return (f"{self.name:<44} {value} {floor} {ratio}  "
                f"{self.target:<22} {verdict} {self.note}")


def median(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def companion_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "companion", *args]


def ensure_data(size: str, figures: list[Figure]) -> Path:
    folder = ROOT / "benchmarks" / f".data-{size}"
    if (folder / "companion.db").is_file():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    started = time.perf_counter()
    subprocess.run(companion_command("demo", "--size", size, "--data-dir", str(folder)),
                   check=True, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    figures.append(Figure(f"demo --size {size}", seconds, target="< 60 s",
                          met=seconds < 60 if size == "large" else None))
    return folder


def _startup_times(command: list[str], env: dict[str, str]) -> tuple[float, float | None]:
    started = time.time()
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
    marks = dict(line.split(" ", 2)[1:] for line in result.stderr.splitlines()
                 if line.startswith("startup: "))
    painted = float(marks["painted"]) - started
    ready = float(marks["ready"]) - started if "ready" in marks else None
    return painted, ready


def bench_startup(folder: Path, runs: int, figures: list[Figure], large: bool) -> None:
    # As on a desktop: the data key comes from a keyring (a file-backed stand-in here),
    # so the recovery passphrase's KDF runs only on the first, unmeasured start.
    env = {**os.environ, "COMPANION_STARTUP_TRACE": "1",
           "PYTHONPATH": str(ROOT / "benchmarks"),
           "PYTHON_KEYRING_BACKEND": "bench_keyring.BenchmarkKeyring",
           "COMPANION_BENCH_KEYRING": str(folder / "bench-keyring.json")}
    _startup_times(companion_command("--exit-when-ready", "--data-dir", str(folder)), env)
    bare = [_startup_times([sys.executable, str(ROOT / "benchmarks" / "bare_window.py")], env)[0]
            for _ in range(runs)]
    app = [_startup_times(companion_command("--exit-when-ready", "--data-dir", str(folder)), env)
           for _ in range(runs)]
    floor = statistics.median(bare)
    painted = statistics.median(t[0] for t in app)
    ready = statistics.median(t[1] for t in app if t[1] is not None)
    figures.append(Figure("start-up: window painted vs bare PySide6", painted, floor,
                          "< 2x bare", painted < 2 * floor if large else None))
    figures.append(Figure("start-up: data shown", ready, None, "< 1.2 s",
                          ready < 1.2 if large else None))


def bench_search(db: object, runs: int, figures: list[Figure], large: bool) -> None:
    from sqlalchemy import text

    from companion.services.search import search
    from companion.services.session import session_scope

    cases = [("2文字", "販路", 0.100), ("3文字", "補助金", 0.030), ("6文字", "ふるさと納税", 0.030),
             ("よく出る語", "社長", 0.100)]
    with session_scope(db, write=False) as session:  # type: ignore[arg-type]
        connection = session.connection()
        for label, query, target in cases:
            hits = len(search(session=session, query=query))
            app = median(lambda q=query: search(session=session, query=q), runs)
            # The floor: the same 50 newest matching documents, text and all, straight
            # from FTS5 (trigram MATCH, or LIKE for fewer than three characters).
            if len(query) >= 3:
                raw_sql = text("SELECT rowid, title, body FROM search_fts WHERE search_fts MATCH :q "
                               "ORDER BY rowid DESC LIMIT 50")
                params = {"q": f'"{query}"'}
            else:
                raw_sql = text("SELECT rowid, title, body FROM search_fts WHERE body LIKE :q "
                               "ORDER BY rowid DESC LIMIT 50")
                params = {"q": f"%{query}%"}
            raw = median(lambda s=raw_sql, p=params: connection.execute(s, p).all(), runs)
            met = (app < target and app < 3 * raw) if large else None
            figures.append(Figure(f"search {label}「{query}」 vs raw FTS5", app, raw,
                                  f"< {target * 1000:.0f} ms, < 3x raw", met, note=f"{hits} hits"))


def busiest_engagement(db: object) -> object:
    from sqlmodel import func, select

    from companion.db.models import Visit
    from companion.services.session import session_scope

    with session_scope(db, write=False) as session:  # type: ignore[arg-type]
        return session.exec(select(Visit.engagement_id, func.count())
                            .group_by(Visit.engagement_id)
                            .order_by(func.count().desc())).first()


def bench_report(db: object, engagement: object, runs: int, figures: list[Figure], large: bool,
                 scratch: Path) -> None:
    from bench_report import _raw_docx

    from companion.reports import export_report
    from companion.reports.builder import build_report
    from companion.services.session import session_scope

    engagement_id, visits = engagement  # type: ignore[misc]
    with session_scope(db, write=False) as session:  # type: ignore[arg-type]
        app = median(lambda: export_report(session=session, engagement_id=engagement_id,
                                           out=scratch / "report.docx", today=TODAY), runs)
        report = build_report(session=session, engagement_id=engagement_id, today=TODAY)
    raw = median(lambda: _raw_docx(report, scratch / "raw.docx"), runs)
    figures.append(Figure(f"report of a {visits}-visit engagement vs raw python-docx", app, raw,
                          "< 2 s", app < 2.0 if large else None))


def bench_bundle(db: object, runs: int, figures: list[Figure], large: bool, scratch: Path) -> None:
    from companion.review.verify import inspect_bundle
    from companion.services.review_bundle import export_review_bundle
    from companion.services.session import session_scope

    out = scratch / "bundle.zip"

    def export() -> None:
        with session_scope(db) as session:  # type: ignore[arg-type]
            export_review_bundle(session=session, out=out, today=TODAY)

    exported = median(export, runs)
    figures.append(Figure("review bundle of the whole register", exported, None, "< 3 s",
                          exported < 3.0 if large else None))
    verified = median(lambda: inspect_bundle(out), runs)
    figures.append(Figure("verify the bundle", verified, None, "< 1 s",
                          verified < 1.0 if large else None))


def bench_gui(db: object, engagement: object, runs: int, figures: list[Figure], large: bool) -> None:
    """The engagement page and the full visit list, on the app's own widgets."""
    from benchmarks_gui import engagement_page_seconds, visit_list_seconds

    engagement_id, visits = engagement  # type: ignore[misc]
    page = engagement_page_seconds(db, engagement_id, runs)
    figures.append(Figure(f"open an engagement with {visits} visits (first paint)", page, None,
                          "< 100 ms", page < 0.1 if large else None))
    scroll, rows = visit_list_seconds(db)
    figures.append(Figure(f"scroll the whole visit list ({rows:,} rows, lazy)", scroll, None, "",
                          None))


def bench_memory(folder: Path, figures: list[Figure], large: bool) -> None:
    process = subprocess.Popen(companion_command("--exit-when-ready", "--data-dir", str(folder)),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _pid, _status, usage = os.wait4(process.pid, 0)
    peak_mb = usage.ru_maxrss / 1024
    figures.append(Figure("peak memory (RSS) of the app", 0.0, None, "< 300 MB",
                          peak_mb < 300 if large else None, megabytes=peak_mb))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=["small", "large"], default="large")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    large = args.size == "large"
    figures: list[Figure] = []
    folder = ensure_data(args.size, figures)

    import keyring

    from companion.keystore import MemoryKeyring
    from companion.paths import DataPaths
    from companion.services.storage import open_data_folder

    keyring.set_keyring(MemoryKeyring())  # in-process: no OS keyring prompts
    opened = open_data_folder(DataPaths(folder), ask=lambda _purpose: PASSPHRASE)
    db = opened.db
    engagement = busiest_engagement(db)
    with tempfile.TemporaryDirectory() as scratch:
        bench_startup(folder, max(3, args.runs // 2), figures, large)
        bench_search(db, max(args.runs, 15), figures, large)
        bench_report(db, engagement, args.runs, figures, large, Path(scratch))
        bench_bundle(db, max(3, args.runs // 2), figures, large, Path(scratch))
        bench_gui(db, engagement, args.runs, figures, large)
        bench_memory(folder, figures, large)
    db.close()
    print(f"Companion benchmarks — {args.size} data set, {date.today().isoformat()}, "
          f"{os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print(f"{'benchmark':<44} {'median':>12} {'floor':>11} {'ratio':>6}  {'target':<22}")
    for figure in figures:
        print(figure.row())
    return 1 if any(f.met is False for f in figures) else 0


if __name__ == "__main__":
    sys.exit(main())
