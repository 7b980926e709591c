"""a history that can travel

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03 07:30:00

- The change log gets ``device_id``, ``sequence``, ``hlc``, ``schema_revision`` and
  ``row_version`` (companion/db/models.py, ChangeLog). Existing entries are stamped in
  the order they were written (``at``, then insertion order): the device is one id
  derived from that history itself (the same entries give the same id wherever they
  are migrated; no device writes as it afterwards: the data folder's own device id is
  made at its first write, companion/db/device.py), the sequence counts 1, 2, 3 ...,
  the clock is ``at`` with a counter for entries of the same millisecond, the schema
  revision is 0001, and the row version counts each row's changes.
- The change log's copies of signing-key rows lose their private key (it never
  belonged there).
- ``disclosure.number`` becomes unique per issuing device (``device_id``, the history's
  device for existing disclosures); visit template names are no longer unique.
- Every foreign key declares ON DELETE (CASCADE or RESTRICT) and is indexed.

SQLite cannot alter constraints, so the tables with foreign keys are rebuilt (batch
mode; companion/db/migrate.py runs migrations with foreign keys off, as a rebuild
needs); the search triggers of the rebuilt visit, engagement and planitem tables are
made again. What this revision needs is copied here, not imported, so that it stays
what it was when the code changes.
"""
import hashlib
import json
import uuid
from datetime import datetime

from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

NAMING = {
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
}

# table -> [(column, referred table, ON DELETE)], parents before children
FOREIGN_KEYS = {
    "engagement": [("client_id", "client", "RESTRICT"), ("sponsor_id", "sponsor", "RESTRICT")],
    "planitem": [("engagement_id", "engagement", "CASCADE"), ("parent_id", "planitem", "CASCADE")],
    "planbaseline": [("engagement_id", "engagement", "CASCADE")],
    "kpi": [("engagement_id", "engagement", "CASCADE")],
    "kpitarget": [("kpi_id", "kpi", "CASCADE")],
    "kpiactual": [("kpi_id", "kpi", "CASCADE")],
    "visit": [("engagement_id", "engagement", "CASCADE")],
    "visitaction": [("visit_id", "visit", "CASCADE"), ("plan_item_id", "planitem", "RESTRICT")],
    "attachment": [("visit_id", "visit", "CASCADE"), ("engagement_id", "engagement", "CASCADE")],
    "disclosureversion": [("disclosure_id", "disclosure", "RESTRICT"),
                          ("counterpart_client_id", "client", "RESTRICT")],
    "disclosureengagement": [("version_id", "disclosureversion", "CASCADE"),
                             ("engagement_id", "engagement", "RESTRICT")],
    "reviewfinding": [("review_id", "review", "CASCADE"),
                      ("version_id", "disclosureversion", "RESTRICT")],
}
# foreign keys that had no index of their own
NEW_INDEXES = {
    "disclosureversion": "counterpart_client_id",
    "disclosureengagement": "engagement_id",
}

# The search triggers, as revision 0001 made them (DROP TABLE drops a table's triggers).
SEARCH_SOURCES = (
    ("visit", "visit", "r.purpose",
     "r.place || char(10) || r.attendees || char(10) || r.notes || char(10) || "
     "r.strengths || char(10) || r.issues || char(10) || r.decisions",
     "r.engagement_id"),
    ("engagement", "engagement", "r.title", "r.essential_issue || char(10) || r.fee_terms",
     "r.id"),
    ("plan", "planitem", "r.title", "r.notes", "r.engagement_id"),
)

LEGACY_DEVICE_NAMESPACE = uuid.UUID("6f1d3c52-9a7e-4b8e-8d0f-2b5c1e7a9d40")
SECRET_COLUMNS = {"signingkey": ("private_pem",)}
COUNTER_BITS = 16
_BATCH = 2000


def _with_row(expression, row):
    return expression.replace("r.", f"{row}.")


def create_search_triggers():
    for kind, table, title, body, engagement in SEARCH_SOURCES:
        doc_of = "(SELECT doc_id FROM search_doc WHERE ref_id = {row}.id)"
        op.execute(f"DROP TRIGGER IF EXISTS {table}_search_insert")
        op.execute(f"DROP TRIGGER IF EXISTS {table}_search_update")
        op.execute(f"DROP TRIGGER IF EXISTS {table}_search_delete")
        op.execute(
            f"CREATE TRIGGER {table}_search_insert AFTER INSERT ON {table} BEGIN "
            f"INSERT INTO search_doc(kind, ref_id, engagement_id) "
            f"VALUES ('{kind}', new.id, {_with_row(engagement, 'new')}); "
            f"INSERT INTO search_fts(rowid, title, body) VALUES ({doc_of.format(row='new')}, "
            f"{_with_row(title, 'new')}, {_with_row(body, 'new')}); END"
        )
        op.execute(
            f"CREATE TRIGGER {table}_search_update AFTER UPDATE ON {table} BEGIN "
            f"UPDATE search_fts SET title = {_with_row(title, 'new')}, "
            f"body = {_with_row(body, 'new')} WHERE rowid = {doc_of.format(row='new')}; "
            f"UPDATE search_doc SET engagement_id = {_with_row(engagement, 'new')} "
            f"WHERE ref_id = new.id; END"
        )
        op.execute(
            f"CREATE TRIGGER {table}_search_delete AFTER DELETE ON {table} BEGIN "
            f"DELETE FROM search_fts WHERE rowid = {doc_of.format(row='old')}; "
            f"DELETE FROM search_doc WHERE ref_id = old.id; END"
        )


def _fk_name(table, column, referred):
    return f"fk_{table}_{column}_{referred}"


def _set_foreign_keys(ondelete):
    """Rebuild every table of FOREIGN_KEYS with ``ondelete(rule)`` as its keys' rule."""
    for table, keys in FOREIGN_KEYS.items():
        with op.batch_alter_table(table, recreate="always", naming_convention=NAMING) as batch_op:
            for column, referred, rule in keys:
                name = _fk_name(table, column, referred)
                batch_op.drop_constraint(name, type_="foreignkey")
                batch_op.create_foreign_key(name, referred, [column], ["id"],
                                            ondelete=ondelete(rule))


def _hlc_ms(at):
    return int(datetime.fromisoformat(at).timestamp() * 1000)


def _without_secrets(state, hidden):
    if state is None:
        return None
    data = json.loads(state)
    return json.dumps({k: v for k, v in data.items() if k not in hidden},
                      ensure_ascii=False, sort_keys=True)


def _stamp_change_log(connection):
    """Stamp every existing entry (see the module's docstring); returns the history's
    device id, or None when there is no history."""
    rows = connection.exec_driver_sql(
        "SELECT id, at, entity, entity_id FROM changelog ORDER BY at, rowid").all()
    disclosures = connection.exec_driver_sql(
        "SELECT id FROM disclosure ORDER BY created_at, rowid").all()
    if not rows and not disclosures:
        return None
    digest = hashlib.sha256()
    for row in [*rows, *disclosures]:
        digest.update(str(row[0]).encode("ascii") + b"\n")
    device = uuid.uuid5(LEGACY_DEVICE_NAMESPACE, digest.hexdigest())
    versions = {}
    wall, counter = -1, 0
    stamped = []
    for sequence, (entry_id, at, entity, entity_id) in enumerate(rows, start=1):
        now = _hlc_ms(at)
        if now > wall:
            wall, counter = now, 0
        else:
            counter += 1
            if counter >> COUNTER_BITS:
                wall, counter = wall + 1, 0
        key = (entity, entity_id)
        versions[key] = versions.get(key, 0) + 1
        stamped.append({"id": entry_id, "device_id": device.hex, "sequence": sequence,
                        "hlc": (wall << COUNTER_BITS) | counter, "row_version": versions[key]})
    update = sa.text("UPDATE changelog SET device_id = :device_id, sequence = :sequence, "
                     "hlc = :hlc, schema_revision = '0001', row_version = :row_version "
                     "WHERE id = :id")
    for start in range(0, len(stamped), _BATCH):
        connection.execute(update, stamped[start:start + _BATCH])
    return device


def _scrub_secrets(connection):
    for entity, hidden in SECRET_COLUMNS.items():
        rows = connection.execute(sa.text(
            "SELECT id, before, after FROM changelog WHERE entity = :entity"),
            {"entity": entity}).all()
        for entry_id, before, after in rows:
            connection.execute(
                sa.text("UPDATE changelog SET before = :before, after = :after WHERE id = :id"),
                {"id": entry_id, "before": _without_secrets(before, hidden),
                 "after": _without_secrets(after, hidden)})


def upgrade() -> None:
    connection = op.get_bind()
    with op.batch_alter_table('changelog') as batch_op:
        batch_op.add_column(sa.Column('device_id', sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column('sequence', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('hlc', sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column('schema_revision', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('row_version', sa.Integer(), nullable=True))
    with op.batch_alter_table('disclosure') as batch_op:
        batch_op.add_column(sa.Column('device_id', sa.Uuid(), nullable=True))

    device = _stamp_change_log(connection)
    if device is not None:
        connection.execute(sa.text("UPDATE disclosure SET device_id = :device"),
                           {"device": device.hex})
    _scrub_secrets(connection)

    with op.batch_alter_table('changelog', recreate="always") as batch_op:
        for name, kind in (('device_id', sa.Uuid()), ('sequence', sa.Integer()),
                           ('hlc', sa.BigInteger()), ('schema_revision', sa.String(length=32)),
                           ('row_version', sa.Integer())):
            batch_op.alter_column(name, existing_type=kind, nullable=False)
        batch_op.drop_index('ix_changelog_entity_id')
        batch_op.create_index('ix_changelog_entity_id_row_version', ['entity_id', 'row_version'],
                              unique=False)
        batch_op.create_index('ix_changelog_hlc', ['hlc'], unique=False)
        batch_op.create_unique_constraint('uq_changelog_device_id_sequence',
                                          ['device_id', 'sequence'])
    with op.batch_alter_table('disclosure', recreate="always", naming_convention=NAMING) as batch_op:
        batch_op.alter_column('device_id', existing_type=sa.Uuid(), nullable=False)
        batch_op.drop_constraint('uq_disclosure_number', type_='unique')
        batch_op.create_unique_constraint('uq_disclosure_device_id_number', ['device_id', 'number'])
    with op.batch_alter_table('visittemplate', recreate="always", naming_convention=NAMING) as batch_op:
        batch_op.drop_constraint('uq_visittemplate_name', type_='unique')
        batch_op.create_index('ix_visittemplate_name', ['name'], unique=False)

    _set_foreign_keys(lambda rule: rule)
    for table, column in NEW_INDEXES.items():
        with op.batch_alter_table(table) as batch_op:
            batch_op.create_index(f'ix_{table}_{column}', [column], unique=False)
    create_search_triggers()


def downgrade() -> None:
    for table, column in NEW_INDEXES.items():
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_index(f'ix_{table}_{column}')
    _set_foreign_keys(lambda rule: None)
    with op.batch_alter_table('visittemplate', recreate="always") as batch_op:
        batch_op.drop_index('ix_visittemplate_name')
        batch_op.create_unique_constraint('uq_visittemplate_name', ['name'])
    with op.batch_alter_table('disclosure', recreate="always") as batch_op:
        batch_op.drop_constraint('uq_disclosure_device_id_number', type_='unique')
        batch_op.create_unique_constraint('uq_disclosure_number', ['number'])
        batch_op.drop_column('device_id')
    with op.batch_alter_table('changelog', recreate="always") as batch_op:
        batch_op.drop_constraint('uq_changelog_device_id_sequence', type_='unique')
        batch_op.drop_index('ix_changelog_hlc')
        batch_op.drop_index('ix_changelog_entity_id_row_version')
        batch_op.create_index('ix_changelog_entity_id', ['entity_id'], unique=False)
        for name in ('row_version', 'schema_revision', 'hlc', 'sequence', 'device_id'):
            batch_op.drop_column(name)
    create_search_triggers()
