"""A change log that can travel: stamped entries, one device per line of writes, no
secrets, undo that never overwrites a later change, and the migration of old logs."""

from __future__ import annotations

import json
import os
import shutil
import uuid
from datetime import UTC, date, datetime
from enum import Enum
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from companion_testing.factories import add_engagement, add_visit
from sqlmodel import Session, SQLModel, col, select

from companion.db.database import Database, open_database
from companion.db.device import local_device_id
from companion.db.migrate import alembic_config, head_revision
from companion.db.models import (
    ChangeLog,
    Disclosure,
    Kpi,
    KpiTarget,
    SigningKey,
    Visit,
    VisitAction,
    VisitTemplate,
)
from companion.domain.enums import DisclosureKind, KpiDirection, Owner, VisitMode
from companion.domain.hlc import Hlc
from companion.domain.register_log import chain_problems
from companion.errors import KnownError
from companion.paths import DataPaths
from companion.services.demo import generate_demo
from companion.services.disclosures import DisclosureDraft, declare
from companion.services.health import check_database
from companion.services.register import log_entries, rotate_signing_key
from companion.services.search import search
from companion.services.session import current_device, last_change_set, session_scope
from companion.services.undo import undo_change_set

TODAY = date(2026, 11, 20)
TODAY_AT = datetime(2026, 11, 20, 1, 0, tzinfo=UTC)


def _log(session: Session) -> list[ChangeLog]:
    return list(session.exec(select(ChangeLog).order_by(col(ChangeLog.hlc))))


def _write(db: Database, action) -> uuid.UUID:  # type: ignore[no-untyped-def]
    with session_scope(db) as session:
        action(session)
        session.commit()
        change_set = last_change_set(session)
    assert change_set is not None
    return change_set


# --- stamps --------------------------------------------------------------------------------

def test_every_entry_is_stamped_with_device_sequence_clock_revision_and_row_version(
        db: Database) -> None:
    with session_scope(db) as session:
        engagement = add_engagement(session)
        visit = add_visit(session, engagement, notes="初回面談。")
        session.commit()
        visit.notes = "初回面談。強みは仕込み水。"
        session.commit()
        session.delete(visit)
        session.commit()
        device = current_device(session)
        entries = _log(session)
    assert {e.device_id for e in entries} == {device}
    assert [e.sequence for e in entries] == list(range(1, len(entries) + 1))
    clocks = [Hlc.unpack(e.hlc) for e in entries]
    assert clocks == sorted(clocks) and len(set(clocks)) == len(clocks)
    assert all(abs(c.wall_ms - e.at.timestamp() * 1000) < 2 for c, e in zip(clocks, entries,
                                                                           strict=True))
    assert {e.schema_revision for e in entries} == {head_revision()}
    of_visit = [(e.operation, e.row_version) for e in entries if e.entity_id == visit.id]
    assert of_visit == [("create", 1), ("update", 2), ("delete", 3)]


def test_entries_of_one_flush_keep_their_order_parents_first_and_children_last_out(
        db: Database) -> None:
    def create(session: Session) -> None:
        # children added first: the log still creates the parents first
        visit = Visit(engagement_id=uuid.uuid4(), started_at=TODAY_AT, mode=VisitMode.ON_SITE)
        session.add(visit)
        session.add(VisitAction(visit_id=visit.id, text="見積書を送る", owner=Owner.SUPPORTER))
        visit.engagement_id = add_engagement(session).id

    created = _write(db, create)
    with session_scope(db, write=False) as session:
        entries = session.exec(select(ChangeLog).where(ChangeLog.change_set == created)
                               .order_by(col(ChangeLog.sequence))).all()
    order = [e.entity for e in entries]
    assert order.index("client") < order.index("engagement") < order.index("visit") \
        < order.index("visitaction")
    with session_scope(db) as session:
        undo_change_set(session=session, change_set=created)  # children out before parents
        assert session.exec(select(Visit)).all() == []


def test_the_device_lasts_across_restarts_and_is_new_for_a_copied_or_replaced_database(
        db: Database, tmp_path: Path) -> None:
    paths = db.paths
    first = local_device_id(paths)
    assert local_device_id(paths) == first  # a restart reads the same file
    record = json.loads(paths.device_file.read_text(encoding="utf-8"))
    assert record["device_id"] == str(first)
    # The data folder copied to another computer (device.json and all): a new device.
    other = DataPaths(tmp_path / "other-computer")
    shutil.copytree(paths.root, other.root)
    assert local_device_id(other) != first
    # A backup put in place of this folder's database (a new file): a new device too.
    copy = paths.root / "restored.db"
    shutil.copyfile(paths.database, copy)
    db.close()
    os.replace(copy, paths.database)
    second = local_device_id(paths)
    assert second != first
    assert local_device_id(paths) == second
    paths.device_file.write_text("not json", encoding="utf-8")
    assert local_device_id(paths) not in (first, second)


def test_a_restored_database_writes_as_a_new_device_from_sequence_one(db: Database) -> None:
    _write(db, lambda s: add_engagement(s))
    backup = db.paths.root / "backup.db"
    db.close()
    shutil.copyfile(db.paths.database, backup)
    reopened = open_database(db.paths)
    _write(reopened, lambda s: add_engagement(s, client_name="株式会社みなと水産"))
    reopened.close()
    os.replace(backup, db.paths.database)  # what restore does: a new file
    restored = open_database(db.paths)
    try:
        _write(restored, lambda s: add_engagement(s, client_name="合同会社こもれび"))
        with session_scope(restored, write=False) as session:
            entries = _log(session)
    finally:
        restored.close()
    devices = list(dict.fromkeys(e.device_id for e in entries))
    assert len(devices) == 2
    assert next(e.sequence for e in entries if e.device_id == devices[1]) == 1


# --- secrets -------------------------------------------------------------------------------

def test_no_change_log_entry_holds_key_material_after_demo_and_key_rotation(db: Database) -> None:
    with session_scope(db) as session:
        generate_demo(session=session, size="small", today=TODAY)
    with session_scope(db) as session:
        rotate_signing_key(session=session)
    with db.engine.connect() as connection:
        leaked = connection.exec_driver_sql(
            "SELECT count(*) FROM changelog WHERE before LIKE '%PRIVATE KEY%' "
            "OR after LIKE '%PRIVATE KEY%' OR before LIKE '%private_pem%' "
            "OR after LIKE '%private_pem%'").scalar()
        logged_keys = connection.exec_driver_sql(
            "SELECT count(*) FROM changelog WHERE entity = 'signingkey'").scalar()
    assert leaked == 0
    assert logged_keys == 3  # two keys made, one retired: still in the log, without secrets
    with session_scope(db, write=False) as session:
        assert all("PRIVATE KEY" in k.private_pem for k in session.exec(select(SigningKey)))


# --- undo never overwrites a later change --------------------------------------------------

def test_undo_refuses_when_a_later_autosave_changed_the_row(db: Database) -> None:
    with session_scope(db) as session:
        visit = add_visit(session, add_engagement(session), notes="初回面談。",
                          purpose="販路開拓の相談")
        session.commit()
        visit_id = visit.id

    def edit(text: str):  # type: ignore[no-untyped-def]
        def action(session: Session) -> None:
            row = session.get(Visit, visit_id)
            assert row is not None
            row.notes = text
        return action

    edited = _write(db, edit("初回面談。試飲会を提案。"))
    _write(db, edit("初回面談。試飲会を提案。社長は乗り気。"))  # the autosave after it
    with session_scope(db, write=False) as session:
        logged = len(_log(session))
    with session_scope(db) as session, pytest.raises(
            KnownError, match="訪問記録「販路開拓の相談」は後から変更されているため、元に戻せません"):
        undo_change_set(session=session, change_set=edited)
    with session_scope(db, write=False) as session:
        row = session.get(Visit, visit_id)
        assert row is not None and row.notes == "初回面談。試飲会を提案。社長は乗り気。"
        assert len(_log(session)) == logged  # the refusal wrote nothing


def test_undo_of_a_creation_refuses_when_a_later_row_points_at_it(db: Database) -> None:
    with session_scope(db) as session:
        add_visit(session, add_engagement(session), notes="初回面談。", purpose="初回訪問")
        session.commit()
        created = last_change_set(session)
        visit_id = session.exec(select(Visit.id)).one()
    assert created is not None
    _write(db, lambda s: s.add(VisitAction(visit_id=visit_id, text="見積書を送る",
                                           owner=Owner.SUPPORTER)))
    with session_scope(db) as session, pytest.raises(KnownError, match="次のアクション"):
        undo_change_set(session=session, change_set=created)
    with session_scope(db, write=False) as session:
        assert session.get(Visit, visit_id) is not None


def test_a_cascade_is_logged_row_by_row_and_undone(db: Database) -> None:
    def add(session: Session) -> None:
        engagement = add_engagement(session)
        kpi = Kpi(engagement_id=engagement.id, name="売上高", unit="千円",
                  direction=KpiDirection.HIGHER_IS_BETTER)
        session.add(kpi)
        session.add_all([KpiTarget(kpi_id=kpi.id, fiscal_year=year, value=1000.0 + year)
                         for year in (2025, 2026)])

    _write(db, add)

    def delete(session: Session) -> None:
        session.delete(session.exec(select(Kpi)).one())  # the targets go by ON DELETE CASCADE

    deleted = _write(db, delete)
    with session_scope(db) as session:
        entries = session.exec(select(ChangeLog).where(ChangeLog.change_set == deleted)
                               .order_by(col(ChangeLog.sequence))).all()
        assert [(e.entity, e.operation) for e in entries] == [
            ("kpitarget", "delete"), ("kpitarget", "delete"), ("kpi", "delete")]
        assert session.exec(select(KpiTarget)).all() == []
        undo_change_set(session=session, change_set=deleted)
        assert len(session.exec(select(KpiTarget)).all()) == 2


# --- counters two devices would both issue -------------------------------------------------

def _draft(name: str) -> DisclosureDraft:
    return DisclosureDraft(kind=DisclosureKind.INVESTMENT, counterpart_name=name,
                           started_on=date(2026, 4, 1), declared_on=date(2026, 4, 3),
                           amount_yen=1_000_000)


def test_disclosure_numbers_are_unique_per_device_and_count_on_in_a_folder(db: Database) -> None:
    with session_scope(db) as session:
        first = declare(session=session, draft=_draft("株式会社みなと水産"))
        device = current_device(session)
    with session_scope(db) as session:
        other_device = uuid.uuid4()  # as another computer's disclosure would arrive by sync
        session.add(Disclosure(number=2, device_id=other_device))
        session.commit()
    with session_scope(db) as session:
        second = declare(session=session, draft=_draft("合同会社こもれび"))
        numbers = {d.id: (d.number, d.device_id) for d in session.exec(select(Disclosure))}
    assert numbers[first] == (1, device) and numbers[second] == (3, device)
    with session_scope(db) as session:
        session.add(Disclosure(number=3, device_id=device))
        with pytest.raises(sa.exc.IntegrityError):
            session.commit()


def test_template_names_are_not_a_database_constraint(db: Database) -> None:
    def two(session: Session) -> None:
        session.add(VisitTemplate(name="初回面談", mode=VisitMode.ON_SITE))
        session.add(VisitTemplate(name="初回面談", mode=VisitMode.ONLINE))  # another device's

    _write(db, two)


# --- foreign keys --------------------------------------------------------------------------

def test_every_foreign_key_declares_its_delete_rule_and_has_an_index(db: Database) -> None:
    with db.engine.connect() as connection:
        inspector = sa.inspect(connection)
        for table in SQLModel.metadata.sorted_tables:
            declared = {(fk.parent.name, fk.column.table.name): fk.ondelete
                        for fk in table.foreign_keys}
            assert all(rule in ("CASCADE", "RESTRICT") for rule in declared.values()), table.name
            reflected = {(fk["constrained_columns"][0], fk["referred_table"]):
                         (fk.get("options") or {}).get("ondelete")
                         for fk in inspector.get_foreign_keys(table.name)}
            assert reflected == declared, table.name
            leading = {index["column_names"][0] for index in inspector.get_indexes(table.name)}
            leading.add(inspector.get_pk_constraint(table.name)["constrained_columns"][0])
            for column, _parent in declared:
                assert column in leading, f"{table.name}.{column} has no index"


# --- the migration of an old change log ----------------------------------------------------

def _old_database(paths: DataPaths) -> sa.Engine:
    """An empty database at revision 0001, as Companion 0.1 left it."""
    from companion.db.engine import create_db_engine

    paths.root.mkdir(parents=True)
    engine = create_db_engine(paths.database)
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
    return engine


def _stored_by_0001(value: Any) -> Any:
    """A Python value as revision 0001 stored it (enums by their label)."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, uuid.UUID):
        return value.hex
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _copy_as_0001(table: sa.Table, row: dict[str, Any], keys: dict[str, str]) -> dict[str, Any]:
    """A row of the head schema as revision 0001 stored it: enums by their label (also
    in the change log's copies, and its operation), and the change log's copies of
    signing keys with the private key they used to hold."""
    row = {key: _stored_by_0001(value) for key, value in row.items()}
    if table.name == "changelog":
        copied = SQLModel.metadata.tables[row["entity"]]
        for side in ("before", "after"):
            if row[side] is None:
                continue
            state = json.loads(row[side])
            for column in copied.columns:
                if isinstance(column.type, sa.Enum) and column.type.enum_class is not None:
                    state[column.name] = column.type.enum_class[state[column.name]].value
            if row["entity"] == "signingkey":
                state["private_pem"] = keys[state["fingerprint"]]
            row[side] = json.dumps(state, ensure_ascii=False, sort_keys=True)
    return row


def test_an_old_change_log_is_stamped_scrubbed_and_still_checks(db: Database,
                                                                tmp_path: Path) -> None:
    with session_scope(db) as session:
        generate_demo(session=session, size="small", today=TODAY)
    with session_scope(db) as session:
        rotate_signing_key(session=session)
    template = _write(db, lambda s: s.add(VisitTemplate(name="初回面談", mode=VisitMode.ON_SITE)))
    old = DataPaths(tmp_path / "old")
    engine = _old_database(old)
    with db.engine.connect() as source, engine.begin() as target:
        keys: dict[str, str] = dict(
            source.exec_driver_sql("SELECT fingerprint, private_pem FROM signingkey").all())
        for table in SQLModel.metadata.sorted_tables:
            if not sa.inspect(target).has_table(table.name):
                continue  # a table of a later revision: 0001 had nothing of it to keep
            names = [c["name"] for c in sa.inspect(target).get_columns(table.name)]
            order = table.c.sequence if table.name == "changelog" else sa.literal_column("rowid")
            rows = source.execute(sa.select(*(table.c[n] for n in names)).order_by(order))
            batch = [_copy_as_0001(table, dict(row), keys) for row in rows.mappings()]
            if batch:
                target.execute(sa.text(
                    f"INSERT INTO {table.name} ({', '.join(names)}) "
                    f"VALUES ({', '.join(':' + n for n in names)})"), batch)
        leaked = target.exec_driver_sql(
            "SELECT count(*) FROM changelog WHERE after LIKE '%PRIVATE KEY%'").scalar()
        assert leaked == 3  # two keys made, one retired: what 0001 logged
        assert target.exec_driver_sql("SELECT mode FROM visittemplate").scalar() == "訪問"
    engine.dispose()

    migrated = open_database(old)
    try:
        assert migrated.migration is not None and migrated.migration.before == "0001"
        assert check_database(migrated).ok
        with session_scope(migrated, write=False) as session:
            entries = session.exec(select(ChangeLog).order_by(col(ChangeLog.sequence))).all()
            chain = log_entries(session=session)
            found = search(session=session, query="販路")
            disclosure_devices = set(session.exec(select(Disclosure.device_id)))
        with session_scope(db, write=False) as session:
            original = {e.id: e for e in session.exec(select(ChangeLog))}
        with migrated.engine.connect() as connection:
            leaked = connection.exec_driver_sql(
                "SELECT count(*) FROM changelog WHERE before LIKE '%PRIVATE KEY%' "
                "OR after LIKE '%PRIVATE KEY%'").scalar()
        assert leaked == 0
        legacy = {e.device_id for e in entries}
        assert len(legacy) == 1 and disclosure_devices == legacy
        assert [e.sequence for e in entries] == list(range(1, len(original) + 1))
        assert [e.id for e in entries] == sorted(original, key=lambda i: original[i].sequence)
        assert all(e.row_version == original[e.id].row_version for e in entries)
        assert {e.schema_revision for e in entries} == {"0001"}
        clocks = [e.hlc for e in entries]
        assert clocks == sorted(clocks) and len(set(clocks)) == len(clocks)
        assert len(chain) >= 3 and not chain_problems(chain)
        assert found
        # The folder's own device writes after the history, from sequence 1.
        _write(migrated, lambda s: s.add(VisitTemplate(name="初回面談", mode=VisitMode.PHONE)))
        with session_scope(migrated, write=False) as session:
            newest = session.exec(select(ChangeLog).order_by(col(ChangeLog.hlc).desc())).first()
        assert newest is not None and newest.device_id not in legacy
        assert newest.sequence == 1 and newest.hlc > clocks[-1]
        assert newest.schema_revision == head_revision()
        # Enums are stored as codes now, and nothing else is taken; the history keeps
        # its labels (as written under 0001) and can still be undone.
        with migrated.engine.begin() as connection:
            assert set(connection.exec_driver_sql("SELECT DISTINCT mode FROM visit").scalars()) \
                <= {m.name for m in VisitMode}
            assert connection.exec_driver_sql(
                "SELECT operation FROM changelog WHERE id = ?", (newest.id.hex,)).scalar() \
                == "CREATE"
            with pytest.raises(sa.exc.IntegrityError, match="CHECK"):
                connection.exec_driver_sql("UPDATE visit SET mode = '訪問'")
        with session_scope(migrated) as session:
            undo_change_set(session=session, change_set=template)
            assert [t.mode for t in session.exec(select(VisitTemplate))] == [VisitMode.PHONE]
    finally:
        migrated.close()


def test_a_visits_history_shows_the_labels_of_logged_codes(db: Database) -> None:
    from companion.services.visits.timeline import visit_history

    with session_scope(db) as session:
        visit = add_visit(session, add_engagement(session), notes="初回面談。")
        session.commit()
        visit.mode = VisitMode.PHONE
        session.commit()
        last = session.exec(select(ChangeLog).where(ChangeLog.entity_id == visit.id)
                            .order_by(col(ChangeLog.sequence).desc())).first()
        assert last is not None and last.after is not None
        logged = json.loads(last.after)
        history = visit_history(session=session, visit_id=visit.id)
    assert logged["mode"] == "PHONE"  # the stored code, not the label
    changes = {c.label: (c.before, c.after) for r in history for c in r.changes}
    assert changes["方式"] == ("訪問", "電話")
