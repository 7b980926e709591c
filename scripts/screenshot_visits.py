"""Screenshots of the visit screens, taken offscreen on ``companion demo`` data.

    .venv/bin/python scripts/screenshot_visits.py [--out docs/screenshots] [--extra DIR]

visit-form.png (the visit form with Japanese notes being typed) goes to ``--out``; the
timeline, search, ホーム and ledger views go to ``--extra`` (default: a temporary folder)
for checking by eye. The keyring is an in-memory one: nothing touches the user's
keychain or data.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["TZ"] = "Asia/Tokyo"  # times as a practitioner in Japan sees them
if hasattr(time, "tzset"):
    time.tzset()

import keyring
from PySide6.QtCore import QRect, QTime
from PySide6.QtGui import QColor, QImage, QLinearGradient, QPainter
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).resolve().parent))
from screenshot import PASSPHRASE, ROOT, SIZE, save, wait_for

from companion.keystore import MemoryKeyring
from companion.paths import DataPaths
from companion.services.demo import generate_demo
from companion.services.session import session_scope
from companion.services.storage import open_data_folder
from companion.ui.fonts import apply_ui_font
from companion.ui.main_window import MainWindow
from companion.ui.tasks import DbWorker

NOTES_TYPED = (
    "社長と専務、商工会の佐藤さんと試飲会の結果を振り返った。来場者アンケート42件のうち、"
    "「香りが華やか」が最多。首都圏の酒販店2社から見積もり依頼あり。\n"
    "化粧箱は地元の紙器店で小ロット対応が可能とのこと。単価は1箱180円前後。\n"
)


def sample_files(folder: Path) -> list[Path]:
    """A photo taken at the tasting and the quotation received, as a practitioner attaches."""
    image = QImage(480, 360, QImage.Format.Format_RGB32)
    gradient = QLinearGradient(0, 0, 0, 360)
    gradient.setColorAt(0, QColor("#cfe3f0"))
    gradient.setColorAt(1, QColor("#7a5a3a"))
    painter = QPainter(image)
    painter.fillRect(image.rect(), gradient)
    painter.setBrush(QColor("#2e4d2e"))
    for x in (90, 200, 310):
        painter.drawRoundedRect(x, 120, 70, 200, 12, 12)
    painter.end()
    photo = folder / "試飲会の様子.png"
    image.save(str(photo))
    quote = folder / "化粧箱の見積書.pdf"
    quote.write_bytes(b"%PDF-1.7\n% quotation\n")
    return [photo, quote]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--extra", type=Path, default=Path(tempfile.gettempdir()) / "visit-shots")
    parser.add_argument("--today", type=date.fromisoformat, default=date(2026, 11, 20))
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    args.extra.mkdir(parents=True, exist_ok=True)
    keyring.set_keyring(MemoryKeyring())
    app = QApplication(sys.argv[:1])
    print(f"screenshot: UI font {apply_ui_font(app)}")
    with tempfile.TemporaryDirectory(prefix="companion-visit-shots-") as folder:
        paths = DataPaths(Path(folder) / "data")
        opened = open_data_folder(paths, ask=lambda _p: PASSPHRASE, create=True)
        with session_scope(opened.db) as session:
            generate_demo(session=session, size="small", today=args.today)
        opened.db.close()
        window = MainWindow(paths=paths, worker=DbWorker(), today=lambda: args.today)
        window.resize(*SIZE)
        window.show()
        wait_for(window.ready, lambda: window.open_data(
            lambda: open_data_folder(paths, ask=lambda _p: PASSPHRASE).db))
        save(window.home, args.extra / "visit-home.png")
        save(window, args.extra / "visit-home-window.png")

        # The busiest engagement's page, with its timeline.
        wait_for(window.engagements.loaded, lambda: window.show_page(window.ENGAGEMENTS))
        model = window.engagements.model
        busiest = max(range(model.rowCount()), key=lambda row: (
            model.engagement_at(row).status == "進行中", model.engagement_at(row).visit_count))
        engagement_id = model.engagement_at(busiest).id
        wait_for(window.detail.timeline.loaded, lambda: window.open_engagement(engagement_id))
        save(window, args.extra / "visit-timeline.png")

        # The form for a new visit there, notes being typed.
        form = window.visit_commands.new_visit(engagement_id)
        assert form is not None
        form.fit_to(QRect(0, 0, *SIZE))  # a 1366x768 laptop screen
        wait_for(form.loaded)
        form.start_edit.setTime(QTime(13, 30))
        form.end_edit.setTime(QTime(15, 0))
        notes = form.notes_edit.toPlainText()
        marker = "■今日の相談内容\n"
        if marker in notes:
            notes = notes.replace(marker, marker + NOTES_TYPED, 1)
        else:
            notes = NOTES_TYPED + "\n" + notes
        form.notes_edit.setPlainText(notes)
        form.strengths_edit.setPlainText("蔵の裏山の湧き水と、杜氏が自ら米を育てていること")
        form.issues_edit.setPlainText("首都圏の酒販店との取引条件(掛け率・最低ロット)が未整理")
        form.decisions_edit.setPlainText("化粧箱入り720mlを3種で試す\n価格は税込2,980円を軸に検討")
        form.actions_model.add_action(text="化粧箱の見積もりを紙器店2社から取る",
                                      due_on=args.today.replace(day=30))
        form.distance_edit.setText("42")
        wait_for(form.autosaved, form.save_draft_now)
        strip = form.attachments
        for made in sample_files(Path(folder)):
            wait_for(strip.changed, lambda made=made: strip.add_files([made]))
        if not strip.model.has_thumbnail(strip.model.attachments[0].id):
            wait_for(strip.model.dataChanged)
        save(form, args.out / "visit-form.png")
        form.keep_as_draft()
        form.close()

        window.search_edit.setText("販路開拓")
        wait_for(window.search_results.loaded, window.run_search)
        save(window, args.extra / "visit-search.png")

        window.visit_commands.show_ledger()
        ledger = window.visit_commands.ledger
        assert ledger is not None
        ledger.resize(1100, 700)
        if getattr(ledger, "ledger", None) is None:
            wait_for(ledger.loaded)
        ledger.tree.expandRecursively(ledger.model.index(0, 0))
        save(ledger, args.extra / "visit-ledger.png")
        window.close()
    print(f"screenshot: done at {datetime.now():%H:%M:%S}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
