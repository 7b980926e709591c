"""The merge rules of sync, without a database (docs/sync-merge.md).

Two computers of one practice change the same records between two syncs. Every change
is a change-log entry stamped with a hybrid logical clock (domain.hlc) and the device
that made it; merging takes, for each field, the change with the later stamp, so every
device that has seen the same entries holds the same row whatever order they came in.

What is decided here:

- ``Stamp`` orders changes: by HLC, and on a tie by the larger device id (a tie is two
  devices at the same millisecond and counter; any fixed rule will do, as long as
  every device uses the same).
- ``changed_fields``: what an entry changed. A create sets every field, an update the
  fields whose value differs between before and after, a delete none (it is a
  tombstone).
- ``field_winners``: for each field, the latest change of it.
- ``row_exists``: a row is there unless its latest change is a delete ("delete newer
  wins"; an edit newer than the delete brings the row back).
- ``is_text_conflict``: the same free text edited on both devices since they last
  agreed. Then both texts are kept: the later one in the row, the other in a
  同期の競合 for the user.
- ``TEXT_FIELDS``: the free texts a person writes, where a silent overwrite loses words.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

# The free texts whose concurrent edits are kept both (the visit's own words first).
TEXT_FIELDS: Mapping[str, frozenset[str]] = {
    "visit": frozenset({"purpose", "notes", "strengths", "issues", "decisions", "attendees",
                        "place"}),
    "engagement": frozenset({"essential_issue", "fee_terms"}),
    "client": frozenset({"notes"}),
    "planitem": frozenset({"notes"}),
    "reportnarrative": frozenset({"achievements", "next_year_policy", "self_running"}),
    "visitaction": frozenset({"text"}),
}

CREATE = "CREATE"
UPDATE = "UPDATE"
DELETE = "DELETE"

# The line between the kept text and the other device's text when both are kept.
BOTH_SEPARATOR = "―― 別の端末の記載 ――"


@dataclass(frozen=True, order=True)
class Stamp:
    """When a change was made, comparable across devices: HLC, then device id."""

    hlc: int
    device: str  # hex of the device id

    @classmethod
    def of(cls, hlc: int, device: uuid.UUID | str) -> Stamp:
        return cls(hlc, device.hex if isinstance(device, uuid.UUID) else uuid.UUID(device).hex)


@dataclass(frozen=True)
class FieldChange:
    """One entry as the merge reads it: when, what, and the row's states around it."""

    stamp: Stamp
    operation: str  # CREATE | UPDATE | DELETE (the stored code)
    before: Mapping[str, Any] | None
    after: Mapping[str, Any] | None


def changed_fields(change: FieldChange) -> frozenset[str]:
    """The fields an entry set: all of a create, the differing ones of an update."""
    if change.operation == CREATE:
        return frozenset(change.after or {})
    if change.operation == UPDATE:
        before, after = change.before or {}, change.after or {}
        return frozenset(name for name, value in after.items()
                         if name not in before or before[name] != value)
    return frozenset()


def field_winners(changes: Iterable[FieldChange]) -> dict[str, FieldChange]:
    """For each field, the latest change that set it (by stamp)."""
    winners: dict[str, FieldChange] = {}
    for change in sorted(changes, key=lambda c: c.stamp):
        for name in changed_fields(change):
            winners[name] = change
    return winners


def merged_values(changes: Iterable[FieldChange]) -> dict[str, Any]:
    """Each field's value from its latest change (only fields some change set)."""
    return {name: (change.after or {})[name]
            for name, change in field_winners(changes).items()}


def latest(changes: Iterable[FieldChange]) -> FieldChange | None:
    ordered = sorted(changes, key=lambda c: c.stamp)
    return ordered[-1] if ordered else None


def row_exists(changes: Iterable[FieldChange]) -> bool:
    """A row stays (or comes back) unless its latest change deletes it."""
    last = latest(changes)
    return last is not None and last.operation != DELETE


def latest_full_state(changes: Iterable[FieldChange]) -> dict[str, Any] | None:
    """The row's whole state as the latest entry that holds one left it: a create's or
    update's after, or what a delete took away (to bring a row back from)."""
    for change in sorted(changes, key=lambda c: c.stamp, reverse=True):
        state = change.before if change.operation == DELETE else change.after
        if state:
            return dict(state)
    return None


def is_text_conflict(local_value: Any, remote_before: Any, remote_after: Any) -> bool:
    """Both sides changed one text since they last agreed, to different words: the
    local text is neither what the remote device started from nor what it wrote."""
    if not isinstance(remote_after, str) or not isinstance(local_value, str):
        return False
    return local_value != remote_before and local_value != remote_after


def both_texts(kept: str, other: str) -> str:
    """The kept text with the other device's text below a line (「両方残す」)."""
    if not other.strip():
        return kept
    if not kept.strip():
        return other
    return f"{kept.rstrip()}\n\n{BOTH_SEPARATOR}\n{other.strip()}"


def supersedes(stamp: Stamp, *sides: Stamp) -> bool:
    """A change newer than every side of a conflict settles it elsewhere."""
    return all(stamp > side for side in sides)
