"""The lean read path (db.lean) and the read queries written once (db.reads): the same
function answers through a Session (the window, the services) and on a connection of
its own without SQLAlchemy (``companion search`` / ``list``), with the same values; and
any folder out of the ordinary is left to the full path, untouched."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from functools import partial
from typing import Any

import pytest
from companion_testing.demo_folders import DEMO_DAY, DemoFolders
from sqlmodel import col, select

from companion.db.database import Database
from companion.db.lean import FIRST_START_MARKER, LeanUnavailable, lean_read
from companion.db.models import Engagement, Visit, VisitAction
from companion.db.reads import Connection, driver_connection
from companion.db.reads.disclosures import disclosure_lines
from companion.db.reads.engagements import (
    engagement_summaries,
    require_engagement,
    visit_full_records,
    visit_lines,
)
from companion.db.reads.kpis import kpi_list_rows
from companion.db.reads.plans import plan_list_rows
from companion.db.reads.search import search_hits
from companion.db.schema_head import SCHEMA_HEAD
from companion.domain.enums import VisitMode
from companion.errors import EngagementNotFound, KnownError, ValidationError
from companion.keystore import MemoryKeyring
from companion.paths import DataPaths
from companion.services import storage
from companion.services.engagements import list_engagements, list_visits
from companion.services.search import search
from companion.services.session import session_scope
from companion.services.storage import open_data_folder

PASSPHRASE = "最上川の舟下りで商談を"
NOWHERE = uuid.UUID("00000000-0000-4000-8000-000000000000")


@pytest.fixture
def opened(data_paths: DataPaths, demo_folders: DemoFolders) -> Iterator[Database]:
    """The small demo folder opened once with the passphrase: from then on the (test's
    in-memory) keyring has its key, as on the practitioner's own computer."""
    demo_folders.copy_to(data_paths, passphrase=PASSPHRASE, today=DEMO_DAY)
    db = open_data_folder(data_paths, ask=lambda _purpose: PASSPHRASE).db
    yield db
    db.close()


def _both(db: Database, read: Callable[..., Any], **kwargs: Any) -> tuple[Any, Any]:
    """(the lean path's answer, the same query's answer through a Session)."""
    lean = lean_read(db.paths, partial(read, **kwargs))
    with session_scope(db, write=False) as session:
        full = read(driver_connection(session), **kwargs)
    return lean, full


def _busiest(db: Database) -> uuid.UUID:
    return max(lean_read(db.paths, engagement_summaries), key=lambda e: e.visit_count).id


SEARCHES: list[tuple[str, dict[str, Any]]] = [
    ("販路", {}),
    ("補助金", {"limit": 3}),
    ("販路 開拓", {}),
    ("販路\u3000開拓", {}),
    ("販路", {"kinds": ("plan", "engagement")}),
    ("社長", {"mode": VisitMode.ON_SITE}),
    ("販路", {"date_from": date(2025, 4, 1), "date_to": date(2026, 3, 31)}),
    ("ぜったいに見つからない言葉", {}),
]


def test_search_answers_the_same_on_both_paths(opened: Database) -> None:
    for query, options in SEARCHES:
        lean, full = _both(opened, search_hits, query=query, **options)
        assert lean == full, (query, options)
        with session_scope(opened, write=False) as session:
            assert search(session=session, query=query, **options) == lean
        if "見つからない" in query:
            assert lean == []
        else:
            assert lean, f"the demo data has hits for {query} {options}"
        if query == "販路":
            assert all("【販路】" in hit.snippet for hit in lean)


def test_a_search_narrowed_to_a_sponsor_finds_only_its_engagements(opened: Database) -> None:
    everything = lean_read(opened.paths, partial(search_hits, query="販路"))
    sponsor_name = everything[0].sponsor_name
    with session_scope(opened, write=False) as session:
        sponsor_id = session.exec(select(Engagement.sponsor_id)
                                  .where(Engagement.id == everything[0].engagement_id)).one()
    assert sponsor_id is not None
    lean, full = _both(opened, search_hits, query="販路", sponsor_id=sponsor_id)
    assert lean == full and lean
    assert {hit.sponsor_name for hit in lean} == {sponsor_name}


def test_an_empty_or_too_long_query_is_refused_the_same_way(opened: Database) -> None:
    for query in ("", " \u3000 ", "販" * 201):
        with pytest.raises(ValidationError) as lean:
            lean_read(opened.paths, partial(search_hits, query=query))
        with session_scope(opened, write=False) as session, \
                pytest.raises(ValidationError) as full:
            search(session=session, query=query)
        assert str(lean.value) == str(full.value)


def test_the_engagement_list_has_what_the_models_hold(opened: Database) -> None:
    lean, full = _both(opened, engagement_summaries)
    assert lean == full
    with session_scope(opened, write=False) as session:
        assert list_engagements(session=session) == lean
        engagements = {e.id: e for e in session.exec(select(Engagement))}
        visits = session.exec(select(Visit).where(col(Visit.is_draft).is_(False))).all()
    assert [e.id for e in lean] == [e.id for e in sorted(
        (e for e in engagements.values() if not e.archived),
        key=lambda e: (-e.start_on.toordinal(), e.title))]
    for summary in lean:
        model = engagements[summary.id]
        own = [v for v in visits if v.engagement_id == summary.id]
        assert (summary.title, summary.status, summary.scheme, summary.start_on,
                summary.planned_end_on) == (model.title, model.status, model.scheme,
                                            model.start_on, model.planned_end_on)
        assert summary.visit_count == len(own)
        assert summary.last_visit_at == max((v.started_at for v in own), default=None)
        assert summary.last_visit_at is None or summary.last_visit_at.tzinfo is not None


def test_every_visit_record_has_what_the_models_hold(opened: Database) -> None:
    lean, full = _both(opened, visit_full_records)
    assert lean == full
    with session_scope(opened, write=False) as session:
        visits = {v.id: v for v in session.exec(select(Visit).where(col(Visit.is_draft).is_(False)))}
        actions = session.exec(select(VisitAction)).all()
    assert [r.id for r in lean] == [v.id for v in sorted(
        visits.values(), key=lambda v: (v.started_at, v.id.hex), reverse=True)]
    for record in lean:
        visit = visits[record.id]
        for name in ("engagement_id", "started_at", "ended_at", "mode", "place", "attendees",
                     "purpose", "notes", "strengths", "issues", "decisions", "follow_up_on",
                     "follow_up_done_at", "distance_km", "created_at", "updated_at"):
            assert getattr(record, name) == getattr(visit, name), name
        assert sorted(a.id for a in record.next_actions) == sorted(
            a.id for a in actions if a.visit_id == record.id)
    assert any(r.next_actions for r in lean), "the demo data has next actions"


def test_one_engagements_visits_and_their_pages(opened: Database) -> None:
    busiest = _busiest(opened)
    lean, full = _both(opened, visit_full_records, engagement_id=busiest)
    assert lean == full and {r.engagement_id for r in lean} == {busiest}
    lines, _ = _both(opened, visit_lines, engagement_id=busiest)
    assert [line.id for line in lines] == [r.id for r in lean]
    assert all(line.mode == str(r.mode) for line, r in zip(lines, lean, strict=True))
    # Keyset pages of 5 put together are the whole list, as the window scrolls it.
    pages: list[Any] = []
    while True:
        page = lean_read(opened.paths, partial(visit_lines, engagement_id=busiest, limit=5,
                                               after=pages[-1] if pages else None))
        pages += page
        if len(page) < 5:
            break
    assert pages == lines
    with session_scope(opened, write=False) as session:
        assert list_visits(session=session, engagement_id=busiest, limit=5, offset=5) == \
            lines[5:10]


def test_an_engagement_that_does_not_exist_is_the_same_error_on_both_paths(
        opened: Database) -> None:
    for read in (partial(visit_full_records, engagement_id=NOWHERE),
                 partial(plan_list_rows, engagement_id=NOWHERE),
                 partial(kpi_list_rows, engagement_id=NOWHERE),
                 partial(require_engagement, engagement_id=NOWHERE)):
        with pytest.raises(EngagementNotFound) as lean:
            lean_read(opened.paths, read)
        with session_scope(opened, write=False) as session, \
                pytest.raises(EngagementNotFound) as full:
            read(driver_connection(session))
        assert str(lean.value) == str(full.value)
        assert lean.value.engagement_id == full.value.engagement_id == NOWHERE


def test_the_register_plan_and_kpis_answer_the_same_on_both_paths(opened: Database) -> None:
    lean, full = _both(opened, disclosure_lines)
    assert lean == full and [line.number for line in lean] == sorted(line.number for line in lean)
    busiest = _busiest(opened)
    plan, plan_full = _both(opened, plan_list_rows, engagement_id=busiest)
    assert plan == plan_full and plan
    assert all(row.depth == 0 or row.parent_id is not None for row in plan)
    kpis, kpis_full = _both(opened, kpi_list_rows, engagement_id=busiest,
                            today=DEMO_DAY)
    assert kpis == kpis_full and kpis


def test_a_read_through_a_session_sees_what_the_session_has_not_yet_flushed(
        opened: Database) -> None:
    with session_scope(opened) as session:
        engagement = session.exec(select(Engagement)).first()
        assert engagement is not None
        engagement.title = "雪国の直売所を通年営業にする"
        session.add(engagement)
        titles = [e.title for e in list_engagements(session=session)]
        session.rollback()
    assert "雪国の直売所を通年営業にする" in titles


def test_the_lean_path_only_reads(opened: Database) -> None:
    before = lean_read(opened.paths, engagement_summaries)

    def delete_everything(connection: Connection) -> None:
        connection.execute("DELETE FROM visit")

    with pytest.raises(LeanUnavailable):
        lean_read(opened.paths, delete_everything)
    assert lean_read(opened.paths, engagement_summaries) == before


# -- what is left to the full path ----------------------------------------------------------

def test_a_folder_at_another_schema_revision_is_left_to_the_full_path(opened: Database) -> None:
    with opened.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '0001'")
    with pytest.raises(LeanUnavailable, match=f"not {SCHEMA_HEAD}"):
        lean_read(opened.paths, engagement_summaries)


def test_a_key_the_keyring_does_not_give_is_left_to_the_full_path(opened: Database) -> None:
    import keyring

    keyring.set_keyring(MemoryKeyring())  # a new computer: only the passphrase opens it
    with pytest.raises(LeanUnavailable, match="keyring"):
        lean_read(opened.paths, engagement_summaries)


def test_a_keyring_entry_that_is_not_a_key_is_left_to_the_full_path(opened: Database) -> None:
    import keyring

    from companion.security import recovery
    from companion.security.data_key import key_from_keyring

    name = f"data-key-{recovery.load(opened.paths.recovery_file).key_id}"
    for stored in ("ここに鍵はありません", "abcd", ""):
        keyring.set_password("Companion", name, stored)
        assert key_from_keyring(opened.paths) is None
        with pytest.raises(LeanUnavailable, match="keyring"):
            lean_read(opened.paths, engagement_summaries)


def test_folders_out_of_the_ordinary_are_left_to_the_full_path(
        opened: Database, data_paths: DataPaths, tmp_path: Any) -> None:
    assert FIRST_START_MARKER == storage.FIRST_START_MARKER
    (data_paths.root / FIRST_START_MARKER).touch()
    with pytest.raises(LeanUnavailable, match="first start"):
        lean_read(data_paths, engagement_summaries)
    (data_paths.root / FIRST_START_MARKER).unlink()
    for missing in (DataPaths(tmp_path / "ない"), DataPaths(tmp_path)):
        with pytest.raises(LeanUnavailable, match="no database"):
            lean_read(missing, engagement_summaries)


def test_a_damaged_database_is_left_to_the_full_path(opened: Database,
                                                     data_paths: DataPaths) -> None:
    opened.close()
    with open(data_paths.database, "r+b") as handle:  # the first page: nothing reads
        handle.seek(100)
        handle.write(b"\x00" * 3000)
    with pytest.raises(LeanUnavailable):
        lean_read(data_paths, engagement_summaries)


def test_a_plain_database_is_left_to_the_full_path(demo_db: Database,
                                                   data_paths: DataPaths) -> None:
    with pytest.raises(LeanUnavailable, match="not encrypted"):
        lean_read(data_paths, engagement_summaries)


def test_times_read_back_are_the_stored_moments(opened: Database) -> None:
    newest = lean_read(opened.paths, partial(visit_lines, limit=1))[0]
    assert newest.started_at.utcoffset() == timedelta(0)
    assert datetime.now(UTC) - newest.started_at < timedelta(days=3650)
    with pytest.raises(KnownError):
        lean_read(opened.paths, partial(search_hits, query="販路", mode="空を飛んで"))


def test_a_schema_head_constant_older_than_the_migrations_is_not_trusted(
        opened: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    from companion.db import schema_current
    from companion.db.schema_head import SCHEMA_SCRIPTS

    assert schema_current.schema_head_is_current()
    monkeypatch.setattr(schema_current, "SCHEMA_SCRIPTS", SCHEMA_SCRIPTS - {max(SCHEMA_SCRIPTS)})
    with pytest.raises(LeanUnavailable, match=r"schema_head\.py"):
        lean_read(opened.paths, engagement_summaries)
