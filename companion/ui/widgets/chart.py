"""The KPI chart on screen: the report's own matplotlib Figure
(``companion.reports.charts.kpi_figure``) in matplotlib's Qt canvas.

matplotlib is imported only when the first chart is drawn, never at start-up.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QSizePolicy, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from companion.reports.model import KpiSeries

MINIMUM_HEIGHT = 150
MINIMUM_WIDTH = 260


class KpiChart(QWidget):
    """Target against actual over fiscal years, drawn by the report's chart code."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumSize(MINIMUM_WIDTH, MINIMUM_HEIGHT)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.canvas: Any = None
        self.series: tuple[KpiSeries, ...] = ()

    @property
    def figure(self) -> Figure | None:
        return self.canvas.figure if self.canvas is not None else None

    def set_series(self, series: Sequence[KpiSeries], *, wareki: bool) -> None:
        """Draw these indicators (one small chart each) in place of the last ones."""
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

        from companion.reports.charts import kpi_figure

        self.series = tuple(series)
        width = max(self.width(), MINIMUM_WIDTH) / max(self.logicalDpiX(), 72)
        figure = kpi_figure(self.series, wareki=wareki, width_inches=width)
        canvas = FigureCanvasQTAgg(figure)  # type: ignore[no-untyped-call]
        canvas.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        canvas.setMinimumSize(MINIMUM_WIDTH, MINIMUM_HEIGHT)
        if self.canvas is not None:
            self._layout.removeWidget(self.canvas)
            self.canvas.setParent(None)
            self.canvas.deleteLater()
        self.canvas = canvas
        self._layout.addWidget(canvas)
        canvas.draw_idle()  # type: ignore[no-untyped-call]
