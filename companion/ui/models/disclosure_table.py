"""The disclosure register and what goes with it: red flags, a disclosure's versions
and the field-by-field changes of one version.

The same version and change models serve the practitioner's history and the
reviewer's reading of a bundle: both are built from register payloads.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QBrush, QColor

from companion.domain.enums import Finding
from companion.ui.formatting import percent, yen, ymd
from companion.ui.models.rows import AnyIndex, Column, RowTableModel

FLAG_BACKGROUND = QColor("#fdecea")


def _tr(text: str) -> str:
    return QCoreApplication.translate("DisclosureTableModel", text)


FLAG_FOREGROUND = QColor("#a93226")
# レビュー済 whose finding asks the practitioner for something (要是正 / 情報不足): the
# status is shown in amber, with the finding in its tooltip.
ASKS_FOREGROUND = QColor("#9a5b00")
ASKS_SOMETHING = frozenset({Finding.NEEDS_CORRECTION.value, Finding.INSUFFICIENT_INFO.value})


class DisclosureTableModel(RowTableModel):
    """Rows are services.disclosures.DisclosureLine; rows with a red flag are tinted. A
    reviewed version shows レビュー済 (DisclosureLine.shown_status) with the reviewer's
    finding as the status's tooltip."""

    context = "DisclosureTableModel"
    NUMBER, VERSION, KIND, COUNTERPART = 0, 1, 2, 3
    MITIGATION, STATUS, FLAGS = 10, 11, 12
    columns = (
        Column("番号", lambda d: str(d.number), lambda d: d.number, numeric=True),
        Column("版", lambda d: str(d.version), lambda d: d.version, numeric=True,
               searchable=False),
        Column("種別", lambda d: str(d.kind)),
        Column("相手先", lambda d: d.counterpart_name),
        Column("金額", lambda d: yen(d.amount_yen), lambda d: d.amount_yen or -1, numeric=True,
               searchable=False),
        Column("持分", lambda d: percent(d.share_percent),
               lambda d: d.share_percent if d.share_percent is not None else -1.0, numeric=True,
               searchable=False),
        Column("役職", lambda d: d.role_title),
        Column("開始", lambda d: ymd(d.started_on), lambda d: d.started_on.toordinal(),
               searchable=False),
        Column("終了", lambda d: ymd(d.ended_on),
               lambda d: d.ended_on.toordinal() if d.ended_on else -1, searchable=False),
        Column("開示日", lambda d: ymd(d.declared_on), lambda d: d.declared_on.toordinal(),
               searchable=False),
        Column("管理方法", lambda d: d.mitigation or _tr("(未記載)")),
        Column("状態", lambda d: d.shown_status),
        Column("注意", lambda d: "", searchable=False),
    )

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._flag_counts: dict[Any, int] = {}

    def set_flag_counts(self, counts: dict[Any, int]) -> None:
        """How many red flags name each disclosure (by disclosure id)."""
        self._flag_counts = dict(counts)
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(self.rowCount() - 1, self.columnCount() - 1))

    def flag_count(self, row: int) -> int:
        return self._flag_counts.get(self.row_at(row).disclosure_id, 0)

    def line_at(self, row: int) -> Any:
        return self.row_at(row)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= self.rowCount():
            return None
        count = self.flag_count(index.row())
        if index.column() == self.FLAGS and role in (Qt.ItemDataRole.DisplayRole,
                                                     Qt.ItemDataRole.ToolTipRole):
            if role == Qt.ItemDataRole.ToolTipRole and count:
                return self.tr("注意事項が{n}件あります").format(n=count)
            return self.tr("{n}件").format(n=count) if count else ""
        if count and role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(FLAG_BACKGROUND)
        if count and role == Qt.ItemDataRole.ForegroundRole and index.column() == self.FLAGS:
            return QBrush(FLAG_FOREGROUND)
        if index.column() == self.STATUS:
            finding = self.row_at(index.row()).finding
            if finding and role == Qt.ItemDataRole.ToolTipRole:
                return self.tr("第三者レビューの所見: {finding}").format(finding=finding)
            if finding in ASKS_SOMETHING and role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(ASKS_FOREGROUND)
        return super().data(index, role)


@dataclass(frozen=True)
class FlagRow:
    """A red flag as shown: its rule, the disclosures it names, and why."""

    rule: str
    reason: str
    numbers: tuple[int, ...] = ()
    engagement_ids: tuple[str, ...] = ()  # hex


class RedFlagTableModel(RowTableModel):
    context = "RedFlagTableModel"
    columns = (
        Column("規則", lambda f: f.rule),
        Column("開示", lambda f: "・".join(str(n) for n in f.numbers), searchable=False),
        Column("理由", lambda f: f.reason),
    )

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid() and index.column() == 0:
            return QBrush(FLAG_FOREGROUND)
        return super().data(index, role)


@dataclass(frozen=True)
class VersionRow:
    """One version of a disclosure in its history."""

    version: int
    declared_on: str  # 2025/04/01
    reason: str
    status: str
    changed: str  # 金額・持分
    finding: str  # the review finding(s), or ""
    changes: tuple[Any, ...]  # domain.disclosure_diff.FieldChange
    version_id: str = ""


class VersionTableModel(RowTableModel):
    context = "VersionTableModel"
    columns = (
        Column("版", lambda v: str(v.version), lambda v: v.version, numeric=True),
        Column("申告日", lambda v: v.declared_on),
        Column("理由", lambda v: v.reason),
        Column("状態", lambda v: v.status),
        Column("変更点", lambda v: v.changed),
        Column("レビュー", lambda v: v.finding),
    )

    def version_at(self, row: int) -> VersionRow:
        version: VersionRow = self.row_at(row)
        return version

    def set_finding(self, version_id: str, finding: str) -> None:
        for number, row in enumerate(self._rows):
            if row.version_id == version_id:
                self._rows[number] = VersionRow(row.version, row.declared_on, row.reason,
                                                row.status, row.changed, finding, row.changes,
                                                row.version_id)
                self.dataChanged.emit(self.index(number, 0), self.index(number, 5))


class ChangeTableModel(RowTableModel):
    """Rows are domain.disclosure_diff.FieldChange: 項目, 変更前 → 変更後."""

    context = "ChangeTableModel"
    columns = (
        Column("項目", lambda c: c.label),
        Column("変更前", lambda c: c.old),
        Column("変更後", lambda c: c.new),
    )

    def set_changes(self, changes: Sequence[Any]) -> None:
        self.set_rows(list(changes))
