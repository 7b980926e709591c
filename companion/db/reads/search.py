"""Japanese full-text search over visits, engagements and plan items.

Terms of three or more characters go through the FTS5 trigram index. Shorter terms
(販路 is two characters, and a one-character query is legitimate in Japanese) cannot be
indexed as trigrams, so they are matched with LIKE on the same table; the bundled
SQLite answers that correctly (the system SQLite 3.40 does not). Results come newest
first by index order, which needs no ranking pass over every match.

Optional filters narrow the hits: a date range (a visit's day on the local clock, a plan
item's due date, an engagement's period overlapping the range), a visit mode (visits
only) and a sponsor. Drafts being typed are never found. ``when`` is the visit's day
on the local clock (``tz``; None: this computer's), not the UTC day it is stored in.

The one query of the search page, ``services.search`` and ``companion search`` (which
runs it on the lean read path, ``db.lean``).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo

from companion.db.reads import Connection, id_parameter
from companion.domain.calendar import day_start
from companion.domain.enums import VisitMode
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
    when: str  # ISO date of the visit (local clock), start of the engagement, or due date
    mode: str = ""  # a visit's mode (訪問, オンライン, 電話, 来所)
    sponsor_name: str = ""


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


def _stored_day_start(day: date, tz: tzinfo | None) -> str:
    """Midnight of a day on a clock, as the visit table stores times (UTC text)."""
    return day_start(day, tz).astimezone(UTC).isoformat(timespec="microseconds")  # as AwareDateTime


def _when(kind: str, happened: object, tz: tzinfo | None) -> str:
    text = str(happened or "")
    if kind == "visit" and len(text) > 10:
        try:
            return datetime.fromisoformat(text).astimezone(tz).date().isoformat()
        except ValueError:
            pass
    return text[:10]


def search_hits(connection: Connection, *, query: str, limit: int = 50,
                kinds: tuple[str, ...] = ("visit", "engagement", "plan"),
                date_from: date | None = None, date_to: date | None = None,
                mode: VisitMode | str | None = None, sponsor_id: uuid.UUID | None = None,
                tz: tzinfo | None = None) -> list[SearchHit]:
    terms = split_terms(query.strip())
    if not terms:
        raise ValidationError("検索語を入力してください。", field="query")
    if len(query) > MAX_QUERY_LENGTH:
        raise ValidationError("検索語が長すぎます({max_query_length}文字まで)。", field="query", max_query_length=MAX_QUERY_LENGTH)
    if date_from is not None and date_to is not None and date_to < date_from:
        raise ValidationError("期間の終わりが始まりより前です。", field="date_to")
    if mode is not None:
        try:
            mode = VisitMode(mode)
        except ValueError:
            raise ValidationError("方式が正しくありません: {mode}", field="mode", mode=mode) from None
        kinds = tuple(kind for kind in kinds if kind == "visit")
    if not kinds:
        return []
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
    where.append("COALESCE(v.is_draft, 0) = 0")  # a draft being typed is not found
    if mode is not None:
        where.append("v.mode = :mode")
        params["mode"] = VisitMode(mode).name  # stored as its code (db.types.code_enum)
    if sponsor_id is not None:
        where.append("e.sponsor_id = :sponsor")
        params["sponsor"] = id_parameter(sponsor_id)
    if date_from is not None or date_to is not None:
        low, high = date_from or date.min, date_to or date.max
        params["day_from"], params["day_to"] = low.isoformat(), high.isoformat()
        params["moment_from"] = _stored_day_start(low, tz) if date_from else ""
        params["moment_to"] = (_stored_day_start(high + timedelta(days=1), tz) if date_to
                               else "9999")
        where.append(
            "((d.kind = 'visit' AND v.started_at >= :moment_from AND v.started_at < :moment_to)"
            " OR (d.kind = 'plan' AND p.due_on >= :day_from AND p.due_on <= :day_to)"
            " OR (d.kind = 'engagement' AND e.start_on <= :day_to"
            "     AND (e.planned_end_on IS NULL OR e.planned_end_on >= :day_from)))")
    sql = f"""
        SELECT d.kind, d.ref_id, d.engagement_id, f.title, f.body,
               e.title AS engagement_title, c.name AS client_name,
               COALESCE(v.started_at, p.due_on, e.start_on) AS happened,
               v.mode AS mode, s.name AS sponsor_name
        FROM search_fts f
        JOIN search_doc d ON d.doc_id = f.rowid
        JOIN engagement e ON e.id = d.engagement_id
        JOIN client c ON c.id = e.client_id
        LEFT JOIN sponsor s ON s.id = e.sponsor_id
        LEFT JOIN visit v ON d.kind = 'visit' AND v.id = d.ref_id
        LEFT JOIN planitem p ON d.kind = 'plan' AND p.id = d.ref_id
        WHERE {" AND ".join(where)} AND d.kind IN ({kind_names})
        ORDER BY f.rowid DESC
        LIMIT :limit
    """
    return [
        SearchHit(
            kind=kind,
            ref_id=uuid.UUID(ref_id),
            engagement_id=uuid.UUID(engagement_id),
            engagement_title=engagement_title,
            client_name=client_name,
            title=title,
            snippet=snippet_around(f"{title}\n{body}", terms),
            when=_when(kind, happened, tz),
            mode=VisitMode[visit_mode].value if visit_mode else "",
            sponsor_name=sponsor_name or "",
        )
        for (kind, ref_id, engagement_id, title, body, engagement_title, client_name, happened,
             visit_mode, sponsor_name) in connection.execute(sql, params).fetchall()
    ]
