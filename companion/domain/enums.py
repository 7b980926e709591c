"""The closed vocabularies of 伴走支援. A member's name is its stable code, the form
the database and the change log store (db.types.code_enum); its value is the Japanese
label users see, which may be reworded without touching stored data. Exports and the
signed register show the label."""

from enum import StrEnum


class SponsorKind(StrEnum):
    MUNICIPALITY = "自治体"
    SHOKOKAI = "商工会"
    CHAMBER = "商工会議所"
    BIZ = "Biz"
    BANK = "金融機関"
    OTHER = "その他"


class Scheme(StrEnum):
    COMMISSIONED = "委託"
    JOINT_VENTURE = "共同事業"
    INVESTMENT = "出資型"
    SIB = "SIB"
    SELF_FUNDED = "自主"


class EngagementStatus(StrEnum):
    PREPARING = "準備"
    ACTIVE = "進行中"
    SELF_RUNNING = "自走化"
    CLOSED = "終了"
    SUSPENDED = "中断"

    @property
    def is_open(self) -> bool:
        return self in (EngagementStatus.PREPARING, EngagementStatus.ACTIVE)


class PlanLevel(StrEnum):
    GOAL = "目標"
    MILESTONE = "マイルストーン"
    ACTION = "アクション"


class Owner(StrEnum):
    BUSINESS = "事業者"
    SUPPORTER = "支援者"
    JOINT = "共同"


class PlanStatus(StrEnum):
    NOT_STARTED = "未着手"
    IN_PROGRESS = "進行中"
    DONE = "完了"
    ON_HOLD = "保留"
    DROPPED = "中止"


class KpiDirection(StrEnum):
    HIGHER_IS_BETTER = "高いほど良い"
    LOWER_IS_BETTER = "低いほど良い"


class KpiAggregation(StrEnum):
    """How a year's figure follows from its monthly or quarterly actuals."""

    SUM = "合計"  # 売上高, 客数: flows add up over the year
    AVERAGE = "平均"
    LATEST = "期末値"  # 従業員数: a level, the last figure counts


class Granularity(StrEnum):
    MONTH = "月"
    QUARTER = "四半期"
    YEAR = "年度"


class VisitMode(StrEnum):
    ON_SITE = "訪問"
    ONLINE = "オンライン"
    PHONE = "電話"
    AT_CENTRE = "来所"


class DisclosureKind(StrEnum):
    INVESTMENT = "出資"
    BOARD_SEAT = "役員就任"
    ADVISORY = "顧問契約"
    CONTRACT = "業務受託"
    JOINT_VENTURE = "共同事業"
    REVENUE_SHARE = "収益分配"
    FAMILY = "親族関係"
    OTHER = "その他"


class DisclosureStatus(StrEnum):
    DRAFT = "下書き"
    DISCLOSED = "開示済"
    REVIEWED = "レビュー済"
    ENDED = "終了"


class Finding(StrEnum):
    NO_ISSUE = "問題なし"
    ACCEPTED_UNDER_CONTROL = "管理下で容認"
    NEEDS_CORRECTION = "要是正"
    INSUFFICIENT_INFO = "情報不足"


class ChangeOperation(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
