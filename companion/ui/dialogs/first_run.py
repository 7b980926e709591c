"""はじめの設定: asked once, after the passphrase of a new data folder is set.

Who writes the records (氏名, 所属, 資格), the sponsor most engagements are for and
whether dates read 令和 or 西暦. They go into the folder's settings
(``companion.settings``: practitioner_name, organisation, qualifications,
default_sponsor, wareki), where reports and review bundles read them and where 設定
changes them later. Every field can be left empty, and スキップ saves nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from companion.errors import KnownError
from companion.ui.i18n import known_error_texts
from companion.ui.widgets.common import error_style

if TYPE_CHECKING:
    from companion.settings import Settings


class FirstRunDialog(QDialog):
    """The short set-up of a new data folder; 保存 writes the settings, スキップ nothing."""

    FIELDS = ("practitioner_name", "organisation", "qualifications", "default_sponsor")

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle(self.tr("はじめの設定"))
        self.setMinimumSize(520, 360)
        intro = QLabel(self.tr(
            "報告書やレビュー用の書き出しに載せる、あなたの情報を入れてください。"
            "あとから「設定」でいつでも変えられます。"))
        intro.setWordWrap(True)
        self.name_edit = QLineEdit(str(settings.get("practitioner_name")))
        self.name_edit.setPlaceholderText(self.tr("例: 佐藤 みのり"))
        self.organisation_edit = QLineEdit(str(settings.get("organisation")))
        self.organisation_edit.setPlaceholderText(self.tr("例: ゆざわ-Biz、○○商工会"))
        self.qualifications_edit = QLineEdit(str(settings.get("qualifications")))
        self.qualifications_edit.setPlaceholderText(self.tr("例: 中小企業診断士(任意)"))
        self.sponsor_edit = QLineEdit(str(settings.get("default_sponsor")))
        self.sponsor_edit.setPlaceholderText(self.tr("例: 湯沢市 産業振興課"))
        self.wareki_check = QCheckBox(self.tr("日付を和暦で表示する(例: 令和7年4月1日)"))
        self.wareki_check.setChecked(bool(settings.get("wareki")))
        self.edits = {"practitioner_name": self.name_edit,
                      "organisation": self.organisation_edit,
                      "qualifications": self.qualifications_edit,
                      "default_sponsor": self.sponsor_edit}
        form = QFormLayout()
        form.addRow(self.tr("氏名:"), self.name_edit)
        form.addRow(self.tr("所属:"), self.organisation_edit)
        form.addRow(self.tr("資格:"), self.qualifications_edit)
        form.addRow(self.tr("既定の委託元:"), self.sponsor_edit)
        sponsor_note = QLabel(self.tr("新しい案件で最初に選ばれる委託元です。"))
        sponsor_note.setWordWrap(True)
        sponsor_note.setStyleSheet("color: palette(placeholder-text);")
        form.addRow("", sponsor_note)
        form.addRow("", self.wareki_check)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setVisible(False)
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(self.tr("保存"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.skip_button = buttons.addButton(self.tr("スキップ"),
                                             QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.name_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def values(self) -> dict[str, object]:
        typed: dict[str, object] = {key: edit.text().strip() for key, edit in self.edits.items()}
        typed["wareki"] = self.wareki_check.isChecked()
        return typed

    def save(self) -> None:
        """Check every value first (a refusal names its field and saves nothing), then
        write them."""
        from companion.settings import declared

        values = self.values()
        for key, value in values.items():
            try:
                declared(key).check(value)
            except KnownError as error:
                self._refuse(key, error)
                return
        try:
            for key, value in values.items():
                self.settings.set(key, value)
        except KnownError as error:
            message, hint = known_error_texts(error)
            self._show_error(message + (f"\n{hint}" if hint else ""))
            return
        self.accept()

    def _refuse(self, key: str, error: KnownError) -> None:
        self._show_error(known_error_texts(error)[0])
        edit = self.edits.get(key)
        if edit is not None:
            edit.setFocus()
            edit.selectAll()

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setStyleSheet(error_style(self))
        self.error_label.setVisible(True)


def needs_first_run(settings: Settings) -> bool:
    """Whether to ask: nobody has said who writes the records yet."""
    return not str(settings.get("practitioner_name")).strip()
