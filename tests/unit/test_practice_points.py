"""The 実務従事 points rule: a point per on-site day, a point per 5 hours of other
consultation summed across days, and a day counted once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from companion.domain.enums import VisitMode
from companion.domain.practice_points import practice_points, renewal_outlook, sme_check

ON_SITE, CENTRE, ONLINE, PHONE = (VisitMode.ON_SITE, VisitMode.AT_CENTRE, VisitMode.ONLINE,
                                  VisitMode.PHONE)


@dataclass(frozen=True)
class Visit:
    day: date
    mode: VisitMode
    hours: float


def _day(n: int) -> date:
    return date(2025, 6, n)


def test_nothing_is_worth_nothing() -> None:
    assert practice_points([]) == 0


def test_each_on_site_day_is_one_point_however_long_or_often() -> None:
    assert practice_points([Visit(_day(1), ON_SITE, 0.5)]) == 1
    assert practice_points([Visit(_day(1), ON_SITE, 1), Visit(_day(1), ON_SITE, 9)]) == 1
    assert practice_points([Visit(_day(1), ON_SITE, 1), Visit(_day(2), ON_SITE, 1)]) == 2
    assert practice_points([Visit(_day(1), ON_SITE, 0)]) == 1  # end time not typed


@pytest.mark.parametrize(("hours", "points"), [
    ((4.5,), 0),
    ((5,), 1),
    ((2, 1.5, 1.5), 1),  # summed across days
    ((3, 3, 3, 0.5), 1),  # 9.5 hours: what is left under 5 counts nothing
    ((2.5, 2.5, 2.5, 2.5), 2),
])
def test_other_consultation_counts_by_five_hours_summed_across_days(
        hours: tuple[float, ...], points: int) -> None:
    modes = [CENTRE, ONLINE, PHONE]
    visits = [Visit(_day(n + 1), modes[n % 3], h) for n, h in enumerate(hours)]
    assert practice_points(visits) == points


def test_hours_on_an_on_site_day_are_not_counted_again() -> None:
    same_day = [Visit(_day(1), ON_SITE, 1), Visit(_day(1), CENTRE, 5)]
    assert practice_points(same_day) == 1
    other_day = [Visit(_day(1), ON_SITE, 1), Visit(_day(2), CENTRE, 5)]
    assert practice_points(other_day) == 2


def test_the_order_of_the_activities_does_not_matter() -> None:
    visits = [Visit(_day(3), PHONE, 3), Visit(_day(1), ON_SITE, 2), Visit(_day(3), ON_SITE, 1),
              Visit(_day(2), CENTRE, 2)]
    assert practice_points(visits) == practice_points(reversed(visits)) == 2


def test_a_ten_minute_phone_call_is_not_a_day() -> None:
    assert practice_points([Visit(_day(1), PHONE, 10 / 60)]) == 0
    calls = [Visit(_day(n), PHONE, 10 / 60) for n in range(1, 30)]  # 29 calls: 4.8 hours
    assert practice_points(calls) == 0
    assert practice_points([*calls, Visit(_day(30), PHONE, 0.25)]) == 1  # 5.08 hours


# --- the five-year view -------------------------------------------------------------------

WINDOW = (date(2021, 4, 1), date(2026, 3, 31))  # 令和3年度〜令和7年度


@pytest.mark.parametrize(("points", "today", "on_track", "text"), [
    (30, date(2023, 4, 1), True, "30ポイントに対し30ポイント: 達成済み"),
    (13, date(2023, 4, 1), True, "(経過分の目安12ポイント): 順調"),  # two years passed
    (11, date(2023, 4, 1), False,
     "遅れています。残り19ポイント、今年度を含め3年度で年7ポイント以上が必要"),
    (0, date(2021, 4, 1), True, "(経過分の目安0ポイント): 順調"),  # the first day
    (24, date(2026, 3, 31), False, "残り6ポイント、今年度を含め1年度で年6ポイント以上が必要"),
])
def test_the_renewal_outlook_against_an_even_pace(points: int, today: date, on_track: bool,
                                                  text: str) -> None:
    outlook = renewal_outlook(points, first_day=WINDOW[0], last_day=WINDOW[1], today=today)
    assert outlook.on_track is on_track
    assert text in outlook.summary()


@pytest.mark.parametrize(("industry", "employees", "is_sme", "rule"), [
    ("酒類製造業", 14, True, "製造業・建設業その他: 従業員300人以下"),
    ("金属製品製造業", 320, False, "製造業・建設業その他: 従業員300人以下"),
    ("小売業(道の駅の運営)", 51, False, "小売業: 従業員50人以下"),
    ("飲食店(そば・食堂)", 6, True, "小売業: 従業員50人以下"),
    ("宿泊業(温泉旅館)", 80, True, "サービス業: 従業員100人以下"),
    ("食品卸売業", 100, True, "卸売業: 従業員100人以下"),
    ("酒類製造業", None, None, "製造業・建設業その他"),
])
def test_a_client_is_an_sme_by_industry_and_head_count(industry: str, employees: int | None,
                                                       is_sme: bool | None, rule: str) -> None:
    check = sme_check(industry, employees)
    assert check.is_sme is is_sme
    assert rule in check.rule
    assert check.text.startswith("該当" if is_sme else "要確認")
