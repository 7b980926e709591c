"""Asking for the recovery passphrase: choosing one on first start, or unlocking the
data when the OS keyring cannot give the key (a new laptop, a locked keychain)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from companion.security.recovery import MIN_PASSPHRASE_LENGTH as MIN_LENGTH
from companion.ui.dialogs.change_passphrase import ErrorLabel


class PassphraseDialog(QDialog):
    """A passphrase: chosen (twice, long enough) or typed to unlock. The recovery
    passphrase's texts by default; the reviewer's signing key passes its own."""

    def __init__(self, *, create: bool, error: str = "", parent: QWidget | None = None,
                 title: str = "", explanation: str = "", accept_label: str = "") -> None:
        super().__init__(parent)
        self.creating = create  # not `create`: that is QWidget.create()
        self.setWindowTitle(title or self.tr("復旧用パスフレーズ"))
        self.setMinimumSize(480, 220)
        if explanation:
            text = explanation
        elif create:
            text = self.tr(
                "データを暗号化して保存します。新しいパソコンに移すときや OS のキーリングが使えない"
                "ときに使う復旧用パスフレーズを決めてください({n}文字以上、日本語も使えます)。\n"
                "忘れるとデータを開けなくなります。紙に書いて安全な場所に保管してください。"
            ).format(n=MIN_LENGTH)
        else:
            text = self.tr("データを開くには復旧用パスフレーズを入力してください。")
        explanation_label = QLabel(text)
        explanation_label.setWordWrap(True)
        self.error_label = ErrorLabel(error)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit()
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(self.tr("パスフレーズ:"), self.passphrase)
        if create:
            form.addRow(self.tr("もう一度:"), self.repeat)
        buttons = QDialogButtonBox()
        buttons.addButton(accept_label or (self.tr("設定する") if create else self.tr("開く")),
                          QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("キャンセル"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation_label)
        layout.addWidget(self.error_label)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def _check(self) -> None:
        text = self.passphrase.text()
        if not text:
            self._show_error(self.tr("パスフレーズを入力してください。"))
            return
        if self.creating:
            if len(text.strip()) < MIN_LENGTH:
                self._show_error(self.tr("{n}文字以上にしてください。").format(n=MIN_LENGTH))
                return
            if text != self.repeat.text():
                self._show_error(self.tr("二つのパスフレーズが一致しません。"))
                return
        self.accept()

    def _show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(True)

    def value(self) -> str:
        return self.passphrase.text()
