"""検索結果: hits of the toolbar search (Ctrl+F), grouped by engagement, newest first.

The left list groups the hits by engagement (most hits first, すべての案件 on top);
choosing one shows only its hits. The words searched for are drawn in bold colour in
the 見出し and 抜粋 columns. Filters narrow the search itself: a period, a visit mode
and a sponsor (``services.search.search``'s keyword filters). A hit opens its
engagement; a visit hit opens the visit to read, the searched words marked in it
(``VisitReadDialog``: 修正… there opens the visit form, open_visit). Long 見出し and
抜粋 end in "…"; the 抜粋 column takes the width left over.
"""

from __future__ import annotations

import html
import uuid
from datetime import date
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import (
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    QRectF,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QFont,
    QFontMetrics,
    QPainter,
    QPalette,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedLayout,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from companion.domain.enums import VisitMode
from companion.errors import KnownError, ValidationError
from companion.ui import ops
from companion.ui.i18n import vocabulary_label
from companion.ui.models.search_groups import EngagementHitProxy, SearchGroupModel, group_hits
from companion.ui.models.search_table import SearchHitModel
from companion.ui.views.base import Page
from companion.ui.widgets.common import (
    EmptyState,
    error_style,
    make_table,
    page_title,
    set_column_widths,
    stretch_column,
)

if TYPE_CHECKING:
    from companion.services.search import SearchHit
    from companion.ui.tasks import DbWorker, Job
    from companion.ui.views.visit_timeline import VisitReadDialog

SEARCH_LIMIT = 200
HIGHLIGHT = "#c0392b"
MATCH_LEAD = 8  # characters of context kept before a match on screen


def query_terms(query: str) -> list[str]:
    """The words of a query as the search splits them (full-width spaces too)."""
    return query.replace("\u3000", " ").split()


def bring_match_forward(text: str, lead: int = MATCH_LEAD) -> str:
    """Cut the context before the 【】-marked match to a few characters, so the match
    shows even in a narrow column."""
    at = text.find("【")
    if at <= lead + 1:
        return text
    return "…" + text[at - lead:]


def highlighted_html(text: str, terms: list[str], colour: str = HIGHLIGHT) -> str:
    """The text as HTML with every searched word in bold colour; the 【】 the search put
    around the first match are taken off (they only mark it for plain-text output)."""
    for term in terms:
        text = text.replace(f"【{term}】", term)
    escaped = html.escape(text)
    for term in sorted({html.escape(t) for t in terms if t}, key=len, reverse=True):
        escaped = escaped.replace(term, f"\x00{term}\x01")
    return (escaped.replace("\x00", f"<b style='color:{colour}'>")
            .replace("\x01", "</b>"))


def elide(text: str, font: QFont, width: int) -> str:
    """The text cut to ``width`` pixels with "…" at the end (Qt.ElideRight); the words
    drawn bold take a little more room, so it is measured in the bold font."""
    bold = QFont(font)
    bold.setBold(True)
    return QFontMetrics(bold).elidedText(text, Qt.TextElideMode.ElideRight, max(0, width))


class HighlightDelegate(QStyledItemDelegate):
    """Draws a cell's text on one line with the searched words in bold colour, cut with
    "…" when it does not fit."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.terms: list[str] = []

    def shown_text(self, text: str, font: QFont, width: int) -> str:
        """What the cell shows of ``text`` in ``width`` pixels (the 【】 marks off)."""
        plain = text
        for term in self.terms:
            plain = plain.replace(f"【{term}】", term)
        return elide(plain, font, width)

    def document(self, text: str, font: QFont, width: int) -> QTextDocument:
        document = QTextDocument()
        document.setDefaultFont(font)
        document.setDocumentMargin(0)
        shown = self.shown_text(text, font, width)
        document.setHtml(f"<span style='white-space:pre'>{highlighted_html(shown, self.terms)}</span>")
        return document

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        options = QStyleOptionViewItem(option)
        self.initStyleOption(options, index)
        text = options.text
        options.text = ""
        style = options.widget.style() if options.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, options, painter, options.widget)
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, options, options.widget)
        document = self.document(bring_match_forward(text), options.font, rect.width())
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(options.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        palette = QPalette(options.palette)
        palette.setColor(QPalette.ColorRole.Text, options.palette.color(role))
        context.palette = palette
        painter.save()
        painter.translate(rect.left(), rect.top() + (rect.height() - document.size().height()) / 2)
        painter.setClipRect(QRectF(0, -rect.height(), rect.width(), rect.height() * 3))
        document.documentLayout().draw(painter, context)
        painter.restore()


class SearchResultsPage(Page):
    open_visit = Signal(object)  # uuid.UUID of a visit hit

    def __init__(self, worker: DbWorker, parent: QWidget | None = None) -> None:
        super().__init__(worker, parent)
        self.query = ""
        self.terms: list[str] = []
        self._job: Job | None = None
        self._sponsors_loaded = False
        self.model = SearchHitModel(self)
        self.proxy = EngagementHitProxy(self)
        self.proxy.setSourceModel(self.model)
        self.summary_label = QLabel()
        self.table = make_table(sortable=True)
        self.table.setModel(self.proxy)
        self.table.sortByColumn(SearchHitModel.DATE, Qt.SortOrder.DescendingOrder)
        self.table.activated.connect(self._activated)
        self.table.setToolTip(self.tr("Enter またはダブルクリックで開く(訪問記録はその記録、ほかは案件)"))
        self.read_dialog: VisitReadDialog | None = None
        self.highlighter = HighlightDelegate(self.table)
        for column in (SearchHitModel.TITLE, SearchHitModel.SNIPPET):
            self.table.setItemDelegateForColumn(column, self.highlighter)
        set_column_widths(self.table, {0: 4, 1: 6, 2: 8, 3: 9, 4: 10})
        stretch_column(self.table, SearchHitModel.SNIPPET)  # the last column: Stretch
        self.empty = EmptyState()
        self.stack = QStackedLayout()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)

        self.group_model = SearchGroupModel(self)
        self.groups = make_table()
        self.groups.setModel(self.group_model)
        stretch_column(self.groups, 0)
        set_column_widths(self.groups, {1: 3})
        # Whole rows are chosen, so Tab has no cell to move to: it leaves the table for
        # the next control (and on to the navigation rail), as in the other lists.
        for table in (self.table, self.groups):
            table.setTabKeyNavigation(False)
        self.groups.selectionModel().currentRowChanged.connect(self._group_chosen)
        self.groups.setToolTip(self.tr("案件を選ぶと、その案件の結果だけを表示します"))

        # filters
        self.from_check = QCheckBox(self.tr("期間"))
        self.from_edit = QDateEdit()
        self.to_check = QCheckBox(self.tr("〜"))
        self.to_edit = QDateEdit()
        today = QDate.currentDate()
        for edit, day in ((self.from_edit, today.addYears(-1)), (self.to_edit, today)):
            edit.setDisplayFormat("yyyy/MM/dd")
            edit.setCalendarPopup(True)
            edit.setDate(day)
            edit.setEnabled(False)
        self.from_check.toggled.connect(self.from_edit.setEnabled)
        self.to_check.toggled.connect(self.to_edit.setEnabled)
        self.mode_combo = QComboBox()
        self.mode_combo.addItem(self.tr("すべての方式"), None)
        for mode in VisitMode:
            self.mode_combo.addItem(mode.value, mode.value)
        self.mode_combo.setToolTip(self.tr("方式を選ぶと訪問記録だけを探します"))
        self.sponsor_combo = QComboBox()
        self.sponsor_combo.addItem(self.tr("すべての委託元"), None)
        self.sponsor_combo.setMinimumContentsLength(12)
        self.clear_button = QPushButton(self.tr("条件をクリア"))
        self.clear_button.clicked.connect(self.clear_filters)
        self.filter_error = QLabel()
        self.filter_error.setObjectName("fieldError")
        self.filter_error.setStyleSheet(error_style(self))
        self.filter_error.hide()
        for signal in (self.from_check.toggled, self.to_check.toggled,
                       self.from_edit.dateChanged, self.to_edit.dateChanged,
                       self.mode_combo.currentIndexChanged,
                       self.sponsor_combo.currentIndexChanged):
            signal.connect(self._filters_changed)

        filters = QHBoxLayout()
        filters.addWidget(self.from_check)
        filters.addWidget(self.from_edit)
        filters.addWidget(self.to_check)
        filters.addWidget(self.to_edit)
        filters.addSpacing(12)
        filters.addWidget(QLabel(self.tr("方式")))
        filters.addWidget(self.mode_combo)
        filters.addSpacing(12)
        filters.addWidget(QLabel(self.tr("委託元")))
        filters.addWidget(self.sponsor_combo, 1)
        filters.addWidget(self.clear_button)

        results = QWidget()
        results_layout = QVBoxLayout(results)
        results_layout.setContentsMargins(0, 0, 0, 0)
        results_layout.addLayout(self.stack)
        self.open_visit_button = QPushButton(self.tr("訪問記録を開く"))
        self.open_visit_button.setToolTip(self.tr("選んだ訪問記録を開いて読む(修正はそこから)"))
        self.open_visit_button.clicked.connect(self._open_visit)
        self.open_visit_button.setEnabled(False)
        self.table.selectionModel().currentRowChanged.connect(self._hit_chosen)
        hit_buttons = QHBoxLayout()
        hit_buttons.addStretch(1)
        hit_buttons.addWidget(self.open_visit_button)
        results_layout.addLayout(hit_buttons)
        groups_box = QWidget()
        groups_layout = QVBoxLayout(groups_box)
        groups_layout.setContentsMargins(0, 0, 0, 0)
        groups_layout.addWidget(QLabel(self.tr("案件ごと")))
        groups_layout.addWidget(self.groups, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(groups_box)
        self.splitter.addWidget(results)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([240, 960])

        layout = QVBoxLayout(self)
        layout.addWidget(page_title(self.tr("検索結果")))
        layout.addLayout(filters)
        layout.addWidget(self.filter_error)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.splitter, 1)

    # -- filters ---------------------------------------------------------------------------

    def filters(self) -> dict[str, Any]:
        def day(check: QCheckBox, edit: QDateEdit) -> date | None:
            if not check.isChecked():
                return None
            value = edit.date().toPython()
            assert isinstance(value, date)
            return value

        return {"date_from": day(self.from_check, self.from_edit),
                "date_to": day(self.to_check, self.to_edit),
                "mode": self.mode_combo.currentData(),
                "sponsor_id": self.sponsor_combo.currentData()}

    def clear_filters(self) -> None:
        for widget in (self.from_check, self.to_check, self.mode_combo, self.sponsor_combo):
            widget.blockSignals(True)
        self.from_check.setChecked(False)
        self.to_check.setChecked(False)
        self.from_edit.setEnabled(False)
        self.to_edit.setEnabled(False)
        self.mode_combo.setCurrentIndex(0)
        self.sponsor_combo.setCurrentIndex(0)
        for widget in (self.from_check, self.to_check, self.mode_combo, self.sponsor_combo):
            widget.blockSignals(False)
        self._filters_changed()

    def _filters_changed(self, *_args: Any) -> None:
        if self.query:
            self.search(self.query)

    def _load_sponsors(self) -> None:
        if self._sponsors_loaded:
            return
        from companion.services.search import sponsor_choices

        self._sponsors_loaded = True
        ops.read(sponsor_choices).success(self._sponsors).run(self.worker)

    def _sponsors(self, sponsors: Any) -> None:
        current = self.sponsor_combo.currentData()
        self.sponsor_combo.blockSignals(True)
        while self.sponsor_combo.count() > 1:
            self.sponsor_combo.removeItem(1)
        for sponsor in sponsors:
            self.sponsor_combo.addItem(f"{sponsor.name}({sponsor.kind})", sponsor.id)
            if sponsor.id == current:
                self.sponsor_combo.setCurrentIndex(self.sponsor_combo.count() - 1)
        self.sponsor_combo.blockSignals(False)

    # -- searching ---------------------------------------------------------------------------

    def search(self, query: str) -> None:
        from companion.services.search import search

        if self._job is not None:
            self._job.cancel()
        self._load_sponsors()
        self.query = query.strip()
        self.terms = query_terms(self.query)
        self.highlighter.terms = self.terms
        self.has_data = False
        self.filter_error.hide()
        self.summary_label.setText(self.tr("「{query}」を検索しています…").format(query=self.query))
        self._job = ops.read(search, query=self.query, limit=SEARCH_LIMIT, **self.filters()) \
            .success(self._show).failure(self._failed).run(self.worker)

    def load(self) -> None:
        if self.query:
            self.search(self.query)

    def _active_filters(self) -> str:
        values = self.filters()
        parts = []
        if values["date_from"] or values["date_to"]:
            start = values["date_from"].strftime("%Y/%m/%d") if values["date_from"] else ""
            end = values["date_to"].strftime("%Y/%m/%d") if values["date_to"] else ""
            parts.append(f"{start}〜{end}")
        if values["mode"]:
            parts.append(vocabulary_label(VisitMode, values["mode"]))
        if values["sponsor_id"]:
            parts.append(self.sponsor_combo.currentText())
        return self.tr("(条件: {filters})").format(filters=self.tr("・").join(parts)) if parts else ""

    def _show(self, hits: Any) -> None:
        self._job = None
        chosen = self.proxy.engagement_id
        self.model.set_rows(hits)
        groups = group_hits(list(hits))
        self.group_model.set_rows(groups)
        keep = next((row for row, g in enumerate(groups) if g.engagement_id == chosen), 0)
        self.proxy.set_engagement(groups[keep].engagement_id if groups else None)
        if groups:
            self.groups.setCurrentIndex(self.group_model.index(keep, 0))
        more = self.tr("(新しい順に最大{limit}件)").format(limit=SEARCH_LIMIT) \
            if len(hits) >= SEARCH_LIMIT else ""
        engagements = max(0, len(groups) - 1)
        self.summary_label.setText(self.tr("「{query}」: {count}件{more}・{engagements}案件{filters}").format(
            query=self.query, count=len(hits), more=more, engagements=engagements,
            filters=self._active_filters()))
        self.empty.setText(self.tr(
            "「{query}」を含む訪問記録・案件・計画は見つかりませんでした。\n"
            "語を短くするか、別の言い方で試してください(空白で区切るとすべてを含むものを探します)。"
        ).format(query=self.query) + (self.tr("\n条件を外すと見つかるかもしれません。")
                                     if self._active_filters() else ""))
        self.stack.setCurrentWidget(self.table if hits else self.empty)
        self.mark_loaded()

    def _failed(self, error: BaseException) -> None:
        self._job = None
        if not isinstance(error, KnownError):
            self.worker.report_error(error)
            return
        self.model.set_rows([])
        self.group_model.set_rows([])
        if isinstance(error, ValidationError) and error.field in ("date_to", "date_from", "mode"):
            self.filter_error.setText(error.message)
            self.filter_error.show()
        self.summary_label.setText(str(error))
        self.empty.setText(str(error))
        self.stack.setCurrentWidget(self.empty)
        self.mark_loaded()

    def _group_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.proxy.set_engagement(self.group_model.group_at(current.row()).engagement_id)

    def _hit_at(self, row: int) -> SearchHit | None:
        source = self.proxy.mapToSource(self.proxy.index(row, 0))
        return self.model.hit_at(source.row()) if source.isValid() else None

    def _hit_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        hit = self._hit_at(current.row()) if current.isValid() else None
        self.open_visit_button.setEnabled(hit is not None and hit.kind == "visit")

    def _open_visit(self) -> None:
        index = self.table.currentIndex()
        hit = self._hit_at(index.row()) if index.isValid() else None
        if hit is not None and hit.kind == "visit":
            self.read_visit(hit.ref_id)

    def _activated(self, index: QModelIndex | QPersistentModelIndex) -> None:
        """Enter or a double click: a visit hit opens the visit to read (the searched
        words marked); an engagement or plan hit opens its engagement."""
        hit = self._hit_at(index.row()) if index.isValid() else None
        if hit is None:
            return
        if hit.kind == "visit":
            self.read_visit(hit.ref_id)
        else:
            self.open_engagement.emit(hit.engagement_id)

    def read_visit(self, visit_id: uuid.UUID) -> VisitReadDialog:
        from companion.ui.views.visit_timeline import VisitReadDialog

        if self.read_dialog is not None and shiboken6.isValid(self.read_dialog):
            self.read_dialog.close()
        dialog = VisitReadDialog(self.worker, visit_id, terms=self.terms, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.amend_requested.connect(self.open_visit)
        dialog.engagement_requested.connect(self.open_engagement)
        self.read_dialog = dialog
        dialog.show()
        return dialog
