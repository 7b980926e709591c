"""Japanese full-text search over visits, engagements and plan items.

Terms of three or more characters go through the FTS5 trigram index. Shorter terms
(販路 is two characters, and a one-character query is legitimate in Japanese) cannot be
indexed as trigrams, so they are matched with LIKE on the same table; the bundled
SQLite answers that correctly (the system SQLite 3.40 does not). Results come newest
first by index order, which needs no ranking pass over every match.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import text
from sqlmodel import Session

from companion.errors import ValidationError

TRIGRAM = 3
SNIPPET_RADIUS = 24
MAX_QUERY_LENGTH = 200


@dataclass(frozen=True)
class SearchHit:
    kind: str  # visit | engagement | plan
    ref_id: uuid.UUID
    engagement_id: uuid.UUID
    engagement_title: str
    client_name: str
    title: str
    snippet: str
    when: str  # ISO date of the visit, start of the engagement, or due date


def split_terms(query: str) -> list[str]:
    """Whitespace-separated terms (full-width spaces included), all required."""
    return [term for term in query.replace("\u3000", " ").split(" ") if term]


def _fts_phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _like_pattern(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def snippet_around(body: str, terms: list[str], radius: int = SNIPPET_RADIUS) -> str:
    """A one-line excerpt around the first term found, the term marked with 【】."""
    flat = " ".join(body.split())
    for term in terms:
        at = flat.find(term)
        if at >= 0:
            start, end = max(0, at - radius), min(len(flat), at + len(term) + radius)
            excerpt = flat[start:at] + "【" + term + "】" + flat[at + len(term):end]
            return ("…" if start else "") + excerpt + ("…" if end < len(flat) else "")
    return flat[: radius * 2] + ("…" if len(flat) > radius * 2 else "")


def search(*, session: Session, query: str, limit: int = 50,
           kinds: tuple[str, ...] = ("visit", "engagement", "plan")) -> list[SearchHit]:
    terms = split_terms(query.strip())
    if not terms:
        raise ValidationError("検索語を入力してください。", field="query")
    if len(query) > MAX_QUERY_LENGTH:
        raise ValidationError(f"検索語が長すぎます({MAX_QUERY_LENGTH}文字まで)。", field="query")
    long_terms = [t for t in terms if len(t) >= TRIGRAM]
    short_terms = [t for t in terms if len(t) < TRIGRAM]
    where: list[str] = []
    params: dict[str, object] = {"limit": limit}
    if long_terms:
        where.append("search_fts MATCH :match")
        params["match"] = " AND ".join(_fts_phrase(t) for t in long_terms)
    for index, term in enumerate(short_terms):
        where.append(f"(f.title LIKE :t{index} ESCAPE '\\' OR f.body LIKE :t{index} ESCAPE '\\')")
        params[f"t{index}"] = _like_pattern(term)
    kind_names = ", ".join(f"'{kind}'" for kind in kinds if kind.isalpha())
    sql = f"""
        SELECT d.kind, d.ref_id, d.engagement_id, f.title, f.body,
               e.title AS engagement_title, c.name AS client_name,
               COALESCE(v.started_at, p.due_on, e.start_on) AS happened
        FROM search_fts f
        JOIN search_doc d ON d.doc_id = f.rowid
        JOIN engagement e ON e.id = d.engagement_id
        JOIN client c ON c.id = e.client_id
        LEFT JOIN visit v ON d.kind = 'visit' AND v.id = d.ref_id
        LEFT JOIN planitem p ON d.kind = 'plan' AND p.id = d.ref_id
        WHERE {" AND ".join(where)} AND d.kind IN ({kind_names})
        ORDER BY f.rowid DESC
        LIMIT :limit
    """
    rows = session.connection().execute(text(sql), params).all()
    return [
        SearchHit(
            kind=row.kind,
            ref_id=uuid.UUID(row.ref_id),
            engagement_id=uuid.UUID(row.engagement_id),
            engagement_title=row.engagement_title,
            client_name=row.client_name,
            title=row.title,
            snippet=snippet_around(f"{row.title}\n{row.body}", terms),
            when=str(row.happened or "")[:10],
        )
        for row in rows
    ]
