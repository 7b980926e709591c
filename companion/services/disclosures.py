"""Disclosures of interest: declaring and amending them, and reading the register.

The register is append-only: an amendment is a new version and the old one stays.
Every version is an entry in the practitioner's hash-chained register log
(services/register.py), so removing or editing one breaks the chain after it, and
its content hash is the SHA-256 of the exact text that entry holds.
``record_*`` add to the caller's transaction (the demo records hundreds in one);
``declare`` and ``amend`` are the use cases that commit.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from sqlmodel import Session, col, func, select

from companion.db.models import Disclosure, DisclosureEngagement, DisclosureVersion, LogEntry
from companion.db.types import utcnow
from companion.domain.enums import DisclosureKind, DisclosureStatus
from companion.domain.register_log import KIND_DISCLOSURE, canonical_payload, content_hash
from companion.errors import KnownError, NotFoundError, ValidationError
from companion.services.register import append_entry, current_signing_key


@dataclass(frozen=True)
class DisclosureDraft:
    kind: DisclosureKind
    counterpart_name: str
    started_on: date
    declared_on: date
    counterpart_client_id: uuid.UUID | None = None
    amount_yen: int | None = None
    share_percent: float | None = None
    role_title: str = ""
    ended_on: date | None = None
    description: str = ""
    mitigation: str = ""
    status: DisclosureStatus = DisclosureStatus.DISCLOSED
    reason: str = "新規開示"
    engagement_ids: tuple[uuid.UUID, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class DisclosureLine:
    disclosure_id: uuid.UUID
    number: int
    version: int
    kind: DisclosureKind
    counterpart_name: str
    amount_yen: int | None
    share_percent: float | None
    role_title: str
    started_on: date
    ended_on: date | None
    declared_on: date
    mitigation: str
    status: DisclosureStatus


def _validate(draft: DisclosureDraft) -> None:
    if not draft.counterpart_name.strip():
        raise ValidationError("相手先を入力してください。", field="counterpart_name")
    if draft.ended_on and draft.ended_on < draft.started_on:
        raise ValidationError("終了日が開始日より前です。", field="ended_on")
    if draft.share_percent is not None and not 0 <= draft.share_percent <= 100:
        raise ValidationError("持分比率は0〜100%で入力してください。", field="share_percent")
    if draft.amount_yen is not None and draft.amount_yen < 0:
        raise ValidationError("金額は0円以上で入力してください。", field="amount_yen")


def _content(draft: DisclosureDraft, number: int, version: int) -> dict[str, object]:
    return {
        "number": number,
        "version": version,
        "kind": draft.kind.value,
        "counterpart_name": draft.counterpart_name,
        "counterpart_client_id": draft.counterpart_client_id.hex if draft.counterpart_client_id else None,
        "amount_yen": draft.amount_yen,
        "share_percent": draft.share_percent,
        "role_title": draft.role_title,
        "started_on": draft.started_on,
        "ended_on": draft.ended_on,
        "declared_on": draft.declared_on,
        "description": draft.description,
        "mitigation": draft.mitigation,
        "status": draft.status.value,
        "reason": draft.reason,
        "engagement_ids": sorted(e.hex for e in draft.engagement_ids),
    }


# Fields whose change makes a new version; the reason and the dates of the
# paperwork alone do not (an amendment that changes nothing makes no version).
_BOOKKEEPING = ("number", "version", "reason", "declared_on", "disclosure_id", "version_id")


def _substance(content: dict[str, object]) -> dict[str, object]:
    return {key: value for key, value in content.items() if key not in _BOOKKEEPING}


def _add_version(session: Session, *, disclosure_id: uuid.UUID, number: int, version: int,
                 draft: DisclosureDraft, at: datetime | None,
                 new_id: Callable[[], uuid.UUID]) -> DisclosureVersion:
    """Add one version and its register entry, without committing."""
    if session.exec(select(LogEntry.id).limit(1)).first() is None:
        current_signing_key(session=session)  # the log opens with the practitioner's key
    version_id = new_id()
    content = {**_content(draft, number, version), "disclosure_id": disclosure_id.hex,
               "version_id": version_id.hex}
    payload = canonical_payload(content)
    entry = append_entry(session=session, kind=KIND_DISCLOSURE, payload=payload)
    created_at = at or utcnow()
    row = DisclosureVersion(
        id=version_id, created_at=created_at, updated_at=created_at,
        disclosure_id=disclosure_id, version=version, kind=draft.kind,
        counterpart_client_id=draft.counterpart_client_id,
        counterpart_name=draft.counterpart_name, amount_yen=draft.amount_yen,
        share_percent=draft.share_percent, role_title=draft.role_title,
        started_on=draft.started_on, ended_on=draft.ended_on, declared_on=draft.declared_on,
        description=draft.description, mitigation=draft.mitigation, status=draft.status,
        reason=draft.reason, content_hash=content_hash(payload), log_seq=entry.seq,
    )
    session.add(row)
    session.add_all(
        DisclosureEngagement(version_id=row.id, engagement_id=engagement_id)
        for engagement_id in draft.engagement_ids
    )
    return row


def _latest_payload(session: Session, disclosure_id: uuid.UUID) -> dict[str, object] | None:
    payload = session.exec(
        select(LogEntry.payload)
        .join(DisclosureVersion, col(DisclosureVersion.log_seq) == LogEntry.seq)
        .where(DisclosureVersion.disclosure_id == disclosure_id)
        .order_by(col(DisclosureVersion.version).desc()).limit(1)
    ).first()
    return json.loads(payload) if payload else None


def record_declaration(*, session: Session, draft: DisclosureDraft, at: datetime | None = None,
                       new_id: Callable[[], uuid.UUID] = uuid.uuid4) -> DisclosureVersion:
    """Add a new disclosure and its first version to the session; the caller commits.

    ``at`` stamps the version (default: now); ``new_id`` makes ids (the demo passes a
    seeded generator so its data is reproducible).
    """
    _validate(draft)
    number = (session.exec(select(func.max(Disclosure.number))).one() or 0) + 1
    stamp = at or utcnow()
    disclosure = Disclosure(id=new_id(), number=number, created_at=stamp, updated_at=stamp)
    session.add(disclosure)
    return _add_version(session, disclosure_id=disclosure.id, number=number, version=1,
                        draft=draft, at=at, new_id=new_id)


def record_amendment(*, session: Session, disclosure_id: uuid.UUID, draft: DisclosureDraft,
                     reason: str, at: datetime | None = None,
                     new_id: Callable[[], uuid.UUID] = uuid.uuid4) -> DisclosureVersion:
    """Add the next version of a disclosure (the old ones stay as they are); the
    caller commits. ``draft`` is the whole content of the new version."""
    if not reason.strip():
        raise ValidationError("訂正・変更の理由を入力してください。", field="reason")
    draft = replace(draft, reason=reason)
    _validate(draft)
    number = session.exec(select(Disclosure.number).where(Disclosure.id == disclosure_id)).first()
    if number is None:
        raise NotFoundError(f"開示が見つかりません: {disclosure_id}")
    latest = session.exec(
        select(func.max(DisclosureVersion.version))
        .where(DisclosureVersion.disclosure_id == disclosure_id)
    ).one()
    previous = _latest_payload(session, disclosure_id)
    proposed = json.loads(canonical_payload(_content(draft, number, (latest or 0) + 1)))
    if previous is not None and _substance(previous) == _substance(proposed):
        raise KnownError("前の版から変更がありません。新しい版は作りませんでした。")
    return _add_version(session, disclosure_id=disclosure_id, number=number,
                        version=(latest or 0) + 1, draft=draft, at=at, new_id=new_id)


def declare(*, session: Session, draft: DisclosureDraft) -> uuid.UUID:
    """Record a new disclosure as its first version, chained to the register's head."""
    version = record_declaration(session=session, draft=draft)
    session.commit()
    return version.disclosure_id


def amend(*, session: Session, disclosure_id: uuid.UUID, draft: DisclosureDraft,
          reason: str) -> uuid.UUID:
    """Record an amendment as a new version; returns the new version's id."""
    version = record_amendment(session=session, disclosure_id=disclosure_id, draft=draft,
                               reason=reason)
    session.commit()
    return version.id


def list_disclosures(*, session: Session) -> list[DisclosureLine]:
    """The register: the latest version of every disclosure, by number."""
    latest = (
        select(DisclosureVersion.disclosure_id, func.max(DisclosureVersion.version).label("v"))
        .group_by(col(DisclosureVersion.disclosure_id))
        .subquery()
    )
    rows = session.exec(
        select(Disclosure.number, DisclosureVersion)
        .join(Disclosure, col(Disclosure.id) == DisclosureVersion.disclosure_id)
        .join(latest, (latest.c.disclosure_id == DisclosureVersion.disclosure_id)
              & (latest.c.v == DisclosureVersion.version))
        .order_by(col(Disclosure.number))
    )
    return [
        DisclosureLine(
            disclosure_id=v.disclosure_id, number=number, version=v.version,
            kind=DisclosureKind(v.kind), counterpart_name=v.counterpart_name,
            amount_yen=v.amount_yen, share_percent=v.share_percent, role_title=v.role_title,
            started_on=v.started_on, ended_on=v.ended_on, declared_on=v.declared_on,
            mitigation=v.mitigation, status=DisclosureStatus(v.status),
        )
        for number, v in rows
    ]
