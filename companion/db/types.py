"""Column types SQLite lacks: timezone-aware timestamps and enums stored as codes."""

from __future__ import annotations

import functools
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect


class AwareDateTime(sa.types.TypeDecorator[datetime]):
    """A timestamp stored as ISO 8601 text in UTC and read back timezone-aware.

    SQLite has no timezone type; storing the offset keeps ordering by text correct
    (everything is UTC) and refuses naive datetimes, which would be ambiguous when the
    laptop travels or a record is made on another machine.
    """

    impl = sa.String(32)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("timezone-naive datetime given to an AwareDateTime column")
        return _utc_text(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return datetime.fromisoformat(value)


@functools.lru_cache(maxsize=1024)
def _utc_text(value: datetime) -> str:
    # Cached: one write stamps many rows with the same moments (a change set's entries
    # share theirs, a row's created_at is its updated_at), and a bulk write is thousands.
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def code_enum(enum_class: type[StrEnum]) -> sa.Enum:
    """An enum column storing the member's name, a stable code (``ON_SITE``), not the
    label the window shows (``訪問``), which may be reworded or translated without
    touching stored data; a CHECK constraint (named for the enum) refuses anything else.
    Python code still reads and writes the enum members."""
    return sa.Enum(
        enum_class,
        native_enum=False,
        create_constraint=True,
        length=max(len(m.name) for m in enum_class),
        validate_strings=True,
    )


def utcnow() -> datetime:
    return datetime.now(UTC)
