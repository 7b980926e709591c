"""How numbers, quantities and dates read in reports and figures (pure functions)."""

from __future__ import annotations

import re
from datetime import date, datetime

from companion.domain.calendar import fiscal_year_label, format_date, short_wareki_date
from companion.domain.kpi import rounded_percent

# Units written as a suffix without a space (12,000円, 8人, 35.2%).
YEN_UNITS = frozenset({"円", "千円", "万円", "百万円"})


def format_number(value: float, *, decimals: int | None = None) -> str:
    """12,345 / 12,345.6: thousands separators, decimals only when they carry meaning."""
    if decimals is None:
        decimals = 0 if float(value).is_integer() else (1 if abs(value) >= 100 else 2)
    text = f"{value:,.{decimals}f}"
    if decimals and "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def format_quantity(value: float | None, unit: str, *, empty: str = "―") -> str:
    """A value with its unit: 12,000,000円, 8人, 35.2%. ``empty`` when unknown."""
    if value is None:
        return empty
    if unit in YEN_UNITS:
        return f"{format_number(value, decimals=0 if float(value).is_integer() else 1)}{unit}"
    return f"{format_number(value)}{unit}"


def format_yen(amount: int | float | None, *, empty: str = "―") -> str:
    return format_quantity(amount, "円", empty=empty)


def format_percent(ratio: float | None, *, empty: str = "―") -> str:
    """0.953 -> 95.3%, rounded half up (四捨五入) as a reader would: 1.0125 -> 101.3%."""
    percent = rounded_percent(ratio)
    if percent is None:
        return empty
    return f"{percent:,}%"


def format_hours(hours: float) -> str:
    return f"{hours:,.1f}時間"


def format_km(distance_km: float) -> str:
    return f"{format_number(round(distance_km, 1))}km"


def format_day(day: date | None, *, wareki: bool, empty: str = "―") -> str:
    """令和7年4月1日 or 2025年4月1日."""
    if day is None:
        return empty
    return format_date(day, wareki=wareki)


def format_short_day(day: date | None, *, wareki: bool, empty: str = "―") -> str:
    """A compact date for narrow table columns: R7.4.1 or 2025.4.1."""
    if day is None:
        return empty
    return short_wareki_date(day) if wareki else f"{day.year}.{day.month}.{day.day}"


def format_time_range(started_at: datetime, ended_at: datetime | None) -> str:
    """10:00〜12:00 (the times as given, already in Japan time)."""
    start = f"{started_at.hour}:{started_at.minute:02d}"
    if ended_at is None:
        return start
    return f"{start}〜{ended_at.hour}:{ended_at.minute:02d}"


def fiscal_label(fiscal_year: int, *, wareki: bool, reiwa_gannen: bool = False) -> str:
    """令和7年度 / 2025年度. 2019年度 began in 平成 (平成31年度, as ministries write
    it); ``reiwa_gannen`` calls it 令和元年度, as many sponsors' forms do."""
    if wareki and reiwa_gannen and fiscal_year == 2019:
        return "令和元年度"
    return fiscal_year_label(fiscal_year, wareki=wareki)


# Characters XML 1.0 cannot hold: a control character pasted into a note would make Word
# refuse the whole file.
_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` without the characters a Word file cannot hold."""
    return _XML_UNSAFE.sub("", text)
