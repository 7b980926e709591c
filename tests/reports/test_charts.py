"""The KPI chart: one matplotlib Figure for screen and report, no Qt, lazy import."""

from __future__ import annotations

import subprocess
import sys

from companion.reports.charts import figure_png, kpi_figure
from companion.reports.model import KpiPoint, KpiSeries

SALES = KpiSeries(name="売上高", unit="円", baseline=30_000_000, points=(
    KpiPoint(2025, 32_000_000, 32_400_000), KpiPoint(2026, 36_000_000, None)))
STAFF = KpiSeries(name="従業員数", unit="人", baseline=None, points=(
    KpiPoint(2025, 9, 9), KpiPoint(2026, 10, 10)))


def test_one_small_chart_per_indicator_with_japanese_labels() -> None:
    figure = kpi_figure([SALES, STAFF])
    visible = [axes for axes in figure.axes if axes.axison]
    assert [axes.get_title(loc="left") for axes in visible] == ["売上高（万円）", "従業員数（人）"]
    labels = [label.get_text() for label in visible[0].get_xticklabels()]
    assert labels == ["令和7年度", "令和8年度"]
    western = kpi_figure([SALES], wareki=False)
    assert [t.get_text() for t in western.axes[0].get_xticklabels()] == ["2025年度", "2026年度"]
    assert "Noto Sans CJK JP" in visible[0].get_xticklabels()[0].get_fontfamily()


def test_the_figure_renders_to_png() -> None:
    png = figure_png(kpi_figure([SALES, STAFF]), dpi=80)
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 5_000
    assert figure_png(kpi_figure([]), dpi=50).startswith(b"\x89PNG")


def test_reports_import_neither_qt_nor_matplotlib_until_a_chart_is_made() -> None:
    code = (
        "import sys\n"
        "import companion.reports, companion.reports.docx_writer, companion.reports.figures\n"
        "assert 'matplotlib' not in sys.modules, 'matplotlib imported eagerly'\n"
        "from companion.reports.charts import figure_png, kpi_figure\n"
        "from companion.reports.model import KpiPoint, KpiSeries\n"
        "figure_png(kpi_figure([KpiSeries('売上高', '円', None, (KpiPoint(2025, 1.0, 2.0),))]))\n"
        "assert 'matplotlib' in sys.modules\n"
        "assert not any(m.startswith(('PySide6', 'PyQt')) for m in sys.modules), 'Qt imported'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=False, timeout=120)
    assert result.returncode == 0, result.stderr


def test_people_and_cases_are_counted_in_whole_numbers() -> None:
    # so few that matplotlib would put a tick at every half: 0, 0.5, 1, 1.5 ...
    few = KpiSeries(name="新規取引先", unit="件", baseline=None, points=(
        KpiPoint(2025, 2, 1), KpiPoint(2026, 2, 2)))
    hires = KpiSeries(name="新規採用", unit="人", baseline=None, points=(
        KpiPoint(2025, 1, 1), KpiPoint(2026, 2, 1)))
    figure = kpi_figure([few, hires])
    figure.canvas.draw()
    for axes in figure.axes[:2]:
        ticks = [tick for tick in axes.get_yticks() if axes.get_ylim()[0] <= tick <= axes.get_ylim()[1]]
        assert ticks and all(float(tick).is_integer() for tick in ticks), ticks  # no 2.5件
