"""saved visits by day, for ホーム's counts

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 15:20:00

ホーム counts the saved visits of the fiscal year and of all years. With the index on
``started_at`` alone SQLite read each visit of the year to see whether it is a draft;
a partial index of the saved visits by day answers both counts from the index, so they
stay small on ten years of notes (benchmarks/README.md, growth).
"""
import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_visit_saved_started", "visit", ["started_at"],
                    sqlite_where=sa.text("is_draft IS 0"))


def downgrade() -> None:
    op.drop_index("ix_visit_saved_started", table_name="visit")
