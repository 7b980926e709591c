"""The third-party review in the app: the practitioner exports the bundle, the reviewer
opens it in reviewer mode, records findings and signs a response, and the practitioner
imports it and sees レビュー済. Bad files are refused with a clear message."""

from __future__ import annotations

import json
import uuid
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QFileDialog
from pytestqt.qtbot import QtBot

from companion.db.database import Database, open_database
from companion.domain.enums import Finding
from companion.paths import DataPaths
from companion.review.keys import fingerprint, new_private_key
from companion.review.response import FindingRecord, make_response, parse_response
from companion.review.verify import inspect_bundle
from companion.services.demo import generate_demo
from companion.services.session import session_scope
from companion.settings import Settings
from companion.ui.dialogs.message import MessageDialog
from companion.ui.main_window import MainWindow
from companion.ui.models.disclosure_table import DisclosureTableModel
from companion.ui.tasks import DbWorker
from companion.ui.views.reviewer_mode import ReviewerKeyDialog, ReviewerWindow
from companion.ui.views.reviews import ReviewsPage, TrustKeyDialog

TODAY = date(2026, 11, 20)
PASSPHRASE = "峠の向こうの蔵まで歩く"


@pytest.fixture
def window(qtbot: QtBot, db: Database, data_paths: DataPaths) -> Iterator[MainWindow]:
    with session_scope(db) as session:
        generate_demo(session=session, size="small", today=TODAY)
    settings = Settings(data_paths.settings_file)
    settings.set("practitioner_name", "佐藤 みのり")
    settings.set("organisation", "ゆざわ-Biz")
    main = MainWindow(paths=data_paths, worker=DbWorker(), today=lambda: TODAY)
    qtbot.addWidget(main)
    main.show()
    with qtbot.waitSignal(main.ready, timeout=10_000):
        main.open_data(lambda: open_database(data_paths))
    yield main
    for box in QApplication.topLevelWidgets():
        if isinstance(box, MessageDialog):
            box.close()
    main.close()


def choose_file(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    """The file dialogs answer ``path`` (a test cannot click a native dialog)."""
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *_args, **_kwargs: (str(path), "")))
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *_args, **_kwargs: (str(path), "")))


def reviews_page(qtbot: QtBot, window: MainWindow) -> ReviewsPage:
    page = window.reviews
    with qtbot.waitSignal(page.overview_loaded, timeout=10_000):
        window.show_page(window.REVIEWS)
    return page


def export_bundle(qtbot: QtBot, window: MainWindow, out: Path,
                  monkeypatch: pytest.MonkeyPatch) -> ReviewsPage:
    page = reviews_page(qtbot, window)
    choose_file(monkeypatch, out)
    with qtbot.waitSignal(page.exported, timeout=20_000):
        page.export_action.trigger()
    qtbot.waitUntil(lambda: page.sent_model.rowCount() == 1)
    return page


def open_in_reviewer_mode(qtbot: QtBot, window: MainWindow, bundle: Path,
                          monkeypatch: pytest.MonkeyPatch) -> ReviewerWindow:
    choose_file(monkeypatch, bundle)
    assert window.open_bundle_action.shortcut().toString() == "Ctrl+O"
    window.open_bundle_action.trigger()
    reviewer = window.findChildren(ReviewerWindow)[-1]
    qtbot.waitUntil(lambda: reviewer.bundle is not None or "NG" in reviewer.banner.text(),
                    timeout=20_000)
    return reviewer


def table_texts(model: object, column: int) -> list[str]:
    return [model.index(row, column).data() for row in range(model.rowCount())]  # type: ignore[attr-defined]


def shown_message(qtbot: QtBot) -> MessageDialog:
    qtbot.waitUntil(lambda: any(isinstance(w, MessageDialog) and w.isVisible()
                                for w in QApplication.topLevelWidgets()), timeout=10_000)
    return next(w for w in QApplication.topLevelWidgets()
                if isinstance(w, MessageDialog) and w.isVisible())


def test_export_from_the_review_page_writes_a_bundle_that_verifies(
        qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "令和8年度レビュー"  # no .zip: added
    page = export_bundle(qtbot, window, out, monkeypatch)
    written = tmp_path / "令和8年度レビュー.zip"
    verification = inspect_bundle(written)
    assert verification.ok, verification.problems
    assert verification.view is not None
    assert verification.view.manifest["practitioner"]["name"] == "佐藤 みのり ゆざわ-Biz"
    assert "検証OK" in page.result_label.text() and str(written) in page.result_label.text()
    key = verification.view.key_for(len(verification.view.entries))
    assert key is not None and key.fingerprint[:4] in page.result_label.text()
    assert page.checkpoint_label.text().startswith("companion-checkpoint/v1\nlog ")
    assert f"size {len(verification.view.entries)}" in page.checkpoint_label.text()
    assert table_texts(page.sent_model, 1) == ["令和8年度レビュー.zip"]
    assert table_texts(page.sent_model, 3) == ["応答待ち"]
    assert key.fingerprint[:4] in page.key_label.text()


def test_the_whole_review_round_trip(qtbot: QtBot, window: MainWindow, tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    bundle = tmp_path / "review-2026.zip"
    export_bundle(qtbot, window, bundle, monkeypatch)

    # -- the reviewer ---------------------------------------------------------------------
    reviewer = open_in_reviewer_mode(qtbot, window, bundle, monkeypatch)
    assert reviewer.banner.text().startswith("検証OK")
    assert not reviewer.problem_list.isVisible()
    assert "初めて" in reviewer.continuity_label.text()
    assert reviewer.practitioner_label.text() == "佐藤 みのり ゆざわ-Biz"
    assert table_texts(reviewer.register_model, 0) == ["1", "2", "3", "4", "5"]
    assert table_texts(reviewer.register_model, 10) == ["未記入"] * 5
    assert reviewer.tabs.tabText(1) == "注意事項(4)"
    assert any("本荘精工" in r for r in table_texts(reviewer.flag_panel.model, 2))
    reviewer.select_disclosure(1)
    assert table_texts(reviewer.history.versions_model, 0) == ["1", "2"]
    changes = [(reviewer.history.changes_model.index(r, 0).data(), reviewer.history.changes_model.index(r, 1).data(),
                reviewer.history.changes_model.index(r, 2).data()) for r in range(reviewer.history.changes_model.rowCount())]
    assert ("金額", "500,000円", "800,000円") in changes
    assert ("持分", "1.2%", "1.8%") in changes

    def record(number: int, finding: Finding, conditions: str = "", comment: str = "") -> None:
        reviewer.select_disclosure(number)
        reviewer.finding_combo.setCurrentIndex(reviewer.finding_combo.findText(finding.value))
        reviewer.conditions_edit.setText(conditions)
        reviewer.comment_edit.setPlainText(comment)
        reviewer.record_button.click()

    record(1, Finding.ACCEPTED_UNDER_CONTROL, "出資先の案件の評価は委託元の担当者が行うこと")
    record(2, Finding.NO_ISSUE, comment="申告は遅れたが、管理方法は適切。")
    record(3, Finding.NEEDS_CORRECTION)
    assert "是正してほしい内容" in reviewer.finding_error.text()  # refused, not recorded
    assert table_texts(reviewer.register_model, 10)[2] == "未記入"
    record(3, Finding.NEEDS_CORRECTION, comment="社外取締役としての関与の管理方法を記載してください。")
    record(4, Finding.NO_ISSUE)
    record(5, Finding.NO_ISSUE)
    assert table_texts(reviewer.register_model, 10) == [
        "管理下で容認", "問題なし", "要是正", "問題なし", "問題なし"]
    assert "5 / 5件" in reviewer.progress_label.text()
    reviewer.name_edit.setText("高橋 誠(中小企業診断士)")
    reviewer.organisation_edit.setText("みちのく経営研究所")
    reviewer.overall_edit.setText("出資・役員就任とも開示されている。本荘精工の件は是正を求める。")
    response = tmp_path / "response"
    choose_file(monkeypatch, response)
    reviewer.export_action.trigger()
    qtbot.waitUntil(lambda: isinstance(reviewer.dialog, ReviewerKeyDialog), timeout=10_000)
    key_dialog = reviewer.dialog
    assert isinstance(key_dialog, ReviewerKeyDialog) and key_dialog.creating
    key_dialog.passphrase.setText(PASSPHRASE)
    key_dialog.repeat.setText(PASSPHRASE)
    with qtbot.waitSignal(reviewer.response_written, timeout=20_000) as written:
        key_dialog.accept()
    response_file = tmp_path / "response.json"
    assert written.args[0].path == response_file and response_file.is_file()
    signed = parse_response(response_file.read_text(encoding="utf-8"))
    assert signed.reviewer_name == "高橋 誠(中小企業診断士)"
    assert [f.finding for f in signed.findings] == ["管理下で容認", "問題なし", "要是正", "問題なし",
                                                   "問題なし"]
    assert "応答を書き出しました" in reviewer.status_label.text()
    reviewer.close()

    # -- the practitioner imports it --------------------------------------------------------
    page = window.reviews
    choose_file(monkeypatch, response_file)
    page.import_action.trigger()
    qtbot.waitUntil(lambda: isinstance(page.dialog, TrustKeyDialog), timeout=10_000)
    trust = page.dialog
    assert isinstance(trust, TrustKeyDialog)
    assert trust.fingerprint_label.text().replace(" ", "").replace("\n", "") == signed.reviewer_fingerprint
    with qtbot.waitSignal(page.imported, timeout=10_000) as imported:
        trust.trust_button.click()
    assert "高橋 誠(中小企業診断士)さんのレビュー結果(所見 5件)" in imported.args[0]
    qtbot.waitUntil(lambda: page.reviews_model.rowCount() == 1)
    assert table_texts(page.reviews_model, 2) == ["みちのく経営研究所"]
    assert table_texts(page.reviews_model, 3) == ["問題なし 3・管理下で容認 1・要是正 1"]
    assert table_texts(page.findings_model, 2)[2] == "要是正"
    assert table_texts(page.sent_model, 3) == ["応答あり"]

    register = window.disclosures
    with qtbot.waitSignal(register.loaded, timeout=10_000):
        window.show_page(window.DISCLOSURES)
    assert set(table_texts(register.proxy, DisclosureTableModel.STATUS)) == {"レビュー済"}
    qtbot.waitUntil(lambda: register.history.versions_model.rowCount() > 0)
    assert table_texts(register.history.versions_model, 5)[-1].startswith("管理下で容認(高橋 誠")


def test_reopening_the_bundle_then_a_later_one_checks_continuity(
        qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = tmp_path / "first.zip"
    page = export_bundle(qtbot, window, first, monkeypatch)
    open_in_reviewer_mode(qtbot, window, first, monkeypatch).close()
    with qtbot.waitSignal(page.exported, timeout=20_000):
        page.export_to(tmp_path / "second.zip")
    reviewer = open_in_reviewer_mode(qtbot, window, tmp_path / "second.zip", monkeypatch)
    assert reviewer.banner.text().startswith("検証OK")
    assert "前回確認したバンドル(first.zip" in reviewer.continuity_label.text()
    assert "同じ記録" in reviewer.continuity_label.text()


def truncated(bundle: Path, target: Path) -> Path:
    data = bundle.read_bytes()
    target.write_bytes(data[: len(data) // 2])
    return target


def traversal(bundle: Path, target: Path) -> Path:
    with zipfile.ZipFile(bundle) as source, zipfile.ZipFile(target, "w") as out:
        for name in source.namelist():
            out.writestr(name, source.read(name))
        out.writestr("../../.bashrc", b"echo pwned\n")
    return target


@pytest.mark.parametrize(("spoil", "problem"), [
    (truncated, "zip ファイルではありません"),
    (traversal, "不正なファイル名"),
])
def test_a_bad_bundle_shows_the_problem_and_nothing_else(
        qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        spoil: object, problem: str) -> None:
    good = tmp_path / "good.zip"
    export_bundle(qtbot, window, good, monkeypatch)
    bad = spoil(good, tmp_path / "bad.zip")  # type: ignore[operator]
    reviewer = open_in_reviewer_mode(qtbot, window, bad, monkeypatch)
    assert reviewer.banner.text().startswith("検証NG")
    assert reviewer.problem_list.isVisible()
    assert problem in reviewer.problem_list.item(0).text()
    assert reviewer.register_model.rowCount() == 0
    assert not reviewer.tabs.isEnabled()
    assert not reviewer.export_button.isEnabled() and not reviewer.export_action.isEnabled()
    assert not (window.paths.root / "reviewer-checkpoints.json").exists()


def _response(bundle: Path, *, manifest: str | None = None, version_id: str | None = None,
              tamper: bool = False) -> str:
    view = inspect_bundle(bundle).view
    assert view is not None and view.checkpoint is not None
    import hashlib

    entry = next(e for e in view.entries if e.kind == "disclosure")
    payload = json.loads(entry.payload)
    text = make_response(
        manifest_sha256=manifest or hashlib.sha256(view.members["manifest.json"]).hexdigest(),
        checkpoint_text=view.checkpoint.text(), rules_version="2026.1",
        reviewer_key=REVIEWER, reviewer_name="高橋 誠", organisation="みちのく経営研究所",
        reviewed_on=TODAY, findings=[FindingRecord(
            payload["number"], payload["version"], version_id or payload["version_id"],
            hashlib.sha256(entry.payload.encode()).hexdigest(), "問題なし")])
    if tamper:  # the finding edited after signing
        import base64

        document = json.loads(text)
        statement = base64.b64decode(document["payload"]).decode("utf-8")
        edited = statement.replace("問題なし", "管理下で容認")
        document["payload"] = base64.b64encode(edited.encode("utf-8")).decode("ascii")
        text = json.dumps(document)
    return text


REVIEWER = new_private_key()


@pytest.mark.parametrize(("case", "message"), [
    ("another bundle", "ここから送ったどのバンドルに対するものでもありません"),
    ("tampered", "署名が一致しません"),
    ("unknown disclosure", "がありません"),
])
def test_a_bad_response_is_refused_and_nothing_is_imported(
        qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        case: str, message: str) -> None:
    bundle = tmp_path / "review.zip"
    page = export_bundle(qtbot, window, bundle, monkeypatch)
    text = {
        "another bundle": lambda: _response(bundle, manifest="0" * 64),
        "tampered": lambda: _response(bundle, tamper=True),
        "unknown disclosure": lambda: _response(bundle, version_id=uuid.uuid4().hex),
    }[case]()
    response = tmp_path / "response.json"
    response.write_text(text, encoding="utf-8")
    choose_file(monkeypatch, response)
    with qtbot.waitSignal(page.import_failed, timeout=10_000) as failed:
        page.import_action.trigger()
        if case == "unknown disclosure":  # the key is new: confirmed first, then refused
            qtbot.waitUntil(lambda: isinstance(page.dialog, TrustKeyDialog), timeout=10_000)
            assert fingerprint(REVIEWER.public_key())[:4] in page.dialog.fingerprint_label.text()  # type: ignore[union-attr]
            page.dialog.trust_button.click()  # type: ignore[union-attr]
    assert message in failed.args[0] and "何も取り込んでいません" in failed.args[0]
    assert message in shown_message(qtbot).text_label.text()
    page.reload()
    qtbot.waitUntil(lambda: page.has_data)
    qtbot.waitUntil(lambda: not window.worker.busy)
    assert page.reviews_model.rowCount() == 0
    assert page.reviews_stack.currentWidget() is page.empty
    assert table_texts(page.sent_model, 3) == ["応答待ち"]
