"""設定 → 同期: set up sync through a folder, join it, and see how it goes (issue #20).

Not set up: what sync does in two lines, the folder (参照… picks it; a file where a
folder belongs is refused with a message), this device's name (the host name by
default) and three ways to begin: 「この端末で同期を始める」 (the first computer; it
becomes the 記帳端末, the one device that writes the register), 「ペアリングコードで
参加…」 and 「復旧用パスフレーズで参加…」 (``sync_join.py``).

Set up: the folder, this device and whether it keeps the register, the last sync,
what waits to be sent, the open conflicts, the devices with when each was last seen
and 「この端末を外す…」 for each other one, 「ペアリングコードを表示…」, 「今すぐ同期」
and 「記帳端末を引き継ぐ…」 (when the keeper is lost).

Everything runs through ``companion.ui.ops`` on the database worker; the window's
``BackgroundSync`` (``ui/sync_watcher.py``) runs the syncs and tells this page.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSysInfo, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from companion.errors import KnownError
from companion.ui import ops
from companion.ui.dialogs.change_passphrase import ErrorLabel
from companion.ui.dialogs.sync_join import FittingDialog
from companion.ui.formatting import ymd_hm
from companion.ui.sync_watcher import BackgroundSync, problem_text
from companion.ui.widgets.common import note

if TYPE_CHECKING:
    from companion.services.sync import SyncResult, SyncStatus
    from companion.ui.tasks import DbWorker

DEVICE_NAME_MAX = 40


def default_device_name() -> str:
    """This computer's host name, as the network knows it (the name a user sees in
    the OS settings), without a domain."""
    name = QSysInfo.machineHostName().split(".")[0].strip()
    return name[:DEVICE_NAME_MAX] or "PC"


def folder_problem(text: str) -> str:
    """Why ``text`` cannot be the sync folder ('' when it can)."""
    from PySide6.QtCore import QCoreApplication

    def tr(message: str) -> str:
        return QCoreApplication.translate("SyncSettingsPanel", message)

    if not text.strip():
        return tr("同期フォルダを選んでください。")
    path = Path(text.strip()).expanduser()
    if path.is_file():
        return tr("{path} はファイルです。同期フォルダにはフォルダを選んでください"
                  "(OneDrive・Dropbox などで同期しているフォルダの中に、空のフォルダを作って選ぶのが"
                  "おすすめです)。").format(path=path)
    if not path.is_dir():
        return tr("フォルダが見つかりません: {path}").format(path=path)
    if not os.access(path, os.W_OK):
        return tr("このフォルダには書き込めません: {path}").format(path=path)
    return ""


def device_name_problem(text: str) -> str:
    from PySide6.QtCore import QCoreApplication

    if not text.strip():
        return QCoreApplication.translate("SyncSettingsPanel", "端末名を入力してください。")
    return ""


def _muted(text: str = "") -> QLabel:
    label = note(text)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


def _value() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class ConfirmDialog(FittingDialog):
    """A question before something that cannot be taken back: the safe answer
    (キャンセル) is the default, so Enter never does it."""

    def __init__(self, *, title: str, text: str, action: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, width_in_chars=34)
        self.setWindowTitle(title)
        self.setMinimumSize(480, 200)
        icon = QLabel()
        icon.setPixmap(self.style().standardIcon(
            QStyle.StandardPixmap.SP_MessageBoxQuestion).pixmap(40, 40))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.text_label = QLabel(text)
        self.text_label.setWordWrap(True)
        body = QHBoxLayout()
        body.addWidget(icon)
        body.addWidget(self.text_label, 1)
        buttons = QDialogButtonBox()
        self.action_button = buttons.addButton(action, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton(self.tr("キャンセル"),
                                               QDialogButtonBox.ButtonRole.RejectRole)
        self.action_button.setAutoDefault(False)
        self.cancel_button.setDefault(True)
        self.cancel_button.setFocus()
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.body.addLayout(body, 1)
        self.body.addWidget(buttons)


class SyncSettingsPanel(QWidget):
    """The 同期 tab of 設定."""

    loaded = Signal()  # the status is shown

    def __init__(self, worker: DbWorker, *, sync: BackgroundSync,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.sync = sync
        self.dialog: QDialog | None = None  # the dialog open now (tests reach it here)
        self.file_dialog: QFileDialog | None = None
        self.device_buttons: dict[str, QPushButton] = {}
        self.busy = False

        self.pages = QStackedWidget()
        self.loading = QLabel(self.tr("読み込み中…"))
        self.pages.addWidget(self.loading)
        self.pages.addWidget(self._build_setup())
        self.pages.addWidget(self._build_status())
        content = QWidget()
        inner = QVBoxLayout(content)
        inner.addWidget(self.pages)
        inner.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        sync.changed.connect(self.show_state)
        sync.synced.connect(self._synced)
        self.show_state()

    # -- building: not set up ---------------------------------------------------------

    def _build_setup(self) -> QWidget:
        group = QGroupBox(self.tr("同期を始める"))
        group.setObjectName("syncSetup")
        intro = note(self.tr(
            "OneDrive・Dropbox・Google ドライブ・NAS など、すでに同期しているフォルダを通して、"
            "ノートパソコンと事務所のパソコンで同じ記録を使えます。\n"
            "フォルダに置くファイルはすべて暗号化と署名がされ、記録の中身は読めません。"
            "サーバーは使いません。"))
        self.folder_edit = QLineEdit()
        self.folder_edit.setObjectName("syncFolder")
        self.folder_edit.setPlaceholderText(self.tr("例: C:\\Users\\sato\\OneDrive\\Companion同期"))
        self.folder_edit.setClearButtonEnabled(True)
        self.folder_button = QPushButton(self.tr("参照…"))
        self.folder_button.clicked.connect(self.pick_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(self.folder_button)
        self.folder_error = ErrorLabel()
        self.folder_edit.textEdited.connect(lambda _text: self.folder_error.show_message(""))
        folder_field = QVBoxLayout()
        folder_field.setSpacing(2)
        folder_field.addLayout(folder_row)
        folder_field.addWidget(_muted(self.tr(
            "どのパソコンでも、同じフォルダ(同期サービスが写すもの)を選びます。")))
        folder_field.addWidget(self.folder_error)
        self.name_edit = QLineEdit(default_device_name())
        self.name_edit.setObjectName("syncDeviceName")
        self.name_edit.setMaxLength(DEVICE_NAME_MAX)
        self.name_error = ErrorLabel()
        self.name_edit.textEdited.connect(lambda _text: self.name_error.show_message(""))
        name_field = QVBoxLayout()
        name_field.setSpacing(2)
        name_field.addWidget(self.name_edit)
        name_field.addWidget(_muted(self.tr(
            "ほかの端末の一覧に表示される名前です(例: ノートPC、事務所のPC)。")))
        name_field.addWidget(self.name_error)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("同期フォルダ:"), folder_field)
        form.addRow(self.tr("端末名:"), name_field)
        self.start_button = QPushButton(self.tr("この端末で同期を始める"))
        self.start_button.setObjectName("syncStart")
        self.start_button.setToolTip(self.tr(
            "最初の1台で押します。この端末が記帳端末(登録簿を記帳する端末)になります。"))
        self.start_button.clicked.connect(self.start_sync)
        self.join_code_button = QPushButton(self.tr("ペアリングコードで参加…"))
        self.join_code_button.setToolTip(self.tr(
            "同期している端末の「ペアリングコードを表示…」で出したコードを入力して参加します。"))
        self.join_code_button.clicked.connect(lambda _checked=False: self.open_join("code"))
        self.join_recovery_button = QPushButton(self.tr("復旧用パスフレーズで参加…"))
        self.join_recovery_button.setToolTip(self.tr(
            "同期している端末が手元にないとき(紛失・故障)、最初の端末の復旧用パスフレーズで参加します。"))
        self.join_recovery_button.clicked.connect(lambda _checked=False: self.open_join("recovery"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.join_code_button)
        buttons.addWidget(self.join_recovery_button)
        buttons.addStretch(1)
        self.setup_error = ErrorLabel()
        layout = QVBoxLayout(group)
        layout.addWidget(intro)
        layout.addSpacing(6)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(_muted(self.tr(
            "2台目からは、1台目で「ペアリングコードを表示…」を押し、表示されたコードをこちらで入力します。")))
        layout.addWidget(self.setup_error)
        return group

    # -- building: set up ----------------------------------------------------------------

    def _build_status(self) -> QWidget:
        box = QWidget()
        box.setObjectName("syncStatusPage")
        state = QGroupBox(self.tr("同期の状態"))
        self.status_folder = _value()
        self.status_device = _value()
        self.status_keeper = _value()
        self.status_last = _value()
        self.status_unsent = _value()
        self.status_conflicts = _value()
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("同期フォルダ:"), self.status_folder)
        form.addRow(self.tr("この端末:"), self.status_device)
        form.addRow(self.tr("記帳端末:"), self.status_keeper)
        form.addRow(self.tr("最終同期:"), self.status_last)
        form.addRow(self.tr("未送信:"), self.status_unsent)
        form.addRow(self.tr("競合:"), self.status_conflicts)
        self.sync_now_button = QPushButton(self.tr("今すぐ同期"))
        self.sync_now_button.setObjectName("syncNow")
        self.sync_now_button.clicked.connect(self.sync_now)
        self.pair_button = QPushButton(self.tr("ペアリングコードを表示…"))
        self.pair_button.setToolTip(self.tr("別のパソコンをこの同期に加えるためのコードを表示します。"))
        self.pair_button.clicked.connect(self.show_pairing_code)
        self.take_register_button = QPushButton(self.tr("記帳端末を引き継ぐ…"))
        self.take_register_button.setToolTip(self.tr(
            "記帳端末を紛失した・壊れたときに、この端末が登録簿の記帳を引き継ぎます。"))
        self.take_register_button.clicked.connect(self.ask_take_register)
        buttons = QHBoxLayout()
        buttons.addWidget(self.sync_now_button)
        buttons.addWidget(self.pair_button)
        buttons.addWidget(self.take_register_button)
        buttons.addStretch(1)
        self.result_label = _value()
        self.result_label.setObjectName("syncResult")
        self.result_label.setVisible(False)
        self.status_error = ErrorLabel()
        self.status_error.setObjectName("syncError")
        state_layout = QVBoxLayout(state)
        state_layout.addLayout(form)
        state_layout.addLayout(buttons)
        state_layout.addWidget(self.result_label)
        state_layout.addWidget(self.status_error)
        state_layout.addWidget(_muted(self.tr(
            "変更は自動で同期します(フォルダに変化があったとき、保存の少し後、5分ごと)。"
            "記帳端末は、ほかの端末で書いた開示の変更を同期のたびに登録簿へ記載します。")))

        devices = QGroupBox(self.tr("端末"))
        self.devices_grid = QGridLayout()
        self.devices_grid.setHorizontalSpacing(16)
        self.devices_grid.setColumnStretch(0, 2)
        self.devices_grid.setColumnStretch(2, 2)
        devices_layout = QVBoxLayout(devices)
        devices_layout.addLayout(self.devices_grid)
        devices_layout.addWidget(_muted(self.tr(
            "端末を外すと、新しい同期の鍵を作って残る端末にだけ渡します。外した端末は、それより後の"
            "変更を読めません。")))
        layout = QHBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(state, 1)
        layout.addWidget(devices, 1)
        return box

    # -- showing ---------------------------------------------------------------------------

    def show_state(self) -> None:
        status = self.sync.status
        if status is None:
            self.pages.setCurrentIndex(0)
            return
        if not status.configured:
            self.pages.setCurrentIndex(1)
            self.loaded.emit()
            return
        self.pages.setCurrentIndex(2)
        self._show_status(status)
        self.loaded.emit()

    def _show_status(self, status: SyncStatus) -> None:
        self.status_folder.setText(status.folder)
        self.status_device.setText(
            self.tr("{name}(記帳端末)").format(name=status.device_name)
            if status.is_register_keeper else status.device_name)
        self.status_keeper.setText(
            self.tr("この端末({name})。登録簿に開示を記載する、ただ一つの端末です。").format(
                name=status.device_name)
            if status.is_register_keeper else
            self.tr("{name}。この端末での開示の変更は「封印待ち」となり、次の同期で記帳端末が"
                    "登録簿に記載します。").format(name=status.keeper_name or self.tr("(不明)")))
        if self.sync.running:
            self.status_last.setText(self.tr("同期しています…"))
        else:
            self.status_last.setText(ymd_hm(status.last_synced_at) if status.last_synced_at
                                     else self.tr("まだ同期していません"))
        self.status_unsent.setText(self.tr("{n}件").format(n=status.unsent))
        self.status_conflicts.setText(
            self.tr("{n}件(ホームの「同期の競合」で選んでください)").format(n=status.conflicts)
            if status.conflicts else self.tr("なし"))
        problem = self.sync.problem or status.last_error
        self.status_error.show_message(problem)
        self.sync_now_button.setEnabled(not self.sync.running and not self.busy)
        self.pair_button.setEnabled(not self.busy)
        self.take_register_button.setVisible(not status.is_register_keeper)
        self.take_register_button.setEnabled(not self.busy)
        self._show_devices(status)

    def _show_devices(self, status: SyncStatus) -> None:
        grid = self.devices_grid
        while grid.count():
            item = grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.device_buttons = {}
        headers = (self.tr("端末名"), self.tr("最終確認"), self.tr("備考"))
        for column, text in enumerate(headers):
            header = QLabel(text)
            font = header.font()
            font.setBold(True)
            header.setFont(font)
            grid.addWidget(header, 0, column)
        for row, device in enumerate(status.devices, start=1):
            this = device.this_device
            notes = []
            if this:
                notes.append(self.tr("この端末"))
            if device.removed:
                notes.append(self.tr("外しました"))
            elif (status.is_register_keeper if this
                  else not status.is_register_keeper and device.name == status.keeper_name):
                notes.append(self.tr("記帳端末"))
            name = _value()
            name.setText(device.name)
            seen = _value()
            seen.setText(self.tr("—") if this else
                         ymd_hm(device.last_seen_at) if device.last_seen_at else self.tr("まだ"))
            remark = _value()
            remark.setText("・".join(notes))
            grid.addWidget(name, row, 0)
            grid.addWidget(seen, row, 1)
            grid.addWidget(remark, row, 2)
            if not this and not device.removed:
                button = QPushButton(self.tr("この端末を外す…"))
                button.setObjectName(f"removeDevice_{_hex(device.id)}")
                button.setEnabled(not self.busy)
                button.clicked.connect(lambda _checked=False, d=device: self.ask_remove(d))
                grid.addWidget(button, row, 3)
                self.device_buttons[_hex(device.id)] = button

    def _synced(self, result: SyncResult) -> None:
        parts = [self.tr("送信 {n}件").format(n=result.sent),
                 self.tr("受信 {n}件").format(n=result.received)]
        if result.sealed:
            parts.append(self.tr("登録簿に記載 {n}件").format(n=result.sealed))
        if result.conflicts:
            parts.append(self.tr("競合 {n}件").format(n=result.conflicts))
        if result.restored:
            parts.append(self.tr("復元 {n}件").format(n=result.restored))
        lines = [self.tr("同期しました: {parts}").format(parts="・".join(parts))]
        lines.extend(self.tr("待機中: {line}").format(line=line) for line in result.skipped)
        self.result_label.setText("\n".join(lines))
        self.result_label.setVisible(True)
        if result.refused:
            self.status_error.show_message("\n".join(result.refused))

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        for button in (self.start_button, self.join_code_button, self.join_recovery_button):
            button.setEnabled(not busy)
        self.show_state()

    def _failed_to(self, label: ErrorLabel) -> Any:
        def failed(error: BaseException) -> None:
            self._set_busy(False)
            if isinstance(error, KnownError):
                label.show_message(problem_text(error))
            else:
                self.worker.report_error(error)
        return failed

    # -- not set up: begin ----------------------------------------------------------------

    def pick_folder(self) -> None:
        dialog = QFileDialog(self)
        dialog.setWindowTitle(self.tr("同期フォルダを選ぶ"))
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        current = Path(self.folder_edit.text().strip()).expanduser()
        if self.folder_edit.text().strip() and current.is_dir():
            dialog.setDirectory(str(current))
        dialog.setMinimumSize(640, 420)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(self.folder_chosen)
        dialog.destroyed.connect(lambda _obj=None: setattr(self, "file_dialog", None))
        self.file_dialog = dialog
        dialog.open()

    def folder_chosen(self, chosen: str) -> None:
        if not chosen:
            return
        self.folder_edit.setText(str(Path(chosen)))
        self.folder_error.show_message(folder_problem(chosen))

    def _checked_inputs(self) -> tuple[Path, str] | None:
        """The folder and the device name, or None with the reasons shown."""
        folder, name = self.folder_edit.text().strip(), self.name_edit.text().strip()
        folder_error, name_error = folder_problem(folder), device_name_problem(name)
        self.folder_error.show_message(folder_error)
        self.name_error.show_message(name_error)
        self.setup_error.show_message("")
        if folder_error:
            self.folder_edit.setFocus()
            return None
        if name_error:
            self.name_edit.setFocus()
            return None
        return Path(folder).expanduser(), name

    def start_sync(self) -> None:
        from companion.services.sync import set_up_sync

        inputs = self._checked_inputs()
        if inputs is None:
            return
        folder, name = inputs
        self._set_busy(True)
        ops.on_database(set_up_sync, folder=folder, device_name=name).named("set_up_sync").success(self._began) \
            .failure(self._failed_to(self.setup_error)) \
            .with_progress(self, self.tr("同期の準備をしています…"), cancellable=False) \
            .run(self.worker)

    def _began(self, status: SyncStatus) -> None:
        self._set_busy(False)
        self.sync.show_status(status)
        self.sync.request_sync()

    def _joined(self, status: SyncStatus) -> None:
        self.sync.records_arrived()  # the other devices' records are here now
        self._began(status)

    def open_join(self, how: str) -> QDialog | None:
        from companion.ui.dialogs.sync_join import JoinDialog

        inputs = self._checked_inputs()
        if inputs is None:
            return None
        folder, name = inputs
        dialog = JoinDialog(self.worker, folder=folder, device_name=name, how=how, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.joined.connect(self._joined)
        self._open(dialog)
        return dialog

    # -- set up -------------------------------------------------------------------------------

    def sync_now(self) -> None:
        self.result_label.setVisible(False)
        self.status_error.show_message("")
        self.sync.sync_now()

    def show_pairing_code(self) -> None:
        from companion.services.sync import create_pairing_code

        self._set_busy(True)
        self.status_error.show_message("")
        ops.on_database(create_pairing_code) \
            .named("create_pairing_code").success(self._show_code) \
            .failure(self._failed_to(self.status_error)) \
            .with_progress(self, self.tr("ペアリングコードを作っています…"), cancellable=False) \
            .run(self.worker)

    def _show_code(self, code: str) -> None:
        from companion.ui.dialogs.sync_join import PairingCodeDialog

        self._set_busy(False)
        dialog = PairingCodeDialog(code, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._open(dialog)

    def ask_remove(self, device: Any) -> None:
        dialog = ConfirmDialog(
            title=self.tr("端末を外す"), action=self.tr("外す"), parent=self,
            text=self.tr(
                "「{name}」をこの同期から外します。\n\n"
                "新しい同期の鍵を作り、残る端末にだけ渡します。「{name}」は、これより後の変更を"
                "読めなくなります。これまでに受け取った記録は、その端末に残ります。").format(
                    name=device.name))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.remove_device(device))
        self._open(dialog)

    def remove_device(self, device: Any) -> None:
        from companion.services.sync import remove_device

        self._set_busy(True)
        device_id = device.id if isinstance(device.id, uuid.UUID) else uuid.UUID(str(device.id))
        name = device.name

        def removed(_result: object) -> None:
            self._set_busy(False)
            self.result_label.setText(self.tr("「{name}」を外しました。新しい同期の鍵に切り替えました。")
                                      .format(name=name))
            self.result_label.setVisible(True)
            self.sync.refresh()

        ops.on_database(remove_device, device_id=device_id) \
            .named("remove_device").success(removed).failure(self._failed_to(self.status_error)) \
            .with_progress(self, self.tr("端末を外しています…"), cancellable=False) \
            .run(self.worker)

    def ask_take_register(self) -> None:
        status = self.sync.status
        keeper = status.keeper_name if status is not None and status.keeper_name else self.tr("(不明)")
        dialog = ConfirmDialog(
            title=self.tr("記帳端末を引き継ぐ"), action=self.tr("引き継ぐ"), parent=self,
            text=self.tr(
                "この端末を記帳端末にします。\n\n"
                "記帳端末は、開示の登録簿を記帳するただ一つの端末です。いまの記帳端末「{keeper}」を"
                "紛失した・壊れたなど、もう使えないときだけ引き継いでください。先に「この端末を外す…」"
                "でその端末を外しておくと安全です。\n\n"
                "引き継ぐ前に同期し、記帳端末が記載した登録簿をすべて受け取ってから行ってください。")
            .format(keeper=keeper))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self.take_register)
        self._open(dialog)

    def take_register(self) -> None:
        from companion.services.sync import take_register

        self._set_busy(True)

        def taken(_result: object) -> None:
            self._set_busy(False)
            self.result_label.setText(self.tr("この端末が記帳端末になりました。"))
            self.result_label.setVisible(True)
            self.sync.refresh()
            self.sync.request_sync()  # the other devices learn it

        ops.on_database(take_register) \
            .named("take_register").success(taken).failure(self._failed_to(self.status_error)) \
            .run(self.worker)

    # -- helpers -------------------------------------------------------------------------------

    def _open(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.finished.connect(lambda _result: self._closed(dialog))
        dialog.open()

    def _closed(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None


def _hex(value: object) -> str:
    """A device id as 32 hex digits, whether it came as a UUID or a string."""
    if isinstance(value, uuid.UUID):
        return value.hex
    return str(value).replace("-", "").lower()
