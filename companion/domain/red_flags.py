"""Red flags an auditor sees: computed from the records by rules, never typed in.

Each rule is a pure function from plain facts to flags, so it can be tested on its
own and explained to a reviewer. ``RULES_VERSION`` changes whenever a rule's meaning
does; bundles and review responses carry it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

RULES_VERSION = "2026.1"
LATE_DECLARATION_DAYS = 30
SENSITIVE_WORDS = ("出資", "役員", "株式", "持分", "顧問")
# Kinds of interest that make the practitioner share in the business's money.
FINANCIAL_KINDS = frozenset({"出資", "収益分配", "共同事業"})
OPEN_ENGAGEMENT_STATUSES = frozenset({"準備", "進行中"})


class Rule(StrEnum):
    LATE_DECLARATION = "申告の遅れ"
    UNMITIGATED_INTEREST = "管理方法の未記載"
    CHANGED_AFTER_REVIEW = "レビュー後の変更"
    UNDISCLOSED_MENTION = "未開示の関与の記述"
    FEE_FROM_INVESTEE = "出資先からの報酬"


@dataclass(frozen=True)
class DisclosureFacts:
    disclosure_id: uuid.UUID
    version_id: uuid.UUID
    number: int
    version: int
    kind: str
    counterpart_name: str
    counterpart_client_id: uuid.UUID | None
    started_on: date
    ended_on: date | None
    declared_on: date
    mitigation: str
    content_hash: str
    engagement_ids: frozenset[uuid.UUID] = field(default_factory=frozenset)
    substance: str = ""  # digest of what was disclosed, without the paperwork fields

    def active_on(self, day: date) -> bool:
        return self.started_on <= day and (self.ended_on is None or self.ended_on >= day)


@dataclass(frozen=True)
class EngagementFacts:
    engagement_id: uuid.UUID
    client_id: uuid.UUID
    client_name: str
    title: str
    status: str
    fee_paid_by_client: bool


@dataclass(frozen=True)
class TextMention:
    """A visit or plan item whose text contains one of SENSITIVE_WORDS."""

    kind: str  # visit | plan
    ref_id: uuid.UUID
    engagement_id: uuid.UUID
    when: date | None
    word: str


@dataclass(frozen=True)
class ReviewedVersion:
    version_id: uuid.UUID
    disclosure_id: uuid.UUID
    reviewed_hash: str  # the content hash the reviewer saw
    reviewed_on: date


@dataclass(frozen=True)
class RedFlag:
    rule: Rule
    reason: str  # Japanese, one sentence, names the records
    disclosure_ids: tuple[uuid.UUID, ...] = ()
    engagement_ids: tuple[uuid.UUID, ...] = ()
    ref_ids: tuple[uuid.UUID, ...] = ()


def _client_ids_of(disclosure: DisclosureFacts, engagements: dict[uuid.UUID, EngagementFacts]
                   ) -> set[uuid.UUID]:
    linked = {engagements[e].client_id for e in disclosure.engagement_ids if e in engagements}
    if disclosure.counterpart_client_id is not None:
        linked.add(disclosure.counterpart_client_id)
    return linked


def late_declarations(all_versions: Iterable[DisclosureFacts]) -> list[RedFlag]:
    """First declared more than 30 days after the interest started (as last stated)."""
    by_disclosure: dict[uuid.UUID, list[DisclosureFacts]] = {}
    for version in all_versions:
        by_disclosure.setdefault(version.disclosure_id, []).append(version)
    flags = []
    for versions in by_disclosure.values():
        latest = max(versions, key=lambda v: v.version)
        declared = min(v.declared_on for v in versions)
        delay = (declared - latest.started_on).days
        if delay > LATE_DECLARATION_DAYS:
            flags.append(RedFlag(
                Rule.LATE_DECLARATION,
                f"開示{latest.number}({latest.kind}・{latest.counterpart_name})は関与の開始"
                f"({latest.started_on.isoformat()})から{delay}日後に申告されています。",
                disclosure_ids=(latest.disclosure_id,),
            ))
    return flags


def unmitigated_interests(disclosures: Iterable[DisclosureFacts],
                          engagements: Iterable[EngagementFacts], today: date) -> list[RedFlag]:
    by_id = {e.engagement_id: e for e in engagements}
    flags = []
    for d in disclosures:
        if not d.active_on(today) or d.mitigation.strip():
            continue
        clients = _client_ids_of(d, by_id)
        open_engagements = [e for e in by_id.values()
                            if e.client_id in clients and e.status in OPEN_ENGAGEMENT_STATUSES]
        if open_engagements:
            titles = "、".join(e.title for e in open_engagements)
            flags.append(RedFlag(
                Rule.UNMITIGATED_INTEREST,
                f"開示{d.number}({d.kind}・{d.counterpart_name})は進行中の案件({titles})"
                f"がある事業者への関与ですが、管理方法が記載されていません。",
                disclosure_ids=(d.disclosure_id,),
                engagement_ids=tuple(e.engagement_id for e in open_engagements),
            ))
    return flags


def changed_after_review(latest: Iterable[DisclosureFacts], all_versions: Iterable[DisclosureFacts],
                         reviewed: Iterable[ReviewedVersion]) -> list[RedFlag]:
    """A reviewed version whose stored content no longer matches what was reviewed, or a
    disclosure changed by a newer version since its last review."""
    versions = {v.version_id: v for v in all_versions}
    latest_by_disclosure = {d.disclosure_id: d for d in latest}
    reviewed_ids = {r.version_id for r in reviewed}
    flags = []
    for review in reviewed:
        version = versions.get(review.version_id)
        if version is None:
            continue
        if version.content_hash != review.reviewed_hash:
            flags.append(RedFlag(
                Rule.CHANGED_AFTER_REVIEW,
                f"開示{version.number}の第{version.version}版は、レビュー"
                f"({review.reviewed_on.isoformat()})の後に内容が書き換えられています。",
                disclosure_ids=(version.disclosure_id,), ref_ids=(version.version_id,),
            ))
            continue
        current = latest_by_disclosure.get(version.disclosure_id)
        # An annual confirmation repeats the reviewed substance: nothing to review again.
        if (current and current.version > version.version and current.version_id not in reviewed_ids
                and not (current.substance and current.substance == version.substance)):
            flags.append(RedFlag(
                Rule.CHANGED_AFTER_REVIEW,
                f"開示{current.number}はレビュー済みの第{version.version}版の後に"
                f"第{current.version}版へ変更され、まだレビューされていません。",
                disclosure_ids=(current.disclosure_id,), ref_ids=(current.version_id,),
            ))
    return _unique(flags)


def undisclosed_mentions(mentions: Iterable[TextMention], disclosures: Iterable[DisclosureFacts],
                         engagements: Iterable[EngagementFacts]) -> list[RedFlag]:
    by_id = {e.engagement_id: e for e in engagements}
    disclosed_clients: set[uuid.UUID] = set()
    for d in disclosures:
        disclosed_clients |= _client_ids_of(d, by_id)
    grouped: dict[uuid.UUID, list[TextMention]] = {}
    for mention in mentions:
        engagement = by_id.get(mention.engagement_id)
        if engagement and engagement.client_id not in disclosed_clients:
            grouped.setdefault(engagement.client_id, []).append(mention)
    flags = []
    for client_id, found in grouped.items():
        client = next(e.client_name for e in by_id.values() if e.client_id == client_id)
        words = "・".join(sorted({m.word for m in found}))
        flags.append(RedFlag(
            Rule.UNDISCLOSED_MENTION,
            f"{client}の記録に「{words}」の記述が{len(found)}件ありますが、"
            f"この事業者についての開示がありません。",
            engagement_ids=tuple(sorted({m.engagement_id for m in found})),
            ref_ids=tuple(m.ref_id for m in found),
        ))
    return flags


def fees_from_investees(disclosures: Iterable[DisclosureFacts],
                        engagements: Iterable[EngagementFacts], today: date) -> list[RedFlag]:
    by_id = {e.engagement_id: e for e in engagements}
    flags = []
    for d in disclosures:
        if d.kind not in FINANCIAL_KINDS or not d.active_on(today):
            continue
        clients = _client_ids_of(d, by_id)
        paying = [e for e in by_id.values() if e.client_id in clients and e.fee_paid_by_client]
        for engagement in paying:
            flags.append(RedFlag(
                Rule.FEE_FROM_INVESTEE,
                f"案件「{engagement.title}」の報酬は{engagement.client_name}から支払われていますが、"
                f"同社には開示{d.number}の{d.kind}があります。",
                disclosure_ids=(d.disclosure_id,), engagement_ids=(engagement.engagement_id,),
            ))
    return flags


def _unique(flags: list[RedFlag]) -> list[RedFlag]:
    seen: set[tuple[Rule, str]] = set()
    unique = []
    for flag in flags:
        if (flag.rule, flag.reason) not in seen:
            seen.add((flag.rule, flag.reason))
            unique.append(flag)
    return unique


def all_red_flags(*, latest: list[DisclosureFacts], all_versions: list[DisclosureFacts],
                  engagements: list[EngagementFacts], mentions: list[TextMention],
                  reviewed: list[ReviewedVersion], today: date) -> list[RedFlag]:
    return [
        *late_declarations(all_versions),
        *unmitigated_interests(latest, engagements, today),
        *changed_after_review(latest, all_versions, reviewed),
        *undisclosed_mentions(mentions, all_versions, engagements),
        *fees_from_investees(latest, engagements, today),
    ]
