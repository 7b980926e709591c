"""実務従事 points: the rule a 中小企業診断士 renews by (30 points in 5 years).

- One day of on-site advice to the owner (訪問) is one point, however many visits or
  hours that day had.
- Consultations that are not on site (来所 at the counter, オンライン, 電話) count by
  time: 5 hours, summed across days, are one point; what is left under 5 hours counts
  nothing.
- Hours of such a consultation on a day that already counts as an on-site day add
  nothing: the day is counted once.
- So a 10-minute phone call is not a day: it adds 10 minutes towards the next 5 hours.

Over a registration period (5 years, 30 points) ``renewal_outlook`` says whether the
points so far keep an even pace, and ``sme_check`` whether a client is a 中小企業者 by its
業種 and 従業員数 (the form asks; the capital is not recorded here).

The result is an estimate to guide the practitioner, who decides what really counts
(analysis alone does not), and the client's 代表者 certifies the days (様式19).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from companion.domain.calendar import fiscal_year_of
from companion.domain.enums import VisitMode

POINTS_PER_ON_SITE_DAY = 1
HOURS_PER_POINT = 5  # of consultation that is not on site, summed across days


class Activity(Protocol):
    """One consultation as the rule sees it (a ledger entry is one)."""

    @property
    def day(self) -> date: ...

    @property
    def mode(self) -> VisitMode: ...

    @property
    def hours(self) -> float: ...


def practice_points(activities: Iterable[Activity]) -> int:
    """The 実務従事 points the activities are worth (see the module's rule)."""
    items = list(activities)
    on_site = {a.day for a in items if a.mode == VisitMode.ON_SITE}
    other = sum(a.hours for a in items if a.mode != VisitMode.ON_SITE and a.day not in on_site)
    return len(on_site) * POINTS_PER_ON_SITE_DAY + int(other // HOURS_PER_POINT)


# --- the five-year view -------------------------------------------------------------

RENEWAL_POINTS = 30  # 実務従事 points needed in one registration period
RENEWAL_YEARS = 5


@dataclass(frozen=True)
class RenewalOutlook:
    """Where the practitioner stands against 30 points in the five-year window."""

    points: int  # earned so far in the window
    expected: int  # what an even pace (6 a year) would have earned by today
    remaining_years: int  # fiscal years left in the window after the current one
    needed: int = RENEWAL_POINTS

    @property
    def reached(self) -> bool:
        return self.points >= self.needed

    @property
    def on_track(self) -> bool:
        return self.reached or self.points >= self.expected

    @property
    def short_by(self) -> int:
        return max(0, self.needed - self.points)

    def summary(self) -> str:
        """「30ポイントに対し18ポイント(経過分の目安18ポイント): 順調」 and the like."""
        head = f"{self.needed}ポイントに対し{self.points}ポイント"
        if self.reached:
            return f"{head}: 達成済み"
        if self.on_track:
            return f"{head}(経過分の目安{self.expected}ポイント): 順調"
        years = max(1, self.remaining_years + 1)
        pace = -(-self.short_by // years)  # rounded up
        return (f"{head}(経過分の目安{self.expected}ポイント): 遅れています。"
                f"残り{self.short_by}ポイント、今年度を含め{years}年度で年{pace}ポイント以上が必要")


def renewal_outlook(points: int, *, first_day: date, last_day: date, today: date,
                    needed: int = RENEWAL_POINTS) -> RenewalOutlook:
    """``points`` earned in the window ``first_day``..``last_day`` against ``needed``,
    with the even-pace target for the share of the window that has passed by ``today``."""
    total_days = (last_day - first_day).days + 1
    passed = min(max((today - first_day).days + 1, 0), total_days)
    expected = int(needed * passed / total_days) if total_days > 0 else needed
    remaining = max(0, fiscal_year_of(last_day) - max(fiscal_year_of(today),
                                                     fiscal_year_of(first_day)))
    return RenewalOutlook(points=points, expected=expected, remaining_years=remaining,
                          needed=needed)


# --- 中小企業者であること -------------------------------------------------------------

@dataclass(frozen=True)
class SmeCheck:
    """Whether a client is a 中小企業者 (中小企業基本法 第2条) by its employees; capital
    is not recorded, so a client over the head-count may still qualify by capital."""

    is_sme: bool | None  # None: 従業員数 not recorded
    rule: str  # 「小売業: 従業員50人以下」

    @property
    def text(self) -> str:
        if self.is_sme is None:
            return f"要確認(従業員数が未入力。{self.rule})"
        if self.is_sme:
            return f"該当({self.rule})"
        return f"要確認(従業員数が基準を超える。資本金で判断。{self.rule})"


_SME_LIMITS: tuple[tuple[tuple[str, ...], str, int, str], ...] = (
    (("卸売",), "卸売業", 100, "資本金1億円以下"),
    (("小売", "飲食", "食堂", "そば", "レストラン", "道の駅"), "小売業", 50, "資本金5千万円以下"),
    (("サービス", "宿泊", "旅館", "ホテル", "美容", "理容", "介護", "医療", "教育", "情報"),
     "サービス業", 100, "資本金5千万円以下"),
)


def sme_check(industry: str, employees: int | None) -> SmeCheck:
    """中小企業者 by 業種 and 従業員数: 卸売業 100人, 小売業(飲食店を含む) 50人,
    サービス業 100人, 製造業・建設業その他 300人 (or the capital, not recorded here)."""
    name, limit, capital = "製造業・建設業その他", 300, "資本金3億円以下"
    for words, kind, kind_limit, kind_capital in _SME_LIMITS:
        if any(word in industry for word in words):
            name, limit, capital = kind, kind_limit, kind_capital
            break
    rule = f"{name}: 従業員{limit}人以下または{capital}"
    if employees is None:
        return SmeCheck(None, rule)
    return SmeCheck(employees <= limit, rule)
