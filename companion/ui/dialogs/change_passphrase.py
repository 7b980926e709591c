"""Changing the recovery passphrase (設定 → 復旧用パスフレーズを変更…).

The database is open, so its key is known; the dialog asks for the current passphrase
and checks, on the worker, that it unwraps that very key (whoever sits at an unlocked
laptop cannot quietly replace it), then wraps the same key with the new passphrase
(``security.data_key.change_passphrase``) and reads the new file back before saying
it is done. The keyring entry and the database do not change.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from companion.errors import KnownError
from companion.paths import DataPaths
from companion.security.recovery import MIN_PASSPHRASE_LENGTH
from companion.ui import ops
from companion.ui.widgets.common import DARK_ERROR, LIGHT_ERROR, is_dark

if TYPE_CHECKING:
    from companion.ui.tasks import DbWorker

log = logging.getLogger("companion.ui.passphrase")





class ErrorLabel(QLabel):
    """A wrapped, selectable message in a red that reads on light and dark windows
    alike; it follows a switch of the OS colour scheme while shown. Hidden when empty."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setObjectName("errorLabel")
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._style_for_palette()
        self.setVisible(bool(text))

    def show_message(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._style_for_palette()
        super().changeEvent(event)

    def _style_for_palette(self) -> None:
        parent = self.parentWidget()
        palette = parent.palette() if parent is not None else self.palette()
        style = f"QLabel#errorLabel {{ color: {DARK_ERROR if is_dark(palette) else LIGHT_ERROR}; }}"
        if self.styleSheet() != style:
            self.setStyleSheet(style)


def change_recovery_passphrase(database: Any, *, paths: DataPaths, current: str,
                               new: str) -> None:
    """On the worker: check ``current`` against the open database's key, then re-wrap
    that key with ``new`` and check the file written."""
    from companion.security import recovery
    from companion.security.data_key import change_passphrase

    key = database.key
    if key is None:
        raise KnownError(QCoreApplication.translate(
            "ChangePassphraseDialog", "このデータフォルダは暗号化されていないため、パスフレーズはありません。"))
    wrapped = recovery.load(paths.recovery_file)
    try:
        unwrapped = recovery.unwrap(wrapped, current)
    except KnownError:
        raise KnownError(
            QCoreApplication.translate("ChangePassphraseDialog", "現在のパスフレーズが違います。"),
            hint=QCoreApplication.translate("ChangePassphraseDialog", "パスフレーズは変更されていません。")) from None
    if unwrapped != key:
        raise KnownError(
            QCoreApplication.translate("ChangePassphraseDialog", "鍵ファイルがこのデータベースの鍵と一致しません。"),
            hint=QCoreApplication.translate(
                "ChangePassphraseDialog", "データフォルダの {file} を確認してください。パスフレーズは変更されていません。")
            .format(file=paths.recovery_file.name))
    change_passphrase(paths, key, new)
    if recovery.unwrap(recovery.load(paths.recovery_file), new) != key:  # belt and braces
        raise KnownError(
            QCoreApplication.translate("ChangePassphraseDialog", "新しい鍵ファイルを確認できませんでした。"),
            hint=QCoreApplication.translate("ChangePassphraseDialog", "もう一度お試しください。"))
    log.info("recovery passphrase changed (key %s)", wrapped.key_id)


class ChangePassphraseDialog(QDialog):
    """Current passphrase, the new one twice; the work runs on the database worker."""

    def __init__(self, worker: DbWorker, *, paths: DataPaths,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.paths = paths
        self.setWindowTitle(self.tr("復旧用パスフレーズの変更"))
        self.setMinimumSize(520, 300)
        explanation = QLabel(self.tr(
            "復旧用パスフレーズは、新しいパソコンに移すときや OS のキーリングが使えないときに"
            "データを開くために使います。新しいパスフレーズは{n}文字以上にしてください"
            "(日本語も使えます)。\n"
            "以前に書き出したバックアップ(.zip)は、書き出したときのパスフレーズで開きます。"
        ).format(n=MIN_PASSPHRASE_LENGTH))
        explanation.setWordWrap(True)
        self.current = self._password_field()
        self.new = self._password_field()
        self.repeat = self._password_field()
        form = QFormLayout()
        form.addRow(self.tr("現在のパスフレーズ:"), self.current)
        form.addRow(self.tr("新しいパスフレーズ:"), self.new)
        form.addRow(self.tr("もう一度:"), self.repeat)
        self.error_label = ErrorLabel()
        self.buttons = QDialogButtonBox()
        self.change_button = self.buttons.addButton(self.tr("変更する"),
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(self.tr("キャンセル"),
                                                    QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self._check)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.working = False

    @staticmethod
    def _password_field() -> QLineEdit:
        field = QLineEdit()
        field.setEchoMode(QLineEdit.EchoMode.Password)
        return field

    def _check(self) -> None:
        if self.working:
            return
        current, new = self.current.text(), self.new.text()
        if not current:
            self._refuse(self.tr("現在のパスフレーズを入力してください。"), self.current)
        elif len(new.strip()) < MIN_PASSPHRASE_LENGTH:
            self._refuse(self.tr("新しいパスフレーズは{n}文字以上にしてください。").format(
                n=MIN_PASSPHRASE_LENGTH), self.new)
        elif new != self.repeat.text():
            self._refuse(self.tr("新しいパスフレーズが二つで一致しません。"), self.repeat)
        elif new == current:
            self._refuse(self.tr("新しいパスフレーズが現在のものと同じです。"), self.new)
        else:
            self._start(current, new)

    def _refuse(self, message: str, field: QLineEdit) -> None:
        self.error_label.show_message(message)
        field.setFocus(Qt.FocusReason.OtherFocusReason)
        field.selectAll()

    def _start(self, current: str, new: str) -> None:
        self._set_working(True)
        self.error_label.show_message("")
        paths = self.paths
        ops.on_database(change_recovery_passphrase, paths=paths, current=current, new=new) \
            .named("change_passphrase").success(self._changed).failure(self._failed) \
            .with_progress(self, self.tr("パスフレーズを変更しています…"), cancellable=False) \
            .run(self.worker)

    def _set_working(self, working: bool) -> None:
        self.working = working
        for widget in (self.current, self.new, self.repeat, self.change_button):
            widget.setEnabled(not working)

    def _changed(self, _result: object) -> None:
        self._set_working(False)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self._set_working(False)
        if not isinstance(error, KnownError):
            self.worker.report_error(error)
            return
        self.error_label.show_message(str(error))
        self.current.setFocus(Qt.FocusReason.OtherFocusReason)
        self.current.selectAll()
