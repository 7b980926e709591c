"""The action plan as a Qt tree: fiscal years, then goals -> milestones -> actions.

The model shows a ``PlanOverview`` (services/plans.py) and never changes the data
itself: a drop asks for a move (``move_requested``) and the view runs the use case; the
reloaded plan then replaces the model's rows. Also the short list of plan actions due
for ホーム.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QCoreApplication,
    QMimeData,
    QModelIndex,
    QObject,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QPainter, QPixmap

from companion.domain.enums import PlanLevel, PlanStatus
from companion.ui.formatting import ymd
from companion.ui.i18n import enum_label, fiscal_year_text
from companion.ui.models.home_tables import due_label
from companion.ui.models.rows import AnyIndex, Column, RowTableModel

if TYPE_CHECKING:
    from companion.domain.plan import PlanDiff
    from companion.services.plans import DueAction, PlanOverview, PlanRow

MIME_TYPE = "application/x-companion-plan-item"
ITEM_ID_ROLE = Qt.ItemDataRole.UserRole + 10
YEAR_ROLE = Qt.ItemDataRole.UserRole + 11
PROGRESS_ROLE = Qt.ItemDataRole.UserRole + 12  # int percent, for the progress bar
LEVEL_COLORS = {PlanLevel.GOAL: "#1f4e79", PlanLevel.MILESTONE: "#2e8b83",
                PlanLevel.ACTION: "#8a8f98"}
OVERDUE_COLOR = "#b3261e"
DONE_COLOR = "#6b7280"
ADDED_COLOR = "#e7f4ea"
CHANGED_COLOR = "#fff4d6"


def _tr(text: str) -> str:
    return QCoreApplication.translate("PlanTreeModel", text)


def _dot(color: str) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(color))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(1, 1, 10, 10)
    painter.end()
    return QIcon(pixmap)


@dataclass(eq=False)
class _Entry:
    """A row of the tree: a fiscal year (``row`` None) or a plan item."""

    year: int
    row: PlanRow | None
    parent: int | None  # index of the parent entry, None for a year
    number: int  # its row under its parent
    children: list[int] = field(default_factory=list)


class PlanTreeModel(QAbstractItemModel):
    TITLE, OWNER, DUE, STATUS, PROGRESS, CHANGE = range(6)
    HEADERS = ("項目", "担当", "期日", "状況", "進捗", "合意時からの変更")

    # item id, new parent id (None: the top of the year), fiscal year, index (-1: last)
    move_requested = Signal(object, object, int, int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._entries: list[_Entry] = []
        self._years: list[int] = []  # entry indexes of the year rows
        self._by_id: dict[uuid.UUID, int] = {}
        self._by_year: dict[int, int] = {}
        self.overview: PlanOverview | None = None
        self.wareki = True
        self.today = date.today()
        self._diff: PlanDiff | None = None
        self._icons: dict[PlanLevel, QIcon] = {}

    # -- filling ----------------------------------------------------------------------

    def set_overview(self, overview: PlanOverview, *, wareki: bool, today: date) -> None:
        self.beginResetModel()
        self.overview, self.wareki, self.today = overview, wareki, today
        self._diff = overview.diff
        self._entries, self._years, self._by_id, self._by_year = [], [], {}, {}
        for number, year in enumerate(overview.fiscal_years):
            self._by_year[year] = len(self._entries)
            self._years.append(len(self._entries))
            self._entries.append(_Entry(year=year, row=None, parent=None, number=number))
        for row in overview.rows:  # display order: a parent always comes before its children
            if row.fiscal_year not in self._by_year:
                continue
            parent = (self._by_id.get(row.parent_id) if row.parent_id is not None else None)
            if parent is None:
                parent = self._by_year[row.fiscal_year]
            entry = _Entry(year=row.fiscal_year, row=row, parent=parent,
                           number=len(self._entries[parent].children))
            self._by_id[row.id] = len(self._entries)
            self._entries[parent].children.append(len(self._entries))
            self._entries.append(entry)
        self.endResetModel()

    # -- lookups ------------------------------------------------------------------------

    def _entry(self, index: AnyIndex) -> _Entry | None:
        if not index.isValid():
            return None
        return self._entries[index.internalId()]

    def row_at(self, index: AnyIndex) -> PlanRow | None:
        entry = self._entry(index)
        return entry.row if entry is not None else None

    def year_at(self, index: AnyIndex) -> int | None:
        entry = self._entry(index)
        return entry.year if entry is not None else None

    def index_of_item(self, item_id: uuid.UUID, column: int = 0) -> QModelIndex:
        position = self._by_id.get(item_id)
        if position is None:
            return QModelIndex()
        return self.createIndex(self._entries[position].number, column, position)

    def index_of_year(self, year: int) -> QModelIndex:
        position = self._by_year.get(year)
        if position is None:
            return QModelIndex()
        return self.createIndex(self._entries[position].number, 0, position)

    def titles(self) -> list[tuple[int, str]]:
        """(depth, title) of every item in display order (what a reader sees)."""
        return [(entry.row.depth, entry.row.title) for entry in self._entries
                if entry.row is not None]

    # -- the tree ------------------------------------------------------------------------

    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column < 0 or column >= len(self.HEADERS):
            return QModelIndex()
        if not parent.isValid():
            if 0 <= row < len(self._years):
                return self.createIndex(row, column, self._years[row])
            return QModelIndex()
        children = self._entries[parent.internalId()].children
        if 0 <= row < len(children):
            return self.createIndex(row, column, children[row])
        return QModelIndex()

    def parent(self, index: AnyIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        entry = self._entry(index)
        if entry is None or entry.parent is None:
            return QModelIndex()
        return self.createIndex(self._entries[entry.parent].number, 0, entry.parent)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return 0
        entry = self._entry(parent)
        return len(self._years) if entry is None else len(entry.children)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self.HEADERS)):
            return _tr(self.HEADERS[section])
        return None

    # -- what a cell shows ------------------------------------------------------------------

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        entry = self._entry(index)
        if entry is None:
            return None
        if entry.row is None:
            return self._year_data(entry.year, index.column(), role)
        return self._item_data(entry.row, index.column(), role)

    def _year_data(self, year: int, column: int, role: int) -> Any:
        rollup = self.overview.years.get(year) if self.overview else None
        if role == YEAR_ROLE:
            return year
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor("#eef2f7"))
        if role == PROGRESS_ROLE and column == self.PROGRESS and rollup and rollup.actions:
            return rollup.progress
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if column == self.TITLE:
            label = fiscal_year_text(year, wareki=self.wareki)
            first, last = f"{year}/04/01", f"{year + 1}/03/31"
            if role == Qt.ItemDataRole.ToolTipRole:
                return _tr("{label}({first}〜{last})").format(label=label, first=first, last=last)
            return label
        if column == self.STATUS and rollup is not None:
            if not rollup.actions:
                return _tr("アクションなし")
            return _tr("{done}/{total}件完了").format(done=rollup.done, total=rollup.actions)
        if column == self.PROGRESS and rollup is not None and rollup.actions:
            return f"{rollup.progress}%"
        return None

    def _overdue(self, row: PlanRow) -> bool:
        return (row.due_on is not None and row.due_on < self.today
                and row.rollup.status not in (PlanStatus.DONE, PlanStatus.DROPPED))

    def _change(self, row: PlanRow) -> tuple[str, str]:
        """(short text, tooltip) of what changed since the compared baseline."""
        if self._diff is None:
            return "", ""
        kind = self._diff.kind_of(row.id)
        if kind == "added":
            return _tr("追加"), _tr("合意した計画にはなかった項目です。")
        if kind == "rescheduled":
            change = next(c for c in self._diff.rescheduled if c.after.id == row.id)
            before, after = change.before, change.after
            if before.fiscal_year != after.fiscal_year:
                text = _tr("{before}から移動").format(
                    before=fiscal_year_text(before.fiscal_year, wareki=self.wareki))
            else:
                text = _tr("期日 {before} → {after}").format(
                    before=_short_day(before.due_on), after=_short_day(after.due_on))
            return text, _tr("合意時の期日: {before} / いまの期日: {after}").format(
                before=ymd(before.due_on) or _tr("なし"), after=ymd(after.due_on) or _tr("なし"))
        if kind == "renamed":
            renamed = next(c for c in self._diff.renamed if c.after.id == row.id)
            return _tr("名称変更"), _tr("合意時の名称: {title}").format(title=renamed.before.title)
        return "", ""

    def _item_data(self, row: PlanRow, column: int, role: int) -> Any:
        if role == ITEM_ID_ROLE:
            return row.id
        if role == YEAR_ROLE:
            return row.fiscal_year
        if role == PROGRESS_ROLE and column == self.PROGRESS:
            return row.rollup.progress
        if role == Qt.ItemDataRole.DecorationRole and column == self.TITLE:
            icon = self._icons.get(row.level)
            if icon is None:
                icon = self._icons[row.level] = _dot(LEVEL_COLORS[row.level])
            return icon
        if role == Qt.ItemDataRole.FontRole and row.level == PlanLevel.GOAL:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == self.DUE and self._overdue(row):
                return QBrush(QColor(OVERDUE_COLOR))
            if row.rollup.status in (PlanStatus.DONE, PlanStatus.DROPPED) and column != self.STATUS:
                return QBrush(QColor(DONE_COLOR))
            return None
        if role == Qt.ItemDataRole.BackgroundRole and column == self.CHANGE:
            kind = self._diff.kind_of(row.id) if self._diff else ""
            if kind == "added":
                return QBrush(QColor(ADDED_COLOR))
            if kind:
                return QBrush(QColor(CHANGED_COLOR))
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.CHANGE:
                return self._change(row)[1] or None
            if column == self.TITLE:
                lines = [f"{enum_label(row.level)}: {row.title}"]
                if row.rollup.actions and row.level != PlanLevel.ACTION:
                    lines.append(_tr("アクション {done}/{total}件完了").format(
                        done=row.rollup.done, total=row.rollup.actions))
                if row.notes:
                    lines.append(row.notes)
                return "\n".join(lines)
            if column == self.DUE and self._overdue(row) and row.due_on is not None:
                return due_label(row.due_on, self.today)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if column == self.TITLE:
            return row.title
        if column == self.OWNER:
            return enum_label(row.owner)
        if column == self.DUE:
            return ymd(row.due_on)
        if column == self.STATUS:
            return enum_label(row.rollup.status)
        if column == self.PROGRESS:
            return f"{row.rollup.progress}%"
        if column == self.CHANGE:
            return self._change(row)[0]
        return None

    # -- drag and drop: the view moves, the model only asks ---------------------------------

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        entry = self._entry(index)
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if entry is None:
            return Qt.ItemFlag.NoItemFlags
        if entry.row is None:
            return base | Qt.ItemFlag.ItemIsDropEnabled
        return base | Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE]

    def mimeData(self, indexes: Any) -> QMimeData:
        data = QMimeData()
        rows = [self.row_at(index) for index in indexes if index.column() == 0]
        ids = [row.id.hex for row in rows if row is not None]
        if ids:
            data.setData(MIME_TYPE, ids[0].encode("ascii"))
        return data

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                        parent: AnyIndex) -> bool:
        return data.hasFormat(MIME_TYPE) and parent.isValid()

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                     parent: AnyIndex) -> bool:
        """Ask for the move and return False: the rows change when the plan reloads."""
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        try:
            item_id = uuid.UUID(bytes(data.data(MIME_TYPE).data()).decode("ascii"))
        except ValueError:
            return False
        target = self._entry(parent)
        moving = self._by_id.get(item_id)
        if target is None or moving is None:
            return False
        parent_id = target.row.id if target.row is not None else None
        index = row
        entry = self._entries[moving]
        if index >= 0 and entry.parent == parent.internalId() and entry.number < index:
            index -= 1  # the rows below close up once the item leaves its place
        self.move_requested.emit(item_id, parent_id, target.year, index)
        return False


def _short_day(day: date | None) -> str:
    return "—" if day is None else f"{day.month}/{day.day}"


class DueActionModel(RowTableModel):
    """ホーム: plan actions overdue or due this week. Rows are (DueAction, today)."""

    context = "DueActionModel"
    columns = (
        Column("期日", lambda r: ymd(r[0].due_on), lambda r: r[0].due_on.toordinal()),
        Column("状況", lambda r: due_label(r[0].due_on, r[1]), lambda r: r[0].due_on.toordinal()),
        Column("事業者", lambda r: r[0].client_name),
        Column("アクション", lambda r: r[0].title),
        Column("担当", lambda r: enum_label(r[0].owner)),
    )

    def set_actions(self, actions: tuple[DueAction, ...], today: date) -> None:
        self.set_rows([(action, today) for action in actions])

    def action_at(self, row: int) -> DueAction:
        action: DueAction = self.row_at(row)[0]
        return action

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.ForegroundRole and index.isValid() and index.column() == 1
                and self.row_at(index.row())[0].due_on < self.row_at(index.row())[1]):
            return QBrush(QColor(OVERDUE_COLOR))
        return super().data(index, role)

