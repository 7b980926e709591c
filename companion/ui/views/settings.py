"""設定: the user's settings, backups, how the data is protected and where it lives.

The settings form is built from ``companion.settings.DECLARED``: one editor per
setting by its kind (str: a line edit, bool: a check box, int: a spin box within the
declared bounds, choices: a combo box; the report template and the backup folder also
get a 参照… picker). Every change is checked and saved at once through the window's
``Settings`` (which writes ``settings.json`` and tells the rest of the window); a value
that cannot be used is kept on screen with the reason beside it and is not saved.

Below: the automatic backups (list, 今すぐバックアップ, 復元…), the keyring in use and
the recovery passphrase, the review key's fingerprint, and where the files are. All
database and file-copy work runs on the database worker, the keyring is asked on the
second pool (``companion.ui.ops``).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QLocale, Qt, QUrl, Signal
from PySide6.QtGui import (
    QDesktopServices,
    QFont,
    QFontDatabase,
    QPalette,
    QStandardItem,
    QStandardItemModel,
    QValidator,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
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
    QSpinBox,
    QStyle,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from companion.errors import KnownError
from companion.paths import DataPaths
from companion.settings import DECLARED, Setting, Settings
from companion.ui import ops
from companion.ui.backup_scheduler import BackupScheduler
from companion.ui.dialogs.change_passphrase import ErrorLabel
from companion.ui.formatting import ymd_hm
from companion.ui.views.base import Page
from companion.ui.widgets.common import make_table, note, page_title, stretch_column

if TYPE_CHECKING:
    from companion.services.backups import BackupInfo, RestoreResult
    from companion.services.home import StorageInfo
    from companion.services.storage import KeyringStatus
    from companion.ui.sync_watcher import BackgroundSync
    from companion.ui.tasks import DbWorker, Job

NO_KEYRING_BACKEND = "keyring.backends.fail.Keyring"
UNUSABLE_KEYRINGS = (NO_KEYRING_BACKEND, "keyring.backends.null.Keyring")


def _tr(text: str) -> str:
    return QCoreApplication.translate("SettingsPage", text)


def keyring_in_words(backend: str) -> str:
    """The keyring (``SecretStore.backend_name()``: module.Class) as a user knows it."""
    if backend in UNUSABLE_KEYRINGS:
        return _tr("利用できません")
    known = (
        ("keyring.backends.Windows.", _tr("Windows 資格情報マネージャー")),
        ("keyring.backends.macOS.", _tr("macOS キーチェーン")),
        ("keyring.backends.SecretService.", _tr("Secret Service(GNOME キーリング)")),
        ("keyring.backends.libsecret.", _tr("Secret Service(GNOME キーリング)")),
        ("keyring.backends.kwallet.", _tr("KDE ウォレット")),
        ("keyring.backends.chainer.", _tr("OS のキーリング")),
        ("companion.keystore.MemoryKeyring", _tr("メモリ内(テスト用・保存されません)")),
    )
    for prefix, words in known:
        if backend.startswith(prefix):
            return words
    return _tr("その他のキーリング({name})").format(name=backend.rsplit(".", 2)[-2]
                                                   if backend.count(".") >= 2 else backend)
DEFAULT_INT_RANGE = (0, 1_000_000)  # an int setting declared without bounds
FILE_PICKERS = {"report_template"}
FOLDER_PICKERS = {"backup_folder"}


# -- widgets ----------------------------------------------------------------------------

def _value() -> QLabel:
    label = QLabel()
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    return label


def _muted(text: str) -> QLabel:
    """An explanation under a field, in the palette's muted text colour (it follows the
    OS light or dark scheme)."""
    label = note(text)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


def human_size(size: int) -> str:
    """3.5 MB: what a backup takes on the disk."""
    if size < 1024:
        return f"{size} B"
    value = size / 1024
    for unit in ("KB", "MB"):
        if value < 1024:
            return f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GB"


class IntSettingBox(QSpinBox):
    """A spin box that says so when the number typed is out of range: Qt would drop the
    keystroke (typing 1441 leaves 144) or silently put the old value back."""

    refused = Signal(str)  # the number that was typed

    def _typed(self, text: str) -> str:
        return text.removeprefix(self.prefix()).removesuffix(self.suffix()).strip()

    def validate(self, input: str, pos: int, /) -> tuple[QValidator.State, str, int]:
        state, text, position = super().validate(input, pos)
        typed = self._typed(text)
        if state == QValidator.State.Invalid and typed.lstrip("-").isdigit():
            state = QValidator.State.Intermediate  # let it be typed; refused on Enter
        return state, text, position

    def fixup(self, input: str, /) -> str:
        self.refused.emit(self._typed(input))
        return super().fixup(input)


class RestoreConfirmDialog(QDialog):
    """復元…: say what will happen before anything does."""

    def __init__(self, taken_at: str, parent: QWidget | None = None, *,
                 rolled_back: int = 0) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("バックアップから復元"))
        self.setMinimumSize(480, 220)
        icon = QLabel()
        icon.setPixmap(self.style().standardIcon(
            QStyle.StandardPixmap.SP_MessageBoxQuestion).pixmap(40, 40))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.text_label = QLabel(self.tr(
            "{taken_at} のバックアップに戻します。\n\n"
            "それ以降に入力・変更した内容は、データベースからなくなります。ただし、復元の前に"
            "現在の状態を自動でバックアップするので、必要になればその状態にまた戻せます。\n\n"
            "復元の後、データを開き直して画面を読み込み直します。").format(taken_at=taken_at))
        if rolled_back:  # the backup is older than the signed register: say what is lost
            self.text_label.setText(self.tr(
                "{taken_at} のバックアップに戻すと、第三者レビューに使う署名付きの記録(開示と署名鍵)が "
                "{count} 件失われます。\n\n"
                "レビュー担当者が受け取った記録より短くなると、次のバンドルの検証で食い違いが"
                "見つかります。戻したことは復元の履歴(restore-history.jsonl)に残ります。\n\n"
                "それでも戻しますか?").format(taken_at=taken_at, count=rolled_back))
        self.text_label.setWordWrap(True)
        body = QHBoxLayout()
        body.addWidget(icon)
        body.addWidget(self.text_label, 1)
        buttons = QDialogButtonBox()
        self.restore_button = buttons.addButton(
            self.tr("記録を失っても復元する") if rolled_back else self.tr("復元する"),
            QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton(self.tr("キャンセル"),
                                               QDialogButtonBox.ButtonRole.RejectRole)
        # Enter must never replace the data: the safe answer is the default and has focus.
        self.restore_button.setAutoDefault(False)
        self.cancel_button.setDefault(True)
        self.cancel_button.setFocus()
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(buttons)


@dataclass
class SettingEditor:
    setting: Setting
    widget: QWidget  # QLineEdit, QCheckBox, QSpinBox or QComboBox
    error: ErrorLabel
    picker: QPushButton | None = None


# -- the page ---------------------------------------------------------------------------

class SettingsPage(Page):
    # The 表示言語 was changed and saved: the window switches to it (set_language).
    language_chosen = Signal(str)

    def __init__(self, worker: DbWorker, *, paths: DataPaths, settings: Settings,
                 log_file: Path, backups: BackupScheduler | None = None,
                 sync: BackgroundSync | None = None, parent: QWidget | None = None) -> None:
        super().__init__(worker, parent)
        self.paths = paths
        self.settings = settings  # the window's, in memory
        self.log_file = log_file
        # The window's scheduler; a page shown on its own makes its own.
        self.backups = backups or BackupScheduler(worker, paths=paths, settings=settings,
                                                  parent=self)
        self.editors: dict[str, SettingEditor] = {}
        self.file_dialog: QFileDialog | None = None
        self.backup_rows: list[BackupInfo] = []
        self._manual_backup: Job | None = None  # 今すぐバックアップ, until it answers
        self._choice_labels = {"auto": self.tr("自動(OS に合わせる)"), "ja": self.tr("日本語"),
                               "en": self.tr("English")}

        self.saved_label = QLabel()
        self.saved_label.setObjectName("savedLabel")
        columns = QGridLayout()
        columns.setHorizontalSpacing(16)
        columns.setVerticalSpacing(12)
        columns.addWidget(self._build_settings_group(), 0, 0, 2, 1)
        columns.addWidget(self._build_backup_group(), 0, 1)
        columns.addWidget(self._build_protection_group(), 1, 1)
        columns.addWidget(self._build_location_group(), 2, 0, 1, 2)
        columns.setColumnStretch(0, 1)
        columns.setColumnStretch(1, 1)
        columns.setRowStretch(3, 1)

        content = QWidget()
        content.setObjectName("settingsContent")
        inner = QVBoxLayout(content)
        inner.addLayout(columns, 1)
        scroll = QScrollArea()
        scroll.setObjectName("settingsScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        # 同期 (views/sync_settings.py): a tab beside the settings; the window's
        # BackgroundSync, or (a page shown on its own) one of its own.
        from companion.ui.sync_watcher import BackgroundSync
        from companion.ui.views.sync_settings import SyncSettingsPanel

        self.sync = sync or BackgroundSync(worker, parent=self)
        self.sync_panel = SyncSettingsPanel(worker, sync=self.sync)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("settingsTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(scroll, self.tr("全般"))
        self.tabs.addTab(self.sync_panel, self.tr("同期"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(page_title(self.tr("設定")))
        layout.addWidget(self.tabs, 1)

        self.backups.backup_made.connect(self._backup_made)
        self.backups.backup_failed.connect(self._show_backup_status)

    # -- building -------------------------------------------------------------------

    def _build_settings_group(self) -> QGroupBox:
        group = QGroupBox(self.tr("基本設定"))
        form = QFormLayout(group)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for setting in DECLARED:
            editor = self._make_editor(setting)
            self.editors[setting.key] = editor
            field = QVBoxLayout()
            field.setSpacing(2)
            row = QHBoxLayout()
            if isinstance(editor.widget, QSpinBox):  # a number: narrow, the rest empty
                row.addWidget(editor.widget)
                row.addStretch(1)
            else:
                row.addWidget(editor.widget, 1)
            if editor.picker is not None:
                row.addWidget(editor.picker)
            field.addLayout(row)
            if setting.kind is not bool:  # a check box carries its description as text
                field.addWidget(_muted(self.tr(setting.description)))
            field.addWidget(editor.error)
            form.addRow(self.tr(setting.label) + self.tr(":"), field)
        form.addRow("", self.saved_label)
        return group

    def _make_editor(self, setting: Setting) -> SettingEditor:
        value = self.settings.get(setting.key)
        error = ErrorLabel()
        picker: QPushButton | None = None
        widget: QWidget
        if setting.choices:
            combo = QComboBox()
            for choice in setting.choices:
                combo.addItem(self._choice_labels.get(choice, choice), choice)
            combo.setCurrentIndex(max(0, combo.findData(value)))
            combo.currentIndexChanged.connect(
                lambda _index, s=setting, c=combo: self._save(s, c.currentData()))
            widget = combo
        elif setting.kind is bool:
            check = QCheckBox(self.tr(setting.description))
            check.setChecked(bool(value))
            check.toggled.connect(lambda checked, s=setting: self._save(s, bool(checked)))
            widget = check
        elif setting.kind is int:
            box = IntSettingBox()
            low = DEFAULT_INT_RANGE[0] if setting.minimum is None else setting.minimum
            high = DEFAULT_INT_RANGE[1] if setting.maximum is None else setting.maximum
            box.setRange(low, high)
            if setting.key == "backup_interval_minutes":
                box.setSuffix(self.tr(" 分"))
            box.setKeyboardTracking(False)  # save the number typed, not each digit
            box.setValue(int(value))
            box.setMinimumWidth(box.fontMetrics().horizontalAdvance("00000" + self.tr(" 分")) + 40)
            box.valueChanged.connect(lambda number, s=setting: self._save(s, int(number)))
            box.refused.connect(lambda text, s=setting, lo=low, hi=high:
                                self._refuse_int(s, text, lo, hi))
            widget = box
        else:
            edit = QLineEdit(str(value))
            edit.setClearButtonEnabled(True)
            if setting.max_length is not None:
                edit.setMaxLength(setting.max_length)
            edit.editingFinished.connect(
                lambda s=setting, e=edit: self._save(s, self._text_value(s, e.text())))
            widget = edit
            if setting.key in FILE_PICKERS | FOLDER_PICKERS:
                picker = QPushButton(self.tr("参照…"))
                picker.clicked.connect(lambda _checked=False, s=setting: self._pick(s))
        widget.setObjectName(f"setting_{setting.key}")
        widget.setToolTip(self.tr(setting.description))
        return SettingEditor(setting, widget, error, picker)

    def _build_backup_group(self) -> QGroupBox:
        group = QGroupBox(self.tr("バックアップ"))
        self.backup_status = _value()
        self.backup_message = _value()  # what the last 今すぐ / 復元 did
        self.backup_message.setVisible(False)
        self.backup_error = ErrorLabel()
        self.backup_model = QStandardItemModel(0, 2, self)
        self.backup_model.setHorizontalHeaderLabels([self.tr("日時"), self.tr("大きさ")])
        self.backup_table = make_table()
        self.backup_table.setObjectName("backupTable")
        self.backup_table.setModel(self.backup_model)
        self.backup_table.setMinimumHeight(self.backup_table.fontMetrics().height() * 9)
        self.backup_table.setColumnWidth(0, self.fontMetrics().horizontalAdvance("0000/00/00 00:00") + 40)
        stretch_column(self.backup_table, 1)
        self.backup_table.selectionModel().selectionChanged.connect(self._backup_selected)
        self.backup_table.doubleClicked.connect(lambda _index: self._ask_restore())
        self.backup_now_button = QPushButton(self.tr("今すぐバックアップ"))
        self.backup_now_button.clicked.connect(self.backup_now)
        self.restore_button = QPushButton(self.tr("復元…"))
        self.restore_button.setEnabled(False)
        self.restore_button.clicked.connect(self._ask_restore)
        open_backups = QPushButton(self.tr("フォルダを開く"))
        open_backups.clicked.connect(
            lambda: self._open_folder(self.backups.backup_paths().backups))
        buttons = QHBoxLayout()
        buttons.addWidget(self.backup_now_button)
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        buttons.addWidget(open_backups)
        layout = QVBoxLayout(group)
        layout.addWidget(self.backup_status)
        layout.addWidget(self.backup_message)
        layout.addWidget(self.backup_error)
        layout.addWidget(self.backup_table, 1)
        layout.addLayout(buttons)
        self._show_backup_status()
        return group

    def _build_protection_group(self) -> QGroupBox:
        group = QGroupBox(self.tr("データの保護"))
        self.keyring_label = _value()
        self.keyring_state_label = _value()
        self.keyring_problem_label = ErrorLabel()
        self.fingerprint_label = _value()
        fixed = QFont(self.fingerprint_label.font())  # digits that line up, read aloud
        fixed.setFamilies([QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont).family(),
                           *fixed.families()])
        self.fingerprint_label.setFont(fixed)
        self.fingerprint_button = QPushButton(self.tr("表示"))
        self.fingerprint_button.setToolTip(self.tr(
            "レビュー用の署名鍵がまだないため、押すと鍵を作成して指紋を表示します。"))
        self.fingerprint_button.setVisible(False)
        self.fingerprint_button.clicked.connect(self.create_fingerprint)
        fingerprint_row = QHBoxLayout()
        fingerprint_row.addWidget(self.fingerprint_label, 1)
        fingerprint_row.addWidget(self.fingerprint_button)
        for label in (self.keyring_label, self.keyring_state_label, self.fingerprint_label):
            label.setText(self.tr("読み込み中…"))
        self.passphrase_button = QPushButton(self.tr("復旧用パスフレーズを変更…"))
        self.passphrase_button.clicked.connect(self.change_passphrase)
        keyring = QVBoxLayout()
        keyring.addWidget(self.keyring_label)
        keyring.addWidget(self.keyring_state_label)
        keyring.addWidget(self.keyring_problem_label)
        form = QFormLayout(group)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.addRow(self.tr("キーリング:"), keyring)
        form.addRow(self.tr("復旧用パスフレーズ:"), self.passphrase_button)
        form.addRow(self.tr("レビュー用の鍵の指紋:"), fingerprint_row)
        form.addRow("", _muted(self.tr(
            "第三者レビューの相手には、この指紋をバンドルとは別の経路(電話、対面など)で伝えてください。")))
        return group

    def _build_location_group(self) -> QGroupBox:
        group = QGroupBox(self.tr("データの場所"))
        self.folder_label = _value()
        self.folder_label.setText(str(self.paths.root))
        self.database_label = _value()
        self.database_label.setText(str(self.paths.database))
        self.revision_label = _value()
        self.counts_label = _value()
        self.log_label = _value()
        self.log_label.setText(str(self.log_file))
        for label in (self.revision_label, self.counts_label):
            label.setText(self.tr("読み込み中…"))
        open_folder = QPushButton(self.tr("データフォルダを開く"))
        open_folder.clicked.connect(lambda: self._open_folder(self.paths.root))
        form = QFormLayout(group)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.addRow(self.tr("データフォルダ:"), self.folder_label)
        form.addRow(self.tr("データベース:"), self.database_label)
        form.addRow(self.tr("スキーマ改訂:"), self.revision_label)
        form.addRow(self.tr("件数:"), self.counts_label)
        form.addRow(self.tr("ログファイル:"), self.log_label)
        form.addRow("", _muted(self.tr(
            "データベースは暗号化して保存されます。データフォルダを丸ごと別の場所に写せば、"
            "別のパソコンでも復旧用パスフレーズで開けます。")))
        form.addRow("", open_folder)
        return group

    # -- loading ----------------------------------------------------------------------

    def load(self) -> None:
        """The counts and the review key from the database, the keyring's answer from
        the second pool; the page counts as loaded when all three are shown."""
        from companion.services.home import storage_info
        from companion.services.register import signing_key_fingerprint
        from companion.services.storage import keyring_status

        waiting = {"storage", "fingerprint", "keyring"}

        def then_done(part: str, show: Callable[[Any], None]) -> Callable[[Any], None]:
            def shown(value: Any) -> None:
                show(value)
                waiting.discard(part)
                if not waiting:
                    self.mark_loaded()
            return shown

        ops.read(storage_info).success(then_done("storage", self._show_storage)) \
            .run(self.worker)
        ops.read(signing_key_fingerprint) \
            .success(then_done("fingerprint", self._show_fingerprint)).run(self.worker)
        ops.background(keyring_status, self.paths) \
            .success(then_done("keyring", self._show_keyring)).run(self.worker)
        self.refresh_backups()
        self.sync.refresh()  # 未送信 and 競合 change with every edit

    def show_sync(self) -> None:
        """Show the 同期 tab."""
        self.tabs.setCurrentWidget(self.sync_panel)

    def _show_storage(self, storage: StorageInfo) -> None:
        self.revision_label.setText(storage.schema_revision or self.tr("(未設定)"))
        self.counts_label.setText(self.tr("案件 {engagements}件・訪問記録 {visits}件").format(
            engagements=f"{storage.engagements:,}", visits=f"{storage.visits:,}"))

    def _show_keyring(self, info: KeyringStatus) -> None:
        self.keyring_label.setText(keyring_in_words(info.backend))
        self.keyring_label.setToolTip(info.backend)  # the exact name, for support
        if info.holds_key is None:
            state = self.tr("このデータフォルダは暗号化されていないため、鍵はありません。")
        elif info.holds_key:
            state = self.tr("データの鍵は OS のキーリングに保管されています。起動時にパスフレーズは"
                            "不要です。")
        elif info.backend in UNUSABLE_KEYRINGS:
            state = self.tr("この環境では OS のキーリングが使えません。起動のたびに復旧用パスフレーズ"
                            "を入力します。")
        else:
            state = self.tr("データの鍵がキーリングにありません。起動のたびに復旧用パスフレーズを"
                            "入力します。")
        self.keyring_state_label.setText(state)
        self.keyring_problem_label.show_message(info.problem)
        self.passphrase_button.setEnabled(info.holds_key is not None)

    def _show_fingerprint(self, fingerprint: str | None) -> None:
        from companion.review.keys import short_fingerprint

        if fingerprint is None:
            self.fingerprint_label.setText(self.tr("(まだ作成されていません)"))
            self.fingerprint_label.setToolTip("")
        else:
            self.fingerprint_label.setText(short_fingerprint(fingerprint))
            self.fingerprint_label.setToolTip(fingerprint)
        self.fingerprint_button.setVisible(fingerprint is None)
        self.fingerprint_button.setEnabled(True)

    def create_fingerprint(self) -> None:
        """表示: make the review key on first use and show its fingerprint."""
        from companion.services.register import create_signing_key

        self.fingerprint_button.setEnabled(False)
        ops.write(create_signing_key, undo_label=self.tr("レビュー用の鍵の作成")) \
            .success(self._show_fingerprint).failure(self._fingerprint_failed).run(self.worker)

    def _fingerprint_failed(self, error: BaseException) -> None:
        self.fingerprint_button.setEnabled(True)
        self.worker.report_error(error)

    # -- settings -----------------------------------------------------------------------

    def _text_value(self, setting: Setting, text: str) -> str:
        if setting.key in FILE_PICKERS | FOLDER_PICKERS:
            return text.strip()
        return text

    def _problem(self, setting: Setting, value: Any) -> str:
        """Why ``value`` cannot be used for ``setting`` ('' when it can)."""
        if setting.key in FILE_PICKERS and value:
            path = Path(value).expanduser()
            if path.suffix.lower() != ".docx":
                return self.tr("Word 文書(.docx)を指定してください。")
            if not path.is_file():
                return self.tr("ファイルが見つかりません: {path}").format(path=path)
        if setting.key in FOLDER_PICKERS and value:
            path = Path(value).expanduser()
            if not path.is_dir():
                return self.tr("フォルダが見つかりません: {path}").format(path=path)
            if not os.access(path, os.W_OK):
                return self.tr("このフォルダには書き込めません: {path}").format(path=path)
        return ""

    def _save(self, setting: Setting, value: Any) -> None:
        editor = self.editors[setting.key]
        settings = self.settings
        if value == settings.get(setting.key):  # back to what is saved
            editor.error.show_message("")
            return
        problem = self._problem(setting, value)
        if problem:
            editor.error.show_message(problem)
            self.saved_label.clear()
            return
        try:
            settings.set(setting.key, value)
        except KnownError as exc:
            editor.error.show_message(f"{exc.message} {exc.hint}".strip())
            self.saved_label.clear()
            return
        editor.error.show_message("")
        self.saved_label.setText(self.tr("「{label}」を保存しました。").format(
            label=self.tr(setting.label)))
        if setting.key == "language":
            self.language_chosen.emit(value)
        if setting.key in ("backup_folder", "backup_interval_minutes"):
            # (the window's scheduler hears of the change from the window)
            self._show_backup_status()
            if setting.key == "backup_folder":
                self.refresh_backups()

    def show_setting(self, key: str) -> None:
        """A setting changed elsewhere (表示 > 言語, a restore): show its value."""
        editor = self.editors.get(key)
        if editor is None:
            return
        value = self.settings.get(key)
        widget = editor.widget
        blocked = widget.blockSignals(True)  # showing it is not saving it again
        try:
            if isinstance(widget, QComboBox):
                widget.setCurrentIndex(max(0, widget.findData(value)))
            elif isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))
            elif isinstance(widget, QSpinBox):
                widget.setValue(int(value))
            elif isinstance(widget, QLineEdit):
                widget.setText(str(value))
        finally:
            widget.blockSignals(blocked)
        editor.error.show_message("")
        if key in ("backup_folder", "backup_interval_minutes"):
            self._show_backup_status()

    def _refuse_int(self, setting: Setting, text: str, low: int, high: int) -> None:
        shown = text.strip() or self.tr("(空欄)")
        self.editors[setting.key].error.show_message(self.tr(
            "「{text}」は使えません。{low}〜{high} の整数を入力してください。").format(
                text=shown, low=low, high=high))
        self.saved_label.clear()

    def _pick(self, setting: Setting) -> None:
        edit = self.editors[setting.key].widget
        assert isinstance(edit, QLineEdit)
        current = Path(edit.text().strip()).expanduser() if edit.text().strip() else None
        dialog = QFileDialog(self)
        if setting.key in FOLDER_PICKERS:
            dialog.setWindowTitle(self.tr("バックアップ先のフォルダを選ぶ"))
            dialog.setFileMode(QFileDialog.FileMode.Directory)
            dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
            if current is not None and current.is_dir():
                dialog.setDirectory(str(current))
        else:
            dialog.setWindowTitle(self.tr("報告書のテンプレートを選ぶ"))
            dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
            dialog.setNameFilter(self.tr("Word 文書 (*.docx)"))
            if current is not None and current.parent.is_dir():
                dialog.setDirectory(str(current.parent))
        dialog.setMinimumSize(640, 420)  # fixed before it is shown (see MessageDialog)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(lambda chosen, e=edit, s=setting: self._picked(s, e, chosen))
        dialog.destroyed.connect(lambda _obj=None: setattr(self, "file_dialog", None))
        self.file_dialog = dialog
        dialog.open()

    def _picked(self, setting: Setting, edit: QLineEdit, chosen: str) -> None:
        if chosen:
            edit.setText(str(Path(chosen)))
            self._save(setting, self._text_value(setting, edit.text()))

    # -- backups ----------------------------------------------------------------------------

    def refresh_backups(self) -> None:
        self.backups.list_backups(on_done=self._show_backups, on_error=self._backup_error)

    def _show_backups(self, backups: list[BackupInfo]) -> None:
        self.backup_rows = list(backups)
        self.backup_model.removeRows(0, self.backup_model.rowCount())
        locale = QLocale()
        for info in backups:
            when = QStandardItem(ymd_hm(info.taken_at))
            when.setToolTip(str(info.path))
            size = QStandardItem(human_size(info.size_bytes))
            size.setToolTip(locale.toString(info.size_bytes) + self.tr(" バイト"))
            size.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.backup_model.appendRow([when, size])
        self.restore_button.setEnabled(False)
        self._show_backup_status()

    def _show_backup_status(self, _message: str = "") -> None:
        minutes = int(self.backups.interval().total_seconds() // 60)
        where = self.backups.backup_paths().backups
        last = self.backups.last_backup or (self.backup_rows[0].taken_at if self.backup_rows
                                            else None)
        last_text = ymd_hm(last) if last else self.tr("まだありません")
        self.backup_status.setText(self.tr(
            "最後のバックアップ: {last}\n変更があると {minutes} 分ごとに最大1回、自動で作成します。"
            "終了するときにも作成します。\n保存先: {where}").format(
                last=last_text, minutes=minutes, where=where))
        self.backup_error.show_message(
            self.tr("前回のバックアップに失敗しました: {error}").format(
                error=self.backups.last_error) if self.backups.last_error else "")

    def _backup_selected(self) -> None:
        self.restore_button.setEnabled(self._selected_backup() is not None
                                       and self.backup_now_button.isEnabled())

    def _selected_backup(self) -> BackupInfo | None:
        rows = self.backup_table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.backup_rows):
            return None
        return self.backup_rows[rows[0].row()]

    def _set_backup_busy(self, busy: bool) -> None:
        self.backup_now_button.setEnabled(not busy)
        self.restore_button.setEnabled(not busy and self._selected_backup() is not None)

    def backup_now(self) -> None:
        from companion.ui.tasks import ProgressAfterDelay

        self._set_backup_busy(True)
        self._show_backup_message("")
        job = self.backups.backup_now()
        job.when_done(lambda _job: self._set_backup_busy(False))
        self._manual_backup = job
        ProgressAfterDelay(job, parent=self, label=self.tr("バックアップを作成しています…"),
                           cancellable=False)

    def _backup_made(self, info: BackupInfo) -> None:
        if self._manual_backup is not None and self._manual_backup.done:
            self._manual_backup = None
            self._show_backup_message(self.tr("バックアップを作成しました({when})。").format(
                when=ymd_hm(info.taken_at)))
        self.refresh_backups()

    def _backup_error(self, error: BaseException) -> None:
        if not isinstance(error, KnownError):
            self.worker.report_error(error)
            return
        self.backup_error.show_message(str(error))

    def _ask_restore(self) -> None:
        chosen = self._selected_backup()
        if chosen is None or not self.backup_now_button.isEnabled():
            return
        dialog = RestoreConfirmDialog(ymd_hm(chosen.taken_at), parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.restore(chosen))
        self.restore_dialog = dialog
        dialog.open()

    def restore(self, backup: BackupInfo, *, allow_rollback: bool = False) -> None:
        from companion.ui.tasks import ProgressAfterDelay

        self._set_backup_busy(True)
        self.backup_error.show_message("")
        self._show_backup_message("")
        job = self.backups.restore(backup.path, on_done=self._restored,
                                   on_error=lambda error: self._restore_failed(error, backup),
                                   allow_rollback=allow_rollback)
        job.when_done(lambda _job: self._set_backup_busy(False))
        ProgressAfterDelay(job, parent=self, label=self.tr("バックアップから復元しています…"),
                           cancellable=False)

    def _restored(self, result: RestoreResult) -> None:
        safety = (self.tr("復元前の状態は {name} に保存しました。").format(
            name=result.safety_backup.path.name) if result.safety_backup else "")
        self._show_backup_message(self.tr("{name} から復元しました。{safety}").format(
            name=result.restored_from.name, safety=safety))
        if result.problems:  # the check that follows every restore found something
            self.backup_error.show_message(self.tr(
                "復元したデータの検査で問題が見つかりました: {problems}").format(
                    problems=" / ".join(result.problems)))
        self.refresh_backups()

    def _show_backup_message(self, text: str) -> None:
        self.backup_message.setText(text)
        self.backup_message.setVisible(bool(text))

    def _restore_failed(self, error: BaseException, backup: BackupInfo) -> None:
        from companion.services.backups import RollbackRefused

        if isinstance(error, RollbackRefused):
            dialog = RestoreConfirmDialog(ymd_hm(backup.taken_at), parent=self,
                                          rolled_back=error.lost)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.accepted.connect(lambda: self.restore(backup, allow_rollback=True))
            self.restore_dialog = dialog
            dialog.open()
            return
        if not isinstance(error, KnownError):
            self.worker.report_error(error)
            return
        self.backup_error.show_message(self.tr("復元できませんでした: {error}").format(error=error))

    # -- protection ------------------------------------------------------------------------

    def change_passphrase(self) -> None:
        from companion.ui.dialogs.change_passphrase import ChangePassphraseDialog

        dialog = ChangePassphraseDialog(self.worker, paths=self.paths, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.saved_label.setText(
            self.tr("復旧用パスフレーズを変更しました。新しいパスフレーズを紙に書いて保管してください。")))
        self.passphrase_dialog = dialog
        dialog.open()

    # -- helpers -------------------------------------------------------------------------------

    @staticmethod
    def _open_folder(folder: Path) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
