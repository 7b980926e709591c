"""KPI charts on screen (matplotlib).

``kpi_figure`` builds a plain ``matplotlib.figure.Figure`` (no pyplot, no global
state, no Qt): the GUI embeds it in ``FigureCanvasQTAgg``, ``figure_png`` renders it
with the Agg canvas. matplotlib is imported only when a chart is made. The Word report
draws the same content as native Word charts (``docx_chart.py``), without matplotlib;
what both show (scale, colours, labels) lives once in ``chart_scale.py``.
"""

from __future__ import annotations

import io
import logging
import math
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from companion.reports.chart_scale import (
    ACTUAL_COLOR,
    ACTUAL_LABEL,
    BASELINE_COLOR,
    BASELINE_LABEL,
    COUNTED_UNITS,
    PART_YEAR_LABEL,
    TARGET_COLOR,
    TARGET_EDGE_COLOR,
    TARGET_LABEL,
    chart_title,
    label_decimals,
    scale,
)
from companion.reports.formatting import fiscal_label, format_number
from companion.reports.model import KpiSeries

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

log = logging.getLogger("companion.reports")

# Japanese-capable sans-serif faces on Linux (fonts-noto-cjk), Windows and macOS; the
# first one installed is used and the rest are fallbacks for missing glyphs.
JAPANESE_FONTS = ["Noto Sans CJK JP", "Yu Gothic", "YuGothic", "Meiryo", "Hiragino Sans",
                  "Hiragino Kaku Gothic ProN", "IPAexGothic", "TakaoPGothic", "DejaVu Sans"]

_RC: dict[Any, Any] = {
    "axes.unicode_minus": False,
    "font.size": 8.5,
    "axes.titlesize": 9.5,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "svg.fonttype": "none",
}


def _font_families() -> list[str]:
    """The Japanese faces of JAPANESE_FONTS that are installed, in order.

    Only installed names are passed to matplotlib, which would otherwise log a
    "findfont: not found" line per missing name for every piece of text.
    """
    from matplotlib import font_manager

    installed = {entry.name for entry in font_manager.fontManager.ttflist}
    found = [name for name in JAPANESE_FONTS if name in installed]
    if len(found) <= 1:  # DejaVu Sans alone has no Japanese glyphs
        log.warning("日本語フォントが見つかりません(fonts-noto-cjk などを入れてください)")
    return found or ["sans-serif"]


def _rc() -> dict[Any, Any]:
    return {**_RC, "font.family": _font_families()}


def _plot_one(axes: Axes, series: KpiSeries, *, year_label: Callable[[int], str],
              families: list[str]) -> None:
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    divisor, unit = scale(series)
    count = len(series.points)
    positions = list(range(count))
    width = 0.38

    def scaled(values: Sequence[float | None]) -> list[float]:
        return [math.nan if v is None else v / divisor for v in values]

    targets = scaled([p.target for p in series.points])
    actuals = scaled([p.actual for p in series.points])
    axes.bar([x - width / 2 for x in positions], targets, width, label=TARGET_LABEL,
             color=TARGET_COLOR, edgecolor=TARGET_EDGE_COLOR, linewidth=0.6)
    bars = axes.bar([x + width / 2 for x in positions], actuals, width, label=ACTUAL_LABEL,
                    color=ACTUAL_COLOR)
    labels = []
    for bar, point, value in zip(bars, series.points, actuals, strict=True):
        text = "" if math.isnan(value) else format_number(round(value, label_decimals(value)))
        if not point.complete and text:
            # A sum over part of a year is not comparable with the year's target.
            bar.set_facecolor("white")
            bar.set_edgecolor(ACTUAL_COLOR)
            bar.set_hatch("////")
            text += "\n" + PART_YEAR_LABEL
        labels.append(text)
    axes.bar_label(bars, labels=labels, padding=2, fontsize=7)
    if series.baseline is not None:
        axes.axhline(series.baseline / divisor, color=BASELINE_COLOR, linestyle="--",
                     linewidth=0.9, label=BASELINE_LABEL)
    axes.set_xticks(positions, [year_label(p.fiscal_year) for p in series.points])
    axes.set_title(chart_title(series.name, unit), loc="left")
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _pos: format_number(value)))
    if unit in COUNTED_UNITS:
        # People, cases, visits come whole: no 2.5人 tick.
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.grid(axis="y", color="#dddddd", linewidth=0.6)
    axes.set_axisbelow(True)
    axes.margins(y=0.15)
    # Tick labels are made at draw time, possibly outside the rc context below (in the
    # GUI): give them the Japanese family explicitly.
    axes.tick_params(labelfontfamily=families, labelsize=7.5)


def kpi_figure(series: Sequence[KpiSeries], *, wareki: bool = True,
               width_inches: float = 6.5,
               year_label: Callable[[int], str] | None = None) -> Figure:
    """KPI target against actual over fiscal years, one small chart per indicator.

    The x axis names each fiscal year with ``year_label`` (the window passes its own,
    FY2025 in English); without it, as the report does: 令和7年度 or 2025年度."""
    label = year_label or (lambda fiscal_year: fiscal_label(fiscal_year, wareki=wareki))

    import matplotlib
    from matplotlib.figure import Figure

    columns = 1 if len(series) <= 1 else 2
    rows = max(1, math.ceil(len(series) / columns))
    rc = _rc()
    with matplotlib.rc_context(rc):
        figure = Figure(figsize=(width_inches, 0.4 + 2.5 * rows), layout="constrained")
        if not series:
            axes = figure.add_subplot()
            axes.axis("off")
            axes.text(0.5, 0.5, "指標が設定されていません", ha="center", va="center")
            return figure
        grid = figure.subplots(rows, columns, squeeze=False)
        for index, axes in enumerate(grid.flat):
            if index < len(series):
                _plot_one(axes, series[index], year_label=label, families=rc["font.family"])
            else:
                axes.axis("off")
        # One legend for all the small charts, above them, drawn from proxies so that
        # a hatched (part-year) bar never stands for 実績.
        from matplotlib.lines import Line2D
        from matplotlib.patches import Patch

        handles: list[Any] = [
            Patch(facecolor=TARGET_COLOR, edgecolor=TARGET_EDGE_COLOR, linewidth=0.6,
                  label=TARGET_LABEL),
            Patch(facecolor=ACTUAL_COLOR, label=ACTUAL_LABEL)]
        if any(not p.complete and p.actual is not None for s in series for p in s.points):
            handles.append(Patch(facecolor="white", edgecolor=ACTUAL_COLOR, hatch="////",
                                 label=ACTUAL_LABEL + PART_YEAR_LABEL))
        if any(s.baseline is not None for s in series):
            handles.append(Line2D([], [], color=BASELINE_COLOR, linestyle="--", linewidth=0.9,
                                  label=BASELINE_LABEL))
        figure.legend(handles=handles, loc="outside upper right", ncols=len(handles),
                      frameon=False, fontsize=7.5)
    return figure


def figure_png(figure: Figure, *, dpi: int = 200) -> bytes:
    """The figure as PNG bytes, drawn with Agg (no display, no Qt): ``savefig`` picks
    the Agg canvas for PNG whatever canvas (Qt on screen) the figure is attached to."""
    import matplotlib

    buffer = io.BytesIO()
    with matplotlib.rc_context(_rc()):
        figure.savefig(buffer, format="png", dpi=dpi, facecolor="white")
    return buffer.getvalue()
