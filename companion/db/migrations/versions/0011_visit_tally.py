"""each engagement's saved visits counted, kept by triggers

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 21:40:00

The list of engagements shows each one's saved visits and the last of them. Counting
them read every visit's index entry (100,000 on ten years of notes: most of the list's
time). ``visit_tally`` keeps the count and the last start per engagement, updated by
triggers on every insert, update and delete of a visit (like the search index), so the
list reads one row per engagement. An insert adds one; a delete, or an update that moves
a visit, saves or unsaves it or changes its start, counts that engagement again from its
index range. ``companion check`` compares the tally with the visits
(``db/visit_tally.py``); the SQL is copied here, not imported, so this revision stays
what it was.
"""
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def _recount(engagement: str) -> str:
    return (f"DELETE FROM visit_tally WHERE engagement_id = {engagement}; "
            f"INSERT INTO visit_tally(engagement_id, saved_visits, last_visit_at) "
            f"SELECT engagement_id, count(*), max(started_at) FROM visit "
            f"WHERE engagement_id = {engagement} AND is_draft IS 0 GROUP BY engagement_id; ")


def upgrade() -> None:
    op.execute("CREATE TABLE visit_tally (engagement_id CHAR(32) NOT NULL PRIMARY KEY, "
               "saved_visits INTEGER NOT NULL, last_visit_at DATETIME) WITHOUT ROWID")
    op.execute("INSERT INTO visit_tally(engagement_id, saved_visits, last_visit_at) "
               "SELECT engagement_id, count(*), max(started_at) FROM visit "
               "WHERE is_draft IS 0 GROUP BY engagement_id")
    op.execute("CREATE TRIGGER visit_tally_insert AFTER INSERT ON visit WHEN new.is_draft IS 0 "
               "BEGIN INSERT INTO visit_tally(engagement_id, saved_visits, last_visit_at) "
               "VALUES (new.engagement_id, 1, new.started_at) "
               "ON CONFLICT(engagement_id) DO UPDATE SET saved_visits = saved_visits + 1, "
               "last_visit_at = CASE WHEN last_visit_at IS NULL "
               "OR excluded.last_visit_at > last_visit_at "
               "THEN excluded.last_visit_at ELSE last_visit_at END; END")
    op.execute("CREATE TRIGGER visit_tally_update AFTER UPDATE OF engagement_id, is_draft, "
               "started_at ON visit BEGIN " + _recount("old.engagement_id")
               + _recount("new.engagement_id") + "END")
    op.execute("CREATE TRIGGER visit_tally_delete AFTER DELETE ON visit WHEN old.is_draft IS 0 "
               "BEGIN " + _recount("old.engagement_id") + "END")


def downgrade() -> None:
    for event in ("insert", "update", "delete"):
        op.execute(f"DROP TRIGGER IF EXISTS visit_tally_{event}")
    op.execute("DROP TABLE IF EXISTS visit_tally")
