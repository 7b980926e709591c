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
from companion.ui.widgets.fold import Fold

if TYPE_CHECKING:
    import uuid

    from companion.paths import DataPaths
    from companion.services.engagements import EngagementDetail
    from companion.settings import Settings
    from companion.ui.dialogs.export_report import FiguresDialog, ReportDialog
    from companion.ui.dialogs.report_narrative import ReportNarrativeDialog
    from companion.ui.tasks import DbWorker, Job
    from companion.ui.widgets.file_result import Opener

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
                 today: Callable[[], date] = date.today, paths: DataPaths | None = None,
                 settings: Settings | None = None) -> None:
        super().__init__(worker, parent)
        from companion.ui.widgets.red_flags import RedFlagPanel

        self.today = today
        # The data folder (exports never go inside it) and 設定 (報告者, 書式, 和暦): the
        # window's; without them the report and figures buttons stay hidden.
        self.paths = paths
        self.settings = settings
        self.opener: Opener | None = None  # tests see the URL a result box would open
        self.export_dialog: ReportDialog | FiguresDialog | None = None
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
        # 引き継ぎ元 / 引き継ぎ先 (services.referrals): shown when the case moved.
        self.referral_label = _value_label()
        form.addRow(self.tr("引き継ぎ:"), self.referral_label)
        self._referral_form = form
        form.setRowVisible(self.referral_label, False)

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
        self.report_button = QPushButton(self.tr("報告書を作成…"))
        self.report_button.setToolTip(self.tr("この案件の実施報告書(Word)を年度または全期間で作成します"))
        self.report_button.clicked.connect(self.open_report_dialog)
        self.figures_button = QPushButton(self.tr("数値の書き出し…"))
        self.figures_button.setToolTip(self.tr("委託元に出す集計を Excel または CSV で書き出します"))
        self.figures_button.clicked.connect(self.open_figures_dialog)
        self.narrative_button = QPushButton(self.tr("報告書の所見…"))
        self.narrative_button.setToolTip(self.tr(
            "実施報告書に載せる「成果と今後の課題」「次年度の方針」「自走化の状況」を今年度の分として書きます"))
        self.narrative_button.clicked.connect(self.open_narrative_dialog)
        self.narrative_dialog: ReportNarrativeDialog | None = None
        self.referral_button = QPushButton(self.tr("引き継ぎパッケージを作成…"))
        self.referral_button.setToolTip(self.tr(
            "この案件を別のセンター・支援者に引き継ぐファイルを作ります(事業者の同意が必要です)"))
        self.referral_button.clicked.connect(self.open_referral_dialog)
        for button in (self.report_button, self.narrative_button, self.figures_button,
                       self.referral_button):
            button.setEnabled(False)  # until the engagement is shown
            button.setVisible(paths is not None and settings is not None)
            top.addWidget(button)
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

        # The header and 本質的課題 fold away (to one summary line) while the plan or the
        # KPIs are shown, so that they get the height on a 1280x720 screen.
        overview = QWidget()
        overview_layout = QVBoxLayout(overview)
        overview_layout.setContentsMargins(0, 0, 0, 0)
        overview_layout.addLayout(form)
        overview_layout.addWidget(self.issue_box)
        self.header_fold = Fold(self.tr("案件の概要"), overview)
        # Open, the fold's heading is its button alone: keep it at the left edge (not
        # centred in the row its hidden summary leaves).
        fold_layout = self.header_fold.layout()
        heading_item = fold_layout.itemAt(0) if fold_layout is not None else None
        heading_row = heading_item.layout() if heading_item is not None else None
        if heading_row is not None:
            heading_row.setAlignment(self.header_fold.button, Qt.AlignmentFlag.AlignLeft)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(heading)
        layout.addWidget(self.header_fold)
        layout.addWidget(self.flag_panel)
        layout.addSpacing(8)
        # Visits: the timeline of every visit (visit_timeline.py) and the recent ones as a table.
        from companion.ui.views.visit_timeline import VisitTimeline

        self.timeline = VisitTimeline(worker)
        self.timeline.open_visit.connect(self.open_visit)
        self.timeline.record_requested.connect(lambda: self.record_visit.emit(self.engagement_id))
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
        self.visit_tabs.currentChanged.connect(self._tab_changed)
        layout.addWidget(self.visit_tabs, 1)

    def _tab_changed(self, _index: int) -> None:
        """The plan and the KPIs want the height: fold the header for them, open it for
        the visits (the user can still open or fold it by hand)."""
        current = self.visit_tabs.currentWidget()
        self.header_fold.set_folded(current in (self.plan_view, self.kpi_view))

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
        self.header_fold.set_summary("・".join(part for part in (
            summary.client_name, summary.sponsor_name or "", self.period_label.text()) if part))
        self.issue_label.setText(detail.essential_issue or self.tr(
            "まだ記入されていません。事業者と合意した本質的課題を記録しましょう。"))
        self.visits_model.set_rows(detail.recent_visits)
        self.timeline.show_engagement(summary.id)
        self.editing.show(detail)
        self.plan_view.show_engagement(summary.id)
        self.kpi_view.show_engagement(summary.id)
        self.visits_stack.setCurrentWidget(
            self.visits_table if detail.recent_visits else self.no_visits)
        for button in (self.report_button, self.narrative_button, self.figures_button,
                       self.referral_button):
            button.setEnabled(True)
        self.load_referrals(summary.id)
        self.mark_loaded()

    # -- files for the sponsor ---------------------------------------------------------------

    def _last_visit_day(self) -> date | None:
        from companion.domain.calendar import JST, local_day

        last = self.detail.summary.last_visit_at if self.detail is not None else None
        return local_day(last, JST) if last is not None else None

    def _open_export(self, dialog: ReportDialog | FiguresDialog) -> None:
        if self.export_dialog is not None:
            self.export_dialog.close()
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda _obj=None, shown=dialog: self._export_closed(shown))
        self.export_dialog = dialog
        dialog.open()

    def _export_closed(self, dialog: object) -> None:
        if self.export_dialog is dialog:
            self.export_dialog = None

    def open_report_dialog(self) -> None:
        """報告書を作成…: the dialog for this engagement's 実施報告書."""
        from companion.ui.dialogs.export_report import ReportDialog

        if self.detail is None or self.paths is None or self.settings is None:
            return
        summary = self.detail.summary
        self._open_export(ReportDialog(
            worker=self.worker, paths=self.paths, settings=self.settings,
            engagement_id=summary.id, client_name=summary.client_name,
            start_on=summary.start_on, planned_end_on=summary.planned_end_on,
            last_visit_on=self._last_visit_day(), today=self.today, parent=self,
            opener=self.opener))

    def report_fiscal_year(self) -> int | None:
        """The fiscal year 報告書の所見… writes for: this one, within the engagement's
        years (its last one once it is over, its first before it starts)."""
        from companion.domain.calendar import fiscal_year_of
        from companion.ui.dialogs.export_report import engagement_years

        if self.detail is None:
            return None
        summary = self.detail.summary
        years = engagement_years(summary.start_on, summary.planned_end_on,
                                 self._last_visit_day(), today=self.today())
        current = fiscal_year_of(self.today())
        return min(max(current, years[0]), years[-1]) if years else current

    def open_narrative_dialog(self) -> None:
        """報告書の所見…: the practitioner's texts for this engagement's current year."""
        from companion.ui.dialogs.report_narrative import open_report_narrative

        fiscal_year = self.report_fiscal_year()
        if self.detail is None or self.settings is None or fiscal_year is None:
            return
        if self.narrative_dialog is not None:
            self.narrative_dialog.close()
        dialog = open_report_narrative(
            self, worker=self.worker, engagement_id=self.detail.summary.id,
            fiscal_year=fiscal_year, today=self.today,
            wareki=bool(self.settings.get("wareki")))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda _obj=None, shown=dialog: self._narrative_closed(shown))
        self.narrative_dialog = dialog

    def _narrative_closed(self, dialog: object) -> None:
        if self.narrative_dialog is dialog:
            self.narrative_dialog = None

    def open_figures_dialog(self) -> None:
        """数値の書き出し…: the sponsor's figures, this engagement's sponsor chosen."""
        from companion.ui.dialogs.export_report import FiguresDialog, engagement_years

        if self.detail is None or self.paths is None or self.settings is None:
            return
        summary = self.detail.summary
        years = engagement_years(summary.start_on, summary.planned_end_on,
                                 self._last_visit_day(), today=self.today())
        self._open_export(FiguresDialog(
            worker=self.worker, paths=self.paths, sponsor_name=summary.sponsor_name or "",
            years=years, today=self.today, wareki=bool(self.settings.get("wareki")),
            flat_band_percent=float(self.settings.get("flat_band_percent")),
            parent=self, opener=self.opener))

    # -- 案件の引き継ぎ ------------------------------------------------------------------------

    def load_referrals(self, engagement_id: uuid.UUID) -> None:
        """引き継ぎ元 / 引き継ぎ先 of this engagement, under 報酬条件 (hidden when none)."""
        from companion.services.referrals import referral_notes

        def show(notes: Any, shown: uuid.UUID = engagement_id) -> None:
            if shown != self.engagement_id:
                return
            lines = []
            for item in notes:
                if item.received:
                    lines.append((self.tr("引き継ぎ元:"), self.tr(
                        "{who}({when} 作成、{imported} 取り込み)").format(
                        who=item.who, when=ymd(item.at), imported=ymd(item.imported_at))))
                else:
                    lines.append((self.tr("引き継ぎ先:"), self.tr(
                        "{who}({when} パッケージ作成、同意 {consent} {how})").format(
                        who=item.who or self.tr("パスフレーズで暗号化"), when=ymd(item.at),
                        consent=ymd(item.consent_on), how=item.consent_how)))
            # One move: its own row label (引き継ぎ元 / 引き継ぎ先); more: each line says.
            label = self._referral_form.labelForField(self.referral_label)
            if isinstance(label, QLabel):
                label.setText(lines[0][0] if len(lines) == 1 else self.tr("引き継ぎ:"))
            self.referral_label.setText(lines[0][1] if len(lines) == 1 else "\n".join(
                f"{heading} {text}" for heading, text in lines))
            self._referral_form.setRowVisible(self.referral_label, bool(lines))

        ops.read(referral_notes, engagement_id=engagement_id).success(show).run(self.worker)

    def open_referral_dialog(self) -> None:
        """引き継ぎパッケージを作成…: this engagement for another centre's practitioner."""
        from companion.ui.dialogs.referral_export import ReferralExportDialog

        if self.detail is None or self.paths is None or self.settings is None:
            return
        summary = self.detail.summary
        dialog = ReferralExportDialog(
            worker=self.worker, paths=self.paths, settings=self.settings,
            engagement_id=summary.id, client_name=summary.client_name, today=self.today,
            parent=self, opener=self.opener)
        dialog.written.connect(lambda _result, shown=summary.id: self.load_referrals(shown))
        self._open_export(dialog)  # type: ignore[arg-type]
