"""Many rows into one table at once, through the driver's ``executemany``.

``connection.execute(sa.insert(table), rows)`` builds a parameter dictionary for every
row and runs SQLAlchemy's bookkeeping over each; for the tens of thousands of rows of a
demo or of a large change set that costs more than SQLite's writing them. Here each
value is converted by its column type's own bind processor (the conversion SQLAlchemy
applies: a UUID to its hex, an ``AwareDateTime`` to UTC text, an enum to its code), the
processors are looked up once per table, and the rows reach the driver as tuples.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect

Converter = Callable[[Any], Any]


def insert_rows(connection: sa.Connection, table: sa.Table,
                rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert ``rows``, each giving a value for every column of ``table`` (a column
    default is not applied here: a row without one of them is a programming error)."""
    if not rows:
        return
    statement, columns = _statement(table, connection.dialect)
    missing = [key for key, _ in columns if key not in rows[0]]
    if missing:
        raise ValueError(f"rows for {table.name} lack {missing}")
    connection.exec_driver_sql(statement, [
        tuple([value if (value := row[key]) is None or convert is None else convert(value)
               for key, convert in columns])
        for row in rows
    ])


@functools.cache
def _statement(table: sa.Table, dialect: Dialect) -> tuple[
        str, tuple[tuple[str, Converter | None], ...]]:
    """The INSERT statement for every column of ``table``, and each column's key with
    its bind processor (None when the driver takes the value as it is)."""
    preparer = dialect.identifier_preparer
    names = ", ".join(preparer.quote(column.name) for column in table.columns)
    marks = ", ".join("?" for _ in table.columns)
    statement = f"INSERT INTO {preparer.format_table(table)} ({names}) VALUES ({marks})"
    columns = tuple((column.key, column.type.dialect_impl(dialect).bind_processor(dialect))
                    for column in table.columns)
    return statement, columns
