"""The third-party review in the app: the practitioner exports the bundle, the reviewer
opens it in reviewer mode, records findings and signs a response, and the practitioner
imports it and sees レビュー済. Bad files are refused with a clear message."""

from __future__ import annotations

import csv
import io
import json
import uuid
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from companion.db.database import Database, open_database
from companion.domain.enums import Finding
from companion.paths import DataPaths
from companion.review.keys import fingerprint, new_private_key
from companion.review.response import FindingRecord, make_response, parse_response
from companion.review.verify import inspect_bundle
from companion.settings import Settings
from companion.ui.dialogs.message import MessageDialog
from companion.ui.main_window import MainWindow
from companion.ui.models.disclosure_table import DisclosureTableModel
from companion.ui.tasks import DbWorker
from companion.ui.views import reviewer_mode
from companion.ui.views.reviewer_mode import ReviewerKeyDialog, ReviewerWindow
from companion.ui.views.reviews import ReviewsPage, TrustKeyDialog

TODAY = date(2026, 11, 20)
PASSPHRASE = "峠の向こうの蔵まで歩く"


@pytest.fixture
def window(qtbot: QtBot, demo_db: Database, data_paths: DataPaths) -> Iterator[MainWindow]:
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


def disclosure_id(reviewer: ReviewerWindow, number: int) -> str:
    """The id of the disclosure shown as 開示<number> (unique in the demo data)."""
    assert reviewer.bundle is not None
    [found] = [d.disclosure_id for d in reviewer.bundle.disclosures if d.number == number]
    return found


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
    # The checkpoint in plain words; its raw text only on the clipboard.
    size = len(verification.view.entries)
    assert page.checkpoint_label.text() == (
        f"チェックポイント: 令和8年11月20日時点の開示記録(全{size}件)を確定した印です。"
        "次回のレビューでこの時点以降の変更だけを確認できます。")
    assert "companion-checkpoint" not in page.checkpoint_label.text()
    assert "companion-checkpoint" not in page.result_label.text()
    QApplication.clipboard().clear()
    page.copy_checkpoint_button.click()
    assert QApplication.clipboard().text() == verification.view.checkpoint.text()  # type: ignore[union-attr]
    assert page.copy_checkpoint_button.text() == "コピーしました"
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
    assert reviewer.tabs.tabText(1) == "注意事項(6)"
    assert any("本荘精工" in r for r in table_texts(reviewer.flag_model, 2))
    reviewer.select_disclosure(disclosure_id(reviewer, 1))
    assert table_texts(reviewer.history.versions_model, 0) == ["1", "2"]
    changes = [(reviewer.history.changes_model.index(r, 0).data(), reviewer.history.changes_model.index(r, 1).data(),
                reviewer.history.changes_model.index(r, 2).data()) for r in range(reviewer.history.changes_model.rowCount())]
    assert ("金額", "500,000円", "800,000円") in changes
    assert ("持分", "1.2%", "1.8%") in changes

    def record(number: int, finding: Finding, conditions: str = "", comment: str = "") -> None:
        reviewer.select_disclosure(disclosure_id(reviewer, number))
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
    assert reviewer.unsent() == []  # every finding is in the response: closing asks nothing
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
    # The same records, or (when the register notes each export) those plus new ones.
    assert reviewer.bundle is not None and reviewer.bundle.continuity is not None
    assert reviewer.bundle.continuity.status in ("same", "extends")
    assert "同じ記録" in reviewer.continuity_label.text() or "書き換えずに" in reviewer.continuity_label.text()


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


# -- the reviewer's work is kept ----------------------------------------------------------------

class Answers:
    """Stands in for the reviewer at a question box: records each box and clicks the
    button named ``answer`` (a test cannot click a modal box it is waiting on)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.boxes: list[tuple[str, str, list[str]]] = []  # text, default button, buttons
        self.answer = "キャンセル"
        monkeypatch.setattr(reviewer_mode, "ask", self)

    def __call__(self, box: QMessageBox) -> QAbstractButton | None:
        default = box.defaultButton()
        self.boxes.append((box.text(), default.text() if default else "",
                           [b.text() for b in box.buttons()]))
        return next(b for b in box.buttons() if b.text() == self.answer)


def bundle_table(bundle: Path, name: str) -> list[list[str]]:
    with zipfile.ZipFile(bundle) as archive:
        text = archive.read(name).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_findings_are_saved_as_typed_and_come_back_when_the_bundle_is_reopened(
        qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bundle = tmp_path / "review-2026.zip"
    export_bundle(qtbot, window, bundle, monkeypatch)
    answers = Answers(monkeypatch)
    reviewer = open_in_reviewer_mode(qtbot, window, bundle, monkeypatch)
    first, second = disclosure_id(reviewer, 1), disclosure_id(reviewer, 2)
    reviewer.select_disclosure(first)
    reviewer.finding_combo.setCurrentIndex(reviewer.finding_combo.findText("問題なし"))
    reviewer.comment_edit.setPlainText("出資額の変更は申告どおり。")
    reviewer.record_button.click()
    reviewer.select_disclosure(second)
    reviewer.finding_combo.setCurrentIndex(reviewer.finding_combo.findText("要是正"))
    with qtbot.waitSignal(reviewer.draft_saved, timeout=10_000):
        qtbot.keyClicks(reviewer.comment_edit, "mitigation")  # typed, not recorded
    drafts = json.loads((window.paths.root / "reviewer-drafts.json").read_text(encoding="utf-8"))
    [saved] = drafts["bundles"].values()
    assert [f["finding"] for f in saved["findings"]] == ["問題なし"]
    assert [(t["finding"], t["comment"]) for t in saved["typed"]] == [("要是正", "mitigation")]
    assert sorted(reviewer.unsent()) == sorted([reviewer.bundle.disclosures[0].latest.version_id,  # type: ignore[union-attr]
                                                reviewer.bundle.disclosures[1].latest.version_id])  # type: ignore[union-attr]

    # Closing asks first; キャンセル (the default) keeps the window open.
    reviewer.close()
    text, default, buttons = answers.boxes[-1]
    assert "まだ応答として書き出していない所見が 2件" in text
    assert default == "キャンセル" and buttons == ["閉じる", "キャンセル"]
    assert reviewer.isVisible()
    answers.answer = "閉じる"
    reviewer.close()
    assert not reviewer.isVisible()

    again = open_in_reviewer_mode(qtbot, window, bundle, monkeypatch)
    assert "前回の作業を戻しました(記録済みの所見 1件・入力途中 1件)" in again.status_label.text()
    assert table_texts(again.register_model, 10)[:2] == ["問題なし", "未記入"]
    again.select_disclosure(second)
    assert again.finding_combo.currentText() == "要是正"
    assert again.comment_edit.toPlainText() == "mitigation"
    again.select_disclosure(first)
    assert again.comment_edit.toPlainText() == "出資額の変更は申告どおり。"
    again.close()
    assert "2件" in answers.boxes[-1][0]


def test_quitting_the_app_asks_for_the_reviewers_unsent_findings_first(
        qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bundle = tmp_path / "review-2026.zip"
    export_bundle(qtbot, window, bundle, monkeypatch)
    answers = Answers(monkeypatch)
    reviewer = open_in_reviewer_mode(qtbot, window, bundle, monkeypatch)
    reviewer.select_disclosure(disclosure_id(reviewer, 1))
    reviewer.finding_combo.setCurrentIndex(reviewer.finding_combo.findText("問題なし"))
    reviewer.record_button.click()
    window.close()  # the main window closes its reviewer windows first: they ask
    assert "まだ応答として書き出していない所見が 1件" in answers.boxes[-1][0]
    assert window.isVisible() and reviewer.isVisible()  # キャンセル keeps both open
    answers.answer = "閉じる"
    window.close()  # the reviewer window is gone (deleted on close), then the app closes
    assert len(answers.boxes) == 2 and not window.isVisible()


def test_exporting_with_disclosures_lacking_a_finding_names_them_first(
        qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bundle = tmp_path / "review-2026.zip"
    export_bundle(qtbot, window, bundle, monkeypatch)
    answers = Answers(monkeypatch)
    reviewer = open_in_reviewer_mode(qtbot, window, bundle, monkeypatch)
    for number in (1, 2, 4, 5):
        reviewer.select_disclosure(disclosure_id(reviewer, number))
        reviewer.finding_combo.setCurrentIndex(reviewer.finding_combo.findText("問題なし"))
        reviewer.record_button.click()
    asked: list[str] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *_a, **_k: (asked.append("file") or "", "")))
    reviewer.export_action.trigger()
    text, default, buttons = answers.boxes[-1]
    assert "次の開示にはまだ所見がありません" in text
    assert "開示3 第" in text and "本荘精工" in text
    assert "開示1 " not in text
    assert default == "キャンセル" and buttons == ["このまま書き出す", "キャンセル"]
    assert asked == []  # キャンセル: no file was asked for
    answers.answer = "このまま書き出す"
    reviewer.export_action.trigger()
    assert asked == ["file"]
    answers.answer = "閉じる"
    reviewer.close()


def test_the_reviewer_sees_the_engagements_and_visit_summaries_of_the_bundle(
        qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bundle = tmp_path / "review-2026.zip"
    export_bundle(qtbot, window, bundle, monkeypatch)
    reviewer = open_in_reviewer_mode(qtbot, window, bundle, monkeypatch)
    engagements = bundle_table(bundle, "engagements.csv")
    visits = bundle_table(bundle, "visits-summary.csv")
    assert len(engagements) > 1 and len(visits) > 1
    assert reviewer.tabs.tabText(2) == f"案件と訪問({len(engagements) - 1})"
    model = reviewer.engagements_model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == engagements[0][1:]  # the id column is left out
    assert model.rowCount() == len(engagements) - 1
    assert model.index(0, headers.index("事業者")).data() == engagements[1][2]
    start = engagements[1][6]
    assert model.index(0, headers.index("開始日")).data() == start.replace("-", "/")
    assert reviewer.visits_model.rowCount() == len(visits) - 1
    visit_headers = [reviewer.visits_model.headerData(c, Qt.Orientation.Horizontal)
                     for c in range(reviewer.visits_model.columnCount())]
    assert "件数" in visit_headers and "時間" in visit_headers
    reviewer.close()


def test_disclosures_of_two_devices_with_the_same_number_stay_apart(
        qtbot: QtBot, data_paths: DataPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each device numbers its own disclosures: two 開示3 are two disclosures, told
    apart by their id; a finding on one is not shown on the other."""
    from companion.services.reviewer import (
        BundleDisclosure,
        BundleVersion,
        OpenedBundle,
        ReviewOpening,
        _disclosures,
    )

    def version(disclosure: str, number: int, counterpart: str) -> BundleVersion:
        content = {"number": number, "version": 1, "version_id": uuid.uuid4().hex,
                   "disclosure_id": disclosure, "counterpart_name": counterpart, "kind": "出資"}
        return BundleVersion(number, number, 1, content["version_id"], disclosure, content, "0" * 64)

    laptop, desktop = uuid.uuid4().hex, uuid.uuid4().hex
    entries = [SimpleNamespace(kind="disclosure", seq=n + 1, payload=json.dumps(v.content))
               for n, v in enumerate([version(laptop, 3, "本荘精工株式会社"),
                                      version(desktop, 3, "合同会社さとやまカフェ")])]
    read = _disclosures(SimpleNamespace(entries=entries), [])  # type: ignore[arg-type]
    assert [(d.number, d.disclosure_id) for d in read] == sorted([(3, laptop), (3, desktop)])

    a = BundleDisclosure(laptop, 3, (version(laptop, 3, "本荘精工株式会社"),))
    b = BundleDisclosure(desktop, 3, (version(desktop, 3, "合同会社さとやまカフェ"),))
    bundle = OpenedBundle(path=tmp_path / "two-devices.zip", problems=[], readable=True,
                          practitioner_name="佐藤 みのり", disclosures=[a, b])
    Answers(monkeypatch).answer = "閉じる"
    worker = DbWorker()
    reviewer = ReviewerWindow(worker=worker, paths=data_paths, today=lambda: TODAY)
    qtbot.addWidget(reviewer)
    reviewer._show_bundle(ReviewOpening(bundle, "", "", None))
    reviewer.select_disclosure(desktop)
    assert "合同会社さとやまカフェ" in reviewer.finding_title.text()
    assert reviewer.history.versions_model.rowCount() == 1
    reviewer.finding_combo.setCurrentIndex(reviewer.finding_combo.findText("問題なし"))
    reviewer.record_button.click()
    assert set(reviewer.findings) == {b.latest.version_id}
    assert table_texts(reviewer.register_model, 10) == (
        ["未記入", "問題なし"] if reviewer.register_model.version_at(0).disclosure_id == laptop
        else ["問題なし", "未記入"])
    reviewer.select_disclosure(laptop)
    assert "本荘精工株式会社" in reviewer.finding_title.text()
    assert reviewer.finding_combo.currentIndex() == 0  # its own finding: none yet
    reviewer.close()
    worker.shutdown()


def test_the_reviewer_disposes_of_red_flags_and_the_next_bundle_says_how_each_was_resolved(
        qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bundle = tmp_path / "review-2026.zip"
    export_bundle(qtbot, window, bundle, monkeypatch)
    reviewer = open_in_reviewer_mode(qtbot, window, bundle, monkeypatch)
    assert reviewer.bundle is not None
    for disclosure in reviewer.bundle.disclosures:
        reviewer.select_disclosure(disclosure.disclosure_id)
        reviewer.finding_combo.setCurrentIndex(reviewer.finding_combo.findText("問題なし"))
        reviewer.record_button.click()

    # -- 注意事項: 要対応 with its plan for one flag, 要説明 for another ---------------------
    reviewer.tabs.setCurrentIndex(1)
    flags = reviewer.bundle.flags
    assert len(flags) == 6 and all(f.id for f in flags)
    assert table_texts(reviewer.flag_model, 3) == ["未判断"] * 6
    assert reviewer.flags_progress.text() == "判断済み: 0 / 6件"
    acted, asked = flags[0], flags[1]
    reviewer.select_flag(acted.id)
    assert acted.reason in reviewer.disposition_title.text()
    reviewer.disposition_combo.setCurrentIndex(reviewer.disposition_combo.findText("要対応"))
    assert reviewer.owner_edit.isEnabled() and reviewer.due_edit.isEnabled()
    reviewer.action_edit.setText("出資先の案件から外れ、評価は別の支援者に引き継ぐ")
    reviewer.disposition_button.click()
    assert reviewer.disposition_error.isVisibleTo(reviewer)
    assert reviewer.disposition_error.text() == "要対応には、対応の担当(誰が対応するか)を入力してください。"
    reviewer.owner_edit.setText("佐藤 みのり")
    reviewer.disposition_button.click()
    assert reviewer.disposition_error.text() == "要対応には、対応の期限を選んでください。"
    reviewer.due_edit.setDate(QDate(2026, 11, 1))
    reviewer.disposition_button.click()
    assert "今日より前" in reviewer.disposition_error.text()
    assert table_texts(reviewer.flag_model, 3)[0] == "未判断"  # nothing recorded yet
    reviewer.due_edit.setDate(QDate(2027, 1, 31))
    reviewer.disposition_button.click()
    assert not reviewer.disposition_error.isVisibleTo(reviewer)
    assert table_texts(reviewer.flag_model, 3)[0] == "要対応(期限 2027/01/31)"
    assert reviewer._selected_flag() is asked  # the next flag without a disposition
    reviewer.disposition_combo.setCurrentIndex(reviewer.disposition_combo.findText("要説明"))
    assert not reviewer.owner_edit.isEnabled() and reviewer.question_label.text() == "説明を求める事項:"
    reviewer.disposition_button.click()
    assert reviewer.disposition_error.text() == "要説明には、支援者に説明を求める事項を入力してください。"
    reviewer.question_edit.setPlainText("出資の打診にどう回答したか、訪問記録の日付とあわせて説明してください。")
    with qtbot.waitSignal(reviewer.draft_saved, timeout=10_000):
        reviewer.disposition_button.click()
    assert table_texts(reviewer.flag_model, 3)[:2] == ["要対応(期限 2027/01/31)", "要説明"]
    assert reviewer.flags_progress.text() == "判断済み: 2 / 6件"
    drafts = json.loads((window.paths.root / "reviewer-drafts.json").read_text(encoding="utf-8"))
    [saved] = drafts["bundles"].values()
    assert [(d["flag_id"], d["disposition"], d["owner"], d["due_on"]) for d in saved["dispositions"]] \
        == sorted([(acted.id, "要対応", "佐藤 みのり", "2027-01-31"), (asked.id, "要説明", "", None)])
    from companion.services.reviewer import draft_key, load_draft

    restored = load_draft(window.paths, draft_key(reviewer.bundle))
    assert restored is not None and restored.dispositions[acted.id].action.startswith("出資先の案件")
    assert restored.dispositions[asked.id].disposition.value == "要説明"
    assert sorted(reviewer.unsent()) == sorted(
        [d.latest.version_id for d in reviewer.bundle.disclosures] + [acted.id, asked.id])
    # Going back to a flag shows what was recorded for it.
    reviewer.select_flag(acted.id)
    assert reviewer.disposition_combo.currentText() == "要対応"
    assert reviewer.owner_edit.text() == "佐藤 みのり"

    reviewer.name_edit.setText("高橋 誠(中小企業診断士)")
    response = tmp_path / "response.json"
    choose_file(monkeypatch, response)
    reviewer.export_action.trigger()
    qtbot.waitUntil(lambda: isinstance(reviewer.dialog, ReviewerKeyDialog), timeout=10_000)
    key_dialog = reviewer.dialog
    assert isinstance(key_dialog, ReviewerKeyDialog)
    key_dialog.passphrase.setText(PASSPHRASE)
    key_dialog.repeat.setText(PASSPHRASE)
    with qtbot.waitSignal(reviewer.response_written, timeout=20_000):
        key_dialog.accept()
    assert "注意事項への判断 2件" in reviewer.status_label.text()
    assert reviewer.unsent() == []
    from companion.review import dsse

    predicate = json.loads(dsse.parse(response.read_text(encoding="utf-8")).payload)["predicate"]
    signed = {d["flag_id"]: d for d in predicate["dispositions"]}
    assert signed[acted.id]["disposition"] == "要対応"
    assert (signed[acted.id]["owner"], signed[acted.id]["action"], signed[acted.id]["due_on"]) == (
        "佐藤 みのり", "出資先の案件から外れ、評価は別の支援者に引き継ぐ", "2027-01-31")
    assert signed[asked.id]["disposition"] == "要説明"
    assert signed[asked.id]["comment"].startswith("出資の打診にどう回答したか")
    assert signed[asked.id]["reason"] == asked.reason
    reviewer.close()

    # -- the practitioner imports it: ホーム shows the two open items ------------------------
    page = window.reviews
    choose_file(monkeypatch, response)
    page.import_action.trigger()
    qtbot.waitUntil(lambda: isinstance(page.dialog, TrustKeyDialog), timeout=10_000)
    trust = page.dialog
    assert isinstance(trust, TrustKeyDialog)
    with qtbot.waitSignal(page.imported, timeout=10_000) as imported:
        trust.trust_button.click()
    assert "注意事項への判断 2件" in imported.args[0]
    assert "元に戻せません" in imported.args[0]  # the import is a register entry
    window.show_page(window.HOME)
    section = window.home.open_dispositions
    qtbot.waitUntil(lambda: section.isVisible() and section.model.rowCount() == 2, timeout=10_000)
    assert "未対応 2件" in section.heading.text()
    rows = {section.model.item(r, 0).text(): [section.model.item(r, c).text() for c in range(5)]
            for r in range(2)}
    assert "出資先の案件から外れ" in rows["要対応"][2] and rows["要対応"][3] == "2027-01-31"
    assert "出資の打診" in rows["要説明"][2]

    # -- resolving one ---------------------------------------------------------------------------
    explain_row = next(r for r in range(2) if section.model.item(r, 0).text() == "要説明")
    section.table.selectRow(explain_row)
    monkeypatch.setattr("companion.ui.views.home_sections.QInputDialog.getMultiLineText",
                        lambda *_a, **_k: ("打診は11月10日に書面で断った。訪問記録に追記済み。", True))
    with qtbot.waitSignal(section.loaded, timeout=10_000):
        section.resolve_button.click()
    qtbot.waitUntil(lambda: section.model.rowCount() == 1)
    assert section.model.item(0, 0).text() == "要対応"

    # -- the next bundle carries both, with how each was resolved -----------------------------
    page = reviews_page(qtbot, window)
    second = tmp_path / "review-2026-2.zip"
    choose_file(monkeypatch, second)
    with qtbot.waitSignal(page.exported, timeout=20_000):
        page.export_action.trigger()
    assert inspect_bundle(second).ok
    with zipfile.ZipFile(second) as archive:
        document = json.loads(archive.read("red-flags.json"))
        register_docx = archive.read("register.docx")
    carried = {d["flag_id"]: d for d in document["dispositions"]}
    assert carried[acted.id]["disposition"] == "要対応"
    assert carried[acted.id]["status"] == "未対応" and carried[acted.id]["resolved_on"] is None
    assert carried[acted.id]["due_on"] == "2027-01-31"
    assert carried[asked.id]["status"] == "対応済"
    assert carried[asked.id]["resolved_on"] == TODAY.isoformat()
    assert carried[asked.id]["resolution"] == "打診は11月10日に書面で断った。訪問記録に追記済み。"
    from docx import Document

    docx = Document(io.BytesIO(register_docx))
    cells = " ".join(cell.text for table in docx.tables for row in table.rows for cell in row.cells)
    assert "打診は11月10日に書面で断った" in cells and "出資先の案件から外れ" in cells
