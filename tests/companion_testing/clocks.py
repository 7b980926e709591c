"""The register's device clock, fixed for a test: register entries state when they were
written (``written_at``), so tests that depend on the real day would look backdated."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta

from companion.domain.calendar import JST
from companion.services import register


def today_in_japan() -> date:
    """Today as a practitioner in Japan has it: the register dates its entries in JST,
    so a test machine on UTC after 15:00 would otherwise declare "yesterday"."""
    return datetime.now(JST).date()


@contextmanager
def register_clock_ticking(start: datetime, step: timedelta) -> Iterator[list[datetime]]:
    """The clock reads ``start`` + ``step`` at the first entry, one ``step`` later at
    every next one. Yields the clock's state: set ``[0]`` to move it."""
    now = [start]

    def tick() -> datetime:
        now[0] += step
        return now[0]

    previous = register.clock
    register.clock = tick
    try:
        yield now
    finally:
        register.clock = previous
