"""Clients (事業者), sponsors (委託元) and engagements (伴走案件): create, edit, archive.

Each write is one use case and one transaction: it checks everything first and raises a
``ValidationError`` naming the field at fault, so nothing is saved half-way. A second
client or sponsor with the same name (ignoring 株式会社 and the like, full/half width
and spaces) is refused with ``DuplicateNameError`` unless the caller confirms it.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session, col, func, select

from companion.db.models import Client, Engagement, Kpi, KpiTarget, PlanItem, Sponsor
from companion.domain.calendar import fiscal_year_label, fiscal_year_of, fiscal_years_between
from companion.domain.enums import EngagementStatus, Scheme, SponsorKind
from companion.domain.plan import period_text
from companion.errors import EngagementNotFound, NotFoundError, ValidationError

NAME_LIMIT = 120
TEXT_LIMIT = 4000

# Legal forms dropped before comparing names: "やまなか酒造" and "有限会社やまなか酒造"
# are the same business to a practitioner.
_LEGAL_FORMS = re.compile(
    r"株式会社|有限会社|合同会社|合資会社|合名会社|一般社団法人|一般財団法人|公益社団法人"
    r"|公益財団法人|特定非営利活動法人|NPO法人|農業協同組合|企業組合|事業協同組合|\(株\)|\(有\)"
    r"|\(同\)|\(一社\)")


class DuplicateNameError(ValidationError):
    """A client or sponsor of (nearly) the same name exists; saving needs a confirmation."""

    def __init__(self, message: str, *, existing: str, field: str = "name",
                 **fields: Any) -> None:
        super().__init__(message, field=field,
                         hint="別の相手として登録する場合は、もう一度保存してください。", **fields)
        self.existing = existing


def name_key(name: str) -> str:
    """A name as compared for duplicates: width folded, spaces and legal forms dropped."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    folded = _LEGAL_FORMS.sub("", folded)
    return re.sub(r"[\s・･.,、。]", "", folded)


def _required(text: str, *, field: str, label: str, limit: int = NAME_LIMIT) -> str:
    value = " ".join(text.split())
    if not value:
        raise ValidationError("{label}を入力してください。", field=field, label=label)
    if len(value) > limit:
        raise ValidationError("{label}は{limit}文字以内にしてください(いま{count}文字)。",
                              field=field, label=label, limit=limit, count=len(value))
    return value


def _limited(text: str, *, field: str, label: str, limit: int = TEXT_LIMIT) -> str:
    value = text.strip()
    if len(value) > limit:
        raise ValidationError("{label}は{limit}文字以内にしてください(いま{count}文字)。",
                              field=field, label=label, limit=limit, count=len(value))
    return value


# --- clients ---------------------------------------------------------------------------

@dataclass(frozen=True)
class ClientDraft:
    name: str
    kana: str = ""
    industry: str = ""
    prefecture: str = ""
    city: str = ""
    representative: str = ""
    employees: int | None = None
    founded_on: date | None = None
    contact: str = ""
    notes: str = ""


@dataclass(frozen=True)
class ClientRow:
    id: uuid.UUID
    name: str
    kana: str
    industry: str
    place: str
    representative: str
    archived: bool
    engagements: int


def _clean_client(draft: ClientDraft, *, today: date | None = None) -> ClientDraft:
    name = _required(draft.name, field="name", label="事業者名")
    if draft.employees is not None and not 0 <= draft.employees <= 1_000_000:
        raise ValidationError("従業員数は0以上の人数で入力してください。", field="employees")
    if draft.founded_on is not None and today is not None and draft.founded_on > today:
        raise ValidationError("創業日が未来の日付になっています。", field="founded_on")
    return ClientDraft(
        name=name, kana=_limited(draft.kana, field="kana", label="かな", limit=NAME_LIMIT),
        industry=_limited(draft.industry, field="industry", label="業種", limit=NAME_LIMIT),
        prefecture=_limited(draft.prefecture, field="prefecture", label="都道府県", limit=20),
        city=_limited(draft.city, field="city", label="市区町村", limit=NAME_LIMIT),
        representative=_limited(draft.representative, field="representative", label="代表者",
                                limit=NAME_LIMIT),
        employees=draft.employees, founded_on=draft.founded_on,
        contact=_limited(draft.contact, field="contact", label="連絡先", limit=500),
        notes=_limited(draft.notes, field="notes", label="メモ"))


def _check_duplicate(session: Session, model: type[Client] | type[Sponsor], name: str, *,
                     exclude: uuid.UUID | None, label: str) -> None:
    key = name_key(name)
    for other_id, other_name in session.exec(select(model.id, model.name)):
        if other_id != exclude and name_key(other_name) == key:
            raise DuplicateNameError(
                "同じ名前の{label}「{other_name}」がすでに登録されています。", existing=other_name, label=label, other_name=other_name)


def list_clients(*, session: Session, include_archived: bool = False) -> list[ClientRow]:
    counts = dict(session.exec(
        select(Engagement.client_id, func.count()).group_by(col(Engagement.client_id))).all())
    statement = select(Client).order_by(col(Client.kana), col(Client.name))
    if not include_archived:
        statement = statement.where(col(Client.archived).is_(False))
    return [
        ClientRow(id=c.id, name=c.name, kana=c.kana, industry=c.industry,
                  place=f"{c.prefecture}{c.city}", representative=c.representative,
                  archived=c.archived, engagements=counts.get(c.id, 0))
        for c in session.exec(statement)
    ]


def get_client(*, session: Session, client_id: uuid.UUID) -> tuple[ClientDraft, bool]:
    """A client as its form shows it, and whether it is archived."""
    client = _client(session, client_id)
    return ClientDraft(
        name=client.name, kana=client.kana, industry=client.industry,
        prefecture=client.prefecture, city=client.city, representative=client.representative,
        employees=client.employees, founded_on=client.founded_on, contact=client.contact,
        notes=client.notes), client.archived


def _client(session: Session, client_id: uuid.UUID) -> Client:
    client = session.get(Client, client_id)
    if client is None:
        raise NotFoundError("事業者が見つかりません(削除された可能性があります)。")
    return client


def create_client(*, session: Session, draft: ClientDraft, allow_duplicate: bool = False,
                  today: date | None = None) -> uuid.UUID:
    clean = _clean_client(draft, today=today)
    if not allow_duplicate:
        _check_duplicate(session, Client, clean.name, exclude=None, label="事業者")
    client = Client(**clean.__dict__)
    session.add(client)
    session.commit()
    return client.id


def update_client(*, session: Session, client_id: uuid.UUID, draft: ClientDraft,
                  allow_duplicate: bool = False, today: date | None = None) -> None:
    client = _client(session, client_id)
    clean = _clean_client(draft, today=today)
    if not allow_duplicate and name_key(clean.name) != name_key(client.name):
        _check_duplicate(session, Client, clean.name, exclude=client_id, label="事業者")
    for key, value in clean.__dict__.items():
        setattr(client, key, value)
    session.commit()


def save_client(*, session: Session, client_id: uuid.UUID | None, draft: ClientDraft,
                allow_duplicate: bool = False, today: date | None = None) -> uuid.UUID:
    """The client form's 保存: create the client (``client_id`` None) or update it;
    returns its id."""
    if client_id is None:
        return create_client(session=session, draft=draft, allow_duplicate=allow_duplicate,
                             today=today)
    update_client(session=session, client_id=client_id, draft=draft,
                  allow_duplicate=allow_duplicate, today=today)
    return client_id


def set_client_archived(*, session: Session, client_id: uuid.UUID, archived: bool) -> uuid.UUID:
    """Archive a client (it leaves the choices for new engagements) or bring it back;
    returns its id. A client with an open engagement stays until that engagement is
    closed or archived."""
    client = _client(session, client_id)
    if archived:
        open_titles = session.exec(
            select(Engagement.title).where(
                Engagement.client_id == client_id, col(Engagement.archived).is_(False),
                col(Engagement.status).in_([s.value for s in EngagementStatus if s.is_open]))
        ).all()
        if open_titles:
            raise ValidationError(
                "進行中の案件「{open_titles}」があるため、事業者をアーカイブできません。",
                field="archived", hint="先に案件を終了するか、アーカイブしてください。", open_titles=open_titles[0])
    client.archived = archived
    session.commit()
    return client_id


# --- sponsors ---------------------------------------------------------------------------

@dataclass(frozen=True)
class SponsorDraft:
    name: str
    kind: SponsorKind = SponsorKind.MUNICIPALITY
    notes: str = ""


@dataclass(frozen=True)
class SponsorRow:
    id: uuid.UUID
    name: str
    kind: SponsorKind
    archived: bool
    engagements: int


def list_sponsors(*, session: Session, include_archived: bool = False) -> list[SponsorRow]:
    counts = dict(session.exec(
        select(Engagement.sponsor_id, func.count()).group_by(col(Engagement.sponsor_id))).all())
    statement = select(Sponsor).order_by(col(Sponsor.name))
    if not include_archived:
        statement = statement.where(col(Sponsor.archived).is_(False))
    return [SponsorRow(id=s.id, name=s.name, kind=SponsorKind(s.kind), archived=s.archived,
                       engagements=counts.get(s.id, 0))
            for s in session.exec(statement)]


def _sponsor(session: Session, sponsor_id: uuid.UUID) -> Sponsor:
    sponsor = session.get(Sponsor, sponsor_id)
    if sponsor is None:
        raise NotFoundError("委託元が見つかりません(削除された可能性があります)。")
    return sponsor


def get_sponsor(*, session: Session, sponsor_id: uuid.UUID) -> tuple[SponsorDraft, bool]:
    sponsor = _sponsor(session, sponsor_id)
    return SponsorDraft(name=sponsor.name, kind=SponsorKind(sponsor.kind),
                        notes=sponsor.notes), sponsor.archived


def _clean_sponsor(draft: SponsorDraft) -> SponsorDraft:
    try:
        kind = SponsorKind(draft.kind)
    except ValueError:
        raise ValidationError("種別を選んでください。", field="kind") from None
    return SponsorDraft(name=_required(draft.name, field="name", label="委託元の名称"), kind=kind,
                        notes=_limited(draft.notes, field="notes", label="メモ"))


def create_sponsor(*, session: Session, draft: SponsorDraft,
                   allow_duplicate: bool = False) -> uuid.UUID:
    clean = _clean_sponsor(draft)
    if not allow_duplicate:
        _check_duplicate(session, Sponsor, clean.name, exclude=None, label="委託元")
    sponsor = Sponsor(name=clean.name, kind=clean.kind, notes=clean.notes)
    session.add(sponsor)
    session.commit()
    return sponsor.id


def update_sponsor(*, session: Session, sponsor_id: uuid.UUID, draft: SponsorDraft,
                   allow_duplicate: bool = False) -> None:
    sponsor = _sponsor(session, sponsor_id)
    clean = _clean_sponsor(draft)
    if not allow_duplicate and name_key(clean.name) != name_key(sponsor.name):
        _check_duplicate(session, Sponsor, clean.name, exclude=sponsor_id, label="委託元")
    sponsor.name, sponsor.kind, sponsor.notes = clean.name, clean.kind, clean.notes
    session.commit()


def save_sponsor(*, session: Session, sponsor_id: uuid.UUID | None, draft: SponsorDraft,
                 allow_duplicate: bool = False) -> uuid.UUID:
    """The sponsor form's 保存: create (``sponsor_id`` None) or update; returns its id."""
    if sponsor_id is None:
        return create_sponsor(session=session, draft=draft, allow_duplicate=allow_duplicate)
    update_sponsor(session=session, sponsor_id=sponsor_id, draft=draft,
                   allow_duplicate=allow_duplicate)
    return sponsor_id


def set_sponsor_archived(*, session: Session, sponsor_id: uuid.UUID, archived: bool) -> uuid.UUID:
    """Archive a sponsor or bring it back; returns its id."""
    _sponsor(session, sponsor_id).archived = archived
    session.commit()
    return sponsor_id


# --- engagements -------------------------------------------------------------------------

@dataclass(frozen=True)
class EngagementDraft:
    client_id: uuid.UUID | None
    title: str
    scheme: Scheme
    status: EngagementStatus
    start_on: date | None
    planned_end_on: date | None = None
    sponsor_id: uuid.UUID | None = None
    essential_issue: str = ""
    fee_terms: str = ""
    fee_amount_yen: int | None = None
    fee_paid_by_client: bool = False


@dataclass(frozen=True)
class EngagementForm:
    """An engagement as its form shows it."""

    id: uuid.UUID
    draft: EngagementDraft
    client_name: str
    sponsor_name: str
    archived: bool


def _clean_engagement(session: Session, draft: EngagementDraft, *,
                      current: Engagement | None) -> EngagementDraft:
    if draft.client_id is None:
        raise ValidationError("事業者を選んでください。", field="client_id")
    client = session.get(Client, draft.client_id)
    if client is None:
        raise ValidationError("選んだ事業者が見つかりません。", field="client_id")
    if client.archived and (current is None or current.client_id != client.id):
        raise ValidationError("事業者「{name}」はアーカイブされています。", field="client_id",
                              hint="事業者のアーカイブを解除してから選んでください。", name=client.name)
    if draft.sponsor_id is not None:
        sponsor = session.get(Sponsor, draft.sponsor_id)
        if sponsor is None:
            raise ValidationError("選んだ委託元が見つかりません。", field="sponsor_id")
        if sponsor.archived and (current is None or current.sponsor_id != sponsor.id):
            raise ValidationError("委託元「{name}」はアーカイブされています。",
                                  field="sponsor_id", name=sponsor.name)
    title = _required(draft.title, field="title", label="案件名", limit=200)
    try:
        scheme, status = Scheme(draft.scheme), EngagementStatus(draft.status)
    except ValueError:
        raise ValidationError("方式と状態を選んでください。", field="scheme") from None
    if draft.start_on is None:
        raise ValidationError("開始日を入力してください。", field="start_on")
    if draft.planned_end_on is not None and draft.planned_end_on < draft.start_on:
        raise ValidationError("終了予定日は開始日より後の日付にしてください。", field="planned_end_on")
    if draft.fee_amount_yen is not None and draft.fee_amount_yen < 0:
        raise ValidationError("報酬額は0円以上で入力してください。", field="fee_amount_yen")
    return EngagementDraft(
        client_id=client.id, title=title, scheme=scheme, status=status,
        start_on=draft.start_on, planned_end_on=draft.planned_end_on,
        sponsor_id=draft.sponsor_id,
        essential_issue=_limited(draft.essential_issue, field="essential_issue",
                                 label="本質的課題"),
        fee_terms=_limited(draft.fee_terms, field="fee_terms", label="報酬条件", limit=1000),
        fee_amount_yen=draft.fee_amount_yen, fee_paid_by_client=draft.fee_paid_by_client)


def _check_plan_fits(session: Session, engagement_id: uuid.UUID, start: date,
                     end: date | None) -> None:
    """A shorter period must not leave plan dates or KPI targets outside it."""
    statement = select(PlanItem).where(PlanItem.engagement_id == engagement_id,
                                       col(PlanItem.due_on).is_not(None))
    outside = [item for item in session.exec(statement)
               if item.due_on is not None
               and (item.due_on < start or (end is not None and item.due_on > end))]
    if outside:
        first = outside[0]
        field = "start_on" if first.due_on is not None and first.due_on < start else "planned_end_on"
        raise ValidationError(
            "計画の期日が新しい期間({period_text})の外になる項目が{count}件あります(例:「{title}」)。", field=field,
            hint="先に計画の期日を直すか、期間を広げてください。", period_text=period_text(start, end), count=len(outside), title=first.title)
    if end is None:
        years: set[int] | None = None
    else:
        years = set(fiscal_years_between(start, end))
    targets = session.exec(
        select(KpiTarget.fiscal_year, Kpi.name).join(Kpi, col(Kpi.id) == KpiTarget.kpi_id)
        .where(Kpi.engagement_id == engagement_id)).all()
    first_year = fiscal_year_of(start)
    stray = [(year, name) for year, name in targets
             if year < first_year or (years is not None and year not in years)]
    if stray:
        year, name = stray[0]
        raise ValidationError(
            "指標「{name}」の{year}の目標が新しい期間の外になります。",
            field="planned_end_on" if year >= first_year else "start_on",
            hint="先にその年度の目標を消すか、期間を広げてください。", name=name, year=fiscal_year_label(year))


def get_engagement_form(*, session: Session, engagement_id: uuid.UUID) -> EngagementForm:
    engagement = _engagement(session, engagement_id)
    client = session.get(Client, engagement.client_id)
    sponsor = session.get(Sponsor, engagement.sponsor_id) if engagement.sponsor_id else None
    return EngagementForm(
        id=engagement.id,
        draft=EngagementDraft(
            client_id=engagement.client_id, title=engagement.title,
            scheme=Scheme(engagement.scheme), status=EngagementStatus(engagement.status),
            start_on=engagement.start_on, planned_end_on=engagement.planned_end_on,
            sponsor_id=engagement.sponsor_id, essential_issue=engagement.essential_issue,
            fee_terms=engagement.fee_terms, fee_amount_yen=engagement.fee_amount_yen,
            fee_paid_by_client=engagement.fee_paid_by_client),
        client_name=client.name if client else "", sponsor_name=sponsor.name if sponsor else "",
        archived=engagement.archived)


def _engagement(session: Session, engagement_id: uuid.UUID) -> Engagement:
    engagement = session.get(Engagement, engagement_id)
    if engagement is None:
        raise EngagementNotFound(engagement_id, hint="削除された可能性があります。")
    return engagement


def create_engagement(*, session: Session, draft: EngagementDraft) -> uuid.UUID:
    clean = _clean_engagement(session, draft, current=None)
    assert clean.start_on is not None and clean.client_id is not None
    engagement = Engagement(
        client_id=clean.client_id, sponsor_id=clean.sponsor_id, title=clean.title,
        scheme=clean.scheme, status=clean.status, start_on=clean.start_on,
        planned_end_on=clean.planned_end_on, essential_issue=clean.essential_issue,
        fee_terms=clean.fee_terms, fee_amount_yen=clean.fee_amount_yen,
        fee_paid_by_client=clean.fee_paid_by_client)
    session.add(engagement)
    session.commit()
    return engagement.id


def update_engagement(*, session: Session, engagement_id: uuid.UUID,
                      draft: EngagementDraft) -> None:
    engagement = _engagement(session, engagement_id)
    clean = _clean_engagement(session, draft, current=engagement)
    assert clean.start_on is not None and clean.client_id is not None
    if (clean.start_on, clean.planned_end_on) != (engagement.start_on, engagement.planned_end_on):
        _check_plan_fits(session, engagement_id, clean.start_on, clean.planned_end_on)
    engagement.client_id = clean.client_id
    engagement.sponsor_id = clean.sponsor_id
    engagement.title = clean.title
    engagement.scheme = clean.scheme
    engagement.status = clean.status
    engagement.start_on = clean.start_on
    engagement.planned_end_on = clean.planned_end_on
    engagement.essential_issue = clean.essential_issue
    engagement.fee_terms = clean.fee_terms
    engagement.fee_amount_yen = clean.fee_amount_yen
    engagement.fee_paid_by_client = clean.fee_paid_by_client
    session.commit()


def save_engagement(*, session: Session, engagement_id: uuid.UUID | None,
                    draft: EngagementDraft) -> uuid.UUID:
    """The engagement form's 保存: create (``engagement_id`` None) or update; returns
    its id."""
    if engagement_id is None:
        return create_engagement(session=session, draft=draft)
    update_engagement(session=session, engagement_id=engagement_id, draft=draft)
    return engagement_id


def set_engagement_archived(*, session: Session, engagement_id: uuid.UUID,
                            archived: bool) -> uuid.UUID:
    """Archive an engagement (it leaves the lists and ホーム; nothing is deleted) or
    bring it back; returns its id."""
    _engagement(session, engagement_id).archived = archived
    session.commit()
    return engagement_id


@dataclass(frozen=True)
class EngagementChoices:
    """What the engagement form offers, and the engagement it edits (None: a new one)."""

    clients: list[ClientRow]
    sponsors: list[SponsorRow]
    form: EngagementForm | None


def engagement_form_choices(*, session: Session,
                            engagement_id: uuid.UUID | None) -> EngagementChoices:
    """The clients and sponsors to choose from, and the engagement being edited."""
    form = (get_engagement_form(session=session, engagement_id=engagement_id)
            if engagement_id is not None else None)
    return EngagementChoices(clients=list_clients(session=session),
                             sponsors=list_sponsors(session=session), form=form)
