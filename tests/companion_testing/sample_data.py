"""A few realistic engagements and visits for GUI tests and the screenshots."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlmodel import Session

from companion.db.models import Client, Engagement, Sponsor, Visit
from companion.domain.enums import EngagementStatus, Scheme, SponsorKind, VisitMode

TODAY = date(2025, 11, 20)
VISIT_COUNT = 250  # more than one page (200) of the visits list

ENGAGEMENTS = [
    # client, kana, industry, prefecture, city, representative, sponsor, sponsor kind,
    # title, scheme, status, start, planned end, 本質的課題
    ("有限会社やまなか酒造", "やまなかしゅぞう", "酒類製造業", "秋田県", "湯沢市", "山中 健一",
     "湯沢市 産業振興課", SponsorKind.MUNICIPALITY,
     "首都圏への販路開拓と蔵元ブランドの再構築", Scheme.COMMISSIONED, EngagementStatus.ACTIVE,
     date(2024, 4, 1), date(2027, 3, 31),
     "地元の酒販店への依存が大きく、若い世代に蔵の強みが届いていない。"),
    ("株式会社みなと水産", "みなとすいさん", "水産食料品製造業", "岩手県", "宮古市", "港 恵子",
     "宮古商工会議所", SponsorKind.CHAMBER,
     "加工品の新商品開発とEC販路の立ち上げ", Scheme.JOINT_VENTURE, EngagementStatus.ACTIVE,
     date(2025, 6, 1), date(2028, 3, 31),
     "原料の水揚げ量が年ごとに大きく変わり、定番商品の売上が安定しない。"),
    ("合同会社さとやまカフェ", "さとやまかふぇ", "飲食店", "長野県", "飯山市", "里山 優",
     "飯山市商工会", SponsorKind.SHOKOKAI,
     "観光客に頼らない通年の客数づくり", Scheme.COMMISSIONED, EngagementStatus.SELF_RUNNING,
     date(2023, 4, 1), date(2025, 3, 31),
     "冬季の来店が夏の三分の一に落ち、地元の常連客を育てる仕組みがない。"),
    ("丸福製麺所", "まるふくせいめんじょ", "麺類製造業", "香川県", "三豊市", "福田 誠",
     "みとよビジネスサポートセンター", SponsorKind.BIZ,
     "事業承継に向けた製造工程の見直し", Scheme.SELF_FUNDED, EngagementStatus.PREPARING,
     date(2025, 10, 1), None,
     "製造の勘どころが先代の頭の中にしかなく、後継者に引き継げない。"),
]

PURPOSES = ["定期訪問", "試作品の評価", "売上の振り返り", "商談の準備", "補助金の申請相談"]
NOTES = [
    "首都圏の酒販店への販路開拓について、試飲会の結果を共有した。",
    "新商品の原価計算を一緒に確認し、価格帯を決めた。",
    "月次の売上と粗利を確認。前年同月を上回った。",
    "商談会に向けて、商品説明のシートを作った。",
    "人手不足への対応として、作業工程の棚卸しをした。",
]


def fill_sample_data(session: Session, *, today: date = TODAY,
                     visits: int = VISIT_COUNT) -> list[Engagement]:
    engagements: list[Engagement] = []
    for (client_name, kana, industry, prefecture, city, representative, sponsor_name,
         sponsor_kind, title, scheme, status, start, end, issue) in ENGAGEMENTS:
        client = Client(name=client_name, kana=kana, industry=industry, prefecture=prefecture,
                        city=city, representative=representative)
        sponsor = Sponsor(name=sponsor_name, kind=sponsor_kind)
        engagement = Engagement(client_id=client.id, sponsor_id=sponsor.id, title=title,
                                scheme=scheme, status=status, start_on=start,
                                planned_end_on=end, essential_issue=issue,
                                fee_terms="年度ごとの委託契約(訪問1回あたり定額)")
        session.add_all([client, sponsor, engagement])
        engagements.append(engagement)
    yamanaka, minato, satoyama, _marufuku = engagements
    # Most visits belong to やまなか酒造 (up to a week ago); みなと水産 went quiet 90 days ago.
    for number in range(visits):
        engagement = (yamanaka, satoyama)[number % 2] if number % 5 else yamanaka
        day = today - timedelta(days=7 + number * 3)
        if engagement is satoyama and day < satoyama.start_on:
            engagement = yamanaka
        session.add(Visit(
            engagement_id=engagement.id,
            started_at=datetime(day.year, day.month, day.day, 1, 30, tzinfo=UTC),
            mode=VisitMode.ON_SITE if number % 3 else VisitMode.ONLINE,
            place="蔵の事務所" if engagement is yamanaka else "店舗",
            attendees="代表者、支援者", purpose=PURPOSES[number % len(PURPOSES)],
            notes=NOTES[number % len(NOTES)],
        ))
    quiet_day = today - timedelta(days=90)
    session.add(Visit(engagement_id=minato.id,
                      started_at=datetime(quiet_day.year, quiet_day.month, quiet_day.day, 2,
                                          tzinfo=UTC),
                      mode=VisitMode.ON_SITE, place="加工場", purpose="新商品の試食会",
                      notes="EC向けの詰め合わせを試作。販路は首都圏の百貨店も検討。",
                      follow_up_on=today - timedelta(days=30)))
    last_day = today - timedelta(days=2)
    session.add(Visit(engagement_id=yamanaka.id,
                      started_at=datetime(last_day.year, last_day.month, last_day.day, 5,
                                          tzinfo=UTC),
                      mode=VisitMode.ON_SITE, place="蔵の事務所", purpose="展示会の振り返り",
                      notes="展示会で名刺交換した酒販店3社に見積もりを送る。",
                      follow_up_on=today + timedelta(days=3)))
    return engagements
