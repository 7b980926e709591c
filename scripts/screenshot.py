"""Screenshots of the main window for the documentation, taken offscreen on demo data.

    .venv/bin/python scripts/screenshot.py [--out docs/screenshots] [--today 2026-11-20]

A temporary data folder is filled with ``companion demo`` data (or, while the demo
generator cannot run, the GUI tests' sample rows), the window is opened at 1366x768 (a
common laptop screen) and each page is saved with ``QWidget.grab()``: main.png (the
engagement list), engagement.png (an engagement's page), home.png, search.png,
report-from-window.png (報告書を作成… done, over the engagement page) and
import-preview.png (ファイル → 取り込み… with an Excel client list), sync.png (設定 → 同期,
a laptop joined with a pairing code through a second data folder). The keyring is an
in-memory one: nothing touches the user's keychain or data.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["TZ"] = "Asia/Tokyo"  # times as a practitioner in Japan sees them
if hasattr(time, "tzset"):
    time.tzset()

import keyring
from PySide6.QtCore import QEventLoop, QPoint, QRect, QTimer, SignalInstance
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QApplication, QWidget

from companion.keystore import MemoryKeyring
from companion.paths import DataPaths
from companion.services.session import session_scope
from companion.services.storage import open_data_folder
from companion.ui.fonts import apply_ui_font
from companion.ui.main_window import MainWindow
from companion.ui.tasks import DbWorker

ROOT = Path(__file__).resolve().parent.parent
PASSPHRASE = "スクリーンショット用の合言葉"
SIZE = (1366, 768)
TIMEOUT_MS = 60_000


def fill(paths: DataPaths, today: date) -> str:
    """Demo data into a new data folder; returns where it came from."""
    opened = open_data_folder(paths, ask=lambda _purpose: PASSPHRASE, create=True)
    try:
        try:
            from companion.services.demo import generate_demo

            with session_scope(opened.db) as session:
                generate_demo(session=session, size="small", today=today)
            return "companion demo (small)"
        except Exception as exc:  # the generator is young: fall back, but say so
            reason = str(exc).strip().splitlines()[0][:200]
            print(f"screenshot: demo generator failed ({type(exc).__name__}: {reason}); "
                  "using the GUI tests' sample rows", file=sys.stderr)
            sys.path.insert(0, str(ROOT / "tests"))
            from companion_testing.sample_data import fill_sample_data

            with session_scope(opened.db) as session:
                fill_sample_data(session, today=today)
                session.commit()
            return "tests/companion_testing/sample_data.py"
    finally:
        opened.db.close()


def wait_for(signal: SignalInstance, start: Callable[[], object] | None = None) -> None:
    """Run the event loop until ``signal`` fires (after calling ``start``)."""
    loop = QEventLoop()
    signal.connect(loop.quit)
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(lambda: loop.exit(1))
    timer.start(TIMEOUT_MS)
    if start is not None:
        start()
    if loop.exec() != 0:
        raise TimeoutError(f"no {signal} within {TIMEOUT_MS} ms")
    signal.disconnect(loop.quit)


def wait_until(condition: Callable[[], bool]) -> None:
    """Run the event loop until ``condition`` holds (checked every 50 ms)."""
    loop = QEventLoop()
    timer = QTimer()
    timer.timeout.connect(lambda: loop.quit() if condition() else None)
    timer.start(50)
    give_up = QTimer()
    give_up.setSingleShot(True)
    give_up.timeout.connect(lambda: loop.exit(1))
    give_up.start(TIMEOUT_MS)
    if not condition() and loop.exec() != 0:
        raise TimeoutError(f"condition not met within {TIMEOUT_MS} ms")
    timer.stop()


def save(widget: QWidget, path: Path, *, over: QWidget | None = None) -> None:
    """``widget`` as a picture; ``over`` (a dialog) drawn on it where it sits on screen."""
    QApplication.processEvents()  # let the last layout and paint settle (not long work)
    picture = widget.grab()
    if over is not None:
        painter = QPainter(picture)
        corner = widget.mapFromGlobal(over.mapToGlobal(QPoint(0, 0)))
        painter.drawPixmap(corner, over.grab())
        painter.setPen(QColor("#6b7a90"))  # no window manager offscreen: draw its edge
        painter.drawRect(QRect(corner, over.size()).adjusted(-1, -1, 0, 0))
        painter.end()
    if not picture.save(str(path)):
        raise OSError(f"cannot write {path}")
    print(f"screenshot: {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")


def report_from_window(window: MainWindow, folder: Path, out: Path) -> None:
    """報告書を作成… on the open engagement page, run to the end (ファイルを開く)."""
    window.detail.report_button.click()
    dialog = window.detail.export_dialog
    assert dialog is not None
    centre = window.geometry().center() - dialog.rect().center()
    dialog.move(centre)
    dialog.out_edit.setText(str(folder / dialog.out_edit.text().rsplit("/", 1)[-1]))
    wait_for(dialog.written, dialog.run_button.click)
    wait_until(lambda: dialog.result_box.isVisible())
    save(window, out / "report-from-window.png", over=dialog)
    dialog.close()


def reviewer_mode(window: MainWindow, paths: DataPaths, folder: Path, today: date,
                  out: Path) -> None:
    """The reviewer's window on a bundle of this practice (its own, empty data folder)."""
    from companion.services.review_bundle import export_review_bundle
    from companion.ui.views.reviewer_mode import ReviewerWindow

    bundle = folder / "review.zip"
    opened = open_data_folder(paths, ask=lambda _purpose: PASSPHRASE)
    try:
        with session_scope(opened.db) as session:
            export_review_bundle(session=session, out=bundle, practitioner="佐藤 みのり(ゆざわ-Biz)",
                                 today=today)
    finally:
        opened.db.close()
    reviewer = ReviewerWindow(worker=window.worker, paths=DataPaths(folder / "reviewer"),
                              today=lambda: today)
    reviewer.resize(*SIZE)
    reviewer.show()
    wait_for(reviewer.opened, lambda: reviewer.open_bundle(bundle))
    save(reviewer, out / "reviewer-mode.png")
    reviewer.close()


def import_preview(window: MainWindow, folder: Path, out: Path) -> None:
    """ファイル → 取り込み… on a client list kept in Excel, at its preview."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["No.", "事業者名", "フリガナ", "業種", "所在地", "代表者", "電話", "創業"])
    for row in (
        [1, "有限会社 山田酒造", "ヤマダシュゾウ", "清酒製造業", "山形県西置賜郡小国町大字小国",
         "山田 太一", "0238-62-1234", "昭和27年4月1日"],
        [2, "合同会社 ひなた農園", "ヒナタノウエン", "農業(野菜・加工品)", "山形県長井市館町北",
         "日向 さくら", "0238-84-5678", "R2.6.1"],
        [3, "民宿 かわせみ", "ミンシュクカワセミ", "宿泊業", "山形県西置賜郡飯豊町中津川",
         "川瀬 美代子", "0238-77-2222", "S63.7.1"],
        [4, "小国まちづくり工房", "", "まちづくり", "小国町", "", "", "R7.13.1"],
    ):
        sheet.append(row)
    xlsx = folder / "事業者一覧.xlsx"
    book.save(xlsx)
    dialog = window.import_records()
    assert dialog is not None
    dialog.move(window.geometry().center() - dialog.rect().center())
    dialog.load_file(xlsx)  # type: ignore[attr-defined]
    wait_until(lambda: dialog.preview_result is not None)  # type: ignore[attr-defined]
    save(window, out / "import-preview.png", over=dialog)
    dialog.close()


def sync_page(window: MainWindow, folder: Path, out: Path) -> None:
    """設定 → 同期 on the desktop that started sync, with a laptop joined by a pairing
    code (a second data folder of its own, synced through the same folder)."""
    from companion.services.clients import ClientDraft, create_client
    from companion.services.sync import join_with_code, sync_once
    from companion.ui.dialogs.sync_join import PairingCodeDialog

    sync_folder = folder / "OneDrive" / "Companion同期"
    sync_folder.mkdir(parents=True)
    window.show_sync_settings()
    panel = window.settings_page.sync_panel
    wait_until(lambda: panel.pages.currentIndex() == 1)
    panel.folder_edit.setText(str(sync_folder))
    panel.name_edit.setText("事務所のPC")
    panel.start_button.click()
    wait_until(lambda: panel.pages.currentIndex() == 2 and not window.sync.running)
    panel.pair_button.click()
    wait_until(lambda: isinstance(panel.dialog, PairingCodeDialog))
    assert isinstance(panel.dialog, PairingCodeDialog)
    code = panel.dialog.code
    panel.dialog.reject()
    laptop = open_data_folder(DataPaths(folder / "laptop"), ask=lambda _purpose: PASSPHRASE,
                              create=True)
    try:
        join_with_code(laptop.db, folder=sync_folder, code=code, device_name="ノートPC")
        sync_once(laptop.db)
        with session_scope(laptop.db) as session:  # a client added on the road
            create_client(session=session, draft=ClientDraft(
                name="合同会社ゆざわ木工", prefecture="秋田県", city="湯沢市"))
        sync_once(laptop.db)
    finally:
        laptop.db.close()
    wait_for(window.sync.synced, window.sync.sync_now)
    wait_until(lambda: not window.sync.running and not window.worker.busy)
    save(window, out / "sync.png")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--today", type=date.fromisoformat, default=date.today())
    parser.add_argument("--language", choices=("ja", "en"), default="ja",
                        help="en: only the engagement list, as main-en.png")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    keyring.set_keyring(MemoryKeyring())

    app = QApplication(sys.argv[:1])
    family = apply_ui_font(app)
    from companion.ui.i18n import install_translator

    english = install_translator(app, args.language) == "en"
    print(f"screenshot: UI font {family or '(none with Japanese glyphs found!)'}")
    with tempfile.TemporaryDirectory(prefix="companion-screenshot-") as folder:
        paths = DataPaths(Path(folder) / "data")
        print(f"screenshot: data from {fill(paths, args.today)}")
        window = MainWindow(paths=paths, worker=DbWorker(), today=lambda: args.today)
        window.resize(*SIZE)
        window.show()
        wait_for(window.ready, lambda: window.open_data(
            lambda: open_data_folder(paths, ask=lambda _purpose: PASSPHRASE).db))
        home = window.home
        # every section of ホーム has its data (the red flags come last)
        wait_until(lambda: home.flags_card.value_label.text() != "–")
        save(window, args.out / ("home-en.png" if english else "home.png"))

        wait_for(window.engagements.loaded, lambda: window.show_page(window.ENGAGEMENTS))
        save(window, args.out / ("main-en.png" if english else "main.png"))
        if english:
            window.close()
            return 0

        wait_for(window.disclosures.loaded, lambda: window.show_page(window.DISCLOSURES))
        save(window, args.out / "register-red-flag.png")
        window.settings.set("practitioner_name", "佐藤 みのり")
        window.settings.set("organisation", "ゆざわ-Biz")
        window.settings.set("qualifications", "中小企業診断士")
        window.show_page(window.SETTINGS)
        page = window.page(window.SETTINGS)
        wait_until(lambda: "読み込み中" not in page.fingerprint_label.text()  # type: ignore[attr-defined]
                   and "読み込み中" not in page.keyring_state_label.text())  # type: ignore[attr-defined]
        save(window, args.out / "settings.png")
        sync_page(window, Path(folder), args.out)

        model = window.engagements.model
        busiest = max(range(model.rowCount()), key=lambda row: (
            model.engagement_at(row).status == "進行中", model.engagement_at(row).visit_count))
        engagement_id = model.engagement_at(busiest).id
        timeline_shown: list[bool] = []
        window.detail.timeline.loaded.connect(lambda: timeline_shown.append(True))
        wait_for(window.detail.loaded, lambda: window.open_engagement(engagement_id))
        if not timeline_shown:  # the timeline tab loads after the page's heading
            wait_for(window.detail.timeline.loaded)
        save(window, args.out / "engagement.png")

        report_from_window(window, Path(folder), args.out)

        window.search_edit.setText("販路")
        wait_for(window.search_results.loaded, window.run_search)
        save(window, args.out / "search.png")

        import_preview(window, Path(folder), args.out)
        reviewer_mode(window, paths, Path(folder), args.today, args.out)
        window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
