"""同期の競合: choosing between two texts both devices wrote (issue #20, docs/sync.md).

The same visit text edited on two computers between two syncs keeps both: the one
now in the record (「いまの記載」) and the other (「別の端末の記載」), side by side with
the device and the time each was written. 「こちらを残す」 keeps the text now in the
record, 「あちらを残す」 puts the other one there, 「両方を残す」 keeps both (the other
below a line); Esc decides nothing. The choice is an ordinary edit, so it syncs.

A record a delete on one device and an edit on the other brought back (kind
"restored") is only told: 「確認しました」 takes it off the list.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from companion.errors import KnownError
from companion.ui import ops
from companion.ui.dialogs.change_passphrase import ErrorLabel
from companion.ui.dialogs.sync_join import FittingDialog
from companion.ui.formatting import ymd_hm
from companion.ui.widgets.common import note

if TYPE_CHECKING:
    from companion.ui.tasks import DbWorker

def kind_label(kind: str) -> str:
    if kind == "restored":
        return QCoreApplication.translate("SyncConflictDialog", "復元")
    return QCoreApplication.translate("SyncConflictDialog", "両方で編集")


def side_caption(device: str) -> str:
    """Who wrote a side: 「ノートPC で書いた記載」."""
    return QCoreApplication.translate("SyncConflictDialog", "{device} で書いた記載").format(
        device=device or QCoreApplication.translate("SyncConflictDialog", "(不明な端末)"))


class SyncConflictDialog(FittingDialog):
    """One conflict: both texts side by side and the three choices (or, for a record
    brought back, the notice and 確認しました)."""

    resolved = Signal(str)  # the choice: kept | other | both

    def __init__(self, worker: DbWorker, conflict: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent, width_in_chars=36 if conflict.kind == "restored" else 0)
        self.worker = worker
        self.conflict = conflict
        self.busy = False
        self.choice_buttons: dict[str, QPushButton] = {}
        restored = conflict.kind == "restored"
        self.setWindowTitle(self.tr("同期の競合") if not restored else self.tr("復元した記録"))
        heading = QLabel(conflict.label if restored else self.tr("{label} の「{field}」").format(
            label=conflict.label, field=conflict.field_label))
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        heading.setWordWrap(True)
        self.error = ErrorLabel()
        self.buttons = QDialogButtonBox()
        layout = self.body
        layout.addWidget(heading)
        if restored:
            self.setMinimumWidth(self.fontMetrics().horizontalAdvance("国") * 36)
            layout.addWidget(note(self.tr(
                "削除された記録を、別の端末の編集により復元しました。\n"
                "一方の端末で削除した後に、もう一方の端末でこの記録が編集されていたため、"
                "編集を失わないよう記録を残しています。不要であれば、あらためて削除してください。")))
            layout.addWidget(note(self.tr("復元のもとになった編集: {device}・同期した日時: {when}")
                                  .format(device=conflict.other_device or self.tr("(不明な端末)"),
                                          when=ymd_hm(conflict.raised_at))))
            self._add_choice("kept", self.tr("確認しました"), default=True)
            self._add_choice("other", self.tr("あらためて削除する"))
            self.cancel_button = self.buttons.addButton(self.tr("後で"),
                                                        QDialogButtonBox.ButtonRole.RejectRole)
        else:
            self.setMinimumSize(self.fontMetrics().horizontalAdvance("国") * 60,
                                self.fontMetrics().height() * 24)
            layout.addWidget(note(self.tr(
                "2台の端末で、同期の間に同じ記載が書き換えられました({when} の同期で見つかりました)。"
                "残す方を選んでください。「両方を残す」では、いまの記載の下に区切り線を入れて"
                "別の端末の記載を続けます。").format(when=ymd_hm(conflict.raised_at))))
            sides = QGridLayout()
            sides.setHorizontalSpacing(12)
            self.kept_text = self._side(sides, 0, self.tr("いまの記載(こちら)"),
                                        side_caption(conflict.kept_device), conflict.kept_value)
            self.other_text = self._side(sides, 1, self.tr("別の端末の記載(あちら)"),
                                         side_caption(conflict.other_device), conflict.other_value)
            sides.setRowStretch(2, 1)
            layout.addLayout(sides, 1)
            self._add_choice("kept", self.tr("こちらを残す"))
            self._add_choice("other", self.tr("あちらを残す"))
            self._add_choice("both", self.tr("両方を残す"), default=True)
            self.cancel_button = self.buttons.addButton(self.tr("キャンセル"),
                                                        QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def _side(self, grid: QGridLayout, column: int, title: str, caption: str,
              text: str) -> QPlainTextEdit:
        heading = QLabel(title)
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        grid.addWidget(heading, 0, column)
        grid.addWidget(QLabel(caption), 1, column)
        view = QPlainTextEdit(text)
        view.setReadOnly(True)
        view.setTabChangesFocus(True)
        view.setObjectName("keptText" if column == 0 else "otherText")
        grid.addWidget(view, 2, column)
        return view

    def _add_choice(self, choice: str, text: str, *, default: bool = False) -> None:
        button = self.buttons.addButton(text, QDialogButtonBox.ButtonRole.ActionRole)
        button.setObjectName(f"choose_{choice}")
        button.setAutoDefault(default)
        button.setDefault(default)
        button.clicked.connect(lambda _checked=False, c=choice: self.choose(c))
        self.choice_buttons[choice] = button

    def choose(self, choice: str) -> None:
        from companion.services.sync import resolve_conflict

        if self.busy:
            return
        self.busy = True
        for button in self.choice_buttons.values():
            button.setEnabled(False)
        self.error.show_message("")
        ops.write(resolve_conflict, undo_label=self.tr("同期の競合の解決"),
                  conflict_id=self.conflict.id, choice=choice) \
            .success(lambda _result: self._done(choice)).failure(self._failed).run(self.worker)

    def _done(self, choice: str) -> None:
        self.busy = False
        self.resolved.emit(choice)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.busy = False
        for button in self.choice_buttons.values():
            button.setEnabled(True)
        if isinstance(error, KnownError):
            from companion.ui.sync_watcher import problem_text

            self.error.show_message(problem_text(error))
            self.fit()
        else:
            self.worker.report_error(error)

    def reject(self) -> None:
        if not self.busy:
            super().reject()


def open_conflict(worker: DbWorker, conflict: Any, parent: QWidget) -> SyncConflictDialog:
    dialog = SyncConflictDialog(worker, conflict, parent=parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
