"""The window's side of 案件の引き継ぎ: 引き継ぎパッケージを作成… on an engagement's page,
ファイル → 引き継ぎパッケージを取り込む… and ファイル → 連絡先カードを書き出す…"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from companion_testing.referral_practices import REFERRED_TITLE, Practice
from companion_testing.referral_practices import TODAY as DEMO_TODAY
from companion_testing.sample_data import TODAY, fill_sample_data
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot
from sqlmodel import select

from companion.db.database import Database, open_database
from companion.db.models import Engagement, ReferralReceived, ReferralSent
from companion.paths import DataPaths
from companion.review import referral_package
from companion.services import referrals
from companion.services.referrals import Consent, ReferralChoice
from companion.services.session import session_scope
from companion.ui.dialogs import export_report
from companion.ui.dialogs.referral_export import ReferralExportDialog
from companion.ui.dialogs.referral_import import ContactCardDialog, ReferralImportDialog
from companion.ui.fonts import apply_ui_font
from companion.ui.main_window import MainWindow
from companion.ui.tasks import DbWorker

PHONE_PASSPHRASE = "くじら餅は四角くて甘い"


@pytest.fixture
def documents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "Documents"
    folder.mkdir()
    monkeypatch.setattr(export_report, "documents_folder", lambda: folder)
    return folder


@pytest.fixture
def window(qtbot: QtBot, qapp: object, db: Database, data_paths: DataPaths) -> Iterator[MainWindow]:
    """The receiving (and sending) practitioner's window over the sample engagements."""
    apply_ui_font(qapp)  # type: ignore[arg-type]
    with session_scope(db) as session:
        fill_sample_data(session)
        session.commit()
    main_window = MainWindow(paths=data_paths, worker=DbWorker(), today=lambda: TODAY)
    qtbot.addWidget(main_window)
    main_window.resize(1280, 720)
    main_window.show()
    with qtbot.waitSignal(main_window.ready, timeout=10_000):
        main_window.open_data(lambda: open_database(data_paths))
    main_window.settings.set("practitioner_name", "高橋 健一")
    main_window.settings.set("organisation", "ゆざわ-Biz")
    yield main_window
    main_window.close()


def rows(paths: DataPaths, model: Any, *where: Any) -> list[Any]:
    """The window's rows of ``model``, read from a connection of the test's own."""
    database = open_database(paths)
    try:
        with session_scope(database, write=False) as session:
            return list(session.exec(select(model).where(*where)))
    finally:
        database.close()


def referral_row(window: MainWindow) -> str:
    """The engagement page's 引き継ぎ row as read: its label and its text."""
    page = window.detail
    label = page._referral_form.labelForField(page.referral_label)
    assert isinstance(label, QLabel)
    return f"{label.text()} {page.referral_label.text()}" if page.referral_label.isVisible() else ""


def open_yamanaka(qtbot: QtBot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.engagements.loaded):
        window.show_page(window.ENGAGEMENTS)
    model = window.engagements.model
    row = next(r for r in range(model.rowCount())
               if model.engagement_at(r).client_name == "有限会社やまなか酒造")
    window.detail.opener = lambda _url: None
    with qtbot.waitSignal(window.detail.loaded):
        window.open_engagement(model.engagement_at(row).id)
    assert window.detail.referral_button.isEnabled()


def export_dialog(qtbot: QtBot, window: MainWindow) -> ReferralExportDialog:
    window.detail.referral_button.click()
    dialog = window.detail.export_dialog
    assert isinstance(dialog, ReferralExportDialog) and dialog.isVisible()
    if not dialog.run_button.isEnabled():
        with qtbot.waitSignal(dialog.loaded):
            pass
    return dialog


def a_card(tmp_path: Path) -> tuple[Path, object]:
    """A colleague's card (佐藤 at もがみ-Biz), and the key that opens packages to it."""
    identity, agreement = (Ed25519PrivateKey.generate(),
                           referral_package.new_agreement_key())
    _card, data = referral_package.make_card(name="佐藤 みのり", organisation="もがみ-Biz",
                                             identity=identity, agreement=agreement,
                                             made_at="2025-11-18T09:00:00+09:00")
    path = tmp_path / "連絡先カード_佐藤.companion-card"
    path.write_bytes(data)
    return path, agreement


def choose_card(qtbot: QtBot, dialog: ReferralExportDialog, path: Path) -> None:
    with qtbot.waitSignal(dialog.card_read) as read:
        dialog.card_edit.setText(str(path))
        dialog.card_edit.editingFinished.emit()
    assert read.args == ["佐藤 みのり(もがみ-Biz)"]


def test_a_package_for_a_card_is_made_from_the_engagement_page(
        qtbot: QtBot, window: MainWindow, tmp_path: Path, documents: Path) -> None:
    open_yamanaka(qtbot, window)
    dialog = export_dialog(qtbot, window)
    assert dialog.all_visits_radio.isChecked()
    assert dialog.visit_list.count() > 10
    assert dialog.out_edit.text().startswith(str(documents))
    assert dialog.out_edit.text().endswith(".companion-referral")
    card_path, agreement = a_card(tmp_path)
    choose_card(qtbot, dialog, card_path)
    assert "鍵の指紋" in dialog.card_label.text()
    # Only two visits, no KPIs.
    dialog.chosen_visits_radio.setChecked(True)
    dialog.visit_list.item(0).setCheckState(Qt.CheckState.Checked)
    dialog.visit_list.item(1).setCheckState(Qt.CheckState.Checked)
    dialog.kpi_check.setChecked(False)
    dialog.consent_date.edit.setText("2025/11/18")
    dialog.consent_scope.setText("支援の経過と計画をもがみ-Bizの佐藤へ引き継ぐこと")
    dialog.consent_how.setCurrentText("書面")
    out = tmp_path / "引き継ぎ_やまなか.companion-referral"
    dialog.out_edit.setText(str(out))
    with qtbot.waitSignal(dialog.written, timeout=10_000) as written:
        dialog.run_button.click()
    result = written.args[0]
    assert result.path == out and out.is_file()
    assert result.included.visits == 2 and result.included.kpis == 0
    qtbot.waitUntil(lambda: dialog.result_box.path == out)
    assert "佐藤 みのり(もがみ-Biz)" in dialog.result_box.message_label.text()
    # The colleague's key opens it; the practitioner's page says where the case went.
    sealed = referral_package.read_package(out.read_bytes(), name=out.name)
    contents = referral_package.open_with_card(sealed, agreement, name=out.name)  # type: ignore[arg-type]
    assert contents["client"]["name"] == "有限会社やまなか酒造"
    assert contents["consent"]["how"] == "書面"
    assert sealed.sender.label == "高橋 健一(ゆざわ-Biz)"
    qtbot.waitUntil(lambda: referral_row(window).startswith("引き継ぎ先: 佐藤 みのり(もがみ-Biz)"))
    assert "同意 2025/11/18 書面" in referral_row(window)
    assert window.detail.referral_label.isVisible()


def test_nothing_is_written_without_a_card_or_the_consent(
        qtbot: QtBot, window: MainWindow, tmp_path: Path, documents: Path,
        data_paths: DataPaths) -> None:
    open_yamanaka(qtbot, window)
    dialog = export_dialog(qtbot, window)
    out = tmp_path / "p.companion-referral"
    dialog.out_edit.setText(str(out))
    with qtbot.waitSignal(dialog.failed) as failed:
        dialog.run_button.click()
    assert "連絡先カードを選んでください" in failed.args[0]
    choose_card(qtbot, dialog, a_card(tmp_path)[0])
    dialog.consent_how.setCurrentText("口頭")
    with qtbot.waitSignal(dialog.failed, timeout=10_000) as failed:
        dialog.run_button.click()
    assert "同意の範囲を入力してください" in failed.args[0]
    assert dialog.result_box.isVisible() and dialog.result_box.path is None
    assert not out.exists()
    dialog.passphrase_radio.setChecked(True)
    dialog.passphrase_edit.setText(PHONE_PASSPHRASE)
    dialog.passphrase_again.setText(PHONE_PASSPHRASE + "。")
    with qtbot.waitSignal(dialog.failed) as failed:
        dialog.run_button.click()
    assert "一致しません" in failed.args[0]
    assert not out.exists()
    assert rows(data_paths, ReferralSent) == []


def test_the_dialog_fits_a_small_screen(qtbot: QtBot, window: MainWindow, tmp_path: Path,
                                        documents: Path) -> None:
    open_yamanaka(qtbot, window)
    dialog = export_dialog(qtbot, window)
    assert dialog.height() <= 700 and dialog.width() <= 1280
    dialog.grab().save(str(tmp_path / "referral-export.png"))


def card_from_window(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> Path:
    dialog = window.export_contact_card()
    assert isinstance(dialog, ContactCardDialog)
    out = tmp_path / "連絡先カード_高橋.companion-card"
    dialog.out_edit.setText(str(out))
    with qtbot.waitSignal(dialog.written, timeout=10_000):
        dialog.run_button.click()
    qtbot.waitUntil(lambda: dialog.result_box.path == out)
    assert "鍵の指紋" in dialog.result_box.message_label.text()
    dialog.close()
    return out


def package_from(sender: Practice, out: Path, *, card: Path | None = None,
                 passphrase: str | None = None) -> Path:
    engagement_id = sender.engagement_id()
    exported = sender.run(
        referrals.export_referral, database=True, engagement_id=engagement_id,
        choice=ReferralChoice(), consent=Consent(given_on=DEMO_TODAY - timedelta(days=2),
                                                 scope="経過と計画の引き継ぎ", how="メール"),
        out=out, sender_name=sender.name, sender_organisation=sender.organisation,
        recipient=referrals.read_contact_card(card) if card else None, passphrase=passphrase,
        today=DEMO_TODAY)
    return Path(exported.path)


def import_dialog(window: MainWindow) -> ReferralImportDialog:
    dialog = window.import_referral()
    assert isinstance(dialog, ReferralImportDialog)
    return dialog


def test_a_package_is_previewed_then_imported_as_a_new_engagement(
        qtbot: QtBot, window: MainWindow, sender: Practice, tmp_path: Path) -> None:
    card = card_from_window(qtbot, window, tmp_path)
    package = package_from(sender, tmp_path / "引き継ぎ_松月堂.companion-referral", card=card)
    dialog = import_dialog(window)
    with qtbot.waitSignal(dialog.previewed, timeout=10_000):
        dialog.set_file(package)
    assert "佐藤 みのり(もがみ-Biz)" in dialog.sender_label.text()
    assert "署名を確認しました" in dialog.sender_label.text()
    shown = dialog.contents_view.toPlainText()
    assert f"案件: {REFERRED_TITLE}" in shown
    assert "新しい事業者として登録します" in shown
    assert "含まれないもの" in shown and "報告書の所見 1件" in shown
    assert "利益相反の開示" in shown
    assert dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.imported, timeout=10_000) as imported:
        dialog.import_button.click()
    engagement_id = imported.args[0].engagement_id
    qtbot.waitUntil(lambda: window.detail.engagement_id == engagement_id)
    qtbot.waitUntil(lambda: referral_row(window).startswith("引き継ぎ元: 佐藤 みのり(もがみ-Biz)"))
    assert window.detail.title_label.text() == REFERRED_TITLE
    # Again: refused, with when it was imported.
    dialog.file_edit.clear()
    with qtbot.waitSignal(dialog.failed, timeout=10_000) as failed:
        dialog.set_file(package)
    assert "取り込み済みです" in failed.args[0]
    assert not dialog.import_button.isEnabled()


def test_a_passphrase_package_asks_for_it(
        qtbot: QtBot, window: MainWindow, sender: Practice, tmp_path: Path,
        data_paths: DataPaths) -> None:
    package = package_from(sender, tmp_path / "p.companion-referral", passphrase=PHONE_PASSPHRASE)
    dialog = import_dialog(window)
    with qtbot.waitSignal(dialog.inspected, timeout=10_000):
        dialog.set_file(package)
    assert dialog.passphrase_row.isVisible()
    dialog.passphrase_edit.setText("くじら餅は丸くて辛い")
    with qtbot.waitSignal(dialog.failed, timeout=10_000) as failed:
        dialog.open_button.click()
    assert "パスフレーズが違います" in failed.args[0]
    assert not dialog.import_button.isEnabled()
    dialog.passphrase_edit.setText(PHONE_PASSPHRASE)
    with qtbot.waitSignal(dialog.previewed, timeout=10_000):
        dialog.open_button.click()
    with qtbot.waitSignal(dialog.imported, timeout=10_000):
        dialog.import_button.click()
    (received,) = rows(data_paths, ReferralReceived)
    assert rows(data_paths, Engagement, Engagement.id == received.engagement_id)


def test_a_changed_package_is_refused_in_the_window(
        qtbot: QtBot, window: MainWindow, sender: Practice, tmp_path: Path) -> None:
    card = card_from_window(qtbot, window, tmp_path)
    package = package_from(sender, tmp_path / "p.companion-referral", card=card)
    data = bytearray(package.read_bytes())
    data[-10] ^= 0x01
    tampered = tmp_path / "改ざん.companion-referral"
    tampered.write_bytes(bytes(data))
    dialog = import_dialog(window)
    with qtbot.waitSignal(dialog.failed, timeout=10_000) as failed:
        dialog.set_file(tampered)
    assert "改ざんされたか、壊れています" in failed.args[0]
    assert not dialog.import_button.isEnabled()
    assert dialog.contents_view.toPlainText() == ""
    dialog.grab().save(str(tmp_path / "referral-import-refused.png"))


def test_the_file_menu_has_the_referral_actions(window: MainWindow) -> None:
    texts = [action.text() for action in window.findChildren(QAction)]
    assert "引き継ぎパッケージを取り込む…" in texts
    assert "連絡先カードを書き出す…" in texts

