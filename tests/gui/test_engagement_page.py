"""The engagement page: 報告書の所見… beside 報告書を作成…, and the header (事業者, 委託元,
期間 …) with 本質的課題 folding away while the plan or the KPIs are shown, so that they
get the height of a 1280x720 screen."""

from __future__ import annotations

import os
from datetime import date

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from companion.db.database import Database
from companion.services.report_narratives import get_narrative
from companion.services.session import session_scope
from companion.ui.dialogs.report_narrative import ReportNarrativeDialog
from companion.ui.main_window import MainWindow


def open_client(qtbot: QtBot, window: MainWindow, client_name: str) -> None:
    with qtbot.waitSignal(window.engagements.loaded):
        window.show_page(window.ENGAGEMENTS)
    model = window.engagements.model
    row = next(r for r in range(model.rowCount())
               if model.engagement_at(r).client_name == client_name)
    with qtbot.waitSignal(window.detail.loaded, timeout=10_000):
        window.open_engagement(model.engagement_at(row).id)


def test_report_findings_open_for_this_fiscal_year_and_save(
        qtbot: QtBot, window: MainWindow, filled_db: Database) -> None:
    open_client(qtbot, window, "有限会社やまなか酒造")
    page = window.detail
    buttons = [page.report_button, page.narrative_button, page.figures_button]
    assert all(b.isVisible() and b.isEnabled() for b in buttons)
    # 報告書の所見… stands right after 報告書を作成…
    assert page.narrative_button.geometry().left() > page.report_button.geometry().right()
    assert page.narrative_button.geometry().right() < page.figures_button.geometry().left()

    page.narrative_button.click()
    dialog = page.narrative_dialog
    assert isinstance(dialog, ReportNarrativeDialog) and dialog.isVisible()
    assert dialog.fiscal_year == 2025  # TODAY is 2025-11-20, inside 令和6〜8年度
    assert "令和7年度" in dialog.windowTitle()
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=10_000)
    dialog.achievements.setPlainText("新商品「雪室熟成」の試飲会で県外の酒販店3社と取引が始まった。")
    dialog.self_running.setPlainText("専務が月次の売上を自分で集計するようになった。")
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        dialog.save_button.click()
    qtbot.waitUntil(lambda: page.narrative_dialog is None)
    engagement_id = page.detail.summary.id if page.detail else None
    assert engagement_id is not None
    with session_scope(filled_db, write=False) as session:
        saved = get_narrative(session=session, engagement_id=engagement_id, fiscal_year=2025)
    assert saved.saved
    assert saved.text.achievements.startswith("新商品「雪室熟成」")
    assert saved.text.self_running == "専務が月次の売上を自分で集計するようになった。"


def test_report_findings_of_an_ended_engagement_are_for_its_last_year(
        qtbot: QtBot, window: MainWindow) -> None:
    open_client(qtbot, window, "有限会社やまなか酒造")
    page = window.detail
    page.today = lambda: date(2031, 5, 1)
    assert page.report_fiscal_year() == 2026  # 令和8年度, the engagement's last year
    page.today = lambda: date(2020, 5, 1)
    assert page.report_fiscal_year() == 2024  # before it started: its first year


def _overlaps(widgets: list[QWidget], root: QWidget) -> list[tuple[str, str]]:
    rects: list[tuple[str, QRect]] = []
    for widget in widgets:
        if widget.isVisible():
            top_left = widget.mapTo(root, widget.rect().topLeft())
            rects.append((widget.objectName() or type(widget).__name__,
                          QRect(top_left, widget.size())))
    return [(a, b) for i, (a, ra) in enumerate(rects) for b, rb in rects[i + 1:]
            if ra.intersects(rb)]


def test_the_header_folds_for_the_plan_at_1280x720(qtbot: QtBot, window: MainWindow) -> None:
    window.resize(1280, 720)
    open_client(qtbot, window, "有限会社やまなか酒造")
    page = window.detail
    fold = page.header_fold
    assert not fold.folded and page.issue_box.isVisible() and page.client_label.isVisible()
    # The heading sits at the left edge, above the form.
    assert fold.button.mapTo(page, fold.button.rect().topLeft()).x() <= \
        page.title_label.mapTo(page, page.title_label.rect().topLeft()).x() + 4
    tabs = page.visit_tabs
    open_tab_height = tabs.height()

    tabs.setCurrentWidget(page.plan_view)
    assert fold.folded
    qtbot.waitUntil(lambda: tabs.height() > open_tab_height + 100)
    assert not page.issue_box.isVisible() and not page.client_label.isVisible()
    assert fold.summary.isVisible()
    summary = fold.summary.text()
    assert "有限会社やまなか酒造" in summary and "2024/04/01" in summary
    assert page.plan_view.height() > open_tab_height  # the plan gets what the header had
    if os.environ.get("COMPANION_SHOT"):
        window.grab().save(os.environ["COMPANION_SHOT"])
    pieces = [page.back_button, page.title_label, page.status_label, fold.button, fold.summary,
              page.flag_panel, tabs]
    assert _overlaps(pieces, window) == []
    assert tabs.geometry().top() > fold.geometry().bottom()
    assert window.size().height() == 720

    tabs.setCurrentWidget(page.kpi_view)
    assert fold.folded
    tabs.setCurrentWidget(page.timeline)  # the visits: the header opens again
    assert not fold.folded
    qtbot.waitUntil(lambda: page.issue_box.isVisible())
    assert _overlaps([page.title_label, fold, page.flag_panel, tabs], window) == []

    # By hand: the user can open it over the plan.
    tabs.setCurrentWidget(page.plan_view)
    fold.button.click()
    assert not fold.folded and page.issue_box.isVisible()
