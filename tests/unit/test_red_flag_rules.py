"""The rules an auditor expects (issue 18 item 7): annual re-certification, an interest
older than the engagement declared after it began, fee terms tied to the business with
no disclosure, and visit notes matched on phrases in context, never on substrings."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date

import pytest

from companion.domain.red_flag_rules import RULES, VERSION
from companion.domain.red_flags import (
    RULES_VERSION,
    DisclosureFacts,
    EngagementFacts,
    Rule,
    all_red_flags,
    declared_after_engagement,
    disclosure_facts_from_payload,
    find_mentions,
    flag_id,
    match_topics,
    missing_recertifications,
    undisclosed_fee_terms,
    undisclosed_mentions,
)

TODAY = date(2026, 11, 20)
CLIENT, OTHER_CLIENT = uuid.uuid4(), uuid.uuid4()
ENGAGEMENT = EngagementFacts(uuid.uuid4(), CLIENT, "株式会社みなと水産", "加工品の販路開拓", "進行中",
                             False, date(2026, 4, 1), "市の委託事業として実施。事業者の負担はなし。")
OTHER = EngagementFacts(uuid.uuid4(), OTHER_CLIENT, "有限会社たかはし農園", "6次産業化の伴走", "進行中",
                        False, date(2026, 5, 1), "商工会の専門家派遣として実施。")
ADVISORY = DisclosureFacts(
    disclosure_id=uuid.uuid4(), version_id=uuid.uuid4(), number=1, version=1, kind="顧問契約",
    counterpart_name="株式会社みなと水産", counterpart_client_id=CLIENT,
    started_on=date(2026, 3, 1), ended_on=None, declared_on=date(2026, 3, 10),
    mitigation="顧問料は報告書に明記し、評価は別の支援者が行う。", content_hash="h1",
)


def test_the_rules_are_data_with_the_version_the_bundle_states() -> None:
    assert RULES["version"] == VERSION == RULES_VERSION
    assert RULES["recertification_days"] == 365


@pytest.mark.parametrize("sentence", [
    "株式会社みなと水産の社長と新商品の原価を確認した。",
    "役員報酬の見直しと資金繰り表の作成を提案した。",
    "来月の株主総会に向けて決算書の説明資料を作った。",
    "株式会社化の手続きと定款の案を司法書士に相談するよう勧めた。",
])
def test_ordinary_business_talk_is_not_a_mention(sentence: str) -> None:
    assert match_topics(sentence) == []


@pytest.mark.parametrize(("sentence", "topic"), [
    ("社長から、来期に当社の社外取締役に就任してほしいと打診された。", "役員就任"),
    ("支援者が設備更新の資金として50万円を出資した。", "出資"),
    ("社長から「うちの株主になってくれないか」と言われた。", "株主"),
    ("売上が伸びた分の2%を成果報酬として受け取る案が出た。", "報酬"),
    ("事業計画の作成支援について報酬を受け取ることになった。", "報酬"),
])
def test_a_personal_tie_is_found_in_its_sentence(sentence: str, topic: str) -> None:
    assert [t for t, _phrase in match_topics(sentence)] == [topic]


def test_a_mention_flag_names_the_visit_its_date_and_the_sentence() -> None:
    visit = uuid.uuid4()
    note = ("株式会社たかはし農園の新しい加工場を見学した。社長から、来期に社外取締役に就任して"
            "ほしいと打診された。返事は保留した。")
    mentions = find_mentions("visit", visit, OTHER.engagement_id, date(2026, 9, 1), [note])
    assert [(m.word, m.sentence) for m in mentions] == [
        ("役員就任", "社長から、来期に社外取締役に就任してほしいと打診された。")]
    [flag] = undisclosed_mentions(mentions, [ADVISORY], [ENGAGEMENT, OTHER])
    assert flag.rule is Rule.UNDISCLOSED_MENTION
    assert "2026-09-01" in flag.reason and "社外取締役に就任" in flag.reason
    [record] = flag.evidence
    assert (record.kind, record.ref_id, record.when) == ("visit", visit, date(2026, 9, 1))
    assert record.text.startswith("社長から、来期に社外取締役")


def test_an_interest_not_confirmed_for_a_year_is_flagged_until_confirmed() -> None:
    old = replace(ADVISORY, started_on=date(2025, 3, 1), declared_on=date(2025, 3, 10))
    [flag] = missing_recertifications([old], TODAY)
    assert flag.rule is Rule.MISSING_RECERTIFICATION and "2025-03-10" in flag.reason
    confirmed = replace(old, version_id=uuid.uuid4(), version=2, declared_on=date(2026, 3, 5))
    assert missing_recertifications([old, confirmed], TODAY) == []
    ended = replace(old, ended_on=date(2026, 1, 31))
    assert missing_recertifications([ended], TODAY) == []  # nothing held any more


def test_a_backdated_confirmation_does_not_count_as_this_years() -> None:
    old = replace(ADVISORY, started_on=date(2025, 3, 1), declared_on=date(2025, 3, 10))
    backdated = replace(old, version=2, version_id=uuid.uuid4(), declared_on=date(2025, 3, 10),
                        written_on=date(2025, 3, 12))
    assert [f.rule for f in missing_recertifications([old, backdated], TODAY)] == [
        Rule.MISSING_RECERTIFICATION]


def test_an_interest_older_than_the_engagement_declared_after_it_began() -> None:
    late = replace(ADVISORY, started_on=date(2026, 3, 20), declared_on=date(2026, 4, 15))
    [flag] = declared_after_engagement([late], [ENGAGEMENT, OTHER])
    assert flag.rule is Rule.DECLARED_AFTER_ENGAGEMENT
    assert flag.engagement_ids == (ENGAGEMENT.engagement_id,)
    assert "2026-04-01" in flag.reason and "2026-04-15" in flag.reason
    on_time = replace(late, declared_on=date(2026, 3, 25))
    assert declared_after_engagement([on_time], [ENGAGEMENT]) == []
    began_later = replace(late, started_on=date(2026, 4, 10))  # not older than the engagement
    assert declared_after_engagement([began_later], [ENGAGEMENT]) == []


def test_fee_terms_tied_to_the_business_need_a_disclosure() -> None:
    retained = replace(OTHER, fee_terms="委託事業の終了後、月額3万円の顧問契約を結ぶ。")
    [flag] = undisclosed_fee_terms([ADVISORY], [ENGAGEMENT, retained])
    assert flag.rule is Rule.UNDISCLOSED_FEE_TERMS and "顧問契約" in flag.reason
    assert flag.evidence[0].text == retained.fee_terms
    covered = replace(ENGAGEMENT, fee_terms="売上増加分の2%を成果報酬として受け取る。")
    assert undisclosed_fee_terms([ADVISORY], [covered]) == []  # disclosed (開示1)


def test_a_flag_keeps_its_identity_while_its_wording_changes_with_the_day() -> None:
    old = replace(ADVISORY, started_on=date(2025, 3, 1), declared_on=date(2025, 3, 10))
    [today] = missing_recertifications([old], TODAY)
    [tomorrow] = missing_recertifications([old], date(2026, 11, 21))
    assert today.reason != tomorrow.reason and flag_id(today) == flag_id(tomorrow)
    assert len(flag_id(today)) == 16


def test_the_facts_read_back_from_a_register_payload_give_the_same_flags() -> None:
    payload = {"disclosure_id": ADVISORY.disclosure_id.hex, "version_id": ADVISORY.version_id.hex,
               "number": 1, "version": 1, "kind": "顧問契約", "counterpart_name": "株式会社みなと水産",
               "counterpart_client_id": CLIENT.hex, "started_on": "2025-03-01",
               "ended_on": None, "declared_on": "2025-03-10", "mitigation": "",
               "engagement_ids": [], "written_at": "2025-03-10T18:00:00+09:00"}
    facts = disclosure_facts_from_payload(payload, content_hash="h1")
    assert facts is not None and facts.written_on == date(2025, 3, 10)
    flags = all_red_flags(latest=[facts], all_versions=[facts], engagements=[ENGAGEMENT],
                          mentions=[], reviewed=[], today=TODAY)
    assert {f.rule for f in flags} == {Rule.UNMITIGATED_INTEREST, Rule.MISSING_RECERTIFICATION}
    assert disclosure_facts_from_payload({**payload, "started_on": "三月"}, content_hash="h") is None


def test_an_offered_board_seat_in_the_demo_words_is_a_mention() -> None:
    sentence = ("社長から「代替わりの後、役員として経営に加わってもらえないか」と打診された。")
    assert [t for t, _phrase in match_topics(sentence)] == ["役員就任"]
    assert match_topics("決算の内容を役員に説明する場に同席した。") == []
