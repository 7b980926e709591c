"""Column types SQLite lacks: timezone-aware timestamps and enums stored by label."""

from __future__ import annotations

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
        return value.astimezone(UTC).isoformat(timespec="microseconds")

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return datetime.fromisoformat(value)


def label_enum(enum_class: type[StrEnum]) -> sa.Enum:
    """An enum column storing the Japanese label, not the Python member name."""
    return sa.Enum(
        enum_class,
        values_callable=lambda members: [m.value for m in members],
        native_enum=False,
        create_constraint=False,
        length=max(len(m.value) for m in enum_class),
        validate_strings=True,
    )


def utcnow() -> datetime:
    return datetime.now(UTC)
