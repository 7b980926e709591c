"""Screenshots of the main window for the documentation, taken offscreen on demo data.

    .venv/bin/python scripts/screenshot.py [--out docs/screenshots] [--today 2026-11-20]

A temporary data folder is filled with ``companion demo`` data (or, while the demo
generator cannot run, the GUI tests' sample rows), the window is opened at 1280x800
and each page is saved with ``QWidget.grab()``: main.png (the engagement list),
engagement.png (an engagement's page), home.png and search.png. The keyring is an
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
from PySide6.QtCore import QEventLoop, QTimer, SignalInstance
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
SIZE = (1280, 800)
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


def save(widget: QWidget, path: Path) -> None:
    QApplication.processEvents()  # let the last layout and paint settle (not long work)
    if not widget.grab().save(str(path)):
        raise OSError(f"cannot write {path}")
    print(f"screenshot: {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--today", type=date.fromisoformat, default=date.today())
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    keyring.set_keyring(MemoryKeyring())

    app = QApplication(sys.argv[:1])
    family = apply_ui_font(app)
    print(f"screenshot: UI font {family or '(none with Japanese glyphs found!)'}")
    with tempfile.TemporaryDirectory(prefix="companion-screenshot-") as folder:
        paths = DataPaths(Path(folder) / "data")
        print(f"screenshot: data from {fill(paths, args.today)}")
        window = MainWindow(paths=paths, worker=DbWorker(), today=lambda: args.today)
        window.resize(*SIZE)
        window.show()
        wait_for(window.ready, lambda: window.open_data(
            lambda: open_data_folder(paths, ask=lambda _purpose: PASSPHRASE).db))
        save(window, args.out / "home.png")

        wait_for(window.engagements.loaded, lambda: window.show_page(window.ENGAGEMENTS))
        save(window, args.out / "main.png")

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

        window.search_edit.setText("販路")
        wait_for(window.search_results.loaded, window.run_search)
        save(window, args.out / "search.png")
        window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
