"""Widgets every page uses: a page title, a read-only table, an empty-state note, and
the one error (red) and success (green) style, readable in light and dark mode."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QTableView,
    QWidget,
)


def page_title(text: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * 1.5)
    font.setBold(True)
    label.setFont(font)
    label.setObjectName("pageTitle")
    return label


def note(text: str, parent: QWidget | None = None) -> QLabel:
    """A paragraph of explanation: wrapped, selectable, a little muted."""
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


LIGHT_ERROR = "#b3261e"  # on a light window: dark red, 6:1 on white
DARK_ERROR = "#ff8a80"  # on a dark window: light red, 7:1 on #2d2d2d


def is_dark(palette: QPalette) -> bool:
    """Whether the palette is a dark one (the OS is in dark mode, Qt 6.5+ follows it)."""
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


LIGHT_GOOD = "#1e7a44"  # on a light window: dark green, 5:1 on white
DARK_GOOD = "#81c995"  # on a dark window: light green, 7:1 on #2d2d2d


def error_colour(widget: QWidget) -> str:
    """The one red of a refusal or a failure, readable on ``widget``'s palette."""
    return DARK_ERROR if is_dark(widget.palette()) else LIGHT_ERROR


def error_style(widget: QWidget) -> str:
    """The style sheet of a line that says something went wrong (a refusal under a
    field, a failed save): the one red, light or dark after the palette."""
    return f"color: {error_colour(widget)};"


def good_style(widget: QWidget) -> str:
    """The style sheet of a line that says something went right (saved, verified)."""
    return f"color: {DARK_GOOD if is_dark(widget.palette()) else LIGHT_GOOD};"


class EmptyState(QLabel):
    """Shown instead of an empty table: says why it is empty and what to do."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setObjectName("emptyState")
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMargin(24)
        self.setStyleSheet("QLabel#emptyState { color: palette(mid); font-size: 11pt; }")
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)


class InfoBox(QFrame):
    """A framed, readable box for a paragraph that matters (本質的課題)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("infoBox")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "QFrame#infoBox { background: palette(base); border: 1px solid palette(mid);"
            " border-left: 4px solid palette(highlight); border-radius: 4px; }"
        )


def make_table(parent: QWidget | None = None, *, sortable: bool = False) -> QTableView:
    """A read-only table: whole rows selected, no grid clutter, readable row height;
    the last column takes the width left over (see ``stretch_column``)."""
    table = QTableView(parent)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setShowGrid(False)
    table.setWordWrap(False)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    table.setSortingEnabled(sortable)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 12)
    header = table.horizontalHeader()
    header.setStretchLastSection(True)
    header.setHighlightSections(False)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return table


def fit_columns(table: QTableView, *, skip: int, max_chars: int = 16) -> None:
    """Size every column but ``skip`` to its contents, at most ``max_chars`` wide (for
    short lists only: it reads every row)."""
    limit = table.fontMetrics().horizontalAdvance("国") * max_chars + 16
    model = table.model()
    for column in range(model.columnCount() if model else 0):
        if column != skip:
            table.resizeColumnToContents(column)
            table.setColumnWidth(column, min(table.columnWidth(column) + 8, limit))


def stretch_column(table: QTableView, column: int) -> None:
    """Let ``column`` (the long text one) take the width the others leave instead of
    the last column (call after setModel)."""
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)


def set_column_widths(table: QTableView, widths: dict[int, int]) -> None:
    """Widths in characters of the current font (so they follow the font size), and
    never narrower than the column's title (English titles are longer: 版 / Version)."""
    unit = table.fontMetrics().horizontalAdvance("国")
    header, model = table.horizontalHeader(), table.model()
    for column, chars in widths.items():
        title = str(model.headerData(column, Qt.Orientation.Horizontal) or "") if model else ""
        title_width = header.fontMetrics().horizontalAdvance(title) + 28 if title else 0
        table.setColumnWidth(column, max(unit * chars + 16, title_width))
