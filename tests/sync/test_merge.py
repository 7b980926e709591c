"""Merging two computers' change logs loses nothing (services.sync.merge): field by
field the later change wins whatever order entries arrive in, the same visit text
written on both keeps both, deletes are tombstones an edit can overturn, records that
only grow are unions, and a batch waits for what it depends on."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from companion_testing.factories import add_engagement, add_visit
from companion_testing.merge_devices import (
    Device,
    close_all,
    delete_visit,
    edit_visit,
    entries_for,
    open_device,
    send,
    shared_visit,
    synced_rows,
    visit_of,
)
from sqlmodel import Session, select

from companion.db.models import (
    Attachment,
    ChangeLog,
    Client,
    Engagement,
    SyncPeer,
    Visit,
    VisitAction,
)
from companion.domain.enums import Owner
from companion.services.health import check_database
from companion.services.search import search
from companion.services.sync.conflicts import list_conflicts, resolve_conflict
from companion.services.sync.merge import apply_entries
from companion.services.sync.outgoing import outgoing_entries


@pytest.fixture
def devices(migrated_template: Path, tmp_path: Path) -> Iterator[tuple[Device, Device]]:
    laptop = open_device(migrated_template, tmp_path, "laptop")
    desktop = open_device(migrated_template, tmp_path, "desktop")
    yield laptop, desktop
    close_all(laptop, desktop)


def test_the_created_record_arrives_and_search_finds_its_words(devices) -> None:  # type: ignore[no-untyped-def]
    laptop, desktop = devices
    visit_id = shared_visit(laptop, desktop)
    arrived = visit_of(desktop, visit_id)
    assert arrived is not None and "雪室熟成" in arrived.notes
    assert desktop.read(lambda s: search(session=s, query="雪室熟成"))
    assert synced_rows(laptop) == synced_rows(desktop)
    for device in devices:
        assert check_database(device.db).ok, check_database(device.db).problems


def test_fields_take_the_later_change_whatever_order_they_arrive_in(devices, migrated_template,
                                                                  tmp_path) -> None:  # type: ignore[no-untyped-def]
    laptop, desktop = devices
    visit_id = shared_visit(laptop, desktop)
    common = len(laptop.read(lambda s: outgoing_entries(s, after_sequence=0)))
    edit_visit(laptop, visit_id, place="道の駅ゆざわ")  # earlier
    edit_visit(desktop, visit_id, place="蔵の直売所", distance_km=18.5)  # later
    edit_visit(laptop, visit_id, follow_up_on=date(2025, 7, 1))  # later still, another field
    # The desktop gets the laptop's edits after its own; a third computer gets the
    # desktop's edit before the laptop's (after their common state, which it depends on).
    third = open_device(migrated_template, tmp_path, "third")
    try:
        laptop_entries, _ = entries_for(laptop, third)
        desktop_entries, _ = entries_for(desktop, third)
        with third.session() as session:
            apply_entries(session, laptop.id, laptop_entries[:common])
            apply_entries(session, desktop.id, desktop_entries)
            apply_entries(session, laptop.id, laptop_entries[common:])
            session.commit()
        send(laptop, desktop)
        send(desktop, laptop)
        for device in (laptop, desktop, third):
            visit = visit_of(device, visit_id)
            assert visit is not None
            assert (visit.place, visit.distance_km, visit.follow_up_on) == (
                "蔵の直売所", 18.5, date(2025, 7, 1)), device.name
        assert synced_rows(laptop) == synced_rows(desktop) == synced_rows(third)
    finally:
        close_all(third)


def test_the_same_text_written_on_both_keeps_both(devices) -> None:  # type: ignore[no-untyped-def]
    laptop, desktop = devices
    visit_id = shared_visit(laptop, desktop)
    edit_visit(laptop, visit_id, notes="試飲会は11月の収穫祭に合わせて開催することで合意。")
    edit_visit(desktop, visit_id, notes="試飲会は見送り、まず酒販店へのサンプル送付から始める。")
    to_desktop = send(laptop, desktop)
    to_laptop = send(desktop, laptop)
    assert to_desktop.conflicts == 1 and to_laptop.conflicts == 1
    # The later edit (the desktop's) is in the record on both; the other is kept.
    for device in devices:
        visit = visit_of(device, visit_id)
        assert visit is not None and visit.notes.startswith("試飲会は見送り")
        [conflict] = device.read(list_conflicts)
        assert conflict.kind == "text" and conflict.field_label == "記録"
        assert conflict.label == "訪問記録 2025-06-12 有限会社やまなか酒造"
        assert conflict.kept_value.startswith("試飲会は見送り")
        assert conflict.other_value.startswith("試飲会は11月")
    assert synced_rows(laptop) == synced_rows(desktop)


def test_an_edit_that_does_not_touch_the_same_text_is_no_conflict(devices) -> None:  # type: ignore[no-untyped-def]
    laptop, desktop = devices
    visit_id = shared_visit(laptop, desktop)
    edit_visit(laptop, visit_id, strengths="地元米にこだわる製法")
    edit_visit(desktop, visit_id, decisions="12月に商談会へ出展する")
    assert send(laptop, desktop).conflicts == 0
    assert send(desktop, laptop).conflicts == 0
    for device in devices:
        visit = visit_of(device, visit_id)
        assert visit is not None
        assert (visit.strengths, visit.decisions) == ("地元米にこだわる製法", "12月に商談会へ出展する")


def test_a_newer_delete_wins_over_an_older_edit(devices) -> None:  # type: ignore[no-untyped-def]
    laptop, desktop = devices
    visit_id = shared_visit(laptop, desktop)
    edit_visit(laptop, visit_id, place="役場の会議室")
    delete_visit(desktop, visit_id)
    send(laptop, desktop)
    send(desktop, laptop)
    assert visit_of(laptop, visit_id) is None and visit_of(desktop, visit_id) is None
    assert laptop.read(list_conflicts) == [] and desktop.read(list_conflicts) == []
    assert not laptop.read(lambda s: search(session=s, query="雪室熟成"))
    assert synced_rows(laptop) == synced_rows(desktop)


@pytest.mark.parametrize("order", ["laptop first", "desktop first"])
def test_a_newer_edit_restores_a_deleted_record_and_says_so(devices, order) -> None:  # type: ignore[no-untyped-def]
    laptop, desktop = devices
    visit_id = shared_visit(laptop, desktop)
    delete_visit(desktop, visit_id)
    edit_visit(laptop, visit_id, decisions="収穫祭の試飲会に向けて見積もりを取る。")
    if order == "laptop first":
        restored = send(laptop, desktop).restored
        send(desktop, laptop)
    else:
        send(desktop, laptop)
        restored = send(laptop, desktop).restored
    assert restored == 1
    for device in devices:
        visit = visit_of(device, visit_id)
        assert visit is not None and visit.decisions.startswith("収穫祭の試飲会")
    [conflict] = desktop.read(list_conflicts)
    assert conflict.kind == "restored"
    assert conflict.summary.endswith("削除された記録を、別の端末の編集により復元しました")
    assert desktop.read(lambda s: search(session=s, query="見積もり"))
    assert synced_rows(laptop) == synced_rows(desktop)


def test_a_record_written_under_a_deleted_parent_brings_the_parent_back(devices) -> None:  # type: ignore[no-untyped-def]
    laptop, desktop = devices
    visit_id = shared_visit(laptop, desktop)
    engagement_id = visit_of(laptop, visit_id).engagement_id  # type: ignore[union-attr]

    def delete_engagement(session: Session) -> None:
        session.delete(session.get(Engagement, engagement_id))

    desktop.write(delete_engagement)  # the engagement and its visit go (cascade)

    def new_action(session: Session) -> None:
        session.add(VisitAction(visit_id=visit_id, text="酒販店3社へサンプルを送る",
                                owner=Owner.BUSINESS, due_on=date(2025, 7, 10)))

    laptop.write(new_action)
    send(laptop, desktop)
    send(desktop, laptop)
    send(laptop, desktop)
    for device in devices:
        assert device.read(lambda s: s.get(Engagement, engagement_id)) is not None, device.name
        assert visit_of(device, visit_id) is not None, device.name
        assert device.read(lambda s: s.exec(select(VisitAction)).one()).text.startswith("酒販店")
    kinds = sorted(c.label for c in desktop.read(list_conflicts))
    assert any(label.startswith("伴走案件") for label in kinds)
    assert any(label.startswith("訪問記録") for label in kinds)
    assert synced_rows(laptop) == synced_rows(desktop)
    for device in devices:
        assert check_database(device.db).ok, check_database(device.db).problems


def test_growing_records_are_unions_and_duplicates_are_skipped(devices) -> None:  # type: ignore[no-untyped-def]
    laptop, desktop = devices
    visit_id = shared_visit(laptop, desktop)

    def attach(name: str, sha: str) -> object:
        def action(session: Session) -> None:
            session.add(Attachment(sha256=sha, file_name=name, size_bytes=1024,
                                   media_type="application/pdf", visit_id=visit_id))
        return action

    laptop.write(attach("見積書.pdf", "a" * 64))
    desktop.write(attach("議事録.pdf", "b" * 64))
    send(laptop, desktop)
    send(desktop, laptop)
    everything = laptop.read(lambda s: outgoing_entries(s, after_sequence=0))
    again = send(laptop, desktop, entries=everything)
    assert again.applied == 0 and again.skipped_duplicates > 0
    for device in devices:
        names = sorted(a.file_name for a in device.read(lambda s: s.exec(select(Attachment)).all()))
        assert names == ["見積書.pdf", "議事録.pdf"], device.name
    assert synced_rows(laptop) == synced_rows(desktop)
    counts = [device.read(lambda s: len(s.exec(select(ChangeLog)).all())) for device in devices]
    assert counts[0] == counts[1]


def test_a_batch_waits_for_what_it_depends_on(devices, migrated_template, tmp_path) -> None:  # type: ignore[no-untyped-def]
    laptop, desktop = devices
    visit_id = shared_visit(laptop, desktop)  # the engagement and visit: from the laptop
    edit_visit(desktop, visit_id, purpose="商談会の準備")
    third = open_device(migrated_template, tmp_path, "third")
    try:
        entries, deps = entries_for(desktop, third)
        with third.session() as session:
            result = apply_entries(session, desktop.id, entries, deps=deps)
            session.commit()
        assert result.status == "waiting" and result.applied == 0
        assert result.waiting == {laptop.id.hex: deps[laptop.id.hex]}
        assert visit_of(third, visit_id) is None
        assert third.read(lambda s: s.exec(select(ChangeLog)).all()) == []
        send(laptop, third)
        assert send(desktop, third).status == "applied"
        visit = visit_of(third, visit_id)
        assert visit is not None and visit.purpose == "商談会の準備"
    finally:
        close_all(third)


def test_a_gap_in_a_devices_entries_waits_too(devices) -> None:  # type: ignore[no-untyped-def]
    laptop, desktop = devices
    laptop.write(lambda s: add_engagement(s))
    laptop.write(lambda s: s.add(Client(name="合同会社みなみ農園")))
    entries, _deps = entries_for(laptop, desktop)
    later = [e for e in entries if e["entity"] == "client" and "みなみ" in (e["after"] or "")]
    with desktop.session() as session:
        result = apply_entries(session, laptop.id, later)
        session.commit()
    assert result.status == "waiting"
    assert desktop.read(lambda s: s.exec(select(Client)).all()) == []
    assert send(laptop, desktop).status == "applied"
    peer = desktop.read(lambda s: s.exec(select(SyncPeer)).one())
    assert peer.device_id == laptop.id and peer.applied_sequence == len(entries)


def test_after_merging_both_databases_pass_the_check(devices) -> None:  # type: ignore[no-untyped-def]
    laptop, desktop = devices
    visit_id = shared_visit(laptop, desktop)
    edit_visit(laptop, visit_id, notes="雪室熟成の原価を試算した。")
    edit_visit(desktop, visit_id, purpose="原価の確認")
    laptop.write(lambda s: add_visit(s, s.exec(select(Engagement)).one(),
                                     notes="蔵開きの来場者アンケートを集計した。",
                                     day=date(2025, 7, 3)))
    send(laptop, desktop)
    send(desktop, laptop)
    for device in devices:
        report = check_database(device.db)
        assert report.ok, report.problems
        assert device.read(lambda s: search(session=s, query="来場者アンケート"))
    assert synced_rows(laptop) == synced_rows(desktop)


def test_undo_after_a_merge_takes_back_only_this_computers_own_change(devices) -> None:  # type: ignore[no-untyped-def]
    from companion.errors import KnownError
    from companion.services.undo import undo_change_set

    laptop, desktop = devices
    visit_id = shared_visit(laptop, desktop)
    other_id = uuid.uuid4()

    def second_visit(session: Session) -> None:
        visit = add_visit(session, session.exec(select(Engagement)).one(),
                          notes="商談会の出展準備。", day=date(2025, 8, 1))
        visit.id = other_id

    desktop.write(second_visit)
    own = laptop.write(lambda s: setattr(s.get(Visit, visit_id), "place", "道の駅ゆざわ"))
    send(desktop, laptop)  # the desktop's new visit arrives after the laptop's edit
    with laptop.session() as session:
        undo_change_set(session=session, change_set=own)  # type: ignore[arg-type]
    assert visit_of(laptop, visit_id).place == "蔵の事務所"  # type: ignore[union-attr]
    assert visit_of(laptop, other_id) is not None  # the remote change stays
    # A change that came from the desktop is never undone on the laptop.
    remote_set = laptop.read(lambda s: s.exec(select(ChangeLog.change_set).where(
        ChangeLog.entity_id == other_id)).first())
    with laptop.session() as session, pytest.raises(KnownError, match="別の端末で行った変更は"):
        undo_change_set(session=session, change_set=remote_set)
    # An own change a remote edit has touched since is refused, not silently undone.
    mine = laptop.write(lambda s: setattr(s.get(Visit, other_id), "purpose", "出展の準備"))
    send(laptop, desktop)
    edit_visit(desktop, other_id, purpose="出展ブースの設計")
    send(desktop, laptop)
    with laptop.session() as session, pytest.raises(KnownError, match="後から変更されているため"):
        undo_change_set(session=session, change_set=mine)  # type: ignore[arg-type]
    assert visit_of(laptop, other_id).purpose == "出展ブースの設計"  # type: ignore[union-attr]


def test_one_record_made_on_both_computers_becomes_one(devices) -> None:  # type: ignore[no-untyped-def]
    from companion.db.models import Kpi, KpiTarget, ReportNarrative
    from companion.domain.enums import KpiDirection

    laptop, desktop = devices
    shared_visit(laptop, desktop)
    kpi_id = uuid.uuid4()

    def kpi(session: Session) -> None:
        engagement = session.exec(select(Engagement)).one()
        session.add(Kpi(id=kpi_id, engagement_id=engagement.id, name="売上高", unit="千円",
                        direction=KpiDirection.HIGHER_IS_BETTER))

    laptop.write(kpi)
    send(laptop, desktop)

    def target(value: float, words: str):  # type: ignore[no-untyped-def]
        def action(session: Session) -> None:
            engagement = session.exec(select(Engagement)).one()
            session.add(KpiTarget(kpi_id=kpi_id, fiscal_year=2026, value=value))
            session.add(ReportNarrative(engagement_id=engagement.id, fiscal_year=2026,
                                        achievements=words))
        return action

    # Both enter next year's target and the report's findings while offline.
    laptop.write(target(48_000, "首都圏の百貨店2店に定番採用された。"))
    desktop.write(target(52_000, "蔵開きの来場者が前年の1.5倍になった。"))
    send(laptop, desktop)
    send(desktop, laptop)
    for device in devices:
        targets = device.read(lambda s: s.exec(select(KpiTarget)).all())
        assert [t.value for t in targets] == [52_000], device.name  # the later one
        [narrative] = device.read(lambda s: s.exec(select(ReportNarrative)).all())
        assert narrative.achievements == "蔵開きの来場者が前年の1.5倍になった。"
        [conflict] = device.read(list_conflicts)
        assert conflict.field_label == "成果と今後の課題"
        assert conflict.other_value == "首都圏の百貨店2店に定番採用された。"
    assert synced_rows(laptop) == synced_rows(desktop)
    # Later edits of either twin land in the one record.
    laptop.write(lambda s: setattr(s.exec(select(KpiTarget)).one(), "value", 50_000))
    send(laptop, desktop)
    assert desktop.read(lambda s: s.exec(select(KpiTarget)).one()).value == 50_000
    assert synced_rows(laptop) == synced_rows(desktop)
    for device in devices:
        report = check_database(device.db)
        assert report.ok, report.problems


def _write_narrative(session: Session, text: str, year: int) -> None:
    from companion.db.models import ReportNarrative

    engagement = session.exec(select(Engagement)).first()
    if engagement is None:
        return
    row = session.exec(select(ReportNarrative).where(
        ReportNarrative.engagement_id == engagement.id,
        ReportNarrative.fiscal_year == year)).first()
    if row is None:
        session.add(ReportNarrative(engagement_id=engagement.id, fiscal_year=year,
                                    achievements=text))
    else:
        row.achievements = text


@pytest.mark.parametrize("seed", [3, 11, 2026])
def test_random_edits_and_syncs_on_three_computers_end_the_same(devices, migrated_template,
                                                                tmp_path, seed) -> None:  # type: ignore[no-untyped-def]
    import random

    from companion_testing.merge_devices import sync_everything

    rng = random.Random(seed)
    laptop, desktop = devices
    shared_visit(laptop, desktop)
    third = open_device(migrated_template, tmp_path, "third")
    everyone = [laptop, desktop, third]
    words = ["試飲会の段取りを決めた。", "酒販店3社を訪問した。", "補助金の申請書を確認した。",
             "蔵開きの来場者アンケートを集計した。", "後継者と杜氏の育成を相談した。"]
    try:
        sync_everything(everyone)
        for step in range(40):
            device = rng.choice(everyone)
            visits = device.read(lambda s: [v.id for v in s.exec(select(Visit)).all()])
            op = rng.choice(["new", "text", "text", "field", "delete", "action", "gone",
                             "narrative", "resolve"])
            if op == "narrative":  # one per engagement and year: twins when made offline
                text, year = rng.choice(words), rng.choice([2025, 2026])
                device.write(lambda s: _write_narrative(s, text, year))  # noqa: B023
                continue
            if op == "resolve":
                open_conflicts = device.read(list_conflicts)
                if open_conflicts:
                    with device.session() as session:
                        resolve_conflict(session, rng.choice(open_conflicts).id,
                                         rng.choice(["kept", "other", "both"]))
                continue
            if op == "gone":  # the engagement deleted, with its visits; a new one begun
                device.write(lambda s: [s.delete(e) for e in s.exec(select(Engagement)).all()])
                device.write(lambda s: add_engagement(s, client_name="合同会社みなみ農園"))
                continue
            if op == "new" or not visits:
                def new(session: Session, text: str = rng.choice(words), day: int = step) -> None:
                    engagement = session.exec(select(Engagement)).first()
                    if engagement is not None:
                        add_visit(session, engagement, notes=text,
                                  day=date(2025, 7, 1 + day % 28))
                device.write(new)
            elif op == "text":
                edit_visit(device, rng.choice(visits),
                           **{rng.choice(["notes", "issues", "decisions"]): rng.choice(words)})
            elif op == "field":
                edit_visit(device, rng.choice(visits), distance_km=float(rng.randint(1, 90)))
            elif op == "delete":
                delete_visit(device, rng.choice(visits))
            else:
                target = rng.choice(visits)
                device.write(lambda s, v=target: s.add(VisitAction(
                    visit_id=v, text=rng.choice(words), owner=Owner.SUPPORTER)))
            if rng.random() < 0.4:  # a partial sync, in a random direction
                source, target_device = rng.sample(everyone, 2)
                send(source, target_device)
        sync_everything(everyone)
        assert synced_rows(laptop) == synced_rows(desktop) == synced_rows(third)
        for device in everyone:
            report = check_database(device.db)
            assert report.ok, (device.name, report.problems)
        # What the visits say now is what search finds.
        for visit in laptop.read(lambda s: s.exec(select(Visit)).all()):
            assert laptop.read(lambda s, v=visit: search(session=s, query=v.notes[:8]))
    finally:
        close_all(third)
