"""Dates as practitioners type them in the plan, KPI and engagement forms."""

from __future__ import annotations

from datetime import date

import pytest

from companion.errors import ValidationError
from companion.ui.views.engagement_editor import day_text, parse_day


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
