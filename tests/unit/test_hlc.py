"""The hybrid logical clock: monotonic on a device whatever its wall clock does."""

from __future__ import annotations

import pytest

from companion.domain.hlc import MAX_COUNTER, Hlc, receive, tick


def test_a_clock_ahead_of_the_last_timestamp_gives_the_wall_time() -> None:
    assert tick(None, 1_000) == Hlc(1_000, 0)
    assert tick(Hlc(1_000, 5), 2_000) == Hlc(2_000, 0)


def test_the_same_millisecond_and_a_clock_set_back_count_on() -> None:
    first = tick(None, 5_000)
    same = tick(first, 5_000)
    back = tick(same, 4_000)  # the clock was set back a second
    assert (first, same, back) == (Hlc(5_000, 0), Hlc(5_000, 1), Hlc(5_000, 2))
    assert first < same < back
    assert tick(back, 5_001) == Hlc(5_001, 0)


def test_a_spent_counter_moves_to_the_next_millisecond() -> None:
    assert tick(Hlc(7_000, MAX_COUNTER), 6_000) == Hlc(7_001, 0)


def test_timestamps_stay_ordered_through_any_sequence_of_clock_readings() -> None:
    readings = [10, 10, 9, 50, 49, 49, 48, 51, 51, 1, 2, 60]
    issued: list[Hlc] = []
    for now in readings:
        issued.append(tick(issued[-1] if issued else None, now))
    assert issued == sorted(issued) and len(set(issued)) == len(issued)
    packed = [t.pack() for t in issued]
    assert packed == sorted(packed) and [Hlc.unpack(p) for p in packed] == issued


def test_receiving_a_later_remote_timestamp_orders_what_follows_after_it() -> None:
    local = Hlc(1_000, 3)
    remote = Hlc(9_000, 7)  # the other computer's clock is ahead
    merged = receive(local, remote, 2_000)
    assert merged == Hlc(9_000, 8) and merged > remote and merged > local
    assert tick(merged, 2_100) > merged


def test_receive_takes_the_latest_of_both_and_the_wall_clock() -> None:
    assert receive(Hlc(5, 1), Hlc(5, 4), 3) == Hlc(5, 5)
    assert receive(Hlc(6, 1), Hlc(5, 4), 3) == Hlc(6, 2)
    assert receive(None, Hlc(5, 4), 3) == Hlc(5, 5)
    assert receive(Hlc(1, 1), Hlc(2, 2), 10) == Hlc(10, 0)


def test_a_remote_timestamp_too_far_ahead_can_be_refused() -> None:
    with pytest.raises(ValueError, match="ahead"):
        receive(Hlc(1_000), Hlc(10_000_000), 1_000, max_drift_ms=60_000)


def test_out_of_range_parts_are_refused() -> None:
    with pytest.raises(ValueError):
        Hlc(-1)
    with pytest.raises(ValueError):
        Hlc(0, MAX_COUNTER + 1)
    assert str(Hlc(1_764_000_000_000, 3)) == "1764000000000.00003"
