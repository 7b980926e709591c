"""the practitioner's own words in the engagement report

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 09:05:00

A new table ``reportnarrative``: per engagement and fiscal year, the three texts of
the 実施報告書 the practitioner writes (成果と今後の課題, 次年度の方針, 自走化の状況).
Part of its engagement (ON DELETE CASCADE); one row per engagement and year.
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'reportnarrative',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('created_at', sa.String(length=32), nullable=False),
        sa.Column('updated_at', sa.String(length=32), nullable=False),
        sa.Column('engagement_id', sa.Uuid(), nullable=False),
        sa.Column('fiscal_year', sa.Integer(), nullable=False),
        sa.Column('achievements', sa.String(), nullable=False),
        sa.Column('next_year_policy', sa.String(), nullable=False),
        sa.Column('self_running', sa.String(), nullable=False),
        sa.ForeignKeyConstraint(['engagement_id'], ['engagement.id'],
                                name='fk_reportnarrative_engagement_id_engagement',
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('engagement_id', 'fiscal_year',
                            name='uq_reportnarrative_engagement_id'),
    )
    with op.batch_alter_table('reportnarrative', schema=None) as batch_op:
        batch_op.create_index('ix_reportnarrative_engagement_id', ['engagement_id'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('reportnarrative', schema=None) as batch_op:
        batch_op.drop_index('ix_reportnarrative_engagement_id')
    op.drop_table('reportnarrative')
