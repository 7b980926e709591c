"""案件の引き継ぎ between two data folders: the contact card, the package, the import."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

import keyring
import pytest
from companion_testing.referral_practices import REFERRED_TITLE, TODAY, Practice
from sqlmodel import Session, col, select

from companion import APP_NAME
from companion.db.models import (
    Attachment,
    Client,
    DisclosureEngagement,
    DisclosureVersion,
    Engagement,
    Kpi,
    KpiActual,
    KpiTarget,
    LogEntry,
    PlanItem,
    ReferralKey,
    ReferralReceived,
    ReferralSent,
    Visit,
    VisitAction,
)
from companion.errors import KnownError, ValidationError
from companion.review import referral_package
from companion.services import referrals
from companion.services.attachments import add_visit_attachment, attach_file, store_for
from companion.services.health import check_database
from companion.services.red_flags import compute_red_flags
from companion.services.referrals import Consent, ReferralChoice
from companion.services.referrals import card as referral_card
from companion.services.referrals import export as referral_export
from companion.services.session import last_change_set, session_scope
from companion.services.undo import undo_change_set

CONSENT = Consent(given_on=TODAY - timedelta(days=3),
                  scope="支援の経過・行動計画・指標をゆざわ-Bizの高橋へ引き継ぐこと", how="口頭")
PHONE_PASSPHRASE = "くじら餅は四角くて甘い"


def card_of(practice: Practice, folder: Path) -> referral_package.ContactCard:
    written = practice.run(referrals.write_contact_card, out=folder / f"{practice.name}.card",
                           name=practice.name, organisation=practice.organisation)
    return referrals.read_contact_card(written.path)


def export(sender: Practice, out: Path, *, to: referral_package.ContactCard | None = None,
           passphrase: str | None = None, choice: ReferralChoice | None = None,
           consent: Consent = CONSENT, engagement_id: uuid.UUID | None = None,
           ) -> referrals.ReferralExported:
    result: referrals.ReferralExported = sender.run(
        referrals.export_referral, database=True,
        engagement_id=engagement_id or sender.engagement_id(), choice=choice or ReferralChoice(),
        consent=consent, out=out, sender_name=sender.name,
        sender_organisation=sender.organisation, recipient=to, passphrase=passphrase,
        today=TODAY)
    return result


def add_files(practice: Practice, tmp_path: Path) -> tuple[bytes, bytes]:
    """A photo on the engagement's latest visit and a PDF on the engagement itself."""
    engagement_id = practice.engagement_id()
    photo, pdf = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, b"%PDF-1.4\n" + "試作品の原価表".encode() * 50
    (tmp_path / "くじら餅の試作.png").write_bytes(photo)
    (tmp_path / "原価表.pdf").write_bytes(pdf)
    visit_id = practice.read(lambda s: s.exec(
        select(Visit.id).where(Visit.engagement_id == engagement_id, col(Visit.is_draft).is_(False))
        .order_by(col(Visit.started_at).desc())).first())
    practice.run(add_visit_attachment, database=True, visit_id=visit_id,
                 source=tmp_path / "くじら餅の試作.png")
    practice.run(attach_file, store=store_for(practice.db), source=tmp_path / "原価表.pdf",
                 engagement_id=engagement_id)
    return photo, pdf


def engagement_state(session: Session, engagement_id: uuid.UUID) -> dict[str, Any]:
    """What a user sees of an engagement, without ids."""
    engagement = session.get(Engagement, engagement_id)
    assert engagement is not None
    client = session.get(Client, engagement.client_id)
    assert client is not None
    items = session.exec(select(PlanItem).where(PlanItem.engagement_id == engagement_id)).all()
    titles = {item.id: item.title for item in items}
    visits = session.exec(select(Visit).where(Visit.engagement_id == engagement_id)
                          .order_by(col(Visit.started_at))).all()
    kpis = session.exec(select(Kpi).where(Kpi.engagement_id == engagement_id)
                        .order_by(col(Kpi.position))).all()
    return {
        "title": engagement.title, "client": (client.name, client.prefecture, client.city),
        "issue": engagement.essential_issue, "start": engagement.start_on,
        "plan": sorted((item.title, titles.get(item.parent_id) if item.parent_id else None,
                        item.due_on, item.status) for item in items),
        "visits": [(v.started_at, v.purpose, v.notes, v.decisions, sorted(
            (a.text, titles.get(a.plan_item_id) if a.plan_item_id else None)
            for a in session.exec(select(VisitAction).where(VisitAction.visit_id == v.id))))
            for v in visits if not v.is_draft],
        "kpis": [(k.name, k.unit, k.baseline,
                  sorted((t.fiscal_year, t.value) for t in session.exec(
                      select(KpiTarget).where(KpiTarget.kpi_id == k.id))),
                  sorted((a.period_start, a.value) for a in session.exec(
                      select(KpiActual).where(KpiActual.kpi_id == k.id))))
                 for k in kpis],
    }


def test_round_trip_makes_a_new_engagement_with_everything_chosen(
        sender: Practice, receiver: Practice, tmp_path: Path) -> None:
    photo, pdf = add_files(sender, tmp_path)
    card = card_of(receiver, tmp_path)
    assert card.label == "高橋 健一(ゆざわ-Biz)"
    exported = export(sender, tmp_path / "引き継ぎ_松月堂.companion-referral", to=card)
    assert exported.recipient == "高橋 健一(ゆざわ-Biz)"
    assert exported.included.attachments == 2 and exported.included.visits > 5
    before = receiver.engagements()

    info = referrals.inspect_package(exported.path)
    assert info.sender.label == "佐藤 みのり(もがみ-Biz)"
    assert info.sender.fingerprint == exported.fingerprint
    assert not info.needs_passphrase and info.recipient == "高橋 健一(ゆざわ-Biz)"
    preview = receiver.run(referrals.preview_referral, write=False, path=exported.path)
    assert preview.engagement_title == REFERRED_TITLE
    assert preview.matched_client == "有限会社 松月堂"  # same name and 所在地 in both folders
    assert preview.consent == CONSENT
    assert preview.included == exported.included
    assert preview.withheld.fee_terms and preview.withheld.sponsor

    imported = receiver.run(referrals.import_referral, database=True, path=exported.path,
                            today=TODAY)
    assert receiver.engagements() == before + 1
    assert not imported.new_client and imported.client_name == "有限会社 松月堂"
    sent_id = sender.engagement_id()
    assert imported.engagement_id != sent_id
    sent_state = sender.read(lambda s: engagement_state(s, sent_id))
    got_state = receiver.read(lambda s: engagement_state(s, imported.engagement_id))
    assert got_state == sent_state

    # Every record is new (new ids), and the sponsor and fees stayed behind.
    got_visit_ids = set(receiver.read(lambda s: s.exec(select(Visit.id).where(
        Visit.engagement_id == imported.engagement_id)).all()))
    sent_visit_ids = set(sender.read(lambda s: s.exec(select(Visit.id).where(
        Visit.engagement_id == sent_id)).all()))
    assert got_visit_ids and not got_visit_ids & sent_visit_ids
    new = receiver.read(lambda s: s.get(Engagement, imported.engagement_id))
    assert new.sponsor_id is None and new.fee_terms == "" and new.fee_amount_yen is None

    # The files arrived whole, on the visit and on the engagement.
    def contents(session: Session) -> dict[str, bytes]:
        store = store_for(receiver.db)
        found = {}
        for row in session.exec(select(Attachment).where(
                (col(Attachment.engagement_id) == imported.engagement_id)
                | col(Attachment.visit_id).in_(got_visit_ids))):
            buffer = referral_export._Buffer()
            store.read_into(row.sha256, buffer)
            found[row.file_name] = bytes(buffer.data)
        return found

    assert receiver.read(contents) == {"くじら餅の試作.png": photo, "原価表.pdf": pdf}

    # Both sides say where the case went and where it came from.
    notes = receiver.run(referrals.referral_notes, write=False, engagement_id=imported.engagement_id)
    assert [(n.received, n.who, n.consent_how) for n in notes] == [
        (True, "佐藤 みのり(もがみ-Biz)", "口頭")]
    sent_notes = sender.run(referrals.referral_notes, write=False, engagement_id=sent_id)
    assert [(n.received, n.who, n.file_name) for n in sent_notes] == [
        (False, "高橋 健一(ゆざわ-Biz)", "引き継ぎ_松月堂.companion-referral")]
    received = receiver.read(lambda s: s.exec(select(ReferralReceived)).one())
    assert received.sender_engagement_id == sent_id
    assert received.package_id == uuid.UUID(exported.package_id)
    assert receiver.run(referrals.inherited_visit_ids, write=False) == got_visit_ids
    assert check_database(receiver.db).ok
    assert check_database(sender.db).ok


def test_a_business_new_to_the_receiver_is_registered(
        sender: Practice, newcomer: Practice, tmp_path: Path) -> None:
    exported = export(sender, tmp_path / "p.companion-referral", to=card_of(newcomer, tmp_path))
    imported = newcomer.run(referrals.import_referral, database=True, path=exported.path,
                            today=TODAY)
    assert imported.new_client
    client = newcomer.read(lambda s: s.exec(select(Client)).one())
    assert (client.name, client.prefecture, client.city) == ("有限会社 松月堂", "山形県", "新庄市")
    assert newcomer.engagements() == 1


def test_passphrase_mode_needs_the_passphrase_and_refuses_a_wrong_one(
        sender: Practice, receiver: Practice, tmp_path: Path) -> None:
    exported = export(sender, tmp_path / "p.companion-referral", passphrase=PHONE_PASSPHRASE)
    assert exported.by_passphrase and exported.recipient == ""
    assert referrals.inspect_package(exported.path).needs_passphrase
    before = receiver.engagements()
    with pytest.raises(KnownError, match="パスフレーズが必要です"):
        receiver.run(referrals.import_referral, database=True, path=exported.path)
    with pytest.raises(KnownError, match="パスフレーズが違います"):
        receiver.run(referrals.import_referral, database=True, path=exported.path,
                     passphrase="くじら餅は丸くて辛い")
    assert receiver.engagements() == before
    imported = receiver.run(referrals.import_referral, database=True, path=exported.path,
                            passphrase=PHONE_PASSPHRASE, today=TODAY)
    assert imported.title == REFERRED_TITLE
    assert receiver.engagements() == before + 1
    sent = sender.read(lambda s: s.exec(select(ReferralSent)).one())
    assert sent.by_passphrase and sent.recipient_label == ""


def test_a_short_passphrase_is_refused_before_anything_is_written(
        sender: Practice, tmp_path: Path) -> None:
    with pytest.raises(KnownError, match="10文字以上"):
        export(sender, tmp_path / "p.companion-referral", passphrase="くじら餅")
    assert not (tmp_path / "p.companion-referral").exists()
    assert sender.read(lambda s: s.exec(select(ReferralSent)).all()) == []


def flip(path: Path, where: str) -> Path:
    data = bytearray(path.read_bytes())
    start = len(referral_package.MAGIC) + 4
    header_length = int.from_bytes(data[len(referral_package.MAGIC):start], "big")
    header = bytes(data[start:start + header_length])
    offset = {
        "header": start + header.index(b'"name":"') + len(b'"name":"'),  # the sender's name
        "signature": start + header_length + 10,
        "ciphertext": start + header_length + referral_package.SIGNATURE_BYTES + 40,
        "length": len(referral_package.MAGIC) + 3,
        "end": len(data) - 1,
    }[where]
    data[offset] ^= 0x01
    tampered = path.with_name(f"tampered-{where}.companion-referral")
    tampered.write_bytes(bytes(data))
    return tampered


@pytest.mark.parametrize("where", ["header", "signature", "ciphertext", "length", "end"])
def test_a_package_changed_by_one_byte_is_refused_and_nothing_changes(
        sender: Practice, receiver: Practice, tmp_path: Path, where: str) -> None:
    exported = export(sender, tmp_path / "p.companion-referral", to=card_of(receiver, tmp_path))
    tampered = flip(exported.path, where)
    before = receiver.engagements()
    with pytest.raises(KnownError, match="改ざんされたか、壊れています") as refused:
        referrals.inspect_package(tampered)
    assert "何も取り込んでいません" in refused.value.hint
    with pytest.raises(KnownError, match="改ざんされたか、壊れています"):
        receiver.run(referrals.import_referral, database=True, path=tampered)
    assert receiver.engagements() == before
    assert receiver.read(lambda s: s.exec(select(ReferralReceived)).all()) == []
    # The untouched file still imports.
    receiver.run(referrals.import_referral, database=True, path=exported.path, today=TODAY)
    assert receiver.engagements() == before + 1


def test_a_package_for_someone_else_is_refused(
        sender: Practice, receiver: Practice, newcomer: Practice, tmp_path: Path) -> None:
    card_of(receiver, tmp_path)  # the receiver has a key of their own, just not this one
    exported = export(sender, tmp_path / "p.companion-referral", to=card_of(newcomer, tmp_path))
    before = receiver.engagements()
    with pytest.raises(KnownError, match="別の人の連絡先カード宛て") as refused:
        receiver.run(referrals.import_referral, database=True, path=exported.path)
    assert "工藤 さくら(にかほ市 商工会)" in refused.value.message
    assert receiver.engagements() == before


def test_the_same_package_is_imported_once(
        sender: Practice, receiver: Practice, tmp_path: Path) -> None:
    exported = export(sender, tmp_path / "p.companion-referral", to=card_of(receiver, tmp_path))
    receiver.run(referrals.import_referral, database=True, path=exported.path, today=TODAY)
    before = receiver.engagements()
    preview = receiver.run(referrals.preview_referral, write=False, path=exported.path)
    assert preview.already_imported_at is not None
    with pytest.raises(KnownError, match="取り込み済みです") as refused:
        receiver.run(referrals.import_referral, database=True, path=exported.path)
    assert REFERRED_TITLE in refused.value.message
    assert receiver.engagements() == before


def test_an_import_is_one_undo_step_and_can_be_made_again(
        sender: Practice, receiver: Practice, tmp_path: Path) -> None:
    exported = export(sender, tmp_path / "p.companion-referral", to=card_of(receiver, tmp_path))
    before = receiver.engagements()
    with session_scope(receiver.db) as session:
        referrals.import_referral(session=session, database=receiver.db, path=exported.path,
                                  today=TODAY)
        change_set = last_change_set(session)
    assert change_set is not None and receiver.engagements() == before + 1
    receiver.run(undo_change_set, change_set=change_set)
    assert receiver.engagements() == before
    assert receiver.read(lambda s: s.exec(select(ReferralReceived)).all()) == []
    receiver.run(referrals.import_referral, database=True, path=exported.path, today=TODAY)
    assert receiver.engagements() == before + 1


def test_a_changed_contact_card_is_refused(receiver: Practice, tmp_path: Path) -> None:
    card = card_of(receiver, tmp_path)
    path = tmp_path / f"{receiver.name}.card"
    document = json.loads(path.read_text(encoding="utf-8"))
    document["card"]["organisation"] = "よそのセンター"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(KnownError, match="連絡先カードの署名が正しくありません"):
        referrals.read_contact_card(path)
    (tmp_path / "memo.txt").write_text("高橋さんの電話番号 0183-00-0000", encoding="utf-8")
    with pytest.raises(KnownError, match="連絡先カードとして読めません"):
        referrals.read_contact_card(tmp_path / "memo.txt")
    # The card names the register's key: the one the receiver signs bundles with.
    keys = receiver.read(lambda s: s.exec(select(LogEntry.payload).where(LogEntry.kind == "key")).all())
    assert any(card.identity_fingerprint in payload for payload in keys)


def test_the_card_keeps_one_receiving_key(receiver: Practice, tmp_path: Path) -> None:
    first = card_of(receiver, tmp_path)
    second = card_of(receiver, tmp_path)
    assert first.agreement_key == second.agreement_key


def test_the_receiving_key_is_kept_in_the_keyring_and_in_the_database(
        sender: Practice, receiver: Practice, tmp_path: Path) -> None:
    card = card_of(receiver, tmp_path)
    first = export(sender, tmp_path / "first.companion-referral", to=card)
    second = export(sender, tmp_path / "second.companion-referral", to=card)
    name = receiver.read(lambda s: referral_card._keyring_name(s, card.agreement_key))
    stored = keyring.get_password(APP_NAME, name)
    assert stored and stored == receiver.read(
        lambda s: s.exec(select(ReferralKey.private_key)).one())
    # The keyring lost (a new user account): the database's copy opens the package.
    keyring.delete_password(APP_NAME, name)
    receiver.run(referrals.import_referral, database=True, path=first.path, today=TODAY)

    # The database's row gone (the card's export undone): the keyring's copy opens it.
    def forget(session: Session) -> None:
        session.delete(session.exec(select(ReferralKey)).one())
        session.commit()

    keyring.set_password(APP_NAME, name, stored)
    receiver.run(lambda session: forget(session))
    receiver.run(referrals.import_referral, database=True, path=second.path, today=TODAY)
    assert len(receiver.read(lambda s: s.exec(select(ReferralReceived)).all())) == 2


def decrypted(path: Path, receiver: Practice) -> bytes:
    """The package's contents as the receiver's key opens them (the canonical JSON)."""
    sealed = referral_package.read_package(path.read_bytes(), name=path.name)
    key = receiver.read(lambda s: referral_card._agreement_key(s))
    contents = referral_package.open_with_card(sealed, key, name=path.name)
    return referral_package.canonical(contents) + path.read_bytes()


def test_nothing_of_the_register_disclosures_or_red_flags_is_in_the_package(
        sender: Practice, receiver: Practice, tmp_path: Path) -> None:
    engagement_id = sender.engagement_id()
    card = card_of(receiver, tmp_path)
    exported = export(sender, tmp_path / "p.companion-referral", to=card)

    def secrets(session: Session) -> list[str]:
        versions = session.exec(select(DisclosureVersion).join(
            DisclosureEngagement, col(DisclosureEngagement.version_id) == DisclosureVersion.id)
            .where(DisclosureEngagement.engagement_id == engagement_id)).all()
        assert versions, "the referred engagement has a disclosure (the test needs one)"
        found = [text for v in versions for text in (v.description, v.mitigation, v.reason,
                                                    v.content_hash, v.role_title) if len(text) > 4]
        found += [row.entry_hash for row in session.exec(select(LogEntry))]
        found += [row.payload for row in session.exec(select(LogEntry))]
        found += [flag.reason for flag in compute_red_flags(session=session, today=TODAY)]
        return found

    texts = sender.read(secrets)
    assert len(texts) > 10
    plain = decrypted(exported.path, receiver).decode("utf-8", errors="replace")
    assert "くじら餅" in plain  # the visits are there, readable once decrypted
    leaked = [text for text in texts if text in plain]
    assert leaked == []
    for word in ("disclosure", "counterpart", "red_flag", "log_entry", "review"):
        assert f'"{word}' not in plain
    # And the file itself has nothing readable of the records.
    raw = exported.path.read_bytes()
    assert "くじら".encode() not in raw and "松月堂".encode() not in raw


def test_chosen_visits_and_parts_and_what_was_withheld(
        sender: Practice, receiver: Practice, tmp_path: Path) -> None:
    add_files(sender, tmp_path)
    engagement_id = sender.engagement_id()
    source = sender.run(referrals.referral_source, write=False, engagement_id=engagement_id)
    assert source.client_name == "有限会社 松月堂" and len(source.visits) > 3
    chosen = (source.visits[0].id, source.visits[-1].id)
    exported = export(sender, tmp_path / "p.companion-referral", to=card_of(receiver, tmp_path),
                      choice=ReferralChoice(visit_ids=chosen, attachments=False, kpis=False,
                                            plan=True))
    assert exported.included.visits == 2 and exported.included.kpis == 0
    assert exported.withheld.visits == len(source.visits) - 2
    assert exported.withheld.attachments == 2
    assert exported.withheld.kpis == source.kpis > 0
    assert exported.withheld.plan_items == 0
    imported = receiver.run(referrals.import_referral, database=True, path=exported.path,
                            today=TODAY)
    state = receiver.read(lambda s: engagement_state(s, imported.engagement_id))
    assert [v[0] for v in state["visits"]] == [source.visits[0].started_at,
                                                source.visits[-1].started_at]
    assert state["kpis"] == [] and len(state["plan"]) == source.plan_items
    again = sender.run(referrals.referral_source, write=False, engagement_id=engagement_id)
    assert [line.recipient for line in again.sent] == ["高橋 健一(ゆざわ-Biz)"]


def test_private_lines_stay_with_the_sender(
        sender: Practice, receiver: Practice, tmp_path: Path) -> None:
    engagement_id = sender.engagement_id()

    def mark(session: Session) -> None:
        visit = session.exec(select(Visit).where(Visit.engagement_id == engagement_id,
                                                 col(Visit.is_draft).is_(False))).first()
        assert visit is not None
        visit.notes += "\n【非開示】社長の健康状態について家族から相談あり。"
        session.commit()

    sender.run(lambda session: mark(session))
    exported = export(sender, tmp_path / "p.companion-referral", to=card_of(receiver, tmp_path))
    assert exported.withheld.private_lines == 1
    assert "健康状態" not in decrypted(exported.path, receiver).decode("utf-8", errors="replace")


@pytest.mark.parametrize(("consent", "message"), [
    (Consent(given_on=None, scope="計画の引き継ぎ", how="口頭"), "同意を得た日を入力"),
    (Consent(given_on=TODAY + timedelta(days=1), scope="計画の引き継ぎ", how="口頭"), "未来の日付"),
    (Consent(given_on=TODAY, scope="  ", how="口頭"), "同意の範囲を入力"),
    (Consent(given_on=TODAY, scope="計画の引き継ぎ", how=""), "同意の方法を入力"),
])
def test_consent_is_required(sender: Practice, receiver: Practice, tmp_path: Path,
                             consent: Consent, message: str) -> None:
    out = tmp_path / "p.companion-referral"
    with pytest.raises(ValidationError, match=message):
        export(sender, out, to=card_of(receiver, tmp_path), consent=consent)
    assert not out.exists()
    assert sender.read(lambda s: s.exec(select(ReferralSent)).all()) == []


def test_files_too_large_for_a_package_are_refused_before_anything_is_written(
        sender: Practice, receiver: Practice, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    add_files(sender, tmp_path)
    card = card_of(receiver, tmp_path)
    monkeypatch.setattr(referral_export, "MAX_ATTACHMENT_BYTES", 1000)
    out = tmp_path / "p.companion-referral"
    with pytest.raises(KnownError, match="添付ファイルが大きすぎて") as refused:
        export(sender, out, to=card)
    assert "添付ファイルを含めないか" in refused.value.hint
    assert not out.exists()
    assert sender.read(lambda s: s.exec(select(ReferralSent)).all()) == []
    export(sender, out, to=card, choice=ReferralChoice(attachments=False))
    assert out.is_file()


def test_a_visit_of_another_engagement_is_refused(
        sender: Practice, receiver: Practice, tmp_path: Path) -> None:
    other = sender.read(lambda s: s.exec(select(Visit.id).where(
        Visit.engagement_id != sender.engagement_id())).first())
    with pytest.raises(ValidationError, match="この案件の訪問記録ではありません"):
        export(sender, tmp_path / "p.companion-referral", to=card_of(receiver, tmp_path),
               choice=ReferralChoice(visit_ids=(other,)))


def test_the_sender_needs_a_name(sender: Practice, receiver: Practice, tmp_path: Path) -> None:
    with pytest.raises(KnownError, match="氏名が設定されていません"):
        sender.run(referrals.export_referral, database=True,
                   engagement_id=sender.engagement_id(), choice=ReferralChoice(), consent=CONSENT,
                   out=tmp_path / "p.companion-referral", sender_name=" ", sender_organisation="",
                   recipient=card_of(receiver, tmp_path), today=TODAY)


def test_not_a_package(receiver: Practice, tmp_path: Path) -> None:
    path = tmp_path / "議事録.docx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    with pytest.raises(KnownError, match="引き継ぎパッケージではありません"):
        referrals.inspect_package(path)

