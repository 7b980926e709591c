"""Every importer meets random and mutated files with a clear error and changes nothing:
review bundles (verify), review responses (import), report templates."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from companion_testing.review_bundles import TODAY, export
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import select

from companion.db.models import Disclosure, Engagement, Review, ReviewFinding
from companion.errors import KnownError
from companion.reports import export_report
from companion.review.verify import inspect_bundle
from companion.services.review_import import import_review
from companion.services.session import session_scope
from companion.services.storage import OpenedData

FUZZ = settings(max_examples=30, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])


def _mutate(data: st.DataObject, original: bytes) -> bytes:
    content = bytearray(original)
    mutation = data.draw(st.sampled_from(["flip", "truncate", "splice"]))
    if mutation == "flip":
        for _ in range(data.draw(st.integers(1, 6))):
            at = data.draw(st.integers(0, len(content) - 1))
            content[at] ^= data.draw(st.integers(1, 255))
    elif mutation == "truncate":
        content = content[: data.draw(st.integers(0, len(content) - 1))]
    else:
        at = data.draw(st.integers(0, len(content)))
        content[at:at] = data.draw(st.binary(min_size=1, max_size=32))
    return bytes(content)


@FUZZ
@given(content=st.binary(max_size=2048))
def test_verify_reports_random_bytes_as_a_problem(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "random.zip"
    path.write_bytes(content)
    result = inspect_bundle(path)
    assert not result.ok and all(p.strip() for p in result.problems)


@FUZZ
@given(data=st.data())
def test_verify_never_accepts_changed_content(practice: OpenedData, tmp_path: Path,
                                              data: st.DataObject) -> None:
    bundle = tmp_path / "bundle.zip"
    if not bundle.exists():
        export(practice, bundle)
    with zipfile.ZipFile(bundle) as archive:
        original = {name: archive.read(name) for name in archive.namelist()}
    mutated = tmp_path / "mutated.zip"
    mutated.write_bytes(_mutate(data, bundle.read_bytes()))
    result = inspect_bundle(mutated)  # never raises: every problem is a line
    if result.ok:
        # Only zip metadata the format does not protect changed (a member's date):
        # every file a reviewer reads is byte for byte what was signed.
        with zipfile.ZipFile(mutated) as archive:
            assert {name: archive.read(name) for name in archive.namelist()} == original


def _state(practice: OpenedData) -> tuple[int, int, int]:
    with session_scope(practice.db, write=False) as session:
        return (len(session.exec(select(Review)).all()),
                len(session.exec(select(ReviewFinding)).all()),
                len(session.exec(select(Disclosure)).all()))


@FUZZ
@given(data=st.data())
def test_mutated_review_responses_import_nothing(practice: OpenedData, tmp_path: Path,
                                                 data: st.DataObject) -> None:
    from test_continuity import REVIEWER, _fingerprint, _response_for

    bundle = tmp_path / "bundle.zip"
    if not bundle.exists():
        export(practice, bundle)
    response = _response_for(bundle).encode()
    mutated = _mutate(data, response)
    before = _state(practice)
    try:
        text = mutated.decode("utf-8")
        json.loads(text)
    except (UnicodeDecodeError, ValueError):
        text = mutated.decode("utf-8", "replace")
    with session_scope(practice.db) as session:
        try:
            import_review(session=session, envelope_text=text,
                          trust_fingerprint=_fingerprint(REVIEWER))
        except KnownError as error:
            assert error.message.strip()
            imported = False
        else:
            imported = True
    if imported:
        # Only JSON whitespace or key order changed; the signed payload is intact.
        assert json.loads(text)["payload"] == json.loads(response)["payload"]
    else:
        assert _state(practice) == before


@FUZZ
@given(content=st.binary(max_size=4096))
def test_a_template_that_is_not_a_word_file_is_refused(practice: OpenedData, tmp_path: Path,
                                                       content: bytes) -> None:
    template = tmp_path / "委託元の様式.docx"
    template.write_bytes(content)
    out = tmp_path / "報告書.docx"
    with session_scope(practice.db, write=False) as session:
        engagement = session.exec(select(Engagement)).first()
        assert engagement is not None
        with pytest.raises(KnownError):
            export_report(session=session, engagement_id=engagement.id, out=out,
                          template=template, today=TODAY)
    assert not out.exists()
    assert not any(p.name.endswith((".partial", ".tmp")) for p in tmp_path.iterdir())
