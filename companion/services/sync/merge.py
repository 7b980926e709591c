"""Applying another device's change-log entries to this database (docs/sync-merge.md).

The change log becomes the union of both devices' entries (an entry already here is
skipped), and each row an entry touches is then made what the union says
(domain.sync_rules): each field holds its latest change by HLC, a row whose latest
change is a delete is gone, an edit newer than a delete brings the row back, and the
same free text edited on both devices keeps both (the later in the row, the other in
a 同期の競合). The rows are written with Core statements, which do not pass through
the session's before_flush, so nothing is logged twice; the search index's triggers
still fire.

Two things are logged here, as this device's own changes, so that every device ends
the same: a row brought back because a record under it lives on (a visit written on
the laptop under an engagement deleted on the desktop brings the engagement back),
and a row kept although the other device deleted it, for the same reason.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, SQLModel, select

import companion.db.models  # noqa: F401  (every table in SQLModel.metadata)
from companion.db.bulk_insert import insert_rows
from companion.db.models import SyncConflict
from companion.db.types import utcnow
from companion.domain import sync_rules as rules
from companion.domain.enums import ChangeOperation
from companion.errors import KnownError
from companion.services.open_export import exported_tables
from companion.services.session import (
    Change,
    current_device,
    is_secret,
    log_changes,
    logged_value,
    row_state,
)
from companion.services.sync.conflicts import conflict_label, supersede_conflicts
from companion.services.sync.outgoing import (
    applied_vector,
    entry_from_wire,
    mark_applied,
    uncovered,
)


@dataclass(frozen=True)
class MergeResult:
    applied: int = 0
    skipped_duplicates: int = 0
    conflicts: int = 0
    restored: int = 0
    # The batch was not applied: entries it depends on are not here yet (device hex ->
    # the sequence still needed); apply it again once they are.
    waiting: dict[str, int] = field(default_factory=dict)

    @property
    def status(self) -> str:
        return "waiting" if self.waiting else "applied"


@dataclass
class _Counts:
    conflicts: int = 0
    restored: int = 0


# Tables only the register keeper writes (and the keeper's own records): a unique key
# there is never made twice by two computers, and is not merged as twins.
SINGLE_WRITER = frozenset({"logentry", "disclosure", "disclosureversion", "disclosureengagement",
                           "signingkey", "exportedbundle", "reviewerkey", "review",
                           "reviewfinding", "flagdisposition", "pendingdisclosure",
                           "registerkeeper"})


def twin_keys(table: sa.Table) -> list[tuple[str, ...]]:
    """The unique keys (other than the id) that say two rows are one record, for the
    tables two computers may each fill in offline (a KPI's target for a year, ...)."""
    if table.name in SINGLE_WRITER or "id" not in table.c:
        return []
    keys = [tuple(column.key for column in constraint.columns)
            for constraint in table.constraints if isinstance(constraint, sa.UniqueConstraint)]
    keys += [(column.key,) for column in table.columns if column.unique and not column.primary_key]
    return keys


def _synced_tables() -> dict[str, sa.Table]:
    return {table.name: table for table in exported_tables() if table.name != "changelog"}


def _stamp(device: uuid.UUID, hlc: int) -> rules.Stamp:
    return rules.Stamp(hlc, device.hex)


def _field_change(row: Mapping[Any, Any]) -> rules.FieldChange:
    return rules.FieldChange(
        _stamp(row["device_id"], row["hlc"]), ChangeOperation(row["operation"]).name,
        json.loads(row["before"]) if row["before"] else None,
        json.loads(row["after"]) if row["after"] else None)


def apply_entries(session: Session, device_id: uuid.UUID, entries: Sequence[Mapping[str, Any]],
                  *, deps: Mapping[str, int] | None = None) -> MergeResult:
    """Apply ``device_id``'s entries (its segment's, in any order) to this database, in
    the caller's transaction. Refused (``waiting``, nothing changed) when ``deps`` (what
    that device had applied from the others when it wrote them) is not all here yet,
    or when its entries before these are not."""
    session.flush()
    if deps:
        missing = uncovered(session, deps)
        if missing:
            return MergeResult(waiting=missing)
    connection = session.connection()
    log = SQLModel.metadata.tables["changelog"]
    values = sorted((entry_from_wire(entry) for entry in entries), key=lambda v: v["sequence"])
    foreign = [v for v in values if v["device_id"] != device_id]
    if foreign or device_id == current_device(session):
        raise KnownError("同期の変更記録に、別の端末の記録が混ざっています。",
                         hint="同期フォルダの {device} のファイルを確認してください。",
                         device=device_id.hex[:8])
    held = applied_vector(session).get(device_id.hex, 0)
    fresh = [v for v in values if v["sequence"] > held]
    duplicates = len(values) - len(fresh)
    expected = held + 1
    for value in fresh:
        if value["sequence"] != expected:
            return MergeResult(skipped_duplicates=duplicates, waiting={device_id.hex: expected})
        expected += 1
    tables = _synced_tables()
    unknown = sorted({v["entity"] for v in fresh} - tables.keys())
    if unknown:
        raise KnownError("同期の変更記録に、この Companion の知らない表があります: {names}",
                         names=", ".join(unknown),
                         hint="この端末の Companion を新しい版にしてから同期してください。")
    if not fresh:
        return MergeResult(skipped_duplicates=duplicates)
    insert_rows(connection, log, fresh)
    counts = _Counts()
    _merge_rows(session, tables, fresh, counts)
    mark_applied(session, device_id, fresh[-1]["sequence"])
    supersede_conflicts(session)
    return MergeResult(applied=len(fresh), skipped_duplicates=duplicates,
                       conflicts=counts.conflicts, restored=counts.restored)


def _merge_rows(session: Session, tables: Mapping[str, sa.Table],
                fresh: Sequence[Mapping[str, Any]], counts: _Counts) -> None:
    """Make every row the new entries touch what the union of the log says: rows
    that stay first (parents before children, as their creates came), then rows that
    go (children before parents, as their deletes came)."""
    first_seen: dict[tuple[str, uuid.UUID], int] = {}
    last_delete: dict[tuple[str, uuid.UUID], int] = {}
    batch: dict[tuple[str, uuid.UUID], list[Mapping[str, Any]]] = {}
    for index, value in enumerate(fresh):
        key = (value["entity"], value["entity_id"])
        first_seen.setdefault(key, index)
        batch.setdefault(key, []).append(value)
        if value["operation"] is ChangeOperation.DELETE:
            last_delete[key] = index
    merger = _Merger(session, tables, counts)
    staying: list[tuple[str, uuid.UUID]] = []
    going: list[tuple[str, uuid.UUID]] = []
    for key in sorted(first_seen, key=first_seen.__getitem__):
        changes = merger.history(tables[key[0]], key[1])
        (staying if rules.row_exists(changes) else going).append(key)
    for entity, entity_id in staying:
        merger.settle(tables[entity], entity_id, batch[(entity, entity_id)])
    for entity, entity_id in sorted(going, key=lambda k: last_delete.get(k, first_seen[k])):
        merger.remove(tables[entity], entity_id)


def _history(session: Session, table: sa.Table, entity_id: uuid.UUID) -> list[rules.FieldChange]:
    log = SQLModel.metadata.tables["changelog"]
    return [_field_change(row) for row in session.connection().execute(
        sa.select(log).where(log.c.entity_id == entity_id, log.c.entity == table.name)
    ).mappings()]


def _key_clause(table: sa.Table, values: Mapping[str, Any]) -> sa.ColumnElement[bool]:
    return sa.and_(*(column == values[column.key] for column in table.primary_key.columns))


def _python(table: sa.Table, state: Mapping[str, Any]) -> dict[str, Any]:
    return {column.key: logged_value(column, state[column.key])
            for column in table.columns if column.key in state}


def _full_row(table: sa.Table, state: Mapping[str, Any]) -> dict[str, Any]:
    """Column values for an insert: the logged state, secret columns empty."""
    values = _python(table, state)
    for column in table.columns:
        if column.key not in values and is_secret(column):
            values[column.key] = None if column.nullable else ""
    return values


class _Merger:
    def __init__(self, session: Session, tables: Mapping[str, sa.Table], counts: _Counts) -> None:
        self.session = session
        self.connection = session.connection()
        self.tables = tables
        self.counts = counts
        self.revived: set[tuple[str, uuid.UUID]] = set()
        self.change_set = uuid.uuid4()
        self._histories: dict[tuple[str, uuid.UUID], list[rules.FieldChange]] = {}
        self._keys: dict[tuple[str, tuple[str, ...]], dict[tuple[Any, ...], set[uuid.UUID]]] = {}

    def history(self, table: sa.Table, entity_id: uuid.UUID) -> list[rules.FieldChange]:
        """A row's entries in the change log (the union, this batch included)."""
        key = (table.name, entity_id)
        if key not in self._histories:
            self._histories[key] = _history(self.session, table, entity_id)
        return self._histories[key]

    def _ids_by_key(self, table: sa.Table, names: tuple[str, ...]) -> dict[tuple[Any, ...],
                                                                           set[uuid.UUID]]:
        """Every row of ``table`` the change log knows, by the values of a unique key
        any of its states had (read once per batch)."""
        index_key = (table.name, names)
        if index_key not in self._keys:
            log = SQLModel.metadata.tables["changelog"]
            found: dict[tuple[Any, ...], set[uuid.UUID]] = {}
            for entity_id, before, after in self.connection.execute(
                    sa.select(log.c.entity_id, log.c.before, log.c.after)
                    .where(log.c.entity == table.name)):
                for text in (before, after):
                    if text:
                        state = json.loads(text)
                        found.setdefault(tuple(state.get(n) for n in names), set()).add(entity_id)
            self._keys[index_key] = found
        return self._keys[index_key]

    # -- rows that stay ---------------------------------------------------------------

    def _current(self, table: sa.Table, entity_id: uuid.UUID,
                 state: Mapping[str, Any] | None) -> dict[str, Any] | None:
        if "id" in table.c:
            clause = table.c.id == entity_id
        elif state is not None:
            clause = _key_clause(table, _python(table, state))
        else:
            return None
        row = self.connection.execute(sa.select(table).where(clause)).mappings().first()
        return dict(row) if row is not None else None

    def settle(self, table: sa.Table, entity_id: uuid.UUID,
               batch: Sequence[Mapping[str, Any]]) -> None:
        changes = self.history(table, entity_id)
        full = rules.latest_full_state(changes)
        if full is None:
            return
        twins = self._twin_ids(table, entity_id, full)
        if twins:
            self._settle_twins(table, [entity_id, *twins])
            return
        current = self._current(table, entity_id, full)
        merged = rules.merged_values(changes)
        if current is None:
            self._bring_back(table, entity_id, changes, {**full, **merged}, batch)
            return
        fresh = {_stamp(b["device_id"], b["hlc"]) for b in batch}
        self._text_conflicts(table, entity_id, changes, current, fresh)
        wanted = _python(table, merged)
        differing = {name: value for name, value in wanted.items()
                     if name in current and current[name] != value}
        if differing:
            self.connection.execute(sa.update(table).where(_key_clause(table, current))
                                    .values(differing))

    def _insert(self, table: sa.Table, values: Mapping[str, Any]) -> None:
        try:  # a failed statement leaves SQLite's transaction as it was
            self.connection.execute(table.insert(), [dict(values)])
        except sa.exc.IntegrityError as exc:
            raise KnownError("同期の変更記録を取り込めません({entity}: {reason})。",
                             entity=table.name, reason=str(exc.orig or exc).splitlines()[0],
                             hint="companion check で両方の端末のデータを確認してください。") from None

    def _bring_back(self, table: sa.Table, entity_id: uuid.UUID,
                    changes: Sequence[rules.FieldChange], state: Mapping[str, Any],
                    batch: Sequence[Mapping[str, Any]]) -> None:
        values = _full_row(table, state)
        self._ensure_parents(table, values)
        self._insert(table, values)
        new_stamps = {_stamp(b["device_id"], b["hlc"]) for b in batch}
        deleted_here = any(c.operation == rules.DELETE and c.stamp not in new_stamps
                           for c in changes)
        if deleted_here:
            self._raise_restored(table, entity_id, values)

    def _raise_restored(self, table: sa.Table, entity_id: uuid.UUID,
                        values: Mapping[str, Any]) -> None:
        self.session.add(SyncConflict(
            kind="restored", entity=table.name, entity_id=entity_id,
            label=conflict_label(self.session, table.name, values)))
        self.counts.restored += 1

    def _ensure_parents(self, table: sa.Table, values: Mapping[str, Any]) -> None:
        """A row coming back needs the rows it points at: any of them deleted meanwhile
        is brought back too (logged here, so every device keeps it)."""
        for fk in table.foreign_keys:
            parent_id = values.get(fk.parent.key)
            parent = fk.column.table
            if parent_id is None or parent.name not in self.tables:
                continue
            exists = self.connection.execute(
                sa.select(sa.literal(1)).select_from(parent)
                .where(fk.column == parent_id).limit(1)).first()
            if exists is None:
                self._revive_deleted(parent, parent_id)

    def _revive_deleted(self, table: sa.Table, entity_id: uuid.UUID) -> None:
        changes = self.history(table, entity_id)
        full = rules.latest_full_state(changes)
        if full is None:
            raise KnownError("同期の変更記録を取り込めません: {entity} の元になる記録がありません。",
                             entity=table.name,
                             hint="相手の端末でもう一度同期してから、やり直してください。")
        values = _full_row(table, {**full, **rules.merged_values(changes)})
        self._ensure_parents(table, values)
        self._insert(table, values)
        self._log_revival(table, entity_id, values)
        self._raise_restored(table, entity_id, values)

    def _log_revival(self, table: sa.Table, entity_id: uuid.UUID,
                     values: Mapping[str, Any]) -> None:
        """Log a row kept or brought back as this device's own create, newer than the
        delete, so the other devices keep it too."""
        if (table.name, entity_id) in self.revived:
            return
        self.revived.add((table.name, entity_id))
        self._histories.pop((table.name, entity_id), None)
        log_changes(self.session, self.change_set,
                    [Change(table, entity_id, ChangeOperation.CREATE,
                            after=row_state(table, values))], at=utcnow())

    def _text_conflicts(self, table: sa.Table, entity_id: uuid.UUID,
                        changes: Sequence[rules.FieldChange], current: Mapping[str, Any],
                        fresh_stamps: set[rules.Stamp]) -> None:
        """The same text changed here and there since the two devices last agreed:
        the later stays in the row, the other goes into a 同期の競合."""
        texts = rules.TEXT_FIELDS.get(table.name, frozenset())
        if not texts:
            return
        fresh = [c for c in changes if c.stamp in fresh_stamps and c.operation == rules.UPDATE]
        older = [c for c in changes if c.stamp not in fresh_stamps]
        winners = rules.field_winners(changes)
        for name in sorted(texts):
            remote = sorted((c for c in fresh if name in rules.changed_fields(c)),
                            key=lambda c: c.stamp)
            if not remote:
                continue
            first, last = remote[0], remote[-1]
            local_value = current.get(name)
            remote_value = (last.after or {}).get(name)
            if not rules.is_text_conflict(local_value, (first.before or {}).get(name),
                                          remote_value):
                continue
            local_setters = sorted((c for c in older if name in rules.changed_fields(c)),
                                   key=lambda c: c.stamp)
            local_stamp = (local_setters[-1].stamp if local_setters
                           else rules.Stamp(0, current_device(self.session).hex))
            remote_won = winners[name] is last
            kept, other = (remote_value, local_value) if remote_won else (local_value, remote_value)
            kept_stamp, other_stamp = ((last.stamp, local_stamp) if remote_won
                                       else (local_stamp, last.stamp))
            self.session.add(SyncConflict(
                kind="text", entity=table.name, entity_id=entity_id, field=name,
                label=conflict_label(self.session, table.name, current),
                kept_value=str(kept), other_value=str(other),
                kept_device=uuid.UUID(kept_stamp.device), other_device=uuid.UUID(other_stamp.device),
                kept_hlc=kept_stamp.hlc, other_hlc=other_stamp.hlc))
            self.counts.conflicts += 1

    # -- twins: one record made on two computers ---------------------------------------

    def _twin_ids(self, table: sa.Table, entity_id: uuid.UUID,
                  full: Mapping[str, Any]) -> list[uuid.UUID]:
        """Other rows of ``table`` that are the same record by its unique key (one
        target per KPI and year, made on both computers offline)."""
        keys = twin_keys(table)
        if not keys:
            return []
        found: set[uuid.UUID] = set()
        for key in keys:
            if any(full.get(name) is None for name in key):
                continue
            candidates = self._ids_by_key(table, key).get(tuple(full[name] for name in key), set())
            for candidate in candidates - {entity_id}:
                latest = rules.latest_full_state(self.history(table, candidate)) or {}
                if all(latest.get(name) == full[name] for name in key):
                    found.add(candidate)
        return sorted(found, key=lambda i: i.hex)

    def _settle_twins(self, table: sa.Table, ids: Sequence[uuid.UUID]) -> None:
        """Twins become one row: the smallest id of those that live, each field its
        latest change in any of them, on every device alike; a text the twins say
        differently keeps the other in a 同期の競合."""
        histories = {i: self.history(table, i) for i in ids}
        living = sorted((i for i in ids if rules.row_exists(histories[i])), key=lambda i: i.hex)
        present = [i for i in ids if self._current(table, i, None) is not None]
        keep = living[0] if living else None
        for other in present:
            if other != keep:
                self.connection.execute(sa.delete(table).where(table.c.id == other))
        if keep is None:
            return
        union = [change for i in living for change in histories[i]]
        state = {**(rules.latest_full_state(union) or {}), **rules.merged_values(union),
                 "id": keep.hex}
        values = _full_row(table, state)
        self._twin_text_conflicts(table, keep, living, histories, state)
        current = self._current(table, keep, None)
        if current is None:
            self._ensure_parents(table, values)
            self._insert(table, values)
            return
        differing = {name: value for name, value in values.items()
                     if name != "id" and current.get(name) != value}
        if differing:
            self.connection.execute(sa.update(table).where(table.c.id == keep).values(differing))

    def _twin_text_conflicts(self, table: sa.Table, keep: uuid.UUID,
                             living: Sequence[uuid.UUID],
                             histories: Mapping[uuid.UUID, Sequence[rules.FieldChange]],
                             state: Mapping[str, Any]) -> None:
        for name in sorted(rules.TEXT_FIELDS.get(table.name, frozenset())):
            kept = state.get(name)
            for twin in living:
                winners = rules.field_winners(histories[twin])
                if name not in winners:
                    continue
                other = (winners[name].after or {}).get(name)
                if not isinstance(other, str) or not other.strip() or other == kept:
                    continue
                known = self.session.exec(select(SyncConflict.id).where(
                    SyncConflict.entity_id == keep, SyncConflict.field == name,
                    SyncConflict.other_value == other)).first()
                if known is not None:
                    continue
                union = [c for i in living for c in histories[i]]
                kept_stamp = rules.field_winners(union)[name].stamp
                self.session.add(SyncConflict(
                    kind="text", entity=table.name, entity_id=keep, field=name,
                    label=conflict_label(self.session, table.name, _python(table, state)),
                    kept_value=str(kept or ""), other_value=other,
                    kept_device=uuid.UUID(kept_stamp.device),
                    other_device=uuid.UUID(winners[name].stamp.device),
                    kept_hlc=kept_stamp.hlc, other_hlc=winners[name].stamp.hlc))
                self.session.flush()
                self.counts.conflicts += 1

    # -- rows that go -----------------------------------------------------------------

    def remove(self, table: sa.Table, entity_id: uuid.UUID) -> None:
        changes = self.history(table, entity_id)
        full = rules.latest_full_state(changes)
        twins = self._twin_ids(table, entity_id, full) if full else []
        if twins:
            self._settle_twins(table, [entity_id, *twins])
            return
        current = self._current(table, entity_id, full)
        if current is None:
            return
        if self._has_living_children(table, current):
            # Something under it was written after (or without knowing of) the delete:
            # the row stays, and says so.
            self._log_revival(table, entity_id, current)
            self._raise_restored(table, entity_id, current)
            return
        try:
            self.connection.execute(sa.delete(table).where(_key_clause(table, current)))
        except sa.exc.IntegrityError as exc:
            raise KnownError("同期の変更記録を取り込めません({entity}: {reason})。",
                             entity=table.name, reason=str(exc.orig or exc).splitlines()[0],
                             hint="companion check で両方の端末のデータを確認してください。") from None

    def _has_living_children(self, table: sa.Table, row: Mapping[str, Any]) -> bool:
        for child in self.tables.values():
            for fk in child.foreign_keys:
                if fk.column.table is not table:
                    continue
                if "id" not in child.c:  # a link row of the register: it never goes
                    if self.connection.execute(sa.select(sa.literal(1)).select_from(child).where(
                            fk.parent == row[fk.column.key]).limit(1)).first() is not None:
                        return True
                    continue
                id_column = child.c.id
                for (child_id,) in self.connection.execute(
                        sa.select(id_column).where(fk.parent == row[fk.column.key])):
                    history = self.history(child, child_id)
                    if not history or rules.row_exists(history):
                        return True
        return False
