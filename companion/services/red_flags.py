"""Gathering the facts the red-flag rules need, and running the rules."""

from __future__ import annotations

import json
import uuid
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from sqlalchemy import bindparam, text
from sqlmodel import Session, col, select

from companion.db.models import (
    Client,
    Disclosure,
    DisclosureEngagement,
    DisclosureVersion,
    Engagement,
    LogEntry,
    Review,
    ReviewFinding,
)
from companion.domain.red_flags import (
    SENSITIVE_WORDS,
    DisclosureFacts,
    EngagementFacts,
    RedFlag,
    ReviewedVersion,
    TextMention,
    all_red_flags,
    find_mentions,
)
from companion.domain.register_log import substance_digest, written_at_of


def disclosure_facts(*, session: Session) -> list[DisclosureFacts]:
    """Every version of every disclosure, oldest first."""
    links: dict[uuid.UUID, set[uuid.UUID]] = {}
    for version_id, engagement_id in session.exec(
        select(DisclosureEngagement.version_id, DisclosureEngagement.engagement_id)
    ):
        links.setdefault(version_id, set()).add(engagement_id)
    rows = session.exec(
        select(Disclosure.number, DisclosureVersion, LogEntry.payload)
        .join(Disclosure, col(Disclosure.id) == DisclosureVersion.disclosure_id)
        .join(LogEntry, col(LogEntry.seq) == DisclosureVersion.log_seq)
        .order_by(col(Disclosure.number), col(DisclosureVersion.version))
    )
    return [
        DisclosureFacts(
            disclosure_id=v.disclosure_id, version_id=v.id, number=number, version=v.version,
            kind=str(v.kind), counterpart_name=v.counterpart_name,
            counterpart_client_id=v.counterpart_client_id, started_on=v.started_on,
            ended_on=v.ended_on, declared_on=v.declared_on, mitigation=v.mitigation,
            content_hash=v.content_hash, engagement_ids=frozenset(links.get(v.id, set())),
            substance=substance_digest(payload), written_on=_written_on(payload),
        )
        for number, v, payload in rows
    ]


def _written_on(payload: str) -> date | None:
    moment = written_at_of(json.loads(payload))
    return date.fromisoformat(moment.isoformat()[:10]) if moment else None


def latest_versions(versions: list[DisclosureFacts]) -> list[DisclosureFacts]:
    latest: dict[uuid.UUID, DisclosureFacts] = {}
    for version in versions:
        if version.disclosure_id not in latest or version.version > latest[version.disclosure_id].version:
            latest[version.disclosure_id] = version
    return sorted(latest.values(), key=lambda v: v.number)


def engagement_facts(*, session: Session) -> list[EngagementFacts]:
    rows = session.exec(
        select(Engagement, Client.name).join(Client, col(Client.id) == Engagement.client_id)
    )
    return [
        EngagementFacts(e.id, e.client_id, name, e.title, str(e.status), e.fee_paid_by_client,
                        e.start_on, e.fee_terms)
        for e, name in rows
    ]


def sensitive_mentions(*, session: Session, engagement_ids: Collection[uuid.UUID] | None = None
                       ) -> list[TextMention]:
    """Sentences of visits and plan items that name a financial or board tie, matched
    on the rules' phrases in context (``find_mentions``), not on bare words; with
    ``engagement_ids``, only those engagements' (a report reads its client's alone).

    The stems are shorter than the trigram index can look up, so this reads the text
    once with all the stems in one condition (instr() is a plain substring search,
    cheaper than LIKE's pattern matching) and lets the patterns decide in Python."""
    condition = " OR ".join(f"instr(f.title, :w{i}) > 0 OR instr(f.body, :w{i}) > 0"
                            for i in range(len(SENSITIVE_WORDS)))
    parameters: dict[str, object] = {f"w{i}": word for i, word in enumerate(SENSITIVE_WORDS)}
    only = ""
    if engagement_ids is not None:
        only = "AND d.engagement_id IN :engagements "
        parameters["engagements"] = sorted(e.hex for e in engagement_ids)
    query = text(
        "SELECT d.kind, d.ref_id, d.engagement_id, COALESCE(v.started_at, p.due_on), "
        "f.title, f.body "
        "FROM search_fts f JOIN search_doc d ON d.doc_id = f.rowid "
        "LEFT JOIN visit v ON d.kind = 'visit' AND v.id = d.ref_id "
        "LEFT JOIN planitem p ON d.kind = 'plan' AND p.id = d.ref_id "
        f"WHERE d.kind IN ('visit', 'plan') {only}"
        f"AND COALESCE(v.is_draft, 0) = 0 AND ({condition})"
    )
    if engagement_ids is not None:
        query = query.bindparams(bindparam("engagements", expanding=True))
    rows = session.connection().execute(query, parameters)
    mentions = []
    for kind, ref_id, engagement_id, when, title, body in rows:
        day = date.fromisoformat(str(when)[:10]) if when else None
        mentions += find_mentions(kind, uuid.UUID(ref_id), uuid.UUID(engagement_id), day,
                                  [title or "", body or ""])
    return mentions


def reviewed_versions(*, session: Session) -> list[ReviewedVersion]:
    rows = session.exec(
        select(ReviewFinding, col(Review.reviewed_on), col(DisclosureVersion.disclosure_id))
        .join(Review, col(Review.id) == ReviewFinding.review_id)
        .join(DisclosureVersion, col(DisclosureVersion.id) == ReviewFinding.version_id)
    )
    return [ReviewedVersion(f.version_id, disclosure_id, f.reviewed_hash, reviewed_on)
            for f, reviewed_on, disclosure_id in rows]


@dataclass(frozen=True)
class RedFlagInputs:
    """Everything the rules read: what a bundle carries so a verifier can recompute."""

    versions: list[DisclosureFacts]
    engagements: list[EngagementFacts]
    mentions: list[TextMention]
    reviewed: list[ReviewedVersion]
    today: date

    def flags(self) -> list[RedFlag]:
        return all_red_flags(latest=latest_versions(self.versions), all_versions=self.versions,
                             engagements=self.engagements, mentions=self.mentions,
                             reviewed=self.reviewed, today=self.today)


def red_flag_inputs(*, session: Session, today: date,
                    mentions_of: Collection[uuid.UUID] | None = None) -> RedFlagInputs:
    """``mentions_of`` reads the text of those engagements alone: the flags of every
    other client's records are then incomplete (a report keeps only its client's)."""
    return RedFlagInputs(disclosure_facts(session=session), engagement_facts(session=session),
                         sensitive_mentions(session=session, engagement_ids=mentions_of),
                         reviewed_versions(session=session), today)


def compute_red_flags(*, session: Session, today: date,
                      mentions_of: Collection[uuid.UUID] | None = None) -> list[RedFlag]:
    return red_flag_inputs(session=session, today=today, mentions_of=mentions_of).flags()
