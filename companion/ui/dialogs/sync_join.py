"""Joining a sync (設定 → 同期): with a pairing code another device shows, or with the
first device's recovery passphrase; and showing this device's pairing code.

A pairing code is read as people type it: lower case, spaces or no hyphens are fine
(``normalise_code``); it is checked for length before anything runs. The join runs on
the database worker (``companion.services.sync.join_with_code`` /
``join_with_recovery``); a refusal (a wrong or expired code, a wrong passphrase) comes
back under the field and the dialog stays open.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from companion.errors import KnownError
from companion.ui import ops
from companion.ui.dialogs.change_passphrase import ErrorLabel
from companion.ui.sync_watcher import problem_text
from companion.ui.widgets.common import note
from companion.ui.widgets.forms import grow_to_show

if TYPE_CHECKING:
    from companion.services.sync import SyncStatus
    from companion.ui.tasks import DbWorker

CODE_GROUP_LENGTH = 4
CODE_VALIDITY_HOURS = 24
EXAMPLE_CODE = "7K3Q-M9XD-2TRB-H4NE"


class FittingDialog(QDialog):
    """A dialog whose size is set when it opens and grown by hand (``fit``) when a
    message appears: a window's size constraints changing while it is shown is not
    supported everywhere (offscreen), see ``widgets/forms.py``."""

    def __init__(self, parent: QWidget | None = None, *, width_in_chars: int = 0) -> None:
        super().__init__(parent)
        self.body = QVBoxLayout(self)
        self.body.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        # wrapped paragraphs would make it as wide as their longest line: at most this
        self.width_in_chars = width_in_chars

    def fit(self) -> None:
        grow_to_show(self, self.body)

    def showEvent(self, event: QShowEvent) -> None:
        wanted = self.body.sizeHint().expandedTo(self.minimumSize())
        if self.width_in_chars:
            width = max(self.minimumWidth(), min(
                wanted.width(), self.fontMetrics().horizontalAdvance("国") * self.width_in_chars))
            wanted.setWidth(width)
            wanted.setHeight(max(wanted.height() if not self.body.hasHeightForWidth() else 0,
                                 self.body.totalHeightForWidth(width), self.minimumHeight()))
        self.resize(self.size().expandedTo(wanted))
        super().showEvent(event)


def normalise_code(text: str) -> str:
    """「7k3q m9xd2trb-h4ne」 -> 「7K3Q-M9XD-2TRB-H4NE」: upper case, without spaces
    and hyphens (full-width ones too), regrouped by four. Not checked here."""
    import unicodedata

    plain = re.sub(r"[\s\-‐－ー―]+", "", unicodedata.normalize("NFKC", text)).upper()
    return "-".join(plain[i:i + CODE_GROUP_LENGTH] for i in range(0, len(plain), CODE_GROUP_LENGTH))


def code_problem(code: str) -> str:
    """Why a code cannot be sent at all ('' when it can; its letters and length are
    checked by ``join_with_code``, which says what is wrong)."""
    if not code.replace("-", ""):
        return QCoreApplication.translate("JoinDialog", "ペアリングコードを入力してください。")
    return ""


class JoinDialog(FittingDialog):
    """ペアリングコードで参加… (``how="code"``) or 復旧用パスフレーズで参加…
    (``how="recovery"``) into ``folder`` as ``device_name``."""

    joined = Signal(object)  # SyncStatus

    def __init__(self, worker: DbWorker, *, folder: Path, device_name: str, how: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if how not in ("code", "recovery"):
            raise ValueError(f"unknown way to join {how!r}")
        self.worker = worker
        self.folder = folder
        self.device_name = device_name
        self.how = how
        self.busy = False
        self.setWindowTitle(self.tr("ペアリングコードで参加") if how == "code"
                            else self.tr("復旧用パスフレーズで参加"))
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("国") * 34)
        where = QLabel(self.tr("同期フォルダ: {folder}\nこの端末の名前: {name}").format(
            folder=folder, name=device_name))
        where.setWordWrap(True)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.edit = QLineEdit()
        self.edit.setObjectName("joinSecret")
        if how == "code":
            explanation = self.tr(
                "同期している端末で 設定 → 同期 →「ペアリングコードを表示…」を押し、表示された"
                "コードを入力してください。小文字やハイフンなしでも構いません。")
            label = self.tr("ペアリングコード:")
            self.edit.setPlaceholderText(EXAMPLE_CODE)
            fixed = QFont(self.edit.font())
            fixed.setFamilies([QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont).family(),
                               *fixed.families()])
            fixed.setPointSizeF(fixed.pointSizeF() * 1.3)
            self.edit.setFont(fixed)
            self.edit.setMaxLength(40)
        else:
            explanation = self.tr(
                "最初に同期を始めた端末のデータフォルダの復旧用パスフレーズ(紙に書いて保管したもの)を"
                "入力してください。同期している端末が手元にないときに使います。")
            label = self.tr("復旧用パスフレーズ:")
            self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = ErrorLabel()
        self.error.setObjectName("joinError")
        self.edit.textEdited.connect(lambda _text: self.error.show_message(""))
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(label, self.edit)
        self.buttons = QDialogButtonBox()
        self.join_button = self.buttons.addButton(self.tr("参加する"),
                                                  QDialogButtonBox.ButtonRole.AcceptRole)
        self.join_button.setDefault(True)
        self.cancel_button = self.buttons.addButton(self.tr("キャンセル"),
                                                    QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = self.body
        layout.addWidget(note(explanation))
        layout.addWidget(where)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.edit.setFocus()

    def submit(self) -> None:
        if self.busy:
            return
        from companion.services.sync import join_with_code, join_with_recovery

        if self.how == "code":
            code = normalise_code(self.edit.text())
            problem = code_problem(code)
            if problem:
                self.error.show_message(problem)
                self.fit()
                self.edit.setFocus()
                return
            self.edit.setText(code)  # what will be used, as it was shown
            op = ops.on_database(join_with_code, folder=self.folder, code=code,
                                 device_name=self.device_name)
        else:
            passphrase = self.edit.text()
            if not passphrase.strip():
                self.error.show_message(self.tr("復旧用パスフレーズを入力してください。"))
                self.fit()
                self.edit.setFocus()
                return
            op = ops.on_database(join_with_recovery, folder=self.folder, passphrase=passphrase,
                                 device_name=self.device_name)
        self._set_busy(True)
        op.named("join_sync").success(self._joined).failure(self._failed) \
            .with_progress(self, self.tr("同期に参加しています(記録を受け取っています)…"),
                           cancellable=False) \
            .run(self.worker)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.join_button.setEnabled(not busy)
        self.edit.setEnabled(not busy)

    def _joined(self, status: SyncStatus) -> None:
        self._set_busy(False)
        self.joined.emit(status)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        if isinstance(error, KnownError):
            self.error.show_message(problem_text(error))
            self.fit()
            self.edit.setFocus()
            self.edit.selectAll()
        else:
            self.worker.report_error(error)

    def reject(self) -> None:
        if not self.busy:  # a join under way finishes (and is shown) first
            super().reject()


class PairingCodeDialog(FittingDialog):
    """ペアリングコードを表示…: the code, large, with コピー; valid 24 hours."""

    def __init__(self, code: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.code = code
        self.setWindowTitle(self.tr("ペアリングコード"))
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("国") * 32)
        self.code_label = QLabel(code)
        self.code_label.setObjectName("pairingCode")
        self.code_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = QFont(self.code_label.font())
        font.setFamilies([QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont).family(),
                          *font.families()])
        font.setPointSizeF(font.pointSizeF() * 2.6)
        font.setBold(True)
        self.code_label.setFont(font)
        self.copy_button = QPushButton(self.tr("コピー"))
        self.copy_button.clicked.connect(self.copy)
        self.copied_label = QLabel()
        copy_row = QHBoxLayout()
        copy_row.addStretch(1)
        copy_row.addWidget(self.copied_label)
        copy_row.addWidget(self.copy_button)
        buttons = QDialogButtonBox()
        self.close_button = buttons.addButton(self.tr("閉じる"),
                                              QDialogButtonBox.ButtonRole.RejectRole)
        self.close_button.setDefault(True)
        buttons.rejected.connect(self.reject)
        layout = self.body
        layout.addWidget(note(self.tr(
            "参加させるパソコンで 設定 → 同期 →「ペアリングコードで参加…」を押し、このコードを"
            "入力してください。")))
        layout.addSpacing(8)
        layout.addWidget(self.code_label)
        layout.addSpacing(8)
        layout.addLayout(copy_row)
        layout.addWidget(note(self.tr(
            "このコードは {hours} 時間有効で、1回だけ使えます。コードを知っている人は同期に参加"
            "できるので、ほかの人に知られないようにしてください。").format(
                hours=CODE_VALIDITY_HOURS)))
        layout.addWidget(buttons)

    def copy(self) -> None:
        clipboard = QGuiApplication.clipboard()
        clipboard.setText(self.code)
        self.copied_label.setText(self.tr("コピーしました"))
        self.fit()
