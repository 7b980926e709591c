"""Benchmark: the 実施報告書 of an engagement with 500 visits (DESIGN.md: under 2 s).

Not a test. Run from the repository:

    .venv/bin/python benchmarks/bench_report.py [--visits 500] [--runs 7]

It fills a throw-away data folder with one engagement (plan, KPIs, ``--visits`` visits
with next actions, a disclosure), then times, as the median of several runs:

* ``export_report``: the queries, the model, the chart and the .docx, written to disk;
* the same split into ``build_report`` (database) and ``write_report`` (document);
* raw python-docx writing the same paragraphs and the same visit table with its
  plain API (``add_paragraph`` / ``add_table`` / ``cell.text``) and no chart: the cost
  of the document format itself, for comparison.

Exit status 1 when the median report takes longer than the target.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

TARGET_SECONDS = 2.0


def _median(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _raw_docx(report: object, out: Path) -> None:
    """The report's paragraphs and visit table with python-docx's plain API."""
    import docx

    from companion.reports.formatting import format_day, format_time_range
    from companion.reports.model import EngagementReport

    assert isinstance(report, EngagementReport)
    doc = docx.Document()
    doc.add_heading(report.cover.title, 0)
    doc.add_paragraph(report.cover.engagement_title)
    doc.add_heading("1 支援の概要", 1)
    doc.add_paragraph(report.essential_issue)
    for line in report.outcomes.splitlines():
        doc.add_paragraph(line)
    doc.add_heading("4 支援の記録", 1)
    table = doc.add_table(rows=1, cols=6)
    for cell, title in zip(table.rows[0].cells, ("日時", "形態", "場所", "目的", "要点",
                                                 "次のアクション"), strict=True):
        cell.text = title
    for visit in report.visits:
        cells = table.add_row().cells
        cells[0].text = (f"{format_day(visit.started_at.date(), wareki=True)}\n"
                         f"{format_time_range(visit.started_at, visit.ended_at)}")
        cells[1].text = str(visit.mode)
        cells[2].text = visit.place
        cells[3].text = visit.purpose
        cells[4].text = "\n".join(visit.key_points)
        cells[5].text = "\n".join(visit.next_actions)
    doc.save(str(out))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visits", type=int, default=500)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)

    import keyring
    from companion_testing.report_factories import add_report_engagement

    from companion.db.database import open_database
    from companion.keystore import MemoryKeyring
    from companion.paths import DataPaths
    from companion.reports import export_report
    from companion.reports.builder import build_report
    from companion.reports.docx_writer import write_report
    from companion.services.session import session_scope

    keyring.set_keyring(MemoryKeyring())  # the disclosure register signs with a key
    today = date(2027, 3, 31)
    with tempfile.TemporaryDirectory(prefix="companion-bench-") as folder:
        root = Path(folder)
        db = open_database(DataPaths(root / "data"), create=True)
        try:
            with session_scope(db) as session:
                fixture = add_report_engagement(session, visits_per_year=args.visits // 2,
                                                years=(2025, 2026))
            engagement_id = fixture.engagement.id
            out = root / "report.docx"
            with session_scope(db, write=False) as session:
                # Warm up: imports (matplotlib, python-docx), font cache, query plans.
                first_started = time.perf_counter()
                export_report(session=session, engagement_id=engagement_id, out=out, today=today)
                first = time.perf_counter() - first_started
                report = build_report(session=session, engagement_id=engagement_id, today=today)
                assert len(report.visits) == args.visits, len(report.visits)
                total = _median(lambda: export_report(
                    session=session, engagement_id=engagement_id, out=out, today=today), args.runs)
                build = _median(lambda: build_report(
                    session=session, engagement_id=engagement_id, today=today), args.runs)
                write = _median(lambda: write_report(report, out), args.runs)
                raw = _median(lambda: _raw_docx(report, root / "raw.docx"), args.runs)
        finally:
            db.close()

    print(f"engagement with {args.visits} visits, median of {args.runs} runs")
    print(f"  first report (cold imports)   {first:7.3f} s")
    print(f"  export_report                 {total:7.3f} s   (target < {TARGET_SECONDS:.1f} s)")
    print(f"    build_report (queries)      {build:7.3f} s")
    print(f"    write_report (docx + chart) {write:7.3f} s")
    print(f"  raw python-docx, same content {raw:7.3f} s   (ratio {total / raw:.2f}x)")
    return 0 if total < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
