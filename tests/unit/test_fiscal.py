"""Fiscal years start in April; era labels follow the first day of the fiscal year."""

from datetime import date

import pytest

from companion.domain.fiscal import (
    era_of,
    fiscal_year_bounds,
    fiscal_year_label,
    fiscal_year_of,
    fiscal_years_between,
    format_date,
    wareki_date,
)


@pytest.mark.parametrize(
    ("day", "fiscal_year"),
    [(date(2025, 3, 31), 2024), (date(2025, 4, 1), 2025), (date(2026, 1, 15), 2025),
     (date(2025, 12, 31), 2025)],
)
def test_march_31_closes_the_fiscal_year_and_april_1_opens_the_next(day: date, fiscal_year: int) -> None:
    assert fiscal_year_of(day) == fiscal_year


def test_bounds_and_a_period_crossing_march_31() -> None:
    assert fiscal_year_bounds(2025) == (date(2025, 4, 1), date(2026, 3, 31))
    assert fiscal_years_between(date(2025, 3, 15), date(2025, 4, 2)) == [2024, 2025]
    assert fiscal_years_between(date(2025, 4, 1), date(2028, 3, 31)) == [2025, 2026, 2027]
    assert fiscal_years_between(date(2026, 1, 1), date(2025, 1, 1)) == []


@pytest.mark.parametrize(
    ("day", "label"),
    [(date(2019, 4, 30), "平成31年4月30日"), (date(2019, 5, 1), "令和元年5月1日"),
     (date(2020, 1, 1), "令和2年1月1日"), (date(1989, 1, 7), "昭和64年1月7日"),
     (date(1989, 1, 8), "平成元年1月8日"), (date(2025, 4, 1), "令和7年4月1日")],
)
def test_wareki_dates_at_era_boundaries(day: date, label: str) -> None:
    assert wareki_date(day) == label


@pytest.mark.parametrize(
    ("fiscal_year", "label"),
    [(2018, "平成30年度"), (2019, "平成31年度"), (2020, "令和2年度"), (2025, "令和7年度")],
)
def test_fiscal_year_labels(fiscal_year: int, label: str) -> None:
    assert fiscal_year_label(fiscal_year) == label
    assert fiscal_year_label(fiscal_year, wareki=False) == f"{fiscal_year}年度"


def test_western_format_and_dates_before_showa() -> None:
    assert format_date(date(2025, 4, 1), wareki=False) == "2025年4月1日"
    with pytest.raises(ValueError):
        era_of(date(1900, 1, 1))
