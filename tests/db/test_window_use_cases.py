"""The use cases the window used to carry itself (issue 15): create-or-update, the
review key's fingerprint without the keyring, the keyring's answer, the bundle export
in three steps that make the same file as the command line's one."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from companion_testing.demo_folders import DEMO_DAY
from companion_testing.sample_data import TODAY, fill_sample_data

from companion.db.database import Database
from companion.domain.enums import SponsorKind
from companion.errors import KnownError
from companion.paths import DataPaths
from companion.review.verify import inspect_bundle
from companion.services.clients import (
    ClientDraft,
    SponsorDraft,
    engagement_form_choices,
    get_client,
    save_client,
    save_sponsor,
    set_client_archived,
)
from companion.services.disclosures import numbered_red_flags, register_overview
from companion.services.register import create_signing_key, signing_key_fingerprint
from companion.services.review_bundle import (
    prepare_review_bundle,
    record_review_bundle,
    write_review_bundle,
)
from companion.services.session import last_change_set, session_scope
from companion.services.storage import keyring_status


def run(db: Database, use_case: Callable[..., Any], **kwargs: Any) -> tuple[Any, uuid.UUID | None]:
    with session_scope(db) as session:
        result = use_case(session=session, **kwargs)
        return result, last_change_set(session)


def test_save_client_creates_then_updates_and_archiving_answers_its_id(db: Database) -> None:
    client_id, created = run(db, save_client, client_id=None,
                             draft=ClientDraft(name="有限会社やまなか酒造"))
    assert isinstance(client_id, uuid.UUID) and created is not None
    same, _ = run(db, save_client, client_id=client_id,
                  draft=ClientDraft(name="有限会社やまなか酒造 本店"))
    assert same == client_id
    (draft, archived), _ = run(db, get_client, client_id=client_id)
    assert draft.name == "有限会社やまなか酒造 本店" and not archived
    archived_id, _ = run(db, set_client_archived, client_id=client_id, archived=True)
    assert archived_id == client_id
    sponsor_id, _ = run(db, save_sponsor, sponsor_id=None,
                        draft=SponsorDraft(name="湯沢市 産業振興課", kind=SponsorKind.MUNICIPALITY))
    choices, changed = run(db, engagement_form_choices, engagement_id=None)
    assert changed is None and choices.form is None
    assert [c.name for c in choices.clients] == []  # archived: not offered
    assert [s.id for s in choices.sponsors] == [sponsor_id]


def test_the_review_key_fingerprint_needs_no_keyring_and_is_made_once(db: Database) -> None:
    assert run(db, signing_key_fingerprint)[0] is None
    made, changed = run(db, create_signing_key)
    assert len(made) == 64 and changed is not None
    assert run(db, signing_key_fingerprint)[0] == made
    again, unchanged = run(db, create_signing_key)
    assert again == made and unchanged is None


def test_the_keyring_status_of_a_folder_without_a_key(data_paths: DataPaths) -> None:
    status = keyring_status(data_paths)
    assert status.holds_key is None and status.problem == ""
    assert status.backend  # the in-memory keyring of the tests


def test_register_and_flags_carry_the_disclosure_numbers(demo_db: Database) -> None:
    db = demo_db  # 5 disclosures, 6 flags
    overview, changed = run(db, register_overview, today=DEMO_DAY)
    assert changed is None and len(overview.lines) == 5 and len(overview.flags) == 6
    assert any(flag.numbers for flag in overview.flags)
    numbers = {line.number for line in overview.lines}
    assert all(set(flag.numbers) <= numbers for flag in overview.flags)
    every, _ = run(db, numbered_red_flags, today=DEMO_DAY)
    assert [f.flag for f in every] == [f.flag for f in overview.flags]
    for numbered in every:
        for engagement_id in numbered.flag.engagement_ids:
            narrowed, _ = run(db, numbered_red_flags, today=DEMO_DAY, engagement_id=engagement_id)
            assert numbered in narrowed


def test_the_window_export_in_three_steps_writes_a_bundle_that_verifies(
        db: Database, data_paths: DataPaths, tmp_path: Path) -> None:
    with session_scope(db) as session:
        fill_sample_data(session)
        session.commit()
    with pytest.raises(KnownError, match="データフォルダの中には書き出せません"):
        run(db, prepare_review_bundle, out=data_paths.root / "review.zip",
            data_folder=data_paths, today=TODAY)
    prepared, made_key = run(db, prepare_review_bundle, out=tmp_path / "review.zip",
                             data_folder=data_paths, period_from=date(2025, 4, 1),
                             practitioner="佐藤 みのり", today=TODAY)
    assert made_key is not None  # the first bundle made the signing key, committed
    written = write_review_bundle(prepared, verify=True)  # no database
    assert written.problems == () and written.path == tmp_path / "review.zip"
    result, recorded = run(db, record_review_bundle, written=written)
    assert recorded is not None and result.path == written.path
    assert inspect_bundle(written.path).ok
