"""An engagement's visits as a timeline, and the change history of one visit.

The timeline shows every saved visit, newest first, as a card: when and how, the
purpose, the start of the notes, what was found (強み・課題), the next actions still
open, attachments, and whether it was amended. Enter (or a double click) opens the
visit for reading and amending; 変更履歴 shows each amendment with the text before it,
read from the change log. ``VisitReadDialog`` shows one visit to read, the words of a
search marked in it.
"""

from __future__ import annotations

import html
import uuid
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QStackedLayout,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from companion.domain.enums import Owner, VisitMode
from companion.errors import KnownError
from companion.ui import ops
from companion.ui.formatting import ymd, ymd_hm
from companion.ui.i18n import vocabulary_label
from companion.ui.models.rows import ROW_ROLE
from companion.ui.models.visit_timeline import VisitTimelineModel, open_action_count
from companion.ui.widgets.attachments import while_alive
from companion.ui.widgets.common import EmptyState

if TYPE_CHECKING:
    from companion.services.visits.capture import VisitRecord
    from companion.services.visits.timeline import TimelineEntry, VisitRevision
    from companion.ui.tasks import DbWorker, Job

WEEKDAYS = "月火水木金土日"
MODE_COLOURS = {"訪問": "#2e7d32", "オンライン": "#1565c0", "電話": "#6a1b9a", "来所": "#ef6c00"}
CARD_LINES = 5


def _one_line(text: str) -> str:
    return " ".join(text.split())


def when_text(entry: TimelineEntry) -> str:
    start = entry.started_at.astimezone()
    text = f"{ymd(start.date())}({WEEKDAYS[start.weekday()]}) {start:%H:%M}"
    if entry.ended_at is not None:
        text += f"–{entry.ended_at.astimezone():%H:%M}"
    return text


class TimelineDelegate(QStyledItemDelegate):
    """Paints a visit as a card (only the visible ones are painted)."""

    def sizeHint(self, option: QStyleOptionViewItem,
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        line = option.fontMetrics.lineSpacing()
        return QSize(400, line * CARD_LINES + 26)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        entry = index.data(ROW_ROLE)
        if entry is None:
            return
        painter.save()
        palette = option.palette
        rect = QRect(option.rect).adjusted(4, 3, -4, -3)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid), 1))
        painter.setBrush(palette.color(QPalette.ColorRole.Highlight).lighter(185) if selected
                         else palette.color(QPalette.ColorRole.Base))
        painter.drawRoundedRect(rect, 5, 5)
        accent = QColor(MODE_COLOURS.get(str(entry.mode), "#607d8b"))
        painter.fillRect(QRect(rect.left(), rect.top() + 1, 4, rect.height() - 1), accent)

        font = QFont(option.font)
        metrics = QFontMetrics(font)
        line = metrics.lineSpacing()
        left = rect.left() + 14
        width = rect.width() - 24
        y = rect.top() + 6
        text_colour = palette.color(QPalette.ColorRole.Text)
        muted = palette.color(QPalette.ColorRole.PlaceholderText)

        # line 1: when, mode badge, place … right: amended, attachments
        bold = QFont(font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(text_colour)
        when = when_text(entry)
        painter.drawText(QRect(left, y, width, line), Qt.AlignmentFlag.AlignLeft, when)
        x = left + QFontMetrics(bold).horizontalAdvance(when) + 10
        badge = str(entry.mode)
        badge_width = metrics.horizontalAdvance(badge) + 12
        painter.setFont(font)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(accent)
        painter.drawRoundedRect(QRect(x, y + 1, badge_width, line - 2), 4, 4)
        painter.setPen(QColor("white"))
        painter.drawText(QRect(x, y, badge_width, line), Qt.AlignmentFlag.AlignCenter, badge)
        x += badge_width + 10
        marks = []
        if entry.attachments:
            marks.append(self.tr("添付{n}").format(n=entry.attachments))
        if entry.amended_at is not None:
            marks.append(self.tr("修正 {when}").format(when=ymd_hm(entry.amended_at)))
        right = "・".join(marks)
        right_width = metrics.horizontalAdvance(right) + 4 if right else 0
        painter.setPen(muted)
        painter.drawText(QRect(x, y, max(0, left + width - x - right_width - 8), line),
                         Qt.AlignmentFlag.AlignLeft,
                         metrics.elidedText(entry.place, Qt.TextElideMode.ElideRight,
                                            max(0, left + width - x - right_width - 8)))
        if right:
            painter.drawText(QRect(left + width - right_width, y, right_width, line),
                             Qt.AlignmentFlag.AlignRight, right)

        # line 2: purpose
        y += line
        painter.setFont(bold)
        painter.setPen(text_colour)
        painter.drawText(QRect(left, y, width, line), Qt.AlignmentFlag.AlignLeft,
                         QFontMetrics(bold).elidedText(entry.purpose or self.tr("(目的なし)"),
                                                       Qt.TextElideMode.ElideRight, width))
        # line 3: notes
        y += line
        painter.setFont(font)
        painter.drawText(QRect(left, y, width, line), Qt.AlignmentFlag.AlignLeft,
                         metrics.elidedText(_one_line(entry.notes), Qt.TextElideMode.ElideRight,
                                            width))
        # line 4: findings
        y += line
        findings = []
        if entry.strengths.strip():
            findings.append(self.tr("強み: {text}").format(text=_one_line(entry.strengths)))
        if entry.issues.strip():
            findings.append(self.tr("課題: {text}").format(text=_one_line(entry.issues)))
        if entry.decisions.strip():
            findings.append(self.tr("決定: {text}").format(text=_one_line(entry.decisions)))
        painter.setPen(muted)
        painter.drawText(QRect(left, y, width, line), Qt.AlignmentFlag.AlignLeft,
                         metrics.elidedText(" / ".join(findings), Qt.TextElideMode.ElideRight,
                                            width))
        # line 5: next actions and follow-up
        y += line
        parts = []
        if entry.actions:
            open_count = open_action_count(entry)
            parts.append(self.tr("次のアクション {n}件(未完了 {open})").format(
                n=len(entry.actions), open=open_count))
            first_open = next((a for a in entry.actions if a.done_at is None), None)
            if first_open is not None:
                owner = vocabulary_label(Owner, str(first_open.owner))
                if first_open.due_on:
                    parts.append(self.tr("「{text}」({owner}・{day}まで)").format(
                        text=first_open.text, owner=owner, day=ymd(first_open.due_on)))
                else:
                    parts.append(self.tr("「{text}」({owner})").format(
                        text=first_open.text, owner=owner))
        if entry.follow_up_on is not None:
            state = self.tr("済") if entry.follow_up_done_at else self.tr("未")
            parts.append(self.tr("フォロー {day}({state})").format(day=ymd(entry.follow_up_on),
                                                                   state=state))
        painter.setPen(text_colour)
        painter.drawText(QRect(left, y, width, line), Qt.AlignmentFlag.AlignLeft,
                         metrics.elidedText("・".join(parts), Qt.TextElideMode.ElideRight, width))
        painter.restore()


class VisitTimeline(QWidget):
    """The visits of one engagement, newest first."""

    open_visit = Signal(object)  # uuid.UUID
    record_requested = Signal()  # 訪問を記録 in the empty state: a visit for this engagement
    loaded = Signal()

    def __init__(self, worker: DbWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.engagement_id: uuid.UUID | None = None
        self._job: Job | None = None
        self.model = VisitTimelineModel(self)
        self.view = QListView()
        self.view.setModel(self.model)
        self.view.setItemDelegate(TimelineDelegate(self.view))
        self.view.setUniformItemSizes(True)
        self.view.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.view.setSelectionMode(QListView.SelectionMode.SingleSelection)
        self.view.setSpacing(1)
        self.view.activated.connect(self._activated)
        self.view.setToolTip(self.tr("Enter またはダブルクリックで開く"))
        self.empty = QWidget()
        self.empty_label = EmptyState(self.tr("この案件の訪問記録はまだありません。\n"
                                              "訪問・相談のたびに記録すると、ここに新しい順に並びます。"))
        self.first_visit_button = QPushButton(self.tr("訪問を記録"))
        self.first_visit_button.setToolTip(self.tr("この案件の訪問・相談を記録します(Ctrl+N)"))
        self.first_visit_button.clicked.connect(
            lambda _checked=False: self.record_requested.emit())
        empty_layout = QVBoxLayout(self.empty)
        empty_layout.addStretch(1)
        empty_layout.addWidget(self.empty_label)
        empty_layout.addWidget(self.first_visit_button, 0, Qt.AlignmentFlag.AlignHCenter)
        empty_layout.addStretch(2)
        self.stack = QStackedLayout()
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.empty)
        self.open_button = QPushButton(self.tr("開く(Enter)"))
        self.open_button.clicked.connect(self.open_selected)
        self.history_button = QPushButton(self.tr("変更履歴…"))
        self.history_button.setToolTip(self.tr("選んだ訪問記録の修正の履歴(修正前の文章と時刻)"))
        self.history_button.clicked.connect(self.show_history)
        self.count_label = QLabel()
        buttons = QHBoxLayout()
        buttons.addWidget(self.count_label)
        buttons.addStretch(1)
        buttons.addWidget(self.history_button)
        buttons.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.stack, 1)
        layout.addLayout(buttons)

    def show_engagement(self, engagement_id: uuid.UUID) -> None:
        if self._job is not None:
            self._job.cancel()
        self.engagement_id = engagement_id
        from companion.services.visits.timeline import engagement_timeline

        self._job = ops.read(engagement_timeline, engagement_id=engagement_id) \
            .named("visit_timeline").success(while_alive(self, self._show)).run(self.worker)

    def reload(self) -> None:
        if self.engagement_id is not None:
            self.show_engagement(self.engagement_id)

    def _show(self, entries: Any) -> None:
        self._job = None
        chosen = self._selected()
        self.model.set_entries(entries)
        self.stack.setCurrentWidget(self.view if entries else self.empty)
        self.count_label.setText(self.tr("{n}件(新しい順)").format(n=len(entries)))
        self.open_button.setEnabled(bool(entries))
        self.history_button.setEnabled(bool(entries))
        if entries:  # the visit chosen before a reload stays chosen
            row = next((r for r, e in enumerate(entries) if chosen and e.id == chosen.id), 0)
            self.view.setCurrentIndex(self.model.index(row, 0))
        self.loaded.emit()

    def _selected(self) -> TimelineEntry | None:
        index = self.view.currentIndex()
        return self.model.entry_at(index.row()) if index.isValid() else None

    def _activated(self, index: QModelIndex | QPersistentModelIndex) -> None:
        if index.isValid():
            self.open_visit.emit(self.model.entry_at(index.row()).id)

    def open_selected(self) -> None:
        entry = self._selected()
        if entry is not None:
            self.open_visit.emit(entry.id)

    def show_history(self) -> None:
        entry = self._selected()
        if entry is None:
            return
        dialog = VisitHistoryDialog(self.worker, entry.id, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()


def history_html(revisions: list[VisitRevision]) -> str:
    """The revisions as a readable page: newest first, each change with before and after."""
    parts = []
    saved = QCoreApplication.translate("VisitHistoryDialog", "保存")
    kinds = {"作成": saved, "確定": saved, "下書き": QCoreApplication.translate("VisitHistoryDialog", "下書き(自動保存)"),
             "修正": QCoreApplication.translate("VisitHistoryDialog", "修正"), "削除": QCoreApplication.translate("VisitHistoryDialog", "削除")}
    empty = QCoreApplication.translate("VisitHistoryDialog", "(空)")
    for revision in reversed(revisions):
        title = f"{ymd_hm(revision.at)} {kinds.get(revision.kind, revision.kind)}"
        parts.append(f"<h3>{html.escape(title)}</h3>")
        if not revision.changes:
            continue
        rows = "".join(
            "<tr><td style='padding:4px 8px; white-space:nowrap; vertical-align:top'><b>"
            f"{html.escape(change.label)}</b></td>"
            "<td style='padding:4px 8px; vertical-align:top; color:#8e2c20'>"
            f"{html.escape(change.before).replace(chr(10), '<br>') or empty}</td>"
            "<td style='padding:4px 8px; vertical-align:top'>→</td>"
            "<td style='padding:4px 8px; vertical-align:top; color:#1b5e20'>"
            f"{html.escape(change.after).replace(chr(10), '<br>') or empty}</td></tr>"
            for change in revision.changes)
        before = html.escape(QCoreApplication.translate("VisitHistoryDialog", "修正前"))
        after = html.escape(QCoreApplication.translate("VisitHistoryDialog", "修正後"))
        parts.append("<table cellspacing='0' style='margin-bottom:8px'>"
                     f"<tr><th></th><th align='left'>{before}</th><th></th>"
                     f"<th align='left'>{after}</th></tr>"
                     f"{rows}</table>")
    return "".join(parts)


class VisitHistoryDialog(QDialog):
    """変更履歴: when the visit was saved and every amendment, with the earlier text."""

    loaded = Signal()

    def __init__(self, worker: DbWorker, visit_id: uuid.UUID,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.setWindowTitle(self.tr("訪問記録の変更履歴"))
        self.setMinimumSize(560, 400)
        self.resize(760, 560)
        self.revisions: list[VisitRevision] = []
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.setPlainText(self.tr("読み込み中…"))
        close = QPushButton(self.tr("閉じる"))
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(QLabel(self.tr("保存した後の修正は、修正前の文章とともにすべて残ります。")), 1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addLayout(buttons)
        from companion.services.visits.timeline import visit_history

        ops.read(visit_history, visit_id=visit_id).success(while_alive(self, self._show)) \
            .failure(while_alive(self, self._failed)).run(worker)

    def _show(self, revisions: Any) -> None:
        self.revisions = list(revisions)
        self.browser.setHtml(history_html(self.revisions))
        self.loaded.emit()

    def _failed(self, error: BaseException) -> None:
        if not isinstance(error, KnownError):
            self.worker.report_error(error)
            return
        self.browser.setPlainText(error.message)
        self.loaded.emit()


def visit_html(record: VisitRecord, terms: list[str]) -> str:
    """A visit as a page to read: when, how, where, who, then every text field, with
    the searched words in bold colour."""
    from companion.ui.views.search_results import highlighted_html

    def text(value: str) -> str:
        return highlighted_html(value, terms).replace("\n", "<br>")

    draft = record.draft
    start = draft.started_at.astimezone()
    when = f"{ymd(start.date())}({WEEKDAYS[start.weekday()]}) {start:%H:%M}"
    if draft.ended_at is not None:
        when += f"–{draft.ended_at.astimezone():%H:%M}"
    facts = [(QCoreApplication.translate("VisitReadDialog", "日時"), html.escape(when)),
             (QCoreApplication.translate("VisitReadDialog", "方式"),
              html.escape(vocabulary_label(VisitMode, str(draft.mode))))]
    if draft.place:
        facts.append((QCoreApplication.translate("VisitReadDialog", "場所"), text(draft.place)))
    if draft.attendees:
        facts.append((QCoreApplication.translate("VisitReadDialog", "同席者"),
                      text(draft.attendees)))
    rows = "".join(f"<tr><td style='padding:2px 12px 2px 0; white-space:nowrap'><b>{label}</b>"
                   f"</td><td style='padding:2px 0'>{value}</td></tr>" for label, value in facts)
    purpose = draft.purpose or QCoreApplication.translate("VisitReadDialog", "(目的なし)")
    parts = [f"<h2>{text(purpose)}</h2>",
             f"<p>{html.escape(record.client_name)} — {html.escape(record.engagement_title)}</p>",
             f"<table cellspacing='0'>{rows}</table>"]
    sections = ((QCoreApplication.translate("VisitReadDialog", "記録"), draft.notes),
                (QCoreApplication.translate("VisitReadDialog", "強み"), draft.strengths),
                (QCoreApplication.translate("VisitReadDialog", "課題"), draft.issues),
                (QCoreApplication.translate("VisitReadDialog", "決定事項"), draft.decisions))
    for label, value in sections:
        if value.strip():
            parts.append(f"<h3>{html.escape(label)}</h3><p>{text(value)}</p>")
    if draft.actions:
        items = []
        for action in draft.actions:
            due = (QCoreApplication.translate("VisitReadDialog", "・{day}まで").format(
                day=ymd(action.due_on)) if action.due_on else "")
            done = QCoreApplication.translate("VisitReadDialog", "(完了)") if action.done else ""
            owner = vocabulary_label(Owner, str(action.owner))
            items.append(f"<li>{text(action.text)}({html.escape(owner + due)}){done}</li>")
        heading = html.escape(QCoreApplication.translate("VisitReadDialog", "次のアクション"))
        parts.append(f"<h3>{heading}</h3><ul>{''.join(items)}</ul>")
    return "".join(parts)


class VisitReadDialog(QDialog):
    """A saved visit to read (opened from a search hit, the searched words marked);
    修正… opens it in the visit form, 案件を開く its engagement."""

    loaded = Signal()
    amend_requested = Signal(object)  # uuid.UUID of the visit
    engagement_requested = Signal(object)  # uuid.UUID of its engagement

    def __init__(self, worker: DbWorker, visit_id: uuid.UUID, *, terms: list[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.visit_id = visit_id
        self.terms = list(terms)
        self.record: VisitRecord | None = None
        self.setWindowTitle(self.tr("訪問記録"))
        self.setMinimumSize(520, 380)
        self.resize(760, 600)
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.setPlainText(self.tr("読み込み中…"))
        self.amend_button = QPushButton(self.tr("修正…"))
        self.amend_button.setToolTip(self.tr("訪問記録のフォームで開いて修正します"))
        self.amend_button.clicked.connect(self._amend)
        self.engagement_button = QPushButton(self.tr("案件を開く"))
        self.engagement_button.clicked.connect(self._open_engagement)
        close = QPushButton(self.tr("閉じる"))
        close.clicked.connect(self.accept)
        for button in (self.amend_button, self.engagement_button):
            button.setEnabled(False)
            button.setAutoDefault(False)
        close.setDefault(True)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.engagement_button)
        buttons.addWidget(self.amend_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addLayout(buttons)
        from companion.services.visits.capture import load_visit

        ops.read(load_visit, visit_id=visit_id).success(while_alive(self, self._show)) \
            .failure(while_alive(self, self._failed)).run(worker)

    def _show(self, record: Any) -> None:
        self.record = record
        self.setWindowTitle(self.tr("訪問記録 — {client}").format(client=record.client_name))
        self.browser.setHtml(visit_html(record, self.terms))
        self.amend_button.setEnabled(True)
        self.engagement_button.setEnabled(True)
        self._scroll_to_first_term()
        self.loaded.emit()

    def _scroll_to_first_term(self) -> None:
        for term in self.terms:
            if self.browser.find(term):
                cursor = self.browser.textCursor()
                cursor.clearSelection()
                self.browser.setTextCursor(cursor)
                self.browser.ensureCursorVisible()
                return

    def _failed(self, error: BaseException) -> None:
        if not isinstance(error, KnownError):
            self.worker.report_error(error)
            return
        self.browser.setPlainText(error.message)
        self.loaded.emit()

    def _amend(self) -> None:
        self.amend_requested.emit(self.visit_id)
        self.accept()

    def _open_engagement(self) -> None:
        if self.record is not None:
            self.engagement_requested.emit(self.record.draft.engagement_id)
            self.accept()
