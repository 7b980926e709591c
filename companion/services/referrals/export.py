"""Making a referral package (引き継ぎパッケージを作成): what the dialog offers for one
engagement (``referral_source``), what the package carries (``ReferralChoice``), the
business owner's consent (``Consent``), and ``export_referral``, which seals the client,
the engagement, its plan, KPIs, the visits chosen and their files, and records what was
withheld (counts, never contents; lines marked 【非開示】 stay with the sender).
"""

from __future__ import annotations

import base64
import json
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, func, select

from companion.atomic import write_atomically
from companion.db.database import Database
from companion.db.models import (
    Attachment,
    Client,
    Engagement,
    Kpi,
    KpiActual,
    KpiTarget,
    PlanBaseline,
    PlanItem,
    ReferralSent,
    ReportNarrative,
    Visit,
    VisitAction,
)
from companion.db.types import utcnow
from companion.errors import EngagementNotFound, KnownError, ValidationError
from companion.review import referral_package as package_format
from companion.review.keys import fingerprint
from companion.review.referral_package import (
    ContactCard,
)
from companion.services.attachments import store_for
from companion.services.referrals.card import required_name
from companion.services.register import current_signing_key

CONTENTS_VERSION = 1


PRIVATE_MARK = "【非開示】"  # a line not to leave the practitioner (as reports.builder)


CONSENT_SCOPE_LIMIT = 500


CONSENT_HOW_LIMIT = 100


# The files a package can carry: base64 makes them a third larger, and the package is
# at most referral_package.MAX_PACKAGE_BYTES.
MAX_ATTACHMENT_BYTES = package_format.MAX_PACKAGE_BYTES * 2 // 3


@dataclass(frozen=True)
class ReferralChoice:
    """What the package carries: the client and the engagement always; ``visit_ids``
    None = every saved visit, () = none."""

    visit_ids: tuple[uuid.UUID, ...] | None = None
    attachments: bool = True
    kpis: bool = True
    plan: bool = True


@dataclass(frozen=True)
class Consent:
    """The business owner's consent to the referral (事業者の同意)."""

    given_on: date | None
    scope: str  # 同意の範囲
    how: str  # 同意の方法: 口頭 / 書面 / メール …


def _checked_consent(consent: Consent, *, today: date) -> Consent:
    if consent.given_on is None:
        raise ValidationError("事業者の同意を得た日を入力してください。", field="consent_date",
                              hint="引き継ぎには事業者の同意が必要です。")
    if consent.given_on > today:
        raise ValidationError("同意を得た日が未来の日付です: {day}", field="consent_date",
                              day=consent.given_on.isoformat())
    scope, how = consent.scope.strip(), " ".join(consent.how.split())
    if not scope:
        raise ValidationError("同意の範囲を入力してください(例: 訪問記録と計画を○○センターへ引き継ぐこと)。",
                              field="consent_scope")
    if not how:
        raise ValidationError("同意の方法を入力してください(例: 口頭、書面、メール)。",
                              field="consent_how")
    for text, limit, label, key in ((scope, CONSENT_SCOPE_LIMIT, "同意の範囲", "consent_scope"),
                                    (how, CONSENT_HOW_LIMIT, "同意の方法", "consent_how")):
        if len(text) > limit:
            raise ValidationError("{label}は{limit}文字以内にしてください(いま{count}文字)。",
                                  field=key, label=label, limit=limit, count=len(text))
    return Consent(given_on=consent.given_on, scope=scope, how=how)


@dataclass(frozen=True)
class VisitChoice:
    id: uuid.UUID
    started_at: datetime
    purpose: str
    attachments: int


@dataclass(frozen=True)
class SentLine:
    referred_at: datetime
    recipient: str
    by_passphrase: bool
    file_name: str


@dataclass(frozen=True)
class ReferralSource:
    """What the dialog offers for one engagement."""

    engagement_id: uuid.UUID
    title: str
    client_name: str
    visits: list[VisitChoice]
    plan_items: int
    kpis: int
    attachments: int  # of the engagement itself (not of a visit)
    sent: list[SentLine]


def referral_source(*, session: Session, engagement_id: uuid.UUID) -> ReferralSource:
    engagement = _engagement(session, engagement_id)
    client = session.get(Client, engagement.client_id)
    counts = dict(session.exec(
        select(Attachment.visit_id, func.count()).join(Visit, col(Visit.id) == Attachment.visit_id)
        .where(Visit.engagement_id == engagement_id).group_by(col(Attachment.visit_id))).all())
    visits = [VisitChoice(id=v.id, started_at=v.started_at, purpose=v.purpose,
                          attachments=counts.get(v.id, 0))
              for v in _saved_visits(session, engagement_id)]
    return ReferralSource(
        engagement_id=engagement_id, title=engagement.title,
        client_name=client.name if client else "", visits=visits,
        plan_items=_count(session, PlanItem, PlanItem.engagement_id == engagement_id),
        kpis=_count(session, Kpi, Kpi.engagement_id == engagement_id),
        attachments=_count(session, Attachment, Attachment.engagement_id == engagement_id),
        sent=[SentLine(referred_at=row.referred_at, recipient=row.recipient_label,
                       by_passphrase=row.by_passphrase, file_name=row.file_name)
              for row in sent_rows(session, engagement_id)])


def _engagement(session: Session, engagement_id: uuid.UUID) -> Engagement:
    engagement = session.get(Engagement, engagement_id)
    if engagement is None:
        raise EngagementNotFound(engagement_id)
    return engagement


def _count(session: Session, model: Any, *where: Any) -> int:
    return int(session.exec(select(func.count()).select_from(model).where(*where)).one())


def _saved_visits(session: Session, engagement_id: uuid.UUID) -> list[Visit]:
    return list(session.exec(
        select(Visit).where(Visit.engagement_id == engagement_id, col(Visit.is_draft).is_(False))
        .order_by(col(Visit.started_at), col(Visit.id))))


def sent_rows(session: Session, engagement_id: uuid.UUID) -> list[ReferralSent]:
    return list(session.exec(select(ReferralSent).where(ReferralSent.engagement_id == engagement_id)
                             .order_by(col(ReferralSent.referred_at))))


# -- making the package -------------------------------------------------------------------

def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _moment(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat() if value else None


def _shared(text: str) -> tuple[str, int]:
    """The text without its lines marked 【非開示】, and how many were left out."""
    lines = text.splitlines()
    kept = [line for line in lines if PRIVATE_MARK not in line]
    return ("\n".join(kept) if len(kept) != len(lines) else text), len(lines) - len(kept)


@dataclass(frozen=True)
class Withheld:
    """What stayed with the sender (counts, never contents)."""

    visits: int = 0
    drafts: int = 0
    attachments: int = 0
    plan_items: int = 0
    plan_baselines: int = 0
    kpis: int = 0
    report_narratives: int = 0
    private_lines: int = 0
    fee_terms: bool = False
    sponsor: bool = False

    def as_dict(self) -> dict[str, int | bool]:
        return dict(self.__dict__)

    @classmethod
    def from_dict(cls, data: Any) -> Withheld:
        if not isinstance(data, dict):
            raise ValueError("withheld")
        known = {key: data[key] for key in cls.__dataclass_fields__ if key in data}
        for key, value in known.items():
            if not isinstance(value, bool | int):
                raise ValueError(f"withheld.{key}")
        return cls(**known)


@dataclass(frozen=True)
class Included:
    visits: int
    attachments: int
    plan_items: int
    kpis: int


@dataclass(frozen=True)
class ReferralExported:
    path: Path
    package_id: str
    recipient: str  # "佐藤 みのり(ゆざわ-Biz)" or パスフレーズ
    by_passphrase: bool
    fingerprint: str  # the sender's
    included: Included
    withheld: Withheld


def export_referral(*, session: Session, database: Database, engagement_id: uuid.UUID,
                    choice: ReferralChoice, consent: Consent, out: Path, sender_name: str,
                    sender_organisation: str, recipient: ContactCard | None = None,
                    passphrase: str | None = None, today: date | None = None,
                    now: datetime | None = None) -> ReferralExported:
    """引き継ぎパッケージを作成: one file for the receiving practitioner; the engagement
    records when and to whom it was referred. Nothing is written when anything is wrong."""
    if (recipient is None) == (passphrase is None):
        raise ValidationError("相手の連絡先カードか、パスフレーズのどちらかを指定してください。",
                              field="recipient")
    if passphrase is not None:
        package_format.check_passphrase(passphrase)
    moment = (now or utcnow()).astimezone(UTC)
    consent = _checked_consent(consent, today=today or date.today())
    sender_name = required_name(sender_name)
    sender_organisation = " ".join(sender_organisation.split())
    engagement = _engagement(session, engagement_id)
    client = session.get(Client, engagement.client_id)
    assert client is not None
    package_id = uuid.uuid4().hex
    contents, included, withheld = _contents(session, database, engagement, client, choice)
    identity = current_signing_key(session=session)
    contents.update({
        "format": package_format.CONTENTS_FORMAT, "version": CONTENTS_VERSION,
        "package_id": package_id, "made_at": moment.isoformat(),
        "sender": {"name": sender_name, "organisation": sender_organisation,
                   "fingerprint": fingerprint(identity.public_key()),
                   "engagement_id": str(engagement.id)},
        "consent": {"given_on": _day(consent.given_on), "scope": consent.scope, "how": consent.how},
        "withheld": withheld.as_dict(),
    })
    data = package_format.seal(contents, sender=identity, sender_name=sender_name,
                               sender_organisation=sender_organisation, package_id=package_id,
                               made_at=moment.isoformat(), to_card=recipient,
                               passphrase=passphrase)
    label = recipient.label if recipient is not None else ""
    session.add(ReferralSent(
        engagement_id=engagement.id, package_id=uuid.UUID(package_id), referred_at=moment,
        recipient_name=recipient.name if recipient else "",
        recipient_organisation=recipient.organisation if recipient else "",
        recipient_fingerprint=recipient.identity_fingerprint if recipient else "",
        by_passphrase=recipient is None, consent_on=consent.given_on or moment.date(),
        consent_scope=consent.scope, consent_how=consent.how, file_name=out.name,
        contents=json.dumps({"included": included.__dict__, "withheld": withheld.as_dict()},
                            ensure_ascii=False, sort_keys=True)))
    session.flush()
    write_atomically(out, data)
    session.commit()
    return ReferralExported(path=out, package_id=package_id, recipient=label,
                            by_passphrase=recipient is None,
                            fingerprint=fingerprint(identity.public_key()),
                            included=included, withheld=withheld)


def _contents(session: Session, database: Database, engagement: Engagement, client: Client,
              choice: ReferralChoice) -> tuple[dict[str, Any], Included, Withheld]:
    private_lines = 0

    def shared(text: str) -> str:
        nonlocal private_lines
        kept, dropped = _shared(text)
        private_lines += dropped
        return kept

    saved = _saved_visits(session, engagement.id)
    by_id = {visit.id: visit for visit in saved}
    if choice.visit_ids is None:
        chosen = saved
    else:
        missing = [str(v) for v in choice.visit_ids if v not in by_id]
        if missing:
            raise ValidationError("この案件の訪問記録ではありません(または下書きです): {ids}",
                                  field="visits", ids=", ".join(missing),
                                  hint="companion list visits --engagement 案件ID で訪問記録IDを確認してください。")
        wanted = set(choice.visit_ids)
        chosen = [visit for visit in saved if visit.id in wanted]
    chosen_ids = {visit.id for visit in chosen}
    drafts = _count(session, Visit, Visit.engagement_id == engagement.id, col(Visit.is_draft).is_(True))

    plan_rows = list(session.exec(select(PlanItem).where(PlanItem.engagement_id == engagement.id)
                                  .order_by(col(PlanItem.fiscal_year), col(PlanItem.position))))
    plan = [{"id": str(item.id), "parent_id": str(item.parent_id) if item.parent_id else None,
             "level": item.level.name, "fiscal_year": item.fiscal_year, "position": item.position,
             "title": item.title, "owner": item.owner.name, "due_on": _day(item.due_on),
             "status": item.status.name, "progress": item.progress, "notes": shared(item.notes)}
            for item in plan_rows] if choice.plan else []

    kpi_rows = list(session.exec(select(Kpi).where(Kpi.engagement_id == engagement.id)
                                 .order_by(col(Kpi.position), col(Kpi.name))))
    kpis = []
    if choice.kpis:
        for kpi in kpi_rows:
            targets = session.exec(select(KpiTarget).where(KpiTarget.kpi_id == kpi.id)
                                   .order_by(col(KpiTarget.fiscal_year)))
            actuals = session.exec(select(KpiActual).where(KpiActual.kpi_id == kpi.id)
                                   .order_by(col(KpiActual.period_start)))
            kpis.append({
                "name": kpi.name, "unit": kpi.unit, "direction": kpi.direction.name,
                "aggregation": kpi.aggregation.name, "baseline": kpi.baseline,
                "baseline_on": _day(kpi.baseline_on), "position": kpi.position,
                "targets": [{"fiscal_year": t.fiscal_year, "value": t.value} for t in targets],
                "actuals": [{"period_start": a.period_start.isoformat(),
                             "granularity": a.granularity.name, "value": a.value}
                            for a in actuals]})

    sent_plan = {item["id"] for item in plan}
    visits = []
    for visit in chosen:
        actions = session.exec(select(VisitAction).where(VisitAction.visit_id == visit.id)
                               .order_by(col(VisitAction.created_at), col(VisitAction.id)))
        visits.append({
            "id": str(visit.id), "started_at": _moment(visit.started_at),
            "ended_at": _moment(visit.ended_at), "mode": visit.mode.name, "place": visit.place,
            "attendees": visit.attendees, "purpose": shared(visit.purpose),
            "notes": shared(visit.notes), "strengths": shared(visit.strengths),
            "issues": shared(visit.issues), "decisions": shared(visit.decisions),
            "follow_up_on": _day(visit.follow_up_on),
            "follow_up_done_at": _moment(visit.follow_up_done_at),
            "distance_km": visit.distance_km,
            "actions": [{"text": shared(a.text), "owner": a.owner.name, "due_on": _day(a.due_on),
                         "done_at": _moment(a.done_at),
                         "plan_item_id": (str(a.plan_item_id) if a.plan_item_id
                                          and str(a.plan_item_id) in sent_plan else None)}
                        for a in actions]})

    files = list(session.exec(
        select(Attachment).where(col(Attachment.engagement_id) == engagement.id)
        .order_by(col(Attachment.created_at), col(Attachment.id))))
    files += list(session.exec(
        select(Attachment).join(Visit, col(Visit.id) == Attachment.visit_id)
        .where(Visit.engagement_id == engagement.id, col(Visit.is_draft).is_(False))
        .order_by(col(Attachment.created_at), col(Attachment.id))))
    goes = [a for a in files if choice.attachments
            and (a.visit_id is None or a.visit_id in chosen_ids)]
    total = sum(attachment.size_bytes for attachment in goes)
    if total > MAX_ATTACHMENT_BYTES:  # base64 inside the package: a third more
        raise KnownError("添付ファイルが大きすぎて引き継ぎパッケージに入りません(合計 {size} MiB、上限 {limit} MiB)。",
                         size=total // package_format.MiB,
                         limit=MAX_ATTACHMENT_BYTES // package_format.MiB,
                         hint="添付ファイルを含めないか、訪問記録を選んで小さくしてください。")
    attachments = []
    if goes:
        store = store_for(database)
        for attachment in goes:
            buffer = _Buffer()
            store.read_into(attachment.sha256, buffer)
            attachments.append({
                "file_name": attachment.file_name, "media_type": attachment.media_type,
                "size_bytes": attachment.size_bytes, "sha256": attachment.sha256,
                "visit_id": str(attachment.visit_id) if attachment.visit_id else None,
                "content": base64.b64encode(bytes(buffer.data)).decode("ascii")})

    contents: dict[str, Any] = {
        "client": {"name": client.name, "kana": client.kana, "industry": client.industry,
                   "prefecture": client.prefecture, "city": client.city,
                   "representative": client.representative, "employees": client.employees,
                   "founded_on": _day(client.founded_on), "contact": client.contact,
                   "notes": shared(client.notes)},
        "engagement": {"title": engagement.title, "scheme": engagement.scheme.name,
                       "status": engagement.status.name,
                       "start_on": engagement.start_on.isoformat(),
                       "planned_end_on": _day(engagement.planned_end_on),
                       "essential_issue": shared(engagement.essential_issue)},
        "plan": plan, "kpis": kpis, "visits": visits, "attachments": attachments,
    }
    withheld = Withheld(
        visits=len(saved) - len(chosen), drafts=drafts, attachments=len(files) - len(goes),
        plan_items=0 if choice.plan else len(plan_rows),
        plan_baselines=_count(session, PlanBaseline, PlanBaseline.engagement_id == engagement.id),
        kpis=0 if choice.kpis else len(kpi_rows),
        report_narratives=_count(session, ReportNarrative,
                                 ReportNarrative.engagement_id == engagement.id),
        private_lines=private_lines,
        fee_terms=bool(engagement.fee_terms.strip() or engagement.fee_amount_yen is not None),
        sponsor=engagement.sponsor_id is not None)
    included = Included(visits=len(visits), attachments=len(attachments), plan_items=len(plan),
                        kpis=len(kpis))
    return contents, included, withheld


class _Buffer:
    def __init__(self) -> None:
        self.data = bytearray()

    def write(self, data: bytes, /) -> int:
        self.data += data
        return len(data)
