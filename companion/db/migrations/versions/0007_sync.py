"""sync between the computers of one practice

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 12:15:00

Five new tables (docs/sync.md, docs/sync-merge.md):

- ``syncsetting`` (local to this computer, at most one row): the sync folder, this
  device's name, its keys (secret columns) and how far its own change log was written.
- ``syncpeer`` (local): the other devices, their public keys and how much of each
  device's change log was applied here.
- ``syncconflict`` (local): 同期の競合 to settle, a text edited on two devices ("text")
  or a record an edit brought back after a delete ("restored").
- ``pendingdisclosure`` (synced): a disclosure change written on a device that does not
  keep the register, sealed later by the keeper.
- ``registerkeeper`` (synced): which device appends to the register (the latest record
  by HLC).

Local tables are never in the change log, never sent, never in export-all.
"""
import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'syncsetting',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('folder', sa.String(), nullable=False),
        sa.Column('device_name', sa.String(), nullable=False),
        sa.Column('key_generation', sa.Integer(), nullable=False),
        sa.Column('sync_keys', sa.String(), nullable=False),
        sa.Column('signing_private', sa.String(), nullable=False),
        sa.Column('agreement_private', sa.String(), nullable=False),
        sa.Column('next_segment', sa.Integer(), nullable=False),
        sa.Column('sent_sequence', sa.Integer(), nullable=False),
        sa.Column('last_synced_at', sa.String(length=32), nullable=True),
        sa.Column('last_error', sa.String(), nullable=False),
        sa.Column('created_at', sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_table(
        'syncpeer',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('device_id', sa.Uuid(), nullable=False),
        sa.Column('name', sa.String(), nullable=False),
        sa.Column('signing_public', sa.String(), nullable=False),
        sa.Column('agreement_public', sa.String(), nullable=False),
        sa.Column('applied_sequence', sa.Integer(), nullable=False),
        sa.Column('applied_segment', sa.Integer(), nullable=False),
        sa.Column('removed_at', sa.String(length=32), nullable=True),
        sa.Column('removed_after_sequence', sa.Integer(), nullable=True),
        sa.Column('last_seen_at', sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('device_id'),
    )
    op.create_table(
        'syncconflict',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('entity', sa.String(), nullable=False),
        sa.Column('entity_id', sa.Uuid(), nullable=False),
        sa.Column('field', sa.String(), nullable=False),
        sa.Column('label', sa.String(), nullable=False),
        sa.Column('kept_value', sa.String(), nullable=False),
        sa.Column('other_value', sa.String(), nullable=False),
        sa.Column('kept_device', sa.Uuid(), nullable=True),
        sa.Column('other_device', sa.Uuid(), nullable=True),
        sa.Column('kept_hlc', sa.BigInteger(), nullable=False),
        sa.Column('other_hlc', sa.BigInteger(), nullable=False),
        sa.Column('raised_at', sa.String(length=32), nullable=False),
        sa.Column('resolved_at', sa.String(length=32), nullable=True),
        sa.Column('resolution', sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('syncconflict', schema=None) as batch_op:
        batch_op.create_index('ix_syncconflict_entity_id', ['entity_id'], unique=False)
    op.create_table(
        'pendingdisclosure',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('created_at', sa.String(length=32), nullable=False),
        sa.Column('updated_at', sa.String(length=32), nullable=False),
        sa.Column('action', sa.String(length=16), nullable=False),
        sa.Column('disclosure_id', sa.Uuid(), nullable=True),
        sa.Column('payload', sa.String(), nullable=False),
        sa.Column('written_at', sa.String(length=32), nullable=False),
        sa.Column('device_id', sa.Uuid(), nullable=False),
        sa.Column('sealed_version_id', sa.Uuid(), nullable=True),
        sa.Column('sealed_at', sa.String(length=32), nullable=True),
        sa.Column('refused', sa.String(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_table(
        'registerkeeper',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('created_at', sa.String(length=32), nullable=False),
        sa.Column('updated_at', sa.String(length=32), nullable=False),
        sa.Column('device_id', sa.Uuid(), nullable=False),
        sa.Column('device_name', sa.String(), nullable=False),
        sa.Column('taken_at', sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )


def downgrade() -> None:
    op.drop_table('registerkeeper')
    op.drop_table('pendingdisclosure')
    with op.batch_alter_table('syncconflict', schema=None) as batch_op:
        batch_op.drop_index('ix_syncconflict_entity_id')
    op.drop_table('syncconflict')
    op.drop_table('syncpeer')
    op.drop_table('syncsetting')
