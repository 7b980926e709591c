"""Rows written in bulk through the driver are stored exactly as SQLAlchemy stores them."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from companion_testing.factories import add_engagement
from sqlmodel import SQLModel

from companion.db.bulk_insert import insert_rows
from companion.db.database import Database
from companion.db.models import Visit
from companion.domain.enums import VisitMode
from companion.services.session import session_scope

JST = timezone(timedelta(hours=9))


def _visit_row(engagement_id: uuid.UUID) -> dict[str, object]:
    visit = Visit(
        engagement_id=engagement_id, started_at=datetime(2025, 10, 7, 14, 30, tzinfo=JST),
        ended_at=datetime(2025, 10, 7, 16, 0, tzinfo=JST), mode=VisitMode.ONLINE,
        place="オンライン(Zoom)", attendees="佐藤代表、経営指導員 高橋", purpose="EC サイトの売上確認",
        notes="9月の EC 売上は前年同月比 128%。送料の見直しで客単価が上がった。",
        follow_up_on=date(2025, 11, 4), is_draft=False,
        created_at=datetime(2025, 10, 7, 17, 5, 30, 120_000, tzinfo=JST),
        updated_at=datetime(2025, 10, 7, 17, 5, 30, 120_000, tzinfo=JST),
    )
    table = SQLModel.metadata.tables["visit"]
    return {column.key: getattr(visit, column.key) for column in table.columns}


def _stored(db: Database, visit_id: uuid.UUID) -> dict[str, object]:
    """The row as SQLite holds it: each value's storage type and literal."""
    with db.engine.connect() as connection:
        names = [row[1] for row in connection.exec_driver_sql("PRAGMA table_info(visit)")]
        values = connection.exec_driver_sql(
            "SELECT " + ", ".join(f"typeof({n}) || ':' || quote({n})" for n in names)
            + " FROM visit WHERE id = ?", (visit_id.hex,)).one()
    return dict(zip(names, values, strict=True))


def test_bulk_rows_are_stored_as_sqlalchemy_stores_them(db: Database) -> None:
    with session_scope(db) as session:
        engagement = add_engagement(session)
        session.commit()
        through_sqlalchemy, in_bulk = _visit_row(engagement.id), _visit_row(engagement.id)
        connection = session.connection()
        table = SQLModel.metadata.tables["visit"]
        connection.execute(sa.insert(table), [through_sqlalchemy])
        insert_rows(connection, table, [in_bulk])
        session.commit()
    expected = _stored(db, through_sqlalchemy["id"])  # type: ignore[arg-type]
    stored = _stored(db, in_bulk["id"])  # type: ignore[arg-type]
    assert stored.pop("id") != expected.pop("id")
    assert stored == expected
    assert stored["started_at"] == "text:'2025-10-07T05:30:00.000000+00:00'"  # UTC text
    assert stored["mode"] == "text:'ONLINE'"  # the enum's code


def test_a_row_without_every_column_is_refused_and_nothing_written(db: Database) -> None:
    with session_scope(db) as session:
        engagement = add_engagement(session)
        session.commit()
        row = _visit_row(engagement.id)
        del row["follow_up_on"]
        with pytest.raises(ValueError, match="follow_up_on"):
            insert_rows(session.connection(), SQLModel.metadata.tables["visit"], [row])
        assert session.connection().exec_driver_sql("SELECT count(*) FROM visit").scalar() == 0
