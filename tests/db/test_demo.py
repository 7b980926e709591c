"""The demo data: realistic, reproducible, consistent, written once and all at once."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import fields, replace
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, col, func, select

from companion.db import search_index
from companion.db.database import Database, open_database
from companion.db.device import local_device_id
from companion.db.migrate import head_revision
from companion.db.models import (
    ChangeLog,
    Client,
    Disclosure,
    DisclosureVersion,
    Engagement,
    Kpi,
    PlanItem,
    Sponsor,
    Visit,
    VisitAction,
)
from companion.domain.calendar import JST, fiscal_year_bounds
from companion.domain.enums import (
    ChangeOperation,
    DisclosureKind,
    EngagementStatus,
    PlanLevel,
    SponsorKind,
    VisitMode,
)
from companion.domain.register_log import KIND_DISCLOSURE, chain_problems, content_hash
from companion.errors import KnownError, NotFoundError, ValidationError
from companion.paths import DataPaths
from companion.services import demo_corpus as corpus
from companion.services.demo import _SCALES, DemoSummary, _Builder, generate_demo
from companion.services.disclosures import (
    DisclosureDraft,
    amend,
    declare,
    list_disclosures,
)
from companion.services.health import check_database
from companion.services.register import log_entries
from companion.services.search import search
from companion.services.session import last_change_set, session_scope
from companion.services.undo import undo_change_set

TODAY = date(2026, 11, 20)
RED_FLAG_WORDS = ("出資", "役員", "株式")


def _fill(db: Database) -> DemoSummary:
    with session_scope(db) as session:
        return generate_demo(session=session, size="small", today=TODAY)


@pytest.fixture
def demo(db: Database) -> DemoSummary:
    return _fill(db)


def _all(session: Session, model: Any) -> list[Any]:
    return list(session.exec(select(model)).all())


def test_small_demo_has_three_sponsors_eight_businesses_and_about_150_visits(
        db: Database, demo: DemoSummary) -> None:
    assert (demo.clients, demo.sponsors, demo.engagements) == (8, 3, 8)
    assert 130 <= demo.visits <= 170
    assert 120 <= demo.plan_items <= 300
    assert demo.kpis >= 3 * demo.engagements
    assert demo.disclosure_versions >= 5
    with session_scope(db, write=False) as session:
        assert len(_all(session, Visit)) == demo.visits
        assert len(_all(session, PlanItem)) == demo.plan_items
        assert len(_all(session, DisclosureVersion)) == demo.disclosure_versions
        kinds = {SponsorKind(s.kind) for s in _all(session, Sponsor)}
        statuses = Counter(EngagementStatus(e.status) for e in _all(session, Engagement))
        clients = _all(session, Client)
        first_kpis = session.exec(select(Kpi).where(Kpi.position == 0)).all()
        visits = _all(session, Visit)
        actions = _all(session, VisitAction)
    assert kinds == {SponsorKind.MUNICIPALITY, SponsorKind.SHOKOKAI, SponsorKind.BIZ}
    assert statuses[EngagementStatus.SELF_RUNNING] == 1
    assert statuses[EngagementStatus.PREPARING] == 1
    assert statuses[EngagementStatus.ACTIVE] == 6
    assert all(c.kana and c.industry and c.representative and c.founded_on for c in clients)
    assert {k.name for k in first_kpis} == {"売上高"}
    assert {k.unit for k in first_kpis} <= {"千円", "円"}
    lengths = [len(v.notes) for v in visits]
    assert 230 <= sum(lengths) / len(lengths) <= 400 and min(lengths) >= 120
    for visit in visits:
        text = visit.notes + visit.strengths + visit.issues + visit.decisions + visit.purpose
        assert re.search("[ぁ-ん]", text) and "lorem" not in text.lower()
        assert not re.search(r"[{}#@]", text), text  # every field filled, no pool markers
    assert any(a.plan_item_id for a in actions) and any(a.done_at for a in actions)
    assert any(a.done_at is None for a in actions)


def _content(db: Database) -> tuple[list[Any], ...]:
    with session_scope(db, write=False) as session:
        clients = [(c.id, c.name, c.kana) for c in
                   session.exec(select(Client).order_by(col(Client.name)))]
        visits = [(v.id, v.started_at, v.notes, v.decisions) for v in
                  session.exec(select(Visit).order_by(col(Visit.started_at), col(Visit.id)))]
        chain = [v.content_hash for v in session.exec(
            select(DisclosureVersion).order_by(col(DisclosureVersion.log_seq)))]
    return clients, visits, chain


def test_two_runs_with_the_same_day_write_the_same_data(db: Database, demo: DemoSummary,
                                                        tmp_path: Path) -> None:
    other = open_database(DataPaths(tmp_path / "other"), create=True)
    try:
        assert _fill(other) == demo
        assert _content(other) == _content(db)
    finally:
        other.close()


def test_visits_fall_inside_their_engagement_and_not_after_today(
        db: Database, demo: DemoSummary) -> None:
    with session_scope(db, write=False) as session:
        rows = session.exec(select(Visit, Engagement)
                            .join(Engagement, col(Engagement.id) == Visit.engagement_id)).all()
    for visit, engagement in rows:
        day = visit.started_at.astimezone(JST).date()
        assert engagement.start_on <= day <= (engagement.planned_end_on or TODAY)
        assert day < TODAY
        assert visit.started_at.tzinfo is not None
        assert visit.ended_at is not None and visit.ended_at > visit.started_at
        if visit.mode in (VisitMode.PHONE, VisitMode.ONLINE):
            assert visit.distance_km == 0
        if visit.follow_up_on is not None:
            assert visit.follow_up_on > day


def test_plan_items_form_a_tree_within_one_fiscal_year(db: Database, demo: DemoSummary) -> None:
    with session_scope(db, write=False) as session:
        items = {item.id: item for item in _all(session, PlanItem)}
        engagements = {e.id: e for e in _all(session, Engagement)}
    parent_level = {PlanLevel.GOAL: None, PlanLevel.MILESTONE: PlanLevel.GOAL,
                    PlanLevel.ACTION: PlanLevel.MILESTONE}
    for item in items.values():
        level = PlanLevel(item.level)
        parent = items.get(item.parent_id) if item.parent_id else None
        assert (PlanLevel(parent.level) if parent else None) == parent_level[level]
        if parent is not None:
            assert (parent.engagement_id, parent.fiscal_year) == (item.engagement_id,
                                                                  item.fiscal_year)
        first, last = fiscal_year_bounds(item.fiscal_year)
        assert item.due_on is not None and first <= item.due_on <= last
        engagement = engagements[item.engagement_id]
        assert engagement.start_on <= item.due_on <= (engagement.planned_end_on or last)
        assert 0 <= item.progress <= 100
    children = Counter(item.parent_id for item in items.values() if item.parent_id)
    assert all(children[i] >= 1 for i, item in items.items() if item.level != PlanLevel.ACTION)


def test_disclosure_log_is_unbroken_and_the_red_flag_cases_are_there(
        db: Database, demo: DemoSummary) -> None:
    with session_scope(db, write=False) as session:
        versions = list(session.exec(select(DisclosureVersion).order_by(
            col(DisclosureVersion.log_seq))))
        entries = log_entries(session=session)
        engagements = _all(session, Engagement)
        clients = {c.id: c for c in _all(session, Client)}
        visits = _all(session, Visit)
    assert chain_problems(entries) == []
    payloads = {e.seq: e.payload for e in entries if e.kind == KIND_DISCLOSURE}
    assert [v.log_seq for v in versions] == sorted(payloads)
    assert all(content_hash(payloads[v.log_seq]) == v.content_hash for v in versions)
    # recorded in the order they happened
    stamps = [v.created_at for v in versions]
    assert stamps == sorted(stamps)
    assert [v.declared_on for v in versions] == sorted(v.declared_on for v in versions)
    assert any(v.version == 2 for v in versions)  # an amendment; version 1 stays
    firsts = [v for v in versions if v.version == 1]
    # declared more than 30 days after the interest started
    assert any(v.kind == DisclosureKind.INVESTMENT
               and (v.declared_on - v.started_on) > timedelta(days=30) for v in firsts)
    # an active interest without a mitigation, in a client with an active engagement
    active_clients = {e.client_id for e in engagements if e.status == EngagementStatus.ACTIVE}
    assert any(v.mitigation == "" and v.ended_on is None
               and v.counterpart_client_id in active_clients for v in versions)
    # a fee paid by a business the practitioner invests in
    invested = {v.counterpart_client_id for v in versions if v.kind == DisclosureKind.INVESTMENT}
    assert any(e.fee_paid_by_client and e.client_id in invested for e in engagements)
    # a visit note mentions a role or an investment where nothing was disclosed
    disclosed = {v.counterpart_client_id for v in versions}
    client_of = {e.id: e.client_id for e in engagements}
    assert any(client_of[v.engagement_id] not in disclosed
               and any(word in v.notes for word in RED_FLAG_WORDS) for v in visits)
    # and clean ones with a proper mitigation
    assert sum(1 for v in firsts if v.mitigation and v.declared_on <= v.started_on) >= 2
    assert all(clients[v.counterpart_client_id].name == v.counterpart_name for v in versions
               if v.counterpart_client_id)


def test_demo_refuses_a_database_that_already_has_data(db: Database, demo: DemoSummary) -> None:
    with session_scope(db, write=False) as session:
        before = session.exec(select(func.count()).select_from(ChangeLog)).one()
    with pytest.raises(KnownError, match="既に") as raised:
        _fill(db)
    assert "--data-dir" in raised.value.hint
    with session_scope(db, write=False) as session:
        assert session.exec(select(func.count()).select_from(ChangeLog)).one() == before
        assert len(_all(session, Client)) == demo.clients


def test_a_failure_half_way_writes_nothing(db: Database) -> None:
    def fail_late(done: int, total: int) -> None:
        if 0 < done < total:
            raise RuntimeError("disk unplugged")

    with pytest.raises(RuntimeError), session_scope(db) as session:
        generate_demo(session=session, size="small", today=TODAY, progress=fail_late)
    with session_scope(db, write=False) as session:
        assert _all(session, Client) == [] and _all(session, ChangeLog) == []


def test_search_finds_the_visits_about_sales_channels(db: Database, demo: DemoSummary) -> None:
    with session_scope(db, write=False) as session:
        for query in ("販路", "販路開拓"):
            hits = [h for h in search(session=session, query=query) if h.kind == "visit"]
            assert len(hits) >= 5
            assert all(f"【{query}】" in hit.snippet for hit in hits)


def test_progress_is_reported_up_to_the_total(db: Database) -> None:
    seen: list[tuple[int, int]] = []
    with session_scope(db) as session:
        generate_demo(session=session, today=TODAY, progress=lambda d, t: seen.append((d, t)))
    assert seen[-1][0] == seen[-1][1] and len(seen) > 3
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_ordinary_phrases_never_use_the_words_the_red_flag_rules_look_for() -> None:
    """Only CONFLICT_MENTIONS may say 出資/役員/株式, or every client would be flagged."""
    ordinary: list[str] = [*corpus.GENERIC_OBSERVATIONS, *corpus.SPONSOR_OBSERVATIONS,
                           *corpus.CLOSINGS, *corpus.CLOSINGS_WITH_DATE, *corpus.PHONE_CLOSINGS,
                           *corpus.PHONE_CLOSINGS_WITH_DATE, *corpus.QUOTE_FRAMES,
                           *corpus.GENERIC_STRENGTHS, *corpus.TRADE_FAIRS]
    for goals in corpus.GOALS_BY_YEAR:
        ordinary += goals
    for topic in corpus.TOPICS:
        ordinary += [*topic.purposes, *topic.quotes, *topic.observations, *topic.issues,
                     *topic.decisions, *topic.milestones, *(text for text, _ in topic.actions)]
    for archetype in corpus.ARCHETYPES:
        for f in fields(archetype):
            value = getattr(archetype, f.name)
            if isinstance(value, tuple) and f.name != "forms":  # 株式会社 is a name
                ordinary += [v for v in value if isinstance(v, str)]
    for text in ordinary:
        assert not any(word in text for word in RED_FLAG_WORDS), text
    assert all(any(word in text for word in RED_FLAG_WORDS) for text in corpus.CONFLICT_MENTIONS)


def test_large_demo_plan_shares_visits_and_disclosures_as_designed() -> None:
    """The sizing of ``--size large``, without writing it (that takes half a minute)."""
    builder = _Builder(session=None, today=TODAY, scale=_SCALES["large"],  # type: ignore[arg-type]
                       progress=None)
    builder.make_large_cases(_SCALES["large"])
    cases = builder.cases
    assert len(cases) == 200 and len({c.profile.client_id for c in cases}) == 180
    assert len(builder.sponsors) == 12
    assert sum(c.visits for c in cases) == 20_000 and max(c.visits for c in cases) == 500
    first_day = TODAY - timedelta(days=3653)
    assert all(first_day <= c.engagement.start_on < TODAY for c in cases)
    assert 280 <= len(builder.events) <= 300
    last_seen: dict[int, date] = {}
    for event in sorted(builder.events, key=lambda e: e.on):
        assert event.on < TODAY
        if event.reason:  # an amendment comes after the version it amends
            assert event.key in last_seen and event.on > last_seen[event.key]
        last_seen[event.key] = event.on


def test_an_amendment_is_a_new_version_appended_to_the_register_log(db: Database) -> None:
    draft = DisclosureDraft(kind=DisclosureKind.ADVISORY, counterpart_name="有限会社 松月堂",
                            started_on=date(2026, 4, 1), declared_on=date(2026, 3, 29),
                            amount_yen=180_000, mitigation="顧問業務の記録は別に管理する。")
    with session_scope(db) as session:
        disclosure_id = declare(session=session, draft=draft)
        amend(session=session, disclosure_id=disclosure_id,
              draft=replace(draft, amount_yen=240_000),
              reason="報酬額の改定")
        with pytest.raises(ValidationError):
            amend(session=session, disclosure_id=disclosure_id, draft=draft, reason=" ")
        missing = Disclosure(number=99).id
        with pytest.raises(NotFoundError):
            amend(session=session, disclosure_id=missing, draft=draft, reason="訂正")
        [line] = list_disclosures(session=session)
        versions = list(session.exec(select(DisclosureVersion).order_by(
            col(DisclosureVersion.log_seq))))
        entries = log_entries(session=session)
    assert (line.version, line.amount_yen) == (2, 240_000)
    assert [v.version for v in versions] == [1, 2]
    assert versions[0].amount_yen == 180_000  # the old version is kept as it was
    assert versions[1].reason == "報酬額の改定"
    assert chain_problems(entries) == [] and entries[-1].seq == versions[1].log_seq


def test_home_shows_a_few_overdue_follow_ups_not_dozens(db: Database, demo: DemoSummary) -> None:
    """One practitioner's small demo: a handful overdue (mostly from the last weeks, one
    or two left for months), as a real list would be — not 67."""
    from companion.services.home import home_summary

    with session_scope(db) as session:
        summary = home_summary(session=session, today=TODAY)
    assert 2 <= summary.overdue_count <= 8
    assert 1 <= summary.long_overdue_count <= 3  # ホーム's folded group has something in it
    assert summary.overdue_count - summary.long_overdue_count >= 2  # recent ones on top
    recent = [f for f in summary.overdue if not summary.is_long_overdue(f)]
    assert all((TODAY - f.follow_up_on).days <= 30 for f in recent)
    assert summary.overdue == sorted(summary.overdue, key=lambda f: f.follow_up_on,
                                     reverse=True)  # most recently due first


def test_plan_actions_left_overdue_are_few_and_recent(db: Database, demo: DemoSummary) -> None:
    """ホーム's 計画のアクション list on the demo: a few overdue, none for years."""
    from companion.services.plans import plan_actions_due

    with session_scope(db) as session:
        due = plan_actions_due(session=session, today=TODAY)
    assert due.overdue_count <= 6
    assert all((TODAY - item.due_on).days <= 365 for item in due.items)


def test_huge_demo_plan_is_five_times_large_with_the_same_busiest_engagement() -> None:
    """The sizing of ``--size huge`` (benchmarks of growth), without writing it."""
    builder = _Builder(session=None, today=TODAY, scale=_SCALES["huge"],  # type: ignore[arg-type]
                       progress=None)
    builder.make_large_cases(_SCALES["huge"])
    cases = builder.cases
    assert len(cases) == 1_000 and len({c.profile.client_id for c in cases}) == 900
    assert len({c.profile.name for c in cases}) == 900
    assert sum(c.visits for c in cases) == 100_000 and max(c.visits for c in cases) == 500
    assert 1_400 <= len(builder.events) <= 1_500


def test_demo_rows_written_in_bulk_are_logged_like_any_other_write(db: Database) -> None:
    with session_scope(db) as session:
        summary = generate_demo(session=session, size="small", today=TODAY)
        change_set = last_change_set(session)
    assert change_set is not None
    assert check_database(db).problems == []
    with session_scope(db, write=False) as session:
        entries = list(session.exec(select(ChangeLog).order_by(col(ChangeLog.sequence))))
        visits = {v.id: v for v in _all(session, Visit)}
        actions = _all(session, VisitAction)
    # One device, numbered 1, 2, 3 ... without a gap, the clock only moving forward.
    assert {e.device_id for e in entries} == {local_device_id(db.paths)}
    assert [e.sequence for e in entries] == list(range(1, len(entries) + 1))
    assert all(a.hlc < b.hlc for a, b in pairwise(entries))
    assert {e.schema_revision for e in entries} == {head_revision()}
    assert {e.change_set for e in entries} == {change_set}
    # Each visit and next action has its one create entry, holding the row as written.
    created = Counter((e.entity, e.entity_id) for e in entries
                      if e.operation is ChangeOperation.CREATE)
    assert all(created[("visit", v)] == 1 for v in visits)
    assert all(created[("visitaction", a.id)] == 1 for a in actions)
    assert len(visits) == summary.visits
    first = next(e for e in entries if e.entity == "visit")
    assert first.row_version == 1 and first.before is None and first.after is not None
    after = json.loads(first.after)
    visit = visits[first.entity_id]
    assert (after["notes"], after["engagement_id"]) == (visit.notes, visit.engagement_id.hex)
    # Parents are logged before their children (undo replays them backwards).
    position = {(e.entity, e.entity_id): i for i, e in enumerate(entries)}
    assert all(position[("visit", a.visit_id)] < position[("visitaction", a.id)]
               for a in actions)


def test_the_search_index_is_whole_after_a_demo_and_its_triggers_are_back(
        db: Database, demo: DemoSummary) -> None:
    with db.engine.connect() as connection:
        assert search_index.inconsistencies(connection) == []
        triggers = {row[0] for row in connection.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert {f"visit_search_{event}" for event in ("insert", "update", "delete")} <= triggers
    with session_scope(db) as session:  # a visit written after the demo is found at once
        visit = session.exec(select(Visit).limit(1)).one()
        visit.notes += "雪室で寝かせた林檎の試食会を提案した。"
        session.commit()
    with session_scope(db, write=False) as session:
        hits = search(session=session, query="雪室で寝かせた林檎")
    assert [hit.ref_id for hit in hits if hit.kind == "visit"] == [visit.id]


def test_a_failed_demo_leaves_the_search_triggers_in_place(db: Database) -> None:
    def count_triggers() -> int:
        with db.engine.connect() as connection:
            return int(connection.exec_driver_sql(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'").scalar_one())

    before = count_triggers()

    def fail_late(done: int, total: int) -> None:
        if 0 < done < total:
            raise RuntimeError("disk unplugged")

    with pytest.raises(RuntimeError), session_scope(db) as session:
        generate_demo(session=session, size="small", today=TODAY, progress=fail_late)
    assert count_triggers() == before > 0


def test_the_demo_cannot_be_undone_as_a_whole_and_undo_changes_nothing(
        db: Database) -> None:
    with session_scope(db) as session:
        generate_demo(session=session, size="small", today=TODAY)
        change_set = last_change_set(session)
    assert change_set is not None
    with session_scope(db, write=False) as session:
        before = session.exec(select(func.count()).select_from(ChangeLog)).one()
    with session_scope(db) as session, pytest.raises(KnownError, match="取り消せません"):
        undo_change_set(session=session, change_set=change_set)
    with session_scope(db, write=False) as session:
        assert session.exec(select(func.count()).select_from(ChangeLog)).one() == before
        assert len(_all(session, Visit)) > 100
