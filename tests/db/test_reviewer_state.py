"""The reviewer's side without a practitioner database: reading a bundle, remembering
the checkpoint seen per practitioner, the reviewer's own key, and the signed response."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from companion_testing.clocks import register_clock_ticking
from companion_testing.review_bundles import rewrite_register

from companion.db.database import Database
from companion.domain.calendar import JST
from companion.domain.enums import DisclosureKind, Finding
from companion.errors import KnownError, ValidationError
from companion.paths import DataPaths
from companion.review.response import parse_response
from companion.services.disclosures import DisclosureDraft, declare
from companion.services.review_bundle import export_review_bundle
from companion.services.review_import import import_review
from companion.services.reviewer import (
    FindingDraft,
    ReviewerPassphraseNeeded,
    key_path,
    load_state,
    open_bundle,
    read_response_file,
    reviewer_fingerprint,
    reviewer_key,
    state_path,
    write_response,
)
from companion.services.session import session_scope

TODAY = date(2026, 11, 20)
PASSPHRASE = "田んぼの畦道を歩いて確かめる"


@pytest.fixture(autouse=True)
def device_clock() -> Iterator[list[datetime]]:
    """Register entries written in the evening of TODAY, a minute apart (not the real
    day the tests run on, which would make TODAY's declarations look backdated)."""
    with register_clock_ticking(datetime.combine(TODAY, time(19, 0), JST),
                                timedelta(minutes=1)) as now:
        yield now


@pytest.fixture
def practice(demo_db: Database) -> Database:
    return demo_db


@pytest.fixture
def reviewer(tmp_path: Path) -> DataPaths:
    """The reviewer's own data folder: no database in it."""
    return DataPaths(tmp_path / "reviewer")


def export(db: Database, out: Path) -> Path:
    with session_scope(db) as session:
        return export_review_bundle(session=session, out=out, practitioner="佐藤 みのり ゆざわ-Biz",
                                    today=TODAY).path


def declare_more(db: Database) -> None:
    with session_scope(db) as session:
        declare(session=session, draft=DisclosureDraft(
            kind=DisclosureKind.ADVISORY, counterpart_name="合同会社しらかみ観光",
            started_on=date(2026, 10, 1), declared_on=TODAY, amount_yen=360_000,
            role_title="顧問", mitigation="顧問料は委託事業の報告書に明記する。"))


def test_a_bundle_reads_as_register_history_and_red_flags(practice: Database, reviewer: DataPaths,
                                                         tmp_path: Path) -> None:
    opened = open_bundle(path=export(practice, tmp_path / "review.zip"), paths=reviewer, today=TODAY)
    assert opened.ok, opened.problems
    assert opened.practitioner_name == "佐藤 みのり ゆざわ-Biz"
    assert [d.number for d in opened.disclosures] == [1, 2, 3, 4, 5]
    first = opened.disclosures[0]
    assert [v.version for v in first.versions] == [1, 2]
    assert first.latest.content["amount_yen"] == 800_000
    assert {f.rule for f in opened.flags} >= {"申告の遅れ", "管理方法の未記載", "出資先からの報酬"}
    assert any(3 in f.disclosures for f in opened.flags if f.rule == "管理方法の未記載")
    engagement = first.latest.content["engagement_ids"][0]
    assert "道の駅" in opened.names[engagement]
    assert opened.continuity is not None and opened.continuity.status == "first"
    assert opened.identity_fingerprint[:16] in opened.continuity.message
    assert opened.remembered
    remembered = load_state(reviewer).practitioners[opened.identity_fingerprint]
    assert remembered.checkpoint == opened.checkpoint_text
    assert remembered.bundle == "review.zip"


def test_a_later_bundle_is_checked_against_the_one_seen(practice: Database, reviewer: DataPaths,
                                                       tmp_path: Path) -> None:
    open_bundle(path=export(practice, tmp_path / "2025.zip"), paths=reviewer, today=TODAY)
    again = open_bundle(path=tmp_path / "2025.zip", paths=reviewer, today=TODAY)
    assert again.continuity is not None and again.continuity.status == "same"
    declare_more(practice)
    later = open_bundle(path=export(practice, tmp_path / "2026.zip"), paths=reviewer, today=TODAY)
    assert later.continuity is not None
    assert later.continuity.status == "extends"
    assert "2 件を追記" in later.continuity.message  # the declaration and the export
    assert load_state(reviewer).practitioners[later.identity_fingerprint].bundle == "2026.zip"


def test_a_rewritten_register_warns_and_keeps_the_checkpoint_seen(practice: Database,
                                                                 reviewer: DataPaths,
                                                                 tmp_path: Path) -> None:
    declare_more(practice)
    seen = open_bundle(path=export(practice, tmp_path / "before.zip"), paths=reviewer, today=TODAY)
    # The practitioner drops the newest version, re-chains, and forgets the bundle sent.
    rewrite_register(practice, drop_newest_version=True)
    rewritten = open_bundle(path=export(practice, tmp_path / "after.zip"), paths=reviewer,
                            today=TODAY)
    assert rewritten.ok  # on its own it verifies
    assert rewritten.continuity is not None and rewritten.continuity.status == "problem"
    assert any("短く" in p or "分岐" in p for p in rewritten.continuity.problems), (
        rewritten.continuity.problems)
    assert not rewritten.remembered
    kept = load_state(reviewer).practitioners[seen.identity_fingerprint]
    assert kept.bundle == "before.zip"


def test_an_unreadable_state_file_is_reported_not_overwritten(practice: Database,
                                                             reviewer: DataPaths,
                                                             tmp_path: Path) -> None:
    state_path(reviewer).parent.mkdir(parents=True)
    state_path(reviewer).write_text("{壊れた", encoding="utf-8")
    opened = open_bundle(path=export(practice, tmp_path / "review.zip"), paths=reviewer)
    assert opened.ok
    assert opened.continuity is not None and opened.continuity.status == "problem"
    assert "読めません" in opened.continuity.problems[0]
    assert state_path(reviewer).read_text(encoding="utf-8") == "{壊れた"


def test_a_file_that_is_not_a_bundle_opens_as_one_problem(reviewer: DataPaths,
                                                         tmp_path: Path) -> None:
    bad = tmp_path / "not-a-bundle.zip"
    bad.write_bytes("レビューバンドルではない".encode())
    opened = open_bundle(path=bad, paths=reviewer)
    assert not opened.readable and not opened.ok
    assert opened.problems == ["zip ファイルではありません(壊れているか途中で切れています): not-a-bundle.zip"]
    assert not state_path(reviewer).exists()


def test_the_reviewer_key_is_made_once_and_kept_encrypted(reviewer: DataPaths) -> None:
    with pytest.raises(ReviewerPassphraseNeeded) as needed:
        reviewer_key(paths=reviewer, passphrase=None)
    assert needed.value.create
    with pytest.raises(KnownError, match="10文字以上"):
        reviewer_key(paths=reviewer, passphrase="短い")
    assert not key_path(reviewer).exists()
    key = reviewer_key(paths=reviewer, passphrase=PASSPHRASE)
    stored = key_path(reviewer).read_text(encoding="utf-8")
    assert "PRIVATE KEY" not in stored and json.loads(stored)["kdf"]["name"] == "scrypt"
    from companion.review.keys import fingerprint

    assert reviewer_fingerprint(reviewer) == fingerprint(key.public_key())
    # from the keyring: no passphrase needed the second time
    again = reviewer_key(paths=reviewer, passphrase=None)
    assert fingerprint(again.public_key()) == fingerprint(key.public_key())


def test_without_the_keyring_the_passphrase_unlocks_the_same_key(reviewer: DataPaths) -> None:
    import keyring

    from companion.keystore import MemoryKeyring
    from companion.review.keys import fingerprint

    key = reviewer_key(paths=reviewer, passphrase=PASSPHRASE)
    keyring.set_keyring(MemoryKeyring())  # a new laptop: the file, not the keyring entry
    with pytest.raises(ReviewerPassphraseNeeded) as needed:
        reviewer_key(paths=reviewer, passphrase=None)
    assert not needed.value.create
    with pytest.raises(ReviewerPassphraseNeeded) as wrong:
        reviewer_key(paths=reviewer, passphrase="違うパスフレーズを入れてみる")
    assert wrong.value.wrong and "違います" in wrong.value.message
    unlocked = reviewer_key(paths=reviewer, passphrase=PASSPHRASE)
    assert fingerprint(unlocked.public_key()) == fingerprint(key.public_key())


def test_a_signed_response_imports_on_the_practitioner_side(practice: Database,
                                                           reviewer: DataPaths,
                                                           tmp_path: Path) -> None:
    opened = open_bundle(path=export(practice, tmp_path / "review.zip"), paths=reviewer)
    findings = [FindingDraft(d.latest.version_id, Finding.NO_ISSUE) for d in opened.disclosures]
    findings[2] = FindingDraft(opened.disclosures[2].latest.version_id, Finding.NEEDS_CORRECTION,
                               comment="管理方法を記載してください。")
    out = tmp_path / "response.dsse.json"
    written = write_response(paths=reviewer, bundle=opened, findings=findings,
                             reviewer_name="高橋 誠", organisation="みちのく経営研究所",
                             comment="出資先への関与は概ね適切に管理されています。", out=out,
                             passphrase=PASSPHRASE, reviewed_on=TODAY)
    assert written.findings == 5
    text = read_response_file(out)
    response = parse_response(text)
    assert response.reviewer_fingerprint == written.fingerprint
    assert [f.finding for f in response.findings][2] == "要是正"
    assert load_state(reviewer).reviewer_name == "高橋 誠"
    with session_scope(practice) as session:
        result = import_review(session=session, envelope_text=text,
                               trust_fingerprint=written.fingerprint)
    assert result.findings == 5


@pytest.mark.parametrize(("finding", "conditions", "comment", "message", "field"), [
    (Finding.ACCEPTED_UNDER_CONTROL, "", "", "容認の条件", "conditions"),
    (Finding.NEEDS_CORRECTION, "", "", "是正してほしい内容", "comment"),
    (Finding.INSUFFICIENT_INFO, "", " ", "不足している情報", "comment"),
])
def test_a_finding_that_asks_something_must_say_what(practice: Database, reviewer: DataPaths,
                                                     tmp_path: Path, finding: Finding,
                                                     conditions: str, comment: str, message: str,
                                                     field: str) -> None:
    opened = open_bundle(path=export(practice, tmp_path / "review.zip"), paths=reviewer)
    out = tmp_path / "response.dsse.json"
    with pytest.raises(ValidationError, match=message) as caught:
        write_response(paths=reviewer, bundle=opened, findings=[
            FindingDraft(opened.disclosures[0].latest.version_id, finding, conditions, comment)],
            reviewer_name="高橋 誠", organisation="", comment="", out=out, passphrase=PASSPHRASE)
    assert caught.value.field == field
    assert not out.exists() and not key_path(reviewer).exists()


def test_no_response_for_a_bundle_that_failed_verification(practice: Database,
                                                          reviewer: DataPaths,
                                                          tmp_path: Path) -> None:
    import zipfile

    good = export(practice, tmp_path / "review.zip")
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(bad, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "register.csv":
                data = data.replace("出資".encode(), "業務".encode(), 1)
            target.writestr(name, data)
    opened = open_bundle(path=bad, paths=reviewer)
    assert not opened.ok and any("register.csv" in p for p in opened.problems)
    assert not opened.remembered
    with pytest.raises(KnownError, match="検証に失敗したバンドル"):
        write_response(paths=reviewer, bundle=opened, findings=[
            FindingDraft(opened.disclosures[0].latest.version_id, Finding.NO_ISSUE)],
            reviewer_name="高橋 誠", organisation="", comment="", out=tmp_path / "r.json",
            passphrase=PASSPHRASE)


def test_a_missing_name_or_no_findings_is_refused(practice: Database, reviewer: DataPaths,
                                                 tmp_path: Path) -> None:
    opened = open_bundle(path=export(practice, tmp_path / "review.zip"), paths=reviewer)
    with pytest.raises(ValidationError, match="氏名") as caught:
        write_response(paths=reviewer, bundle=opened, findings=[
            FindingDraft(opened.disclosures[0].latest.version_id, Finding.NO_ISSUE)],
            reviewer_name=" ", organisation="", comment="", out=tmp_path / "r.json",
            passphrase=PASSPHRASE)
    assert caught.value.field == "reviewer_name"
    with pytest.raises(ValidationError, match="所見がまだ一つもありません"):
        write_response(paths=reviewer, bundle=opened, findings=[], reviewer_name="高橋 誠",
                       organisation="", comment="", out=tmp_path / "r.json", passphrase=PASSPHRASE)


def test_reading_a_response_file_refuses_binary_and_missing_files(tmp_path: Path) -> None:
    with pytest.raises(KnownError, match="ファイルがありません"):
        read_response_file(tmp_path / "none.json")
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)))
    with pytest.raises(KnownError, match="テキストではありません"):
        read_response_file(binary)
