"""報告書の所見…: the practitioner's own words in the 実施報告書 for one engagement and
fiscal year — 成果と今後の課題, 次年度の方針 and 自走化の状況.

The texts are read and saved through ``services.report_narratives`` on the database
worker (``ops``); saving is a write with an undo label. The summary the report would
otherwise print (made from the visits, the plan and the KPIs) is shown as a
placeholder and can be taken as a starting draft; an earlier year's texts can be taken
as a start for this year. A refusal (a text too long) is shown at its field and
nothing is saved.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QHBoxLayout, QPlainTextEdit, QPushButton, QWidget

from companion.ui.i18n import fiscal_year_text
from companion.ui.widgets.common import note
from companion.ui.widgets.forms import FormDialog

if TYPE_CHECKING:
    import uuid

    from companion.reports.builder import NarrativeEditing
    from companion.ui.tasks import DbWorker

FIELDS = ("achievements", "next_year_policy", "self_running")


class ReportNarrativeDialog(FormDialog):
    """Three text boxes, 下書き and 前年度 buttons, 保存 / キャンセル."""

    def __init__(self, worker: DbWorker, *, engagement_id: uuid.UUID, fiscal_year: int,
                 today: Callable[[], date] = date.today, wareki: bool = True,
                 parent: QWidget | None = None) -> None:
        year_text = fiscal_year_text(fiscal_year, wareki=wareki)
        super().__init__(worker, title=self.tr("報告書の所見（{year}）").format(year=year_text),
                         parent=parent)
        self.engagement_id = engagement_id
        self.fiscal_year = fiscal_year
        self.today = today
        self.wareki = wareki
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("国") * 52)
        self.editing: NarrativeEditing | None = None
        self.explanation = note(self.tr(
            "実施報告書の「成果と今後の課題」「次年度の方針」「自走化の状況」に載せる文章です。"
            "成果と今後の課題が空欄なら、記録から作った要約（灰色の文）が載ります。"
            "ほかの空欄は「（記載なし）」と載ります。"))
        self._layout.insertWidget(0, self.explanation)
        self.achievements = self._editor(6)
        self.next_year_policy = self._editor(4)
        self.self_running = self._editor(4)
        self.draft_button = QPushButton(self.tr("記録から下書きを作る"))
        self.draft_button.setToolTip(self.tr("記録から作った要約を「成果と今後の課題」に入れます"
                                             "（入力済みの文の後ろに足します）。"))
        self.draft_button.clicked.connect(self.use_draft)
        self.previous_button = QPushButton(self.tr("前年度の文章を使う"))
        self.previous_button.setToolTip(self.tr("前年度に書いた文章を、空欄の項目に入れます。"))
        self.previous_button.clicked.connect(self.use_previous)
        tools = QWidget()
        row = QHBoxLayout(tools)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.draft_button)
        row.addWidget(self.previous_button)
        row.addStretch(1)
        self.add_field("achievements", self.tr("成果と今後の課題:"), self.achievements)
        self.form.addRow("", tools)
        self.add_field("next_year_policy",
                       self.tr("次年度の方針:"), self.next_year_policy,
                       note=self.tr("{year}の方針").format(
                           year=fiscal_year_text(fiscal_year + 1, wareki=wareki)))
        self.add_field("self_running", self.tr("自走化の状況:"), self.self_running,
                       note=self.tr("事業者が自分で回せるようになったこと、支援者の関わり方の変化"))
        self._set_loading(True)

    def _editor(self, lines: int) -> QPlainTextEdit:
        editor = QPlainTextEdit()
        editor.setTabChangesFocus(True)
        editor.setMinimumHeight(self.fontMetrics().lineSpacing() * lines + 12)
        return editor

    def _set_loading(self, loading: bool) -> None:
        for widget in (self.achievements, self.next_year_policy, self.self_running,
                       self.save_button):
            widget.setEnabled(not loading)
        self.draft_button.setEnabled(not loading and bool(self.editing and self.editing.draft))
        previous = self.editing.year.previous if self.editing else None
        self.previous_button.setEnabled(not loading and previous is not None)

    # -- loading -------------------------------------------------------------------------

    def load(self) -> None:
        from companion.reports.builder import narrative_for_editing
        from companion.ui import ops

        ops.read(narrative_for_editing, engagement_id=self.engagement_id,
                 fiscal_year=self.fiscal_year, today=self.today()) \
            .success(self.show_loaded).failure(self._failed).run(self.worker)

    def show_loaded(self, editing: NarrativeEditing) -> None:
        self.editing = editing
        text = editing.year.text
        self.achievements.setPlainText(text.achievements)
        self.next_year_policy.setPlainText(text.next_year_policy)
        self.self_running.setPlainText(text.self_running)
        self.achievements.setPlaceholderText(editing.draft)
        if editing.year.previous_year is not None:
            self.previous_button.setText(self.tr("{year}の文章を使う").format(
                year=fiscal_year_text(editing.year.previous_year, wareki=self.wareki)))
        self._set_loading(False)

    # -- starting points ---------------------------------------------------------------

    def use_draft(self) -> None:
        if self.editing is None or not self.editing.draft:
            return
        current = self.achievements.toPlainText().rstrip()
        self.achievements.setPlainText(f"{current}\n\n{self.editing.draft}" if current
                                       else self.editing.draft)

    def use_previous(self) -> None:
        previous = self.editing.year.previous if self.editing else None
        if previous is None:
            return
        for name in FIELDS:
            editor = self._editor_of(name)
            if not editor.toPlainText().strip():
                editor.setPlainText(getattr(previous, name))

    def _editor_of(self, name: str) -> QPlainTextEdit:
        editor = self.fields[name]
        assert isinstance(editor, QPlainTextEdit)
        return editor

    # -- saving ------------------------------------------------------------------------

    def submit(self) -> None:
        from companion.services.report_narratives import NarrativeText, save_narrative

        text = NarrativeText(*(self._editor_of(name).toPlainText() for name in FIELDS))
        self.save(save_narrative, undo_label=self.tr("報告書の所見を保存"),
                  engagement_id=self.engagement_id, fiscal_year=self.fiscal_year, text=text,
                  today=self.today())

    def _failed(self, error: BaseException) -> None:
        if self.editing is None:  # loading failed: nothing to edit
            self._set_loading(True)
            self.save_button.setEnabled(False)
        super()._failed(error)
        if self.editing is None:
            self.save_button.setEnabled(False)


def open_report_narrative(parent: QWidget, *, worker: DbWorker, engagement_id: uuid.UUID,
                          fiscal_year: int, today: Callable[[], date] = date.today,
                          wareki: bool = True,
                          on_saved: Callable[[Any], None] | None = None) -> ReportNarrativeDialog:
    """Open the editor (window-modal) for one engagement and fiscal year; it loads its
    texts on the worker and closes when they are saved. Returns the dialog."""
    dialog = ReportNarrativeDialog(worker, engagement_id=engagement_id, fiscal_year=fiscal_year,
                                   today=today, wareki=wareki, parent=parent)
    if on_saved is not None:
        dialog.saved.connect(on_saved)
    dialog.load()
    dialog.open()
    return dialog
