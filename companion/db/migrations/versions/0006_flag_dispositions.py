"""reviewers' dispositions of red flags

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 10:00:00

A new table ``flagdisposition``: per imported review and red flag (its identity,
companion/domain/red_flags.flag_id), the reviewer's disposition (a code: NO_ISSUE,
ACTION, EXPLAIN), the management plan of an ACTION (owner, action, due date), the
reviewer's comment, and when and how the practitioner resolved it. Part of its review
(ON DELETE CASCADE).

The codes are copied here, not imported, so that this revision stays what it was
when the enum changes.
"""
import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

DISPOSITIONS = ('NO_ISSUE', 'ACTION', 'EXPLAIN')


def upgrade() -> None:
    op.create_table(
        'flagdisposition',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('created_at', sa.String(length=32), nullable=False),
        sa.Column('updated_at', sa.String(length=32), nullable=False),
        sa.Column('review_id', sa.Uuid(), nullable=False),
        sa.Column('flag_id', sa.String(length=16), nullable=False),
        sa.Column('rule', sa.String(), nullable=False),
        sa.Column('reason', sa.String(), nullable=False),
        sa.Column('disposition', sa.Enum(*DISPOSITIONS, name='disposition', native_enum=False,
                                         create_constraint=True,
                                         length=max(len(code) for code in DISPOSITIONS)),
                  nullable=False),
        sa.Column('owner', sa.String(), nullable=False),
        sa.Column('action', sa.String(), nullable=False),
        sa.Column('due_on', sa.Date(), nullable=True),
        sa.Column('comment', sa.String(), nullable=False),
        sa.Column('resolved_on', sa.Date(), nullable=True),
        sa.Column('resolution', sa.String(), nullable=False),
        sa.ForeignKeyConstraint(['review_id'], ['review.id'],
                                name='fk_flagdisposition_review_id_review', ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('review_id', 'flag_id', name='uq_flagdisposition_review_id'),
    )
    with op.batch_alter_table('flagdisposition', schema=None) as batch_op:
        batch_op.create_index('ix_flagdisposition_flag_id', ['flag_id'], unique=False)
        batch_op.create_index('ix_flagdisposition_review_id', ['review_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('flagdisposition', schema=None) as batch_op:
        batch_op.drop_index('ix_flagdisposition_review_id')
        batch_op.drop_index('ix_flagdisposition_flag_id')
    op.drop_table('flagdisposition')
