"""Taking in a referral package (引き継ぎパッケージを取り込む): who sent it, checked
before it is opened (``inspect_package``), what it holds (``preview_referral``), and
``import_referral``, which takes it in as a new engagement (new ids) linked to the
sender's, in one transaction. Every value read from the package is checked; a package
that does not read as expected imports nothing.
"""

from __future__ import annotations

import base64
import hashlib
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from companion.db.database import Database
from companion.db.models import (
    Attachment,
    Client,
    Engagement,
    Kpi,
    KpiActual,
    KpiTarget,
    PlanItem,
    ReferralKey,
    ReferralReceived,
    Visit,
    VisitAction,
)
from companion.db.types import utcnow
from companion.domain.enums import (
    EngagementStatus,
    Granularity,
    KpiAggregation,
    KpiDirection,
    Owner,
    PlanLevel,
    PlanStatus,
    Scheme,
    VisitMode,
)
from companion.errors import KnownError
from companion.review import referral_package as package_format
from companion.review.limits import check_readable
from companion.review.referral_package import (
    SealedPackage,
    Sender,
)
from companion.services.attachments import store_for, temp_folder
from companion.services.clients import (
    ClientDraft,
    EngagementDraft,
    _clean_client,
    _clean_engagement,
    name_key,
)
from companion.services.referrals.card import b64_public, private_key_of
from companion.services.referrals.export import Consent, Included, Withheld

E = TypeVar("E", bound=Enum)


@dataclass(frozen=True)
class PackageInfo:
    """What a package says before it is opened: the sender (signature checked)."""

    path: Path
    sender: Sender
    package_id: str
    made_at: datetime
    needs_passphrase: bool
    recipient: str  # the card's name and 所属 ("" for a passphrase)


@dataclass(frozen=True)
class ReferralPreview:
    info: PackageInfo
    client_name: str
    client_place: str
    engagement_title: str
    consent: Consent
    included: Included
    withheld: Withheld
    visit_lines: list[str]  # "2026-11-20 訪問 販路開拓の相談", oldest first
    matched_client: str  # the existing client it will join ("" = a new client)
    already_imported_at: datetime | None = None
    already_imported_as: str = ""
    contents: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)


def _read_sealed(path: Path) -> SealedPackage:
    check_readable(path, limit=package_format.MAX_PACKAGE_BYTES)
    return package_format.read_package(path.read_bytes(), name=path.name)


def _aware(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError(f"no time zone: {text}")
    return moment


def inspect_package(path: Path) -> PackageInfo:
    """The sender of a package, its signature checked (no data folder needed): whether
    it is whole, who made it, and whether a passphrase is needed to open it."""
    sealed = _read_sealed(path)
    try:
        made_at = _aware(sealed.made_at)
    except ValueError as exc:
        raise KnownError("引き継ぎパッケージの作成日時を読めません: {path}", path=path.name) from exc
    recipient = ""
    if sealed.mode == package_format.MODE_CARD:
        part = sealed.recipient
        name, organisation = str(part.get("name", "")), str(part.get("organisation", ""))
        recipient = f"{name}({organisation})" if organisation else name
    return PackageInfo(path=path, sender=sealed.sender, package_id=sealed.package_id,
                       made_at=made_at, needs_passphrase=sealed.mode == package_format.MODE_PASSPHRASE,
                       recipient=recipient)


def _open(session: Session, path: Path, passphrase: str | None) -> tuple[PackageInfo, dict[str, Any]]:
    info = inspect_package(path)
    sealed = _read_sealed(path)
    if sealed.mode == package_format.MODE_PASSPHRASE:
        if not passphrase:
            raise KnownError("この引き継ぎパッケージを開くにはパスフレーズが必要です。",
                             hint="送り主から電話などで聞いたパスフレーズを入力してください。")
        return info, package_format.open_with_passphrase(sealed, passphrase, name=path.name)
    wanted = str(sealed.recipient.get("agreement_public_key", ""))
    row = session.exec(select(ReferralKey).where(ReferralKey.public_key == wanted)).first()
    if row is None:
        # Not in this database (an undone card, data brought in with import-all) but
        # perhaps still in this computer's keyring.
        row = ReferralKey(public_key=wanted, private_key="")
        try:
            known = private_key_of(session, row)
        except (ValueError, KnownError):
            known = None
        if known is not None and b64_public(known) == wanted:
            return info, package_format.open_with_card(sealed, known, name=path.name)
        row = None
    if row is None:
        raise KnownError("この引き継ぎパッケージは別の人の連絡先カード宛てです(宛先: {recipient})。",
                         recipient=info.recipient or "?",
                         hint="宛先の人の Companion で取り込むか、送り主にあなたの連絡先カードで"
                              "作り直してもらってください。何も取り込んでいません。")
    key = private_key_of(session, row)
    if key is None:
        raise KnownError("この引き継ぎパッケージを開く鍵がこのパソコンにありません。",
                         hint="連絡先カードを書き出したパソコンで取り込んでください。")
    return info, package_format.open_with_card(sealed, key, name=path.name)


def _enum(enum: type[E], code: Any) -> E:
    if not isinstance(code, str) or code not in enum.__members__:
        raise ValueError(f"{enum.__name__}: {code!r}")
    return enum[code]


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"not text: {value!r}")
    return value


def _opt_day(value: Any) -> date | None:
    return None if value is None else date.fromisoformat(_text(value))


def _opt_moment(value: Any) -> datetime | None:
    return None if value is None else _aware(_text(value))


def _number(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"not a number: {value!r}")
    return float(value)


def _whole(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"not a whole number: {value!r}")
    return value


def _list(value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise ValueError("not a list of objects")
    return value


def _match_client(session: Session, client: dict[str, Any]) -> Client | None:
    """The client this one is (the same name as compared for duplicates, and the same
    都道府県 and 市区町村), or None."""
    key = name_key(_text(client["name"]))
    place = (_text(client.get("prefecture", "")).strip(), _text(client.get("city", "")).strip())
    for row in session.exec(select(Client).order_by(col(Client.created_at))):
        if name_key(row.name) == key and (row.prefecture.strip(), row.city.strip()) == place:
            return row
    return None


def preview_referral(*, session: Session, path: Path, passphrase: str | None = None) -> ReferralPreview:
    """What a package holds and what was withheld, before anything is imported."""
    info, contents = _open(session, path, passphrase)
    try:
        return _preview(session, info, contents)
    except (ValueError, KeyError, TypeError) as exc:
        raise _unreadable(path, exc) from exc


def _unreadable(path: Path, exc: Exception) -> KnownError:
    return KnownError("引き継ぎパッケージの中身の形式が正しくありません: {path}({reason})",
                      path=path.name, reason=exc,
                      hint="何も取り込んでいません。送り主の Companion の版を確認してください。")


def _preview(session: Session, info: PackageInfo, contents: dict[str, Any]) -> ReferralPreview:
    client, engagement = contents["client"], contents["engagement"]
    consent = contents["consent"]
    visits = _list(contents.get("visits", []))
    lines = []
    for visit in visits:
        started = _aware(_text(visit["started_at"]))
        mode = _enum(VisitMode, visit["mode"])
        lines.append(f"{started.astimezone(info.made_at.tzinfo).date().isoformat()} {mode.value} "
                     f"{_text(visit['purpose']).splitlines()[0] if visit['purpose'] else ''}".strip())
    matched = _match_client(session, client)
    earlier = session.exec(select(ReferralReceived).where(
        ReferralReceived.package_id == uuid.UUID(info.package_id))).first()
    earlier_title = ""
    if earlier is not None:
        row = session.get(Engagement, earlier.engagement_id)
        earlier_title = row.title if row else ""
    return ReferralPreview(
        info=info, client_name=_text(client["name"]),
        client_place=f"{_text(client.get('prefecture', ''))}{_text(client.get('city', ''))}",
        engagement_title=_text(engagement["title"]),
        consent=Consent(given_on=_opt_day(consent["given_on"]), scope=_text(consent["scope"]),
                        how=_text(consent["how"])),
        included=Included(visits=len(visits),
                          attachments=len(_list(contents.get("attachments", []))),
                          plan_items=len(_list(contents.get("plan", []))),
                          kpis=len(_list(contents.get("kpis", [])))),
        withheld=Withheld.from_dict(contents.get("withheld", {})), visit_lines=lines,
        matched_client=matched.name if matched else "",
        already_imported_at=earlier.imported_at if earlier else None,
        already_imported_as=earlier_title, contents=contents)


@dataclass(frozen=True)
class ReferralImported:
    engagement_id: uuid.UUID
    title: str
    client_id: uuid.UUID
    client_name: str
    new_client: bool
    sender: Sender
    included: Included
    withheld: Withheld


def import_referral(*, session: Session, database: Database, path: Path,
                    passphrase: str | None = None, today: date | None = None,
                    now: datetime | None = None) -> ReferralImported:
    """引き継ぎパッケージを取り込む: a new engagement (new ids) linked to the sender's,
    in one transaction; a package already imported is refused."""
    preview = preview_referral(session=session, path=path, passphrase=passphrase)
    if preview.already_imported_at is not None:
        raise KnownError(
            "この引き継ぎパッケージは {day} に取り込み済みです(案件「{title}」)。",
            day=preview.already_imported_at.astimezone().strftime("%Y-%m-%d %H:%M"),
            title=preview.already_imported_as,
            hint="同じパッケージを二度は取り込みません。")
    try:
        return _import(session, database, preview, today=today or date.today(),
                       now=(now or utcnow()).astimezone(UTC))
    except (ValueError, KeyError, TypeError, IntegrityError) as exc:
        session.rollback()
        raise _unreadable(path, exc) from exc
    except BaseException:
        session.rollback()
        raise


def _import(session: Session, database: Database, preview: ReferralPreview, *, today: date,
            now: datetime) -> ReferralImported:
    contents = preview.contents
    sent = contents["client"]
    matched = _match_client(session, sent)
    if matched is None:
        draft = _clean_client(ClientDraft(
            name=_text(sent["name"]), kana=_text(sent.get("kana", "")),
            industry=_text(sent.get("industry", "")), prefecture=_text(sent.get("prefecture", "")),
            city=_text(sent.get("city", "")), representative=_text(sent.get("representative", "")),
            employees=None if sent.get("employees") is None else _whole(sent["employees"]),
            founded_on=_opt_day(sent.get("founded_on")), contact=_text(sent.get("contact", "")),
            notes=_text(sent.get("notes", ""))), today=today)
        client = Client(**draft.__dict__)
        session.add(client)
    else:
        client = matched
        client.archived = False
    session.flush()

    sent_engagement = contents["engagement"]
    clean = _clean_engagement(session, EngagementDraft(
        client_id=client.id, title=_text(sent_engagement["title"]),
        scheme=_enum(Scheme, sent_engagement["scheme"]),
        status=_enum(EngagementStatus, sent_engagement["status"]),
        start_on=date.fromisoformat(_text(sent_engagement["start_on"])),
        planned_end_on=_opt_day(sent_engagement.get("planned_end_on")),
        essential_issue=_text(sent_engagement.get("essential_issue", ""))), current=None)
    assert clean.start_on is not None
    engagement = Engagement(client_id=client.id, title=clean.title, scheme=clean.scheme,
                            status=clean.status, start_on=clean.start_on,
                            planned_end_on=clean.planned_end_on,
                            essential_issue=clean.essential_issue)
    session.add(engagement)
    session.flush()

    plan_ids: dict[str, uuid.UUID] = {}
    items = _list(contents.get("plan", []))
    for item in items:
        plan_ids[_text(item["id"])] = uuid.uuid4()
    for item in _parents_first(items):
        parent = item.get("parent_id")
        if parent is not None and _text(parent) not in plan_ids:
            raise ValueError(f"plan item parent {parent}")
        progress = _whole(item.get("progress", 0))
        if not 0 <= progress <= 100:
            raise ValueError(f"progress {progress}")
        session.add(PlanItem(
            id=plan_ids[item["id"]], engagement_id=engagement.id,
            parent_id=plan_ids[parent] if parent is not None else None,
            level=_enum(PlanLevel, item["level"]), fiscal_year=_whole(item["fiscal_year"]),
            position=_whole(item.get("position", 0)), title=_text(item["title"]),
            owner=_enum(Owner, item["owner"]), due_on=_opt_day(item.get("due_on")),
            status=_enum(PlanStatus, item["status"]), progress=progress,
            notes=_text(item.get("notes", ""))))
        session.flush()

    for sent_kpi in _list(contents.get("kpis", [])):
        kpi = Kpi(engagement_id=engagement.id, name=_text(sent_kpi["name"]),
                  unit=_text(sent_kpi.get("unit", "")),
                  direction=_enum(KpiDirection, sent_kpi["direction"]),
                  aggregation=_enum(KpiAggregation, sent_kpi["aggregation"]),
                  baseline=_number(sent_kpi.get("baseline")),
                  baseline_on=_opt_day(sent_kpi.get("baseline_on")),
                  position=_whole(sent_kpi.get("position", 0)))
        session.add(kpi)
        session.flush()
        for target in _list(sent_kpi.get("targets", [])):
            value = _number(target["value"])
            if value is None:
                raise ValueError("target without a value")
            session.add(KpiTarget(kpi_id=kpi.id, fiscal_year=_whole(target["fiscal_year"]),
                                  value=value))
        for actual in _list(sent_kpi.get("actuals", [])):
            value = _number(actual["value"])
            if value is None:
                raise ValueError("actual without a value")
            session.add(KpiActual(kpi_id=kpi.id,
                                  period_start=date.fromisoformat(_text(actual["period_start"])),
                                  granularity=_enum(Granularity, actual["granularity"]),
                                  value=value))

    visit_ids: dict[str, uuid.UUID] = {}
    for sent_visit in _list(contents.get("visits", [])):
        visit = Visit(
            engagement_id=engagement.id, started_at=_aware(_text(sent_visit["started_at"])),
            ended_at=_opt_moment(sent_visit.get("ended_at")),
            mode=_enum(VisitMode, sent_visit["mode"]), place=_text(sent_visit.get("place", "")),
            attendees=_text(sent_visit.get("attendees", "")),
            purpose=_text(sent_visit.get("purpose", "")), notes=_text(sent_visit.get("notes", "")),
            strengths=_text(sent_visit.get("strengths", "")),
            issues=_text(sent_visit.get("issues", "")),
            decisions=_text(sent_visit.get("decisions", "")),
            follow_up_on=_opt_day(sent_visit.get("follow_up_on")),
            follow_up_done_at=_opt_moment(sent_visit.get("follow_up_done_at")),
            distance_km=_number(sent_visit.get("distance_km")), is_draft=False)
        session.add(visit)
        session.flush()
        visit_ids[_text(sent_visit["id"])] = visit.id
        for action in _list(sent_visit.get("actions", [])):
            linked = action.get("plan_item_id")
            session.add(VisitAction(
                visit_id=visit.id, text=_text(action["text"]), owner=_enum(Owner, action["owner"]),
                due_on=_opt_day(action.get("due_on")), done_at=_opt_moment(action.get("done_at")),
                plan_item_id=plan_ids.get(_text(linked)) if linked is not None else None))

    attachments = _list(contents.get("attachments", []))
    if attachments:
        _import_attachments(session, database, attachments, engagement.id, visit_ids)

    sender = contents["sender"]
    consent = preview.consent
    session.add(ReferralReceived(
        engagement_id=engagement.id, package_id=uuid.UUID(preview.info.package_id),
        sender_name=preview.info.sender.name, sender_organisation=preview.info.sender.organisation,
        sender_fingerprint=preview.info.sender.fingerprint,
        sender_engagement_id=uuid.UUID(_text(sender["engagement_id"])),
        referred_at=preview.info.made_at.astimezone(UTC), imported_at=now,
        consent_on=consent.given_on or preview.info.made_at.date(), consent_scope=consent.scope,
        consent_how=consent.how,
        contents=json.dumps({"included": preview.included.__dict__,
                             "withheld": preview.withheld.as_dict(),
                             "visit_ids": sorted(str(v) for v in visit_ids.values())},
                            ensure_ascii=False, sort_keys=True)))
    session.commit()
    return ReferralImported(engagement_id=engagement.id, title=engagement.title,
                            client_id=client.id, client_name=client.name,
                            new_client=matched is None, sender=preview.info.sender,
                            included=preview.included, withheld=preview.withheld)


def _parents_first(items: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Plan items ordered so that each parent comes before its children."""
    remaining = list(items)
    done: set[str] = set()
    ordered: list[dict[str, Any]] = []
    while remaining:
        ready = [item for item in remaining
                 if item.get("parent_id") is None or item["parent_id"] in done]
        if not ready:
            raise ValueError("plan items whose parents are missing or circular")
        for item in ready:
            ordered.append(item)
            done.add(item["id"])
            remaining.remove(item)
    return ordered


def _import_attachments(session: Session, database: Database, attachments: list[dict[str, Any]],
                        engagement_id: uuid.UUID, visit_ids: dict[str, uuid.UUID]) -> None:
    from companion.services.attachments import clean_file_name

    store = store_for(database)
    folder = temp_folder(database) / f"referral-{uuid.uuid4().hex[:12]}"
    folder.mkdir(parents=True, exist_ok=True)
    try:
        for number, sent in enumerate(attachments):
            content = base64.b64decode(_text(sent["content"]), validate=True)
            declared = _text(sent["sha256"])
            if hashlib.sha256(content).hexdigest() != declared:
                raise ValueError(f"attachment {sent.get('file_name')}: content does not match")
            source = folder / f"{number}.bin"
            source.write_bytes(content)
            sha, size = store.put(source)
            source.unlink()
            visit = sent.get("visit_id")
            if visit is not None and _text(visit) not in visit_ids:
                raise ValueError(f"attachment of a visit not in the package: {visit}")
            session.add(Attachment(
                sha256=sha, file_name=clean_file_name(_text(sent["file_name"])), size_bytes=size,
                media_type=_text(sent.get("media_type", "")),
                visit_id=visit_ids[visit] if visit is not None else None,
                engagement_id=engagement_id if visit is None else None))
    finally:
        for leftover in folder.glob("*"):
            leftover.unlink(missing_ok=True)
        folder.rmdir()
