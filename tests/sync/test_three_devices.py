"""Three computers: random edits and syncs in any order, removing one (a new sync key it
never gets), and a computer joining a folder whose history was compacted."""

from __future__ import annotations

import json
import random
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from companion_testing.clocks import today_in_japan
from companion_testing.sync_devices import (
    Cloud,
    Device,
    FolderTemplate,
    Workload,
    export_differences,
    make_device,
    run_random,
    settle_all,
)
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlmodel import Session, select

from companion.db.models import SyncPeer, Visit
from companion.errors import KnownError
from companion.review.keys import public_from_pem
from companion.review.verify import verify_since
from companion.services import sync
from companion.services.health import check_database
from companion.services.review_bundle import export_review_bundle
from companion.services.session import session_scope
from companion.services.sync import compaction, local_state, pairing, segments
from companion.services.sync import folder as layout


def _join(device: Device, inviter: Device, cloud: Cloud, name: str) -> None:
    code = sync.create_pairing_code(inviter.db)
    cloud.upload(inviter)
    was, cloud.perturb = cloud.perturb, False
    cloud.download(device)
    cloud.perturb = was
    sync.join_with_code(device.db, folder=device.folder, code=code, device_name=name)
    cloud.owners[device.name] = device.device_id
    cloud.upload(device)


@pytest.fixture
def trio(tmp_path: Path, folder_template: FolderTemplate
         ) -> Iterator[tuple[Device, Device, Device, Cloud]]:
    cloud = Cloud(tmp_path / "cloud", perturb=False)
    desktop, laptop, tablet = (make_device(tmp_path, name, template=folder_template)
                               for name in ("desktop", "laptop", "tablet"))
    sync.set_up_sync(desktop.db, folder=desktop.folder, device_name="事務所のデスクトップ")
    cloud.owners["desktop"] = desktop.device_id
    cloud.upload(desktop)
    _join(laptop, desktop, cloud, "訪問用ノート")
    _join(tablet, laptop, cloud, "タブレット")  # invited by the laptop, not the keeper
    yield desktop, laptop, tablet, cloud
    for device in (desktop, laptop, tablet):
        device.db.close()


def _bundle(device: Device, out: Path) -> Path:
    with session_scope(device.db) as session:
        return export_review_bundle(session=session, out=out, practitioner="佐藤 みのり",
                                    today=today_in_japan()).path


def _visits(device: Device) -> dict[str, str]:
    def query(*, session: Session) -> dict[str, str]:
        return {v.id.hex: v.notes + v.decisions for v in session.exec(select(Visit)).all()}
    return device.read(query)  # type: ignore[no-any-return]


@pytest.mark.parametrize("seed", [7, 42])
def test_three_computers_in_random_order_end_the_same(
        trio: tuple[Device, Device, Device, Cloud], tmp_path: Path, seed: int) -> None:
    desktop, laptop, tablet, cloud = trio
    devices = [desktop, laptop, tablet]
    rng = random.Random(seed)
    cloud.rng, cloud.perturb = rng, True
    work = Workload(rng)
    work.new_engagement(tablet, keeper=False)
    work.new_engagement(desktop, keeper=True)
    work.disclosure(desktop, keeper=True)
    before = _bundle(desktop, tmp_path / "before.zip")
    run_random(devices, cloud, work, steps=60, keeper=desktop)
    settle_all(devices, cloud, rounds=5)
    exports = [device.export(tmp_path / f"export-{device.name}") for device in devices]
    assert export_differences(exports[0], exports[1]) == []
    assert export_differences(exports[0], exports[2]) == []
    for device in devices:
        texts = " ".join(_visits(device).values())
        kept = " ".join(c.other_value + c.kept_value for c in device.conflicts())
        missing = [token for token in work.tokens if token not in texts + kept]
        assert missing == [], (device.name, missing, work.done)
        report = check_database(device.db)
        assert report.ok, report.problems
    for device in (laptop, tablet):
        assert all(line.state == "sealed" for line in device.read(sync.list_pending))
    verified = verify_since(_bundle(desktop, tmp_path / "after.zip"), before)
    assert verified.ok, verified.problems


def test_a_removed_computer_cannot_read_on_and_what_it_writes_is_ignored(
        trio: tuple[Device, Device, Device, Cloud]) -> None:
    desktop, laptop, tablet, cloud = trio
    work = Workload(random.Random(21))
    work.new_engagement(tablet, keeper=False)
    settle_all([desktop, laptop, tablet], cloud, rounds=2)
    tablet_id = tablet.device_id
    sync.remove_device(desktop.db, device_id=uuid.UUID(tablet_id))
    # Before the tablet learns of it, it writes on and syncs (with the old key).
    work.new_visit(tablet, keeper=False)
    late_token = list(work.tokens)[-1]
    tablet.sync()
    cloud.upload(tablet)
    work.new_visit(desktop, keeper=True)
    desktop_token = list(work.tokens)[-1]
    for device in (desktop, laptop, desktop, laptop):
        cloud.download(device)
        device.sync()
        cloud.upload(device)
    # the desktop's and the laptop's data agree, without what the tablet wrote after
    assert _visits(desktop) == _visits(laptop)
    assert late_token not in " ".join(_visits(desktop).values())
    assert desktop_token in " ".join(_visits(laptop).values())
    # the laptop got the new key; its segments are sealed with it now
    newest = sorted((cloud.root / desktop.device_id / "segments").glob("*.cseg"))[-1]
    assert segments.read_header(newest).generation == 2
    assert laptop.status().devices and any(
        line.removed for line in laptop.status().devices if line.id == tablet_id)
    # the tablet: told so, and the new segments do not open with what it holds
    cloud.download(tablet)
    with pytest.raises(KnownError, match="外されています"):
        tablet.sync()
    assert "外されています" in tablet.status().last_error
    keys = tablet.read(lambda *, session: local_state.local_from(local_state.require_setting(session)).keys)
    assert 2 not in keys
    desktop_public = public_from_pem(tablet.read(
        lambda *, session: session.exec(select(SyncPeer.signing_public).where(
            SyncPeer.device_id == uuid.UUID(desktop.device_id))).one()))
    with pytest.raises(segments.NoKey):
        segments.open_sealed(tablet.folder / desktop.device_id / "segments" / newest.name,
                             expect_kind=segments.SEGMENT, expect_device=desktop.device_id,
                             public_key=desktop_public, key_for=keys.get)
    assert desktop_token not in " ".join(_visits(tablet).values())


def test_a_computer_joining_a_long_history_starts_from_the_newest_snapshot(
        trio: tuple[Device, Device, Device, Cloud], tmp_path: Path,
        folder_template: FolderTemplate, monkeypatch: pytest.MonkeyPatch) -> None:
    desktop, laptop, tablet, cloud = trio
    monkeypatch.setattr(compaction, "COMPACT_AFTER", 3)
    monkeypatch.setattr(compaction, "COMPACT_GRACE_SECONDS", 0)
    work = Workload(random.Random(33))
    work.new_engagement(desktop, keeper=True)
    devices = [desktop, laptop, tablet]
    for _ in range(8):
        for device in devices:
            work.step(device, keeper=device is desktop)
        settle_all(devices, cloud, rounds=1)
    settle_all(devices, cloud, rounds=3)
    # The desktop compacted: its first segments are gone, a snapshot covers them.
    own = layout.own_folder(desktop.folder, desktop.device_id)
    numbers = [number for number, _path in own.numbered(segments.SEGMENT)]
    assert numbers and numbers[0] > 1
    assert own.numbered(segments.SNAPSHOT)
    # A fourth computer joins and reaches the same state without the old segments.
    fourth = make_device(tmp_path, "fourth", template=folder_template)
    try:
        _join(fourth, laptop, cloud, "自宅のパソコン")
        fourth.sync()
        cloud.upload(fourth)
        assert _visits(fourth) == _visits(desktop)
        left = desktop.export(tmp_path / "export-desktop")
        right = fourth.export(tmp_path / "export-fourth")
        assert export_differences(left, right) == []
        assert check_database(fourth.db).ok
    finally:
        fourth.db.close()


def test_device_json_proves_membership_and_a_forged_one_is_not_a_peer(
        trio: tuple[Device, Device, Device, Cloud]) -> None:
    desktop, laptop, tablet, cloud = trio
    settle_all([desktop, laptop, tablet], cloud, rounds=1)
    forged = desktop.folder / ("f" * 32)
    forged.mkdir()
    stranger = pairing.device_document(
        device="f" * 32, signing_public=pairing.signing_public_pem(Ed25519PrivateKey.generate()),
        agreement_public=pairing.agreement_public_text(pairing.new_agreement_key()),
        generation=1, key=bytes(32), name="見知らぬ端末", paired_with=None)
    (forged / "device.json").write_text(json.dumps(stranger))
    desktop.sync()
    names = {line.name for line in desktop.status().devices}
    assert names == {"事務所のデスクトップ", "訪問用ノート", "タブレット"}


def test_a_visit_arriving_before_its_engagement_waits_for_it(
        trio: tuple[Device, Device, Device, Cloud]) -> None:
    desktop, laptop, tablet, cloud = trio
    settle_all([desktop, laptop, tablet], cloud, rounds=1)
    work = Workload(random.Random(44))
    work.new_engagement(desktop, keeper=True)
    desktop.sync()
    cloud.upload(desktop)
    cloud.download(laptop)
    laptop.sync()
    work.new_visit(laptop, keeper=False)  # under the desktop's engagement
    laptop.sync()
    cloud.upload(laptop)
    # the tablet gets the laptop's segments, the desktop's are late
    source = cloud.root / laptop.device_id
    for path in source.rglob("*"):
        if path.is_file():
            target = tablet.folder / path.relative_to(cloud.root)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    early = tablet.sync()
    assert early.received == 0 and early.refused == []
    assert _visits(tablet) == {}
    cloud.download(tablet)
    late = tablet.sync()
    assert late.received > 0
    assert _visits(tablet) == _visits(laptop) and _visits(tablet)
