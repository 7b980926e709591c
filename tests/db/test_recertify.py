"""The register's use cases beyond declare/amend: ending an interest, the annual
re-certification, a disclosure's history, and the reviews received."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from companion_testing.factories import add_engagement
from sqlmodel import Session, col, func, select

from companion.db.database import Database
from companion.db.models import DisclosureEngagement, DisclosureVersion, LogEntry
from companion.domain.enums import DisclosureKind, DisclosureStatus
from companion.domain.register_log import chain_problems
from companion.errors import KnownError, ValidationError
from companion.review.keys import new_private_key
from companion.review.response import FindingRecord, make_response
from companion.services.disclosures import (
    RECERTIFY_REASON,
    DisclosureDraft,
    amend,
    current_draft,
    declare,
    disclosure_history,
    end_interest,
    list_disclosures,
    preview_response,
    recertification_candidates,
    recertify,
    review_overview,
)
from companion.services.register import log_entries
from companion.services.review_bundle import export_review_bundle
from companion.services.review_import import import_review
from companion.services.session import session_scope

TODAY = date(2026, 5, 20)  # 令和8年度


def _versions(session: Session) -> int:
    return session.exec(select(func.count()).select_from(DisclosureVersion)).one()


@pytest.fixture
def register(db: Database) -> Database:
    """Three interests: an investment (active), an advisory contract (active), and a
    board seat that ended last year."""
    with session_scope(db) as session:
        engagement = add_engagement(session)
        session.commit()
        declare(session=session, draft=DisclosureDraft(
            kind=DisclosureKind.INVESTMENT, counterpart_name="有限会社やまなか酒造",
            counterpart_client_id=engagement.client_id, started_on=date(2025, 6, 1),
            declared_on=date(2025, 6, 3), amount_yen=500_000, share_percent=2.0,
            mitigation="出資先への支援の判断は委託元の担当者と共有する。",
            engagement_ids=(engagement.id,)))
        declare(session=session, draft=DisclosureDraft(
            kind=DisclosureKind.ADVISORY, counterpart_name="合同会社しらかみ観光",
            started_on=date(2025, 10, 1), declared_on=date(2025, 10, 5), amount_yen=360_000,
            role_title="顧問", mitigation="顧問料は委託事業の報告書に明記する。"))
        ended = declare(session=session, draft=DisclosureDraft(
            kind=DisclosureKind.BOARD_SEAT, counterpart_name="株式会社 本荘精工",
            started_on=date(2024, 4, 1), declared_on=date(2024, 4, 2), role_title="社外取締役",
            mitigation="取締役会の議題に支援案件が上がるときは退席する。"))
        end_interest(session=session, disclosure_id=ended, ended_on=date(2025, 3, 31),
                     reason="任期満了により退任", today=date(2025, 4, 10))
    return db


def test_recertify_confirms_each_active_disclosure_as_a_new_version(register: Database) -> None:
    with session_scope(register) as session:
        candidates = recertification_candidates(session=session, today=TODAY)
        assert [c.counterpart_name for c in candidates] == ["有限会社やまなか酒造", "合同会社しらかみ観光"]
        before = {line.number: line for line in list_disclosures(session=session)}
        result = recertify(session=session, today=TODAY,
                           disclosure_ids=[c.disclosure_id for c in candidates])
        assert result.numbers == [1, 2]
        after = {line.number: line for line in list_disclosures(session=session)}
        for number in (1, 2):
            assert after[number].version == before[number].version + 1
            assert after[number].declared_on == TODAY
            assert after[number].status is before[number].status  # unchanged
            assert after[number].amount_yen == before[number].amount_yen
        assert after[3].version == before[3].version  # the ended one is left alone
        history = disclosure_history(session=session, disclosure_id=after[1].disclosure_id)
        confirmed = history.versions[-1]
        assert confirmed.reason == RECERTIFY_REASON
        assert [c.label for c in history.changes(len(history.versions) - 1)] == ["申告日"]
        assert chain_problems(log_entries(session=session)) == []
        # the linked engagements are carried forward too
        links = session.exec(select(DisclosureEngagement).where(
            DisclosureEngagement.version_id == confirmed.version_id)).all()
        assert len(links) == 1


def test_recertify_twice_in_a_fiscal_year_is_refused_and_adds_nothing(register: Database) -> None:
    with session_scope(register) as session:
        recertify(session=session, today=TODAY)
        count = _versions(session)
        assert recertification_candidates(session=session, today=date(2027, 3, 31)) == []
        with pytest.raises(KnownError, match="今年度に確認が必要な開示はありません"):
            recertify(session=session, today=date(2026, 9, 1))
        assert _versions(session) == count
        # the next fiscal year (from April) asks again
        assert len(recertification_candidates(session=session, today=date(2027, 4, 1))) == 2


def test_recertify_refuses_when_the_list_shown_is_out_of_date(register: Database) -> None:
    with session_scope(register) as session:
        shown = [c.disclosure_id for c in recertification_candidates(session=session, today=TODAY)]
        count = _versions(session)
        with pytest.raises(KnownError, match="表示したときから変わりました"):
            recertify(session=session, today=TODAY, disclosure_ids=shown[:1])
        assert _versions(session) == count


def test_a_silent_no_change_amendment_is_still_refused(register: Database) -> None:
    with session_scope(register) as session:
        line = list_disclosures(session=session)[0]
        draft = current_draft(session=session, disclosure_id=line.disclosure_id)
        with pytest.raises(KnownError, match="変更がありません"):
            amend(session=session, disclosure_id=line.disclosure_id,
                  draft=replace(draft, declared_on=TODAY), reason=RECERTIFY_REASON)


def test_ending_an_interest_is_a_new_version_never_a_delete(register: Database) -> None:
    with session_scope(register) as session:
        line = list_disclosures(session=session)[1]
        entries = session.exec(select(func.count()).select_from(LogEntry)).one()
        new_id = end_interest(session=session, disclosure_id=line.disclosure_id,
                              ended_on=date(2026, 4, 30), reason="顧問契約を解約したため",
                              today=TODAY)
        ended = list_disclosures(session=session)[1]
        assert ended.version_id == new_id
        assert (ended.version, ended.status, ended.ended_on) == (
            line.version + 1, DisclosureStatus.ENDED, date(2026, 4, 30))
        assert session.exec(select(func.count()).select_from(LogEntry)).one() == entries + 1
        history = disclosure_history(session=session, disclosure_id=line.disclosure_id)
        assert [v.version for v in history.versions] == [1, 2]
        assert history.versions[-1].reason == "顧問契約を解約したため"


@pytest.mark.parametrize(("ended_on", "reason", "message", "field"), [
    (date(2026, 6, 1), "契約を解約", "未来の日付", "ended_on"),
    (date(2025, 9, 1), "契約を解約", "終了日が開始日より前", "ended_on"),
    (date(2026, 4, 30), "  ", "理由を入力", "reason"),
])
def test_bad_end_input_is_refused_with_its_field(register: Database, ended_on: date, reason: str,
                                                 message: str, field: str) -> None:
    with session_scope(register) as session:
        line = list_disclosures(session=session)[1]
        count = _versions(session)
        with pytest.raises(ValidationError, match=message) as caught:
            end_interest(session=session, disclosure_id=line.disclosure_id, ended_on=ended_on,
                         reason=reason, today=TODAY)
        assert caught.value.field == field
        session.rollback()
        assert _versions(session) == count


def test_ending_twice_is_refused(register: Database) -> None:
    with session_scope(register) as session:
        ended = list_disclosures(session=session)[2]
        with pytest.raises(KnownError, match="既に終了しています"):
            end_interest(session=session, disclosure_id=ended.disclosure_id,
                         ended_on=date(2026, 1, 1), reason="重ねて終了", today=TODAY)


def test_an_ended_status_needs_an_end_date(register: Database) -> None:
    with session_scope(register) as session:
        line = list_disclosures(session=session)[0]
        draft = current_draft(session=session, disclosure_id=line.disclosure_id)
        with pytest.raises(ValidationError, match="終了日を入力") as caught:
            amend(session=session, disclosure_id=line.disclosure_id,
                  draft=replace(draft, status=DisclosureStatus.ENDED), reason="売却")
        assert caught.value.field == "ended_on"


def test_a_reviewed_latest_version_shows_as_reviewed(register: Database, tmp_path: Path) -> None:
    reviewer = new_private_key()
    with session_scope(register) as session:
        exported = export_review_bundle(session=session, out=tmp_path / "review.zip",
                                        practitioner="佐藤 みのり", today=TODAY)
        versions = session.exec(select(DisclosureVersion).order_by(
            col(DisclosureVersion.created_at))).all()
        first = next(v for v in versions if v.counterpart_name == "有限会社やまなか酒造")
        envelope = make_response(
            manifest_sha256=exported.manifest_sha256, checkpoint_text=exported.checkpoint.text(),
            rules_version="2026.1", reviewer_key=reviewer, reviewer_name="高橋 恵子",
            organisation="秋田県よろず支援拠点", reviewed_on=TODAY,
            findings=[FindingRecord(1, first.version, first.id.hex, first.content_hash,
                                    "管理下で容認", "年1回の報告を続けること", "")])
        preview = preview_response(session=session, envelope_text=envelope)
        assert (preview.reviewer_name, preview.known_key, preview.findings) == ("高橋 恵子", False, 1)
        import_review(session=session, envelope_text=envelope,
                      trust_fingerprint=preview.fingerprint)
        lines = list_disclosures(session=session)
        assert [line.shown_status for line in lines] == ["レビュー済", "開示済", "終了"]
        assert lines[0].finding == "管理下で容認"
        overview = review_overview(session=session)
        assert [b.reviewed for b in overview.bundles] == [True]
        [review] = overview.reviews
        assert (review.reviewer, review.organisation) == ("高橋 恵子", "秋田県よろず支援拠点")
        assert [(f.number, f.finding, f.hash_matches) for f in review.findings] == [
            (1, "管理下で容認", True)]
        assert overview.signing_fingerprint == exported.fingerprint
        assert preview_response(session=session, envelope_text=envelope).known_key
        # an amendment after the review: the register no longer shows it as reviewed
        draft = current_draft(session=session, disclosure_id=lines[0].disclosure_id)
        amend(session=session, disclosure_id=lines[0].disclosure_id,
              draft=replace(draft, amount_yen=800_000, declared_on=TODAY), reason="追加出資")
        assert list_disclosures(session=session)[0].shown_status == "開示済"
