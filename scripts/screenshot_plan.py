"""Screenshots of an engagement's 行動計画 and 指標 tabs, offscreen, on demo data.

    .venv/bin/python scripts/screenshot_plan.py [--out docs/screenshots] [--today 2026-11-20]

A temporary data folder is filled with ``companion demo`` data (small). To show the
comparison with the agreed plan, the busiest open engagement's plan is saved as agreed
on the first day of the fiscal year, then one action is moved a month later and one
action added, as a practitioner would over a few months. The window is opened at
1366x768 and saved as plan.png and kpi.png. The keyring is an in-memory one.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["TZ"] = "Asia/Tokyo"
if hasattr(time, "tzset"):
    time.tzset()

import keyring
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).resolve().parent))
from screenshot import PASSPHRASE, SIZE, save, wait_for

from companion.keystore import MemoryKeyring
from companion.paths import DataPaths
from companion.services.session import session_scope
from companion.services.storage import open_data_folder
from companion.ui.fonts import apply_ui_font
from companion.ui.main_window import MainWindow
from companion.ui.tasks import DbWorker

ROOT = Path(__file__).resolve().parent.parent


def prepare(paths: DataPaths, today: date) -> object:
    """Demo data, and an agreed plan with two changes since; returns the engagement id."""
    from sqlmodel import col, func, select

    from companion.db.models import Engagement, Kpi, PlanItem
    from companion.domain.calendar import fiscal_year_bounds, fiscal_year_of
    from companion.domain.enums import EngagementStatus, PlanLevel, PlanStatus
    from companion.services.demo import generate_demo
    from companion.services.plans import (
        PlanItemDraft,
        add_plan_item,
        plan_overview,
        save_baseline,
        update_plan_item,
    )

    opened = open_data_folder(paths, ask=lambda _purpose: PASSPHRASE, create=True)
    db = opened.db
    try:
        with session_scope(db) as session:
            generate_demo(session=session, size="small", today=today)
        year = fiscal_year_of(today)
        with session_scope(db) as session:
            counts = (select(PlanItem.engagement_id, func.count().label("n"))
                      .where(PlanItem.fiscal_year == year).group_by(col(PlanItem.engagement_id))
                      .subquery())
            engagement = session.exec(
                select(Engagement).join(counts, counts.c.engagement_id == Engagement.id)
                .where(Engagement.status == EngagementStatus.ACTIVE,
                       col(Engagement.id).in_(select(Kpi.engagement_id)))
                .order_by(counts.c.n.desc(), col(Engagement.start_on))).first()
            assert engagement is not None, "no active engagement with a plan this year"
            engagement_id = engagement.id
        with session_scope(db) as session:
            save_baseline(session=session, engagement_id=engagement_id,
                          agreed_on=max(fiscal_year_bounds(year)[0], engagement.start_on),
                          label="年度当初の合意")
        with session_scope(db) as session:
            overview = plan_overview(session=session, engagement_id=engagement_id, today=today)
            actions = [r for r in overview.rows if r.fiscal_year == year
                       and r.level == PlanLevel.ACTION and r.status != PlanStatus.DONE
                       and r.due_on is not None]
            if actions:
                moved = actions[0]
                assert moved.due_on is not None
                new_due = min(moved.due_on + timedelta(days=31),
                              engagement.planned_end_on or date.max)
                update_plan_item(session=session, item_id=moved.id,
                                 draft=PlanItemDraft(**{**moved.draft.__dict__, "due_on": new_due}))
        with session_scope(db) as session:
            overview = plan_overview(session=session, engagement_id=engagement_id, today=today)
            milestone = next(r for r in overview.rows if r.fiscal_year == year
                             and r.level == PlanLevel.MILESTONE)
            add_plan_item(session=session, engagement_id=engagement_id, fiscal_year=year,
                          parent_id=milestone.id, today=today, draft=PlanItemDraft(
                              title="商談会の振り返りを事業者と共有する",
                              due_on=min(today + timedelta(days=5),
                                         engagement.planned_end_on or date.max)))
        return engagement_id
    finally:
        db.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--today", type=date.fromisoformat, default=date(2026, 11, 20))
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    keyring.set_keyring(MemoryKeyring())
    app = QApplication(sys.argv[:1])
    print(f"screenshot: UI font {apply_ui_font(app)}")
    with tempfile.TemporaryDirectory(prefix="companion-screenshot-") as folder:
        paths = DataPaths(Path(folder) / "data")
        engagement_id = prepare(paths, args.today)
        window = MainWindow(paths=paths, worker=DbWorker(), today=lambda: args.today)
        window.resize(*SIZE)
        window.show()
        wait_for(window.ready, lambda: window.open_data(
            lambda: open_data_folder(paths, ask=lambda _purpose: PASSPHRASE).db))
        wait_for(window.detail.loaded, lambda: window.open_engagement(engagement_id))
        detail = window.detail
        wait_for(detail.plan_view.loaded,
                 lambda: detail.visit_tabs.setCurrentWidget(detail.plan_view))
        plan = detail.plan_view
        added = next(r for r in plan.overview.rows  # type: ignore[union-attr]
                     if r.title == "商談会の振り返りを事業者と共有する")
        plan.select_item(added.id)  # an action selected: its edits are on offer
        plan.tree.setFocus()
        save(window, args.out / "plan.png")
        wait_for(detail.kpi_view.loaded,
                 lambda: detail.visit_tabs.setCurrentWidget(detail.kpi_view))
        save(window, args.out / "kpi.png")
        window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
