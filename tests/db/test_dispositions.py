"""Reviewers' dispositions of red flags (issue 18 item 8): stored from the signed
response, open on ホーム until the practitioner records the resolution, and carried in
the next bundle with how each was resolved."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from datetime import date

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlmodel import select

from companion.db.database import Database
from companion.db.models import FlagDisposition, Review
from companion.domain.red_flags import Disposition
from companion.errors import KnownError, ValidationError
from companion.review import dsse
from companion.services.dispositions import (
    DispositionInput,
    bundle_dispositions,
    list_dispositions,
    record_dispositions,
    resolve_disposition,
    store_dispositions,
)
from companion.services.session import session_scope

FLAG_LATE, FLAG_FEE, FLAG_MENTION = "0f3a9c1d22b4e001", "7b21c4e9a0d35f12", "c9e1a2b3d4f50617"
TODAY = date(2026, 12, 3)


def _envelope(dispositions: Sequence[object]) -> str:
    statement = {"_type": "https://in-toto.io/Statement/v1", "subject": [],
                 "predicateType": "https://companion.invalid/review-response/v1",
                 "predicate": {"reviewed_on": "2026-11-28", "findings": [],
                               "dispositions": dispositions}}
    payload = json.dumps(statement, ensure_ascii=False).encode("utf-8")
    return dsse.sign(dsse.IN_TOTO_PAYLOAD_TYPE, payload, Ed25519PrivateKey.generate()).to_json()


RESPONSE = [
    {"flag_id": FLAG_LATE, "disposition": "問題なし", "rule": "申告の遅れ",
     "reason": "開示2(出資・合同会社 あらき農園)は関与の開始から52日後に申告されています。",
     "comment": "遅れの理由(出資契約の締結日の確認待ち)は説明を受けた。"},
    {"flag_id": FLAG_FEE, "disposition": "要対応", "rule": "出資先からの報酬",
     "reason": "案件「道の駅の売場改革」の報酬は株式会社 鳥海ふるさと振興から支払われています。",
     "owner": "佐藤 みのり", "action": "成果報酬の算定根拠を委託元に書面で報告する",
     "due_on": "2027-01-31"},
    {"flag_id": FLAG_MENTION, "disposition": "要説明", "rule": "未開示の関与の記述",
     "reason": "有限会社 松月堂の記録に「出資」の記述が1件あります。",
     "comment": "2026-09-12 の訪問記録にある出資の打診への回答を説明してください。"},
]


def _review(db: Database, envelope: str) -> uuid.UUID:
    with session_scope(db) as session:
        review = Review(reviewer="高橋 健一(秋田県よろず支援拠点)", reviewed_on=date(2026, 11, 28),
                        envelope=envelope)
        session.add(review)
        session.commit()
        return review.id


def test_a_response_s_dispositions_are_stored_and_the_open_ones_listed(db: Database) -> None:
    review_id = _review(db, _envelope(RESPONSE))
    with session_scope(db) as session:
        assert store_dispositions(session=session, review_id=review_id) == 3
        session.commit()
    with session_scope(db, write=False) as session:
        every = list_dispositions(session=session)
        open_items = list_dispositions(session=session, open_only=True)
    assert {line.disposition for line in every} == set(Disposition)
    assert [line.disposition for line in open_items] == [Disposition.ACTION, Disposition.EXPLAIN]
    plan = open_items[0]
    assert (plan.owner, plan.due_on) == ("佐藤 みのり", date(2027, 1, 31))
    assert plan.overdue(date(2027, 2, 1)) and not plan.overdue(TODAY)


def test_resolving_closes_the_item_and_the_next_bundle_says_how(db: Database) -> None:
    review_id = _review(db, _envelope(RESPONSE))
    with session_scope(db) as session:
        store_dispositions(session=session, review_id=review_id)
        session.commit()
        action = next(line for line in list_dispositions(session=session, open_only=True)
                      if line.disposition is Disposition.ACTION)
        with pytest.raises(ValidationError, match="対応の結果を入力"):
            resolve_disposition(session=session, disposition_id=action.id, resolution="  ",
                                today=TODAY)
        resolved = resolve_disposition(session=session, disposition_id=action.id, today=TODAY,
                                       resolution="2026-12-01 に算定根拠を湯沢市産業振興課へ書面で報告した。")
        assert not resolved.is_open and resolved.resolved_on == TODAY
        with pytest.raises(KnownError, match="対応済み"):
            resolve_disposition(session=session, disposition_id=action.id, resolution="再度",
                                today=TODAY)
    with session_scope(db, write=False) as session:
        assert [line.disposition for line in list_dispositions(session=session, open_only=True)] == [
            Disposition.EXPLAIN]
        carried = {item["flag_id"]: item for item in bundle_dispositions(session=session)}
    assert carried[FLAG_FEE]["status"] == "対応済" and "書面で報告" in str(carried[FLAG_FEE]["resolution"])
    assert carried[FLAG_MENTION]["status"] == "未対応"
    assert carried[FLAG_LATE]["status"] == "対応不要"


@pytest.mark.parametrize(("change", "message"), [
    ({"owner": ""}, r"管理計画\(担当者\)"),
    ({"due_on": None, "action": ""}, "対応内容・期限"),
    ({"disposition": "保留"}, "形式が正しくありません"),
    ({"due_on": "来月末"}, "形式が正しくありません"),
    ({"flag_id": "../../etc"}, "識別子が正しくありません"),
])
def test_an_incomplete_disposition_is_refused_and_nothing_is_stored(
        db: Database, change: dict[str, object], message: str) -> None:
    broken = [RESPONSE[0], {**RESPONSE[1], **change}]
    review_id = _review(db, _envelope(broken))
    with session_scope(db) as session, pytest.raises(ValidationError, match=message):
        store_dispositions(session=session, review_id=review_id)
    with session_scope(db, write=False) as session:
        assert session.exec(select(FlagDisposition)).all() == []


def test_an_explanation_needs_what_is_to_be_explained(db: Database) -> None:
    review_id = _review(db, "")
    item = DispositionInput(FLAG_MENTION, Disposition.EXPLAIN, reason="松月堂の記録")
    with session_scope(db) as session, pytest.raises(ValidationError, match="説明を求める事項"):
        record_dispositions(session=session, review_id=review_id, items=[item])


def test_a_response_without_dispositions_stores_none(db: Database) -> None:
    review_id = _review(db, _envelope([]))
    with session_scope(db) as session:
        assert store_dispositions(session=session, review_id=review_id) == 0


def test_the_reviewer_s_dispositions_name_flags_of_the_bundle_reviewed() -> None:
    from companion.services.dispositions import disposition_records

    flags = {FLAG_FEE: "【出資先からの報酬】案件「道の駅の売場改革」の報酬は…"}
    plan = DispositionInput(FLAG_FEE, Disposition.ACTION, owner=" 佐藤 みのり ",
                            action="算定根拠を委託元に書面で報告する", due_on=date(2027, 1, 31))
    [record] = disposition_records(flags, [plan])
    assert record["disposition"] == "要対応" and record["owner"] == "佐藤 みのり"
    assert record["due_on"] == "2027-01-31"
    with pytest.raises(ValidationError, match="バンドルにない注意事項"):
        disposition_records(flags, [DispositionInput(FLAG_LATE, Disposition.NO_ISSUE)])
    with pytest.raises(ValidationError, match="二つあります"):
        disposition_records(flags, [plan, plan])
