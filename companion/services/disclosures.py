"""Disclosures of interest: declaring and amending them, and reading the register.

The register is append-only: an amendment is a new version and the old one stays.
Every version is an entry in the practitioner's hash-chained register log
(services/register.py), so removing or editing one breaks the chain after it, and
its content hash is the SHA-256 of the exact text that entry holds.
``record_*`` add to the caller's transaction (the demo records hundreds in one);
``declare``, ``amend``, ``end_interest`` and ``recertify`` are the use cases that
commit. The rest reads: the register, one disclosure's history, what the form offers,
and the reviews received.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, func, select

from companion.db.models import (
    Client,
    Disclosure,
    DisclosureEngagement,
    DisclosureVersion,
    Engagement,
    ExportedBundle,
    LogEntry,
    Review,
    ReviewerKey,
    ReviewFinding,
    SigningKey,
)
from companion.db.reads import driver_connection
from companion.db.reads.disclosures import DisclosureLine as DisclosureLine
from companion.db.reads.disclosures import disclosure_lines
from companion.db.types import utcnow
from companion.domain.calendar import fiscal_year_of
from companion.domain.disclosure_diff import FieldChange, diff_versions
from companion.domain.enums import DisclosureKind, DisclosureStatus, EngagementStatus
from companion.domain.red_flags import RedFlag
from companion.domain.register_log import (
    KIND_DISCLOSURE,
    canonical_payload,
    content_hash,
    substance_of,
)
from companion.errors import KnownError, NotFoundError, ValidationError
from companion.review.checkpoint import parse_checkpoint
from companion.review.response import parse_response
from companion.services.red_flags import compute_red_flags
from companion.services.register import append_entry, current_signing_key, written_for_next
from companion.services.session import current_device

# The reason of the version an annual re-certification adds (see ``recertify``).
RECERTIFY_REASON = "年次確認(変更なし)"


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


def _validate(draft: DisclosureDraft) -> None:
    if not draft.counterpart_name.strip():
        raise ValidationError("相手先を入力してください。", field="counterpart_name")
    if draft.ended_on and draft.ended_on < draft.started_on:
        raise ValidationError("終了日が開始日より前です。", field="ended_on")
    if draft.share_percent is not None and not 0 <= draft.share_percent <= 100:
        raise ValidationError("持分比率は0〜100%で入力してください。", field="share_percent")
    if draft.amount_yen is not None and draft.amount_yen < 0:
        raise ValidationError("金額は0円以上で入力してください。", field="amount_yen")
    if draft.status is DisclosureStatus.ENDED and draft.ended_on is None:
        raise ValidationError("終了した関与には終了日を入力してください。", field="ended_on")


def validate_draft(draft: DisclosureDraft) -> None:
    """What every draft must satisfy (ValidationError otherwise); also checked when a
    change written on a device that does not keep the register is recorded and sealed
    (services.sync.register_keeper)."""
    _validate(draft)


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


def _add_version(session: Session, *, disclosure_id: uuid.UUID, number: int, version: int,
                 draft: DisclosureDraft, at: datetime | None,
                 new_id: Callable[[], uuid.UUID]) -> DisclosureVersion:
    """Add one version and its register entry, without committing."""
    today = written_for_next(session, at)[:10]  # the day in Japan, by the device clock
    if draft.declared_on.isoformat() > today:
        raise ValidationError("申告日に未来の日付({declared_on})は指定できません。今日({today})"
                              "までの日付を入力してください。", field="declared_on",
                              declared_on=draft.declared_on.isoformat(), today=today)
    if session.exec(select(LogEntry.id).limit(1)).first() is None:
        current_signing_key(session=session, at=at)  # the log opens with the practitioner's key
    written_at = written_for_next(session, at)
    version_id = new_id()
    content = {**_content(draft, number, version), "disclosure_id": disclosure_id.hex,
               "version_id": version_id.hex, "written_at": written_at}
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
    # Display only, unique per issuing device (see Disclosure): one past the highest here.
    number = (session.exec(select(func.max(Disclosure.number))).one() or 0) + 1
    stamp = at or utcnow()
    disclosure = Disclosure(id=new_id(), number=number, device_id=current_device(session),
                            created_at=stamp, updated_at=stamp)
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
        raise NotFoundError("開示が見つかりません: {id}", id=disclosure_id)
    latest = session.exec(
        select(func.max(DisclosureVersion.version))
        .where(DisclosureVersion.disclosure_id == disclosure_id)
    ).one()
    previous = _latest_payload(session, disclosure_id)
    proposed = json.loads(canonical_payload(_content(draft, number, (latest or 0) + 1)))
    if previous is not None and substance_of(previous) == substance_of(proposed):
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
    """The register: the latest version of every disclosure, by number
    (``db.reads.disclosures.disclosure_lines``)."""
    return disclosure_lines(driver_connection(session))


@dataclass(frozen=True)
class NumberedFlag:
    """A red flag with the numbers of the disclosures it names, as the register shows it."""

    flag: RedFlag
    numbers: tuple[int, ...]


@dataclass(frozen=True)
class RegisterOverview:
    """The 開示 page: the register and the red flags the rules find in it."""

    lines: list[DisclosureLine]
    flags: list[NumberedFlag]


def _numbered(flags: list[RedFlag], lines: list[DisclosureLine]) -> list[NumberedFlag]:
    numbers = {line.disclosure_id: line.number for line in lines}
    return [NumberedFlag(flag, tuple(sorted(numbers[d] for d in flag.disclosure_ids
                                            if d in numbers)))
            for flag in flags]


def register_overview(*, session: Session, today: date) -> RegisterOverview:
    """The register with its red flags, read in one transaction."""
    lines = list_disclosures(session=session)
    return RegisterOverview(lines, _numbered(compute_red_flags(session=session, today=today),
                                             lines))


def numbered_red_flags(*, session: Session, today: date,
                       engagement_id: uuid.UUID | None = None) -> list[NumberedFlag]:
    """The red flags (ホーム, 開示), or those naming ``engagement_id`` (an engagement's
    page), with the numbers of the disclosures they name."""
    flags = compute_red_flags(session=session, today=today)
    if engagement_id is not None:
        flags = [flag for flag in flags if engagement_id in flag.engagement_ids]
    return _numbered(flags, list_disclosures(session=session))


# -- the form: what it offers, and the current content of a disclosure -------------------

@dataclass(frozen=True)
class ClientChoice:
    id: uuid.UUID
    name: str


@dataclass(frozen=True)
class EngagementChoice:
    id: uuid.UUID
    title: str
    client_id: uuid.UUID
    client_name: str
    status: EngagementStatus


@dataclass(frozen=True)
class FormChoices:
    clients: list[ClientChoice]
    engagements: list[EngagementChoice]  # open ones first, then by client


def form_choices(*, session: Session) -> FormChoices:
    """The supported businesses and engagements a disclosure may name."""
    clients = [ClientChoice(c.id, c.name) for c in session.exec(
        select(Client).where(col(Client.archived).is_(False)).order_by(col(Client.kana), col(Client.name)))]
    rows = session.exec(
        select(Engagement, Client.name).join(Client, col(Client.id) == Engagement.client_id)
        .where(col(Engagement.archived).is_(False))
    ).all()
    engagements = sorted(
        (EngagementChoice(e.id, e.title, e.client_id, name, EngagementStatus(e.status))
         for e, name in rows),
        key=lambda e: (not e.status.is_open, e.client_name, e.title))
    return FormChoices(clients, engagements)


def _latest_version(session: Session, disclosure_id: uuid.UUID) -> tuple[int, DisclosureVersion]:
    row = session.exec(
        select(Disclosure.number, DisclosureVersion)
        .join(Disclosure, col(Disclosure.id) == DisclosureVersion.disclosure_id)
        .where(DisclosureVersion.disclosure_id == disclosure_id)
        .order_by(col(DisclosureVersion.version).desc()).limit(1)
    ).first()
    if row is None:
        raise NotFoundError("開示が見つかりません: {id}", id=disclosure_id)
    return row


def _draft_of(session: Session, version: DisclosureVersion) -> DisclosureDraft:
    engagement_ids = tuple(sorted(session.exec(
        select(DisclosureEngagement.engagement_id)
        .where(DisclosureEngagement.version_id == version.id)).all(), key=lambda e: e.hex))
    return DisclosureDraft(
        kind=DisclosureKind(version.kind), counterpart_name=version.counterpart_name,
        counterpart_client_id=version.counterpart_client_id, started_on=version.started_on,
        declared_on=version.declared_on, amount_yen=version.amount_yen,
        share_percent=version.share_percent, role_title=version.role_title,
        ended_on=version.ended_on, description=version.description,
        mitigation=version.mitigation, status=DisclosureStatus(version.status),
        reason=version.reason, engagement_ids=engagement_ids,
    )


def current_draft(*, session: Session, disclosure_id: uuid.UUID) -> DisclosureDraft:
    """The content of a disclosure's latest version, to start an amendment from."""
    _number, version = _latest_version(session, disclosure_id)
    return _draft_of(session, version)


@dataclass(frozen=True)
class DisclosureForm:
    """What the disclosure form opens with: its choices, and the content to amend
    (None: a new declaration)."""

    choices: FormChoices
    draft: DisclosureDraft | None


def disclosure_form(*, session: Session, disclosure_id: uuid.UUID | None = None
                    ) -> DisclosureForm:
    draft = current_draft(session=session, disclosure_id=disclosure_id) if disclosure_id else None
    return DisclosureForm(form_choices(session=session), draft)


# -- ending an interest, and the annual re-certification ---------------------------------

def end_interest(*, session: Session, disclosure_id: uuid.UUID, ended_on: date, reason: str,
                 today: date) -> uuid.UUID:
    """Record that an interest has ended: a new version with the end date and the
    reason, never a delete (the earlier versions and their reviews stay). Returns the
    new version's id."""
    number, version = _latest_version(session, disclosure_id)
    if DisclosureStatus(version.status) is DisclosureStatus.ENDED:
        raise KnownError("開示{number}は既に終了しています。", number=number,
                         hint="終了日を直すときは「変更」で新しい版を作ってください。")
    if ended_on > today:
        raise ValidationError("終了日に未来の日付は指定できません。関与が終わってから記録してください。",
                              field="ended_on")
    draft = replace(_draft_of(session, version), ended_on=ended_on,
                    status=DisclosureStatus.ENDED, declared_on=today)
    new = record_amendment(session=session, disclosure_id=disclosure_id, draft=draft,
                           reason=reason)
    session.commit()
    return new.id


def _needs_recertification(line: DisclosureLine, reason: str, today: date) -> bool:
    if line.status not in (DisclosureStatus.DISCLOSED, DisclosureStatus.REVIEWED):
        return False  # drafts are not declared yet; ended interests need no confirmation
    if line.ended_on is not None and line.ended_on < today:
        return False
    already = reason == RECERTIFY_REASON and fiscal_year_of(line.declared_on) == fiscal_year_of(today)
    return not already


def recertification_candidates(*, session: Session, today: date) -> list[DisclosureLine]:
    """The active disclosures an annual 「今年度は変更なし」 would confirm: declared,
    not ended, and not already confirmed in this fiscal year (April to March)."""
    lines = list_disclosures(session=session)
    reasons = dict(session.exec(
        select(DisclosureVersion.id, DisclosureVersion.reason)
        .where(col(DisclosureVersion.id).in_([line.version_id for line in lines]))).all())
    return [line for line in lines
            if line.version_id is not None
            and _needs_recertification(line, reasons.get(line.version_id, ""), today)]


@dataclass(frozen=True)
class Recertified:
    numbers: list[int]
    version_ids: list[uuid.UUID]


def recertify(*, session: Session, today: date,
              disclosure_ids: Sequence[uuid.UUID] | None = None) -> Recertified:
    """「今年度は変更なし」: carry every active disclosure forward as a confirmed version.

    ``amend`` refuses a version whose substance equals the one before, because a silent
    re-save would look to a reviewer like an amendment that changed nothing (and would
    bury the real history under noise). An annual confirmation is a different act: the
    practitioner states, on ``today``, that the interest is still exactly as declared.
    That statement is worth a version of its own (a reviewer sees that the register was
    kept up to date), so it is added here on purpose, through ``_add_version`` directly,
    and can only carry ``RECERTIFY_REASON``; the content and status stay as they were
    and only the declaration date is today.

    ``disclosure_ids`` are the ones shown to the user; if the candidates changed since
    (another window, a second click), nothing is recorded.
    """
    candidates = recertification_candidates(session=session, today=today)
    if not candidates:
        raise KnownError("今年度に確認が必要な開示はありません。",
                         hint="終了した開示と、今年度すでに確認した開示は対象になりません。")
    if disclosure_ids is not None and set(disclosure_ids) != {c.disclosure_id for c in candidates}:
        raise KnownError("確認の対象が表示したときから変わりました。何も記録していません。",
                         hint="もう一度「今年度は変更なし」を開いて確認してください。")
    version_ids = []
    for line in candidates:
        _number, latest = _latest_version(session, line.disclosure_id)
        draft = replace(_draft_of(session, latest), declared_on=today, reason=RECERTIFY_REASON)
        row = _add_version(session, disclosure_id=line.disclosure_id, number=line.number,
                           version=latest.version + 1, draft=draft, at=None, new_id=uuid.uuid4)
        version_ids.append(row.id)
    session.commit()
    return Recertified([c.number for c in candidates], version_ids)


def record_recertification(*, session: Session, disclosure_id: uuid.UUID, today: date,
                           at: datetime | None = None) -> DisclosureVersion:
    """One disclosure's annual confirmation (see ``recertify``), written ``at`` (a
    pending confirmation sealed by the register keeper is dated when it was written);
    refused when the disclosure no longer needs one. The caller commits."""
    line = next((c for c in recertification_candidates(session=session, today=today)
                 if c.disclosure_id == disclosure_id), None)
    if line is None:
        raise KnownError("この開示は今年度の確認の対象ではありません(終了済み、または確認済み)。")
    _number, latest = _latest_version(session, disclosure_id)
    draft = replace(_draft_of(session, latest), declared_on=today, reason=RECERTIFY_REASON)
    return _add_version(session, disclosure_id=disclosure_id, number=line.number,
                        version=latest.version + 1, draft=draft, at=at, new_id=uuid.uuid4)


# -- one disclosure's history ------------------------------------------------------------

@dataclass(frozen=True)
class FindingLine:
    finding: str
    reviewer: str
    reviewed_on: date
    conditions: str
    comment: str
    hash_matches: bool  # the version still reads as the reviewer saw it


@dataclass(frozen=True)
class VersionRecord:
    version_id: uuid.UUID
    version: int
    declared_on: date
    reason: str
    status: str
    content: dict[str, Any]  # the register payload, exactly as hashed into the log
    content_hash: str
    findings: tuple[FindingLine, ...]


@dataclass(frozen=True)
class DisclosureHistory:
    disclosure_id: uuid.UUID
    number: int
    versions: list[VersionRecord]  # oldest first
    names: dict[str, str]  # engagement and client ids (hex) -> names, for the diff

    def changes(self, index: int) -> list[FieldChange]:
        """What version ``index`` (0-based) changed from the one before."""
        previous = self.versions[index - 1].content if index > 0 else None
        return diff_versions(previous, self.versions[index].content, names=self.names)


def id_names(*, session: Session) -> dict[str, str]:
    """Engagement and client ids (hex) -> how a person names them."""
    names = {c.id.hex: c.name for c in session.exec(select(Client))}
    for engagement, client in session.exec(
            select(Engagement, Client.name).join(Client, col(Client.id) == Engagement.client_id)):
        names[engagement.id.hex] = f"{engagement.title}({client})"
    return names


def disclosure_history(*, session: Session, disclosure_id: uuid.UUID) -> DisclosureHistory:
    number = session.exec(select(Disclosure.number).where(Disclosure.id == disclosure_id)).first()
    if number is None:
        raise NotFoundError("開示が見つかりません: {id}", id=disclosure_id)
    rows = session.exec(
        select(DisclosureVersion, LogEntry.payload)
        .join(LogEntry, col(LogEntry.seq) == DisclosureVersion.log_seq)
        .where(DisclosureVersion.disclosure_id == disclosure_id)
        .order_by(col(DisclosureVersion.version))
    ).all()
    findings: dict[uuid.UUID, list[FindingLine]] = {}
    for finding, review in session.exec(
        select(ReviewFinding, Review).join(Review, col(Review.id) == ReviewFinding.review_id)
        .where(col(ReviewFinding.version_id).in_([v.id for v, _payload in rows]))
        .order_by(col(Review.reviewed_on))
    ):
        version = next(v for v, _payload in rows if v.id == finding.version_id)
        findings.setdefault(finding.version_id, []).append(FindingLine(
            str(finding.finding), review.reviewer, review.reviewed_on, finding.conditions,
            finding.comment, finding.reviewed_hash == version.content_hash))
    versions = [
        VersionRecord(v.id, v.version, v.declared_on, v.reason, str(v.status), json.loads(payload),
                      v.content_hash, tuple(findings.get(v.id, [])))
        for v, payload in rows
    ]
    return DisclosureHistory(disclosure_id, number, versions, id_names(session=session))


# -- reviews: the bundles sent and the responses received --------------------------------

@dataclass(frozen=True)
class SentBundle:
    created_at: datetime
    file_name: str
    manifest_sha256: str
    records: int  # entries of the register the bundle's checkpoint covers
    reviewed: bool  # a response to it has been imported


@dataclass(frozen=True)
class ReceivedFinding:
    number: int
    version: int
    finding: str
    conditions: str
    comment: str
    hash_matches: bool


@dataclass(frozen=True)
class ReceivedReview:
    review_id: uuid.UUID
    reviewer: str
    organisation: str
    fingerprint: str
    reviewed_on: date
    imported_at: datetime
    comment: str
    findings: tuple[ReceivedFinding, ...]


@dataclass(frozen=True)
class ReviewOverview:
    bundles: list[SentBundle]  # newest first
    reviews: list[ReceivedReview]  # newest first
    signing_fingerprint: str | None  # the key in force, None before the first disclosure


def review_overview(*, session: Session) -> ReviewOverview:
    reviewed = set(session.exec(select(Review.bundle_sha256)).all())
    bundles = []
    for bundle in session.exec(select(ExportedBundle).order_by(col(ExportedBundle.created_at).desc())):
        try:
            size = parse_checkpoint(bundle.checkpoint).size
        except KnownError:
            size = 0
        bundles.append(SentBundle(bundle.created_at, bundle.file_name, bundle.manifest_sha256,
                                  size, bundle.manifest_sha256 in reviewed))
    organisations = {k.fingerprint: k.organisation for k in session.exec(select(ReviewerKey))}
    versions = {v.id: (number, v) for number, v in session.exec(
        select(Disclosure.number, DisclosureVersion)
        .join(Disclosure, col(Disclosure.id) == DisclosureVersion.disclosure_id))}
    by_review: dict[uuid.UUID, list[ReceivedFinding]] = {}
    for finding in session.exec(select(ReviewFinding)):
        number, version = versions[finding.version_id]
        by_review.setdefault(finding.review_id, []).append(ReceivedFinding(
            number, version.version, str(finding.finding), finding.conditions, finding.comment,
            finding.reviewed_hash == version.content_hash))
    reviews = [
        ReceivedReview(r.id, r.reviewer, organisations.get(r.reviewer_key_fingerprint, ""),
                       r.reviewer_key_fingerprint, r.reviewed_on, r.created_at, r.comment,
                       tuple(sorted(by_review.get(r.id, []), key=lambda f: (f.number, f.version))))
        for r in session.exec(select(Review).order_by(col(Review.reviewed_on).desc(),
                                                      col(Review.created_at).desc()))
    ]
    key = session.exec(
        select(SigningKey.fingerprint).where(col(SigningKey.retired_at).is_(None))
        .order_by(col(SigningKey.created_at).desc())
    ).first()
    return ReviewOverview(bundles, reviews, key)


@dataclass(frozen=True)
class ResponsePreview:
    reviewer_name: str
    organisation: str
    fingerprint: str
    reviewed_on: date
    findings: int
    known_key: bool  # the reviewer's key is already trusted here
    envelope_text: str


def preview_response(*, session: Session, envelope_text: str) -> ResponsePreview:
    """Check a reviewer's response before importing it: its signature, that it answers
    a bundle sent from here, and whether its key is trusted yet (a first-time key is
    shown to the user to confirm). Reads only."""
    response = parse_response(envelope_text)
    sent = session.exec(select(ExportedBundle.id).where(
        ExportedBundle.manifest_sha256 == response.manifest_sha256)).first()
    if sent is None:
        raise KnownError("この応答は、ここから送ったどのバンドルに対するものでもありません。",
                         hint="別の実践者か別の端末のバンドルへの応答ではないか確認してください。")
    known = session.exec(select(ReviewerKey.id).where(
        ReviewerKey.fingerprint == response.reviewer_fingerprint)).first() is not None
    return ResponsePreview(response.reviewer_name, response.reviewer_organisation,
                           response.reviewer_fingerprint, response.reviewed_on,
                           len(response.findings), known, response.envelope_text)
