"""The calendar: fiscal years from April, 和暦 written and read (era boundaries exact,
impossible era dates refused), Japan time, day bounds and visit hours."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from companion.domain.calendar import (
    ERAS,
    JST,
    DateTextError,
    day_span,
    day_start,
    era_of,
    era_span,
    fiscal_year_bounds,
    fiscal_year_label,
    fiscal_year_of,
    fiscal_years_between,
    format_date,
    local_day,
    parse_date,
    short_wareki_date,
    visit_hours,
    wareki_date,
)
from companion.errors import ValidationError

# --- fiscal years -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "fiscal_year"),
    [(date(2025, 3, 31), 2024), (date(2025, 4, 1), 2025), (date(2026, 1, 15), 2025),
     (date(2025, 12, 31), 2025)],
)
def test_march_31_closes_the_fiscal_year_and_april_1_opens_the_next(day: date, fiscal_year: int) -> None:
    assert fiscal_year_of(day) == fiscal_year


def test_bounds_and_a_period_crossing_march_31() -> None:
    assert fiscal_year_bounds(2025) == (date(2025, 4, 1), date(2026, 3, 31))
    assert fiscal_year_bounds(2023) == (date(2023, 4, 1), date(2024, 3, 31))  # 2024 is leap
    assert fiscal_years_between(date(2025, 3, 15), date(2025, 4, 2)) == [2024, 2025]
    assert fiscal_years_between(date(2025, 4, 1), date(2028, 3, 31)) == [2025, 2026, 2027]
    assert fiscal_years_between(date(2025, 4, 1), date(2025, 4, 1)) == [2025]
    assert fiscal_years_between(date(2026, 1, 1), date(2025, 1, 1)) == []


@given(st.dates(min_value=date(1927, 1, 1), max_value=date(2100, 12, 31)))
def test_every_day_lies_within_the_bounds_of_its_fiscal_year(day: date) -> None:
    first, last = fiscal_year_bounds(fiscal_year_of(day))
    assert first <= day <= last


@pytest.mark.parametrize(
    ("fiscal_year", "label"),
    [(1988, "昭和63年度"), (1989, "平成元年度"), (2018, "平成30年度"), (2019, "平成31年度"),
     (2020, "令和2年度"), (2025, "令和7年度")],
)
def test_a_fiscal_year_is_named_by_the_era_of_its_first_day(fiscal_year: int, label: str) -> None:
    assert fiscal_year_label(fiscal_year) == label
    assert fiscal_year_label(fiscal_year, wareki=False) == f"{fiscal_year}年度"


# --- 和暦: writing ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "label", "short"),
    [(date(1926, 12, 25), "昭和元年12月25日", "S1.12.25"),
     (date(1989, 1, 7), "昭和64年1月7日", "S64.1.7"),
     (date(1989, 1, 8), "平成元年1月8日", "H1.1.8"),
     (date(2019, 4, 30), "平成31年4月30日", "H31.4.30"),
     (date(2019, 5, 1), "令和元年5月1日", "R1.5.1"),
     (date(2020, 1, 1), "令和2年1月1日", "R2.1.1"),
     (date(2025, 4, 1), "令和7年4月1日", "R7.4.1"),
     (date(2025, 12, 31), "令和7年12月31日", "R7.12.31")],
)
def test_era_dates_at_the_boundaries(day: date, label: str, short: str) -> None:
    assert wareki_date(day) == label
    assert format_date(day) == label
    assert short_wareki_date(day) == short


def test_western_format_and_dates_before_showa() -> None:
    assert format_date(date(2025, 4, 1), wareki=False) == "2025年4月1日"
    for write in (era_of, wareki_date, short_wareki_date):
        with pytest.raises(ValueError, match="昭和より前"):
            write(date(1926, 12, 24))


def test_the_era_table_is_contiguous_newest_first() -> None:
    for newer, older in pairwise(ERAS):
        assert older.last_day == newer.first_day - timedelta(days=1)
    assert ERAS[0].last_day is None
    assert [era.name for era in ERAS] == ["令和", "平成", "昭和"]
    assert era_span(ERAS[0]) == "令和は令和元年5月1日から"
    assert era_span(ERAS[2]) == "昭和は昭和元年12月25日から昭和64年1月7日まで"


# --- reading ------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "day"), [
    # Western
    ("2025-04-01", date(2025, 4, 1)), ("2025/4/1", date(2025, 4, 1)),
    ("2025/04/01", date(2025, 4, 1)), ("2025.4.1", date(2025, 4, 1)),
    ("20250401", date(2025, 4, 1)), ("2025年4月1日", date(2025, 4, 1)),
    ("2025年4月1", date(2025, 4, 1)), ("2025 / 4 / 1", date(2025, 4, 1)),
    # 和暦, long and short, any case, with 元年
    ("令和7年4月1日", date(2025, 4, 1)), ("令和7年4月1", date(2025, 4, 1)),
    ("令和 7 年 4 月 1 日", date(2025, 4, 1)), ("令和7/4/1", date(2025, 4, 1)),
    ("R7.4.1", date(2025, 4, 1)), ("r7.4.1", date(2025, 4, 1)), ("R07.04.01", date(2025, 4, 1)),
    ("R7/4/1", date(2025, 4, 1)), ("R7-4-1", date(2025, 4, 1)),
    ("H31.4.30", date(2019, 4, 30)), ("h31/4/30", date(2019, 4, 30)),
    ("S64.1.7", date(1989, 1, 7)), ("s1.12.25", date(1926, 12, 25)),
    ("令和元年5月1日", date(2019, 5, 1)), ("R元.5.1", date(2019, 5, 1)),
    ("平成元年1月8日", date(1989, 1, 8)), ("平成31年4月30日", date(2019, 4, 30)),
    ("昭和64年1月7日", date(1989, 1, 7)), ("昭和元年12月25日", date(1926, 12, 25)),
    # full-width digits, letters, spaces and the one-character era signs
    ("２０２５／０４／０１", date(2025, 4, 1)), ("Ｒ７．４．１", date(2025, 4, 1)),
    ("令和７年４月１日", date(2025, 4, 1)), ("\u3000R7.4.1\u3000", date(2025, 4, 1)),
    ("㋿7年4月1日", date(2025, 4, 1)), ("㍻31年4月30日", date(2019, 4, 30)),
    ("㍼64年1月7日", date(1989, 1, 7)),
])
def test_the_forms_a_practitioner_types(text: str, day: date) -> None:
    assert parse_date(text) == day


@pytest.mark.parametrize("text", ["", "   ", "\u3000"])
def test_blank_text_is_no_date(text: str) -> None:
    assert parse_date(text) is None


@pytest.mark.parametrize(("text", "era"), [
    ("令和元年4月30日", "令和"), ("R1.4.30", "令和"), ("令和0年5月1日", "令和"),
    ("昭和64年1月8日", "昭和"), ("S64.1.8", "昭和"), ("S65.1.1", "昭和"),
    ("昭和元年12月24日", "昭和"), ("s1.1.1", "昭和"),
    ("平成元年1月7日", "平成"), ("H31.5.1", "平成"), ("平成32年1月1日", "平成"),
])
def test_a_day_its_era_never_had_is_refused_by_name(text: str, era: str) -> None:
    with pytest.raises(DateTextError) as raised:
        parse_date(text, field="start_on")
    error = raised.value
    assert isinstance(error, ValidationError)
    assert error.problem == "outside_era"
    assert error.era is not None and error.era.name == era
    assert error.field == "start_on" and error.text == text
    assert f"「{text}」は存在しない日付です" in error.message
    assert f"{era}は" in error.message  # and says when the era ran


def test_the_refusal_says_when_the_era_began_or_ended() -> None:
    with pytest.raises(DateTextError, match=r"令和は令和元年5月1日から"):
        parse_date("令和元年4月30日")
    with pytest.raises(DateTextError, match=r"昭和64年1月7日まで"):
        parse_date("S64.1.8")


@pytest.mark.parametrize("text", ["2026/02/29", "2025/13/1", "2025/4/31", "R7.2.29",
                                  "令和7年0月1日", "20250230", "2025-00-10"])
def test_a_day_the_calendar_does_not_have_is_refused_by_name(text: str) -> None:
    with pytest.raises(DateTextError, match=f"「{text}」は存在しない日付です") as raised:
        parse_date(text)
    assert raised.value.problem == "no_such_day"


@pytest.mark.parametrize("text", ["来週", "6/30", "2025/6", "令和/6/30", "R7.4", "T15.1.1",
                                  "大正15年1月1日", "2025/4/1 10:00", "R100.1.1", "R7.4.1.1",
                                  "2025年4月1日日"])
def test_text_that_is_no_date_says_how_to_write_one(text: str) -> None:
    with pytest.raises(DateTextError, match="日付として読めません") as raised:
        parse_date(text, field="due_on")
    assert raised.value.problem == "format"
    assert raised.value.field == "due_on"
    assert "2025/04/01 の形" in raised.value.message


@given(st.dates(min_value=date(1926, 12, 25), max_value=date(2100, 12, 31)))
def test_every_written_form_reads_back_as_the_same_day(day: date) -> None:
    assert parse_date(wareki_date(day)) == day
    assert parse_date(short_wareki_date(day)) == day
    assert parse_date(format_date(day, wareki=False)) == day
    assert parse_date(day.isoformat()) == day
    assert parse_date(f"{day.year}/{day.month}/{day.day}") == day


@given(st.dates(min_value=date(1926, 12, 25), max_value=date(2100, 12, 31)))
def test_a_day_written_in_a_neighbouring_era_is_refused(day: date) -> None:
    """The same day under the era before or after its own is never silently accepted."""
    own = next(era for era in ERAS if era.contains(day))
    for era in ERAS:
        if era is own:
            continue
        text = f"{era.name}{day.year - era.first_day.year + 1}年{day.month}月{day.day}日"
        if day.year - era.first_day.year + 1 < 1:
            continue  # no era year 0 or less to write
        with pytest.raises(DateTextError):
            parse_date(text)


# --- Japan time, days and hours -----------------------------------------------------


def test_jst_is_nine_hours_ahead_all_year() -> None:
    assert JST.utcoffset(datetime(2025, 1, 1)) == timedelta(hours=9)
    assert JST.utcoffset(datetime(2025, 7, 1)) == timedelta(hours=9)


def test_a_day_starts_at_midnight_on_the_clock_asked() -> None:
    assert day_start(date(2025, 4, 1)) == datetime(2025, 3, 31, 15, tzinfo=UTC)
    assert day_start(date(2025, 4, 1), UTC) == datetime(2025, 4, 1, tzinfo=UTC)
    local = day_start(date(2025, 4, 1), None)  # this computer's clock
    assert local.tzinfo is not None and local.replace(tzinfo=None) == datetime(2025, 4, 1)


def test_a_span_of_days_is_half_open_in_japan_time() -> None:
    start, end = day_span(date(2025, 4, 1), date(2026, 3, 31))
    assert start == datetime(2025, 4, 1, tzinfo=JST)
    assert end == datetime(2026, 4, 1, tzinfo=JST)
    # 00:30 on 1 April in Japan is still 31 March in UTC, and belongs to the span
    early = datetime(2025, 3, 31, 15, 30, tzinfo=UTC)
    assert start <= early < end and local_day(early, JST) == date(2025, 4, 1)
    assert local_day(early, UTC) == date(2025, 3, 31)


def test_visit_hours() -> None:
    start = datetime(2025, 6, 12, 10, tzinfo=JST)
    assert visit_hours(start, start + timedelta(hours=1, minutes=30)) == 1.5
    assert visit_hours(start, None) == 0.0
    assert visit_hours(start, start) == 0.0
    assert visit_hours(start, start - timedelta(hours=1)) == 0.0  # end before start
    # the same moments on different clocks
    later = (start + timedelta(hours=2)).astimezone(timezone(timedelta(hours=-5)))
    assert visit_hours(start, later) == 2.0
