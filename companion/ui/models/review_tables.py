"""The lists of the third-party review: bundles sent, reviews received and their
findings (the practitioner), and a bundle's register with the reviewer's findings
(reviewer mode)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QObject, Qt
from PySide6.QtGui import QBrush, QColor

from companion.domain.enums import Finding
from companion.ui.formatting import ymd, ymd_hm
from companion.ui.i18n import vocabulary_label
from companion.ui.models.rows import AnyIndex, Column, RowTableModel

NOT_YET = QColor("#7f8c8d")
FINDING_COLOURS = {
    "問題なし": QColor("#1e8449"),
    "管理下で容認": QColor("#1f618d"),
    "要是正": QColor("#a93226"),
    "情報不足": QColor("#b9770e"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("ReviewTables", text)


def _finding_brush(text: str) -> QBrush | None:
    colour = FINDING_COLOURS.get(text.split("(")[0])
    return QBrush(colour) if colour is not None else None


class SentBundleModel(RowTableModel):
    """Rows are services.disclosures.SentBundle."""

    context = "SentBundleModel"
    columns = (
        Column("書き出し日時", lambda b: ymd_hm(b.created_at), lambda b: b.created_at.timestamp()),
        Column("ファイル", lambda b: b.file_name),
        Column("記録", lambda b: _tr("{n}件").format(n=b.records), lambda b: b.records, numeric=True),
        Column("レビュー", lambda b: _tr("応答あり") if b.reviewed else _tr("応答待ち")),
        Column("マニフェストの SHA-256", lambda b: b.manifest_sha256[:16] + "…"),
    )


class ReceivedReviewModel(RowTableModel):
    """Rows are services.disclosures.ReceivedReview."""

    context = "ReceivedReviewModel"
    columns = (
        Column("レビュー日", lambda r: ymd(r.reviewed_on), lambda r: r.reviewed_on.toordinal()),
        Column("担当者", lambda r: r.reviewer),
        Column("所属", lambda r: r.organisation),
        Column("所見", lambda r: summarise(r.findings)),
        Column("コメント", lambda r: r.comment),
    )

    def review_at(self, row: int) -> Any:
        return self.row_at(row)


def summarise(findings: Any) -> str:
    """「問題なし 3・要是正 1」"""
    counts: dict[str, int] = {}
    for finding in findings:
        counts[finding.finding] = counts.get(finding.finding, 0) + 1
    order = list(FINDING_COLOURS)
    return _tr("・").join(f"{vocabulary_label(Finding, name)} {counts[name]}"
                         for name in sorted(counts, key=order.index))


class ReceivedFindingModel(RowTableModel):
    """Rows are services.disclosures.ReceivedFinding."""

    context = "ReceivedFindingModel"
    FINDING = 2
    columns = (
        Column("開示", lambda f: str(f.number), lambda f: f.number, numeric=True),
        Column("版", lambda f: str(f.version), lambda f: f.version, numeric=True),
        Column("所見", lambda f: f.finding),
        Column("条件", lambda f: f.conditions),
        Column("コメント", lambda f: f.comment if f.hash_matches
               else f.comment + _tr("(※レビュー後に内容が書き換えられています)")),
    )

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid() and index.column() == self.FINDING:
            return _finding_brush(self.row_at(index.row()).finding)
        return super().data(index, role)


class BundleRegisterModel(RowTableModel):
    """Rows are services.reviewer.BundleVersion; the reviewer's finding per version is
    kept beside the rows (``set_finding``) so recording one does not reset the view."""

    context = "BundleRegisterModel"
    FINDING = 10
    columns = (
        Column("番号", lambda v: str(v.number), lambda v: v.number, numeric=True),
        Column("版", lambda v: str(v.version), lambda v: v.version, numeric=True),
        Column("種類", lambda v: v.text("kind")),
        Column("相手先", lambda v: v.text("counterpart_name")),
        Column("金額・持分", lambda v: money(v.content)),
        Column("役職", lambda v: v.text("role_title")),
        Column("開始", lambda v: ymd_text(v.text("started_on"))),
        Column("終了", lambda v: ymd_text(v.text("ended_on"))),
        Column("管理方法", lambda v: v.text("mitigation") or _tr("(未記載)")),
        Column("状態", lambda v: v.text("status")),
        Column("所見", lambda v: ""),
    )

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._findings: dict[str, str] = {}

    def version_at(self, row: int) -> Any:
        return self.row_at(row)

    def set_finding(self, version_id: str, finding: str) -> None:
        self._findings[version_id] = finding
        for number, row in enumerate(self._rows):
            if row.version_id == version_id:
                self.dataChanged.emit(self.index(number, self.FINDING),
                                      self.index(number, self.FINDING))

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= self.rowCount():
            return None
        if index.column() == self.FINDING:
            finding = self._findings.get(self.row_at(index.row()).version_id, "")
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                return finding or self.tr("未記入")
            if role == Qt.ItemDataRole.ForegroundRole:
                return _finding_brush(finding) if finding else QBrush(NOT_YET)
        return super().data(index, role)


DISPOSITION_COLOURS = {
    "問題なし": QColor("#1e8449"),
    "要対応": QColor("#a93226"),
    "要説明": QColor("#b9770e"),
}
FLAG_RULE = QColor("#a93226")


class BundleFlagModel(RowTableModel):
    """Rows are services.reviewer.BundleFlag; the reviewer's disposition per flag (by its
    id) is kept beside the rows (``set_disposition``), like the register's findings."""

    context = "BundleFlagModel"
    DISPOSITION = 3
    columns = (
        Column("規則", lambda f: f.rule),
        Column("開示", lambda f: "・".join(str(n) for n in f.disclosures), searchable=False),
        Column("理由", lambda f: f.reason),
        Column("判断", lambda f: ""),
    )

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._dispositions: dict[str, str] = {}

    def flag_at(self, row: int) -> Any:
        return self.row_at(row)

    def set_disposition(self, flag_id: str, text: str) -> None:
        self._dispositions[flag_id] = text
        for number, row in enumerate(self._rows):
            if row.id == flag_id:
                self.dataChanged.emit(self.index(number, self.DISPOSITION),
                                      self.index(number, self.DISPOSITION))

    def clear_dispositions(self) -> None:
        self._dispositions = {}
        if self._rows:
            self.dataChanged.emit(self.index(0, self.DISPOSITION),
                                  self.index(len(self._rows) - 1, self.DISPOSITION))

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= self.rowCount():
            return None
        if index.column() == 0 and role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(FLAG_RULE)
        if index.column() == self.DISPOSITION:
            flag = self.row_at(index.row())
            text = self._dispositions.get(flag.id, "")
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                if not flag.id:
                    return self.tr("(記録できません)")
                return text or self.tr("未判断")
            if role == Qt.ItemDataRole.ForegroundRole:
                colour = DISPOSITION_COLOURS.get(text.split("(")[0])
                return QBrush(colour) if colour is not None else QBrush(NOT_YET)
        return super().data(index, role)


class BundleTableModel(QAbstractTableModel):
    """A CSV table of a review bundle (engagements.csv, visits-summary.csv) as the
    bundle states it: its own header, text cells; the columns in ``hidden`` (ids) are
    left out. Numbers (件数, 時間) are right-aligned and dates shown as 2026/04/01."""

    def __init__(self, parent: QObject | None = None, *, hidden: Sequence[str] = ()) -> None:
        super().__init__(parent)
        self._hidden = set(hidden)
        self._columns: list[tuple[int, str]] = []  # (index in the CSV, header)
        self._rows: list[tuple[str, ...]] = []

    def set_table(self, columns: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
        self.beginResetModel()
        self._columns = [(n, name) for n, name in enumerate(columns) if name not in self._hidden]
        self._rows = [tuple(row) for row in rows]
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def cell(self, row: int, column: int) -> str:
        source = self._columns[column][0]
        values = self._rows[row]
        return values[source] if source < len(values) else ""

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        text = self.cell(index.row(), index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return _date_text(text)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            numeric = text.replace(".", "", 1).isdigit()
            horizontal = Qt.AlignmentFlag.AlignRight if numeric else Qt.AlignmentFlag.AlignLeft
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(self._columns)):
            return self._columns[section][1]
        return super().headerData(section, orientation, role)


def _date_text(text: str) -> str:
    """2026-04-01 -> 2026/04/01; anything else as it is."""
    if len(text) == 10 and text[4] == "-" and text[7] == "-" and text.replace("-", "").isdigit():
        return text.replace("-", "/")
    return text


def ymd_text(text: str) -> str:
    return text.replace("-", "/") if text else ""


def money(content: dict[str, Any]) -> str:
    parts = []
    amount, share = content.get("amount_yen"), content.get("share_percent")
    if isinstance(amount, int | float):
        parts.append(_tr("{amount}円").format(amount=f"{int(amount):,}"))
    if isinstance(share, int | float):
        parts.append(f"{float(share):g}%")
    return " ".join(parts)
