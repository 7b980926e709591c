"""Reviewers' dispositions of red flags, and the practitioner's resolutions.

A reviewer records, per red flag, 問題なし, 要対応 (with a management plan: owner,
action, due date) or 要説明 in their signed response (``predicate.dispositions``, each
naming the flag by ``domain.red_flags.flag_id``). Importing the response stores them
(``store_dispositions``); the practitioner sees the open ones (要対応 / 要説明 not yet
resolved) on ホーム and records how each was resolved (``resolve_disposition``); the next
bundle's ``red-flags.json`` lists every disposition with its resolution
(``bundle_dispositions``).
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session

from companion.db.models import FlagDisposition, Review
from companion.db.reads import driver_connection
from companion.db.reads.dispositions import DisclosureListing as DisclosureListing
from companion.db.reads.dispositions import DispositionLine as DispositionLine
from companion.db.reads.dispositions import disclosure_listing as read_listing
from companion.db.reads.dispositions import disposition_lines
from companion.db.types import utcnow
from companion.domain.red_flags import Disposition
from companion.errors import KnownError, NotFoundError, ValidationError
from companion.review import dsse

_FLAG_ID = re.compile(r"[0-9a-f]{16}")
MAX_TEXT = 2000


@dataclass(frozen=True)
class DispositionInput:
    """One disposition as the reviewer signs it (``predicate.dispositions[]``)."""

    flag_id: str
    disposition: Disposition
    rule: str = ""
    reason: str = ""
    owner: str = ""
    action: str = ""
    due_on: date | None = None
    comment: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"flag_id": self.flag_id, "disposition": self.disposition.value,
                "rule": self.rule, "reason": self.reason, "owner": self.owner,
                "action": self.action,
                "due_on": self.due_on.isoformat() if self.due_on else None,
                "comment": self.comment}


def check_disposition(item: DispositionInput) -> DispositionInput:
    """Refuse a disposition a practitioner could not act on: 要対応 needs its plan
    (owner, action, due date), 要説明 needs what is to be explained."""
    if not _FLAG_ID.fullmatch(item.flag_id):
        raise ValidationError("注意事項の識別子が正しくありません: {flag_id}", field="flag_id",
                              flag_id=item.flag_id[:40])
    texts = (item.rule, item.reason, item.owner, item.action, item.comment)
    if any(len(text) > MAX_TEXT for text in texts):
        raise ValidationError("対応の記載が長すぎます({limit}文字まで)。", field="comment",
                              limit=MAX_TEXT)
    if item.disposition is Disposition.ACTION:
        missing = [label for label, value in (("担当者", item.owner.strip()),
                                              ("対応内容", item.action.strip()),
                                              ("期限", item.due_on)) if not value]
        if missing:
            raise ValidationError("要対応には管理計画({missing})が必要です: {reason}",
                                  field="action", missing="・".join(missing),
                                  reason=item.reason[:80])
    if item.disposition is Disposition.EXPLAIN and not item.comment.strip():
        raise ValidationError("要説明には説明を求める事項を記入してください: {reason}",
                              field="comment", reason=item.reason[:80])
    return item


def disposition_from_json(value: object) -> DispositionInput:
    if not isinstance(value, Mapping):
        raise ValidationError("レビュー応答の注意事項への対応の形式が正しくありません。")
    try:
        disposition = Disposition(str(value["disposition"]))
        due = value.get("due_on")
        item = DispositionInput(
            flag_id=str(value["flag_id"]), disposition=disposition,
            rule=str(value.get("rule") or ""), reason=str(value.get("reason") or ""),
            owner=str(value.get("owner") or ""), action=str(value.get("action") or ""),
            due_on=date.fromisoformat(str(due)) if due else None,
            comment=str(value.get("comment") or ""))
    except (KeyError, ValueError, TypeError):
        raise ValidationError("レビュー応答の注意事項への対応の形式が正しくありません"
                              "(flag_id・disposition・期限の日付を確かめてください)。") from None
    return check_disposition(item)


def dispositions_in_envelope(envelope_text: str) -> list[DispositionInput]:
    """The dispositions a signed response carries (its signature was checked when it
    was imported; none in a response from an earlier version)."""
    envelope = dsse.parse(envelope_text)
    try:
        statement = json.loads(envelope.payload)
    except ValueError:
        raise ValidationError("レビュー応答の中身を読めません。") from None
    predicate = statement.get("predicate") if isinstance(statement, dict) else None
    values = predicate.get("dispositions", []) if isinstance(predicate, dict) else []
    if not isinstance(values, list):
        raise ValidationError("レビュー応答の注意事項への対応の形式が正しくありません。")
    items = [disposition_from_json(value) for value in values]
    seen: set[str] = set()
    for item in items:
        if item.flag_id in seen:
            raise ValidationError("同じ注意事項への対応が二つあります: {reason}",
                                  reason=item.reason[:80])
        seen.add(item.flag_id)
    return items


def record_dispositions(*, session: Session, review_id: uuid.UUID,
                        items: Sequence[DispositionInput]) -> int:
    """Store a review's dispositions (without committing); the number stored."""
    if session.get(Review, review_id) is None:
        raise NotFoundError("レビューが見つかりません: {review_id}", review_id=str(review_id))
    for item in items:
        check_disposition(item)
        session.add(FlagDisposition(
            review_id=review_id, flag_id=item.flag_id, rule=item.rule, reason=item.reason,
            disposition=item.disposition, owner=item.owner, action=item.action,
            due_on=item.due_on, comment=item.comment))
    return len(items)


def store_dispositions(*, session: Session, review_id: uuid.UUID) -> int:
    """Store the dispositions of an imported review, read from its envelope (the import
    calls this in its transaction, after adding the ``Review`` row)."""
    review = session.get(Review, review_id)
    if review is None:
        raise NotFoundError("レビューが見つかりません: {review_id}", review_id=str(review_id))
    if not review.envelope:
        return 0
    return record_dispositions(session=session, review_id=review_id,
                               items=dispositions_in_envelope(review.envelope))


def list_dispositions(*, session: Session, open_only: bool = False) -> list[DispositionLine]:
    """Every disposition, the latest review first; ``open_only``: 要対応 and 要説明 not yet
    resolved, by due date, none last (``db.reads.dispositions.disposition_lines``)."""
    return disposition_lines(driver_connection(session), open_only=open_only)


def resolve_disposition(*, session: Session, disposition_id: uuid.UUID, resolution: str,
                        today: date) -> DispositionLine:
    """Record how an open 要対応 / 要説明 was resolved (what was done or explained)."""
    row = session.get(FlagDisposition, disposition_id)
    if row is None:
        raise NotFoundError("注意事項への対応が見つかりません(削除されたか、別の端末で変更されました)。")
    text = resolution.strip()
    if not text:
        raise ValidationError("対応の結果を入力してください(何をしたか、どう説明したか)。",
                              field="resolution")
    if len(text) > MAX_TEXT:
        raise ValidationError("対応の結果が長すぎます({limit}文字まで)。", field="resolution",
                              limit=MAX_TEXT)
    if row.disposition is Disposition.NO_ISSUE:
        raise KnownError("「問題なし」の注意事項には対応の記録は要りません。")
    if row.resolved_on is not None:
        raise KnownError("この注意事項は {day} に対応済みとして記録されています。",
                         day=row.resolved_on.isoformat())
    row.resolved_on, row.resolution, row.updated_at = today, text, utcnow()
    session.add(row)
    session.commit()
    line = next(line for line in list_dispositions(session=session) if line.id == row.id)
    return line


def bundle_dispositions(*, session: Session) -> list[dict[str, Any]]:
    """Every disposition and how it was resolved, for the next bundle's red-flags.json."""
    return [{"flag_id": line.flag_id, "rule": line.rule, "reason": line.reason,
             "disposition": line.disposition.value, "owner": line.owner, "action": line.action,
             "due_on": line.due_on.isoformat() if line.due_on else None,
             "comment": line.comment, "reviewer": line.reviewer,
             "reviewed_on": line.reviewed_on.isoformat(),
             "status": ("対応済" if line.resolved_on else
                        "未対応" if line.disposition is not Disposition.NO_ISSUE else "対応不要"),
             "resolved_on": line.resolved_on.isoformat() if line.resolved_on else None,
             "resolution": line.resolution}
            for line in reversed(list_dispositions(session=session))]


# -- the register as `companion list disclosures --json` prints it --------------------------

def disclosure_listing(*, session: Session, today: date) -> DisclosureListing:
    """The register's latest versions, the red flags with the records behind them and
    each flag's latest disposition (``db.reads.dispositions.disclosure_listing``)."""
    return read_listing(driver_connection(session), today=today)


# -- the reviewer's side: dispositions checked against the bundle's flags --------------------

def disposition_records(flag_ids: Mapping[str, str], items: Sequence[DispositionInput]
                        ) -> list[dict[str, Any]]:
    """The dispositions as a response's ``predicate.dispositions`` states them, each
    checked (``check_disposition``) and naming a flag of the bundle reviewed
    (``flag_ids``: flag id -> the flag's 【rule】reason, from its red-flags.json)."""
    records = []
    seen: set[str] = set()
    for item in items:
        check_disposition(item)
        if item.flag_id not in flag_ids:
            raise ValidationError("バンドルにない注意事項への判断です: {flag_id}", field="flag_id",
                                  flag_id=item.flag_id)
        if item.flag_id in seen:
            raise ValidationError("同じ注意事項への判断が二つあります: {reason}",
                                  field="flag_id", reason=flag_ids[item.flag_id][:80])
        seen.add(item.flag_id)
        records.append({**item.to_json(), "owner": item.owner.strip(),
                        "action": item.action.strip(), "comment": item.comment.strip()})
    return records
