"""The merge rules without a database (domain.sync_rules)."""

from __future__ import annotations

import itertools
import uuid

from companion.domain.sync_rules import (
    BOTH_SEPARATOR,
    CREATE,
    DELETE,
    UPDATE,
    FieldChange,
    Stamp,
    both_texts,
    changed_fields,
    field_winners,
    is_text_conflict,
    latest_full_state,
    merged_values,
    row_exists,
    supersedes,
)

LAPTOP = "0" * 31 + "1"
DESKTOP = "f" * 32

CREATED = FieldChange(Stamp(100, LAPTOP), CREATE, None,
                      {"id": "v1", "place": "蔵の事務所", "notes": "初回の訪問。"})


def _update(hlc: int, device: str, **changes: tuple[str, str]) -> FieldChange:
    before = {"id": "v1", **{name: old for name, (old, _new) in changes.items()}}
    after = {"id": "v1", **{name: new for name, (_old, new) in changes.items()}}
    return FieldChange(Stamp(hlc, device), UPDATE, before, after)


def test_stamps_order_by_clock_then_by_the_larger_device() -> None:
    assert Stamp(5, DESKTOP) > Stamp(4, DESKTOP)
    assert Stamp(5, DESKTOP) > Stamp(5, LAPTOP)  # a tie: the larger device id wins
    assert Stamp.of(5, uuid.UUID(DESKTOP)) == Stamp(5, DESKTOP)


def test_a_create_sets_every_field_an_update_only_what_differs() -> None:
    assert changed_fields(CREATED) == {"id", "place", "notes"}
    assert changed_fields(_update(200, LAPTOP, place=("蔵の事務所", "道の駅"))) == {"place"}
    assert changed_fields(FieldChange(Stamp(300, LAPTOP), DELETE, {"id": "v1"}, None)) == set()


def test_each_field_takes_its_latest_change_in_any_order() -> None:
    changes = [CREATED,
               _update(200, LAPTOP, place=("蔵の事務所", "道の駅")),
               _update(300, DESKTOP, place=("蔵の事務所", "直売所"), notes=("初回の訪問。", "試飲会の相談。")),
               _update(250, LAPTOP, notes=("初回の訪問。", "販路の相談。"))]
    expected = {"id": "v1", "place": "直売所", "notes": "試飲会の相談。"}
    for order in itertools.permutations(changes):
        assert merged_values(order) == expected
    assert field_winners(changes)["notes"].stamp == Stamp(300, DESKTOP)


def test_a_row_goes_when_its_latest_change_deletes_it_and_comes_back_after() -> None:
    deleted = FieldChange(Stamp(300, DESKTOP), DELETE,
                          {"id": "v1", "place": "蔵の事務所", "notes": "初回の訪問。"}, None)
    older_edit = _update(200, LAPTOP, notes=("初回の訪問。", "追記。"))
    newer_edit = _update(400, LAPTOP, notes=("初回の訪問。", "追記。"))
    assert not row_exists([CREATED, older_edit, deleted])
    assert row_exists([CREATED, deleted, newer_edit])
    assert not row_exists([])
    # Brought back from the latest whole state (what the delete took), plus the edit.
    state = latest_full_state([CREATED, deleted])
    assert state == {"id": "v1", "place": "蔵の事務所", "notes": "初回の訪問。"}
    assert {**state, **merged_values([CREATED, deleted, newer_edit])}["notes"] == "追記。"


def test_a_text_conflict_is_two_different_edits_since_the_last_common_text() -> None:
    # The local text is neither where the remote started nor where it ended.
    assert is_text_conflict("収穫祭で試飲会。", "初回の訪問。", "サンプル送付。")
    # The local text is the common one: the remote edit simply applies.
    assert not is_text_conflict("初回の訪問。", "初回の訪問。", "サンプル送付。")
    # Both wrote the same words: nothing to choose.
    assert not is_text_conflict("サンプル送付。", "初回の訪問。", "サンプル送付。")
    assert not is_text_conflict(None, "a", "b")


def test_both_texts_are_kept_one_below_a_line() -> None:
    assert both_texts("サンプル送付。", "試飲会。") == f"サンプル送付。\n\n{BOTH_SEPARATOR}\n試飲会。"
    assert both_texts("サンプル送付。", "  ") == "サンプル送付。"
    assert both_texts("", "試飲会。") == "試飲会。"


def test_a_conflict_is_superseded_only_by_a_change_newer_than_both_sides() -> None:
    kept, other = Stamp(300, DESKTOP), Stamp(250, LAPTOP)
    assert supersedes(Stamp(301, LAPTOP), kept, other)
    assert not supersedes(Stamp(300, LAPTOP), kept, other)
    assert not supersedes(Stamp(260, DESKTOP), kept, other)
