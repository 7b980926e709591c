"""The report's KPI chart as native Word charts (DrawingML), without matplotlib.

Each indicator gets a chart part of its own (``/word/charts/chartN.xml``), related from
the document part and placed inline in a run, the way Word stores a chart it made: a
Word chart prints crisp at any size and the municipality's officer can restyle it in
Word (グラフのデザイン). It shows what the screen chart (``charts.py``) shows, from the
same rules (``chart_scale.py``): 目標 and 実績 as clustered columns per fiscal year, a
part-year 実績 hatched with （年度途中） under its year, the 基準値 as a dashed line,
data labels on 実績, the title with the unit (売上高（万円）).

The values live in the chart's own caches (``c:strCache`` / ``c:numCache``); Word
and LibreOffice draw from them, so no embedded workbook is needed to display, print
or restyle the chart (only Word's 「データの編集」 needs one, and says it is missing).
The ``c:f`` formulas name the cells such a workbook would have.

Elements are written in the order of the schema (ECMA-376 Part 1, dml-chart.xsd):
Word refuses a document whose chart XML has an element out of order.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.part import Part
from docx.oxml.ns import nsdecls

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
from companion.reports.formatting import xml_safe
from companion.reports.model import KpiSeries
from companion.reports.styles import GOTHIC

CHART_PARTNAME = "/word/charts/chart%d.xml"
_CHART_URI = "http://schemas.openxmlformats.org/drawingml/2006/chart"
# Characters XML 1.0 cannot carry (a pasted indicator name may hold one).
_CATEGORY_AXIS = 50010
_VALUE_AXIS = 50020
_TEXT_COLOR = "262626"
_AXIS_COLOR = "595959"
_GRID_COLOR = "DDDDDD"
# Sizes in hundredths of a point, as DrawingML counts them.
_TEXT_SIZE = 800
_TITLE_SIZE = 950
_LABEL_SIZE = 700
# Line widths in EMU (12,700 to the point).
_EDGE_WIDTH = 7620  # 0.6 pt
_LINE_WIDTH = 11430  # 0.9 pt
_AXIS_WIDTH = 9525  # 0.75 pt


@dataclass(frozen=True)
class ValueAxis:
    """A value axis fixed by the report (not left to Word or LibreOffice to guess):
    from ``minimum`` to ``maximum`` in steps of ``step``, each number shown with
    ``decimals`` decimals and thousands separators."""

    minimum: float
    maximum: float
    step: float
    decimals: int

    @property
    def number_format(self) -> str:
        return _number_format(self.decimals)


def value_axis(values: Sequence[float], *, whole: bool = False) -> ValueAxis:
    """An axis from 0 (or a round number below the lowest negative value) to a round
    number above the highest value, leaving room for the data labels, in four to eight
    steps of 1, 2, 2.5 or 5 times a power of ten: the tightest such axis, with the
    fewest steps among equals. ``whole`` (people, cases) steps by whole numbers
    only: no 2.5人 tick."""
    low = min(0.0, *values) if values else 0.0
    high = max(0.0, *values) if values else 0.0
    if high == low:
        high = low + 1.0
    span = high - low
    # Headroom for the data labels above the bars (and below negative ones).
    if high > 0:
        high += 0.1 * span
    if low < 0:
        low -= 0.1 * span
    exponent = math.floor(math.log10(high - low))
    candidates: list[tuple[float, int, float, float]] = []
    for power in range(exponent - 2, exponent + 1):
        for multiple in (1.0, 2.0, 2.5, 5.0):
            step = multiple * 10.0 ** power
            if whole and (step < 1 or not float(round(step, 9)).is_integer()):
                continue
            minimum = math.floor(low / step + 1e-9) * step
            maximum = math.ceil(high / step - 1e-9) * step
            candidates.append((step, round((maximum - minimum) / step), minimum, maximum))
    fitting = [c for c in candidates if 4 <= c[1] <= 8]
    if fitting:
        step, _, minimum, maximum = min(fitting, key=lambda c: (c[3] - c[2], -c[0]))
    else:  # a handful of whole things: 0 to 3 in steps of 1
        step, _, minimum, maximum = min(candidates, key=lambda c: (abs(c[1] - 5), -c[0]))
    decimals = next((d for d in range(6) if abs(round(step, d) - step) < 1e-9 * step), 6)
    return ValueAxis(minimum=round(minimum, decimals), maximum=round(maximum, decimals),
                     step=round(step, decimals), decimals=decimals)


@dataclass(frozen=True)
class WordChart:
    """One chart part's XML, and the title that also serves as its alternative text."""

    xml: bytes
    title: str


def kpi_chart(series: KpiSeries, *, year_label: Callable[[int], str],
              font: str = GOTHIC) -> WordChart:
    """The chart of one indicator over the report's fiscal years."""
    divisor, unit = scale(series)
    title = chart_title(xml_safe(series.name), unit)
    points = series.points
    count = len(points)
    categories = [
        year_label(p.fiscal_year)
        + (f"\n{PART_YEAR_LABEL}" if not p.complete and p.actual is not None else "")
        for p in points]
    targets = [None if p.target is None else p.target / divisor for p in points]
    actuals = [None if p.actual is None else p.actual / divisor for p in points]
    baseline = None if series.baseline is None else series.baseline / divisor
    shown = [v for v in (*targets, *actuals, baseline) if v is not None]
    axis = value_axis(shown, whole=unit in COUNTED_UNITS)
    label_format = _number_format(max((label_decimals(v) for v in actuals if v is not None),
                                      default=0))
    text = _Text(font)
    last_row = count + 1
    category_ref = f"Sheet1!$A$2:$A${last_row}"

    def column(letter: str) -> tuple[str, str]:
        return f"Sheet1!${letter}$1", f"Sheet1!${letter}$2:${letter}${last_row}"

    target_name, target_values = column("B")
    actual_name, actual_values = column("C")
    part_year = "".join(
        f'<c:dPt><c:idx val="{index}"/><c:invertIfNegative val="0"/><c:bubble3D val="0"/>'
        f'<c:spPr><a:pattFill prst="wdUpDiag"><a:fgClr>{_rgb(ACTUAL_COLOR)}</a:fgClr>'
        f'<a:bgClr><a:srgbClr val="FFFFFF"/></a:bgClr></a:pattFill>'
        f'{_line(ACTUAL_COLOR, _EDGE_WIDTH)}</c:spPr></c:dPt>'
        for index, point in enumerate(points) if not point.complete and point.actual is not None)
    bars = (
        '<c:barChart><c:barDir val="col"/><c:grouping val="clustered"/><c:varyColors val="0"/>'
        # 目標: light columns with a thin outline
        '<c:ser><c:idx val="0"/><c:order val="0"/>'
        f'{_series_name(target_name, TARGET_LABEL)}'
        f'<c:spPr>{_fill(TARGET_COLOR)}{_line(TARGET_EDGE_COLOR, _EDGE_WIDTH)}</c:spPr>'
        '<c:invertIfNegative val="0"/>'
        f'{_categories(category_ref, categories)}{_values(target_values, targets)}</c:ser>'
        # 実績: dark columns with their values above; a part-year one hatched
        '<c:ser><c:idx val="1"/><c:order val="1"/>'
        f'{_series_name(actual_name, ACTUAL_LABEL)}'
        f'<c:spPr>{_fill(ACTUAL_COLOR)}<a:ln><a:noFill/></a:ln></c:spPr>'
        f'<c:invertIfNegative val="0"/>{part_year}'
        f'<c:dLbls><c:numFmt formatCode={quoteattr(label_format)} sourceLinked="0"/>'
        '<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>'
        f'{text.body(_LABEL_SIZE)}<c:dLblPos val="outEnd"/>'
        '<c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/>'
        '<c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/>'
        '</c:dLbls>'
        f'{_categories(category_ref, categories)}{_values(actual_values, actuals)}</c:ser>'
        '<c:gapWidth val="60"/><c:overlap val="0"/>'
        f'<c:axId val="{_CATEGORY_AXIS}"/><c:axId val="{_VALUE_AXIS}"/></c:barChart>'
    )
    line = ""
    if baseline is not None:
        baseline_name, baseline_values = column("D")
        # One category alone makes a line of one point: a dash marks the level.
        marker = ('<c:marker><c:symbol val="dash"/><c:size val="20"/>'
                  f'<c:spPr>{_fill(BASELINE_COLOR)}<a:ln><a:noFill/></a:ln></c:spPr></c:marker>'
                  if count == 1 else '<c:marker><c:symbol val="none"/></c:marker>')
        line = (
            '<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>'
            '<c:ser><c:idx val="2"/><c:order val="2"/>'
            f'{_series_name(baseline_name, BASELINE_LABEL)}'
            f'<c:spPr>{_line(BASELINE_COLOR, _LINE_WIDTH, dash=True)}</c:spPr>{marker}'
            f'{_categories(category_ref, categories)}'
            f'{_values(baseline_values, [baseline] * count)}<c:smooth val="0"/></c:ser>'
            '<c:marker val="1"/>'
            f'<c:axId val="{_CATEGORY_AXIS}"/><c:axId val="{_VALUE_AXIS}"/></c:lineChart>'
        )
    axes = (
        f'<c:catAx><c:axId val="{_CATEGORY_AXIS}"/>'
        '<c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/>'
        '<c:axPos val="b"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/>'
        # "low": the years stay below the plot even when a value is negative
        f'<c:tickLblPos val="low"/><c:spPr>{_line(_AXIS_COLOR, _AXIS_WIDTH)}</c:spPr>'
        f'{text.body(_TEXT_SIZE)}<c:crossAx val="{_VALUE_AXIS}"/><c:crosses val="autoZero"/>'
        '<c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/>'
        '<c:noMultiLvlLbl val="0"/></c:catAx>'
        f'<c:valAx><c:axId val="{_VALUE_AXIS}"/>'
        f'<c:scaling><c:orientation val="minMax"/><c:max val="{_number(axis.maximum)}"/>'
        f'<c:min val="{_number(axis.minimum)}"/></c:scaling><c:delete val="0"/>'
        '<c:axPos val="l"/>'
        f'<c:majorGridlines><c:spPr>{_line(_GRID_COLOR, _EDGE_WIDTH)}</c:spPr></c:majorGridlines>'
        f'<c:numFmt formatCode={quoteattr(axis.number_format)} sourceLinked="0"/>'
        '<c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>'
        f'<c:spPr>{_line(_AXIS_COLOR, _AXIS_WIDTH)}</c:spPr>{text.body(_TEXT_SIZE)}'
        f'<c:crossAx val="{_CATEGORY_AXIS}"/><c:crosses val="autoZero"/>'
        f'<c:crossBetween val="between"/><c:majorUnit val="{_number(axis.step)}"/></c:valAx>'
    )
    xml = (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        f'<c:chartSpace {nsdecls("c", "a", "r")}>'
        '<c:date1904 val="0"/><c:lang val="ja-JP"/><c:roundedCorners val="0"/>'
        '<c:chart>'
        f'<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr>{text.run_props(_TITLE_SIZE, "a:defRPr")}'
        f'</a:pPr><a:r>{text.run_props(_TITLE_SIZE, "a:rPr")}<a:t>{escape(title)}</a:t></a:r>'
        '</a:p></c:rich></c:tx><c:overlay val="0"/></c:title>'
        '<c:autoTitleDeleted val="0"/>'
        f'<c:plotArea><c:layout/>{bars}{line}{axes}'
        '<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr></c:plotArea>'
        f'<c:legend><c:legendPos val="t"/><c:overlay val="0"/>{text.body(_LABEL_SIZE)}'
        '</c:legend>'
        '<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>'
        '<c:spPr><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill>'
        '<a:ln><a:noFill/></a:ln></c:spPr>'
        f'{text.body(_TEXT_SIZE)}'
        '</c:chartSpace>'
    )
    return WordChart(xml=xml.encode("utf-8"), title=title)


def add_chart_part(part: Part, chart: WordChart) -> str:
    """Add ``chart`` to the package as a part of its own, related from ``part`` (the
    document part, or a header's); the relationship id a ``c:chart`` refers to."""
    package = part.package
    if package is None:  # pragma: no cover - a part loaded from a file always has one
        raise ValueError("the part belongs to no package")
    chart_part = Part(package.next_partname(CHART_PARTNAME), CONTENT_TYPE.DML_CHART,
                      chart.xml, package)
    return part.relate_to(chart_part, RELATIONSHIP_TYPE.CHART)


def drawing_xml(relationship_id: str, *, width: int, height: int, shape_id: int,
                title: str) -> str:
    """A ``w:drawing`` holding the chart inline, ``width`` x ``height`` EMU; its title
    is the alternative text a screen reader reads."""
    return (
        f'<w:drawing {nsdecls("w", "wp", "a", "c", "r")}>'
        '<wp:inline distT="0" distB="0" distL="0" distR="0">'
        f'<wp:extent cx="{width}" cy="{height}"/>'
        '<wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="{shape_id}" name="グラフ {shape_id}" descr={quoteattr(title)}/>'
        '<wp:cNvGraphicFramePr/>'
        f'<a:graphic><a:graphicData uri="{_CHART_URI}">'
        f'<c:chart r:id="{relationship_id}"/></a:graphicData></a:graphic>'
        '</wp:inline></w:drawing>'
    )


# --- pieces of chart XML --------------------------------------------------------------

@dataclass(frozen=True)
class _Text:
    """Text properties in the report's Japanese face, for Latin and East Asian text
    alike (digits and kanji in one face, as in the report's tables)."""

    font: str

    def run_props(self, size: int, tag: str) -> str:
        face = quoteattr(self.font)
        lang = ' lang="ja-JP" altLang="en-US"' if tag == "a:rPr" else ""
        return (f'<{tag}{lang} sz="{size}" b="0">{_fill(_TEXT_COLOR)}'
                f'<a:latin typeface={face}/><a:ea typeface={face}/></{tag}>')

    def body(self, size: int) -> str:
        return ('<c:txPr><a:bodyPr/><a:lstStyle/><a:p>'
                f'<a:pPr>{self.run_props(size, "a:defRPr")}</a:pPr>'
                '<a:endParaRPr lang="ja-JP"/></a:p></c:txPr>')


def _rgb(color: str) -> str:
    return f'<a:srgbClr val="{color.lstrip("#").upper()}"/>'


def _fill(color: str) -> str:
    return f"<a:solidFill>{_rgb(color)}</a:solidFill>"


def _line(color: str, width: int, *, dash: bool = False) -> str:
    style = '<a:prstDash val="dash"/>' if dash else ""
    return f'<a:ln w="{width}">{_fill(color)}{style}</a:ln>'


def _number(value: float) -> str:
    """A number as chart XML writes it: 3240, 12.5, never 1e+16."""
    text = format(value, ".15g")
    if "e" in text:
        text = format(value, "f").rstrip("0").rstrip(".")
    return text


def _number_format(decimals: int) -> str:
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def _series_name(reference: str, name: str) -> str:
    return (f"<c:tx><c:strRef><c:f>{reference}</c:f><c:strCache><c:ptCount val=\"1\"/>"
            f'<c:pt idx="0"><c:v>{escape(name)}</c:v></c:pt></c:strCache></c:strRef></c:tx>')


def _categories(reference: str, labels: Sequence[str]) -> str:
    points = "".join(f'<c:pt idx="{index}"><c:v>{escape(label)}</c:v></c:pt>'
                     for index, label in enumerate(labels))
    return (f"<c:cat><c:strRef><c:f>{reference}</c:f><c:strCache>"
            f'<c:ptCount val="{len(labels)}"/>{points}</c:strCache></c:strRef></c:cat>')


def _values(reference: str, values: Sequence[float | None]) -> str:
    """A year without a figure has no point: a gap, not a zero (c:dispBlanksAs)."""
    points = "".join(f'<c:pt idx="{index}"><c:v>{_number(value)}</c:v></c:pt>'
                     for index, value in enumerate(values) if value is not None)
    return (f"<c:val><c:numRef><c:f>{reference}</c:f><c:numCache>"
            f'<c:formatCode>General</c:formatCode><c:ptCount val="{len(values)}"/>'
            f"{points}</c:numCache></c:numRef></c:val>")
