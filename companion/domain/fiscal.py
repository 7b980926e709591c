"""Japanese fiscal years (年度: April to March) and era labels (和暦).

A fiscal year is named by the calendar year it starts in: 2025年度 runs from
2025-04-01 to 2026-03-31 and is 令和7年度.
"""

from __future__ import annotations

from datetime import date

# Era start dates; a date on or after the start belongs to that era.
_ERAS: tuple[tuple[date, str], ...] = (
    (date(2019, 5, 1), "令和"),
    (date(1989, 1, 8), "平成"),
    (date(1926, 12, 25), "昭和"),
)


def fiscal_year_of(day: date) -> int:
    """The fiscal year a day belongs to (April starts the year)."""
    return day.year if day.month >= 4 else day.year - 1


def fiscal_year_bounds(fiscal_year: int) -> tuple[date, date]:
    """First and last day of a fiscal year."""
    return date(fiscal_year, 4, 1), date(fiscal_year + 1, 3, 31)


def fiscal_years_between(start: date, end: date) -> list[int]:
    """Every fiscal year a period touches, in order."""
    if end < start:
        return []
    return list(range(fiscal_year_of(start), fiscal_year_of(end) + 1))


def era_of(day: date) -> tuple[str, int]:
    """The era name and era year of a day (元年 is year 1)."""
    for start, name in _ERAS:
        if day >= start:
            return name, day.year - start.year + 1
    raise ValueError(f"{day} は昭和より前の日付です")


def _era_year_label(name: str, year: int) -> str:
    return f"{name}{'元' if year == 1 else year}年"


def wareki_date(day: date) -> str:
    """令和7年4月1日."""
    name, year = era_of(day)
    return f"{_era_year_label(name, year)}{day.month}月{day.day}日"


def fiscal_year_label(fiscal_year: int, *, wareki: bool = True) -> str:
    """令和7年度 / 2025年度.

    A fiscal year is labelled by the era in force on its first day, so 2019年度
    (which began on 2019-04-01, still 平成) is 平成31年度, as ministries wrote it.
    """
    if not wareki:
        return f"{fiscal_year}年度"
    name, year = era_of(date(fiscal_year, 4, 1))
    return f"{_era_year_label(name, year)[:-1]}年度"


def format_date(day: date, *, wareki: bool = True) -> str:
    return wareki_date(day) if wareki else f"{day.year}年{day.month}月{day.day}日"
