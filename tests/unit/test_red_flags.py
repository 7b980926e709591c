"""Each red-flag rule fires on its case and stays quiet on the neighbouring case."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date

from companion.domain.red_flags import (
    DisclosureFacts,
    EngagementFacts,
    ReviewedVersion,
    Rule,
    TextMention,
    all_red_flags,
    changed_after_review,
    fees_from_investees,
    late_declarations,
    undisclosed_mentions,
    unmitigated_interests,
)

TODAY = date(2026, 11, 20)
CLIENT = uuid.uuid4()
OTHER_CLIENT = uuid.uuid4()
ENGAGEMENT = EngagementFacts(uuid.uuid4(), CLIENT, "株式会社みなと水産", "加工品の販路開拓",
                             "進行中", fee_paid_by_client=False)
OTHER = EngagementFacts(uuid.uuid4(), OTHER_CLIENT, "有限会社たかはし農園", "6次産業化の伴走",
                        "進行中", fee_paid_by_client=False)
INVESTMENT = DisclosureFacts(
    disclosure_id=uuid.uuid4(), version_id=uuid.uuid4(), number=1, version=1, kind="出資",
    counterpart_name="株式会社みなと水産", counterpart_client_id=CLIENT,
    started_on=date(2025, 6, 1), ended_on=None, declared_on=date(2025, 6, 20),
    mitigation="出資先の案件の評価は別の支援者が行う。", content_hash="a" * 64,
)


def test_late_declaration_fires_after_30_days_only() -> None:
    assert late_declarations([replace(INVESTMENT, declared_on=date(2025, 7, 1))]) == []  # 30 days
    flags = late_declarations([replace(INVESTMENT, declared_on=date(2025, 7, 2))])
    assert [f.rule for f in flags] == [Rule.LATE_DECLARATION]
    assert "31日後" in flags[0].reason and flags[0].disclosure_ids == (INVESTMENT.disclosure_id,)


def test_late_declaration_counts_from_the_first_version() -> None:
    amended = replace(INVESTMENT, version_id=uuid.uuid4(), version=2,
                      declared_on=date(2026, 4, 1))  # an amendment a year later is not late
    assert late_declarations([INVESTMENT, amended]) == []


def test_unmitigated_interest_in_an_active_engagement() -> None:
    bare = replace(INVESTMENT, mitigation=" ")
    flags = unmitigated_interests([bare], [ENGAGEMENT, OTHER], TODAY)
    assert [f.rule for f in flags] == [Rule.UNMITIGATED_INTEREST]
    assert flags[0].engagement_ids == (ENGAGEMENT.engagement_id,)
    assert unmitigated_interests([INVESTMENT], [ENGAGEMENT], TODAY) == []  # mitigated
    assert unmitigated_interests([replace(bare, ended_on=date(2026, 3, 31))], [ENGAGEMENT], TODAY) == []
    closed = replace(ENGAGEMENT, status="自走化")
    assert unmitigated_interests([bare], [closed], TODAY) == []


def test_changed_after_review_by_rewrite_or_by_a_new_version() -> None:
    review = ReviewedVersion(INVESTMENT.version_id, INVESTMENT.disclosure_id, INVESTMENT.content_hash,
                             date(2026, 5, 10))
    assert changed_after_review([INVESTMENT], [INVESTMENT], [review]) == []
    rewritten = replace(INVESTMENT, content_hash="b" * 64)
    flags = changed_after_review([rewritten], [rewritten], [review])
    assert [f.rule for f in flags] == [Rule.CHANGED_AFTER_REVIEW] and "書き換え" in flags[0].reason
    amended = replace(INVESTMENT, version_id=uuid.uuid4(), version=2, content_hash="c" * 64)
    flags = changed_after_review([amended], [INVESTMENT, amended], [review])
    assert len(flags) == 1 and "第2版" in flags[0].reason
    second_review = ReviewedVersion(amended.version_id, amended.disclosure_id, amended.content_hash,
                                    date(2026, 6, 1))
    assert changed_after_review([amended], [INVESTMENT, amended], [review, second_review]) == []


def test_mention_without_disclosure_flags_that_client_only() -> None:
    mention = TextMention("visit", uuid.uuid4(), OTHER.engagement_id, date(2026, 9, 1), "役員")
    disclosed = TextMention("visit", uuid.uuid4(), ENGAGEMENT.engagement_id, date(2026, 9, 1), "出資")
    flags = undisclosed_mentions([mention, disclosed], [INVESTMENT], [ENGAGEMENT, OTHER])
    assert [f.rule for f in flags] == [Rule.UNDISCLOSED_MENTION]
    assert "有限会社たかはし農園" in flags[0].reason and flags[0].ref_ids == (mention.ref_id,)


def test_fee_from_a_business_the_practitioner_invests_in() -> None:
    paying = replace(ENGAGEMENT, fee_paid_by_client=True)
    flags = fees_from_investees([INVESTMENT], [paying, OTHER], TODAY)
    assert [f.rule for f in flags] == [Rule.FEE_FROM_INVESTEE]
    assert fees_from_investees([INVESTMENT], [ENGAGEMENT], TODAY) == []  # paid by the city
    advisory = replace(INVESTMENT, kind="顧問契約")
    assert fees_from_investees([advisory], [paying], TODAY) == []


def test_all_rules_together_on_a_clean_register_raise_nothing() -> None:
    # Confirmed this year (a version of 2025 alone is due its annual re-certification).
    confirmed = replace(INVESTMENT, version_id=uuid.uuid4(), version=2,
                        declared_on=date(2026, 6, 10))
    assert all_red_flags(latest=[confirmed], all_versions=[INVESTMENT, confirmed],
                         engagements=[ENGAGEMENT, OTHER], mentions=[], reviewed=[],
                         today=TODAY) == []


def test_an_annual_confirmation_of_a_reviewed_version_is_not_a_change() -> None:
    reviewed = replace(INVESTMENT, substance="s1")
    review = ReviewedVersion(reviewed.version_id, reviewed.disclosure_id, reviewed.content_hash,
                             date(2026, 5, 10))
    confirmed = replace(reviewed, version_id=uuid.uuid4(), version=2, content_hash="d" * 64)
    assert changed_after_review([confirmed], [reviewed, confirmed], [review]) == []
    changed = replace(confirmed, substance="s2")
    assert len(changed_after_review([changed], [reviewed, changed], [review])) == 1
