"""委託元の目標…: a sponsor's own yearly targets (延べ相談件数, 支援事業者数, ...) as a
table of measures × fiscal years, one sponsor at a time.

The targets are read and saved through ``services.sponsor_targets`` on the database
worker (``ops``); saving is one write with an undo label and covers every sponsor
edited since the dialog opened. A cell left empty has no target. A cell that is not a
whole number from 1 to 999,999 is refused with a message naming the sponsor, the year
and the measure, the cell is selected and nothing is saved. The actuals and grades are
in export-figures (委託元の目標と実績); they are not edited here.
"""

from __future__ import annotations

import unicodedata
import uuid
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from companion.domain.calendar import fiscal_year_label
from companion.domain.sponsor_measures import TARGET_MAX, TARGET_MIN, SponsorMeasure
from companion.errors import ValidationError
from companion.ui.widgets.common import note
from companion.ui.widgets.forms import FormDialog, find_data

if TYPE_CHECKING:
    from companion.reports.figures import TargetStanding
    from companion.services.sponsor_targets import TargetEditing
    from companion.ui.tasks import DbWorker

MEASURES = tuple(SponsorMeasure)
Key = tuple[uuid.UUID, int, SponsorMeasure]


def _number(text: str) -> int | None:
    """A cell as typed: 1200, 1,200, full-width digits, 120件 (None: not a number)."""
    cleaned = unicodedata.normalize("NFKC", text).strip().replace(",", "")
    cleaned = cleaned.removesuffix("件").removesuffix("者").strip()
    if not cleaned.isdecimal() or len(cleaned) > 9:
        return None
    return int(cleaned)


class SponsorTargetsDialog(FormDialog):
    """The sponsor chooser, the measures × years table, 保存 / キャンセル."""

    def __init__(self, worker: DbWorker, *, today: Callable[[], date] = date.today,
                 wareki: bool = True, sponsor_id: uuid.UUID | None = None,
                 flat_band_percent: float = 3.0, parent: QWidget | None = None) -> None:
        super().__init__(worker, title=self.tr("委託元の目標"), parent=parent)
        self.today = today
        self.flat_band_percent = flat_band_percent
        self.standings: dict[Key, TargetStanding] = {}
        self.wareki = wareki
        self.wanted_sponsor = sponsor_id
        self.editing: TargetEditing | None = None
        self.years: list[int] = []
        self.edited: dict[Key, str] = {}  # cell texts typed, of every sponsor shown
        self.shown_sponsor: uuid.UUID | None = None
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("国") * 56)
        self.explanation = note(self.tr(
            "委託元が年度ごとに決めた目標（延べ相談件数・支援事業者数など）を入力します。"
            "空欄は目標なし。実績・達成率・評価（A〜D）は「数値の書き出し」の"
            "「委託元の目標と実績」に載ります（年度途中の年度は評価しません）。"))
        self._layout.insertWidget(0, self.explanation)
        self.sponsor_combo = self.add_field("sponsor", self.tr("委託元:"), QComboBox())
        self.sponsor_combo.currentIndexChanged.connect(self._sponsor_changed)
        self.table = QTableWidget(len(MEASURES), 0)
        self.table.setVerticalHeaderLabels(
            [f"{measure.value}（{measure.unit}）" for measure in MEASURES])
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.table.setTabKeyNavigation(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 12)
        self.table.setMinimumHeight((self.fontMetrics().height() + 12) * (len(MEASURES) + 1)
                                    + 8)
        self.table.itemChanged.connect(self._cell_changed)
        self.add_field("targets", self.tr("目標:"), self.table,
                       note=self.tr("整数で入力します（例: 120）。件は相談の件数、者は事業者の数です。"))
        self._set_loading(True)

    def _set_loading(self, loading: bool) -> None:
        for widget in (self.sponsor_combo, self.table, self.save_button):
            widget.setEnabled(not loading)

    def field_alias(self, field: str) -> str:
        return "targets" if field in ("target", "fiscal_year", "measure") else field

    # -- loading -------------------------------------------------------------------------

    def load(self) -> None:
        from companion.services.sponsor_targets import targets_for_editing
        from companion.ui import ops

        ops.read(targets_for_editing, today=self.today()) \
            .success(self.show_loaded).failure(self._failed).run(self.worker)
        self.load_standings()

    def load_standings(self) -> None:
        """The actuals of the stored targets (as export-figures counts them), shown as
        each cell's tooltip."""
        from companion.reports.figures import sponsor_target_standings
        from companion.ui import ops

        ops.read(sponsor_target_standings, today=self.today(),
                 flat_band_percent=self.flat_band_percent) \
            .success(self.show_standings).run(self.worker)

    def show_standings(self, standings: list[TargetStanding]) -> None:
        self.standings = {(s.sponsor_id, s.fiscal_year, s.measure): s for s in standings}
        if self.editing is not None:
            self._show_sponsor()

    def standing_text(self, key: Key) -> str:
        """実績 12件・達成率 80.0%・評価 B (or why the year is not graded)."""
        standing = self.standings.get(key)
        if standing is None:
            return ""
        unit = standing.measure.unit
        if standing.final:
            return self.tr("実績 {actual}{unit}・達成率 {percent}%・評価 {grade}").format(
                actual=f"{standing.actual:,}", unit=unit, percent=standing.percent,
                grade=standing.grade)
        return self.tr("実績 {actual}{unit}（{note}）").format(
            actual=f"{standing.actual:,}", unit=unit, note=standing.note)

    def show_loaded(self, editing: TargetEditing) -> None:
        self.editing = editing
        self.years = list(editing.years)
        self.table.setColumnCount(len(self.years))
        self.table.setHorizontalHeaderLabels(
            [fiscal_year_label(year, wareki=self.wareki) for year in self.years])
        for column, year in enumerate(self.years):
            header = self.table.horizontalHeaderItem(column)
            if header is not None:
                header.setToolTip(self.tr("{year}年4月〜{next}年3月").format(
                    year=year, next=year + 1))
        self.sponsor_combo.blockSignals(True)
        self.sponsor_combo.clear()
        for sponsor in editing.sponsors:
            self.sponsor_combo.addItem(f"{sponsor.name}（{sponsor.kind}）", sponsor.id)
        self.sponsor_combo.blockSignals(False)
        if not editing.sponsors:
            self.show_error(ValidationError(self.tr(
                "委託元がまだありません。ファイル → 新しい委託元… で登録してから目標を入力してください。")))
            self.save_button.setEnabled(False)
            return
        wanted = find_data(self.sponsor_combo, self.wanted_sponsor)
        self.sponsor_combo.setCurrentIndex(max(0, wanted))
        self._set_loading(False)
        self._show_sponsor()

    # -- the table ---------------------------------------------------------------------

    def current_sponsor(self) -> uuid.UUID | None:
        data = self.sponsor_combo.currentData()
        return data if isinstance(data, uuid.UUID) else None

    def stored_text(self, key: Key) -> str:
        value = self.editing.targets.get(key) if self.editing else None
        return "" if value is None else f"{value:,}"

    def _show_sponsor(self) -> None:
        sponsor = self.current_sponsor()
        self.shown_sponsor = sponsor
        if sponsor is None:
            return
        self.table.blockSignals(True)
        for row, measure in enumerate(MEASURES):
            for column, year in enumerate(self.years):
                key = (sponsor, year, measure)
                item = QTableWidgetItem(self.edited.get(key, self.stored_text(key)))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                item.setToolTip(self.standing_text(key))
                self.table.setItem(row, column, item)
        self.table.blockSignals(False)

    def _sponsor_changed(self, _index: int) -> None:
        self.clear_errors()
        self._show_sponsor()

    def _cell_changed(self, item: QTableWidgetItem) -> None:
        if self.shown_sponsor is None:
            return
        key = (self.shown_sponsor, self.years[item.column()], MEASURES[item.row()])
        self.edited[key] = item.text()
        if self.error_text("targets"):  # the cell is being put right
            self.clear_errors()

    def set_cell(self, measure: SponsorMeasure, fiscal_year: int, text: str) -> None:
        """Type ``text`` into a cell of the sponsor shown (as a user would)."""
        item = self.table.item(MEASURES.index(measure), self.years.index(fiscal_year))
        assert item is not None
        item.setText(text)

    def cell_text(self, measure: SponsorMeasure, fiscal_year: int) -> str:
        item = self.table.item(MEASURES.index(measure), self.years.index(fiscal_year))
        return "" if item is None else item.text()

    # -- saving ------------------------------------------------------------------------

    def _select(self, key: Key) -> None:
        sponsor, year, measure = key
        row = find_data(self.sponsor_combo, sponsor)
        if row >= 0 and row != self.sponsor_combo.currentIndex():
            self.sponsor_combo.setCurrentIndex(row)
        self.table.setCurrentCell(MEASURES.index(measure), self.years.index(year))

    def entries(self) -> list[Any]:
        """The cells changed from what is stored, as entries to save; a cell that is no
        target is a ValidationError (its cell selected)."""
        from companion.services.sponsor_targets import TargetEntry

        names = {s.id: s.name for s in self.editing.sponsors} if self.editing else {}
        entries: list[TargetEntry] = []
        for key, text in sorted(self.edited.items(), key=lambda item: (
                names.get(item[0][0], ""), item[0][1], MEASURES.index(item[0][2]))):
            if text.strip() == self.stored_text(key) or \
                    (not text.strip() and not self.stored_text(key)):
                continue
            sponsor, year, measure = key
            value = None if not text.strip() else _number(text)
            if text.strip() and (value is None or not TARGET_MIN <= value <= TARGET_MAX):
                self._select(key)
                raise ValidationError(self.tr(
                    "{sponsor}・{year}の「{measure}」の目標は {low}〜{high} の整数で入力してください"
                    "（入力: {text}）").format(
                        sponsor=names.get(sponsor, ""),
                        year=fiscal_year_label(year, wareki=self.wareki),
                        measure=measure.value, low=TARGET_MIN, high=f"{TARGET_MAX:,}",
                        text=text.strip()), field="targets")
            if value is not None and self.editing and self.editing.targets.get(key) == value:
                continue  # 1200 typed where 1,200 is stored
            entries.append(TargetEntry(sponsor, year, measure, value))
        return entries

    def submit(self) -> None:
        from companion.services.sponsor_targets import save_sponsor_targets

        entries = self.entries()
        if not entries:
            self.accept()  # nothing changed: nothing to save, nothing to undo
            return
        self.save(save_sponsor_targets, undo_label=self.tr("委託元の目標を保存"),
                  entries=entries)

    def _failed(self, error: BaseException) -> None:
        if self.editing is None:  # loading failed: nothing to edit
            self._set_loading(True)
        super()._failed(error)
        if self.editing is None:
            self.save_button.setEnabled(False)


def open_sponsor_targets(parent: QWidget, *, worker: DbWorker,
                         today: Callable[[], date] = date.today, wareki: bool = True,
                         sponsor_id: uuid.UUID | None = None, flat_band_percent: float = 3.0,
                         on_saved: Callable[[Any], None] | None = None) -> SponsorTargetsDialog:
    """Open the editor (window-modal); it loads the targets on the worker and closes
    when they are saved. Returns the dialog."""
    dialog = SponsorTargetsDialog(worker, today=today, wareki=wareki, sponsor_id=sponsor_id,
                                  flat_band_percent=flat_band_percent, parent=parent)
    if on_saved is not None:
        dialog.saved.connect(on_saved)
    dialog.load()
    dialog.open()
    return dialog
