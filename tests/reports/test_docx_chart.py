"""The report's KPI chart as Word chart XML: what it shows, and XML Word accepts."""

from __future__ import annotations

from typing import Any

import pytest
from companion_testing.word_charts import NS, Chart

from companion.reports.docx_chart import kpi_chart, value_axis
from companion.reports.formatting import fiscal_label
from companion.reports.model import KpiPoint, KpiSeries


def _year(fiscal_year: int) -> str:
    return fiscal_label(fiscal_year, wareki=True)


SALES = KpiSeries(name="売上高", unit="円", baseline=30_000_000, points=(
    KpiPoint(2025, 32_000_000, 32_400_000), KpiPoint(2026, 36_000_000, 21_600_000, complete=False)))
PROFIT = KpiSeries(name="経常利益", unit="円", baseline=-1_200_000, points=(
    KpiPoint(2024, 500_000, -2_300_000), KpiPoint(2025, 1_000_000, 800_000),
    KpiPoint(2026, 2_000_000, None)))
REPEAT = KpiSeries(name="リピート率", unit="%", baseline=None, points=(
    KpiPoint(2025, 15.0, 14.2), KpiPoint(2026, 18.0, 16.75)))
NEW_CLIENTS = KpiSeries(name="新規取引先", unit="件", baseline=None, points=(
    KpiPoint(2025, 2, 1), KpiPoint(2026, 2, 2)))
ONE_YEAR = KpiSeries(name="従業員数", unit="人", baseline=8, points=(KpiPoint(2025, 9, 9),))
BIG = KpiSeries(name="売上高", unit="円", baseline=None, points=(
    KpiPoint(2024, 260_000_000, 270_100_000),))


def test_amounts_read_in_man_yen_with_the_part_year_marked() -> None:
    chart = Chart.parse(kpi_chart(SALES, year_label=_year).xml)
    assert chart.title == "売上高（万円）"
    assert chart.series() == {
        "目標": (["令和7年度", "令和8年度\n（年度途中）"], [3200.0, 3600.0]),
        "実績": (["令和7年度", "令和8年度\n（年度途中）"], [3240.0, 2160.0]),
        "基準値": (["令和7年度", "令和8年度\n（年度途中）"], [3000.0, 3000.0])}
    assert chart.hatched("実績") == [1] and chart.hatched("目標") == []
    assert chart.dashed("基準値") and not chart.dashed("実績")
    assert chart.axis_format() == "#,##0" and chart.label_format("実績") == "#,##0"
    low, high, _ = chart.axis_range()
    assert low == 0 and 3600 < high <= 5000  # the highest column fits, with room for its label
    assert Chart.parse(kpi_chart(BIG, year_label=_year).xml).title == "売上高（百万円）"


def test_a_year_without_a_figure_is_a_gap_and_losses_go_below_zero() -> None:
    chart = Chart.parse(kpi_chart(PROFIT, year_label=_year).xml)
    assert chart.title == "経常利益（万円）"
    categories, actuals = chart.series()["実績"]
    assert categories == ["令和6年度", "令和7年度", "令和8年度"]
    assert actuals == [-230.0, 80.0, None]  # no figure for 令和8年度: no column, not a zero
    assert chart.series()["基準値"][1] == [-120.0, -120.0, -120.0]
    low, high, step = chart.axis_range()
    assert low < -230 and high > 200 and low % step == 0 and high % step == 0


def test_rates_keep_their_decimal_and_counts_stay_whole() -> None:
    repeat = Chart.parse(kpi_chart(REPEAT, year_label=_year).xml)
    assert repeat.title == "リピート率（%）"
    assert repeat.label_format("実績") == "#,##0.0"  # 14.2, 16.8
    assert "基準値" not in repeat.series()
    clients = Chart.parse(kpi_chart(NEW_CLIENTS, year_label=_year).xml)
    low, high, step = clients.axis_range()
    assert (low, step) == (0, 1) and high >= 2  # 0, 1, 2 件: never 0.5件
    assert clients.axis_format() == "#,##0"


def test_a_baseline_over_a_single_year_is_still_drawn() -> None:
    chart = Chart.parse(kpi_chart(ONE_YEAR, year_label=_year).xml)
    assert chart.series()["基準値"] == (["令和7年度"], [8.0])
    # a line needs two points: one year alone shows the level as a dash marker
    baseline = next(ser for ser in chart.root.iterfind(".//c:ser", NS)
                    if ser.findtext("c:tx//c:v", namespaces=NS) == "基準値")
    assert baseline.find("c:marker/c:symbol", NS).get("val") == "dash"


def test_a_name_with_markup_or_a_pasted_control_character_still_makes_a_chart() -> None:
    pasted = KpiSeries(name="売上高（EC&店頭）\x0b", unit="円", baseline=None,
                       points=(KpiPoint(2025, 3_000_000, 3_100_000),))
    chart = Chart.parse(kpi_chart(pasted, year_label=_year).xml)  # well-formed XML
    assert chart.title == "売上高（EC&店頭）（万円）"


@pytest.mark.parametrize(("values", "whole", "expected"), [
    ([154_062, 167_927, 146_035, 93_132, 141_341], False, (0, 200_000, 50_000)),
    ([39_000, 36_205, 48_000, 46_336, 35_000], False, (0, 60_000, 10_000)),
    ([7, 4, 3, 5, 1], True, (0, 8, 2)),
    ([2, 1, 2, 2], True, (0, 3, 1)),
    ([0.5, 0.8], False, (0, 1, 0.25)),
    ([50, 100, 200, -230, 80, -120], False, (-300, 300, 100)),
])
def test_the_value_axis_has_round_steps_and_room_for_the_labels(
        values: list[float], whole: bool, expected: tuple[float, float, float]) -> None:
    axis = value_axis(values, whole=whole)
    assert (axis.minimum, axis.maximum, axis.step) == expected
    assert 3 <= (axis.maximum - axis.minimum) / axis.step <= 8
    assert axis.number_format == ("#,##0.00" if expected[2] == 0.25 else "#,##0")


# The child order of each element the chart writes, from ECMA-376 Part 1 (dml-chart.xsd,
# dml-main.xsd). Word refuses a chart whose children are out of this order. Names in
# one tuple are a choice and may come in any order among themselves.
_CHARTS = ("areaChart", "area3DChart", "lineChart", "line3DChart", "stockChart", "radarChart",
           "scatterChart", "pieChart", "pie3DChart", "doughnutChart", "barChart", "bar3DChart",
           "ofPieChart", "surfaceChart", "surface3DChart", "bubbleChart")
_AXES = ("valAx", "catAx", "dateAx", "serAx")
_FILLS = ("a:noFill", "a:solidFill", "a:gradFill", "a:blipFill", "a:pattFill", "a:grpFill")
_RUN = ("a:ln", _FILLS, ("a:effectLst", "a:effectDag"), "a:highlight", "a:uLnTx", "a:uLn",
        "a:uFillTx", "a:uFill", "a:latin", "a:ea", "a:cs", "a:sym", "a:hlinkClick",
        "a:hlinkMouseOver", "a:rtl", "a:extLst")
_TEXT = ("a:bodyPr", "a:lstStyle", "a:p")
SCHEMA_ORDER: dict[str, tuple[Any, ...]] = {
    "c:chartSpace": ("c:date1904", "c:lang", "c:roundedCorners", "c:style", "c:clrMapOvr",
                     "c:pivotSource", "c:protection", "c:chart", "c:spPr", "c:txPr",
                     "c:externalData", "c:printSettings", "c:userShapes", "c:extLst"),
    "c:chart": ("c:title", "c:autoTitleDeleted", "c:pivotFmts", "c:view3D", "c:floor",
                "c:sideWall", "c:backWall", "c:plotArea", "c:legend", "c:plotVisOnly",
                "c:dispBlanksAs", "c:showDLblsOverMax", "c:extLst"),
    "c:title": ("c:tx", "c:layout", "c:overlay", "c:spPr", "c:txPr", "c:extLst"),
    "c:tx": (("c:strRef", "c:rich", "c:v"),),
    "c:rich": _TEXT, "c:txPr": _TEXT,
    "c:plotArea": ("c:layout", tuple(f"c:{name}" for name in _CHARTS),
                   tuple(f"c:{name}" for name in _AXES), "c:dTable", "c:spPr", "c:extLst"),
    "c:barChart": ("c:barDir", "c:grouping", "c:varyColors", "c:ser", "c:dLbls", "c:gapWidth",
                   "c:overlap", "c:serLines", "c:axId", "c:extLst"),
    "c:lineChart": ("c:grouping", "c:varyColors", "c:ser", "c:dLbls", "c:dropLines",
                    "c:hiLowLines", "c:upDownBars", "c:marker", "c:smooth", "c:axId",
                    "c:extLst"),
    "c:barChart/c:ser": ("c:idx", "c:order", "c:tx", "c:spPr", "c:invertIfNegative",
                         "c:pictureOptions", "c:dPt", "c:dLbls", "c:trendline", "c:errBars",
                         "c:cat", "c:val", "c:shape", "c:extLst"),
    "c:lineChart/c:ser": ("c:idx", "c:order", "c:tx", "c:spPr", "c:marker", "c:dPt", "c:dLbls",
                          "c:trendline", "c:errBars", "c:cat", "c:val", "c:smooth", "c:extLst"),
    "c:dPt": ("c:idx", "c:invertIfNegative", "c:marker", "c:bubble3D", "c:explosion", "c:spPr",
              "c:pictureOptions", "c:extLst"),
    "c:dLbls": ("c:dLbl", "c:delete", "c:numFmt", "c:spPr", "c:txPr", "c:dLblPos",
                "c:showLegendKey", "c:showVal", "c:showCatName", "c:showSerName",
                "c:showPercent", "c:showBubbleSize", "c:separator", "c:showLeaderLines",
                "c:leaderLines", "c:extLst"),
    "c:ser/c:marker": ("c:symbol", "c:size", "c:spPr", "c:extLst"),
    "c:cat": (("c:multiLvlStrRef", "c:numRef", "c:numLit", "c:strRef", "c:strLit"),),
    "c:val": (("c:numRef", "c:numLit"),),
    "c:strRef": ("c:f", "c:strCache", "c:extLst"),
    "c:numRef": ("c:f", "c:numCache", "c:extLst"),
    "c:strCache": ("c:ptCount", "c:pt", "c:extLst"),
    "c:numCache": ("c:formatCode", "c:ptCount", "c:pt", "c:extLst"),
    "c:pt": ("c:v",),
    "c:catAx": ("c:axId", "c:scaling", "c:delete", "c:axPos", "c:majorGridlines",
                "c:minorGridlines", "c:title", "c:numFmt", "c:majorTickMark", "c:minorTickMark",
                "c:tickLblPos", "c:spPr", "c:txPr", "c:crossAx", ("c:crosses", "c:crossesAt"),
                "c:auto", "c:lblAlgn", "c:lblOffset", "c:tickLblSkip", "c:tickMarkSkip",
                "c:noMultiLvlLbl", "c:extLst"),
    "c:valAx": ("c:axId", "c:scaling", "c:delete", "c:axPos", "c:majorGridlines",
                "c:minorGridlines", "c:title", "c:numFmt", "c:majorTickMark", "c:minorTickMark",
                "c:tickLblPos", "c:spPr", "c:txPr", "c:crossAx", ("c:crosses", "c:crossesAt"),
                "c:crossBetween", "c:majorUnit", "c:minorUnit", "c:dispUnits", "c:extLst"),
    "c:scaling": ("c:logBase", "c:orientation", "c:max", "c:min", "c:extLst"),
    "c:majorGridlines": ("c:spPr",),
    "c:legend": ("c:legendPos", "c:legendEntry", "c:layout", "c:overlay", "c:spPr", "c:txPr",
                 "c:extLst"),
    "c:spPr": ("a:xfrm", ("a:custGeom", "a:prstGeom"), _FILLS, "a:ln",
               ("a:effectLst", "a:effectDag"), "a:scene3d", "a:sp3d", "a:extLst"),
    "a:ln": (_FILLS, ("a:prstDash", "a:custDash"), ("a:round", "a:bevel", "a:miter"),
             "a:headEnd", "a:tailEnd", "a:extLst"),
    "a:solidFill": (("a:scrgbClr", "a:srgbClr", "a:hslClr", "a:sysClr", "a:schemeClr",
                     "a:prstClr"),),
    "a:pattFill": ("a:fgClr", "a:bgClr"),
    "a:p": ("a:pPr", ("a:r", "a:br", "a:fld"), "a:endParaRPr"),
    "a:pPr": ("a:lnSpc", "a:spcBef", "a:spcAft", "a:buClrTx", "a:buClr", "a:buSzTx",
              "a:buSzPct", "a:buSzPts", "a:buFontTx", "a:buFont", "a:buNone", "a:buAutoNum",
              "a:buChar", "a:buBlip", "a:tabLst", "a:defRPr", "a:extLst"),
    "a:defRPr": _RUN, "a:rPr": _RUN,
    "a:r": ("a:rPr", "a:t"),
}


def _name(element: Any) -> str:
    namespace, local = element.tag[1:].split("}")
    prefix = next(key for key, value in NS.items() if value == namespace)
    return f"{prefix}:{local}"


def _out_of_order(root: Any) -> list[str]:
    """Every child that its parent's schema type does not know, or that stands after a
    sibling the schema puts after it."""
    problems = []
    for element in root.iter():
        name = _name(element)
        parent = element.getparent()
        key = f"{_name(parent)}/{name}" if parent is not None else name
        order = SCHEMA_ORDER.get(key, SCHEMA_ORDER.get(name))
        if order is None or not len(element):
            continue
        rank = {child: index for index, entry in enumerate(order)
                for child in (entry if isinstance(entry, tuple) else (entry,))}
        last = -1
        for child in element:
            child_name = _name(child)
            if child_name not in rank:
                problems.append(f"{child_name} in {key}")
            elif rank[child_name] < last:
                problems.append(f"{child_name} out of order in {key}")
            else:
                last = rank[child_name]
    return problems


@pytest.mark.parametrize("series", [SALES, PROFIT, REPEAT, NEW_CLIENTS, ONE_YEAR, BIG],
                         ids=lambda s: s.name)
def test_the_chart_xml_keeps_the_schema_order(series: KpiSeries) -> None:
    chart = Chart.parse(kpi_chart(series, year_label=_year).xml)
    assert _out_of_order(chart.root) == []


def test_the_order_check_finds_a_misplaced_element() -> None:
    chart = Chart.parse(kpi_chart(SALES, year_label=_year).xml)
    value_axis_element = chart.root.find(".//c:valAx", NS)
    value_axis_element.append(value_axis_element.find("c:axId", NS))  # axId last
    assert _out_of_order(chart.root) == ["c:axId out of order in c:plotArea/c:valAx"]
