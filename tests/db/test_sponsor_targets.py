"""委託元の目標: stored per sponsor, fiscal year and measure; checked before anything is
written; undone like every other write."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from companion.db.database import Database
from companion.db.models import Sponsor, SponsorTarget
from companion.domain.enums import SponsorKind
from companion.domain.sponsor_measures import SponsorMeasure, parse_measure
from companion.errors import KnownError, NotFoundError, ValidationError
from companion.paths import DataPaths
from companion.services.open_export import export_all
from companion.services.open_import import import_all, read_export, require_empty_folder
from companion.services.session import last_change_set, session_scope
from companion.services.sponsor_targets import (
    TargetEntry,
    list_sponsor_targets,
    save_sponsor_targets,
    set_sponsor_target,
    targets_for_editing,
)
from companion.services.storage import open_data_folder
from companion.services.undo import undo_change_set

M = SponsorMeasure
PASSPHRASE = "西馬音内の盆踊りを見に行く夜"


def _sponsors(db: Database) -> tuple[uuid.UUID, uuid.UUID]:
    with session_scope(db) as session:
        city = Sponsor(name="湯沢市 産業振興課", kind=SponsorKind.MUNICIPALITY)
        biz = Sponsor(name="ゆざわ-Biz", kind=SponsorKind.BIZ)
        session.add_all([city, biz])
        session.commit()
        return city.id, biz.id


def _targets(session: Session) -> list[tuple[str, int, str, int]]:
    return [(r.sponsor_name, r.fiscal_year, r.measure.name, r.target)
            for r in list_sponsor_targets(session=session)]


def test_targets_are_stored_listed_changed_and_removed(db: Database) -> None:
    city, biz = _sponsors(db)
    with session_scope(db) as session:
        saved = save_sponsor_targets(session=session, entries=[
            TargetEntry(city, 2025, M.BUSINESSES, 40),
            TargetEntry(city, 2025, M.CONSULTATIONS, 120),
            TargetEntry(biz, 2026, M.STARTUP_SUPPORTS, 12),
            TargetEntry(city, 2024, M.CONSULTATIONS, None),  # nothing there: nothing to do
        ])
        assert (saved.added, saved.changed, saved.removed) == (3, 0, 0)
        # By sponsor name, year, then measure in the sponsor's order (延べ相談件数 first).
        assert _targets(session) == [
            ("ゆざわ-Biz", 2026, "STARTUP_SUPPORTS", 12),
            ("湯沢市 産業振興課", 2025, "CONSULTATIONS", 120),
            ("湯沢市 産業振興課", 2025, "BUSINESSES", 40),
        ]
        again = set_sponsor_target(session=session, sponsor_id=city, fiscal_year=2025,
                                   measure=M.CONSULTATIONS, target=120)
        assert not again.any
        changed = set_sponsor_target(session=session, sponsor_id=city, fiscal_year=2025,
                                     measure=M.CONSULTATIONS, target=150)
        assert changed.changed == 1
        removed = set_sponsor_target(session=session, sponsor_id=biz, fiscal_year=2026,
                                     measure=M.STARTUP_SUPPORTS, target=None)
        assert removed.removed == 1
        assert _targets(session) == [("湯沢市 産業振興課", 2025, "CONSULTATIONS", 150),
                                     ("湯沢市 産業振興課", 2025, "BUSINESSES", 40)]
        assert [r.sponsor_name for r in list_sponsor_targets(session=session, sponsor_id=biz)] \
            == []
        assert len(list_sponsor_targets(session=session, fiscal_year=2026)) == 0


@pytest.mark.parametrize(("target", "shown"), [(0, "0"), (-5, "-5"), (1_000_000, "1000000")])
def test_a_target_out_of_range_refuses_the_whole_save(db: Database, target: int,
                                                     shown: str) -> None:
    city, _ = _sponsors(db)
    with session_scope(db) as session:
        with pytest.raises(ValidationError) as raised:
            save_sponsor_targets(session=session, entries=[
                TargetEntry(city, 2025, M.BUSINESSES, 40),
                TargetEntry(city, 2025, M.NEW_BUSINESSES, target)])
        assert raised.value.message == (
            f"令和7年度の「新規支援事業者数」の目標は 1〜999,999 の整数で入力してください: {shown}")
        assert raised.value.field == "target"
    with session_scope(db, write=False) as session:
        assert session.exec(select(SponsorTarget)).all() == []  # the valid entry neither


def test_a_bad_year_an_unknown_sponsor_or_measure_is_refused(db: Database) -> None:
    city, _ = _sponsors(db)
    with session_scope(db) as session:
        with pytest.raises(ValidationError, match="年度は 1990〜2100 の西暦で指定してください: 1989"):
            set_sponsor_target(session=session, sponsor_id=city, fiscal_year=1989,
                               measure=M.CONSULTATIONS, target=10)
        with pytest.raises(NotFoundError, match="委託元が見つかりません"):
            set_sponsor_target(session=session, sponsor_id=uuid.uuid4(), fiscal_year=2025,
                               measure=M.CONSULTATIONS, target=10)
        with pytest.raises(ValidationError, match="指標を選んでください"):
            set_sponsor_target(session=session, sponsor_id=city, fiscal_year=2025,
                               measure="CONSULTATIONS", target=10)  # type: ignore[arg-type]
    with session_scope(db, write=False) as session:
        assert session.exec(select(SponsorTarget)).all() == []


def test_the_database_refuses_a_measure_that_is_no_code(db: Database) -> None:
    city, _ = _sponsors(db)
    with session_scope(db) as session, pytest.raises(sa.exc.IntegrityError):
        session.execute(sa.text(
            "INSERT INTO sponsortarget (id, created_at, updated_at, sponsor_id, fiscal_year,"
            " measure, target) VALUES (:id, '2026-01-01T00:00:00+00:00',"
            " '2026-01-01T00:00:00+00:00', :sponsor, 2025, '延べ相談件数', 10)"),
            {"id": uuid.uuid4().hex, "sponsor": city.hex})


def test_one_sponsor_year_and_measure_has_one_target(db: Database) -> None:
    city, _ = _sponsors(db)
    with session_scope(db) as session:
        save_sponsor_targets(session=session, entries=[
            TargetEntry(city, 2025, M.CONSULTATIONS, 100),
            TargetEntry(city, 2025, M.CONSULTATIONS, 110)])  # the later entry wins
        assert _targets(session) == [("湯沢市 産業振興課", 2025, "CONSULTATIONS", 110)]


def test_a_save_is_undone_and_redone(db: Database) -> None:
    city, _ = _sponsors(db)
    with session_scope(db) as session:
        save_sponsor_targets(session=session, entries=[
            TargetEntry(city, 2025, M.CONSULTATIONS, 120)])
    with session_scope(db) as session:
        save_sponsor_targets(session=session, entries=[
            TargetEntry(city, 2025, M.CONSULTATIONS, 150),
            TargetEntry(city, 2025, M.SALES_ROSE, 8)])
        change_set = last_change_set(session)
    assert change_set is not None
    with session_scope(db) as session:
        redo = undo_change_set(session=session, change_set=change_set)
        assert _targets(session) == [("湯沢市 産業振興課", 2025, "CONSULTATIONS", 120)]
        undo_change_set(session=session, change_set=redo)
        assert _targets(session) == [("湯沢市 産業振興課", 2025, "CONSULTATIONS", 150),
                                     ("湯沢市 産業振興課", 2025, "SALES_ROSE", 8)]


def test_undo_is_refused_over_a_later_change(db: Database) -> None:
    city, _ = _sponsors(db)
    with session_scope(db) as session:
        set_sponsor_target(session=session, sponsor_id=city, fiscal_year=2025,
                           measure=M.CONSULTATIONS, target=120)
        created = last_change_set(session)
    with session_scope(db) as session:
        set_sponsor_target(session=session, sponsor_id=city, fiscal_year=2025,
                           measure=M.CONSULTATIONS, target=130)
    assert created is not None
    with session_scope(db) as session, pytest.raises(KnownError, match="委託元の目標"):
        undo_change_set(session=session, change_set=created)


def test_the_editor_offers_the_years_around_this_one_and_every_year_with_a_target(
        db: Database) -> None:
    city, biz = _sponsors(db)
    with session_scope(db) as session:
        set_sponsor_target(session=session, sponsor_id=city, fiscal_year=2020,
                           measure=M.CONSULTATIONS, target=80)
        archived = session.get(Sponsor, biz)
        assert archived is not None
        archived.archived = True
        session.commit()
    with session_scope(db, write=False) as session:
        editing = targets_for_editing(session=session, today=date(2026, 12, 3))
    assert editing.years == [2020, 2024, 2025, 2026, 2027]
    assert [s.name for s in editing.sponsors] == ["湯沢市 産業振興課"]  # archived, no target
    assert editing.targets == {(city, 2020, M.CONSULTATIONS): 80}


def test_a_measure_is_named_by_its_code_or_its_label() -> None:
    assert parse_measure("consultations") is M.CONSULTATIONS
    assert parse_measure("売上高が増加した事業者数") is M.SALES_ROSE
    assert parse_measure("相談件数") is None
    assert M.BUSINESSES.unit == "者" and M.SUBSIDY_SUPPORTS.unit == "件"


def test_targets_travel_through_export_all_and_import_all(data_paths: DataPaths,
                                                          tmp_path: Path) -> None:
    source = open_data_folder(data_paths, ask=lambda _purpose: PASSPHRASE, create=True).db
    try:
        city, biz = _sponsors(source)
        with session_scope(source) as session:
            save_sponsor_targets(session=session, entries=[
                TargetEntry(city, 2025, M.CONSULTATIONS, 120),
                TargetEntry(biz, 2026, M.SUCCESSION_SUPPORTS, 4)])
        with session_scope(source, write=False) as session:
            exported = export_all(session=session, database=source, out=tmp_path / "export")
            before = _targets(session)
    finally:
        source.close()
    assert exported.tables["sponsortarget"] == 2
    assert "委託元の年度目標" in (tmp_path / "export" / "README.md").read_text(encoding="utf-8")
    target_paths = DataPaths(tmp_path / "imported")
    checked = read_export(tmp_path / "export")
    require_empty_folder(target_paths)
    imported = open_data_folder(target_paths, ask=lambda _purpose: PASSPHRASE, create=True).db
    try:
        with session_scope(imported) as session:
            import_all(session=session, database=imported, export=checked)
        with session_scope(imported, write=False) as session:
            assert _targets(session) == before == [
                ("ゆざわ-Biz", 2026, "SUCCESSION_SUPPORTS", 4),
                ("湯沢市 産業振興課", 2025, "CONSULTATIONS", 120)]
    finally:
        imported.close()
