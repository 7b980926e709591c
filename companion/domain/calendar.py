"""The Japanese calendar as Companion counts it: fiscal years, 和暦, Japan time, days.

- A fiscal year (年度) runs from April to March and is named by the calendar year it
  starts in: 2025年度 runs from 2025-04-01 to 2026-03-31 and is 令和7年度.
- 和暦: the eras from 昭和 on, with their exact first and last days (``ERAS``, the one
  era table of the code base). Dates are written 令和7年4月1日 (元年 for year 1) or,
  in narrow columns, R7.4.1; they are read back in every form a practitioner types
  (``parse_date``), and a date an era never had (令和元年4月30日, 昭和64年1月8日) is
  refused, not moved into the next era.
- Japan time (``JST``, a fixed +09:00: Japan has no daylight saving), the midnight a
  day starts at on a clock (``day_start``, ``day_span``), the day a moment falls on
  (``local_day``) and the hours a visit lasted (``visit_hours``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from typing import Any, Literal

from companion.errors import ValidationError

# Reports, ledgers and sponsors count days in Japan time, whatever the computer's clock.
JST = timezone(timedelta(hours=9), "JST")


@dataclass(frozen=True)
class Era:
    name: str  # 令和
    initial: str  # R, as in R7.4.1
    first_day: date
    last_day: date | None  # None: the era in force

    def year_of(self, day: date) -> int:
        """The era year of a day in this era (元年 is 1)."""
        return day.year - self.first_day.year + 1

    def contains(self, day: date) -> bool:
        return self.first_day <= day and (self.last_day is None or day <= self.last_day)


# Newest first; each era ends the day before the next begins.
ERAS: tuple[Era, ...] = (
    Era("令和", "R", date(2019, 5, 1), None),
    Era("平成", "H", date(1989, 1, 8), date(2019, 4, 30)),
    Era("昭和", "S", date(1926, 12, 25), date(1989, 1, 7)),
)


# --- fiscal years -------------------------------------------------------------------

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


def fiscal_year_label(fiscal_year: int, *, wareki: bool = True) -> str:
    """令和7年度 / 2025年度.

    A fiscal year is labelled by the era in force on its first day, so 2019年度
    (which began on 2019-04-01, still 平成) is 平成31年度, as ministries wrote it.
    """
    if not wareki:
        return f"{fiscal_year}年度"
    name, year = era_of(date(fiscal_year, 4, 1))
    return f"{name}{_era_year_text(year)}年度"


# --- 和暦: writing ------------------------------------------------------------------

def era_for(day: date) -> Era:
    """The era a day belongs to; ValueError before 昭和."""
    for era in ERAS:
        if day >= era.first_day:
            return era
    raise ValueError(f"{day} は昭和より前の日付です")


def era_of(day: date) -> tuple[str, int]:
    """The era name and era year of a day (元年 is year 1); ValueError before 昭和."""
    era = era_for(day)
    return era.name, era.year_of(day)


def _era_year_text(year: int) -> str:
    return "元" if year == 1 else str(year)


def wareki_date(day: date) -> str:
    """令和7年4月1日 (令和元年5月1日 for year 1); ValueError before 昭和."""
    era = era_for(day)
    return f"{era.name}{_era_year_text(era.year_of(day))}年{day.month}月{day.day}日"


def short_wareki_date(day: date) -> str:
    """R7.4.1 (R1.5.1 for 元年), for narrow columns; ValueError before 昭和."""
    era = era_for(day)
    return f"{era.initial}{era.year_of(day)}.{day.month}.{day.day}"


def format_date(day: date, *, wareki: bool = True) -> str:
    """令和7年4月1日, or 2025年4月1日 when ``wareki`` is off."""
    return wareki_date(day) if wareki else f"{day.year}年{day.month}月{day.day}日"


# --- 和暦 and Western dates: reading -------------------------------------------------

DateProblem = Literal["format", "no_such_day", "outside_era"]


class DateTextError(ValidationError):
    """Text that names no day. ``problem`` says why, so a window can word it in its
    language: "format" (no date form Companion reads), "no_such_day" (2026/02/29,
    令和7年13月1日) or "outside_era" (a day its era never had: 令和元年4月30日, 令和
    began on 5月1日; ``era`` is that era)."""

    def __init__(self, message: str, *, text: str, problem: DateProblem,
                 era: Era | None = None, field: str = "", **fields: Any) -> None:
        super().__init__(message, field=field, **fields)
        self.text = text
        self.problem = problem
        self.era = era


_SEP_YEAR = r"\s*[/\-.年]\s*"
_SEP_MONTH = r"\s*[/\-.月]\s*"
_WESTERN = re.compile(rf"(\d{{4}}){_SEP_YEAR}(\d{{1,2}}){_SEP_MONTH}(\d{{1,2}})\s*日?")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_ERA_BY_SPELLING = {key: era for era in ERAS for key in (era.name, era.initial.casefold())}
_ERA_DATE = re.compile(rf"({'|'.join(_ERA_BY_SPELLING)})\s*(\d{{1,2}}|元){_SEP_YEAR}(\d{{1,2}})"
                       rf"{_SEP_MONTH}(\d{{1,2}})\s*日?")


def parse_date(text: str, *, field: str = "") -> date | None:
    """A date as a practitioner types it; None when the text is blank.

    Western: 2025/4/1, 2025-04-01, 2025.4.1, 20250401, 2025年4月1日. 和暦: 令和7年4月1日,
    令和元年5月1日, R7.4.1, r7/4/1, H31-4-30, S64.1.7, ㋿7年4月1日. Full-width digits and
    spaces are read like ASCII ones. Anything else raises ``DateTextError`` naming the
    text (for ``field``): a form Companion does not read, a day the calendar does not
    have, or an era date outside its era (令和元年4月30日, S64.1.8).
    """
    folded = unicodedata.normalize("NFKC", text).strip().casefold()
    if not folded:
        return None
    shown = text.strip()
    era: Era | None = None
    if match := _WESTERN.fullmatch(folded) or _COMPACT.fullmatch(folded):
        year = int(match[1])
    elif match := _ERA_DATE.fullmatch(folded):
        era = _ERA_BY_SPELLING[match[1]]
        year = era.first_day.year + (1 if match[2] == "元" else int(match[2])) - 1
    else:
        raise DateTextError(
            "「{shown}」は日付として読めません。2025/04/01 の形で入力してください(令和7年4月1日、R7.4.1 でも入力できます)。",
            text=shown, problem="format", field=field, shown=shown)
    try:
        day = date(year, int(match[2 if era is None else 3]), int(match[3 if era is None else 4]))
    except ValueError:
        raise DateTextError("「{shown}」は存在しない日付です。", text=shown,
                            problem="no_such_day", field=field, shown=shown) from None
    if era is not None and not era.contains(day):
        raise DateTextError("「{shown}」は存在しない日付です({era_span})。", text=shown,
                            problem="outside_era", era=era, field=field, shown=shown, era_span=era_span(era))
    return day


def era_span(era: Era) -> str:
    """令和は令和元年5月1日から / 昭和は昭和元年12月25日から昭和64年1月7日まで."""
    first = wareki_date(era.first_day)
    if era.last_day is None:
        return f"{era.name}は{first}から"
    return f"{era.name}は{first}から{wareki_date(era.last_day)}まで"


# --- days and hours on a clock ------------------------------------------------------

def day_start(day: date, tz: tzinfo | None = JST) -> datetime:
    """Midnight at the start of a day on a clock: Japan time unless told (None: this
    computer's clock)."""
    if tz is None:
        return datetime.combine(day, time()).astimezone()
    return datetime.combine(day, time(), tzinfo=tz)


def day_span(first: date, last: date, tz: tzinfo | None = JST) -> tuple[datetime, datetime]:
    """The moments from ``first`` to ``last`` (both days whole) as a half-open interval:
    select ``start <= moment < end``."""
    return day_start(first, tz), day_start(last + timedelta(days=1), tz)


def local_day(moment: datetime, tz: tzinfo | None = None) -> date:
    """The calendar day of a moment on a clock (None: this computer's)."""
    return moment.astimezone(tz).date()


def visit_hours(started_at: datetime, ended_at: datetime | None) -> float:
    """Hours from start to end; 0 when the end is unknown or not after the start."""
    if ended_at is None or ended_at <= started_at:
        return 0.0
    return (ended_at - started_at).total_seconds() / 3600
