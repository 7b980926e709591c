"""A reviewer can prove this year's register extends last year's, and read responses back."""

from __future__ import annotations

import hashlib
import json
import subprocess
import uuid
import zipfile
from datetime import date
from pathlib import Path

import pytest
from companion_testing.review_bundles import TODAY, export, rewrite_register, unzip
from sqlmodel import col, select

from companion.db.models import (
    DisclosureEngagement,
    DisclosureVersion,
    LogEntry,
    Review,
    ReviewFinding,
)
from companion.domain.enums import DisclosureKind
from companion.errors import KnownError
from companion.review.keys import new_private_key, public_pem
from companion.review.response import FindingRecord, make_response
from companion.review.verify import inspect_bundle, verify_since
from companion.services.disclosures import DisclosureDraft, amend, declare
from companion.services.red_flags import compute_red_flags
from companion.services.register import rotate_signing_key
from companion.services.review_import import import_review
from companion.services.session import session_scope
from companion.services.storage import OpenedData

REVIEWER = new_private_key()


def _declare_more(practice: OpenedData) -> None:
    with session_scope(practice.db) as session:
        declare(session=session, draft=DisclosureDraft(
            kind=DisclosureKind.ADVISORY, counterpart_name="合同会社しらかみ観光",
            started_on=date(2026, 11, 4), declared_on=TODAY, amount_yen=30000,
            role_title="顧問", mitigation="顧問料は委託事業の報告書に明記し、評価は別の支援者が行う。"))


def test_a_later_bundle_extends_the_earlier_one(practice: OpenedData, tmp_path: Path) -> None:
    first = export(practice, tmp_path / "2025.zip")
    _declare_more(practice)
    second = export(practice, tmp_path / "2026.zip")
    result = verify_since(second.path, first.path)
    assert result.ok, result.problems
    # One declaration, and the record of this export itself.
    assert second.checkpoint.size == first.checkpoint.size + 2
    with zipfile.ZipFile(second.path) as archive:
        assert archive.read("previous-checkpoint.txt").decode() == first.checkpoint.text()
    folder = unzip(first.path, tmp_path / "first")
    checkpoint = folder / "checkpoint.txt"
    assert verify_since(second.path, checkpoint).ok  # a bare checkpoint file works too


def _first_disclosure_seq(practice: OpenedData) -> int:
    with session_scope(practice.db, write=False) as session:
        return min(s for s in session.exec(select(DisclosureVersion.log_seq)).all() if s)


def test_deleting_the_newest_version_and_resigning_is_caught(practice: OpenedData, tmp_path: Path) -> None:
    _declare_more(practice)
    first = export(practice, tmp_path / "before.zip")
    rewrite_register(practice.db, drop_newest_version=True)
    second = export(practice, tmp_path / "after.zip")
    assert inspect_bundle(second.path).ok  # on its own it looks fine
    problems = verify_since(second.path, first.path).problems
    # The deleted version's place now holds the next export entry: a fork at that entry.
    dropped = first.checkpoint.size - 1
    assert any("分岐" in p and f"記録 {dropped}" in p for p in problems), problems


def test_a_bundle_carries_the_last_checkpoint_so_a_rewrite_shows_on_its_own(
        practice: OpenedData, tmp_path: Path) -> None:
    _declare_more(practice)
    export(practice, tmp_path / "before.zip")
    rewrite_register(practice.db, drop_newest_version=True, forget_bundles=False)
    problems = inspect_bundle(export(practice, tmp_path / "after.zip").path).problems
    assert any("前回のチェックポイント" in p and "書き換え" in p for p in problems), problems


def test_editing_an_old_version_and_resigning_everything_names_the_entry(
        practice: OpenedData, tmp_path: Path) -> None:
    first = export(practice, tmp_path / "before.zip")
    seq = _first_disclosure_seq(practice)
    rewrite_register(practice.db, edit_seq=seq)
    second = export(practice, tmp_path / "after.zip")
    assert inspect_bundle(second.path).ok
    problems = verify_since(second.path, first.path).problems
    assert any(f"記録 {seq}" in p for p in problems), problems
    folder = unzip(second.path, tmp_path / "after")
    old = unzip(first.path, tmp_path / "before") / "checkpoint.txt"
    script = subprocess.run(["python3", "verify_chain.py", "register.json", "--checkpoint",
                             "checkpoint.txt", "--since", str(old)], cwd=folder,
                            capture_output=True, text=True, check=False)
    assert script.returncode != 0 and "NG" in script.stdout


def test_a_bundle_of_another_practitioner_is_refused(practice: OpenedData, tmp_path: Path,
                                                     data_paths) -> None:  # type: ignore[no-untyped-def]
    first = export(practice, tmp_path / "mine.zip")
    with session_scope(practice.db) as session:
        session.exec(select(LogEntry)).all()
    other = tmp_path / "other.txt"
    other.write_text(f"companion-checkpoint/v1\nlog {'ab' * 16}\nsize 1\nhead {'cd' * 32}\n")
    problems = verify_since(first.path, other).problems
    assert any("別の実践者" in p for p in problems)


def _response_for(bundle: Path, *, key=REVIEWER, finding: str = "管理下で容認",  # type: ignore[no-untyped-def]
                  version_id: str | None = None) -> str:
    view = inspect_bundle(bundle).view
    assert view is not None and view.checkpoint is not None
    records = []
    for entry in view.entries:
        if entry.kind != "disclosure":
            continue
        payload = json.loads(entry.payload)

        records.append(FindingRecord(payload["number"], payload["version"],
                                     version_id or payload["version_id"],
                                     hashlib.sha256(entry.payload.encode()).hexdigest(), finding,
                                     conditions="年1回、出資先の評価を別の支援者が行うこと", comment="確認しました"))
    import hashlib as _h

    return make_response(
        manifest_sha256=_h.sha256(view.members["manifest.json"]).hexdigest(),
        checkpoint_text=view.checkpoint.text(), rules_version="2026.1", reviewer_key=key,
        reviewer_name="高橋 誠(中小企業診断士)", organisation="みちのく経営研究所",
        reviewed_on=date(2026, 11, 30), findings=records, comment="全体として適切に管理されている")


def _fingerprint(key) -> str:  # type: ignore[no-untyped-def]
    from companion.review.keys import fingerprint

    return fingerprint(key.public_key())


def test_a_response_lands_on_the_versions_it_reviewed_and_comes_back_signed(
        practice: OpenedData, tmp_path: Path) -> None:
    bundle = export(practice, tmp_path / "review.zip").path
    response = _response_for(bundle)
    with session_scope(practice.db) as session:
        with pytest.raises(KnownError, match="未登録"):
            import_review(session=session, envelope_text=response)
        result = import_review(session=session, envelope_text=response,
                               trust_fingerprint=_fingerprint(REVIEWER)[:16])
        findings = session.exec(select(ReviewFinding)).all()
        versions = {v.id: v for v in session.exec(select(DisclosureVersion)).all()}
        assert result.findings == len(versions) == len(findings)
        assert all(f.reviewed_hash == versions[f.version_id].content_hash for f in findings)
        with pytest.raises(KnownError, match="既に"):
            import_review(session=session, envelope_text=response)
    later = export(practice, tmp_path / "later.zip").path
    with zipfile.ZipFile(later) as archive:
        returned = [n for n in archive.namelist() if n.startswith("reviews/")]
        assert returned and archive.read(returned[0]).decode() == response
    assert verify_since(later, tmp_path / "review.zip").ok
    response_file = tmp_path / "response.dsse.json"
    response_file.write_text(response)
    assert verify_since(later, response_file).ok  # --since a review response


def test_a_change_after_review_raises_the_red_flag(practice: OpenedData, tmp_path: Path) -> None:
    bundle = export(practice, tmp_path / "review.zip").path
    with session_scope(practice.db) as session:
        import_review(session=session, envelope_text=_response_for(bundle),
                      trust_fingerprint=_fingerprint(REVIEWER))
        before = {f.rule for f in compute_red_flags(session=session, today=TODAY)}
        version = session.exec(select(DisclosureVersion).order_by(col(DisclosureVersion.log_seq))).first()
        assert version is not None
        draft = DisclosureDraft(kind=DisclosureKind(version.kind), counterpart_name=version.counterpart_name,
                                started_on=version.started_on, declared_on=version.declared_on,
                                amount_yen=(version.amount_yen or 0) + 500000,
                                mitigation=version.mitigation)
        amend(session=session, disclosure_id=version.disclosure_id, draft=draft, reason="増資に応じた")
        after = compute_red_flags(session=session, today=TODAY)
    assert "レビュー後の変更" not in {str(r) for r in before}
    assert any(str(f.rule) == "レビュー後の変更" for f in after)


@pytest.mark.parametrize("case", ["other bundle", "unknown version", "wrong type", "tampered"])
def test_bad_responses_import_nothing(practice: OpenedData, tmp_path: Path, case: str) -> None:
    bundle = export(practice, tmp_path / "review.zip").path
    if case == "other bundle":
        response = _response_for(bundle).replace('"payload": "', '"payload": "', 1)
        response = make_response(manifest_sha256="0" * 64, checkpoint_text=inspect_bundle(bundle).view.checkpoint.text(),  # type: ignore[union-attr]
                                 rules_version="2026.1", reviewer_key=REVIEWER, reviewer_name="高橋 誠",
                                 organisation="", reviewed_on=date(2026, 11, 30), findings=[])
    elif case == "unknown version":
        response = _response_for(bundle, version_id=uuid.uuid4().hex)
    elif case == "wrong type":
        document = json.loads(_response_for(bundle))
        document["payloadType"] = "text/plain"
        response = json.dumps(document)
    else:
        document = json.loads(_response_for(bundle))
        document["signatures"][0]["sig"] = document["signatures"][0]["sig"][::-1]
        response = json.dumps(document)
    with session_scope(practice.db) as session, pytest.raises(KnownError):
        import_review(session=session, envelope_text=response, trust_fingerprint=_fingerprint(REVIEWER))
    with session_scope(practice.db, write=False) as session:
        assert session.exec(select(Review)).all() == []
        assert session.exec(select(ReviewFinding)).all() == []


def test_a_rotated_key_verifies_old_and_new_entries_and_a_misused_old_key_fails(
        practice: OpenedData, tmp_path: Path) -> None:
    first = export(practice, tmp_path / "before.zip")
    with session_scope(practice.db) as session:
        new_fingerprint = rotate_signing_key(session=session)
    _declare_more(practice)
    second = export(practice, tmp_path / "after.zip")
    assert second.fingerprint == new_fingerprint != first.fingerprint
    result = verify_since(second.path, first.path)
    assert result.ok, result.problems
    assert result.view is not None and len(result.view.keys) == 2
    # The old key signing the new checkpoint: outside its range.
    from companion_testing.review_bundles import rewrite_zip

    from companion.db.models import SigningKey
    from companion.review.bundle import signed_checkpoint_files
    from companion.services.register import _load_private

    with session_scope(practice.db, write=False) as session:
        old_row = session.exec(select(SigningKey).where(col(SigningKey.retired_at).is_not(None))).one()
        old_key = _load_private(old_row)
    assert result.view.checkpoint is not None
    misused = signed_checkpoint_files(result.view.checkpoint, old_key)
    bad = rewrite_zip(second.path, tmp_path / "misused.zip", replace=misused)
    problems = inspect_bundle(bad).problems
    assert any("checkpoint.txt" in p and "範囲外" in p for p in problems), problems
    assert public_pem(old_key.public_key()) != public_pem(new_private_key().public_key())


def test_an_edit_that_changes_nothing_makes_no_new_version(practice: OpenedData) -> None:
    with session_scope(practice.db) as session:
        version = session.exec(
            select(DisclosureVersion).order_by(col(DisclosureVersion.log_seq).desc())).first()
        assert version is not None  # the newest version is the latest of its disclosure
        count = len(session.exec(select(DisclosureVersion)).all())
        same = DisclosureDraft(
            kind=DisclosureKind(version.kind), counterpart_name=version.counterpart_name,
            counterpart_client_id=version.counterpart_client_id, amount_yen=version.amount_yen,
            share_percent=version.share_percent, role_title=version.role_title,
            started_on=version.started_on, ended_on=version.ended_on, declared_on=version.declared_on,
            description=version.description, mitigation=version.mitigation,
            status=version.status, engagement_ids=tuple(session.exec(
                select(DisclosureEngagement.engagement_id)
                .where(DisclosureEngagement.version_id == version.id)).all()),
        )
        with pytest.raises(KnownError, match="変更がありません"):
            amend(session=session, disclosure_id=version.disclosure_id, draft=same, reason="確認のみ")
        assert len(session.exec(select(DisclosureVersion)).all()) == count
