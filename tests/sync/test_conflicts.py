"""同期の競合 (services.sync.conflicts): the user's choice is an ordinary edit that syncs
and settles the same conflict on the other device; a newer edit settles it too."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from companion_testing.merge_devices import (
    Device,
    close_all,
    delete_visit,
    edit_visit,
    open_device,
    send,
    shared_visit,
    synced_rows,
    visit_of,
)
from sqlmodel import select

from companion.db.models import SyncConflict
from companion.errors import KnownError
from companion.services.sync.conflicts import list_conflicts, resolve_conflict


@pytest.fixture
def devices(migrated_template: Path, tmp_path: Path) -> Iterator[tuple[Device, Device]]:
    laptop = open_device(migrated_template, tmp_path, "laptop")
    desktop = open_device(migrated_template, tmp_path, "desktop")
    yield laptop, desktop
    close_all(laptop, desktop)


def _both_edit_the_notes(laptop: Device, desktop: Device):  # type: ignore[no-untyped-def]
    visit_id = shared_visit(laptop, desktop)
    edit_visit(laptop, visit_id, notes="収穫祭で試飲会を開く。")
    edit_visit(desktop, visit_id, notes="サンプル送付を先に行う。")
    send(laptop, desktop)
    send(desktop, laptop)
    return visit_id


@pytest.mark.parametrize(("choice", "expected"), [
    ("kept", "サンプル送付を先に行う。"),
    ("other", "収穫祭で試飲会を開く。"),
    ("both", "サンプル送付を先に行う。\n\n―― 別の端末の記載 ――\n収穫祭で試飲会を開く。"),
])
def test_a_choice_is_an_edit_that_syncs_and_settles_it_elsewhere(devices, choice,
                                                                 expected) -> None:  # type: ignore[no-untyped-def]
    laptop, desktop = devices
    visit_id = _both_edit_the_notes(laptop, desktop)
    [conflict] = laptop.read(list_conflicts)
    assert (conflict.kept_value, conflict.other_value) == ("サンプル送付を先に行う。",
                                                           "収穫祭で試飲会を開く。")
    with laptop.session() as session:
        resolve_conflict(session, conflict.id, choice)
    assert visit_of(laptop, visit_id).notes == expected  # type: ignore[union-attr]
    assert laptop.read(list_conflicts) == []
    send(laptop, desktop)
    assert visit_of(desktop, visit_id).notes == expected  # type: ignore[union-attr]
    if choice != "kept":  # an edit newer than both sides: the desktop's twin is settled
        assert desktop.read(list_conflicts) == []
        settled = desktop.read(lambda s: s.exec(select(SyncConflict)).one())
        assert settled.resolution == "elsewhere" and settled.resolved_at is not None
    else:  # nothing changed: the desktop's user still chooses there
        assert len(desktop.read(list_conflicts)) == 1
    assert synced_rows(laptop) == synced_rows(desktop)


def test_a_newer_edit_settles_a_conflict_on_both(devices) -> None:  # type: ignore[no-untyped-def]
    laptop, desktop = devices
    visit_id = shared_visit(laptop, desktop)
    edit_visit(laptop, visit_id, issues="後継者が決まっていない。")
    edit_visit(desktop, visit_id, issues="杜氏の高齢化が課題。")
    send(laptop, desktop)
    send(desktop, laptop)
    assert len(laptop.read(list_conflicts)) == 1
    edit_visit(desktop, visit_id, issues="後継者と杜氏の育成が課題(両方の記載をまとめた)。")
    send(desktop, laptop)
    assert laptop.read(list_conflicts) == [] and desktop.read(list_conflicts) == []
    resolutions = {c.resolution for c in laptop.read(lambda s: s.exec(select(SyncConflict)).all())}
    assert resolutions == {"elsewhere"}
    # The other text is not lost: the settled conflict still holds it.
    other = laptop.read(lambda s: s.exec(select(SyncConflict)).one()).other_value
    assert other == "後継者が決まっていない。"


def test_a_conflict_changed_meanwhile_is_not_overwritten(devices) -> None:  # type: ignore[no-untyped-def]
    laptop, desktop = devices
    visit_id = _both_edit_the_notes(laptop, desktop)
    [conflict] = laptop.read(list_conflicts)
    edit_visit(laptop, visit_id, notes="両方の案を社長に提示する。")
    with laptop.session() as session, pytest.raises(KnownError, match="別の編集で書き換えられています"):
        resolve_conflict(session, conflict.id, "other")
    assert visit_of(laptop, visit_id).notes == "両方の案を社長に提示する。"  # type: ignore[union-attr]
    with laptop.session() as session, pytest.raises(KnownError, match="すでに解決されています"):
        resolve_conflict(session, conflict.id, "kept")


def test_a_wrong_choice_is_refused(devices) -> None:  # type: ignore[no-untyped-def]
    laptop, desktop = devices
    _both_edit_the_notes(laptop, desktop)
    [conflict] = laptop.read(list_conflicts)
    with laptop.session() as session, pytest.raises(KnownError, match="競合の解決方法が正しくありません"):
        resolve_conflict(session, conflict.id, "newest")
    assert len(laptop.read(list_conflicts)) == 1


@pytest.mark.parametrize("choice", ["kept", "other"])
def test_a_restored_record_is_confirmed_or_deleted_again(devices, choice) -> None:  # type: ignore[no-untyped-def]
    laptop, desktop = devices
    visit_id = shared_visit(laptop, desktop)
    delete_visit(desktop, visit_id)
    edit_visit(laptop, visit_id, decisions="見積もりを取る。")
    send(laptop, desktop)
    send(desktop, laptop)
    [conflict] = desktop.read(list_conflicts)
    assert conflict.kind == "restored" and conflict.label.startswith("訪問記録 2025-06-12")
    with desktop.session() as session:
        resolve_conflict(session, conflict.id, choice)
    assert desktop.read(list_conflicts) == []
    send(desktop, laptop)
    gone = choice == "other"
    for device in devices:
        assert (visit_of(device, visit_id) is None) is gone, device.name
    assert synced_rows(laptop) == synced_rows(desktop)
