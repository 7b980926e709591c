"""The floor for ホーム's data at start-up: a bare PySide6 window that, once painted, gets
the raw key from the keyring, opens the SQLCipher database with it and runs ホーム's
queries with sqlcipher3 directly, shows the counts and the follow-up list, and exits.

    python benchmarks/bare_window_data.py FOLDER

Prints ``startup: painted <epoch seconds>`` at the first paint and ``startup: ready
<epoch seconds>`` when the data has been painted, like Companion with
COMPANION_STARTUP_TRACE, so both are measured the same way. The SQL is what
``services/home.py``'s ``read_home`` runs (``floor_cli.home_queries``), with the
same parameters for today; the key comes from the keyring as in ``floor_cli.py``.
"""

import sys
import time
from datetime import date
from pathlib import Path

from floor_cli import home_queries
from PySide6.QtCore import QTimer
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


class HomeWindow(QMainWindow):
    """ホーム's figures and follow-ups, loaded after the first paint (as the app loads its
    data after the window is shown), then one more paint and exit."""

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder
        self.painted = self.loaded = False
        page = QWidget()
        layout = QVBoxLayout(page)
        self.summary = QLabel("伴走支援")
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["期限", "案件", "事業者"])
        layout.addWidget(self.summary)
        layout.addWidget(self.table)
        self.setCentralWidget(page)
        self.resize(1280, 800)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self.painted:
            self.painted = True
            print(f"startup: painted {time.time():.6f}", file=sys.stderr)
            QTimer.singleShot(0, self.load)
        elif self.loaded:
            print(f"startup: ready {time.time():.6f}", file=sys.stderr)
            QTimer.singleShot(0, QApplication.quit)

    def load(self) -> None:
        home = home_queries(self.folder, date.today())
        self.summary.setText(
            f"進行中 {home.active}件(全{home.engagements}件中)・今年度の訪問 {home.visits_this_year}件・"
            f"期限間近 {home.due_soon_count}件・期限切れ {home.overdue_count}件・"
            f"60日訪問なし {len(home.quiet)}件")
        rows = [*home.due_soon, *home.overdue]
        self.table.setRowCount(len(rows))
        for number, row in enumerate(rows):
            for column, value in enumerate((row[2], row[-2], row[-1])):  # due, engagement, client
                self.table.setItem(number, column, QTableWidgetItem(str(value)))
        self.loaded = True
        self.update()


def main(argv: list[str]) -> int:
    app = QApplication(argv[:1])
    window = HomeWindow(Path(argv[1]))
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
