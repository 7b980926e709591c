"""How dates, times and amounts look on screen.

Tables use 2025/04/01 (compact, sorts as read); headings and the detail page add the
和暦 form (令和7年4月1日) that official documents use. Timestamps are shown on this
computer's clock.
"""

from __future__ import annotations

from datetime import date, datetime

from companion.domain.fiscal import fiscal_year_label, wareki_date


def ymd(day: date | datetime | None) -> str:
    """2025/04/01, or an empty string for no date."""
    if day is None:
        return ""
    if isinstance(day, datetime):
        day = day.astimezone().date()
    return f"{day.year:04d}/{day.month:02d}/{day.day:02d}"


def ymd_hm(moment: datetime | None) -> str:
    """2025/06/12 10:00 on the local clock."""
    if moment is None:
        return ""
    local = moment.astimezone()
    return f"{ymd(local.date())} {local.hour:02d}:{local.minute:02d}"


def wareki(day: date | None) -> str:
    """令和7年4月1日 (falls back to 2025/04/01 before 昭和)."""
    if day is None:
        return ""
    try:
        return wareki_date(day)
    except ValueError:
        return ymd(day)


def with_wareki(day: date | None) -> str:
    """2025/04/01(令和7年4月1日)."""
    if day is None:
        return ""
    return f"{ymd(day)}({wareki(day)})"


def fiscal_year(year: int) -> str:
    """令和7年度(2025年度)."""
    return f"{fiscal_year_label(year)}({fiscal_year_label(year, wareki=False)})"


def yen(amount: int | None) -> str:
    return "" if amount is None else f"{amount:,}円"


def percent(value: float | None) -> str:
    return "" if value is None else f"{value:g}%"


def iso_day(text: str) -> date | None:
    """A date from the first ten characters of an ISO string (search hits carry text)."""
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None
