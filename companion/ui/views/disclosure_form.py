"""The dialogs of the disclosure register: declare or amend a disclosure, end an
interest, and the annual 「今年度は変更なし」 confirmation.

The dialogs only collect input; the page runs the use case on the database worker and
either closes the dialog or hands the error back (``show_error``), so a refused input
leaves the dialog open with everything the user typed and nothing saved.
"""

from __future__ import annotations

import unicodedata
import uuid
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QDate, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from companion.domain.enums import DisclosureKind, DisclosureStatus
from companion.errors import ValidationError
from companion.ui.i18n import enum_label
from companion.ui.models.disclosure_table import DisclosureTableModel
from companion.ui.widgets.common import (
    error_style,
    make_table,
    note,
    set_column_widths,
    stretch_column,
)

if TYPE_CHECKING:
    from companion.services.disclosures import DisclosureDraft, DisclosureLine, FormChoices

ENGAGEMENT_ID_ROLE = Qt.ItemDataRole.UserRole + 10
AUTO_TICKED_ROLE = Qt.ItemDataRole.UserRole + 11  # ticked by the form, not the user


def date_edit(day: date) -> QDateEdit:
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy/MM/dd")
    edit.setMinimumDate(QDate(1950, 1, 1))
    edit.setMaximumDate(QDate(2100, 12, 31))
    return edit


def day_of(edit: QDateEdit) -> date:
    value = edit.date()
    return date(value.year(), value.month(), value.day())


def parse_amount(text: str) -> int | None:
    """「500,000」「５０万」 are not guessed at: digits (any width), commas and 円 only."""
    cleaned = unicodedata.normalize("NFKC", text).replace(",", "").replace("円", "").strip()
    if not cleaned:
        return None
    if not cleaned.isdigit():
        raise ValidationError(
            QCoreApplication.translate("DisclosureFormDialog", "金額は円単位の数字で入力してください(例: 500000)。"),
            field="amount_yen")
    return int(cleaned)


def parse_share(text: str) -> float | None:
    cleaned = unicodedata.normalize("NFKC", text).replace("%", "").strip()
    if not cleaned:
        return None
    try:
        return float(cleaned)
    except ValueError:
        raise ValidationError(
            QCoreApplication.translate("DisclosureFormDialog", "持分は%の数字で入力してください(例: 1.5)。"),
            field="share_percent") from None


class _ErrorLabel(QLabel):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("formError")
        self.setWordWrap(True)
        self.setStyleSheet(error_style(self))
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setVisible(False)

    def show_message(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))


@dataclass(frozen=True)
class Submission:
    draft: DisclosureDraft
    reason: str


class DisclosureFormDialog(QDialog):
    """Declare a new disclosure, or amend one (a new version with a reason)."""

    submitted = Signal(object)  # Submission

    def __init__(self, *, choices: FormChoices, today: date, draft: DisclosureDraft | None = None,
                 number: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.amending = draft is not None
        self.choices = choices
        self.setWindowTitle(self.tr("開示{n}を変更").format(n=number) if self.amending
                            else self.tr("利益相反の開示(新規)"))
        self.setMinimumSize(720, 640)

        self.kind_combo = QComboBox()
        for kind in DisclosureKind:
            self.kind_combo.addItem(kind.value, kind.value)

        self.client_radio = QRadioButton(self.tr("支援先の事業者"))
        self.other_radio = QRadioButton(self.tr("その他の事業者・個人"))
        group = QButtonGroup(self)
        group.addButton(self.client_radio)
        group.addButton(self.other_radio)
        self.client_combo = QComboBox()
        for client in choices.clients:
            self.client_combo.addItem(client.name, client.id.hex)
        self.other_edit = QLineEdit()
        self.other_edit.setPlaceholderText(self.tr("例: 合同会社しらかみ観光"))
        counterpart = QGridLayout()
        counterpart.addWidget(self.client_radio, 0, 0)
        counterpart.addWidget(self.client_combo, 0, 1)
        counterpart.addWidget(self.other_radio, 1, 0)
        counterpart.addWidget(self.other_edit, 1, 1)
        counterpart.setColumnStretch(1, 1)
        if not choices.clients:
            self.client_radio.setEnabled(False)
            self.client_combo.setEnabled(False)
        self.client_radio.toggled.connect(self._counterpart_mode)
        self.client_combo.currentIndexChanged.connect(self._client_chosen)

        self.engagement_model = QStandardItemModel(self)
        for engagement in choices.engagements:
            item = QStandardItem(self.tr("{title}({client}・{status})").format(
                title=engagement.title, client=engagement.client_name,
                status=enum_label(engagement.status)))
            item.setCheckable(True)
            item.setEditable(False)
            item.setData(engagement.id.hex, ENGAGEMENT_ID_ROLE)
            self.engagement_model.appendRow(item)
        self.engagement_list = QListView()
        self.engagement_list.setModel(self.engagement_model)
        self.engagement_list.setMinimumHeight(self.fontMetrics().height() * 5)

        self.amount_edit = QLineEdit()
        self.amount_edit.setPlaceholderText(self.tr("円(例: 500000)"))
        self.share_edit = QLineEdit()
        self.share_edit.setPlaceholderText(self.tr("%(例: 1.5)"))
        money = QHBoxLayout()
        money.addWidget(self.amount_edit, 1)
        money.addWidget(QLabel(self.tr("持分:")))
        money.addWidget(self.share_edit, 1)
        self.role_edit = QLineEdit()
        self.role_edit.setPlaceholderText(self.tr("例: 社外取締役、顧問"))

        self.started_edit = date_edit(today)
        self.ended_check = QCheckBox(self.tr("終了日:"))
        self.ended_edit = date_edit(today)
        self.ended_edit.setEnabled(False)
        self.ended_check.toggled.connect(self.ended_edit.setEnabled)
        self.declared_edit = date_edit(today)
        dates = QHBoxLayout()
        dates.addWidget(self.started_edit)
        dates.addSpacing(12)
        dates.addWidget(self.ended_check)
        dates.addWidget(self.ended_edit)
        dates.addSpacing(12)
        dates.addWidget(QLabel(self.tr("申告日:")))
        dates.addWidget(self.declared_edit)
        dates.addStretch(1)

        self.description_edit = QPlainTextEdit()
        self.description_edit.setPlaceholderText(self.tr(
            "例: 道の駅を運営する第三セクターへの少額出資。議決権はあるが経営には関与しない。"))
        self.mitigation_edit = QPlainTextEdit()
        self.mitigation_edit.setPlaceholderText(self.tr(
            "例: 出資先への支援の判断は委託元の担当者と共有し、年1回、第三者のレビューを受ける。"))
        for edit in (self.description_edit, self.mitigation_edit):
            edit.setTabChangesFocus(True)
            edit.setMinimumHeight(self.fontMetrics().height() * 3 + 12)

        self.status_combo = QComboBox()
        statuses = [DisclosureStatus.DISCLOSED, DisclosureStatus.DRAFT]
        if self.amending:
            statuses.append(DisclosureStatus.ENDED)
        for status in statuses:
            self.status_combo.addItem(status.value, status.value)
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText(self.tr("例: 追加出資により金額と持分を変更"))

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.addRow(self.tr("種類:"), self.kind_combo)
        form.addRow(self.tr("相手先:"), counterpart)
        form.addRow(self.tr("関連する案件:"), self.engagement_list)
        form.addRow(self.tr("金額:"), money)
        form.addRow(self.tr("役職:"), self.role_edit)
        form.addRow(self.tr("開始日:"), dates)
        form.addRow(self.tr("内容:"), self.description_edit)
        form.addRow(self.tr("管理方法:"), self.mitigation_edit)
        form.addRow(self.tr("状態:"), self.status_combo)
        if self.amending:
            form.addRow(self.tr("変更の理由:"), self.reason_edit)
        else:
            self.reason_edit.setVisible(False)

        self.error_label = _ErrorLabel()
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(
            self.tr("新しい版として保存") if self.amending else self.tr("開示を登録"),
            QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setToolTip(self.tr("保存(Ctrl+Enter)"))
        buttons.addButton(self.tr("キャンセル"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Return), self, self.submit)

        layout = QVBoxLayout(self)
        if self.amending:
            layout.addWidget(note(self.tr(
                "変更は新しい版として記録され、以前の版はそのまま残ります。何も変えずに保存することは"
                "できません。")))
        layout.addLayout(form, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

        self._fields: dict[str, QWidget] = {
            "counterpart_name": self.other_edit, "amount_yen": self.amount_edit,
            "share_percent": self.share_edit, "ended_on": self.ended_edit,
            "started_on": self.started_edit, "reason": self.reason_edit,
            "role_title": self.role_edit, "mitigation": self.mitigation_edit,
        }
        if draft is not None:
            self._fill(draft, today)
        else:
            (self.client_radio if choices.clients else self.other_radio).setChecked(True)
            self._counterpart_mode()
        self.kind_combo.setFocus()

    # -- filling and reading ------------------------------------------------------------

    def _fill(self, draft: DisclosureDraft, today: date) -> None:
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(draft.kind.value))
        client = draft.counterpart_client_id
        client_index = self.client_combo.findData(client.hex) if client is not None else -1
        if client_index >= 0:
            self.client_radio.setChecked(True)
            self.client_combo.setCurrentIndex(client_index)
        else:
            self.other_radio.setChecked(True)
            self.other_edit.setText(draft.counterpart_name)
        self._counterpart_mode()
        linked = {engagement.hex for engagement in draft.engagement_ids}
        first = None
        for row in range(self.engagement_model.rowCount()):
            item = self.engagement_model.item(row)
            if item.data(ENGAGEMENT_ID_ROLE) in linked:
                item.setCheckState(Qt.CheckState.Checked)
                first = first if first is not None else item.index()
        if first is not None:
            self.engagement_list.scrollTo(first, QListView.ScrollHint.PositionAtTop)
        self.amount_edit.setText("" if draft.amount_yen is None else str(draft.amount_yen))
        self.share_edit.setText("" if draft.share_percent is None else f"{draft.share_percent:g}")
        self.role_edit.setText(draft.role_title)
        self.started_edit.setDate(QDate(draft.started_on.year, draft.started_on.month,
                                        draft.started_on.day))
        if draft.ended_on is not None:
            self.ended_check.setChecked(True)
            self.ended_edit.setDate(QDate(draft.ended_on.year, draft.ended_on.month,
                                          draft.ended_on.day))
        self.declared_edit.setDate(QDate(today.year, today.month, today.day))
        self.description_edit.setPlainText(draft.description)
        self.mitigation_edit.setPlainText(draft.mitigation)
        index = self.status_combo.findData(draft.status.value)
        self.status_combo.setCurrentIndex(max(index, 0))

    def _counterpart_mode(self, _checked: bool = False) -> None:
        by_client = self.client_radio.isChecked()
        self.client_combo.setEnabled(by_client)
        self.other_edit.setEnabled(not by_client)
        if by_client:
            self._fields["counterpart_name"] = self.client_combo
            self._client_chosen()
        else:
            self._fields["counterpart_name"] = self.other_edit

    def _client_chosen(self, _index: int = -1) -> None:
        """A new declaration about a supported business usually concerns its engagements:
        tick them, unless the user has already chosen some."""
        if self.amending or not self.client_radio.isChecked():
            return
        client_id = self.client_combo.currentData()
        items = [self.engagement_model.item(row) for row in range(self.engagement_model.rowCount())]
        if any(item.checkState() == Qt.CheckState.Checked and not item.data(AUTO_TICKED_ROLE)
               for item in items):
            return
        by_client = {e.id.hex: e.client_id.hex for e in self.choices.engagements}
        for item in items:
            mine = by_client.get(item.data(ENGAGEMENT_ID_ROLE)) == client_id
            item.setCheckState(Qt.CheckState.Checked if mine else Qt.CheckState.Unchecked)
            item.setData(mine, AUTO_TICKED_ROLE)

    def checked_engagements(self) -> tuple[uuid.UUID, ...]:
        return tuple(
            uuid.UUID(self.engagement_model.item(row).data(ENGAGEMENT_ID_ROLE))
            for row in range(self.engagement_model.rowCount())
            if self.engagement_model.item(row).checkState() == Qt.CheckState.Checked
        )

    def draft(self) -> Submission:
        """The typed content as a draft; raises ValidationError for what cannot be read."""
        from companion.services.disclosures import DisclosureDraft

        if self.client_radio.isChecked():
            client_id: uuid.UUID | None = uuid.UUID(self.client_combo.currentData())
            name = self.client_combo.currentText()
        else:
            client_id, name = None, self.other_edit.text().strip()
        draft = DisclosureDraft(
            kind=DisclosureKind(self.kind_combo.currentData()), counterpart_name=name,
            counterpart_client_id=client_id, started_on=day_of(self.started_edit),
            declared_on=day_of(self.declared_edit), amount_yen=parse_amount(self.amount_edit.text()),
            share_percent=parse_share(self.share_edit.text()),
            role_title=self.role_edit.text().strip(),
            ended_on=day_of(self.ended_edit) if self.ended_check.isChecked() else None,
            description=self.description_edit.toPlainText().strip(),
            mitigation=self.mitigation_edit.toPlainText().strip(),
            status=DisclosureStatus(self.status_combo.currentData()),
            engagement_ids=self.checked_engagements(),
        )
        return Submission(draft, self.reason_edit.text().strip())

    # -- submitting -----------------------------------------------------------------------

    def submit(self) -> None:
        try:
            submission = self.draft()
        except ValidationError as error:
            self.show_error(error.message, error.field)
            return
        self.error_label.show_message("")
        self.save_button.setEnabled(False)
        self.submitted.emit(submission)

    def show_error(self, message: str, field: str = "") -> None:
        """The use case refused the input: say why, keep everything typed."""
        self.save_button.setEnabled(True)
        self.error_label.show_message(message)
        widget = self._fields.get(field)
        if widget is not None:
            if isinstance(widget, QDateEdit) and widget is self.ended_edit:
                self.ended_check.setChecked(True)
            widget.setFocus(Qt.FocusReason.OtherFocusReason)


class EndInterestDialog(QDialog):
    """End an interest: a new version with the end date and why (never a delete)."""

    submitted = Signal(object, str)  # date, reason

    def __init__(self, *, line: DisclosureLine, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("開示{n}の関与の終了").format(n=line.number))
        self.setMinimumSize(520, 260)
        explanation = note(self.tr(
            "開示{n}({kind}・{counterpart})の関与が終わったことを、終了日と理由を付けた新しい版として"
            "記録します。これまでの版とレビューの記録は残ります。").format(
                n=line.number, kind=line.kind.value, counterpart=line.counterpart_name))
        self.ended_edit = date_edit(today)
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText(self.tr("例: 保有株式をすべて譲渡したため"))
        form = QFormLayout()
        form.addRow(self.tr("終了日:"), self.ended_edit)
        form.addRow(self.tr("理由:"), self.reason_edit)
        self.error_label = _ErrorLabel()
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(self.tr("終了を記録"),
                                             QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("キャンセル"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.reason_edit.setFocus()

    def submit(self) -> None:
        self.error_label.show_message("")
        self.save_button.setEnabled(False)
        self.submitted.emit(day_of(self.ended_edit), self.reason_edit.text().strip())

    def show_error(self, message: str, field: str = "") -> None:
        self.save_button.setEnabled(True)
        self.error_label.show_message(message)
        (self.ended_edit if field == "ended_on" else self.reason_edit).setFocus()


class RecertifyDialog(QDialog):
    """Shows what 「今年度は変更なし」 would confirm before anything is recorded."""

    def __init__(self, *, lines: list[DisclosureLine], fiscal_year_label: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lines = lines
        self.setWindowTitle(self.tr("年次確認 — 今年度は変更なし"))
        self.setMinimumSize(820, 420)
        self.explanation = explanation = note(self.tr(
            "{year}の年次確認として、次の{n}件の開示が前回の内容から変わっていないことを確認し、"
            "それぞれ「年次確認(変更なし)」の新しい版を今日の日付で記録します。内容と状態は変わりません。\n"
            "変わったものがあるときは、確認せずに閉じて、その開示を「変更」してください。").format(
                year=fiscal_year_label, n=len(lines)))
        self.model = DisclosureTableModel(self)
        self.model.set_rows(lines)
        self.table = make_table()
        self.table.setModel(self.model)
        for column in (DisclosureTableModel.VERSION, 6, 7, 8, DisclosureTableModel.FLAGS):
            self.table.setColumnHidden(column, True)
        set_column_widths(self.table, {0: 2, 2: 4, 3: 11, 4: 6, 5: 3, 9: 5, 11: 4})
        stretch_column(self.table, DisclosureTableModel.MITIGATION)
        buttons = QDialogButtonBox()
        self.confirm_button = buttons.addButton(self.tr("{n}件を確認して記録").format(n=len(lines)),
                                                QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("キャンセル"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)

    def disclosure_ids(self) -> list[Any]:
        return [line.disclosure_id for line in self.lines]
