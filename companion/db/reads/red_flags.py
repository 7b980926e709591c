"""Reading the facts the red-flag rules need (``domain.red_flags``), and running the rules.

The one definition of each read: the services (``services.red_flags``: the register, the
review bundle, the report) run them through a Session, ``companion list disclosures
--json`` on the lean path (``db.lean``) on a connection of its own.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from companion.db.reads import (
    Connection,
    day_of,
    id_parameter,
    maybe_uuid,
    placeholders,
    rows,
    uuid_of,
)
from companion.domain.enums import DisclosureKind, EngagementStatus
from companion.domain.red_flags import (
    DisclosureFacts,
    EngagementFacts,
    RedFlag,
    ReviewedVersion,
    TextMention,
    all_red_flags,
    find_mentions,
    latest_versions,
)
from companion.domain.register_log import substance_digest, written_at_of

# db.search_index.SENSITIVE_TEXT (that module builds the index with SQLAlchemy): the
# visits and plan items whose text contains a stem of the mention rule.
SENSITIVE_TEXT = "sensitive_text"


def disclosure_facts(connection: Connection) -> list[DisclosureFacts]:
    """Every version of every disclosure, by number and version (oldest first)."""
    links: dict[uuid.UUID, set[uuid.UUID]] = {}
    for version_id, engagement_id in rows(connection, """
            SELECT version_id, engagement_id FROM disclosureengagement"""):
        links.setdefault(uuid_of(version_id), set()).add(uuid_of(engagement_id))
    facts = []
    for (number, version_id, disclosure_id, version, kind, counterpart_name,
         counterpart_client_id, started_on, ended_on, declared_on, mitigation, content_hash,
         payload) in rows(connection, """
            SELECT d.number, v.id, v.disclosure_id, v.version, v.kind, v.counterpart_name,
                   v.counterpart_client_id, v.started_on, v.ended_on, v.declared_on,
                   v.mitigation, v.content_hash, l.payload
            FROM disclosureversion v
            JOIN disclosure d ON d.id = v.disclosure_id
            JOIN logentry l ON l.seq = v.log_seq
            ORDER BY d.number, v.version"""):
        key = uuid_of(version_id)
        facts.append(DisclosureFacts(
            disclosure_id=uuid_of(disclosure_id), version_id=key, number=number,
            version=version, kind=str(DisclosureKind[kind]), counterpart_name=counterpart_name,
            counterpart_client_id=maybe_uuid(counterpart_client_id),
            started_on=date.fromisoformat(started_on), ended_on=day_of(ended_on),
            declared_on=date.fromisoformat(declared_on), mitigation=mitigation,
            content_hash=content_hash, engagement_ids=frozenset(links.get(key, set())),
            substance=substance_digest(payload), written_on=_written_on(payload)))
    return facts


def _written_on(payload: str) -> date | None:
    moment = written_at_of(json.loads(payload))
    return date.fromisoformat(moment.isoformat()[:10]) if moment else None


def engagement_facts(connection: Connection) -> list[EngagementFacts]:
    """Every engagement with its client's name."""
    return [
        EngagementFacts(uuid_of(engagement_id), uuid_of(client_id), client_name, title,
                        str(EngagementStatus[status]), bool(fee_paid_by_client),
                        day_of(start_on), fee_terms)
        for (engagement_id, client_id, client_name, title, status, fee_paid_by_client,
             start_on, fee_terms) in rows(connection, """
            SELECT e.id, e.client_id, c.name, e.title, e.status, e.fee_paid_by_client,
                   e.start_on, e.fee_terms
            FROM engagement e JOIN client c ON c.id = e.client_id""")
    ]


def sensitive_mentions(connection: Connection,
                       engagement_ids: Collection[uuid.UUID] | None = None) -> list[TextMention]:
    """Sentences of visits and plan items that name a financial or board tie, matched
    on the rules' phrases in context (``find_mentions``), not on bare words; with
    ``engagement_ids``, only those engagements' (a report reads its client's alone).

    The stems are shorter than the trigram index can look up: the texts that contain
    one are listed in ``sensitive_text`` (kept by triggers, db/search_index.py), and
    the patterns decide on those alone in Python, in the order the texts were indexed."""
    only, parameters = "", []
    if engagement_ids is not None:
        chosen = sorted(id_parameter(e) for e in engagement_ids)
        only, parameters = f"AND d.engagement_id IN ({placeholders(chosen)}) ", chosen
    # CROSS JOIN keeps this order (SQLite's planner would otherwise scan every text of
    # search_fts, ~0.15 s on ten years of notes, instead of the few listed).
    found = rows(connection,
                 "SELECT d.kind, d.ref_id, d.engagement_id, COALESCE(v.started_at, p.due_on), "
                 "f.title, f.body "
                 f"FROM {SENSITIVE_TEXT} s CROSS JOIN search_doc d ON d.ref_id = s.ref_id "
                 "CROSS JOIN search_fts f ON f.rowid = d.doc_id "
                 "LEFT JOIN visit v ON d.kind = 'visit' AND v.id = d.ref_id "
                 "LEFT JOIN planitem p ON d.kind = 'plan' AND p.id = d.ref_id "
                 f"WHERE d.kind IN ('visit', 'plan') {only}"
                 "AND COALESCE(v.is_draft, 0) = 0 ORDER BY d.doc_id", parameters)
    mentions = []
    for kind, ref_id, engagement_id, when, title, body in found:
        day = date.fromisoformat(str(when)[:10]) if when else None
        mentions += find_mentions(kind, uuid_of(ref_id), uuid_of(engagement_id), day,
                                  [title or "", body or ""])
    return mentions


def reviewed_versions(connection: Connection) -> list[ReviewedVersion]:
    """Every disclosure version a reviewer saw, with the content hash they saw."""
    return [
        ReviewedVersion(uuid_of(version_id), uuid_of(disclosure_id), reviewed_hash,
                        date.fromisoformat(reviewed_on))
        for version_id, reviewed_hash, reviewed_on, disclosure_id in rows(connection, """
            SELECT f.version_id, f.reviewed_hash, r.reviewed_on, v.disclosure_id
            FROM reviewfinding f
            JOIN review r ON r.id = f.review_id
            JOIN disclosureversion v ON v.id = f.version_id""")
    ]


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


def red_flag_inputs(connection: Connection, *, today: date,
                    mentions_of: Collection[uuid.UUID] | None = None) -> RedFlagInputs:
    """``mentions_of`` reads the text of those engagements alone: the flags of every
    other client's records are then incomplete (a report keeps only its client's)."""
    return RedFlagInputs(disclosure_facts(connection), engagement_facts(connection),
                         sensitive_mentions(connection, mentions_of),
                         reviewed_versions(connection), today)


def red_flags(connection: Connection, *, today: date,
              mentions_of: Collection[uuid.UUID] | None = None) -> list[RedFlag]:
    return red_flag_inputs(connection, today=today, mentions_of=mentions_of).flags()
