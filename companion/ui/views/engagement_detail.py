"""One engagement: who, for whom, since when, its 本質的課題 and its recent visits."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedLayout,
    QStyle,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from companion.domain.enums import EngagementStatus
from companion.ui import ops
from companion.ui.formatting import wareki, ymd, ymd_hm
from companion.ui.i18n import vocabulary_label
from companion.ui.models.visit_table import VisitTableModel
from companion.ui.views.base import Page
from companion.ui.widgets.common import (
    EmptyState,
    InfoBox,
    make_table,
    page_title,
    set_column_widths,
    stretch_column,
)

if TYPE_CHECKING:
    import uuid

    from companion.services.engagements import EngagementDetail
    from companion.ui.tasks import DbWorker, Job

RECENT_VISITS = 20


def _value_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class EngagementDetailPage(Page):
    back_requested = Signal()
    record_visit = Signal(object)  # uuid.UUID: open the visit form for this engagement
    open_visit = Signal(object)  # uuid.UUID of a visit to read or amend

    def __init__(self, worker: DbWorker, parent: QWidget | None = None, *,
                 today: Callable[[], date] = date.today) -> None:
        super().__init__(worker, parent)
        from companion.ui.widgets.red_flags import RedFlagPanel

        self.today = today
        # Red flags whose engagements include this one (filled by show_engagement).
        self.flag_panel = RedFlagPanel(title=self.tr("この案件の注意事項(利益相反)"), rows=3)
        self.flag_panel.setVisible(False)
        self.engagement_id: uuid.UUID | None = None
        self.detail: EngagementDetail | None = None
        self._job: Job | None = None

        self.back_button = QPushButton(self.style().standardIcon(QStyle.StandardPixmap.SP_ArrowBack),
                                       self.tr("戻る"))
        self.back_button.setToolTip(self.tr("前の画面に戻る(Alt+←)"))
        self.back_button.clicked.connect(self.back_requested)

        self.title_label = page_title("")
        self.title_label.setWordWrap(True)
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status_label = QLabel()
        self.status_label.setObjectName("statusBadge")
        self.status_label.setStyleSheet(
            "QLabel#statusBadge { border: 1px solid palette(mid); border-radius: 8px;"
            " padding: 2px 10px; }")

        self.client_label = _value_label()
        self.sponsor_label = _value_label()
        self.scheme_label = _value_label()
        self.period_label = _value_label()
        self.visits_label = _value_label()
        self.fee_label = _value_label()
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.addRow(self.tr("事業者:"), self.client_label)
        form.addRow(self.tr("委託元:"), self.sponsor_label)
        form.addRow(self.tr("方式:"), self.scheme_label)
        form.addRow(self.tr("期間:"), self.period_label)
        form.addRow(self.tr("訪問:"), self.visits_label)
        form.addRow(self.tr("報酬条件:"), self.fee_label)

        self.issue_label = QLabel()
        self.issue_label.setWordWrap(True)
        self.issue_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        issue_font = self.issue_label.font()
        issue_font.setPointSizeF(issue_font.pointSizeF() * 1.15)
        self.issue_label.setFont(issue_font)
        self.issue_box = InfoBox()
        issue_layout = QVBoxLayout(self.issue_box)
        issue_heading = QLabel(self.tr("本質的課題"))
        heading_font = issue_heading.font()
        heading_font.setBold(True)
        issue_heading.setFont(heading_font)
        issue_layout.addWidget(issue_heading)
        issue_layout.addWidget(self.issue_label)

        self.visits_model = VisitTableModel(self)
        self.visits_table = make_table()
        self.visits_table.setModel(self.visits_model)
        self.visits_table.setColumnHidden(3, True)  # the engagement: this one
        self.visits_table.setColumnHidden(2, True)  # the client: this one
        set_column_widths(self.visits_table, {0: 8, 1: 5, 5: 12, 6: 6})
        stretch_column(self.visits_table, 4)
        self.no_visits = EmptyState(self.tr("この案件の訪問記録はまだありません。"))
        self.visits_stack = QStackedLayout()
        self.visits_stack.addWidget(self.visits_table)
        self.visits_stack.addWidget(self.no_visits)

        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addStretch(1)
        self.record_button = QPushButton(self.tr("訪問を記録(Ctrl+N)"))
        self.record_button.setToolTip(self.tr("この案件の訪問・相談を記録します"))
        self.record_button.clicked.connect(lambda: self.record_visit.emit(self.engagement_id))
        top.addWidget(self.record_button)
        # 案件を編集 / アーカイブ (engagement_editor.py).
        from companion.ui.views.engagement_editor import EngagementEditing

        self.editing = EngagementEditing(self, worker, today=today)
        top.addWidget(self.editing.archived_label)
        top.addWidget(self.editing.edit_button)
        heading = QHBoxLayout()
        heading.addWidget(self.title_label, 1)
        heading.addWidget(self.status_label, 0, Qt.AlignmentFlag.AlignTop)
        recent_heading = QLabel(self.tr("最近の訪問(新しい順、最大{n}件)").format(n=RECENT_VISITS))
        recent_heading.setFont(heading_font)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(heading)
        layout.addLayout(form)
        layout.addWidget(self.issue_box)
        layout.addWidget(self.flag_panel)
        layout.addSpacing(8)
        # Visits: the timeline of every visit (visit_timeline.py) and the recent ones as a table.
        from companion.ui.views.visit_timeline import VisitTimeline

        self.timeline = VisitTimeline(worker)
        self.timeline.open_visit.connect(self.open_visit)
        self.visits_table.activated.connect(
            lambda index: self.open_visit.emit(self.visits_model.visit_at(index.row()).id))
        recent = QWidget()
        recent_layout = QVBoxLayout(recent)
        recent_layout.setContentsMargins(0, 0, 0, 0)
        recent_layout.addWidget(recent_heading)
        recent_layout.addLayout(self.visits_stack, 1)
        self.visit_tabs = QTabWidget()
        self.visit_tabs.addTab(self.timeline, self.tr("訪問のタイムライン"))
        self.visit_tabs.addTab(recent, self.tr("最近の訪問(表)"))
        # The multi-year action plan and the KPIs (plan.py, kpis.py), loaded when first shown.
        from companion.ui.views.kpis import KpiView
        from companion.ui.views.plan import PlanView

        self.wareki_source: Callable[[], bool] = lambda: True  # the window reads 設定
        self.plan_view = PlanView(worker, today=today, wareki_source=lambda: self.wareki_source())
        self.kpi_view = KpiView(worker, today=today, wareki_source=lambda: self.wareki_source())
        self.visit_tabs.addTab(self.plan_view, self.tr("行動計画"))
        self.visit_tabs.addTab(self.kpi_view, self.tr("指標"))
        layout.addWidget(self.visit_tabs, 1)

    def show_engagement(self, engagement_id: uuid.UUID) -> None:
        """Load and show one engagement (the previous one stays until it arrives)."""
        if self._job is not None:
            self._job.cancel()
        from companion.services.engagements import get_engagement
        from companion.ui.widgets.red_flags import load_red_flags

        self.engagement_id = engagement_id
        self.has_data = False
        self._job = ops.read(get_engagement, engagement_id=engagement_id, recent=RECENT_VISITS) \
            .success(self._show).run(self.worker)

        def show_flags(flags: Any, shown: uuid.UUID = engagement_id) -> None:
            if shown == self.engagement_id:
                self.flag_panel.set_flags(flags)
                self.flag_panel.setVisible(bool(flags))

        load_red_flags(self.worker, today=self.today(), engagement_id=engagement_id,
                       on_done=show_flags)

    def load(self) -> None:
        if self.engagement_id is not None:
            self.show_engagement(self.engagement_id)

    def _show(self, detail: Any) -> None:
        self._job = None
        self.detail = detail
        summary = detail.summary
        self.title_label.setText(summary.title)
        self.status_label.setText(vocabulary_label(EngagementStatus, str(summary.status)))
        client = [summary.client_name]
        extra = "・".join(part for part in (detail.client_industry, detail.client_place) if part)
        if extra:
            client.append(f"({extra})")
        if detail.client_representative:
            client.append(self.tr("代表 {name}").format(name=detail.client_representative))
        self.client_label.setText(" ".join(client))
        self.sponsor_label.setText(summary.sponsor_name or self.tr("(なし)"))
        self.scheme_label.setText(str(summary.scheme))
        end = (f"{ymd(summary.planned_end_on)}({wareki(summary.planned_end_on)})"
               if summary.planned_end_on else self.tr("未定"))
        self.period_label.setText(self.tr("{start}({start_wareki}) 〜 {end}").format(
            start=ymd(summary.start_on), start_wareki=wareki(summary.start_on), end=end))
        last = ymd_hm(summary.last_visit_at) if summary.last_visit_at else self.tr("なし")
        self.visits_label.setText(self.tr("{count}件(最終 {last})・計画項目 {plan}件").format(
            count=summary.visit_count, last=last, plan=detail.plan_item_count))
        self.fee_label.setText(detail.fee_terms or self.tr("(記載なし)"))
        self.issue_label.setText(detail.essential_issue or self.tr(
            "まだ記入されていません。事業者と合意した本質的課題を記録しましょう。"))
        self.visits_model.set_rows(detail.recent_visits)
        self.timeline.show_engagement(summary.id)
        self.editing.show(detail)
        self.plan_view.show_engagement(summary.id)
        self.kpi_view.show_engagement(summary.id)
        self.visits_stack.setCurrentWidget(
            self.visits_table if detail.recent_visits else self.no_visits)
        self.mark_loaded()
