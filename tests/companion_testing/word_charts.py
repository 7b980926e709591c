"""A Word chart part (DrawingML chart XML) read back as a person reads the chart: its
title, each series' categories and values, which columns are hatched."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lxml import etree

CHART_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
NS = {"c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
      "a": "http://schemas.openxmlformats.org/drawingml/2006/main"}


@dataclass(frozen=True)
class Chart:
    root: Any  # the c:chartSpace element

    @classmethod
    def parse(cls, xml: bytes) -> Chart:
        return cls(etree.fromstring(xml))

    def _all(self, path: str, element: Any | None = None) -> list[Any]:
        return list((self.root if element is None else element).xpath(path, namespaces=NS))

    @property
    def title(self) -> str:
        return "".join(self._all("c:chart/c:title//a:t/text()"))

    def _series(self, name: str) -> Any:
        return next(ser for ser in self._all(".//c:ser")
                    if self._all("c:tx//c:v/text()", ser) == [name])

    @staticmethod
    def _points(cache: Any) -> list[str | None]:
        count = int(cache.xpath("c:ptCount/@val", namespaces=NS)[0])
        values: list[str | None] = [None] * count
        for point in cache.xpath("c:pt", namespaces=NS):
            values[int(point.get("idx"))] = point.xpath("c:v/text()", namespaces=NS)[0]
        return values

    def series(self) -> dict[str, tuple[list[str], list[float | None]]]:
        """Each series by name: its category labels and its values (None: no figure)."""
        found = {}
        for ser in self._all(".//c:ser"):
            name = self._all("c:tx//c:v/text()", ser)[0]
            categories = [label or "" for label in self._points(self._all("c:cat//c:strCache", ser)[0])]
            values = [None if v is None else float(v)
                      for v in self._points(self._all("c:val//c:numCache", ser)[0])]
            found[name] = (categories, values)
        return found

    def hatched(self, name: str) -> list[int]:
        """The points of a series drawn with a pattern on white (a part-year figure)."""
        return [int(point.xpath("c:idx/@val", namespaces=NS)[0])
                for point in self._all("c:dPt", self._series(name))
                if point.xpath("c:spPr/a:pattFill/a:bgClr/a:srgbClr/@val", namespaces=NS)
                == ["FFFFFF"]]

    def label_format(self, name: str) -> str | None:
        """The number format of a series' data labels; None when it has none."""
        shown = self._all("c:dLbls[c:showVal/@val='1']/c:numFmt/@formatCode",
                          self._series(name))
        return str(shown[0]) if shown else None

    def dashed(self, name: str) -> bool:
        return self._all("c:spPr/a:ln/a:prstDash/@val", self._series(name)) == ["dash"]

    def axis_format(self) -> str:
        return str(self._all(".//c:valAx/c:numFmt/@formatCode")[0])

    def axis_range(self) -> tuple[float, float, float]:
        """The value axis: minimum, maximum, step."""
        return (float(self._all(".//c:valAx/c:scaling/c:min/@val")[0]),
                float(self._all(".//c:valAx/c:scaling/c:max/@val")[0]),
                float(self._all(".//c:valAx/c:majorUnit/@val")[0]))

    def legend_position(self) -> str | None:
        found = self._all("c:chart/c:legend/c:legendPos/@val")
        return str(found[0]) if found else None

    def fonts(self) -> set[str]:
        """Every face the chart's text names, Latin and East Asian."""
        return {str(face) for face in self._all(".//a:latin/@typeface | .//a:ea/@typeface")}
