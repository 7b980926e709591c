"""A KPI's figures: a fiscal year's actual from its recorded periods, and the
achievement against a target. One definition for the screens, ホーム and the report."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from companion.domain.calendar import fiscal_year_of
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
