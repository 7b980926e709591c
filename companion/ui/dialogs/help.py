"""ヘルプ: a short Japanese guide, one Markdown file per topic in resources/help/.

Rendered with ``QTextBrowser.setMarkdown`` in the application font (a Japanese one, see
``ui.fonts``); the topics are listed on the left. Code in the guides is ASCII only, so
the monospace font never has to fall back to a Chinese face for Japanese text.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from companion.paths import resource

log = logging.getLogger("companion.ui.help")

GETTING_STARTED, VISITS, REVIEW_BUNDLE = "getting-started", "visits", "review-bundle"
TOPICS = (GETTING_STARTED, VISITS, REVIEW_BUNDLE)


def help_file(topic: str) -> Path:
    return resource("help", f"{topic}.md")


class HelpDialog(QDialog):
    """The guide, opened on one topic; not modal, so it can stay open beside the window."""

    def __init__(self, topic: str = GETTING_STARTED, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Companion ヘルプ"))
        self.setMinimumSize(720, 520)
        titles = {GETTING_STARTED: self.tr("はじめに"), VISITS: self.tr("訪問を記録する"),
                  REVIEW_BUNDLE: self.tr("第三者レビュー用バンドル")}
        self.topics = QListWidget()
        self.topics.setObjectName("helpTopics")
        self.topics.setFixedWidth(self.fontMetrics().horizontalAdvance("国") * 12 + 24)
        for key in TOPICS:
            item = QListWidgetItem(titles[key], self.topics)
            item.setData(Qt.ItemDataRole.UserRole, key)
        self.browser = QTextBrowser()
        self.browser.setObjectName("helpText")
        self.browser.setOpenExternalLinks(True)
        self.topics.currentRowChanged.connect(self._show_row)
        buttons = QDialogButtonBox()
        buttons.addButton(self.tr("閉じる"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        body = QHBoxLayout()
        body.addWidget(self.topics)
        body.addWidget(self.browser, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(buttons)
        self.show_topic(topic)

    def show_topic(self, topic: str) -> None:
        self.topics.setCurrentRow(TOPICS.index(topic) if topic in TOPICS else 0)

    def current_topic(self) -> str:
        return TOPICS[max(0, self.topics.currentRow())]

    def _show_row(self, row: int) -> None:
        if row < 0:
            return
        path = help_file(TOPICS[row])
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            log.warning("cannot read the help file %s: %s", path, exc)
            self.browser.setPlainText(self.tr(
                "ヘルプのファイルを読めませんでした: {path}\n({reason})\n"
                "Companion をインストールし直すと直ります。").format(
                    path=path, reason=exc.strerror or exc))
            return
        self.browser.setMarkdown(text)
        self.browser.verticalScrollBar().setValue(0)
