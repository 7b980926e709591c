"""The KPI chart on screen: the report's own matplotlib Figure
(``companion.reports.charts.kpi_figure``) in matplotlib's Qt canvas.

matplotlib is never imported at start-up. Its first import takes about a second, so
it happens on the second pool (``load_chart_code``, run as an op before the first
chart's data is read); drawing a chart then only looks the modules up.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QSizePolicy, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from companion.reports.model import KpiSeries

MINIMUM_HEIGHT = 150
MINIMUM_WIDTH = 260
CHART_MODULES = ("matplotlib.figure", "matplotlib.backends.backend_qtagg",
                 "companion.reports.charts")


def chart_code_loaded() -> bool:
    """Whether matplotlib and the chart code are imported already."""
    return all(name in sys.modules for name in CHART_MODULES)


def load_chart_code() -> None:
    """On the second pool: import matplotlib, its Qt canvas module (classes only: no
    widget is made here) and the report's chart code."""
    import matplotlib.backends.backend_qtagg
    import matplotlib.figure  # noqa: F401

    import companion.reports.charts  # noqa: F401


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
        from companion.ui.i18n import fiscal_year_text

        self.series = tuple(series)
        width = max(self.width(), MINIMUM_WIDTH) / max(self.logicalDpiX(), 72)
        figure = kpi_figure(self.series, wareki=wareki, width_inches=width,
                            year_label=lambda year: fiscal_year_text(year, wareki=wareki))
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
