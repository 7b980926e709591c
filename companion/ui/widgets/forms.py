"""The form pieces every dialog shares: a date field that reads 2025/6/30 or
令和7年6月30日 (``parse_day`` gives the UI's messages for ``domain.calendar``), a
dialog of labelled fields that saves through the database worker and shows a refusal
under the field it concerns (nothing is saved until every field is right), and a
combo box of enum values.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from companion.domain.calendar import DateTextError, parse_date
from companion.errors import KnownError, ValidationError
from companion.ui import ops
from companion.ui.formatting import wareki
from companion.ui.widgets.common import error_style

if TYPE_CHECKING:
    from companion.ui.tasks import DbWorker

W = TypeVar("W", bound=QWidget)
WEEKDAYS = "月火水木金土日"


def parse_day(text: str, *, field: str, label: str) -> date | None:
    """A date as typed, read by ``companion.domain.calendar.parse_date`` (2025/6/30,
    20250630, 令和7年6月30日, R7.6.30, full-width digits too); None when empty. Anything
    else, an era date its era never had included (令和元年4月30日), is a
    ValidationError for ``field`` in the UI's language."""
    try:
        return parse_date(text, field=field)
    except DateTextError as error:
        if error.problem == "format":
            raise ValidationError(
                QCoreApplication.translate("EngagementEditor", "{label}は 2025/06/30 の形で入力してください(令和7年6月30日 でも入力できます)。")
                .format(label=label), field=field) from None
        hint = ""
        if error.era is not None:  # 令和元年4月30日: say when the era began (or ended)
            era, first = QCoreApplication.translate("formatting", error.era.name), error.era.first_day
            if error.era.last_day is None:
                hint = QCoreApplication.translate("EngagementEditor", "{era}は{first}からです。").format(
                    era=era, first=wareki(first))
            else:
                hint = QCoreApplication.translate("EngagementEditor", "{era}は{first}から{last}までです。").format(
                    era=era, first=wareki(first), last=wareki(error.era.last_day))
        raise ValidationError(QCoreApplication.translate("EngagementEditor", "{label}「{text}」は存在しない日付です。")
                              .format(label=label, text=error.text), field=field, hint=hint) from None


def day_text(day: date | None) -> str:
    return "" if day is None else f"{day.year:04d}/{day.month:02d}/{day.day:02d}"


class DateField(QWidget):
    """A line edit for a date, with the date it reads shown beside it in 和暦."""

    def __init__(self, *, optional: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.optional = optional
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(self.tr("例: 2025/06/30") if not optional
                                     else self.tr("例: 2025/06/30(空欄可)"))
        self.edit.setMinimumWidth(self.fontMetrics().horizontalAdvance("0") * 14)
        self.reading = QLabel()
        self.reading.setObjectName("dateReading")
        self.reading.setStyleSheet("QLabel#dateReading { color: palette(placeholder-text); }")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addWidget(self.reading, 1)
        self.setFocusProxy(self.edit)
        self.edit.textChanged.connect(self._show_reading)

    def set_date(self, day: date | None) -> None:
        self.edit.setText(day_text(day))

    def text(self) -> str:
        return self.edit.text()

    def value(self, *, field: str, label: str) -> date | None:
        day = parse_day(self.edit.text(), field=field, label=label)
        if day is None and not self.optional:
            raise ValidationError(QCoreApplication.translate("EngagementEditor", "{label}を入力してください。").format(label=label),
                                  field=field)
        return day

    def _show_reading(self, text: str) -> None:
        try:
            day = parse_day(text, field="", label="")
        except ValidationError:
            self.reading.setText(self.tr("日付として読めません"))
            return
        self.reading.setText("" if day is None else
                             f"{wareki(day)}({WEEKDAYS[day.weekday()]})")


def grow_to_show(dialog: QWidget, layout: QLayout) -> None:
    """Grow ``dialog`` to show what was added (an error line, a result), never shrink it
    under the user, and keep it on a small screen (1366x768)."""
    wanted = layout.sizeHint()
    width = max(dialog.width(), wanted.width())
    # wrapped messages: the height they need at this width, not at their narrowest
    height = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else wanted.height()
    if height <= dialog.height() and width <= dialog.width():
        return
    dialog.resize(width, max(dialog.height(), height))
    # grown downwards past the screen's edge: move it up into view
    screen = dialog.screen().availableGeometry()
    frame = dialog.frameGeometry()
    if frame.bottom() > screen.bottom():
        dialog.move(dialog.x(), max(screen.top(), dialog.y() - (frame.bottom() - screen.bottom())))


class FormDialog(QDialog):
    """A dialog of labelled fields that saves with one use case on the worker.

    ``save`` runs the use case as a write job with an undo label; a ValidationError
    comes back to the field it names (or above the buttons), the dialog stays open and
    nothing was saved. On success ``saved`` carries the use case's result."""

    saved = Signal(object)

    def __init__(self, worker: DbWorker, *, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.setWindowTitle(title)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("国") * 36)
        self.form = QFormLayout()
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fields: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.general_error = QLabel()
        self.general_error.setWordWrap(True)
        self.general_error.setStyleSheet(error_style(self))
        self.general_error.setVisible(False)
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton(self.tr("保存"),
                                                  QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setDefault(True)
        self.cancel_button = self.buttons.addButton(self.tr("キャンセル"),
                                                    QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        self.save_button.setToolTip(self.tr("保存(Ctrl+Enter)"))
        for keys in (QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Return),
                     QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Enter)):
            QShortcut(keys, self, self._submit)
        self.busy = False
        self._layout = QVBoxLayout(self)
        # The dialog's size is set when it opens and grown by hand (``_fit``): a window's
        # size constraints changing while shown is not supported everywhere (offscreen).
        self._layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self._layout.addLayout(self.form)
        self._layout.addWidget(self.general_error)
        self._layout.addWidget(self.buttons)

    def add_field(self, name: str, label: str, widget: W, *, note: str = "") -> W:
        """A row: the label, the widget, and under it a (hidden) error line."""
        cell = QWidget()
        column = QVBoxLayout(cell)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        if note:
            hint = QLabel(note)
            hint.setWordWrap(True)
            hint.setStyleSheet("color: palette(placeholder-text);")
            column.addWidget(hint)
        error = QLabel()
        error.setObjectName(f"error_{name}")
        error.setWordWrap(True)
        error.setStyleSheet(error_style(self))
        error.setVisible(False)
        column.addWidget(error)
        self.form.addRow(label, cell)
        self.fields[name] = widget
        self.errors[name] = error
        return widget

    def error_text(self, name: str) -> str:
        """The message shown at a field ('' when none)."""
        label = self.errors.get(name)
        return label.text() if label is not None and not label.isHidden() else ""

    def field_errors(self) -> dict[str, str]:
        """Every message shown at a field, by field name."""
        return {name: self.error_text(name) for name in self.errors if self.error_text(name)}

    def clear_errors(self) -> None:
        for label in self.errors.values():
            label.clear()
            label.setVisible(False)
        self.general_error.clear()
        self.general_error.setVisible(False)

    def show_error(self, error: KnownError) -> None:
        field = getattr(error, "field", "")
        text = error.message + (f"\n{error.hint}" if error.hint else "")
        label = self.errors.get(self.field_alias(field))
        if label is None:
            self.general_error.setText(text)
            self.general_error.setVisible(True)
            self._fit()
            return
        label.setText(text)
        label.setVisible(True)
        self._fit()
        widget = self.fields[self.field_alias(field)]
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        if isinstance(widget, QLineEdit):
            widget.selectAll()

    def field_alias(self, field: str) -> str:
        """The form field a service's field name is shown at."""
        return field

    def _fit(self) -> None:
        grow_to_show(self, self._layout)

    def showEvent(self, event: QShowEvent) -> None:
        self.resize(self.size().expandedTo(self._layout.sizeHint()))
        super().showEvent(event)

    # -- saving ----------------------------------------------------------------------

    def _submit(self) -> None:
        if self.busy:
            return
        self.clear_errors()
        try:
            self.submit()
        except ValidationError as error:  # read from the fields, before any saving
            self.show_error(error)

    def submit(self) -> None:
        """Read the fields (raising ValidationError) and call ``save``."""
        raise NotImplementedError

    def save(self, use_case: Callable[..., Any], *, undo_label: str, **kwargs: Any) -> None:
        """Run the write use case (a service function) with ``kwargs``; the dialog
        closes when it succeeds and shows a refusal at its field."""
        self.busy = True
        self.save_button.setEnabled(False)
        ops.write(use_case, undo_label=undo_label, **kwargs) \
            .success(self._saved).failure(self._failed).run(self.worker)

    def _saved(self, result: Any) -> None:
        self.busy = False
        self.save_button.setEnabled(True)
        self.saved.emit(result)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.busy = False
        self.save_button.setEnabled(True)
        if isinstance(error, KnownError):
            self.show_error(error)
        else:
            self.worker.report_error(error)


def find_data(combo: QComboBox, value: Any) -> int:
    """The row whose data equals ``value`` (-1: none). QComboBox.findData compares
    Python objects by identity, so a UUID read again would never match."""
    return next((row for row in range(combo.count()) if combo.itemData(row) == value), -1)


def enum_combo(values: list[Any], current: Any = None) -> QComboBox:
    combo = QComboBox()
    for value in values:
        combo.addItem(str(value), value)
    if current is not None:
        combo.setCurrentIndex(max(0, find_data(combo, current)))
    return combo
