"""ファイル → 取り込み…: clients or visit logs from an Excel workbook or a CSV file.

The user chooses a file (read on the background pool: ``services.record_import.
read_table``), the kind of records (guessed from the headers), and for each column the
field it goes to (a combo per column, proposed from its header). Every change runs
``preview_import`` on the database worker, which writes nothing: the preview table
shows the first rows with what would become of each (取り込む / 重複 / 不可), the list
under it every row that cannot be imported with its reason. 取り込む runs
``import_records`` as one write (one change set: one Ctrl+Z undoes all of it); the
dialog then closes and ``imported`` carries the line for the status bar.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from companion.domain.record_columns import FieldSpec, ImportKind, OnDuplicate, fields_of
from companion.errors import KnownError, ValidationError
from companion.ui import ops
from companion.ui.models.rows import AnyIndex, Column, RowTableModel
from companion.ui.widgets.common import error_colour, error_style, make_table, note

if TYPE_CHECKING:
    from companion.services.record_import import (
        ImportResult,
        RowOutcome,
        SourceRow,
        SourceTable,
    )
    from companion.ui.tasks import DbWorker

PREVIEW_ROWS = 50


def _tr(text: str) -> str:
    return QCoreApplication.translate("RecordImportDialog", text)


def _catalogue(text: str) -> str:
    """A field label or a row's reason (a ``Message``) in the window's language, from
    the catalogue the command line and the error messages share."""
    from companion.i18n import translate
    from companion.ui.i18n import language_in_force

    return translate(text, language_in_force())


class PreviewModel(RowTableModel):
    """The first rows of the file: 行, 状態, then one column per chosen field."""

    context = "RecordImportDialog"

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._outcomes: dict[int, RowOutcome] = {}

    def show(self, table: SourceTable, mapping: dict[int, str], kind: ImportKind,
             outcomes: dict[int, RowOutcome]) -> None:
        statuses = {"import": _tr("取り込む"), "duplicate": _tr("重複"), "rejected": _tr("不可")}

        def status(row: SourceRow) -> str:
            outcome = outcomes.get(row.number)
            return statuses[outcome.status.value] if outcome is not None else ""

        def cell(index: int) -> Any:
            from companion.services.record_import import cell_text

            return lambda row: cell_text(row.cells[index])

        by_key = {key: index for index, key in mapping.items()}
        columns = [Column("行", lambda row: str(row.number), lambda row: row.number,
                          numeric=True),
                   Column("状態", status)]
        for spec in fields_of(kind):
            if spec.key in by_key:
                columns.append(Column(_catalogue(spec.label), cell(by_key[spec.key])))
        self.columns = columns
        self._outcomes = outcomes
        self.set_rows(list(table.rows[:PREVIEW_ROWS]))

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.ForegroundRole and index.isValid()
                and index.column() == 1 and index.row() < self.rowCount()):
            outcome = self._outcomes.get(self.row_at(index.row()).number)
            if outcome is not None and outcome.status.value != "import":
                parent = QObject.parent(self)
                widget = parent if isinstance(parent, QWidget) else None
                return QColor(error_colour(widget) if widget is not None else "#b3261e")
        return super().data(index, role)


class RecordImportDialog(QDialog):
    """Choose a file, map its columns, look at the preview, import in one step."""

    imported = Signal(str)  # the status bar's line: 「4件を取り込みました(元に戻す: Ctrl+Z)」

    def __init__(self, worker: DbWorker, *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.table: SourceTable | None = None
        self.preview_result: ImportResult | None = None
        self._generation = 0  # previews still running for an older mapping are dropped
        self.busy = False
        self.setWindowTitle(self.tr("記録の取り込み"))
        unit = self.fontMetrics().horizontalAdvance("国")
        # As large as a 1280x720 screen allows, no larger than needed on a big one.
        screen = (parent.screen() if parent is not None else self.screen()).availableGeometry()
        self.resize(min(unit * 84, int(screen.width() * 0.92)),
                    min(unit * 52, int(screen.height() * 0.9)))

        intro = note(self.tr(
            "Excel(.xlsx)か CSV(UTF-8・Shift_JIS)の事業者一覧や訪問記録を取り込みます。"
            "見出しの列名から取り込み先を選んであります。違うところは「列の割り当て」で選び直してください。"))
        self.path_edit = QLineEdit()
        self.path_edit.setReadOnly(True)
        self.path_edit.setPlaceholderText(self.tr("ファイルを選んでください"))
        self.choose_button = QPushButton(self.tr("ファイルを選ぶ…"))
        self.choose_button.clicked.connect(self.choose_file)
        self.kind_combo = QComboBox()
        self.kind_combo.addItem(self.tr("事業者"), ImportKind.CLIENTS.value)
        self.kind_combo.addItem(self.tr("訪問記録"), ImportKind.VISITS.value)
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self.duplicate_combo = QComboBox()
        self.duplicate_combo.addItem(self.tr("取り込まない"), OnDuplicate.SKIP.value)
        self.duplicate_combo.addItem(self.tr("空欄の項目を補う"), OnDuplicate.MERGE.value)
        self.duplicate_combo.setToolTip(self.tr(
            "登録済みの事業者と同じ名前(株式会社などを除く)か同じ電話番号の行をどうするか。"
            "補う場合も、入力済みの項目は書き換えません。"))
        self.duplicate_combo.currentIndexChanged.connect(lambda _index: self.refresh_preview())
        self.file_info = QLabel()
        self.file_info.setStyleSheet("color: palette(placeholder-text);")

        top = QGridLayout()
        top.addWidget(QLabel(self.tr("ファイル")), 0, 0)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(self.choose_button)
        top.addLayout(file_row, 0, 1, 1, 3)
        top.addWidget(QLabel(self.tr("種類")), 1, 0)
        top.addWidget(self.kind_combo, 1, 1)
        self.duplicate_label = QLabel(self.tr("登録済みと重複する事業者"))
        top.addWidget(self.duplicate_label, 1, 2, Qt.AlignmentFlag.AlignRight)
        top.addWidget(self.duplicate_combo, 1, 3)
        top.addWidget(self.file_info, 2, 1, 1, 3)
        top.setColumnStretch(1, 1)
        top.setColumnStretch(3, 1)

        # The mapping: one row per column of the file, with the field it goes to.
        self.mapping_table = QTableWidget(0, 3)
        self.mapping_table.setHorizontalHeaderLabels(
            [self.tr("ファイルの列"), self.tr("最初の値"), self.tr("取り込み先")])
        self.mapping_table.verticalHeader().setVisible(False)
        self.mapping_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.mapping_table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        header = self.mapping_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        self.mapping_table.setColumnWidth(0, unit * 8)
        self.mapping_table.setColumnWidth(2, unit * 9)
        self.mapping_table.verticalHeader().setDefaultSectionSize(
            self.fontMetrics().height() + 14)
        self.combos: list[QComboBox] = []
        mapping_box = QGroupBox(self.tr("列の割り当て"))
        mapping_layout = QVBoxLayout(mapping_box)
        mapping_layout.addWidget(self.mapping_table)
        self.required_note = QLabel()
        self.required_note.setWordWrap(True)
        self.required_note.setStyleSheet("color: palette(placeholder-text);")
        mapping_layout.addWidget(self.required_note)

        self.preview_model = PreviewModel(self)
        self.preview = make_table(self)
        self.preview.setObjectName("importPreview")
        self.preview.setModel(self.preview_model)
        preview_box = QGroupBox(self.tr("プレビュー(先頭 {count} 行)").format(count=PREVIEW_ROWS))
        preview_layout = QVBoxLayout(preview_box)
        preview_layout.addWidget(self.preview)
        self.rejected_list = QListWidget()
        self.rejected_list.setObjectName("importProblems")
        self.rejected_list.setWordWrap(True)
        problems_box = QGroupBox(self.tr("取り込めない行・重複する行"))
        problems_layout = QVBoxLayout(problems_box)
        problems_layout.addWidget(self.rejected_list)

        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(preview_box)
        right.addWidget(problems_box)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 1)
        right.setChildrenCollapsible(False)
        body = QSplitter(Qt.Orientation.Horizontal)
        body.addWidget(mapping_box)
        body.addWidget(right)
        body.setStretchFactor(0, 2)
        body.setStretchFactor(1, 3)
        body.setChildrenCollapsible(False)

        self.summary_label = QLabel()
        self.summary_label.setObjectName("importSummary")
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(error_style(self))
        self.error_label.setVisible(False)
        buttons = QDialogButtonBox()
        self.import_button = buttons.addButton(self.tr("取り込む"),
                                               QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setAutoDefault(False)  # Enter (an IME's commit) never imports
        self.import_button.setEnabled(False)
        self.close_button = buttons.addButton(self.tr("閉じる"),
                                              QDialogButtonBox.ButtonRole.RejectRole)
        self.close_button.setAutoDefault(False)
        buttons.accepted.connect(self.run_import)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        # A fixed size, set before showing: a window's size constraints changing while it
        # is shown is not supported everywhere (offscreen), and the lists scroll anyway.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        layout.addWidget(intro)
        layout.addLayout(top)
        layout.addWidget(body, 1)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self._update_required_note()
        self._update_duplicate_choice()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter confirms an input method's conversion, not the import: QDialog would
        click the button box's first button (made the default when shown) on it."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            return
        super().keyPressEvent(event)

    # -- the file --------------------------------------------------------------------

    @property
    def kind(self) -> ImportKind:
        return ImportKind(self.kind_combo.currentData() or ImportKind.CLIENTS.value)

    @property
    def on_duplicate(self) -> OnDuplicate:
        return OnDuplicate(self.duplicate_combo.currentData() or OnDuplicate.SKIP.value)

    def choose_file(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self, self.tr("取り込むファイルを選ぶ"), str(Path.home()),
            self.tr("Excel・CSV (*.xlsx *.csv *.txt);;すべてのファイル (*)"))
        if chosen:
            self.load_file(Path(chosen))

    def load_file(self, path: Path) -> None:
        """Read the file on the background pool, then propose a mapping and preview."""
        from companion.services.record_import import read_table

        self.path_edit.setText(str(path))
        self.file_info.setText(self.tr("読み込んでいます…"))
        self._show_error("")
        self.import_button.setEnabled(False)
        self._generation += 1
        ops.background(read_table, path).success(self._table_read) \
            .failure(self._read_failed).run(self.worker)

    def _table_read(self, table: SourceTable) -> None:
        from companion.services.record_import import guess_kind

        if not shiboken6.isValid(self):  # closed meanwhile
            return
        self.table = table
        where = (self.tr("シート「{sheet}」").format(sheet=table.sheet) if table.sheet
                 else self.tr("文字コード {encoding}").format(encoding=table.encoding))
        self.file_info.setText(self.tr("{name}({where}、{count}行)").format(
            name=table.file_name, where=where, count=len(table.rows)))
        kind = guess_kind(table)
        self.kind_combo.blockSignals(True)
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(kind.value))
        self.kind_combo.blockSignals(False)
        self._update_duplicate_choice()
        self._update_required_note()
        self._build_mapping()

    def _read_failed(self, error: BaseException) -> None:
        if not shiboken6.isValid(self):  # closed meanwhile
            return
        self.table = None
        self.file_info.setText("")
        self.mapping_table.setRowCount(0)
        self.combos = []
        self.preview_model.set_rows([])
        self.rejected_list.clear()
        self.summary_label.setText("")
        if not isinstance(error, KnownError):
            self.worker.report_error(error)
            return
        self._show_known_error(error)

    # -- the mapping -----------------------------------------------------------------

    def _kind_changed(self, _index: int) -> None:
        self._update_duplicate_choice()
        self._update_required_note()
        if self.table is not None:
            self._build_mapping()

    def _update_duplicate_choice(self) -> None:
        clients = self.kind is ImportKind.CLIENTS
        self.duplicate_label.setVisible(clients)
        self.duplicate_combo.setVisible(clients)

    def _update_required_note(self) -> None:
        labels = "、".join(_catalogue(spec.label) for spec in fields_of(self.kind)
                          if spec.required)
        self.required_note.setText(self.tr("必ず選ぶ項目: {labels}").format(labels=labels))

    def _build_mapping(self) -> None:
        from companion.services.record_import import suggest_mapping

        table = self.table
        assert table is not None
        proposed = suggest_mapping(table, self.kind)
        specs: tuple[FieldSpec, ...] = fields_of(self.kind)
        self.mapping_table.setRowCount(len(table.headers))
        self.combos = []
        for index in range(len(table.headers)):
            name = QTableWidgetItem(table.column_label(index))
            example = QTableWidgetItem(table.first_value(index))
            example.setToolTip(table.first_value(index))
            self.mapping_table.setItem(index, 0, name)
            self.mapping_table.setItem(index, 1, example)
            combo = QComboBox()
            combo.setObjectName(f"mapping_{index}")
            combo.addItem(self.tr("(取り込まない)"), "")
            for spec in specs:
                combo.addItem(_catalogue(spec.label) + (" *" if spec.required else ""), spec.key)
            combo.setCurrentIndex(max(0, combo.findData(proposed.get(index, ""))))
            combo.currentIndexChanged.connect(lambda _i: self.refresh_preview())
            self.mapping_table.setCellWidget(index, 2, combo)
            self.combos.append(combo)
        self.refresh_preview()

    def mapping(self) -> dict[int, str]:
        """Column index -> field key, as the combos say."""
        return {index: combo.currentData() for index, combo in enumerate(self.combos)
                if combo.currentData()}

    def set_field(self, column: int, key: str) -> None:
        """Choose the field of a column (as the user does in its combo); '' leaves it out."""
        combo = self.combos[column]
        combo.setCurrentIndex(max(0, combo.findData(key)))

    # -- the preview -----------------------------------------------------------------

    def refresh_preview(self) -> None:
        from companion.services.record_import import check_mapping, preview_import

        table = self.table
        if table is None:
            return
        self._generation += 1
        generation = self._generation
        self.import_button.setEnabled(False)
        mapping = self.mapping()
        try:
            check_mapping(table, self.kind, mapping)
        except ValidationError as error:
            self.preview_result = None
            self.preview_model.show(table, mapping, self.kind, {})
            self.rejected_list.clear()
            self.summary_label.setText("")
            self._show_known_error(error)
            return
        self._show_error("")
        self.summary_label.setText(self.tr("確かめています…"))
        ops.read(preview_import, table=table, kind=self.kind, mapping=mapping,
                 on_duplicate=self.on_duplicate) \
            .success(lambda result: self._previewed(generation, mapping, result)) \
            .failure(lambda error: self._preview_failed(generation, error)).run(self.worker)

    def _previewed(self, generation: int, mapping: dict[int, str],
                   result: ImportResult) -> None:
        if not shiboken6.isValid(self) or generation != self._generation or self.table is None:
            return  # closed, or a later change of the mapping has its own preview coming
        self.preview_result = result
        self.preview_model.show(self.table, mapping, result.kind,
                                {o.row: o for o in result.outcomes})
        self.preview.resizeColumnsToContents()
        limit = self.fontMetrics().horizontalAdvance("国") * 16
        for column in range(self.preview_model.columnCount()):
            self.preview.setColumnWidth(column, min(self.preview.columnWidth(column) + 8, limit))
        self.rejected_list.clear()
        for outcome in (*result.rejected, *result.duplicates):
            template = (self.tr("{row}行目 不可: {reason}") if outcome.status.value == "rejected"
                        else self.tr("{row}行目 重複: {reason}"))
            self.rejected_list.addItem(template.format(row=outcome.row,
                                                       reason=_catalogue(outcome.reason)))
        self.summary_label.setText(self.tr(
            "取り込み {imported}件、重複 {duplicates}件、不可 {rejected}件").format(
            imported=result.imported, duplicates=len(result.duplicates),
            rejected=len(result.rejected)))
        self.import_button.setEnabled(bool(result.imported or result.merged) and not self.busy)

    def _preview_failed(self, generation: int, error: BaseException) -> None:
        if not shiboken6.isValid(self) or generation != self._generation:
            return
        self.summary_label.setText("")
        if isinstance(error, KnownError):
            self._show_known_error(error)
        else:
            self.worker.report_error(error)

    # -- importing -------------------------------------------------------------------

    def run_import(self) -> None:
        from companion.services.record_import import import_records

        if self.busy or self.table is None or self.preview_result is None:
            return
        self.busy = True
        self.import_button.setEnabled(False)
        label = self.tr("{name} の取り込み").format(name=self.table.file_name)
        ops.write(import_records, undo_label=label, table=self.table, kind=self.kind,
                  mapping=self.mapping(), on_duplicate=self.on_duplicate) \
            .success(self._imported).failure(self._import_failed) \
            .with_progress(self, self.tr("取り込んでいます…"), cancellable=False) \
            .run(self.worker)

    def _imported(self, result: ImportResult) -> None:
        if not shiboken6.isValid(self):  # closed meanwhile
            return
        self.busy = False
        if result.merged:
            message = self.tr("{count}件を取り込み、{merged}件の空欄を補いました(元に戻す: Ctrl+Z)")
        else:
            message = self.tr("{count}件を取り込みました(元に戻す: Ctrl+Z)")
        self.imported.emit(message.format(count=result.imported, merged=result.merged))
        self.accept()

    def _import_failed(self, error: BaseException) -> None:
        if not shiboken6.isValid(self):  # closed meanwhile: the window says it
            self.worker.report_error(error)
            return
        self.busy = False
        self.import_button.setEnabled(self.preview_result is not None)
        if isinstance(error, KnownError):
            self._show_known_error(error)
        else:
            self.worker.report_error(error)

    # -- messages --------------------------------------------------------------------

    def _show_known_error(self, error: KnownError) -> None:
        from companion.ui.i18n import known_error_texts

        message, hint = known_error_texts(error)
        self._show_error(f"{message}\n{hint}" if hint else message)

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))

    def error_text(self) -> str:
        return self.error_label.text() if not self.error_label.isHidden() else ""
