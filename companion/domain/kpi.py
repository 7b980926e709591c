"""A KPI's figures: a fiscal year's actual from its recorded periods, and the
achievement against a target. One definition for the screens, ホーム and the report."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol

from companion.domain.calendar import fiscal_year_bounds, fiscal_year_of
from companion.domain.enums import Granularity, KpiAggregation, KpiDirection


class Recorded(Protocol):
    """One recorded actual: a month, a quarter or a whole fiscal year."""

    @property
    def period_start(self) -> date: ...

    @property
    def granularity(self) -> Granularity: ...

    @property
    def value(self) -> float: ...


@dataclass(frozen=True)
class YearActual:
    value: float | None
    source: Granularity | None  # what the figure comes from (None: nothing recorded)
    periods: int  # how many recorded periods it uses
    months: int  # how many months of the year they cover (12: the whole year)
    last: date | None  # start of the latest period used

    @property
    def complete(self) -> bool:
        return self.months >= 12


def period_name(period_start: date, granularity: Granularity) -> str:
    """4月 / 第1四半期 (a fiscal year's quarters start in April)."""
    if granularity == Granularity.QUARTER:
        return f"第{(period_start.month - 4) % 12 // 3 + 1}四半期"
    return f"{period_start.month}月"


def year_actual(actuals: Iterable[Recorded], fiscal_year: int,
                aggregation: KpiAggregation) -> YearActual:
    """A 年度 figure when recorded; otherwise the months or the quarters (whichever cover
    more of the year) summed, averaged or the latest taken, as the KPI aggregates."""
    in_year = [a for a in actuals if fiscal_year_of(a.period_start) == fiscal_year]
    yearly = [a for a in in_year if a.granularity == Granularity.YEAR]
    if yearly:
        return YearActual(yearly[-1].value, Granularity.YEAR, 1, 12, yearly[-1].period_start)
    months = sorted((a for a in in_year if a.granularity == Granularity.MONTH),
                    key=lambda a: a.period_start)
    quarters = sorted((a for a in in_year if a.granularity == Granularity.QUARTER),
                      key=lambda a: a.period_start)
    if not months and not quarters:
        return YearActual(None, None, 0, 0, None)
    if len(quarters) * 3 >= len(months):
        chosen, source, covered = quarters, Granularity.QUARTER, len(quarters) * 3
    else:
        chosen, source, covered = months, Granularity.MONTH, len(months)
    if aggregation == KpiAggregation.LATEST:
        value = chosen[-1].value
    elif aggregation == KpiAggregation.AVERAGE:
        value = sum(a.value for a in chosen) / len(chosen)
    else:
        value = sum(a.value for a in chosen)
    return YearActual(value, source, len(chosen), covered, chosen[-1].period_start)


def achievement(target: float | None, actual: float | None,
                direction: KpiDirection) -> float | None:
    """Actual against target, the right way up (1.0 = 100 %)."""
    if target is None or actual is None:
        return None
    if direction == KpiDirection.LOWER_IS_BETTER:
        if actual <= 0:
            return 1.0 if target >= 0 else None
        return target / actual
    if target <= 0:
        return None
    return actual / target


# --- whether a year's figure is final, and its grade ------------------------------------

GRADE_RULE = "A 達成率100%以上、B 80〜99.9%、C 30〜79.9%、D 30%未満"


@dataclass(frozen=True)
class YearStanding:
    """Whether a fiscal year's figure may be read as the year's result.

    ``final``: the year is recorded as a whole (a 年度 figure or all twelve months), or,
    for a KPI that takes its latest value, the year is over. A year still running is
    ``in_progress`` ("年度途中(8か月)"); a past year with months missing is ``partial``
    ("8か月分のみ"). Only a final figure is graded or stated as an achievement: a sum of
    eight months against a full-year target, or a 低いほど良い figure that is low
    because months are missing, says nothing about the year."""

    final: bool
    in_progress: bool
    months: int

    @property
    def note(self) -> str:
        if self.final:
            return ""
        if self.in_progress:
            return f"年度途中({self.months}か月)" if self.months else "年度途中"
        return f"{self.months}か月分のみ"


def year_standing(figure: YearActual, fiscal_year: int, aggregation: KpiAggregation, *,
                  today: date) -> YearStanding:
    year_over = today >= fiscal_year_bounds(fiscal_year)[1]
    if figure.source == Granularity.YEAR or figure.complete:
        return YearStanding(final=True, in_progress=False, months=12)
    if aggregation == KpiAggregation.LATEST and year_over and figure.source is not None:
        return YearStanding(final=True, in_progress=False, months=figure.months)
    return YearStanding(final=False, in_progress=not year_over, months=figure.months)


def rounded_percent(ratio: float | None) -> Decimal | None:
    """The percentage a reader sees: 0.79996 -> 80.0 (rounded half up to 0.1)."""
    if ratio is None:
        return None
    return Decimal(repr(round(ratio * 100, 9))).quantize(Decimal("0.1"), ROUND_HALF_UP)


def grade(ratio: float | None) -> str:
    """A (>=100%) / B (80-99.9%) / C (30-79.9%) / D (<30%), graded from the percentage
    as it is printed, so 80.0% is never a C; "" when unknown."""
    percent = rounded_percent(ratio)
    if percent is None:
        return ""
    if percent >= 100:
        return "A"
    if percent >= 80:
        return "B"
    if percent >= 30:
        return "C"
    return "D"
