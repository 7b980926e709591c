"""case referral to another centre

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 12:30:00

Three new tables (docs/referral.md):

- ``referralkey``: the X25519 key a contact card names, to receive packages; its
  private part is a secret column (also in the OS keyring).
- ``referralsent`` (引き継ぎ先): per package made, the engagement (ON DELETE CASCADE),
  the package id, when, to whom (the card's name, 所属 and key fingerprint, or by
  passphrase), the business owner's consent (date, scope, how), the file name and the
  counts included and withheld (JSON).
- ``referralreceived`` (引き継ぎ元): per package imported, the new engagement (ON
  DELETE CASCADE), the package id (indexed, not unique: checked by the service), the
  sender (name, 所属, key fingerprint, their engagement's id), when it was made and
  imported, the consent and the counts (JSON).
"""
import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'referralkey',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('created_at', sa.String(length=32), nullable=False),
        sa.Column('updated_at', sa.String(length=32), nullable=False),
        sa.Column('public_key', sa.String(length=64), nullable=False),
        sa.Column('private_key', sa.String(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('public_key'),
    )
    op.create_table(
        'referralsent',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('created_at', sa.String(length=32), nullable=False),
        sa.Column('updated_at', sa.String(length=32), nullable=False),
        sa.Column('engagement_id', sa.Uuid(), nullable=False),
        sa.Column('package_id', sa.Uuid(), nullable=False),
        sa.Column('referred_at', sa.String(length=32), nullable=False),
        sa.Column('recipient_name', sa.String(), nullable=False),
        sa.Column('recipient_organisation', sa.String(), nullable=False),
        sa.Column('recipient_fingerprint', sa.String(length=64), nullable=False),
        sa.Column('by_passphrase', sa.Boolean(), nullable=False),
        sa.Column('consent_on', sa.Date(), nullable=False),
        sa.Column('consent_scope', sa.String(), nullable=False),
        sa.Column('consent_how', sa.String(), nullable=False),
        sa.Column('file_name', sa.String(), nullable=False),
        sa.Column('contents', sa.String(), nullable=False),
        sa.ForeignKeyConstraint(['engagement_id'], ['engagement.id'],
                                name='fk_referralsent_engagement_id_engagement',
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('referralsent', schema=None) as batch_op:
        batch_op.create_index('ix_referralsent_engagement_id', ['engagement_id'], unique=False)
    op.create_table(
        'referralreceived',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('created_at', sa.String(length=32), nullable=False),
        sa.Column('updated_at', sa.String(length=32), nullable=False),
        sa.Column('engagement_id', sa.Uuid(), nullable=False),
        sa.Column('package_id', sa.Uuid(), nullable=False),
        sa.Column('sender_name', sa.String(), nullable=False),
        sa.Column('sender_organisation', sa.String(), nullable=False),
        sa.Column('sender_fingerprint', sa.String(length=64), nullable=False),
        sa.Column('sender_engagement_id', sa.Uuid(), nullable=False),
        sa.Column('referred_at', sa.String(length=32), nullable=False),
        sa.Column('imported_at', sa.String(length=32), nullable=False),
        sa.Column('consent_on', sa.Date(), nullable=False),
        sa.Column('consent_scope', sa.String(), nullable=False),
        sa.Column('consent_how', sa.String(), nullable=False),
        sa.Column('contents', sa.String(), nullable=False),
        sa.ForeignKeyConstraint(['engagement_id'], ['engagement.id'],
                                name='fk_referralreceived_engagement_id_engagement',
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('referralreceived', schema=None) as batch_op:
        batch_op.create_index('ix_referralreceived_engagement_id', ['engagement_id'], unique=False)
        batch_op.create_index('ix_referralreceived_package_id', ['package_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('referralreceived', schema=None) as batch_op:
        batch_op.drop_index('ix_referralreceived_package_id')
        batch_op.drop_index('ix_referralreceived_engagement_id')
    op.drop_table('referralreceived')
    with op.batch_alter_table('referralsent', schema=None) as batch_op:
        batch_op.drop_index('ix_referralsent_engagement_id')
    op.drop_table('referralsent')
    op.drop_table('referralkey')
