"""What a KPI chart shows, whoever draws it: the scale of amounts, the colours, the
titles and the labels.

Both the screen chart (``charts.py``, matplotlib) and the report's Word chart
(``docx_chart.py``, DrawingML) read these, so the two never drift apart. Pure Python:
importing this module imports no drawing library.
"""

from __future__ import annotations

from companion.reports.model import KpiSeries

TARGET_COLOR = "#b7c4d6"
TARGET_EDGE_COLOR = "#8796ab"
ACTUAL_COLOR = "#1f4e79"
BASELINE_COLOR = "#7f7f7f"

TARGET_LABEL = "目標"
ACTUAL_LABEL = "実績"
BASELINE_LABEL = "基準値"
# A sum over part of a year is not comparable with the year's target: said next to it.
PART_YEAR_LABEL = "（年度途中）"

# Units that count whole things: their axis ticks are whole numbers.
COUNTED_UNITS = frozenset({"人", "件", "回", "社", "名", "店", "個", "台", "か所", "箇所"})


def scale(series: KpiSeries) -> tuple[float, str]:
    """The divisor and unit an axis shows: large yen amounts read better in 万円 / 百万円."""
    values = [abs(v) for p in series.points for v in (p.target, p.actual) if v is not None]
    biggest = max(values, default=0.0)
    if series.unit == "円" and biggest >= 100_000_000:
        return 1_000_000, "百万円"
    if series.unit == "円" and biggest >= 1_000_000:
        return 10_000, "万円"
    return 1, series.unit


def chart_title(name: str, unit: str) -> str:
    """売上高（万円）; the name alone when the indicator has no unit."""
    return f"{name}（{unit}）" if unit else name


def label_decimals(value: float) -> int:
    """Decimals a bar's value label shows: one below 100 when it carries meaning
    (12.5), none from 100 up (3,240)."""
    if abs(value) >= 100 or float(round(value, 1)).is_integer():
        return 0
    return 1
