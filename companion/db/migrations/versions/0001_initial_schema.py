"""initial schema

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-23 08:39:42.042125

Also creates the Japanese full-text index (FTS5, trigram) and the triggers that keep
it in sync; the expressions are copied here, not imported, so this revision stays
what it was when later revisions change the code.
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


# (kind, table, title, body, engagement id) with the new/old row as ``r``.
SEARCH_SOURCES = (
    ("visit", "visit", "r.purpose",
     "r.place || char(10) || r.attendees || char(10) || r.notes || char(10) || "
     "r.strengths || char(10) || r.issues || char(10) || r.decisions",
     "r.engagement_id"),
    ("engagement", "engagement", "r.title", "r.essential_issue || char(10) || r.fee_terms",
     "r.id"),
    ("plan", "planitem", "r.title", "r.notes", "r.engagement_id"),
)


def _with_row(expression: str, row: str) -> str:
    return expression.replace("r.", f"{row}.")


def create_search_index() -> None:
    op.execute(
        "CREATE TABLE search_doc (doc_id INTEGER PRIMARY KEY, kind TEXT NOT NULL, "
        "ref_id CHAR(32) NOT NULL UNIQUE, engagement_id CHAR(32))"
    )
    op.execute("CREATE INDEX ix_search_doc_engagement_id ON search_doc (engagement_id)")
    op.execute("CREATE VIRTUAL TABLE search_fts USING fts5(title, body, tokenize='trigram')")
    for kind, table, title, body, engagement in SEARCH_SOURCES:
        doc_of = "(SELECT doc_id FROM search_doc WHERE ref_id = {row}.id)"
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


def drop_search_index() -> None:
    for _kind, table, *_ in SEARCH_SOURCES:
        for event in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_search_{event}")
    op.execute("DROP TABLE IF EXISTS search_fts")
    op.execute("DROP TABLE IF EXISTS search_doc")


def upgrade() -> None:
    op.create_table('changelog',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('at', sa.String(length=32), nullable=False),
    sa.Column('change_set', sa.Uuid(), nullable=False),
    sa.Column('entity', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('entity_id', sa.Uuid(), nullable=False),
    sa.Column('operation', sa.Enum('create', 'update', 'delete', name='changeoperation', native_enum=False), nullable=False),
    sa.Column('before', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('after', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('changelog', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_changelog_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_changelog_change_set'), ['change_set'], unique=False)
        batch_op.create_index(batch_op.f('ix_changelog_entity'), ['entity'], unique=False)
        batch_op.create_index(batch_op.f('ix_changelog_entity_id'), ['entity_id'], unique=False)

    op.create_table('client',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('kana', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('industry', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('prefecture', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('city', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('representative', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('employees', sa.Integer(), nullable=True),
    sa.Column('founded_on', sa.Date(), nullable=True),
    sa.Column('contact', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('notes', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('archived', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('client', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_client_name'), ['name'], unique=False)

    op.create_table('disclosure',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('number')
    )
    op.create_table('exportedbundle',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('manifest_sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('checkpoint', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('checkpoint_signature', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('file_name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('manifest_sha256')
    )
    op.create_table('logentry',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('payload', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('previous_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('entry_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('signatures', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('entry_hash'),
    sa.UniqueConstraint('seq')
    )
    op.create_table('review',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('reviewer', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('reviewed_on', sa.Date(), nullable=False),
    sa.Column('bundle_sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('reviewer_key_fingerprint', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('rules_version', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('checkpoint', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('envelope', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('comment', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('reviewerkey',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('fingerprint', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('organisation', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('public_pem', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('fingerprint')
    )
    op.create_table('signingkey',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('fingerprint', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('public_pem', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('private_pem', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('retired_at', sa.String(length=32), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('fingerprint')
    )
    op.create_table('sponsor',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('kind', sa.Enum('自治体', '商工会', '商工会議所', 'Biz', '金融機関', 'その他', name='sponsorkind', native_enum=False), nullable=False),
    sa.Column('notes', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('archived', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('sponsor', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sponsor_name'), ['name'], unique=False)

    op.create_table('visittemplate',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('mode', sa.Enum('訪問', 'オンライン', '電話', '来所', name='visitmode', native_enum=False), nullable=False),
    sa.Column('purpose', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('notes', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('archived', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name')
    )
    op.create_table('disclosureversion',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('disclosure_id', sa.Uuid(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('出資', '役員就任', '顧問契約', '業務受託', '共同事業', '収益分配', '親族関係', 'その他', name='disclosurekind', native_enum=False), nullable=False),
    sa.Column('counterpart_client_id', sa.Uuid(), nullable=True),
    sa.Column('counterpart_name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('amount_yen', sa.Integer(), nullable=True),
    sa.Column('share_percent', sa.Float(), nullable=True),
    sa.Column('role_title', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('started_on', sa.Date(), nullable=False),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.Column('declared_on', sa.Date(), nullable=False),
    sa.Column('description', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('mitigation', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('status', sa.Enum('下書き', '開示済', 'レビュー済', '終了', name='disclosurestatus', native_enum=False), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('content_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('log_seq', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['counterpart_client_id'], ['client.id'], ),
    sa.ForeignKeyConstraint(['disclosure_id'], ['disclosure.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('disclosure_id', 'version'),
    sa.UniqueConstraint('log_seq')
    )
    with op.batch_alter_table('disclosureversion', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_disclosureversion_disclosure_id'), ['disclosure_id'], unique=False)

    op.create_table('engagement',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('client_id', sa.Uuid(), nullable=False),
    sa.Column('sponsor_id', sa.Uuid(), nullable=True),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('scheme', sa.Enum('委託', '共同事業', '出資型', 'SIB', '自主', name='scheme', native_enum=False), nullable=False),
    sa.Column('status', sa.Enum('準備', '進行中', '自走化', '終了', '中断', name='engagementstatus', native_enum=False), nullable=False),
    sa.Column('start_on', sa.Date(), nullable=False),
    sa.Column('planned_end_on', sa.Date(), nullable=True),
    sa.Column('essential_issue', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('fee_terms', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('fee_amount_yen', sa.Integer(), nullable=True),
    sa.Column('fee_paid_by_client', sa.Boolean(), nullable=False),
    sa.Column('archived', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['client_id'], ['client.id'], ),
    sa.ForeignKeyConstraint(['sponsor_id'], ['sponsor.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('engagement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_engagement_client_id'), ['client_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_engagement_sponsor_id'), ['sponsor_id'], unique=False)

    op.create_table('disclosureengagement',
    sa.Column('version_id', sa.Uuid(), nullable=False),
    sa.Column('engagement_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['engagement_id'], ['engagement.id'], ),
    sa.ForeignKeyConstraint(['version_id'], ['disclosureversion.id'], ),
    sa.PrimaryKeyConstraint('version_id', 'engagement_id')
    )
    op.create_table('kpi',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('engagement_id', sa.Uuid(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('unit', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('direction', sa.Enum('高いほど良い', '低いほど良い', name='kpidirection', native_enum=False), nullable=False),
    sa.Column('aggregation', sa.Enum('合計', '平均', '期末値', name='kpiaggregation', native_enum=False), nullable=False),
    sa.Column('baseline', sa.Float(), nullable=True),
    sa.Column('baseline_on', sa.Date(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['engagement_id'], ['engagement.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('kpi', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_kpi_engagement_id'), ['engagement_id'], unique=False)

    op.create_table('planbaseline',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('engagement_id', sa.Uuid(), nullable=False),
    sa.Column('agreed_on', sa.Date(), nullable=False),
    sa.Column('label', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('snapshot', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['engagement_id'], ['engagement.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('planbaseline', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_planbaseline_engagement_id'), ['engagement_id'], unique=False)

    op.create_table('planitem',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('engagement_id', sa.Uuid(), nullable=False),
    sa.Column('parent_id', sa.Uuid(), nullable=True),
    sa.Column('level', sa.Enum('目標', 'マイルストーン', 'アクション', name='planlevel', native_enum=False), nullable=False),
    sa.Column('fiscal_year', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('owner', sa.Enum('事業者', '支援者', '共同', name='owner', native_enum=False), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('status', sa.Enum('未着手', '進行中', '完了', '保留', '中止', name='planstatus', native_enum=False), nullable=False),
    sa.Column('progress', sa.Integer(), nullable=False),
    sa.Column('notes', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['engagement_id'], ['engagement.id'], ),
    sa.ForeignKeyConstraint(['parent_id'], ['planitem.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('planitem', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_planitem_due_on'), ['due_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_planitem_engagement_id'), ['engagement_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_planitem_fiscal_year'), ['fiscal_year'], unique=False)
        batch_op.create_index(batch_op.f('ix_planitem_parent_id'), ['parent_id'], unique=False)

    op.create_table('reviewfinding',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('review_id', sa.Uuid(), nullable=False),
    sa.Column('version_id', sa.Uuid(), nullable=False),
    sa.Column('finding', sa.Enum('問題なし', '管理下で容認', '要是正', '情報不足', name='finding', native_enum=False), nullable=False),
    sa.Column('reviewed_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('conditions', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('comment', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['review_id'], ['review.id'], ),
    sa.ForeignKeyConstraint(['version_id'], ['disclosureversion.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('review_id', 'version_id')
    )
    with op.batch_alter_table('reviewfinding', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reviewfinding_review_id'), ['review_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reviewfinding_version_id'), ['version_id'], unique=False)

    op.create_table('visit',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('engagement_id', sa.Uuid(), nullable=False),
    sa.Column('started_at', sa.String(length=32), nullable=False),
    sa.Column('ended_at', sa.String(length=32), nullable=True),
    sa.Column('mode', sa.Enum('訪問', 'オンライン', '電話', '来所', name='visitmode', native_enum=False), nullable=False),
    sa.Column('place', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('attendees', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('purpose', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('notes', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('strengths', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('issues', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('decisions', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('follow_up_on', sa.Date(), nullable=True),
    sa.Column('follow_up_done_at', sa.String(length=32), nullable=True),
    sa.Column('distance_km', sa.Float(), nullable=True),
    sa.Column('is_draft', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['engagement_id'], ['engagement.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('visit', schema=None) as batch_op:
        batch_op.create_index('ix_visit_engagement_draft_started', ['engagement_id', 'is_draft', 'started_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_visit_follow_up_on'), ['follow_up_on'], unique=False)
        batch_op.create_index('ix_visit_open_follow_up', ['follow_up_on', 'engagement_id', 'is_draft'], unique=False, sqlite_where=sa.text('follow_up_done_at IS NULL'))
        batch_op.create_index(batch_op.f('ix_visit_started_at'), ['started_at'], unique=False)

    op.create_table('attachment',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('file_name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('size_bytes', sa.Integer(), nullable=False),
    sa.Column('media_type', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('visit_id', sa.Uuid(), nullable=True),
    sa.Column('engagement_id', sa.Uuid(), nullable=True),
    sa.ForeignKeyConstraint(['engagement_id'], ['engagement.id'], ),
    sa.ForeignKeyConstraint(['visit_id'], ['visit.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attachment_engagement_id'), ['engagement_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attachment_sha256'), ['sha256'], unique=False)
        batch_op.create_index(batch_op.f('ix_attachment_visit_id'), ['visit_id'], unique=False)

    op.create_table('kpiactual',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('kpi_id', sa.Uuid(), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('granularity', sa.Enum('月', '四半期', '年度', name='granularity', native_enum=False), nullable=False),
    sa.Column('value', sa.Float(), nullable=False),
    sa.ForeignKeyConstraint(['kpi_id'], ['kpi.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('kpi_id', 'period_start', 'granularity')
    )
    with op.batch_alter_table('kpiactual', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_kpiactual_kpi_id'), ['kpi_id'], unique=False)

    op.create_table('kpitarget',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('kpi_id', sa.Uuid(), nullable=False),
    sa.Column('fiscal_year', sa.Integer(), nullable=False),
    sa.Column('value', sa.Float(), nullable=False),
    sa.ForeignKeyConstraint(['kpi_id'], ['kpi.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('kpi_id', 'fiscal_year')
    )
    with op.batch_alter_table('kpitarget', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_kpitarget_kpi_id'), ['kpi_id'], unique=False)

    op.create_table('visitaction',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('visit_id', sa.Uuid(), nullable=False),
    sa.Column('plan_item_id', sa.Uuid(), nullable=True),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('owner', sa.Enum('事業者', '支援者', '共同', name='owner', native_enum=False), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('done_at', sa.String(length=32), nullable=True),
    sa.ForeignKeyConstraint(['plan_item_id'], ['planitem.id'], ),
    sa.ForeignKeyConstraint(['visit_id'], ['visit.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('visitaction', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_visitaction_due_on'), ['due_on'], unique=False)
        batch_op.create_index('ix_visitaction_open_due', ['due_on', 'visit_id'], unique=False, sqlite_where=sa.text('done_at IS NULL'))
        batch_op.create_index(batch_op.f('ix_visitaction_plan_item_id'), ['plan_item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_visitaction_visit_id'), ['visit_id'], unique=False)
    create_search_index()


def downgrade() -> None:
    drop_search_index()
    with op.batch_alter_table('visitaction', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_visitaction_visit_id'))
        batch_op.drop_index(batch_op.f('ix_visitaction_plan_item_id'))
        batch_op.drop_index('ix_visitaction_open_due', sqlite_where=sa.text('done_at IS NULL'))
        batch_op.drop_index(batch_op.f('ix_visitaction_due_on'))

    op.drop_table('visitaction')
    with op.batch_alter_table('kpitarget', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_kpitarget_kpi_id'))

    op.drop_table('kpitarget')
    with op.batch_alter_table('kpiactual', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_kpiactual_kpi_id'))

    op.drop_table('kpiactual')
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attachment_visit_id'))
        batch_op.drop_index(batch_op.f('ix_attachment_sha256'))
        batch_op.drop_index(batch_op.f('ix_attachment_engagement_id'))

    op.drop_table('attachment')
    with op.batch_alter_table('visit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_visit_started_at'))
        batch_op.drop_index('ix_visit_open_follow_up', sqlite_where=sa.text('follow_up_done_at IS NULL'))
        batch_op.drop_index(batch_op.f('ix_visit_follow_up_on'))
        batch_op.drop_index('ix_visit_engagement_draft_started')

    op.drop_table('visit')
    with op.batch_alter_table('reviewfinding', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reviewfinding_version_id'))
        batch_op.drop_index(batch_op.f('ix_reviewfinding_review_id'))

    op.drop_table('reviewfinding')
    with op.batch_alter_table('planitem', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_planitem_parent_id'))
        batch_op.drop_index(batch_op.f('ix_planitem_fiscal_year'))
        batch_op.drop_index(batch_op.f('ix_planitem_engagement_id'))
        batch_op.drop_index(batch_op.f('ix_planitem_due_on'))

    op.drop_table('planitem')
    with op.batch_alter_table('planbaseline', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_planbaseline_engagement_id'))

    op.drop_table('planbaseline')
    with op.batch_alter_table('kpi', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_kpi_engagement_id'))

    op.drop_table('kpi')
    op.drop_table('disclosureengagement')
    with op.batch_alter_table('engagement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_engagement_sponsor_id'))
        batch_op.drop_index(batch_op.f('ix_engagement_client_id'))

    op.drop_table('engagement')
    with op.batch_alter_table('disclosureversion', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_disclosureversion_disclosure_id'))

    op.drop_table('disclosureversion')
    op.drop_table('visittemplate')
    with op.batch_alter_table('sponsor', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sponsor_name'))

    op.drop_table('sponsor')
    op.drop_table('signingkey')
    op.drop_table('reviewerkey')
    op.drop_table('review')
    op.drop_table('logentry')
    op.drop_table('exportedbundle')
    op.drop_table('disclosure')
    with op.batch_alter_table('client', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_client_name'))

    op.drop_table('client')
    with op.batch_alter_table('changelog', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_changelog_entity_id'))
        batch_op.drop_index(batch_op.f('ix_changelog_entity'))
        batch_op.drop_index(batch_op.f('ix_changelog_change_set'))
        batch_op.drop_index(batch_op.f('ix_changelog_at'))

    op.drop_table('changelog')
