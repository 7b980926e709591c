"""Two computers, one practice, one sync folder kept by a sync engine that is late,
delivers twice, hands over half files and leaves conflicted copies: afterwards both
hold the same data and no edit is lost."""

from __future__ import annotations

import os
import random
import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from companion_testing.clocks import today_in_japan
from companion_testing.sync_devices import (
    PER_DEVICE_FILES,
    Cloud,
    Device,
    FolderTemplate,
    Workload,
    export_differences,
    make_device,
    run_random,
    settle_all,
)
from sqlmodel import Session, select

from companion.db.models import Attachment, SyncSetting, Visit
from companion.errors import KnownError
from companion.review.verify import verify_since
from companion.services import sync
from companion.services.attachments import add_visit_attachment, store_for
from companion.services.health import check_database
from companion.services.review_bundle import export_review_bundle
from companion.services.session import session_scope
from companion.services.sync import compaction, joining, segments
from companion.services.sync import folder as layout


@pytest.fixture
def pair(tmp_path: Path, folder_template: FolderTemplate) -> Iterator[tuple[Device, Device, Cloud]]:
    """The desktop (set up first: the register keeper) and the laptop (joined with a
    pairing code), each with its copy of the folder, and the engine between them."""
    cloud = Cloud(tmp_path / "cloud", perturb=False)
    desktop = make_device(tmp_path, "desktop", template=folder_template)
    laptop = make_device(tmp_path, "laptop", template=folder_template)
    sync.set_up_sync(desktop.db, folder=desktop.folder, device_name="事務所のデスクトップ")
    cloud.owners["desktop"] = desktop.device_id
    code = sync.create_pairing_code(desktop.db)
    cloud.upload(desktop)
    cloud.download(laptop)
    sync.join_with_code(laptop.db, folder=laptop.folder, code=code, device_name="訪問用ノート")
    cloud.owners["laptop"] = laptop.device_id
    yield desktop, laptop, cloud
    desktop.db.close()
    laptop.db.close()


def _visit_notes(device: Device) -> dict[str, str]:
    def query(*, session: Session) -> dict[str, str]:
        return {visit.id.hex: visit.notes for visit in session.exec(select(Visit)).all()}
    return device.read(query)  # type: ignore[no-any-return]


def _first_visit(device: Device, work: Workload) -> None:
    work.new_engagement(device, keeper=True)
    work.new_visit(device, keeper=True)


def _bundle(device: Device, out: Path) -> Path:
    with session_scope(device.db) as session:
        return export_review_bundle(session=session, out=out, practitioner="佐藤 みのり",
                                    today=today_in_japan()).path


# -- the done-when test ------------------------------------------------------------------------

@pytest.mark.parametrize("seed", [3, 11, 2026])
def test_random_edits_and_syncs_end_with_the_same_data_and_no_lost_edit(
        pair: tuple[Device, Device, Cloud], tmp_path: Path, seed: int) -> None:
    desktop, laptop, cloud = pair
    rng = random.Random(seed)
    cloud.rng, cloud.perturb = rng, True
    work = Workload(rng)
    _first_visit(desktop, work)
    work.disclosure(desktop, keeper=True)
    before = _bundle(desktop, tmp_path / "before.zip")
    run_random([desktop, laptop], cloud, work, steps=50, keeper=desktop)
    settle_all([desktop, laptop], cloud)
    assert cloud.delays and cloud.truncations and cloud.duplicates  # the engine misbehaved

    left = desktop.export(tmp_path / "export-desktop")
    right = laptop.export(tmp_path / "export-laptop")
    assert export_differences(left, right) == []
    assert (left / "manifest.json").exists() and PER_DEVICE_FILES
    # No edit is lost: every token written is in its visit, or in a conflict's other text.
    for device in (desktop, laptop):
        texts = _visit_notes(device)
        decisions = device.read(lambda *, session: {
            v.id.hex: v.decisions for v in session.exec(select(Visit)).all()})
        kept = " ".join(c.other_value + c.kept_value for c in device.conflicts())
        for token, visit in work.tokens.items():
            where = texts.get(visit.hex, "") + decisions.get(visit.hex, "") + kept
            assert token in where, (device.name, token, work.done)
        report = check_database(device.db)
        assert report.ok, report.problems
    # every disclosure written on the laptop was sealed by the desktop
    pending = laptop.read(sync.list_pending)
    assert all(line.state == "sealed" for line in pending), pending
    after = _bundle(desktop, tmp_path / "after.zip")
    verified = verify_since(after, before)
    assert verified.ok, verified.problems


# -- the folder: only own files, nothing readable -----------------------------------------------

def _hashes(folder: Path, *, leave_out: str) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*")
            if p.is_file() and not str(p.relative_to(folder)).startswith(leave_out)}


def test_a_device_writes_only_in_its_own_folder_and_takes_no_lock(
        pair: tuple[Device, Device, Cloud]) -> None:
    desktop, laptop, cloud = pair
    work = Workload(random.Random(1))
    _first_visit(laptop, work)
    for device in (laptop, desktop, laptop, desktop):
        cloud.download(device)
        others = _hashes(device.folder, leave_out=device.device_id)
        device.sync()
        assert _hashes(device.folder, leave_out=device.device_id) == others, device.name
        cloud.upload(device)
    names = [p.name.lower() for p in desktop.folder.rglob("*")]
    assert not [name for name in names if "lock" in name or name.startswith(".tmp-")]
    assert set(layout.device_ids(desktop.folder)) == {desktop.device_id, laptop.device_id}


def test_nothing_readable_is_in_the_folder(pair: tuple[Device, Device, Cloud],
                                           tmp_path: Path) -> None:
    desktop, laptop, cloud = pair
    work = Workload(random.Random(5))
    _first_visit(desktop, work)
    work.disclosure(desktop, keeper=True)
    source = tmp_path / "見積書.txt"
    source.write_text("鈴木製麺所 見積 うどん乾麺 一式", encoding="utf-8")
    visit = next(iter(work.tokens.values()))
    with session_scope(desktop.db) as session:
        add_visit_attachment(session=session, database=desktop.db, visit_id=visit, source=source)
    desktop.sync()
    cloud.upload(desktop)
    cloud.download(laptop)
    laptop.sync()
    cloud.upload(laptop)
    words = ["やまなか", "みなと", "さとやま", "丸福", "試飲会", "原価計算", "商談会", "補助金",
             "鈴木製麺所", "見積書", "株式会社", "事務所のデスクトップ", "訪問用ノート", "定期訪問"]
    words += [token for token in work.tokens]
    files = [p for root in (cloud.root, desktop.folder, laptop.folder)
             for p in root.rglob("*") if p.is_file()]
    assert len(files) > 10
    for path in files:
        data = path.read_bytes()
        for word in words:
            for encoding in ("utf-8", "utf-16-le", "shift_jis", "unicode_escape"):
                assert word.encode(encoding) not in data, (path, word, encoding)
    assert any(p.suffix == ".cblob" for p in cloud.root.rglob("*"))


# -- delivery: late, twice, half, conflicted copies ---------------------------------------------

def _segments_of(device: Device, cloud: Cloud) -> list[Path]:
    return sorted((cloud.root / device.device_id / "segments").glob("*.cseg"))


def test_a_truncated_segment_waits_quietly_then_is_applied(
        pair: tuple[Device, Device, Cloud]) -> None:
    desktop, laptop, cloud = pair
    _first_visit(desktop, Workload(random.Random(2)))
    desktop.sync()
    cloud.upload(desktop)
    cloud.download(laptop)
    newest = _segments_of(desktop, cloud)[-1]
    arrived = laptop.folder / desktop.device_id / "segments" / newest.name
    whole = arrived.read_bytes()
    arrived.write_bytes(whole[: len(whole) // 2])
    result = laptop.sync()
    assert result.refused == []
    assert result.skipped == [f"{desktop.device_id}/segments/{newest.name}"]
    assert _visit_notes(laptop) == {}
    days_ago = arrived.stat().st_mtime - 4 * 24 * 3600
    os.utime(arrived, (days_ago, days_ago))  # still half there after four days: said so
    stuck = laptop.sync()
    assert stuck.refused == [] and "3日以上" in stuck.skipped[0] and newest.name in stuck.skipped[0]
    arrived.write_bytes(whole)
    result = laptop.sync()
    assert result.skipped == [] and result.received > 0
    assert _visit_notes(laptop) == _visit_notes(desktop)


def test_conflicted_copies_and_a_second_delivery_are_applied_once(
        pair: tuple[Device, Device, Cloud]) -> None:
    desktop, laptop, cloud = pair
    _first_visit(desktop, Workload(random.Random(4)))
    desktop.sync()
    cloud.upload(desktop)
    cloud.download(laptop)
    segment = laptop.folder / desktop.device_id / "segments" / _segments_of(desktop, cloud)[-1].name
    (segment.parent / f"{segment.stem} (訪問用ノートの競合コピー).cseg").write_bytes(b"garbage")
    (segment.parent / f"{segment.stem} (1).cseg").write_bytes(segment.read_bytes())
    first = laptop.sync()
    assert first.refused == [] and first.received > 0
    segment.write_bytes(segment.read_bytes())  # the engine hands it over again
    again = laptop.sync()
    assert again.received == 0 and again.refused == []
    assert _visit_notes(laptop) == _visit_notes(desktop)


def test_a_segment_arriving_before_what_it_builds_on_waits_for_it(
        pair: tuple[Device, Device, Cloud]) -> None:
    desktop, laptop, cloud = pair
    work = Workload(random.Random(6))
    _first_visit(desktop, work)
    desktop.sync()
    cloud.upload(desktop)
    work.append_note(desktop, keeper=True)
    desktop.sync()
    cloud.upload(desktop)
    first, second = _segments_of(desktop, cloud)[-2:]
    target = laptop.folder / desktop.device_id / "segments"
    target.mkdir(parents=True, exist_ok=True)
    (target / second.name).write_bytes(second.read_bytes())  # the later one comes first
    early = laptop.sync()
    assert early.received == 0 and early.refused == []
    assert _visit_notes(laptop) == {}
    (target / first.name).write_bytes(first.read_bytes())
    late = laptop.sync()
    assert late.received > 0
    assert _visit_notes(laptop) == _visit_notes(desktop)


def test_a_segment_changed_by_one_byte_is_refused_and_nothing_is_applied(
        pair: tuple[Device, Device, Cloud]) -> None:
    desktop, laptop, cloud = pair
    _first_visit(desktop, Workload(random.Random(8)))
    desktop.sync()
    cloud.upload(desktop)
    cloud.download(laptop)
    segment = laptop.folder / desktop.device_id / "segments" / _segments_of(desktop, cloud)[-1].name
    data = bytearray(segment.read_bytes())
    data[-100] ^= 0x20
    segment.write_bytes(bytes(data))
    result = laptop.sync()
    assert result.refused == [f"同期フォルダのファイル {desktop.device_id}/segments/{segment.name} "
                              "は改変されているため取り込みません"]
    assert _visit_notes(laptop) == {}
    assert laptop.status().last_error == result.refused[0]


# -- attachments ------------------------------------------------------------------------------

def test_an_attachment_travels_once_and_lands_in_the_other_store(
        pair: tuple[Device, Device, Cloud], tmp_path: Path) -> None:
    desktop, laptop, cloud = pair
    work = Workload(random.Random(9))
    _first_visit(desktop, work)
    visit = next(iter(work.tokens.values()))
    photo = tmp_path / "試作品.jpg"
    photo.write_bytes(b"\xff\xd8\xff" + bytes(range(256)) * 40)
    with session_scope(desktop.db) as session:
        add_visit_attachment(session=session, database=desktop.db, visit_id=visit, source=photo)
        add_visit_attachment(session=session, database=desktop.db, visit_id=visit, source=photo)
    settle_all([desktop, laptop], cloud, rounds=2)
    blobs = list(cloud.root.rglob("*.cblob"))
    assert len(blobs) == 1
    def sha(*, session: Session) -> str:
        return session.exec(select(Attachment.sha256)).first() or ""
    digest = laptop.read(sha)
    assert store_for(laptop.db).problems(digest) is None


# -- pairing ---------------------------------------------------------------------------------

def test_a_wrong_code_says_so_and_changes_nothing(tmp_path: Path, folder_template: FolderTemplate,
                                                  pair: tuple[Device, Device, Cloud]) -> None:
    desktop, _laptop, cloud = pair
    sync.create_pairing_code(desktop.db)
    third = make_device(tmp_path, "third", template=folder_template)
    cloud.upload(desktop)
    cloud.download(third)
    before = sorted(p.name for p in third.folder.rglob("*"))
    with pytest.raises(KnownError, match="ペアリングコードが違います"):
        sync.join_with_code(third.db, folder=third.folder, code="0000-0000-0000-0000",
                            device_name="三台目")
    assert sorted(p.name for p in third.folder.rglob("*")) == before
    assert not third.status().configured
    third.db.close()


def test_a_used_or_expired_code_says_so(tmp_path: Path, folder_template: FolderTemplate, pair: tuple[Device, Device, Cloud],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    desktop, _laptop, cloud = pair
    code = sync.create_pairing_code(desktop.db)
    cloud.upload(desktop)
    third = make_device(tmp_path, "third", template=folder_template)
    fourth = make_device(tmp_path, "fourth", template=folder_template)
    cloud.download(third)
    sync.join_with_code(third.db, folder=third.folder, code=code, device_name="三台目")
    cloud.owners["third"] = third.device_id
    cloud.upload(third)
    cloud.download(fourth)
    with pytest.raises(KnownError, match="既に使われています"):
        sync.join_with_code(fourth.db, folder=fourth.folder, code=code, device_name="四台目")
    # the inviting device deletes the used offer; the code still reads as used
    used = (third.folder / third.device_id / "device.json").read_text()
    offer = re.search(r'"offer": "([0-9a-f]{32})"', used)
    assert offer is not None
    offer_file = desktop.folder / desktop.device_id / "pairing" / f"{offer.group(1)}.json"
    assert offer_file.exists()
    cloud.download(desktop)
    desktop.sync()
    assert not offer_file.exists()
    cloud.upload(desktop)
    cloud.download(fourth)
    with pytest.raises(KnownError, match="既に使われています"):
        sync.join_with_code(fourth.db, folder=fourth.folder, code=code, device_name="四台目")
    expired = sync.create_pairing_code(desktop.db)
    cloud.upload(desktop)
    cloud.download(fourth)
    later = joining.utcnow() + timedelta(hours=25)
    monkeypatch.setattr(joining, "utcnow", lambda: later)
    with pytest.raises(KnownError, match="有効期限"):
        sync.join_with_code(fourth.db, folder=fourth.folder, code=expired, device_name="四台目")
    assert not fourth.status().configured
    third.db.close()
    fourth.db.close()


def test_joining_with_the_recovery_passphrase(tmp_path: Path, folder_template: FolderTemplate,
                                              pair: tuple[Device, Device, Cloud]) -> None:
    desktop, _laptop, cloud = pair
    _first_visit(desktop, Workload(random.Random(12)))
    desktop.sync()
    cloud.upload(desktop)
    spare = make_device(tmp_path, "spare", template=folder_template,
                        passphrase="新しいノートの別のパスフレーズ")
    cloud.download(spare)
    with pytest.raises(KnownError, match="パスフレーズが違います"):
        sync.join_with_recovery(spare.db, folder=spare.folder, passphrase="ちがうパスフレーズです",
                                device_name="新しいノート")
    assert not spare.status().configured
    from companion_testing.sync_devices import PASSPHRASE

    sync.join_with_recovery(spare.db, folder=spare.folder, passphrase=PASSPHRASE,
                            device_name="新しいノート")
    cloud.owners["spare"] = spare.device_id
    spare.sync()
    assert _visit_notes(spare) == _visit_notes(desktop)
    spare.db.close()


def test_set_up_refuses_a_folder_in_use_a_file_and_a_full_disk(
        tmp_path: Path, folder_template: FolderTemplate, pair: tuple[Device, Device, Cloud],
        monkeypatch: pytest.MonkeyPatch) -> None:
    desktop, _laptop, _cloud = pair
    other = make_device(tmp_path, "other", template=folder_template)
    with pytest.raises(KnownError, match="既に使われています"):
        sync.set_up_sync(other.db, folder=desktop.folder, device_name="別の端末")
    a_file = tmp_path / "OneDrive.txt"
    a_file.write_text("x")
    with pytest.raises(KnownError, match="ファイルがあります"):
        sync.set_up_sync(other.db, folder=a_file, device_name="別の端末")
    empty = tmp_path / "empty"
    empty.mkdir()

    def full(*_args: object, **_kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(segments.os, "replace", full)
    with pytest.raises(KnownError, match="ディスクの空き容量"):
        sync.set_up_sync(other.db, folder=empty, device_name="別の端末")
    monkeypatch.undo()
    assert list(empty.iterdir()) == []
    assert not other.status().configured
    def settings(*, session: Session) -> int:
        return len(session.exec(select(SyncSetting)).all())
    assert other.read(settings) == 0
    other.db.close()


def test_status_counts_unsent_changes(pair: tuple[Device, Device, Cloud]) -> None:
    desktop, laptop, cloud = pair
    _first_visit(laptop, Workload(random.Random(13)))
    status = laptop.status()
    assert status.unsent > 0 and not status.is_register_keeper
    laptop.sync()
    assert laptop.status().unsent == 0
    cloud.upload(laptop)
    cloud.download(desktop)
    desktop.sync()
    names = {line.name for line in desktop.status().devices}
    assert names == {"事務所のデスクトップ", "訪問用ノート"}
    assert re.fullmatch(r"[0-9a-f]{32}", desktop.status().device_id)


def test_a_full_disk_while_syncing_says_so_and_leaves_nothing_half_written(
        pair: tuple[Device, Device, Cloud], monkeypatch: pytest.MonkeyPatch) -> None:
    desktop, _laptop, _cloud = pair
    _first_visit(desktop, Workload(random.Random(14)))
    unsent = desktop.status().unsent
    segments_folder = desktop.folder / desktop.device_id / "segments"
    before = sorted(p.name for p in segments_folder.iterdir())

    def full(*_args: object, **_kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(segments.os, "replace", full)
    with pytest.raises(KnownError, match="ディスクの空き容量"):
        desktop.sync()
    monkeypatch.undo()
    assert sorted(p.name for p in segments_folder.iterdir()) == before
    status = desktop.status()
    assert status.unsent == unsent and "ディスクの空き容量" in status.last_error
    assert desktop.sync().sent == unsent
    assert desktop.status().last_error == ""


def test_a_missing_folder_is_said_and_remembered(pair: tuple[Device, Device, Cloud]) -> None:
    desktop, _laptop, _cloud = pair
    moved = desktop.folder.with_name("moved")
    desktop.folder.rename(moved)
    with pytest.raises(KnownError, match="同期フォルダが見つかりません"):
        desktop.sync()
    assert "見つかりません" in desktop.status().last_error
    moved.rename(desktop.folder)
    desktop.sync()
    assert desktop.status().last_error == ""


def test_own_segments_are_compacted_only_once_every_device_holds_them(
        pair: tuple[Device, Device, Cloud], monkeypatch: pytest.MonkeyPatch) -> None:
    desktop, laptop, cloud = pair
    monkeypatch.setattr(compaction, "COMPACT_AFTER", 2)
    monkeypatch.setattr(compaction, "COMPACT_GRACE_SECONDS", 0)
    work = Workload(random.Random(15))
    _first_visit(desktop, work)
    for _ in range(4):
        work.append_note(desktop, keeper=True)
        desktop.sync()
    own = layout.own_folder(desktop.folder, desktop.device_id)
    first = own.numbered(segments.SEGMENT)[0][0]
    assert first == 1  # the laptop has applied none of them: nothing is deleted
    assert own.numbered(segments.SNAPSHOT)  # but a snapshot covering them is written
    settle_all([desktop, laptop], cloud, rounds=3)
    assert own.numbered(segments.SEGMENT)[0][0] > 1
    assert _visit_notes(laptop) == _visit_notes(desktop)
    # quiet syncs write no more snapshots (the two do not answer each other's)
    snapshots = {str(p): p.read_bytes() for p in cloud.root.rglob("*.csnap")}
    settle_all([desktop, laptop], cloud, rounds=2)
    assert {str(p): p.read_bytes() for p in cloud.root.rglob("*.csnap")} == snapshots


def test_an_unwritable_folder_is_said_clearly(pair: tuple[Device, Device, Cloud], tmp_path: Path,
                                              folder_template: FolderTemplate,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    other = make_device(tmp_path, "other", template=folder_template)
    empty = tmp_path / "read-only"
    empty.mkdir()
    monkeypatch.setattr(layout.os, "access", lambda *_args, **_kwargs: False)
    with pytest.raises(KnownError, match="書き込めません"):
        sync.set_up_sync(other.db, folder=empty, device_name="別の端末")
    monkeypatch.undo()
    assert list(empty.iterdir()) == [] and not other.status().configured
    other.db.close()


def test_a_restored_data_folder_syncs_on_as_a_new_device(pair: tuple[Device, Device, Cloud]) -> None:
    desktop, laptop, cloud = pair
    work = Workload(random.Random(16))
    _first_visit(laptop, work)
    settle_all([desktop, laptop], cloud, rounds=1)
    old_id = laptop.device_id
    laptop.paths.device_file.unlink()  # as after a restore: the database writes as a new device
    work.append_note(laptop, keeper=False)
    laptop.sync()
    assert laptop.device_id != old_id  # it syncs as the new device now
    cloud.owners["laptop"] = laptop.device_id
    settle_all([desktop, laptop], cloud, rounds=2)
    assert old_id in {line.id for line in desktop.status().devices}
    assert _visit_notes(desktop) == _visit_notes(laptop)
    assert all(token in " ".join(_visit_notes(desktop).values()) for token in work.tokens)
