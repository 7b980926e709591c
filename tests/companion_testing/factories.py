"""Small realistic records for db tests (the demo generator makes the big sets)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlmodel import Session

from companion.db.models import Client, Engagement, Sponsor, Visit
from companion.domain.enums import EngagementStatus, Scheme, SponsorKind, VisitMode


def add_engagement(session: Session, *, client_name: str = "有限会社やまなか酒造",
                   title: str = "首都圏への販路開拓と蔵元ブランドの再構築") -> Engagement:
    client = Client(name=client_name, kana="やまなかしゅぞう", industry="酒類製造業",
                    prefecture="秋田県", city="湯沢市", representative="山中 健一")
    sponsor = Sponsor(name="湯沢市 産業振興課", kind=SponsorKind.MUNICIPALITY)
    engagement = Engagement(
        client_id=client.id, sponsor_id=sponsor.id, title=title, scheme=Scheme.COMMISSIONED,
        status=EngagementStatus.ACTIVE, start_on=date(2025, 4, 1), planned_end_on=date(2028, 3, 31),
        essential_issue="地元の酒販店への依存が大きく、若い世代に蔵の強みが届いていない。",
    )
    session.add_all([client, sponsor, engagement])
    return engagement


def add_visit(session: Session, engagement: Engagement, *, notes: str,
              purpose: str = "定期訪問", day: date = date(2025, 6, 12)) -> Visit:
    visit = Visit(
        engagement_id=engagement.id,
        started_at=datetime(day.year, day.month, day.day, 1, 0, tzinfo=UTC),
        mode=VisitMode.ON_SITE, place="蔵の事務所", attendees="山中社長、専務",
        purpose=purpose, notes=notes,
    )
    session.add(visit)
    return visit
