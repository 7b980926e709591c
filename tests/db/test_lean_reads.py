"""The lean read path (db.lean) and the read queries written once (db.reads): the same
function answers through a Session (the window, the services) and on a connection of
its own without SQLAlchemy (``companion search`` / ``list``), with the same values; and
any folder out of the ordinary is left to the full path, untouched."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from functools import partial
from typing import Any

import pytest
from companion_testing.demo_folders import DEMO_DAY, DemoFolders
from sqlmodel import col, select

from companion.db.database import Database
from companion.db.lean import FIRST_START_MARKER, LeanUnavailable, lean_read
from companion.db.models import (
    Client,
    Disclosure,
    DisclosureEngagement,
    DisclosureVersion,
    Engagement,
    Review,
    ReviewFinding,
    Visit,
    VisitAction,
)
from companion.db.reads import Connection, driver_connection
from companion.db.reads import red_flags as red_flag_reads
from companion.db.reads.disclosures import disclosure_lines
from companion.db.reads.dispositions import disclosure_listing, disposition_lines
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
from companion.db.search_index import SENSITIVE_TEXT
from companion.domain.enums import Finding, VisitMode
from companion.domain.red_flag_rules import VERSION
from companion.domain.red_flags import Disposition, ReviewedVersion, Rule
from companion.errors import EngagementNotFound, KnownError, ValidationError
from companion.keystore import MemoryKeyring
from companion.paths import DataPaths
from companion.services import dispositions as disposition_service
from companion.services import red_flags as red_flag_service
from companion.services import storage
from companion.services.dispositions import DispositionInput
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


def _review(db: Database, *, reviewer: str, on: date,
            findings: Sequence[tuple[uuid.UUID, str]] = (),
            dispositions: Sequence[DispositionInput] = ()) -> uuid.UUID:
    """A reviewer's response as the import stores it: findings on versions (with the
    content hash the reviewer saw) and dispositions of red flags."""
    with session_scope(db) as session:
        review = Review(reviewer=reviewer, reviewed_on=on)
        session.add(review)
        session.flush()
        for version_id, seen_hash in findings:
            session.add(ReviewFinding(review_id=review.id, version_id=version_id,
                                      finding=Finding.NO_ISSUE, reviewed_hash=seen_hash))
        disposition_service.record_dispositions(session=session, review_id=review.id,
                                                items=dispositions)
        session.commit()
        return review.id


def test_the_red_flag_inputs_answer_the_same_on_both_paths_as_the_models_hold(
        opened: Database) -> None:
    assert red_flag_reads.SENSITIVE_TEXT == SENSITIVE_TEXT
    with session_scope(opened, write=False) as session:
        versions = session.exec(select(DisclosureVersion, Disclosure.number).join(
            Disclosure, col(Disclosure.id) == DisclosureVersion.disclosure_id)).all()
        links = session.exec(select(DisclosureEngagement)).all()
        engagements = session.exec(select(Engagement, Client.name).join(
            Client, col(Client.id) == Engagement.client_id)).all()
    amended = next(v for v, _number in versions if v.version == 1 and any(
        other.disclosure_id == v.disclosure_id and other.version == 2 for other, _ in versions))
    # A reviewer saw the first version of an amended disclosure, with other contents.
    _review(opened, reviewer="高橋 健一(秋田県よろず支援拠点)", on=date(2026, 6, 30),
            findings=[(amended.id, "0" * 64)])

    facts, facts_full = _both(opened, red_flag_reads.disclosure_facts)
    assert facts == facts_full
    assert [(f.version_id, f.number, f.version, f.kind, f.counterpart_name,
             f.counterpart_client_id, f.started_on, f.ended_on, f.declared_on, f.mitigation,
             f.content_hash, f.engagement_ids) for f in facts] == [
        (v.id, number, v.version, v.kind.value, v.counterpart_name, v.counterpart_client_id,
         v.started_on, v.ended_on, v.declared_on, v.mitigation, v.content_hash,
         frozenset(link.engagement_id for link in links if link.version_id == v.id))
        for v, number in sorted(versions, key=lambda row: (row[1], row[0].version))]
    assert all(f.substance and f.written_on for f in facts)
    assert any(f.engagement_ids for f in facts), "the demo links disclosures to engagements"

    engaged, engaged_full = _both(opened, red_flag_reads.engagement_facts)
    assert engaged == engaged_full
    assert sorted((e.engagement_id, e.client_id, e.client_name, e.title, e.status,
                   e.fee_paid_by_client, e.start_on, e.fee_terms) for e in engaged) == sorted(
        (e.id, e.client_id, name, e.title, e.status.value, e.fee_paid_by_client, e.start_on,
         e.fee_terms) for e, name in engagements)

    mentions, mentions_full = _both(opened, red_flag_reads.sensitive_mentions)
    assert mentions == mentions_full and mentions, "the demo notes mention an investment"
    one = mentions[0].engagement_id
    theirs, _ = _both(opened, red_flag_reads.sensitive_mentions, engagement_ids=[one])
    assert theirs == [m for m in mentions if m.engagement_id == one]
    assert lean_read(opened.paths, partial(red_flag_reads.sensitive_mentions,
                                           engagement_ids=[NOWHERE])) == []

    reviewed, reviewed_full = _both(opened, red_flag_reads.reviewed_versions)
    assert reviewed == reviewed_full == [
        ReviewedVersion(amended.id, amended.disclosure_id, "0" * 64, date(2026, 6, 30))]

    inputs, inputs_full = _both(opened, red_flag_reads.red_flag_inputs, today=DEMO_DAY)
    assert inputs == inputs_full
    with session_scope(opened, write=False) as session:
        assert red_flag_service.red_flag_inputs(session=session, today=DEMO_DAY) == inputs
    rewritten = [f for f in inputs.flags() if f.rule is Rule.CHANGED_AFTER_REVIEW]
    assert [f.ref_ids for f in rewritten] == [(amended.id,)]


def test_the_register_listing_with_flags_and_dispositions_answers_the_same_on_both_paths(
        opened: Database) -> None:
    before = lean_read(opened.paths, partial(disclosure_listing, today=DEMO_DAY))
    assert before.rules_version == VERSION
    assert before.disclosures == lean_read(opened.paths, disclosure_lines)
    assert len(before.red_flags) >= 2 and all(f.disposition == "" for f in before.red_flags)
    numbers = {line.number for line in before.disclosures}
    assert all(set(flag.disclosures) <= numbers for flag in before.red_flags)
    assert any(flag.records for flag in before.red_flags), "a flag shows the records behind it"
    first, second = before.red_flags[0], before.red_flags[1]
    assert first.rule == Rule.LATE_DECLARATION.value
    # An earlier review asked for action on one flag and an explanation of another; a
    # later one found the first in order. The practitioner explained the second.
    _review(opened, reviewer="高橋 健一(秋田県よろず支援拠点)", on=date(2026, 9, 30), dispositions=[
        DispositionInput(first.id, Disposition.ACTION, rule=first.rule, reason=first.reason,
                         owner="佐藤 みのり", action="申告が遅れた経緯を委託元に書面で報告する",
                         due_on=date(2026, 10, 31)),
        DispositionInput(second.id, Disposition.EXPLAIN, rule=second.rule, reason=second.reason,
                         comment="委託元との協議の記録を示してください。")])
    _review(opened, reviewer="小野寺 さくら(湯沢市産業振興課)", on=date(2026, 11, 10),
            dispositions=[DispositionInput(first.id, Disposition.NO_ISSUE, rule=first.rule,
                                           reason=first.reason)])
    explained = next(line for line in lean_read(opened.paths, disposition_lines)
                     if line.flag_id == second.id)
    with session_scope(opened) as session:
        disposition_service.resolve_disposition(
            session=session, disposition_id=explained.id, today=DEMO_DAY,
            resolution="2026-11-12 の協議記録(湯沢市産業振興課)を提出して説明した。")

    every, every_full = _both(opened, disposition_lines)
    assert every == every_full
    assert [(line.reviewer, line.disposition) for line in every] == [
        ("小野寺 さくら(湯沢市産業振興課)", Disposition.NO_ISSUE),
        ("高橋 健一(秋田県よろず支援拠点)", Disposition.ACTION),
        ("高橋 健一(秋田県よろず支援拠点)", Disposition.EXPLAIN)]
    still_open, still_open_full = _both(opened, disposition_lines, open_only=True)
    assert still_open == still_open_full
    assert [(line.disposition, line.due_on) for line in still_open] == [
        (Disposition.ACTION, date(2026, 10, 31))]
    with session_scope(opened, write=False) as session:
        assert disposition_service.list_dispositions(session=session) == every

    listing, listing_full = _both(opened, disclosure_listing, today=DEMO_DAY)
    assert listing == listing_full
    with session_scope(opened, write=False) as session:
        assert disposition_service.disclosure_listing(session=session, today=DEMO_DAY) == listing
    shown = {flag.id: (flag.disposition, flag.resolution) for flag in listing.red_flags}
    assert shown[first.id] == ("問題なし", "")  # the latest review's
    assert shown[second.id] == ("要説明", "2026-11-12 の協議記録(湯沢市産業振興課)を提出して説明した。")
    assert [flag.id for flag in listing.red_flags] == [flag.id for flag in before.red_flags]
    assert all(shown[flag.id] == ("", "") for flag in before.red_flags[2:])


def test_the_register_listing_reads_without_the_full_path_s_modules() -> None:
    import subprocess
    import sys

    heavy = ("sqlalchemy", "sqlmodel", "pydantic", "alembic", "PySide6")
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, companion.db.lean, companion.db.reads.dispositions; "
                               "print(' '.join(sorted(sys.modules)))"],
        capture_output=True, text=True, check=True).stdout.split()
    assert "companion.domain.red_flags" in loaded
    assert not [m for m in loaded if m.split(".")[0] in heavy]


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
