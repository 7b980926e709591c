"""The register's device clock, fixed for a test: register entries state when they were
written (``written_at``), so tests that depend on the real day would look backdated."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from companion.services import register


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
