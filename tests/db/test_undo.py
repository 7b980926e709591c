"""Undo and redo any use case from the change log; the disclosure register is exempt."""

from __future__ import annotations

from datetime import date

import pytest
from companion_testing.factories import add_engagement, add_visit
from sqlmodel import select

from companion.db.database import Database
from companion.db.models import Engagement, Visit
from companion.errors import KnownError
from companion.services.search import search
from companion.services.session import last_change_set, session_scope
from companion.services.undo import UndoStack, undo_change_set


def _use_case(db: Database, action) -> object:  # type: ignore[no-untyped-def]
    with session_scope(db) as session:
        action(session)
        session.commit()
        return last_change_set(session)


def test_undo_and_redo_an_edit_a_creation_and_a_deletion(db: Database) -> None:
    def create(session):  # type: ignore[no-untyped-def]
        add_visit(session, add_engagement(session), notes="販路開拓の第一歩として試飲会を企画")

    created = _use_case(db, create)
    with session_scope(db) as session:
        visit = session.exec(select(Visit)).one()
        visit.notes = "試飲会は見送り"
        session.commit()
        edited = last_change_set(session)
    with session_scope(db) as session:
        redo_edit = undo_change_set(session=session, change_set=edited)  # type: ignore[arg-type]
        assert session.exec(select(Visit)).one().notes == "販路開拓の第一歩として試飲会を企画"
        assert search(session=session, query="試飲会を企画")  # the index followed
        edit_again = undo_change_set(session=session, change_set=redo_edit)
        assert session.exec(select(Visit)).one().notes == "試飲会は見送り"
        # The creation cannot be undone over the later edit; once the edit is undone, it can.
        with pytest.raises(KnownError, match="後から変更されているため、元に戻せません"):
            undo_change_set(session=session, change_set=created)  # type: ignore[arg-type]
        undo_change_set(session=session, change_set=edit_again)
        undo_change_set(session=session, change_set=created)  # type: ignore[arg-type]
        assert session.exec(select(Visit)).all() == []
        assert session.exec(select(Engagement)).all() == []


def test_a_read_makes_no_change_set(db: Database) -> None:
    with session_scope(db, write=False) as session:
        session.exec(select(Visit)).all()
        assert last_change_set(session) is None


def test_the_stack_orders_undo_and_redo() -> None:
    import uuid

    stack = UndoStack()
    first, second = uuid.uuid4(), uuid.uuid4()
    stack.record("案件を作成", first)
    stack.record("日付を変更", second)
    assert stack.next_undo() == ("日付を変更", second)
    revert = uuid.uuid4()
    stack.undone(revert)
    assert stack.next_redo() == ("日付を変更", revert)
    stack.record("別の編集", uuid.uuid4())
    assert stack.next_redo() is None


def test_disclosures_cannot_be_undone(db: Database) -> None:
    from companion.domain.enums import DisclosureKind
    from companion.services.disclosures import DisclosureDraft, declare

    with session_scope(db) as session:
        declare(session=session, draft=DisclosureDraft(
            kind=DisclosureKind.INVESTMENT, counterpart_name="株式会社みなと水産",
            started_on=date(2026, 4, 1), declared_on=date(2026, 4, 3), amount_yen=1_000_000))
        change_set = last_change_set(session)
        assert change_set is not None
        with pytest.raises(KnownError, match="取り消せません"):
            undo_change_set(session=session, change_set=change_set)
