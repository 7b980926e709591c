"""Hybrid logical clock: timestamps that order changes across devices.

A timestamp is the wall clock in milliseconds plus a counter. Issued timestamps only
ever grow on a device, even when its clock is set back (the counter grows instead),
and a device that learns of a later timestamp from another device issues only later
ones after it (``receive``), so an edit made after seeing another is ordered after it.
Kulkarni et al., "Logical Physical Clocks" (2014).

Stored as one integer, ``wall_ms << 16 | counter`` (``pack``), which sorts as the
timestamps do and fits SQLite's 64-bit integers until the year 6429.
"""

from __future__ import annotations

from dataclasses import dataclass

COUNTER_BITS = 16
MAX_COUNTER = (1 << COUNTER_BITS) - 1
MAX_WALL_MS = (1 << (63 - COUNTER_BITS)) - 1


@dataclass(frozen=True, order=True)
class Hlc:
    wall_ms: int
    counter: int = 0

    def __post_init__(self) -> None:
        if not 0 <= self.wall_ms <= MAX_WALL_MS:
            raise ValueError(f"HLC wall time out of range: {self.wall_ms}")
        if not 0 <= self.counter <= MAX_COUNTER:
            raise ValueError(f"HLC counter out of range: {self.counter}")

    def pack(self) -> int:
        """The timestamp as one integer that sorts as the timestamps do."""
        return (self.wall_ms << COUNTER_BITS) | self.counter

    @classmethod
    def unpack(cls, value: int) -> Hlc:
        return cls(value >> COUNTER_BITS, value & MAX_COUNTER)

    def __str__(self) -> str:
        return f"{self.wall_ms}.{self.counter:05d}"


def _after(wall_ms: int, counter: int) -> Hlc:
    """``(wall_ms, counter)``, or the next millisecond when the counter is spent."""
    if counter > MAX_COUNTER:
        return Hlc(wall_ms + 1, 0)
    return Hlc(wall_ms, counter)


def tick(last: Hlc | None, now_ms: int) -> Hlc:
    """The timestamp of a local change: later than ``last`` (the latest this device has
    issued or seen), and the wall clock when the clock is ahead of it."""
    if last is None or now_ms > last.wall_ms:
        return Hlc(now_ms, 0)
    return _after(last.wall_ms, last.counter + 1)


def receive(last: Hlc | None, remote: Hlc, now_ms: int, *,
            max_drift_ms: int | None = None) -> Hlc:
    """The clock after learning ``remote`` from another device: later than both.

    With ``max_drift_ms``, a remote timestamp further than that ahead of this device's
    wall clock is refused (ValueError) rather than dragging every later timestamp into
    the future."""
    if max_drift_ms is not None and remote.wall_ms - now_ms > max_drift_ms:
        raise ValueError(f"remote timestamp {remote} is {remote.wall_ms - now_ms} ms ahead")
    local = last or Hlc(0, 0)
    wall = max(local.wall_ms, remote.wall_ms, now_ms)
    if wall == local.wall_ms == remote.wall_ms:
        return _after(wall, max(local.counter, remote.counter) + 1)
    if wall == local.wall_ms:
        return _after(wall, local.counter + 1)
    if wall == remote.wall_ms:
        return _after(wall, remote.counter + 1)
    return Hlc(wall, 0)
