"""The next actions of the visit form as an editable table: 内容, 担当, 期日, 計画の項目, 完了.

Rows are ``ActionDraft`` values (each with its own id, chosen here, so every autosave
updates the same ``VisitAction`` rows). Cells are edited in place; the 担当 and 計画の項目
columns take their choices from delegates in the form.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QDate, QModelIndex, QObject, Qt

from companion.domain.enums import Owner
from companion.ui.formatting import ymd
from companion.ui.models.rows import AnyIndex

if TYPE_CHECKING:
    from companion.services.visits.capture import ActionDraft
    from companion.services.visits.form_context import PlanActionChoice

EDIT_ROLE = Qt.ItemDataRole.EditRole


def _tr(text: str) -> str:
    return QCoreApplication.translate("ActionTableModel", text)


class ActionTableModel(QAbstractTableModel):
    TEXT, OWNER, DUE, PLAN, DONE = range(5)
    HEADERS = ("内容", "担当", "期日", "計画の項目", "完了")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ActionDraft] = []
        self._plans: dict[uuid.UUID, str] = {}

    # -- data in and out -------------------------------------------------------------

    def set_actions(self, actions: list[ActionDraft]) -> None:
        self.beginResetModel()
        self._rows = list(actions)
        self.endResetModel()

    def actions(self) -> list[ActionDraft]:
        return list(self._rows)

    def set_plan_choices(self, plans: list[PlanActionChoice]) -> None:
        self._plans = {plan.id: plan.title for plan in plans}
        if self._rows:
            self.dataChanged.emit(self.index(0, self.PLAN), self.index(len(self._rows) - 1, self.PLAN))

    def plan_title(self, plan_id: uuid.UUID | None) -> str:
        if plan_id is None:
            return ""
        return self._plans.get(plan_id, _tr("(この案件にない項目)"))

    def add_action(self, *, text: str, owner: Owner = Owner.BUSINESS, due_on: date | None = None,
                   plan_item_id: uuid.UUID | None = None) -> int:
        from companion.services.visits.capture import ActionDraft

        row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append(ActionDraft(id=uuid.uuid4(), text=text, owner=owner, due_on=due_on,
                                      plan_item_id=plan_item_id))
        self.endInsertRows()
        return row

    def remove_row(self, row: int) -> None:
        if 0 <= row < len(self._rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self.endRemoveRows()

    def action_at(self, row: int) -> ActionDraft:
        return self._rows[row]

    # -- Qt ---------------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(self.HEADERS)):
            return _tr(self.HEADERS[section])
        return super().headerData(section, orientation, role)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == self.DONE:
            return flags | Qt.ItemFlag.ItemIsUserCheckable
        return flags | Qt.ItemFlag.ItemIsEditable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        action = self._rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == self.TEXT:
                return action.text
            if column == self.OWNER:
                return str(action.owner)
            if column == self.DUE:
                return ymd(action.due_on) if action.due_on else _tr("なし")
            if column == self.PLAN:
                return self.plan_title(action.plan_item_id) or _tr("(なし)")
            return None
        if role == EDIT_ROLE:
            if column == self.TEXT:
                return action.text
            if column == self.OWNER:
                return str(action.owner)
            if column == self.DUE:
                due = action.due_on
                return QDate(due.year, due.month, due.day) if due else QDate()
            if column == self.PLAN:
                return action.plan_item_id
        if role == Qt.ItemDataRole.CheckStateRole and column == self.DONE:
            return Qt.CheckState.Checked if action.done else Qt.CheckState.Unchecked
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = EDIT_ROLE) -> bool:
        if not index.isValid() or index.row() >= len(self._rows):
            return False
        action = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.CheckStateRole and column == self.DONE:
            done = Qt.CheckState(value) == Qt.CheckState.Checked
            changed = replace(action, done=done)
        elif role != EDIT_ROLE:
            return False
        elif column == self.TEXT:
            changed = replace(action, text=str(value))
        elif column == self.OWNER:
            try:
                changed = replace(action, owner=Owner(str(value)))
            except ValueError:
                return False
        elif column == self.DUE:
            changed = replace(action, due_on=_to_date(value))
        elif column == self.PLAN:
            changed = replace(action, plan_item_id=value if isinstance(value, uuid.UUID) else None)
        else:
            return False
        if changed == action:
            return True
        self._rows[index.row()] = changed
        self.dataChanged.emit(index, index, [role])
        return True


def _to_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, QDate) and value.isValid():
        return date(value.year(), value.month(), value.day())
    return None
