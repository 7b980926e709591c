"""A new computer starts from a snapshot of the whole state (services.sync.outgoing):
every synced row and the change log arrive as they are, nothing is replayed, and the
entries written later apply on top."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from companion_testing.clocks import register_clock_ticking
from companion_testing.factories import add_engagement, add_visit
from companion_testing.merge_devices import (
    Device,
    close_all,
    edit_visit,
    open_device,
    send,
    synced_rows,
    visit_of,
)
from sqlmodel import select

from companion.db.models import SigningKey, SyncConflict, SyncPeer, Visit
from companion.domain.enums import DisclosureKind
from companion.errors import KnownError
from companion.services.disclosures import DisclosureDraft, declare
from companion.services.health import check_database
from companion.services.open_export import MANIFEST, export_all
from companion.services.search import search
from companion.services.session import session_scope
from companion.services.sync.outgoing import applied_vector, load_snapshot, state_snapshot


@pytest.fixture
def devices(migrated_template: Path, tmp_path: Path) -> Iterator[tuple[Device, Device]]:
    desktop = open_device(migrated_template, tmp_path, "desktop")
    laptop = open_device(migrated_template, tmp_path, "laptop")
    yield desktop, laptop
    close_all(desktop, laptop)


def _ten_years_in_small(desktop: Device) -> None:
    """An engagement with visits, a conflict of this computer's own, and a disclosure."""
    def records(session):  # type: ignore[no-untyped-def]
        engagement = add_engagement(session)
        add_visit(session, engagement, notes="蔵元の後継者と事業承継の段取りを話し合った。")
        add_visit(session, engagement, notes="雪室熟成の試作品を酒販店に持ち込んだ。",
                  day=date(2025, 9, 4))
        session.add(SyncConflict(kind="text", entity="visit", entity_id=engagement.id,
                                 field="notes", label="この端末だけの記録"))

    desktop.write(records)
    with register_clock_ticking(datetime(2026, 11, 2, tzinfo=UTC), timedelta(minutes=1)), \
            desktop.session() as session:
        declare(session=session, draft=DisclosureDraft(
            kind=DisclosureKind.INVESTMENT, counterpart_name="有限会社やまなか酒造",
            started_on=date(2024, 4, 1), declared_on=date(2026, 11, 2), share_percent=3.0,
            mitigation="同社の補助金申請には関与しない"))


def _table_files(device: Device, out: Path) -> dict[str, bytes]:
    with session_scope(device.db, write=False) as session:
        folder = export_all(session=session, database=device.db, out=out).folder
    return {path.name: path.read_bytes() for path in folder.glob("*.jsonl")}


def test_a_new_computer_starts_from_the_snapshot_and_holds_the_same_data(devices,
                                                                         tmp_path) -> None:  # type: ignore[no-untyped-def]
    desktop, laptop = devices
    _ten_years_in_small(desktop)
    snapshot = json.loads(json.dumps(desktop.read(state_snapshot)))  # as it travels
    with laptop.session() as session:
        load_snapshot(session, snapshot)
        session.commit()
    files = _table_files(desktop, tmp_path / "desktop-export")
    assert files == _table_files(laptop, tmp_path / "laptop-export")
    # Tables local to a computer are never exported, nor logged.
    assert {"syncconflict.jsonl", "syncsetting.jsonl", "syncpeer.jsonl"}.isdisjoint(files)
    assert "pendingdisclosure.jsonl" in files
    assert b'"syncconflict"' not in files["changelog.jsonl"]
    assert synced_rows(desktop) == synced_rows(laptop)
    # What belongs to the desktop alone stays there; secrets never travel in it.
    assert laptop.read(lambda s: s.exec(select(SyncConflict)).all()) == []
    assert laptop.read(lambda s: s.exec(select(SigningKey)).one()).private_pem == ""
    assert "PRIVATE KEY" not in json.dumps(snapshot)
    # The laptop knows how far it holds the desktop's changes, and search finds them.
    peer = laptop.read(lambda s: s.exec(select(SyncPeer)).one())
    assert peer.device_id == desktop.id
    assert peer.applied_sequence == desktop.read(applied_vector)[desktop.id.hex]
    assert laptop.read(lambda s: search(session=s, query="事業承継"))
    report = check_database(laptop.db)
    assert report.ok, report.problems
    assert (tmp_path / "laptop-export" / MANIFEST).is_file()


def test_later_changes_apply_on_top_of_the_snapshot(devices) -> None:  # type: ignore[no-untyped-def]
    desktop, laptop = devices
    _ten_years_in_small(desktop)
    with laptop.session() as session:
        load_snapshot(session, desktop.read(state_snapshot))
        session.commit()
    visit_id = desktop.read(lambda s: s.exec(select(Visit).order_by(Visit.started_at)).first()).id
    edit_visit(desktop, visit_id, decisions="来春までに後継者を杜氏の補佐に就ける。")
    result = send(desktop, laptop)
    assert result.status == "applied" and result.applied > 0
    edit_visit(laptop, visit_id, place="蔵の応接室")
    send(laptop, desktop)
    for device in devices:
        visit = visit_of(device, visit_id)
        assert visit is not None
        assert (visit.decisions, visit.place) == ("来春までに後継者を杜氏の補佐に就ける。", "蔵の応接室")
    assert synced_rows(desktop) == synced_rows(laptop)
    for device in devices:
        report = check_database(device.db)
        assert report.ok, report.problems


def test_a_snapshot_goes_only_into_an_empty_folder_of_the_same_schema(devices) -> None:  # type: ignore[no-untyped-def]
    desktop, laptop = devices
    _ten_years_in_small(desktop)
    snapshot = desktop.read(state_snapshot)
    laptop.write(lambda s: add_engagement(s, client_name="合同会社みなみ農園"))
    before = synced_rows(laptop)
    with laptop.session() as session, pytest.raises(KnownError, match="すでに記録があるため"):
        load_snapshot(session, snapshot)
    with laptop.session() as session, pytest.raises(KnownError, match="スキーマ 0001"):
        load_snapshot(session, {**snapshot, "schema_revision": "0001"})
    with laptop.session() as session, pytest.raises(KnownError, match="形式が違います"):
        load_snapshot(session, {"format": 99})
    assert synced_rows(laptop) == before
