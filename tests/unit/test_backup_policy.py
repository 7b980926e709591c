"""Backup thinning with a fake clock: recent ones, then one a day, a week, a month."""

from datetime import UTC, datetime, timedelta

from companion.domain.backup_policy import RetentionPolicy, backup_due, backups_to_remove

NOW = datetime(2026, 11, 23, 18, 0, tzinfo=UTC)


def _every(step: timedelta, count: int, start: datetime = NOW) -> list[datetime]:
    return [start - step * i for i in range(count)]


def test_a_few_backups_are_all_kept() -> None:
    assert backups_to_remove(_every(timedelta(minutes=30), 5), NOW) == []


def test_a_busy_day_keeps_the_newest_eight_and_one_per_earlier_day() -> None:
    times = _every(timedelta(minutes=30), 20)  # 10 hours of half-hourly backups
    removed = backups_to_remove(times, NOW, RetentionPolicy(recent=8))
    kept = sorted(set(times) - set(removed), reverse=True)
    assert kept[:8] == times[:8]
    assert len(kept) == 8  # all on the same day, week and month as the newest


def test_two_years_of_daily_backups_thin_to_days_weeks_and_months() -> None:
    policy = RetentionPolicy(recent=3, daily=7, weekly=4, monthly=12)
    times = _every(timedelta(days=1), 730)
    kept = set(times) - set(backups_to_remove(times, NOW, policy))
    assert set(times[:7]) <= kept  # the last week, day by day
    months = {(t.year, t.month) for t in kept}
    assert len(months) == 12  # one per month for a year
    assert min(kept) > NOW - timedelta(days=366)
    assert len(kept) <= 3 + 7 + 4 + 12


def test_backups_from_a_clock_in_the_future_are_never_removed() -> None:
    future = NOW + timedelta(days=30)
    times = [*_every(timedelta(days=1), 60), future]
    assert future not in backups_to_remove(times, NOW, RetentionPolicy(recent=1, daily=1,
                                                                       weekly=1, monthly=1))


def test_backup_is_due_after_changes_at_most_every_30_minutes() -> None:
    assert backup_due(None, NOW, changed=True)
    assert not backup_due(None, NOW, changed=False)
    assert not backup_due(NOW - timedelta(minutes=29), NOW, changed=True)
    assert backup_due(NOW - timedelta(minutes=30), NOW, changed=True)
