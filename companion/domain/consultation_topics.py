"""相談内容: what a consultation was about, read from the visit's 目的 (its headline).

Sponsors count consultations by topic (経営発達支援計画's yearly survey, Biz-centre
reports) and ask in particular how many were about 創業, 事業承継, 補助金申請 and
資金調達. A visit carries no topic field: its 目的 is matched against the words below,
in this order. One consultation can be about several topics and then counts under each;
one that matches none counts under 経営全般・その他. Only the 目的 is read, never the
notes, so a sentence such as 「補助金の話ばかりで、うんざりしていた」 in the notes does not
make a consultation about subsidies.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Topic:
    name: str
    words: tuple[str, ...]


STARTUP = "創業"
SUCCESSION = "事業承継"
SUBSIDY = "補助金申請"
FINANCE = "資金調達"
PLANNING = "事業計画"
OTHER = "経営全般・その他"

TOPICS: tuple[Topic, ...] = (
    Topic(STARTUP, ("創業", "起業", "開業", "独立")),
    Topic(SUCCESSION, ("事業承継", "承継", "後継", "跡継", "M&A", "引継")),
    Topic(SUBSIDY, ("補助金", "助成金", "持続化", "ものづくり補助", "事業再構築", "IT導入")),
    Topic(FINANCE, ("資金調達", "融資", "借入", "資金繰り", "金融機関", "出資",
                    "クラウドファンディング")),
    Topic(PLANNING, ("事業計画", "経営計画", "計画づくり", "計画策定", "経営革新", "経営力向上")),
    Topic("販路開拓", ("販路", "商談", "展示会", "取引先", "営業", "物産展", "通販", "EC")),
    Topic("商品開発", ("商品開発", "新商品", "試作", "商品づくり", "テスト販売")),
    Topic("価格・収益改善", ("価格", "値上げ", "原価", "利益", "粗利", "コスト")),
    Topic("広報・IT活用", ("SNS", "ホームページ", "広報", "プレスリリース", "発信", "DX",
                         "デジタル")),
    Topic("人材", ("人材", "採用", "求人", "育成", "属人化")),
    Topic("業務改善", ("在庫", "受注", "段取り", "業務改善", "生産性", "体制づくり")),
)

TOPIC_NAMES: tuple[str, ...] = (*(topic.name for topic in TOPICS), OTHER)
# The supports a sponsor counts on their own (創業・事業承継・補助金申請・資金調達).
COUNTED_SUPPORTS: tuple[str, ...] = (STARTUP, SUCCESSION, SUBSIDY, FINANCE)


def topics_of(purpose: str) -> tuple[str, ...]:
    """The topics a consultation's 目的 names, in ``TOPICS`` order; (経営全般・その他,)
    when it names none."""
    text = purpose.casefold()
    found = tuple(topic.name for topic in TOPICS
                  if any(word.casefold() in text for word in topic.words))
    return found or (OTHER,)
