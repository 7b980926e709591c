"""Dates as practitioners type them in the plan, KPI and engagement forms."""

from __future__ import annotations

from datetime import date

import pytest

from companion.errors import ValidationError
from companion.ui.widgets.forms import day_text, parse_day


@pytest.mark.parametrize(("text", "day"), [
    ("2025/6/30", date(2025, 6, 30)), ("2025-06-30", date(2025, 6, 30)),
    ("20250630", date(2025, 6, 30)), ("2025年6月30日", date(2025, 6, 30)),
    ("令和7年6月30日", date(2025, 6, 30)), ("R7.6.30", date(2025, 6, 30)),
    ("r7/6/30", date(2025, 6, 30)), ("令和元年5月1日", date(2019, 5, 1)),
    ("平成31年3月31日", date(2019, 3, 31)), ("２０２５／０６／３０", date(2025, 6, 30)),
    (" 2025.06.30 ", date(2025, 6, 30)), ("", None), ("   ", None)])
def test_the_forms_read_western_and_era_dates(text: str, day: date | None) -> None:
    assert parse_day(text, field="due_on", label="期日") == day


@pytest.mark.parametrize("text", ["来週", "6/30", "2025/6", "令和/6/30"])
def test_text_that_is_no_date_says_how_to_write_one(text: str) -> None:
    with pytest.raises(ValidationError, match="2025/06/30 の形で入力") as raised:
        parse_day(text, field="due_on", label="期日")
    assert raised.value.field == "due_on"


def test_a_date_that_does_not_exist_is_named() -> None:
    with pytest.raises(ValidationError, match="「2026/02/29」は存在しない日付です"):
        parse_day("2026/02/29", field="start_on", label="開始日")


def test_dates_are_written_back_the_way_they_are_read() -> None:
    assert day_text(date(2025, 4, 1)) == "2025/04/01"
    assert parse_day(day_text(date(2027, 3, 31)), field="", label="") == date(2027, 3, 31)
    assert day_text(None) == ""


@pytest.mark.parametrize(("text", "hint"), [
    ("令和元年4月30日", "令和は令和元年5月1日からです。"),
    ("S64.1.8", "昭和は昭和元年12月25日から昭和64年1月7日までです。")])
def test_a_day_its_era_never_had_is_named_with_the_era_s_days(text: str, hint: str) -> None:
    with pytest.raises(ValidationError, match=f"開始日「{text}」は存在しない日付です") as raised:
        parse_day(text, field="start_on", label="開始日")
    assert raised.value.field == "start_on"
    assert raised.value.hint == hint


@pytest.mark.parametrize(("text", "day"), [
    ("平成31年4月30日", date(2019, 4, 30)), ("令和元年5月1日", date(2019, 5, 1)),
    ("昭和64年1月7日", date(1989, 1, 7)), ("平成元年1月8日", date(1989, 1, 8)),
    ("H31.4.30", date(2019, 4, 30))])
def test_the_era_boundaries_themselves_are_read(text: str, day: date) -> None:
    assert parse_day(text, field="", label="") == day
