"""Fixtures for report tests: one fully populated engagement on the test's database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from companion_testing.report_factories import ReportFixture, add_narrative, add_report_engagement
from sqlmodel import Session

from companion.db.database import Database
from companion.services.session import session_scope


@pytest.fixture
def filled(db: Database) -> ReportFixture:
    with session_scope(db) as session:
        return add_report_engagement(session)


@pytest.fixture
def session(db: Database) -> Iterator[Session]:
    with session_scope(db, write=False) as reading:
        yield reading



@pytest.fixture
def narrated(db: Database, filled: ReportFixture) -> ReportFixture:
    """``filled`` with the practitioner's texts for 令和7年度 (2025) saved."""
    with session_scope(db) as writing:
        add_narrative(writing, filled.engagement.id, 2025)
    return filled
