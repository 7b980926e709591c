"""Search: the query of the search page and ``companion search`` (``db.reads.search``,
where the query and its rules are described), and what a search can be narrowed to."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, tzinfo

from sqlmodel import Session, col, select

from companion.db.models import Sponsor
from companion.db.reads import driver_connection
from companion.db.reads.search import (
    MAX_QUERY_LENGTH,
    SNIPPET_RADIUS,
    TRIGRAM,
    SearchHit,
    search_hits,
    snippet_around,
    split_terms,
)
from companion.domain.enums import VisitMode

__all__ = [
    "MAX_QUERY_LENGTH",
    "SNIPPET_RADIUS",
    "TRIGRAM",
    "SearchHit",
    "SponsorChoice",
    "search",
    "snippet_around",
    "split_terms",
    "sponsor_choices",
]


@dataclass(frozen=True)
class SponsorChoice:
    id: uuid.UUID
    name: str
    kind: str


def search(*, session: Session, query: str, limit: int = 50,
           kinds: tuple[str, ...] = ("visit", "engagement", "plan"),
           date_from: date | None = None, date_to: date | None = None,
           mode: VisitMode | str | None = None, sponsor_id: uuid.UUID | None = None,
           tz: tzinfo | None = None) -> list[SearchHit]:
    """The hits for ``query``, newest first (``db.reads.search.search_hits``)."""
    return search_hits(driver_connection(session), query=query, limit=limit, kinds=kinds,
                       date_from=date_from, date_to=date_to, mode=mode,
                       sponsor_id=sponsor_id, tz=tz)


def sponsor_choices(*, session: Session) -> list[SponsorChoice]:
    """The sponsors a search can be narrowed to, by name."""
    rows = session.exec(select(Sponsor).where(col(Sponsor.archived).is_(False))
                        .order_by(col(Sponsor.name))).all()
    return [SponsorChoice(id=s.id, name=s.name, kind=str(s.kind)) for s in rows]
