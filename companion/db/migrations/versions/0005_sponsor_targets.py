"""the sponsor's own yearly targets

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 09:45:00

A new table ``sponsortarget``: per sponsor, fiscal year and measure (a code: the
figures the sponsor counts, companion/domain/sponsor_measures.py) the sponsor's
target, a whole number. Part of its sponsor (ON DELETE CASCADE); one row per
sponsor, year and measure. The actuals are counted by export-figures, never stored.

The codes are copied here, not imported, so that this revision stays what it was
when the enum changes.
"""
import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

MEASURES = ('CONSULTATIONS', 'BUSINESSES', 'NEW_BUSINESSES', 'PLANNED_BUSINESSES',
            'SALES_ROSE', 'SUBSIDY_SUPPORTS', 'STARTUP_SUPPORTS', 'SUCCESSION_SUPPORTS',
            'FINANCE_SUPPORTS')


def upgrade() -> None:
    op.create_table(
        'sponsortarget',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('created_at', sa.String(length=32), nullable=False),
        sa.Column('updated_at', sa.String(length=32), nullable=False),
        sa.Column('sponsor_id', sa.Uuid(), nullable=False),
        sa.Column('fiscal_year', sa.Integer(), nullable=False),
        sa.Column('measure', sa.Enum(*MEASURES, name='sponsormeasure', native_enum=False,
                                     create_constraint=True,
                                     length=max(len(code) for code in MEASURES)),
                  nullable=False),
        sa.Column('target', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['sponsor_id'], ['sponsor.id'],
                                name='fk_sponsortarget_sponsor_id_sponsor',
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('sponsor_id', 'fiscal_year', 'measure',
                            name='uq_sponsortarget_sponsor_id'),
    )
    with op.batch_alter_table('sponsortarget', schema=None) as batch_op:
        batch_op.create_index('ix_sponsortarget_sponsor_id', ['sponsor_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('sponsortarget', schema=None) as batch_op:
        batch_op.drop_index('ix_sponsortarget_sponsor_id')
    op.drop_table('sponsortarget')
