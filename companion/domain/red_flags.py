"""Red flags an auditor sees: computed from the records by rules, never typed in.

Each rule is a pure function from plain facts to flags, so it can be tested on its
own and explained to a reviewer. ``RULES_VERSION`` changes whenever a rule's meaning
does; bundles and review responses carry it.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from functools import lru_cache
from typing import Any

from companion.domain.red_flag_rules import RULES, VERSION

RULES_VERSION = VERSION
LATE_DECLARATION_DAYS: int = RULES["late_declaration_days"]
RECERTIFICATION_DAYS: int = RULES["recertification_days"]
# Kinds of interest that make the practitioner share in the business's money.
FINANCIAL_KINDS = frozenset(RULES["financial_kinds"])
OPEN_ENGAGEMENT_STATUSES = frozenset(RULES["open_engagement_statuses"])
FEE_TERMS_PHRASES: tuple[str, ...] = tuple(RULES["fee_terms_phrases"])
# Stems a text must contain to be worth matching against the topics' patterns (a
# prefilter for the database; the patterns decide).
SENSITIVE_WORDS = ("出資", "株", "持分", "報酬", "就任", "選任", "迎え", "顧問", "レベニュー", "役員",
                   "取締役", "監査役", "理事")


class Rule(StrEnum):
    LATE_DECLARATION = "申告の遅れ"
    UNMITIGATED_INTEREST = "管理方法の未記載"
    CHANGED_AFTER_REVIEW = "レビュー後の変更"
    UNDISCLOSED_MENTION = "未開示の関与の記述"
    FEE_FROM_INVESTEE = "出資先からの報酬"
    MISSING_RECERTIFICATION = "年次確認の未実施"
    DECLARED_AFTER_ENGAGEMENT = "案件開始後の申告"
    UNDISCLOSED_FEE_TERMS = "報酬条件の未開示"


@dataclass(frozen=True)
class DisclosureFacts:
    """One version of a disclosure, as the rules read it."""

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
    written_on: date | None = None  # the day its register entry was written (device clock)

    @property
    def declared_effective(self) -> date:
        """When it was declared, as far as the register can tell: the later of the date
        stated and the day the entry was written (a backdated date does not count)."""
        return max(self.declared_on, self.written_on) if self.written_on else self.declared_on

    def active_on(self, day: date) -> bool:
        return self.started_on <= day and (self.ended_on is None or self.ended_on >= day)


@dataclass(frozen=True)
class EngagementFacts:
    """An engagement, as the rules read it (its business, status and fee terms)."""

    engagement_id: uuid.UUID
    client_id: uuid.UUID
    client_name: str
    title: str
    status: str
    fee_paid_by_client: bool
    start_on: date | None = None
    fee_terms: str = ""


@dataclass(frozen=True)
class TextMention:
    """A sentence of a visit or plan item that matches a topic of the rules."""

    kind: str  # visit | plan
    ref_id: uuid.UUID
    engagement_id: uuid.UUID
    when: date | None
    word: str  # the topic (役員就任, 出資, 株主, 報酬)
    sentence: str = ""
    phrase: str = ""  # the words that matched


@dataclass(frozen=True)
class ReviewedVersion:
    """A disclosure version a reviewer saw, and the content hash they saw."""

    version_id: uuid.UUID
    disclosure_id: uuid.UUID
    reviewed_hash: str  # the content hash the reviewer saw
    reviewed_on: date


@dataclass(frozen=True)
class Evidence:
    """A record behind a flag that is not a disclosure: a visit or plan item (with the
    sentence that matched) or an engagement (with its fee terms)."""

    kind: str  # visit | plan | engagement
    ref_id: uuid.UUID
    when: date | None
    text: str  # the sentence, or the fee terms
    phrase: str = ""


@dataclass(frozen=True)
class RedFlag:
    """One flag: the rule, its reason in Japanese and the records it is about."""

    rule: Rule
    reason: str  # Japanese, one sentence, names the records
    disclosure_ids: tuple[uuid.UUID, ...] = ()
    engagement_ids: tuple[uuid.UUID, ...] = ()
    ref_ids: tuple[uuid.UUID, ...] = ()
    evidence: tuple[Evidence, ...] = ()


# -- matching visit notes on phrases in context ----------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[。！？!?])|\n")


def sentences(text: str) -> list[str]:
    """A note's sentences (split after 。！？ and at line ends), stripped, non-empty."""
    return [part.strip() for part in _SENTENCE_END.split(text) if part and part.strip()]


def match_topics(sentence: str, rules: Mapping[str, Any] = RULES) -> list[tuple[str, str]]:
    """The (topic, phrase) pairs one sentence matches: a topic's pattern found, and
    none of its ``unless`` phrases in the same sentence."""
    found = []
    for topic in rules["mention_topics"]:
        if any(word in sentence for word in topic.get("unless", ())):
            continue
        for pattern in topic["patterns"]:
            hit = re.search(pattern, sentence)
            if hit:
                found.append((str(topic["topic"]), hit.group(0)))
                break
    return found


def find_mentions(kind: str, ref_id: uuid.UUID, engagement_id: uuid.UUID, when: date | None,
                  texts: Iterable[str]) -> list[TextMention]:
    """Every sentence of ``texts`` that matches a topic, one mention per topic matched."""
    mentions = []
    for text in texts:
        for sentence in sentences(text):
            for topic, phrase in match_topics(sentence):
                mentions.append(TextMention(kind, ref_id, engagement_id, when, topic,
                                            sentence, phrase))
    return mentions


def _client_ids_of(disclosure: DisclosureFacts, engagements: dict[uuid.UUID, EngagementFacts]
                   ) -> set[uuid.UUID]:
    linked = {engagements[e].client_id for e in disclosure.engagement_ids if e in engagements}
    if disclosure.counterpart_client_id is not None:
        linked.add(disclosure.counterpart_client_id)
    return linked


def _positions(engagements: list[EngagementFacts]) -> dict[uuid.UUID, list[int]]:
    """Where each business's engagements are in ``engagements``."""
    positions: dict[uuid.UUID, list[int]] = {}
    for position, engagement in enumerate(engagements):
        positions.setdefault(engagement.client_id, []).append(position)
    return positions


def _engagements_of(clients: set[uuid.UUID], engagements: list[EngagementFacts],
                    positions: dict[uuid.UUID, list[int]]) -> list[EngagementFacts]:
    """The engagements with the businesses ``clients``, in the order of ``engagements``
    (found through ``positions``, not by a scan of every engagement per disclosure)."""
    return [engagements[p] for p in sorted(p for client in clients for p in positions.get(client, ()))]


def late_declarations(all_versions: Iterable[DisclosureFacts]) -> list[RedFlag]:
    """First declared more than 30 days after the interest started (as last stated);
    a version counts as declared on the later of its stated date and the day written."""
    by_disclosure: dict[uuid.UUID, list[DisclosureFacts]] = {}
    for version in all_versions:
        by_disclosure.setdefault(version.disclosure_id, []).append(version)
    flags = []
    for versions in by_disclosure.values():
        latest = max(versions, key=lambda v: v.version)
        first = min(versions, key=lambda v: (v.declared_effective, v.version))
        declared = first.declared_effective
        delay = (declared - latest.started_on).days
        if delay > LATE_DECLARATION_DAYS:
            backdated = (f"申告日は{first.declared_on.isoformat()}と記載されていますが、記録されたのは"
                         f"{declared.isoformat()}です。" if declared != first.declared_on else "")
            flags.append(RedFlag(
                Rule.LATE_DECLARATION,
                f"開示{latest.number}({latest.kind}・{latest.counterpart_name})は関与の開始"
                f"({latest.started_on.isoformat()})から{delay}日後に申告されています。{backdated}",
                disclosure_ids=(latest.disclosure_id,),
            ))
    return flags


def unmitigated_interests(disclosures: Iterable[DisclosureFacts],
                          engagements: Iterable[EngagementFacts], today: date) -> list[RedFlag]:
    by_id = {e.engagement_id: e for e in engagements}
    listed = list(by_id.values())
    positions = _positions(listed)
    flags = []
    for d in disclosures:
        if not d.active_on(today) or d.mitigation.strip():
            continue
        clients = _client_ids_of(d, by_id)
        open_engagements = [e for e in _engagements_of(clients, listed, positions)
                            if e.status in OPEN_ENGAGEMENT_STATUSES]
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
        found.sort(key=lambda m: (m.when or date.min, m.ref_id.hex, m.sentence, m.word))
        first = found[0]
        when = f"{first.when.isoformat()}の" if first.when else ""
        quote = f"(例: {when}記録「{first.sentence}」)" if first.sentence else ""
        flags.append(RedFlag(
            Rule.UNDISCLOSED_MENTION,
            f"{client}の記録に「{words}」の記述が{len(found)}件ありますが、"
            f"この事業者についての開示がありません。{quote}",
            engagement_ids=tuple(sorted({m.engagement_id for m in found})),
            ref_ids=tuple(dict.fromkeys(m.ref_id for m in found)),
            evidence=tuple(dict.fromkeys(Evidence(m.kind, m.ref_id, m.when, m.sentence, m.phrase)
                                         for m in found)),
        ))
    return flags


def missing_recertifications(all_versions: Iterable[DisclosureFacts], today: date
                             ) -> list[RedFlag]:
    """An interest still held whose last version (a confirmation or an amendment) was
    declared more than RECERTIFICATION_DAYS before ``today``."""
    by_disclosure: dict[uuid.UUID, list[DisclosureFacts]] = {}
    for version in all_versions:
        by_disclosure.setdefault(version.disclosure_id, []).append(version)
    flags = []
    for versions in by_disclosure.values():
        latest = max(versions, key=lambda v: v.version)
        if not latest.active_on(today):
            continue
        confirmed = max(v.declared_effective for v in versions)
        days = (today - confirmed).days
        if days > RECERTIFICATION_DAYS:
            flags.append(RedFlag(
                Rule.MISSING_RECERTIFICATION,
                f"開示{latest.number}({latest.kind}・{latest.counterpart_name})は最後の申告"
                f"({confirmed.isoformat()})から{days}日経っていますが、年次の確認がされていません。",
                disclosure_ids=(latest.disclosure_id,), ref_ids=(latest.version_id,),
            ))
    return flags


def declared_after_engagement(all_versions: Iterable[DisclosureFacts],
                              engagements: Iterable[EngagementFacts]) -> list[RedFlag]:
    """An interest that began before an engagement with the same business started but
    was first declared after that engagement had started."""
    by_id = {e.engagement_id: e for e in engagements}
    by_disclosure: dict[uuid.UUID, list[DisclosureFacts]] = {}
    for version in all_versions:
        by_disclosure.setdefault(version.disclosure_id, []).append(version)
    # The engagements in the order the flags name them, sorted once (not per disclosure).
    ordered = sorted(by_id.values(), key=lambda e: (e.start_on or date.min, e.title))
    positions = _positions(ordered)
    flags = []
    for versions in by_disclosure.values():
        latest = max(versions, key=lambda v: v.version)
        declared = min(v.declared_effective for v in versions)
        clients = set()
        for version in versions:
            clients |= _client_ids_of(version, by_id)
        for engagement in _engagements_of(clients, ordered, positions):
            start = engagement.start_on
            if start is not None and latest.started_on < start < declared:
                flags.append(RedFlag(
                    Rule.DECLARED_AFTER_ENGAGEMENT,
                    f"開示{latest.number}({latest.kind}・{latest.counterpart_name})の関与は"
                    f"{latest.started_on.isoformat()}に始まり、案件「{engagement.title}」の開始"
                    f"({start.isoformat()})より前からありましたが、申告は案件開始後の"
                    f"{declared.isoformat()}です。",
                    disclosure_ids=(latest.disclosure_id,),
                    engagement_ids=(engagement.engagement_id,),
                ))
    return flags


def undisclosed_fee_terms(all_versions: Iterable[DisclosureFacts],
                          engagements: Iterable[EngagementFacts]) -> list[RedFlag]:
    """An engagement whose fee terms tie the practitioner's pay to the business (顧問契約,
    成果報酬, revenue share ...) with no disclosure about that business."""
    by_id = {e.engagement_id: e for e in engagements}
    disclosed: set[uuid.UUID] = set()
    for d in all_versions:
        disclosed |= _client_ids_of(d, by_id)
    flags = []
    for engagement in sorted(by_id.values(), key=lambda e: (e.start_on or date.min, e.title)):
        phrases = [p for p in FEE_TERMS_PHRASES if p in engagement.fee_terms]
        if not phrases or engagement.client_id in disclosed:
            continue
        flags.append(RedFlag(
            Rule.UNDISCLOSED_FEE_TERMS,
            f"案件「{engagement.title}」の報酬条件「{engagement.fee_terms}」は"
            f"{engagement.client_name}との{'・'.join(phrases)}ですが、この事業者についての開示がありません。",
            engagement_ids=(engagement.engagement_id,),
            evidence=(Evidence("engagement", engagement.engagement_id, engagement.start_on,
                               engagement.fee_terms, phrases[0]),),
        ))
    return flags


def fees_from_investees(disclosures: Iterable[DisclosureFacts],
                        engagements: Iterable[EngagementFacts], today: date) -> list[RedFlag]:
    by_id = {e.engagement_id: e for e in engagements}
    listed = list(by_id.values())
    positions = _positions(listed)
    flags = []
    for d in disclosures:
        if d.kind not in FINANCIAL_KINDS or not d.active_on(today):
            continue
        clients = _client_ids_of(d, by_id)
        paying = [e for e in _engagements_of(clients, listed, positions) if e.fee_paid_by_client]
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


def latest_versions(versions: list[DisclosureFacts]) -> list[DisclosureFacts]:
    """The latest version of each disclosure, by number."""
    latest: dict[uuid.UUID, DisclosureFacts] = {}
    for version in versions:
        if version.disclosure_id not in latest or version.version > latest[version.disclosure_id].version:
            latest[version.disclosure_id] = version
    return sorted(latest.values(), key=lambda v: v.number)


def all_red_flags(*, latest: list[DisclosureFacts], all_versions: list[DisclosureFacts],
                  engagements: list[EngagementFacts], mentions: list[TextMention],
                  reviewed: list[ReviewedVersion], today: date) -> list[RedFlag]:
    return [
        *late_declarations(all_versions),
        *unmitigated_interests(latest, engagements, today),
        *changed_after_review(latest, all_versions, reviewed),
        *undisclosed_mentions(mentions, all_versions, engagements),
        *fees_from_investees(latest, engagements, today),
        *missing_recertifications(all_versions, today),
        *declared_after_engagement(all_versions, engagements),
        *undisclosed_fee_terms(all_versions, engagements),
    ]


# -- facts read back from a bundle (the verifier recomputes the flags from these) -----------

@lru_cache(maxsize=4096)
def _uuid_of(text: str) -> uuid.UUID:
    return uuid.UUID(text)


def id_of(value: object) -> uuid.UUID:
    """``uuid.UUID(str(value))``, made once per text (ValueError when it is none): a
    register names each disclosure, business and engagement in many versions and records."""
    return _uuid_of(str(value))


def _opt_uuid(value: object) -> uuid.UUID | None:
    return id_of(value) if value else None


def _opt_date(value: object) -> date | None:
    return date.fromisoformat(str(value)) if value else None


def disclosure_facts_from_payload(payload: Mapping[str, Any], *, content_hash: str,
                                  substance: str = "") -> DisclosureFacts | None:
    """The facts of a disclosure version from its signed register payload (None: a
    field is missing or of the wrong type)."""
    try:
        written = payload.get("written_at")
        return DisclosureFacts(
            disclosure_id=id_of(payload["disclosure_id"]),
            version_id=id_of(payload["version_id"]),
            number=int(payload["number"]), version=int(payload["version"]),
            kind=str(payload["kind"]), counterpart_name=str(payload["counterpart_name"]),
            counterpart_client_id=_opt_uuid(payload.get("counterpart_client_id")),
            started_on=date.fromisoformat(str(payload["started_on"])),
            ended_on=_opt_date(payload.get("ended_on")),
            declared_on=date.fromisoformat(str(payload["declared_on"])),
            mitigation=str(payload.get("mitigation") or ""), content_hash=content_hash,
            engagement_ids=frozenset(id_of(e) for e in payload.get("engagement_ids") or ()),
            substance=substance,
            written_on=datetime.fromisoformat(str(written)).date() if written else None,
        )
    except (KeyError, TypeError, ValueError):
        return None


def engagement_facts_to_json(engagement: EngagementFacts) -> dict[str, Any]:
    return {"engagement_id": engagement.engagement_id.hex, "client_id": engagement.client_id.hex,
            "client_name": engagement.client_name, "title": engagement.title,
            "status": engagement.status, "fee_paid_by_client": engagement.fee_paid_by_client,
            "start_on": engagement.start_on.isoformat() if engagement.start_on else None,
            "fee_terms": engagement.fee_terms}


def engagement_facts_from_json(value: Mapping[str, Any]) -> EngagementFacts:
    """Raises KeyError, TypeError or ValueError on a malformed record."""
    return EngagementFacts(id_of(value["engagement_id"]), id_of(value["client_id"]),
                           str(value["client_name"]), str(value["title"]), str(value["status"]),
                           bool(value["fee_paid_by_client"]), _opt_date(value.get("start_on")),
                           str(value.get("fee_terms") or ""))


def mention_to_json(mention: TextMention) -> dict[str, Any]:
    return {"kind": mention.kind, "ref_id": mention.ref_id.hex,
            "engagement_id": mention.engagement_id.hex,
            "date": mention.when.isoformat() if mention.when else None,
            "sentence": mention.sentence}


def mentions_from_json(value: Mapping[str, Any]) -> list[TextMention]:
    """The sentence's mentions matched again with the rules (a sentence that no longer
    matches yields none). Raises KeyError, TypeError or ValueError on a malformed record."""
    return find_mentions(str(value["kind"]), id_of(value["ref_id"]),
                         id_of(value["engagement_id"]), _opt_date(value.get("date")),
                         [str(value["sentence"])])


def reviewed_to_json(reviewed: ReviewedVersion) -> dict[str, Any]:
    return {"version_id": reviewed.version_id.hex, "disclosure_id": reviewed.disclosure_id.hex,
            "reviewed_hash": reviewed.reviewed_hash, "reviewed_on": reviewed.reviewed_on.isoformat()}


def reviewed_from_json(value: Mapping[str, Any]) -> ReviewedVersion:
    return ReviewedVersion(id_of(value["version_id"]), id_of(value["disclosure_id"]),
                           str(value["reviewed_hash"]), date.fromisoformat(str(value["reviewed_on"])))


def flag_key(flag: RedFlag) -> tuple[str, str]:
    """What two computations of a flag must agree on."""
    return (flag.rule.value, flag.reason)


def flag_id(flag: RedFlag) -> str:
    """A flag's identity across computations and bundles (a reviewer's disposition is
    recorded against it): the rule and the records it is about, not its wording (the
    days a declaration is overdue grow daily). A mention flag is about the business's
    engagements, however many notes mention it."""
    refs = () if flag.rule is Rule.UNDISCLOSED_MENTION else flag.ref_ids
    parts = [flag.rule.name, *sorted(d.hex for d in flag.disclosure_ids),
             "|", *sorted(e.hex for e in flag.engagement_ids), "|", *sorted(r.hex for r in refs)]
    return hashlib.sha256(" ".join(parts).encode("utf-8")).hexdigest()[:16]


class Disposition(StrEnum):
    """A reviewer's verdict on one red flag."""

    NO_ISSUE = "問題なし"
    ACTION = "要対応"  # with a management plan: owner, action, due date
    EXPLAIN = "要説明"
