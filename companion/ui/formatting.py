"""How dates, times and amounts look on screen.

Tables use 2025/04/01 (compact, sorts as read); headings and the detail page add the
和暦 form (令和7年4月1日) that official documents use. Timestamps are shown on this
computer's clock.

In English (the UI's translation), the 和暦 forms become Western dates with the era in
brackets where it matters (FY2025 (Reiwa 7)); the patterns are translated in the
context "formatting" like any other UI text.
"""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from companion.domain.calendar import era_of, fiscal_year_bounds, fiscal_year_label, wareki_date

# The names of companion.domain.calendar.ERAS, marked for lupdate: the English patterns
# and the date field's messages translate them (令和 -> Reiwa).
ERA_NAMES = (QT_TRANSLATE_NOOP("formatting", "令和"), QT_TRANSLATE_NOOP("formatting", "平成"),
             QT_TRANSLATE_NOOP("formatting", "昭和"))
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")


def _era(day: date) -> tuple[str, int]:
    """(Reiwa, 7) in English, (令和, 7) in Japanese."""
    name, year = era_of(day)
    return QCoreApplication.translate("formatting", name), year


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
        japanese = wareki_date(day)
        era, era_year = _era(day)
    except ValueError:
        return ymd(day)
    pattern = QCoreApplication.translate("formatting", "{wareki}",
                                         "a date in the Japanese era: 令和7年4月1日")
    return pattern.format(
        wareki=japanese, era=era, era_year=era_year, year=day.year, month=day.month,
        day=day.day, month_name=MONTH_NAMES[day.month - 1])


def with_wareki(day: date | None) -> str:
    """2025/04/01(令和7年4月1日)."""
    if day is None:
        return ""
    pattern = QCoreApplication.translate("formatting", "{date}({wareki})",
                                         "2025/04/01(令和7年4月1日)")
    return pattern.format(
        date=ymd(day), wareki=wareki(day))


def fiscal_year(year: int) -> str:
    """令和7年度(2025年度)."""
    japanese = f"{fiscal_year_label(year)}({fiscal_year_label(year, wareki=False)})"
    era, era_year = _era(fiscal_year_bounds(year)[0])  # the era of the year's first day
    pattern = QCoreApplication.translate("formatting", "{wareki}",
                                         "a fiscal year: 令和7年度(2025年度)")
    return pattern.format(
        wareki=japanese, year=year, era=era, era_year=era_year)


def yen(amount: int | None) -> str:
    if amount is None:
        return ""
    return QCoreApplication.translate("formatting", "{amount}円").format(amount=f"{amount:,}")


def percent(value: float | None) -> str:
    return "" if value is None else f"{value:g}%"


def iso_day(text: str) -> date | None:
    """A date from the first ten characters of an ISO string (search hits carry text)."""
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None
