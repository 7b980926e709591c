"""enums stored as stable codes

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03 08:10:00

Every enum column stores the member's name (``ON_SITE``) instead of the label the
window shows (``訪問``), with a CHECK constraint naming the codes (companion/db/types.py,
``code_enum``). Rows are converted; the tables are rebuilt for the constraints (batch
mode, foreign keys off: companion/db/migrate.py) and the search triggers of visit,
engagement and planitem made again.

The change log's row copies are history and stay as they were written: entries stamped
with an earlier ``schema_revision`` hold labels, later ones codes; readers take both
(services.session.logged_value). The signed register's payloads are never touched.

The codes and labels are copied here, not imported, so that this revision stays what
it was when the enums change.
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

# enum -> {label: code}
ENUMS = {
    'changeoperation': {'create': 'CREATE', 'update': 'UPDATE', 'delete': 'DELETE'},
    'sponsorkind': {'自治体': 'MUNICIPALITY', '商工会': 'SHOKOKAI', '商工会議所': 'CHAMBER',
                    'Biz': 'BIZ', '金融機関': 'BANK', 'その他': 'OTHER'},
    'visitmode': {'訪問': 'ON_SITE', 'オンライン': 'ONLINE', '電話': 'PHONE', '来所': 'AT_CENTRE'},
    'disclosurekind': {'出資': 'INVESTMENT', '役員就任': 'BOARD_SEAT', '顧問契約': 'ADVISORY',
                       '業務受託': 'CONTRACT', '共同事業': 'JOINT_VENTURE', '収益分配': 'REVENUE_SHARE',
                       '親族関係': 'FAMILY', 'その他': 'OTHER'},
    'disclosurestatus': {'下書き': 'DRAFT', '開示済': 'DISCLOSED', 'レビュー済': 'REVIEWED',
                         '終了': 'ENDED'},
    'scheme': {'委託': 'COMMISSIONED', '共同事業': 'JOINT_VENTURE', '出資型': 'INVESTMENT',
               'SIB': 'SIB', '自主': 'SELF_FUNDED'},
    'engagementstatus': {'準備': 'PREPARING', '進行中': 'ACTIVE', '自走化': 'SELF_RUNNING',
                         '終了': 'CLOSED', '中断': 'SUSPENDED'},
    'kpidirection': {'高いほど良い': 'HIGHER_IS_BETTER', '低いほど良い': 'LOWER_IS_BETTER'},
    'kpiaggregation': {'合計': 'SUM', '平均': 'AVERAGE', '期末値': 'LATEST'},
    'planlevel': {'目標': 'GOAL', 'マイルストーン': 'MILESTONE', 'アクション': 'ACTION'},
    'owner': {'事業者': 'BUSINESS', '支援者': 'SUPPORTER', '共同': 'JOINT'},
    'planstatus': {'未着手': 'NOT_STARTED', '進行中': 'IN_PROGRESS', '完了': 'DONE', '保留': 'ON_HOLD',
                   '中止': 'DROPPED'},
    'finding': {'問題なし': 'NO_ISSUE', '管理下で容認': 'ACCEPTED_UNDER_CONTROL',
                '要是正': 'NEEDS_CORRECTION', '情報不足': 'INSUFFICIENT_INFO'},
    'granularity': {'月': 'MONTH', '四半期': 'QUARTER', '年度': 'YEAR'},
}
# table -> [(column, enum)]
COLUMNS = {
    'changelog': [('operation', 'changeoperation')],
    'sponsor': [('kind', 'sponsorkind')],
    'visittemplate': [('mode', 'visitmode')],
    'disclosureversion': [('kind', 'disclosurekind'), ('status', 'disclosurestatus')],
    'engagement': [('scheme', 'scheme'), ('status', 'engagementstatus')],
    'kpi': [('direction', 'kpidirection'), ('aggregation', 'kpiaggregation')],
    'planitem': [('level', 'planlevel'), ('owner', 'owner'), ('status', 'planstatus')],
    'reviewfinding': [('finding', 'finding')],
    'visit': [('mode', 'visitmode')],
    'kpiactual': [('granularity', 'granularity')],
    'visitaction': [('owner', 'owner')],
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


def _with_row(expression, row):
    return expression.replace("r.", f"{row}.")


def drop_search_triggers():
    for _kind, table, *_ in SEARCH_SOURCES:
        for event in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_search_{event}")


def create_search_triggers():
    drop_search_triggers()
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


def _labels_type(enum):
    labels = list(ENUMS[enum])
    return sa.Enum(*labels, name=enum, native_enum=False, create_constraint=False,
                   length=max(len(label) for label in labels))


def _codes_type(enum):
    codes = list(ENUMS[enum].values())
    return sa.Enum(*codes, name=enum, native_enum=False, create_constraint=True,
                   length=max(len(code) for code in codes))


def _convert(table, column, mapping):
    """UPDATE every value of ``column`` by ``mapping`` (values not in it stay)."""
    cases = " ".join(f"WHEN '{old}' THEN '{new}'" for old, new in mapping.items())
    op.execute(f"UPDATE {table} SET {column} = CASE {column} {cases} ELSE {column} END")


def upgrade() -> None:
    drop_search_triggers()  # the rows' text does not change: no need to index it again
    for table, columns in COLUMNS.items():
        for column, enum in columns:
            _convert(table, column, ENUMS[enum])
        with op.batch_alter_table(table, recreate="always") as batch_op:
            for column, enum in columns:
                batch_op.alter_column(column, existing_type=_labels_type(enum),
                                      type_=_codes_type(enum), existing_nullable=False)
    create_search_triggers()


def downgrade() -> None:
    drop_search_triggers()
    for table, columns in COLUMNS.items():
        with op.batch_alter_table(table, recreate="always") as batch_op:
            for column, enum in columns:
                batch_op.alter_column(column, existing_type=_codes_type(enum),
                                      type_=_labels_type(enum), existing_nullable=False)
        for column, enum in columns:
            _convert(table, column, {code: label for label, code in ENUMS[enum].items()})
    create_search_triggers()
