"""Disclosures of interest: declaring them and reading the register."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, col, func, select

from companion.db.models import Disclosure, DisclosureEngagement, DisclosureVersion
from companion.domain.disclosure_chain import canonical_bytes, chain_hash
from companion.domain.enums import DisclosureKind, DisclosureStatus
from companion.errors import ValidationError


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


def _chain_head(session: Session) -> str:
    latest = session.exec(
        select(DisclosureVersion.content_hash)
        .order_by(col(DisclosureVersion.created_at).desc(), col(DisclosureVersion.id).desc())
        .limit(1)
    ).first()
    return latest or ""


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


def declare(*, session: Session, draft: DisclosureDraft) -> uuid.UUID:
    """Record a new disclosure as its first version, chained to the register's head."""
    _validate(draft)
    number = (session.exec(select(func.max(Disclosure.number))).one() or 0) + 1
    disclosure = Disclosure(number=number)
    content = canonical_bytes(_content(draft, number, 1))
    previous = _chain_head(session)
    version = DisclosureVersion(
        disclosure_id=disclosure.id, version=1, kind=draft.kind,
        counterpart_client_id=draft.counterpart_client_id,
        counterpart_name=draft.counterpart_name, amount_yen=draft.amount_yen,
        share_percent=draft.share_percent, role_title=draft.role_title,
        started_on=draft.started_on, ended_on=draft.ended_on, declared_on=draft.declared_on,
        description=draft.description, mitigation=draft.mitigation, status=draft.status,
        reason=draft.reason, canonical_content=content.decode(),
        content_hash=chain_hash(previous, content), previous_hash=previous,
    )
    session.add(disclosure)
    session.add(version)
    session.add_all(
        DisclosureEngagement(version_id=version.id, engagement_id=engagement_id)
        for engagement_id in draft.engagement_ids
    )
    session.commit()
    return disclosure.id


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
