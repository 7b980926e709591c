"""texts that name a financial or board tie, kept by triggers

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 15:10:00

The red-flag rule 未開示の関与の記述 reads the visits and plan items that contain one
of its stems (出資, 株, 役員 …). The stems are shorter than the trigram index can look
up, so the rule read every text, which grew with ten years of notes. ``sensitive_text``
lists the visits and plan items whose indexed title or body contains a stem, kept by
triggers on every insert, update and delete (like the search index), so the rule reads
only those. The stems and the text expressions are copied here, not imported, so this
revision stays what it was; a change of the stems needs a revision that rebuilds it
(tests/db/test_sensitive_text.py fails until then).
"""
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

STEMS = ("出資", "株", "持分", "報酬", "就任", "選任", "迎え", "顧問", "レベニュー", "役員",
         "取締役", "監査役", "理事")

# (table, title, body) with the new row as ``r``: the search index's expressions.
SOURCES = (
    ("visit", "r.purpose",
     "r.place || char(10) || r.attendees || char(10) || r.notes || char(10) || "
     "r.strengths || char(10) || r.issues || char(10) || r.decisions"),
    ("planitem", "r.title", "r.notes"),
)


def _names_a_tie(title: str, body: str) -> str:
    return "(" + " OR ".join(f"instr({title}, '{stem}') > 0 OR instr({body}, '{stem}') > 0"
                             for stem in STEMS) + ")"


def upgrade() -> None:
    op.execute("CREATE TABLE sensitive_text (ref_id CHAR(32) NOT NULL PRIMARY KEY) WITHOUT ROWID")
    for table, title, body in SOURCES:
        def on(row: str) -> str:
            return _names_a_tie(title.replace("r.", f"{row}."), body.replace("r.", f"{row}."))

        op.execute(f"INSERT INTO sensitive_text(ref_id) SELECT r.id FROM {table} r "
                   f"WHERE {_names_a_tie(title, body)}")
        op.execute(f"CREATE TRIGGER {table}_sensitive_insert AFTER INSERT ON {table} "
                   f"WHEN {on('new')} BEGIN "
                   f"INSERT OR IGNORE INTO sensitive_text(ref_id) VALUES (new.id); END")
        op.execute(f"CREATE TRIGGER {table}_sensitive_update AFTER UPDATE ON {table} BEGIN "
                   f"DELETE FROM sensitive_text WHERE ref_id = old.id; "
                   f"INSERT OR IGNORE INTO sensitive_text(ref_id) SELECT new.id WHERE {on('new')}; "
                   f"END")
        op.execute(f"CREATE TRIGGER {table}_sensitive_delete AFTER DELETE ON {table} BEGIN "
                   f"DELETE FROM sensitive_text WHERE ref_id = old.id; END")


def downgrade() -> None:
    for table, _title, _body in SOURCES:
        for event in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_sensitive_{event}")
    op.execute("DROP TABLE IF EXISTS sensitive_text")
