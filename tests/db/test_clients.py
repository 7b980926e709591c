"""Clients, sponsors and engagements: create, edit, archive, with their refusals."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from sqlmodel import select

from companion.db.database import Database
from companion.db.models import Client, Engagement
from companion.domain.enums import EngagementStatus, Scheme, SponsorKind
from companion.errors import ValidationError
from companion.services.clients import (
    ClientDraft,
    DuplicateNameError,
    EngagementDraft,
    SponsorDraft,
    create_client,
    create_engagement,
    create_sponsor,
    get_engagement_form,
    list_clients,
    list_sponsors,
    name_key,
    set_client_archived,
    set_engagement_archived,
    update_client,
    update_engagement,
)
from companion.services.engagements import list_engagements
from companion.services.kpis import KpiDraft, add_kpi, set_kpi_target
from companion.services.plans import PlanItemDraft, add_plan_item
from companion.services.session import last_change_set, session_scope
from companion.services.undo import undo_change_set


def run(db: Database, use_case: Callable[..., Any], **kwargs: Any) -> tuple[Any, uuid.UUID | None]:
    with session_scope(db) as session:
        result = use_case(session=session, **kwargs)
        return result, last_change_set(session)


YAMANAKA = ClientDraft(name="有限会社やまなか酒造", kana="やまなかしゅぞう", industry="酒類製造業",
                       prefecture="秋田県", city="湯沢市", representative="山中 健一", employees=12)
YUZAWA = SponsorDraft(name="湯沢市 産業振興課", kind=SponsorKind.MUNICIPALITY)


def engagement_draft(client_id: uuid.UUID | None, **changes: Any) -> EngagementDraft:
    values: dict[str, Any] = {
        "client_id": client_id, "title": "首都圏への販路開拓と蔵元ブランドの再構築",
        "scheme": Scheme.COMMISSIONED, "status": EngagementStatus.ACTIVE,
        "start_on": date(2025, 4, 1), "planned_end_on": date(2028, 3, 31),
        "essential_issue": "地元の酒販店への依存が大きく、若い世代に蔵の強みが届いていない。"}
    return EngagementDraft(**{**values, **changes})


def test_names_compare_without_legal_forms_width_or_spaces() -> None:
    assert name_key("有限会社やまなか酒造") == name_key("やまなか 酒造")
    assert name_key("(株)みなと水産") == name_key("株式会社 みなと水産") == name_key("㈱みなと水産")
    assert name_key("ＡＢＣ商店") == name_key("abc商店")
    assert name_key("やまなか酒造") != name_key("やまなか酒店")


def test_a_duplicate_client_needs_a_confirmation(db: Database) -> None:
    first, _ = run(db, create_client, draft=YAMANAKA)
    with session_scope(db) as session, pytest.raises(DuplicateNameError) as raised:
        create_client(session=session, draft=ClientDraft(name="やまなか酒造"))
    assert raised.value.field == "name"
    assert raised.value.existing == "有限会社やまなか酒造"
    assert "すでに登録" in raised.value.message
    second, _ = run(db, create_client, draft=ClientDraft(name="やまなか酒造"), allow_duplicate=True)
    assert first != second
    # Editing a client without changing its name never asks.
    run(db, update_client, client_id=second, draft=ClientDraft(name="やまなか酒造", city="湯沢市"))


def test_client_and_sponsor_refusals(db: Database) -> None:
    for use_case, kwargs, field, message in [
        (create_client, {"draft": ClientDraft(name="  ")}, "name", "事業者名を入力"),
        (create_client, {"draft": ClientDraft(name="丸福製麺所", employees=-1)}, "employees",
         "従業員数"),
        (create_client, {"draft": ClientDraft(name="丸福製麺所", founded_on=date(2030, 1, 1)),
                         "today": date(2025, 11, 20)}, "founded_on", "未来"),
        (create_sponsor, {"draft": SponsorDraft(name="")}, "name", "委託元の名称を入力"),
    ]:
        with session_scope(db) as session, pytest.raises(ValidationError, match=message) as raised:
            use_case(session=session, **kwargs)  # type: ignore[operator]
        assert raised.value.field == field
    with session_scope(db, write=False) as session:
        assert list_clients(session=session) == [] and list_sponsors(session=session) == []


def test_an_engagement_is_created_edited_archived_and_each_step_undone(db: Database) -> None:
    client_id, _ = run(db, create_client, draft=YAMANAKA)
    sponsor_id, _ = run(db, create_sponsor, draft=YUZAWA)
    engagement_id, created = run(db, create_engagement,
                                 draft=engagement_draft(client_id, sponsor_id=sponsor_id))
    with session_scope(db, write=False) as session:
        [summary] = list_engagements(session=session)
        form = get_engagement_form(session=session, engagement_id=engagement_id)
    assert (summary.client_name, summary.sponsor_name) == ("有限会社やまなか酒造", "湯沢市 産業振興課")
    assert form.draft.essential_issue.startswith("地元の酒販店")
    _, edited = run(db, update_engagement, engagement_id=engagement_id,
                    draft=engagement_draft(client_id, sponsor_id=sponsor_id,
                                           status=EngagementStatus.SELF_RUNNING))
    _, archived = run(db, set_engagement_archived, engagement_id=engagement_id, archived=True)
    with session_scope(db, write=False) as session:
        assert list_engagements(session=session) == []
    for change_set in (archived, edited):
        assert change_set is not None
        with session_scope(db) as session:
            undo_change_set(session=session, change_set=change_set)
    with session_scope(db, write=False) as session:
        [summary] = list_engagements(session=session)
    assert summary.status == EngagementStatus.ACTIVE
    assert created is not None
    with session_scope(db) as session:
        undo_change_set(session=session, change_set=created)
        assert session.exec(select(Engagement)).all() == []


def test_engagement_refusals_name_their_field_and_save_nothing(db: Database) -> None:
    client_id, _ = run(db, create_client, draft=YAMANAKA)
    for draft, field, message in [
        (engagement_draft(None), "client_id", "事業者を選んで"),
        (engagement_draft(client_id, title=" "), "title", "案件名を入力"),
        (engagement_draft(client_id, start_on=None), "start_on", "開始日を入力"),
        (engagement_draft(client_id, planned_end_on=date(2025, 3, 31)), "planned_end_on",
         "終了予定日は開始日より後"),
        (engagement_draft(client_id, fee_amount_yen=-5000), "fee_amount_yen", "0円以上"),
        (engagement_draft(uuid.uuid4()), "client_id", "見つかりません"),
    ]:
        with session_scope(db) as session, pytest.raises(ValidationError, match=message) as raised:
            create_engagement(session=session, draft=draft)
        assert raised.value.field == field
    with session_scope(db, write=False) as session:
        assert session.exec(select(Engagement)).all() == []


def test_a_shorter_period_may_not_strand_plan_dates_or_kpi_targets(db: Database) -> None:
    client_id, _ = run(db, create_client, draft=YAMANAKA)
    engagement_id, _ = run(db, create_engagement, draft=engagement_draft(client_id))
    run(db, add_plan_item, engagement_id=engagement_id, fiscal_year=2026,
        draft=PlanItemDraft(title="自走化の確認", due_on=date(2027, 3, 15)),
        today=date(2025, 11, 20))
    with session_scope(db) as session, pytest.raises(ValidationError, match="自走化の確認") as raised:
        update_engagement(session=session, engagement_id=engagement_id,
                          draft=engagement_draft(client_id, planned_end_on=date(2027, 3, 1)))
    assert raised.value.field == "planned_end_on"
    kpi_id, _ = run(db, add_kpi, engagement_id=engagement_id, draft=KpiDraft(name="売上高"))
    run(db, set_kpi_target, kpi_id=kpi_id, fiscal_year=2027, value=60000)
    with session_scope(db) as session, pytest.raises(ValidationError, match="令和9年度の目標"):
        update_engagement(session=session, engagement_id=engagement_id,
                          draft=engagement_draft(client_id, planned_end_on=date(2027, 3, 31)))
    with session_scope(db, write=False) as session:
        engagement = session.get(Engagement, engagement_id)
        assert engagement is not None and engagement.planned_end_on == date(2028, 3, 31)


def test_a_client_with_an_open_engagement_stays_until_it_closes(db: Database) -> None:
    client_id, _ = run(db, create_client, draft=YAMANAKA)
    engagement_id, _ = run(db, create_engagement, draft=engagement_draft(client_id))
    with session_scope(db) as session, pytest.raises(ValidationError, match="進行中の案件") as raised:
        set_client_archived(session=session, client_id=client_id, archived=True)
    assert raised.value.field == "archived"
    run(db, set_engagement_archived, engagement_id=engagement_id, archived=True)
    run(db, set_client_archived, client_id=client_id, archived=True)
    with session_scope(db, write=False) as session:
        assert list_clients(session=session) == []
        assert [c.name for c in list_clients(session=session, include_archived=True)] == [
            "有限会社やまなか酒造"]
        assert session.exec(select(Client)).one().archived
    with session_scope(db) as session, pytest.raises(ValidationError, match="アーカイブされています"):
        create_engagement(session=session, draft=engagement_draft(client_id, title="新しい案件"))
