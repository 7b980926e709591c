"""レビュー: what the third-party review is, and the reviews imported so far."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from companion.ui.tasks import DbWorker
from companion.ui.views.base import Page
from companion.ui.widgets.common import EmptyState, note, page_title


class ReviewsPage(Page):
    """No review can be imported yet, so the page explains the review and says so."""

    def __init__(self, worker: DbWorker, parent: QWidget | None = None) -> None:
        super().__init__(worker, parent)
        layout = QVBoxLayout(self)
        layout.addWidget(page_title(self.tr("第三者レビュー")))
        layout.addWidget(note(self.tr(
            "第三者レビューは、支援先への出資・役員就任・顧問契約などの利益相反について、"
            "支援機関や監査役など第三者に確認してもらう仕組みです。")))
        layout.addWidget(note(self.tr(
            "1. 開示・案件・訪問の要約と警告(レッドフラグ)を、署名付きのレビュー用ファイル(.zip)に"
            "書き出します。\n"
            "2. レビュー担当者はオフラインで改ざんがないことを確かめ、開示ごとに所見"
            "(問題なし/管理下で容認/要是正/情報不足)とコメントを付けて返送します。\n"
            "3. 返送された署名付きの回答を取り込むと、ここに一覧で表示されます。")))
        self.empty = EmptyState(self.tr(
            "取り込んだレビューはまだありません。\n"
            "レビュー用ファイルの書き出しと回答の取り込みは、今後のバージョンで利用できるようになります。"))
        layout.addWidget(self.empty, 1)
