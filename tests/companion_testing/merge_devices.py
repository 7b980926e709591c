"""Two (or three) computers of one practice in one test, for the merge side of sync:
data folders whose change logs are handed to each other directly
(services.sync.merge), no sync folder needed (the transport's own helpers are in
sync_devices.py)."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from companion.db.database import Database, open_database
from companion.db.models import Visit
from companion.paths import DataPaths
from companion.services.open_export import exported_tables
from companion.services.session import (
    current_device,
    is_secret,
    last_change_set,
    session_scope,
)
from companion.services.sync.merge import MergeResult, apply_entries
from companion.services.sync.outgoing import applied_vector, outgoing_entries


@dataclass
class Device:
    name: str
    db: Database
    # The "segments" this device has written: (first, last sequence, deps then).
    segments: list[tuple[int, int, dict[str, int]]] = field(default_factory=list)

    @property
    def id(self) -> uuid.UUID:
        with self.session() as session:
            return current_device(session)

    @contextmanager
    def session(self) -> Iterator[Session]:
        with session_scope(self.db) as session:
            yield session

    def write(self, action: Callable[[Session], Any]) -> uuid.UUID | None:
        """Run ``action`` as one use case (committed); its change set."""
        with self.session() as session:
            action(session)
            session.commit()
            return last_change_set(session)

    def read(self, query: Callable[[Session], Any]) -> Any:
        with session_scope(self.db, write=False) as session:
            return query(session)


def open_device(template: Path, root: Path, name: str) -> Device:
    """A fresh, migrated data folder (``template``: the session's migrated database)."""
    paths = DataPaths(root / name)
    paths.root.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template, paths.database)
    return Device(name, open_database(paths))


def entries_for(source: Device, target: Device) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """What ``source`` has written that ``target`` lacks, and the deps it carries (what
    source had applied from every other device)."""
    source_id = source.id
    held = target.read(applied_vector).get(source_id.hex, 0)
    entries = source.read(lambda s: outgoing_entries(s, after_sequence=held))
    deps = {device: sequence for device, sequence in source.read(applied_vector).items()
            if device != source_id.hex}
    return entries, deps


def _cut_segment(source: Device) -> None:
    """Like the transport: the entries written since the last segment become one, with
    the deps of this moment (what the source has applied from the others)."""
    own = source.read(applied_vector)
    last = own.get(source.id.hex, 0)
    cut = source.segments[-1][1] if source.segments else 0
    if last > cut:
        deps = {device: sequence for device, sequence in own.items() if device != source.id.hex}
        source.segments.append((cut + 1, last, deps))


def send(source: Device, target: Device, *, entries: list[dict[str, Any]] | None = None,
         deps: dict[str, int] | None = None) -> MergeResult:
    """Apply ``source``'s new entries on ``target``, segment by segment as the
    transport delivers them (each with the deps it was written with), each in one
    committed transaction; ``entries``/``deps`` given: exactly those, at once."""
    source_id = source.id
    if entries is not None or deps is not None:
        found, found_deps = entries_for(source, target)
        with target.session() as session:
            result = apply_entries(session, source_id, found if entries is None else entries,
                                   deps=found_deps if deps is None else deps)
            session.commit()
        return result
    _cut_segment(source)
    total = MergeResult()
    for first, last, segment_deps in source.segments:
        held = target.read(applied_vector).get(source_id.hex, 0)
        if last <= held:
            continue
        batch = [entry for entry in source.read(
                     lambda s, after=first - 1: outgoing_entries(s, after_sequence=after))
                 if entry["sequence"] <= last]
        with target.session() as session:
            result = apply_entries(session, source_id, batch, deps=segment_deps)
            session.commit()
        total = MergeResult(total.applied + result.applied,
                            total.skipped_duplicates + result.skipped_duplicates,
                            total.conflicts + result.conflicts, total.restored + result.restored,
                            result.waiting)
        if result.waiting:
            break
    return total


def close_all(*devices: Device) -> None:
    for device in devices:
        device.db.close()


# -- a visit both computers hold, and what tests do to it --------------------------------

def shared_visit(laptop: Device, desktop: Device) -> uuid.UUID:
    """A visit written on the laptop and synced to the desktop: their common state."""
    from companion_testing.factories import add_engagement, add_visit

    made: list[uuid.UUID] = []

    def create(session: Session) -> None:
        visit = add_visit(session, add_engagement(session),
                          notes="新商品「雪室熟成」の試飲会について社長と相談した。")
        made.append(visit.id)

    laptop.write(create)
    send(laptop, desktop)
    return made[0]


def edit_visit(device: Device, visit_id: uuid.UUID, **values: Any) -> None:
    def edit(session: Session) -> None:
        visit = session.get(Visit, visit_id)
        assert visit is not None
        for name, value in values.items():
            setattr(visit, name, value)

    device.write(edit)


def delete_visit(device: Device, visit_id: uuid.UUID) -> None:
    device.write(lambda session: session.delete(session.get(Visit, visit_id)))


def visit_of(device: Device, visit_id: uuid.UUID) -> Visit | None:
    found: Visit | None = device.read(lambda s: s.get(Visit, visit_id))
    return found


def synced_rows(device: Device) -> dict[str, list[dict[str, Any]]]:
    """Every synced table's rows (the change log too), as export-all would write them."""
    def read(session: Session) -> dict[str, list[dict[str, Any]]]:
        connection = session.connection()
        found = {}
        for table in exported_tables():
            columns = [column for column in table.columns if not is_secret(column)]
            found[table.name] = [dict(row) for row in connection.execute(
                sa.select(*columns).order_by(*table.primary_key.columns)).mappings()]
        return found

    rows: dict[str, list[dict[str, Any]]] = device.read(read)
    return rows


def sync_everything(devices: list[Device], *, rounds: int = 10) -> None:
    """Hand every device's entries to every other until nothing more applies."""
    for _ in range(rounds):
        progress = False
        for source in devices:
            for target in devices:
                if source is not target and send(source, target).applied:
                    progress = True
        if not progress:
            return
    raise AssertionError("sync did not settle")
