"""Which backups to keep: the recent ones, then one a day, a week, a month (as Anki does).

Pure: given the times of the existing backups and now, it names the ones to remove.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class RetentionPolicy:
    recent: int = 8  # the newest backups, whatever their age
    daily: int = 7  # the newest backup of each of the last N days
    weekly: int = 8  # ... of each of the last N ISO weeks
    monthly: int = 12  # ... of each of the last N months


def _newest_per_period(times: list[datetime], count: int,
                       period: Callable[[datetime], Hashable]) -> set[datetime]:
    kept: dict[Hashable, datetime] = {}
    for time in times:  # newest first
        key = period(time)
        if key not in kept:
            if len(kept) == count:
                break
            kept[key] = time
    return set(kept.values())


def backups_to_remove(times: Iterable[datetime], now: datetime,
                      policy: RetentionPolicy = RetentionPolicy()) -> list[datetime]:
    newest_first = sorted(times, reverse=True)
    future = {t for t in newest_first if t > now + timedelta(minutes=5)}
    past = [t for t in newest_first if t not in future]
    keep = set(past[: policy.recent]) | future  # a clock set back must not eat backups
    keep |= _newest_per_period(past, policy.daily, lambda t: t.date())
    keep |= _newest_per_period(past, policy.weekly, lambda t: t.isocalendar()[:2])
    keep |= _newest_per_period(past, policy.monthly, lambda t: (t.year, t.month))
    return sorted(t for t in newest_first if t not in keep)


def backup_due(last_backup: datetime | None, now: datetime, *, changed: bool,
               interval: timedelta = timedelta(minutes=30)) -> bool:
    """After changes, at most once per interval."""
    return changed and (last_backup is None or now - last_backup >= interval)
