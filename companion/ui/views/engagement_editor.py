"""Dialogs for clients (事業者), sponsors (委託元) and engagements (伴走案件), and the
edit / archive actions of an engagement's page. The form pieces they share with the
plan and KPI dialogs live in ``companion.ui.widgets.forms``.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from companion.domain.enums import EngagementStatus, Scheme, SponsorKind
from companion.errors import KnownError, ValidationError
from companion.ui import ops
from companion.ui.widgets.forms import DateField, FormDialog, enum_combo, find_data

if TYPE_CHECKING:
    from companion.services.clients import EngagementForm
    from companion.ui.tasks import DbWorker

# Typing figures changes no header: the engagement's page need not reload for them.
KPI_ENTRY_LABELS = frozenset({"目標値を入力", "実績を入力"})


def _line(text: str = "", *, chars: int = 0) -> QLineEdit:
    edit = QLineEdit(text)
    if chars:
        edit.setMinimumWidth(edit.fontMetrics().horizontalAdvance("国") * chars)
    return edit


def _int_or_none(text: str, *, field: str, label: str) -> int | None:
    folded = unicodedata.normalize("NFKC", text).replace(",", "").strip()
    folded = folded.removesuffix("円").removesuffix("人").strip()
    if not folded:
        return None
    if not re.fullmatch(r"-?\d+", folded):
        raise ValidationError(QCoreApplication.translate("EngagementEditor", "{label}は整数で入力してください(例: 12)。「{text}」は読めません。")
                              .format(label=label, text=text.strip()), field=field)
    return int(folded)


# --- clients ---------------------------------------------------------------------------

class DuplicateConfirming(FormDialog):
    """A dialog whose name may duplicate another: the first save asks, the second
    (with the same name) confirms."""

    def __init__(self, worker: DbWorker, *, title: str, parent: QWidget | None = None) -> None:
        super().__init__(worker, title=title, parent=parent)
        self._confirmed_name: str | None = None

    def allow_duplicate(self, name: str) -> bool:
        return self._confirmed_name is not None and self._confirmed_name == name.strip()

    def show_error(self, error: KnownError) -> None:
        from companion.services.clients import DuplicateNameError

        if isinstance(error, DuplicateNameError):
            name = self.fields["name"]
            assert isinstance(name, QLineEdit)
            self._confirmed_name = name.text().strip()
            self.save_button.setText(self.tr("同名で登録"))
        super().show_error(error)


class ClientDialog(DuplicateConfirming):
    """事業者の登録・編集."""

    def __init__(self, worker: DbWorker, *, client_id: uuid.UUID | None = None,
                 today: Callable[[], date] = date.today, parent: QWidget | None = None) -> None:
        super().__init__(worker, title=self.tr("事業者を編集") if client_id else self.tr("新しい事業者"),
                         parent=parent)
        self.client_id = client_id
        self.today = today
        self.archived = False
        self.name_edit = self.add_field("name", self.tr("事業者名(必須):"), _line(chars=20))
        self.name_edit.setPlaceholderText(self.tr("例: 有限会社やまなか酒造"))
        self.kana_edit = self.add_field("kana", self.tr("かな:"), _line())
        self.industry_edit = self.add_field("industry", self.tr("業種:"), _line())
        self.industry_edit.setPlaceholderText(self.tr("例: 酒類製造業"))
        place = QWidget()
        self.prefecture_edit = _line(chars=5)
        self.prefecture_edit.setPlaceholderText(self.tr("都道府県"))
        self.city_edit = _line()
        self.city_edit.setPlaceholderText(self.tr("市区町村"))
        row = QHBoxLayout(place)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.prefecture_edit)
        row.addWidget(self.city_edit, 1)
        place.setFocusProxy(self.prefecture_edit)
        self.add_field("place", self.tr("所在地:"), place)
        self.representative_edit = self.add_field("representative", self.tr("代表者:"), _line())
        self.employees_edit = self.add_field("employees", self.tr("従業員数:"), _line(chars=6))
        self.founded_field = self.add_field("founded_on", self.tr("創業日:"), DateField())
        self.contact_edit = self.add_field("contact", self.tr("連絡先:"), _line())
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setFixedHeight(self.fontMetrics().height() * 4)
        self.add_field("notes", self.tr("メモ:"), self.notes_edit)
        self.archive_button = QPushButton(self.tr("アーカイブする"))
        self.archive_button.setVisible(client_id is not None)
        self.archive_button.clicked.connect(self._toggle_archive)
        self.buttons.addButton(self.archive_button, QDialogButtonBox.ButtonRole.ResetRole)
        if client_id is not None:
            from companion.services.clients import get_client

            self.save_button.setEnabled(False)
            ops.read(get_client, client_id=client_id).success(self._loaded).run(worker)

    def field_alias(self, field: str) -> str:
        return "place" if field in ("prefecture", "city") else field

    def _loaded(self, result: Any) -> None:
        draft, archived = result
        self.name_edit.setText(draft.name)
        self.kana_edit.setText(draft.kana)
        self.industry_edit.setText(draft.industry)
        self.prefecture_edit.setText(draft.prefecture)
        self.city_edit.setText(draft.city)
        self.representative_edit.setText(draft.representative)
        self.employees_edit.setText("" if draft.employees is None else str(draft.employees))
        self.founded_field.set_date(draft.founded_on)
        self.contact_edit.setText(draft.contact)
        self.notes_edit.setPlainText(draft.notes)
        self.archived = archived
        self.archive_button.setText(self.tr("アーカイブを解除") if archived
                                    else self.tr("アーカイブする"))
        self.save_button.setEnabled(True)

    def submit(self) -> None:
        from companion.services.clients import ClientDraft, save_client

        draft = ClientDraft(
            name=self.name_edit.text(), kana=self.kana_edit.text(),
            industry=self.industry_edit.text(), prefecture=self.prefecture_edit.text(),
            city=self.city_edit.text(), representative=self.representative_edit.text(),
            employees=_int_or_none(self.employees_edit.text(), field="employees",
                                   label=self.tr("従業員数")),
            founded_on=self.founded_field.value(field="founded_on", label=self.tr("創業日")),
            contact=self.contact_edit.text(), notes=self.notes_edit.toPlainText())
        label = self.tr("事業者を編集") if self.client_id else self.tr("事業者を登録")
        self.save(save_client, undo_label=label, client_id=self.client_id, draft=draft,
                  allow_duplicate=self.allow_duplicate(draft.name), today=self.today())

    def _toggle_archive(self) -> None:
        from companion.services.clients import set_client_archived

        if self.client_id is None or self.busy:
            return
        self.clear_errors()
        label = self.tr("事業者のアーカイブを解除") if self.archived else self.tr("事業者をアーカイブ")
        self.save(set_client_archived, undo_label=label, client_id=self.client_id,
                  archived=not self.archived)



# --- sponsors ---------------------------------------------------------------------------

class SponsorDialog(DuplicateConfirming):
    """委託元の登録・編集."""

    def __init__(self, worker: DbWorker, *, sponsor_id: uuid.UUID | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(worker, title=self.tr("委託元を編集") if sponsor_id else self.tr("新しい委託元"),
                         parent=parent)
        self.sponsor_id = sponsor_id
        self.archived = False
        self.name_edit = self.add_field("name", self.tr("名称(必須):"), _line(chars=20))
        self.name_edit.setPlaceholderText(self.tr("例: 湯沢市 産業振興課"))
        self.kind_combo = self.add_field("kind", self.tr("種別:"), enum_combo(list(SponsorKind)))
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setFixedHeight(self.fontMetrics().height() * 4)
        self.add_field("notes", self.tr("メモ:"), self.notes_edit)
        self.archive_button = QPushButton(self.tr("アーカイブする"))
        self.archive_button.setVisible(sponsor_id is not None)
        self.archive_button.clicked.connect(self._toggle_archive)
        self.buttons.addButton(self.archive_button, QDialogButtonBox.ButtonRole.ResetRole)
        if sponsor_id is not None:
            from companion.services.clients import get_sponsor

            self.save_button.setEnabled(False)
            ops.read(get_sponsor, sponsor_id=sponsor_id).success(self._loaded).run(worker)

    def _loaded(self, result: Any) -> None:
        draft, archived = result
        self.name_edit.setText(draft.name)
        assert isinstance(self.kind_combo, QComboBox)
        self.kind_combo.setCurrentIndex(max(0, find_data(self.kind_combo, draft.kind)))
        self.notes_edit.setPlainText(draft.notes)
        self.archived = archived
        self.archive_button.setText(self.tr("アーカイブを解除") if archived
                                    else self.tr("アーカイブする"))
        self.save_button.setEnabled(True)

    def submit(self) -> None:
        from companion.services.clients import SponsorDraft, save_sponsor

        assert isinstance(self.kind_combo, QComboBox)
        draft = SponsorDraft(name=self.name_edit.text(), kind=self.kind_combo.currentData(),
                             notes=self.notes_edit.toPlainText())
        label = self.tr("委託元を編集") if self.sponsor_id else self.tr("委託元を登録")
        self.save(save_sponsor, undo_label=label, sponsor_id=self.sponsor_id, draft=draft,
                  allow_duplicate=self.allow_duplicate(draft.name))

    def _toggle_archive(self) -> None:
        from companion.services.clients import set_sponsor_archived

        if self.sponsor_id is None or self.busy:
            return
        self.clear_errors()
        label = self.tr("委託元のアーカイブを解除") if self.archived else self.tr("委託元をアーカイブ")
        self.save(set_sponsor_archived, undo_label=label, sponsor_id=self.sponsor_id,
                  archived=not self.archived)


# --- engagements ------------------------------------------------------------------------

class EngagementDialog(FormDialog):
    """伴走案件の作成・編集: who, for whom, how, when, and the agreed 本質的課題."""

    def __init__(self, worker: DbWorker, *, engagement_id: uuid.UUID | None = None,
                 today: Callable[[], date] = date.today, default_sponsor: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(worker, title=self.tr("案件を編集") if engagement_id else self.tr("新しい案件"),
                         parent=parent)
        self.engagement_id = engagement_id
        # 設定's 既定の委託元 (a name): chosen first in a new engagement when it exists.
        self.default_sponsor = default_sponsor.strip() if engagement_id is None else ""
        self.today = today
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("国") * 44)
        self._pending_client: uuid.UUID | None = None
        self._pending_sponsor: uuid.UUID | None = None
        self._form_loaded = engagement_id is None
        self.choices_loaded = False

        self.client_combo = QComboBox()
        self.client_combo.setMinimumContentsLength(16)
        self.new_client_button = QPushButton(self.tr("新しい事業者…"))
        self.new_client_button.clicked.connect(self.new_client)
        self.add_field("client_id", self.tr("事業者(必須):"),
                       self._with_button(self.client_combo, self.new_client_button))
        self.sponsor_combo = QComboBox()
        self.sponsor_combo.setMinimumContentsLength(16)
        self.new_sponsor_button = QPushButton(self.tr("新しい委託元…"))
        self.new_sponsor_button.clicked.connect(self.new_sponsor)
        self.add_field("sponsor_id", self.tr("委託元:"),
                       self._with_button(self.sponsor_combo, self.new_sponsor_button))
        self.title_edit = self.add_field("title", self.tr("案件名(必須):"), _line(chars=24))
        self.title_edit.setPlaceholderText(self.tr("例: 首都圏への販路開拓と蔵元ブランドの再構築"))
        self.scheme_combo = self.add_field("scheme", self.tr("方式:"), enum_combo(list(Scheme)))
        self.status_combo = self.add_field(
            "status", self.tr("状態:"),
            enum_combo(list(EngagementStatus), EngagementStatus.ACTIVE))
        self.start_field = self.add_field("start_on", self.tr("開始日(必須):"),
                                          DateField(optional=False))
        self.end_field = self.add_field(
            "planned_end_on", self.tr("終了予定日:"), DateField(),
            note=self.tr("複数年度にわたる場合は最終年度の3月31日など。空欄は未定。"))
        self.issue_edit = QPlainTextEdit()
        self.issue_edit.setTabChangesFocus(True)
        self.issue_edit.setPlaceholderText(self.tr("事業者と合意した本質的課題(例: 地元の酒販店への依存が大きく…)"))
        self.issue_edit.setFixedHeight(self.fontMetrics().height() * 5)
        self.add_field("essential_issue", self.tr("本質的課題:"), self.issue_edit)
        self.fee_terms_edit = self.add_field("fee_terms", self.tr("報酬条件:"), _line())
        self.fee_amount_edit = self.add_field("fee_amount_yen", self.tr("報酬額(円):"),
                                              _line(chars=8))
        self.fee_from_client = QCheckBox(self.tr("報酬を支援先の事業者から受け取る"))
        self.add_field("fee_paid_by_client", "", self.fee_from_client)
        if engagement_id is None:
            self.start_field.set_date(today())
        self.save_button.setEnabled(False)
        self.reload_choices()

    def _with_button(self, combo: QComboBox, button: QPushButton) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(combo, 1)
        row.addWidget(button)
        box.setFocusProxy(combo)
        return box

    def reload_choices(self) -> None:
        from companion.services.clients import engagement_form_choices

        ops.read(engagement_form_choices,
                 engagement_id=None if self._form_loaded else self.engagement_id) \
            .success(self._choices).run(self.worker)

    def _choices(self, choices: Any) -> None:
        if not shiboken6.isValid(self.client_combo):  # closed before the choices came
            return
        form = choices.form
        current_client = self._pending_client or self.client_combo.currentData()
        current_sponsor = self._pending_sponsor or self.sponsor_combo.currentData()
        if form is not None:
            current_client, current_sponsor = form.draft.client_id, form.draft.sponsor_id
        self.client_combo.clear()
        self.client_combo.addItem(self.tr("(選んでください)"), None)
        for client in choices.clients:
            self.client_combo.addItem(client.name, client.id)
        if form is not None and find_data(self.client_combo, form.draft.client_id) < 0:
            self.client_combo.addItem(form.client_name, form.draft.client_id)  # archived
        self.client_combo.setCurrentIndex(max(0, find_data(self.client_combo, current_client)))
        self.sponsor_combo.clear()
        self.sponsor_combo.addItem(self.tr("(なし)"), None)
        for sponsor in choices.sponsors:
            self.sponsor_combo.addItem(f"{sponsor.name}({sponsor.kind})", sponsor.id)
        if (form is not None and form.draft.sponsor_id
                and find_data(self.sponsor_combo, form.draft.sponsor_id) < 0):
            self.sponsor_combo.addItem(form.sponsor_name, form.draft.sponsor_id)
        if current_sponsor is None and self.default_sponsor and not self.choices_loaded:
            current_sponsor = next((s.id for s in choices.sponsors
                                    if s.name == self.default_sponsor), None)
        self.sponsor_combo.setCurrentIndex(max(0, find_data(self.sponsor_combo, current_sponsor)))
        self._pending_client = self._pending_sponsor = None
        if form is not None:
            self._fill(form)
        self.choices_loaded = True
        self.save_button.setEnabled(True)

    def _fill(self, form: EngagementForm) -> None:
        draft = form.draft
        self._form_loaded = True
        self.title_edit.setText(draft.title)
        for combo, value in ((self.scheme_combo, draft.scheme), (self.status_combo, draft.status)):
            assert isinstance(combo, QComboBox)
            combo.setCurrentIndex(max(0, find_data(combo, value)))
        self.start_field.set_date(draft.start_on)
        self.end_field.set_date(draft.planned_end_on)
        self.issue_edit.setPlainText(draft.essential_issue)
        self.fee_terms_edit.setText(draft.fee_terms)
        self.fee_amount_edit.setText("" if draft.fee_amount_yen is None
                                     else f"{draft.fee_amount_yen:,}")
        self.fee_from_client.setChecked(draft.fee_paid_by_client)

    def new_client(self) -> ClientDialog:
        dialog = ClientDialog(self.worker, today=self.today, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._client_added)
        dialog.open()
        return dialog

    def _client_added(self, client_id: Any) -> None:
        self._pending_client = client_id
        self.reload_choices()

    def new_sponsor(self) -> SponsorDialog:
        dialog = SponsorDialog(self.worker, parent=self)
        if self.default_sponsor and self.sponsor_combo.findText(self.default_sponsor,
                                                                Qt.MatchFlag.MatchStartsWith) < 0:
            dialog.name_edit.setText(self.default_sponsor)  # 設定's, not registered yet
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._sponsor_added)
        dialog.open()
        return dialog

    def _sponsor_added(self, sponsor_id: Any) -> None:
        self._pending_sponsor = sponsor_id
        self.reload_choices()

    def submit(self) -> None:
        from companion.services.clients import EngagementDraft, save_engagement

        assert isinstance(self.scheme_combo, QComboBox)
        assert isinstance(self.status_combo, QComboBox)
        draft = EngagementDraft(
            client_id=self.client_combo.currentData(), title=self.title_edit.text(),
            scheme=self.scheme_combo.currentData(), status=self.status_combo.currentData(),
            start_on=self.start_field.value(field="start_on", label=self.tr("開始日")),
            planned_end_on=self.end_field.value(field="planned_end_on",
                                                label=self.tr("終了予定日")),
            sponsor_id=self.sponsor_combo.currentData(),
            essential_issue=self.issue_edit.toPlainText(), fee_terms=self.fee_terms_edit.text(),
            fee_amount_yen=_int_or_none(self.fee_amount_edit.text(), field="fee_amount_yen",
                                        label=self.tr("報酬額")),
            fee_paid_by_client=self.fee_from_client.isChecked())
        label = self.tr("案件を編集") if self.engagement_id else self.tr("案件を作成")
        self.save(save_engagement, undo_label=label, engagement_id=self.engagement_id,
                  draft=draft)


class EngagementEditing(QObject):
    """What an engagement's page offers for the engagement itself: 案件を編集 (Ctrl+E),
    事業者を編集, アーカイブ / アーカイブを解除 (each undoable), and a refresh of the page
    after a change made anywhere (an edit, an undo)."""

    def __init__(self, page: Any, worker: DbWorker, *,
                 today: Callable[[], date] = date.today) -> None:
        super().__init__(page)
        self.page = page
        self.worker = worker
        self.today = today
        self.engagement_id: uuid.UUID | None = None
        self.client_id: uuid.UUID | None = None
        self.archived = False
        self.dialog: QDialog | None = None
        self._refresh_queued = False

        def action(text: str, shortcut: QKeySequence | None, slot: Callable[[], object]) -> QAction:
            made = QAction(text, page)
            if shortcut is not None:
                made.setShortcut(shortcut)
                made.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                made.setToolTip(f"{text.rstrip('…')}"
                                f"({shortcut.toString(QKeySequence.SequenceFormat.NativeText)})")
            made.triggered.connect(lambda _checked=False: slot())
            page.addAction(made)
            return made

        self.edit_action = action(self.tr("案件を編集…"),
                                  QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_E), self.edit)
        self.client_action = action(self.tr("事業者を編集…"), None, self.edit_client)
        self.archive_action = action(self.tr("アーカイブ"), None, self.toggle_archive)
        self.menu = QMenu(page)
        self.menu.addAction(self.edit_action)
        self.menu.addAction(self.client_action)
        self.menu.addSeparator()
        self.menu.addAction(self.archive_action)
        self.edit_button = QPushButton(self.tr("編集(Ctrl+E)"))
        self.edit_button.setToolTip(self.tr("案件・事業者の編集とアーカイブ"))
        self.edit_button.setMenu(self.menu)
        self.archived_label = QLabel(self.tr("アーカイブ済み(一覧とホームには表示されません)"))
        self.archived_label.setStyleSheet("color: #8a5a00;")
        self.archived_label.setVisible(False)
        for made in (self.edit_action, self.client_action, self.archive_action):
            made.setEnabled(False)
        worker.data_changed.connect(self._changed)

    def show(self, detail: Any) -> None:
        self.engagement_id = detail.summary.id
        self.client_id = detail.client_id
        self.archived = bool(detail.archived)
        self.archive_action.setText(self.tr("アーカイブを解除") if self.archived
                                    else self.tr("アーカイブ"))
        self.archived_label.setVisible(self.archived)
        self.edit_action.setEnabled(True)
        self.archive_action.setEnabled(True)
        self.client_action.setEnabled(self.client_id is not None)

    def edit(self) -> EngagementDialog | None:
        if self.engagement_id is None:
            return None
        dialog = EngagementDialog(self.worker, engagement_id=self.engagement_id, today=self.today,
                                  parent=self.page)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.dialog = dialog
        return dialog

    def edit_client(self) -> ClientDialog | None:
        if self.client_id is None:
            return None
        dialog = ClientDialog(self.worker, client_id=self.client_id, today=self.today,
                              parent=self.page)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.dialog = dialog
        return dialog

    def toggle_archive(self) -> None:
        if self.engagement_id is None:
            return
        from companion.services.clients import set_engagement_archived

        label = self.tr("案件のアーカイブを解除") if self.archived else self.tr("案件をアーカイブ")
        ops.write(set_engagement_archived, undo_label=label, engagement_id=self.engagement_id,
                  archived=not self.archived).run(self.worker)

    def _changed(self, label: str, _change_set: object) -> None:
        from companion.ui.tasks import is_autosave

        if is_autosave(label) or label in KPI_ENTRY_LABELS or self.engagement_id is None:
            return
        if self.page.isVisible() and not self._refresh_queued:
            self._refresh_queued = True
            QTimer.singleShot(0, self._refresh)

    def _refresh(self) -> None:
        self._refresh_queued = False
        if self.engagement_id is not None and self.page.engagement_id == self.engagement_id:
            self.page.load()
