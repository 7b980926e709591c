"""The rules that look up a business's engagements through an index give the flags the
scan over every engagement gave, in the same order (issue 19: ``companion verify``
recomputes every flag, and the scan per disclosure made it quadratic).

The reference functions below are the rules as they were before the index, word for
word; the data is a register like the large demo set's: businesses with several
engagements (ties on the start day, engagements without one), disclosures linked by
the counterpart or by engagements, amendments and backdated declarations."""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterable
from datetime import date, timedelta

from companion.domain.red_flags import (
    FINANCIAL_KINDS,
    OPEN_ENGAGEMENT_STATUSES,
    DisclosureFacts,
    EngagementFacts,
    RedFlag,
    Rule,
    _client_ids_of,
    all_red_flags,
    declared_after_engagement,
    fees_from_investees,
    unmitigated_interests,
)

TODAY = date(2026, 11, 20)
BUSINESSES = ["株式会社みなと水産", "有限会社たかはし農園", "合同会社やまびこ工房", "株式会社しおさい観光",
              "農事組合法人さとやま", "株式会社木村酒造", "有限会社はまなす商店", "株式会社あおば製麺"]
TITLES = ["加工品の販路開拓", "6次産業化の伴走", "事業承継の準備", "観光客向け商品の開発", "EC サイトの立ち上げ"]
KINDS = ["出資", "株式保有", "役員就任", "顧問契約", "親族の関与"]
STATUSES = ["準備中", "進行中", "自走化", "終了"]


# -- the rules before the index (reference) -------------------------------------------------

def reference_unmitigated(disclosures: Iterable[DisclosureFacts],
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


def reference_declared_after(all_versions: Iterable[DisclosureFacts],
                             engagements: Iterable[EngagementFacts]) -> list[RedFlag]:
    by_id = {e.engagement_id: e for e in engagements}
    by_disclosure: dict[uuid.UUID, list[DisclosureFacts]] = {}
    for version in all_versions:
        by_disclosure.setdefault(version.disclosure_id, []).append(version)
    flags = []
    for versions in by_disclosure.values():
        latest = max(versions, key=lambda v: v.version)
        declared = min(v.declared_effective for v in versions)
        clients = set()
        for version in versions:
            clients |= _client_ids_of(version, by_id)
        for engagement in sorted(by_id.values(), key=lambda e: (e.start_on or date.min, e.title)):
            start = engagement.start_on
            if (engagement.client_id in clients and start is not None
                    and latest.started_on < start < declared):
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


def reference_fees(disclosures: Iterable[DisclosureFacts],
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


# -- a register like the demo set's ---------------------------------------------------------

def make_register(seed: int) -> tuple[list[DisclosureFacts], list[DisclosureFacts],
                                      list[EngagementFacts]]:
    """(latest versions, every version, engagements) of a random but realistic register."""
    rng = random.Random(seed)
    clients = [(uuid.UUID(int=rng.getrandbits(128)), name) for name in BUSINESSES]
    engagements = []
    for _ in range(40):
        client_id, name = rng.choice(clients)
        start = None if rng.random() < 0.1 else date(2024, 4, 1) + timedelta(days=rng.randrange(0, 700, 7))
        engagements.append(EngagementFacts(
            uuid.UUID(int=rng.getrandbits(128)), client_id, name, rng.choice(TITLES),
            rng.choice(STATUSES), fee_paid_by_client=rng.random() < 0.4, start_on=start))
    engagements.append(engagements[3])  # the same engagement listed twice
    every, latest = [], []
    for number in range(1, 31):
        client_id, name = rng.choice(clients)
        linked = frozenset(e.engagement_id for e in rng.sample(engagements, rng.randrange(0, 4)))
        started = date(2024, 1, 1) + timedelta(days=rng.randrange(0, 800))
        disclosure_id = uuid.UUID(int=rng.getrandbits(128))
        versions = []
        for version in range(1, rng.randrange(2, 5)):
            declared = started + timedelta(days=rng.randrange(-10, 400) + 200 * (version - 1))
            versions.append(DisclosureFacts(
                disclosure_id=disclosure_id, version_id=uuid.UUID(int=rng.getrandbits(128)),
                number=number, version=version, kind=rng.choice(KINDS), counterpart_name=name,
                counterpart_client_id=client_id if rng.random() < 0.7 else None,
                started_on=started, ended_on=None if rng.random() < 0.8 else date(2026, 3, 31),
                declared_on=declared, mitigation="" if rng.random() < 0.5 else "評価は別の支援者が行う。",
                content_hash=f"{number:04d}{version:060d}", engagement_ids=linked,
                written_on=declared + timedelta(days=rng.choice([0, 0, 0, 45]))))
        every += versions
        latest.append(versions[-1])
    return latest, every, engagements


def test_indexed_rules_give_the_flags_of_the_scan_in_the_same_order() -> None:
    fired = {Rule.UNMITIGATED_INTEREST: 0, Rule.DECLARED_AFTER_ENGAGEMENT: 0, Rule.FEE_FROM_INVESTEE: 0}
    for seed in range(12):
        latest, every, engagements = make_register(seed)
        for new, old in (
                (unmitigated_interests(latest, engagements, TODAY),
                 reference_unmitigated(latest, engagements, TODAY)),
                (declared_after_engagement(every, engagements),
                 reference_declared_after(every, engagements)),
                (fees_from_investees(latest, engagements, TODAY),
                 reference_fees(latest, engagements, TODAY))):
            assert new == old
            for flag in new:
                fired[flag.rule] += 1
    # The data set exercises every rule compared, with several engagements per flag.
    assert all(count >= 5 for count in fired.values()), fired


def test_all_red_flags_on_a_register_match_the_rules_one_by_one() -> None:
    latest, every, engagements = make_register(99)
    flags = all_red_flags(latest=latest, all_versions=every, engagements=engagements,
                          mentions=[], reviewed=[], today=TODAY)
    declared_after = [f for f in flags if f.rule is Rule.DECLARED_AFTER_ENGAGEMENT]
    assert declared_after == reference_declared_after(every, engagements)
    assert declared_after, "the register has declarations made after an engagement began"
