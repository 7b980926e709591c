"""The register stays one chain (services.sync.register_keeper): only the 記帳端末
appends; another device records 封印待ち changes that the keeper seals after a sync,
dated when they were written; the keeper can be handed over."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import keyring
import pytest
from companion_testing.clocks import register_clock_ticking
from companion_testing.merge_devices import Device, close_all, open_device, send
from sqlmodel import col, select

from companion.db.models import LogEntry, PendingDisclosure
from companion.domain.enums import DisclosureKind, DisclosureStatus
from companion.domain.red_flags import disclosure_facts_from_payload
from companion.domain.register_log import content_hash
from companion.errors import KnownError
from companion.keystore import MemoryKeyring
from companion.review.derived import date_problems
from companion.services.disclosures import (
    DisclosureDraft,
    declare,
    end_interest,
    list_disclosures,
)
from companion.services.health import check_database
from companion.services.register import log_entries
from companion.services.review_bundle import export_review_bundle
from companion.services.sync.outgoing import applied_vector
from companion.services.sync.register_keeper import (
    become_register_keeper,
    is_register_keeper,
    keeper_name,
    list_pending,
    pending_overview,
    receive_secrets,
    record_pending,
    record_pending_recertifications,
    register_keeper,
    seal_pending,
    secrets_to_send,
)

# The laptop writes on Monday evening; the desktop (the keeper) syncs on Thursday.
MONDAY = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)  # 18:00 in Japan
THURSDAY = MONDAY + timedelta(days=3)


def _draft(name: str = "株式会社たかはし観光", **changes: object) -> DisclosureDraft:
    draft = DisclosureDraft(kind=DisclosureKind.ADVISORY, counterpart_name=name,
                            started_on=date(2026, 4, 1), declared_on=date(2026, 11, 16),
                            amount_yen=600_000, role_title="観光振興の顧問",
                            mitigation="同社の案件は他の支援者に担当を替える")
    return replace(draft, **changes)  # type: ignore[arg-type]


@pytest.fixture
def office(migrated_template: Path, tmp_path: Path) -> Iterator[tuple[Device, Device]]:
    """The desktop keeps the register (it set up sync) and has declared one interest;
    the laptop joined and has synced once."""
    desktop = open_device(migrated_template, tmp_path, "desktop")
    laptop = open_device(migrated_template, tmp_path, "laptop")
    with register_clock_ticking(MONDAY - timedelta(days=30), timedelta(minutes=1)):
        desktop.write(lambda s: become_register_keeper(s, device_name="事務所のデスクトップ"))
        with desktop.session() as session:
            declare(session=session, draft=_draft("有限会社やまなか酒造", declared_on=date(2026, 10, 1)))
    send(desktop, laptop)
    yield desktop, laptop
    close_all(desktop, laptop)


def _register(device: Device) -> list[tuple[int, str]]:
    return device.read(lambda s: [(e.seq, e.entry_hash) for e in s.exec(
        select(LogEntry).order_by(col(LogEntry.seq)))])  # type: ignore[no-any-return]


def _pending(device: Device, **kwargs: object) -> uuid.UUID:
    with device.session() as session:
        return record_pending(session, **kwargs)  # type: ignore[arg-type]


def _seal(device: Device) -> int:
    with device.session() as session:
        sealed = seal_pending(session)
        session.commit()
        return sealed


def test_without_sync_this_computer_keeps_the_register(db) -> None:  # type: ignore[no-untyped-def]
    from companion.services.session import current_device, session_scope

    with session_scope(db) as session:
        assert is_register_keeper(session)
        assert register_keeper(session) == current_device(session)
        declare(session=session, draft=_draft())
    with session_scope(db, write=False) as session:
        assert [line.counterpart_name for line in list_disclosures(session=session)] == [
            "株式会社たかはし観光"]


def test_a_device_that_does_not_keep_the_register_cannot_append(office) -> None:  # type: ignore[no-untyped-def]
    desktop, laptop = office
    assert laptop.read(is_register_keeper) is False
    assert laptop.read(register_keeper) == desktop.id
    before = _register(laptop)
    with laptop.session() as session, pytest.raises(
            KnownError, match=r"登録簿はこの端末では記帳できません\(記帳端末: 事務所のデスクトップ\)"):
        declare(session=session, draft=_draft())
    assert _register(laptop) == before


def test_review_export_runs_on_the_keeper_only(office, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _desktop, laptop = office
    with laptop.session() as session, pytest.raises(
            KnownError, match=r"レビュー用バンドルの書き出しは記帳端末\(事務所のデスクトップ\)で行ってください"):
        export_review_bundle(session=session, out=tmp_path / "bundle.zip",
                             today=date(2026, 11, 20))
    assert not (tmp_path / "bundle.zip").exists()


def test_pending_changes_are_sealed_by_the_keeper_dated_when_written(office) -> None:  # type: ignore[no-untyped-def]
    desktop, laptop = office
    with register_clock_ticking(MONDAY, timedelta(seconds=0)):
        pending_id = _pending(laptop, action="declare", disclosure_id=None, draft=_draft())
    [line] = laptop.read(list_pending)
    assert (line.state, line.action_label, line.counterpart_name) == (
        "pending", "新規開示", "株式会社たかはし観光")
    send(laptop, desktop)
    with register_clock_ticking(THURSDAY, timedelta(minutes=1)):
        desktop.write(lambda s: None)  # the keeper's clock moves on
        assert _seal(desktop) == 1
        assert _seal(desktop) == 0  # sealed once
    row = desktop.read(lambda s: s.get(PendingDisclosure, pending_id))
    assert row.sealed_version_id is not None and row.refused == ""
    entry = desktop.read(lambda s: s.exec(select(LogEntry).order_by(
        col(LogEntry.seq).desc())).first())
    payload = json.loads(entry.payload)
    assert payload["counterpart_name"] == "株式会社たかはし観光"
    assert payload["written_at"].startswith("2026-11-16T18:00")  # Monday evening, in Japan
    facts = disclosure_facts_from_payload(payload, content_hash=content_hash(entry.payload))
    assert facts is not None and facts.declared_effective == date(2026, 11, 16)
    # After the next sync the laptop shows it sealed, and holds the same register.
    send(desktop, laptop)
    [line] = laptop.read(list_pending)
    assert line.state == "sealed" and line.number == 2
    assert _register(laptop) == _register(desktop)
    names = [d.counterpart_name for d in laptop.read(lambda s: list_disclosures(session=s))]
    assert names == ["有限会社やまなか酒造", "株式会社たかはし観光"]
    for device in office:
        report = check_database(device.db)
        assert report.ok, report.problems


def test_a_change_sealed_after_a_later_entry_keeps_the_chain_in_time_order(office) -> None:  # type: ignore[no-untyped-def]
    desktop, laptop = office
    with register_clock_ticking(MONDAY, timedelta(seconds=0)):
        _pending(laptop, action="declare", disclosure_id=None, draft=_draft())
    tuesday = MONDAY + timedelta(days=1)
    with register_clock_ticking(tuesday, timedelta(seconds=0)), desktop.session() as session:
        declare(session=session, draft=_draft("合同会社みなみ農園", declared_on=date(2026, 11, 17)))
    send(laptop, desktop)
    with register_clock_ticking(THURSDAY, timedelta(minutes=1)):
        assert _seal(desktop) == 1
    entries = desktop.read(lambda s: log_entries(session=s))
    written = [json.loads(e.payload)["written_at"] for e in entries]
    assert written == sorted(written)
    assert written[-1].startswith("2026-11-17T18:00")  # the desktop's Tuesday entry, not later
    assert date_problems(entries) == []


def test_a_pending_change_that_no_longer_holds_is_refused_with_a_reason(office) -> None:  # type: ignore[no-untyped-def]
    desktop, laptop = office
    [disclosure] = laptop.read(lambda s: list_disclosures(session=s))
    with register_clock_ticking(MONDAY, timedelta(minutes=1)):
        _pending(laptop, action="end", disclosure_id=disclosure.disclosure_id, draft=None,
                 ended_on=date(2026, 11, 10), reason="顧問契約を解約した")
        with desktop.session() as session:  # meanwhile ended on the desktop itself
            end_interest(session=session, disclosure_id=disclosure.disclosure_id,
                         ended_on=date(2026, 11, 12), reason="契約満了", today=date(2026, 11, 16))
    send(laptop, desktop)
    register_before = _register(desktop)
    with register_clock_ticking(THURSDAY, timedelta(minutes=1)):
        assert _seal(desktop) == 0
    assert _register(desktop) == register_before
    send(desktop, laptop)
    [line] = laptop.read(list_pending)
    assert line.state == "refused" and "既に終了しています" in line.refused
    [current] = laptop.read(lambda s: list_disclosures(session=s))
    assert current.status is DisclosureStatus.ENDED and current.ended_on == date(2026, 11, 12)


def test_a_bad_pending_draft_is_refused_at_once_and_nothing_is_recorded(office) -> None:  # type: ignore[no-untyped-def]
    _desktop, laptop = office
    with register_clock_ticking(MONDAY, timedelta(minutes=1)):
        with pytest.raises(KnownError, match="相手先を入力してください"):
            _pending(laptop, action="declare", disclosure_id=None, draft=_draft(name="  "))
        with pytest.raises(KnownError, match="申告日に未来の日付"):
            _pending(laptop, action="declare", disclosure_id=None,
                     draft=_draft(declared_on=date(2026, 11, 20)))
    assert laptop.read(list_pending) == []


def test_the_register_can_be_handed_over_with_its_key(office) -> None:  # type: ignore[no-untyped-def]
    desktop, laptop = office
    keyring.set_keyring(MemoryKeyring())  # the laptop's own keyring: no key of the desktop's
    with laptop.session() as session, pytest.raises(KnownError, match="署名鍵がこの端末にまだ届いていません"):
        become_register_keeper(session, device_name="出張用ノートPC")
    with desktop.session() as session:
        secrets = secrets_to_send(session)
    assert list(secrets) == ["signing_keys"] and len(secrets["signing_keys"]) == 1
    with laptop.session() as session:
        assert receive_secrets(session, secrets) == 1
        assert receive_secrets(session, {"signing_keys": {"0" * 64: "偽の鍵"}}) == 0
        become_register_keeper(session, device_name="出張用ノートPC")
        session.commit()
    assert laptop.read(is_register_keeper)
    with register_clock_ticking(THURSDAY, timedelta(minutes=1)), laptop.session() as session:
        declare(session=session, draft=_draft("合同会社みなみ農園"))
    send(laptop, desktop)
    assert desktop.read(is_register_keeper) is False
    assert desktop.read(keeper_name) == "出張用ノートPC"
    with desktop.session() as session, pytest.raises(KnownError, match="記帳端末: 出張用ノートPC"):
        declare(session=session, draft=_draft("株式会社たかはし観光"))
    assert _register(laptop) == _register(desktop)
    assert [seq for seq, _hash in _register(desktop)] == [1, 2, 3]
    for device in office:
        report = check_database(device.db)
        assert report.ok, report.problems


def test_a_joined_device_that_has_not_synced_keeps_nothing(office, migrated_template,
                                                             tmp_path) -> None:  # type: ignore[no-untyped-def]
    from companion.db.models import SyncSetting

    fresh = open_device(migrated_template, tmp_path, "fresh")
    try:
        fresh.write(lambda s: s.add(SyncSetting(folder=str(tmp_path / "同期"),
                                                device_name="自宅のPC")))
        assert fresh.read(register_keeper) is None
        assert fresh.read(is_register_keeper) is False
        assert "まだ同期していません" in fresh.read(keeper_name)
        assert fresh.read(applied_vector) == {}
    finally:
        close_all(fresh)


def test_an_annual_confirmation_written_elsewhere_is_sealed_once(office) -> None:  # type: ignore[no-untyped-def]
    desktop, laptop = office
    [disclosure] = laptop.read(lambda s: list_disclosures(session=s))
    april = datetime(2027, 4, 5, 1, 0, tzinfo=UTC)  # a new fiscal year
    with register_clock_ticking(april, timedelta(seconds=0)):
        with laptop.session() as session:
            assert record_pending_recertifications(
                session, disclosure_ids=[disclosure.disclosure_id]) == 1
        with laptop.session() as session, pytest.raises(KnownError, match="すでに封印待ちです"):
            record_pending_recertifications(session, disclosure_ids=[disclosure.disclosure_id])
    overview = laptop.read(pending_overview)
    assert overview.keeper is False and overview.keeper_name == "事務所のデスクトップ"
    assert [line.action_label for line in overview.lines] == ["年次確認"]
    send(laptop, desktop)
    with register_clock_ticking(april + timedelta(days=2), timedelta(minutes=1)):
        assert _seal(desktop) == 1
    send(desktop, laptop)
    assert laptop.read(pending_overview).lines == []  # sealed: now in the register itself
    [line] = laptop.read(lambda s: list_disclosures(session=s))
    assert (line.version, line.declared_on) == (2, date(2027, 4, 5))


def test_an_engagement_the_register_names_is_kept_when_deleted_elsewhere(office) -> None:  # type: ignore[no-untyped-def]
    from companion_testing.factories import add_engagement

    from companion.db.models import DisclosureEngagement, Engagement
    from companion.services.sync.conflicts import list_conflicts

    desktop, laptop = office
    made: list[uuid.UUID] = []
    desktop.write(lambda s: made.append(add_engagement(s, client_name="株式会社たかはし観光").id))
    send(desktop, laptop)
    engagement_id = made[0]
    with register_clock_ticking(MONDAY, timedelta(minutes=1)), desktop.session() as session:
        declare(session=session, draft=_draft(engagement_ids=(engagement_id,)))
    laptop.write(lambda s: s.delete(s.get(Engagement, engagement_id)))  # not yet told
    send(laptop, desktop)
    send(desktop, laptop)
    for device in office:
        assert device.read(lambda s: s.get(Engagement, engagement_id)) is not None, device.name
        links = device.read(lambda s: s.exec(select(DisclosureEngagement)).all())
        assert [link.engagement_id for link in links] == [engagement_id]
        report = check_database(device.db)
        assert report.ok, report.problems
    assert [c.kind for c in desktop.read(list_conflicts)] == ["restored"]
