"""The folding section the engagement page can put its header and 本質的課題 in, so
that the plan below gets the height at 1280x720."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTreeView, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from companion.ui.widgets.fold import Fold


def test_folding_the_header_gives_its_height_to_what_is_below(qtbot: QtBot) -> None:
    page = QWidget()
    qtbot.addWidget(page)
    header = QWidget()
    header_layout = QVBoxLayout(header)
    for text in ("事業者: 有限会社やまなか酒造", "委託元: 湯沢市 産業振興課",
                 "期間: 2024/04/01 〜 2027/03/31", "本質的課題: 地元の酒販店への依存が大きい"):
        header_layout.addWidget(QLabel(text))
    fold = Fold("案件の概要", header)
    fold.set_summary("有限会社やまなか酒造・湯沢市 産業振興課")
    plan = QTreeView()
    layout = QVBoxLayout(page)
    layout.addWidget(fold)
    layout.addWidget(plan, 1)
    page.setFixedSize(1000, 420)  # a top level of a fixed size (as the main window)
    page.show()
    qtbot.waitExposed(page)
    open_height = plan.height()
    assert header.isVisible() and not fold.summary.isVisible()

    with qtbot.waitSignal(fold.folded_changed) as changed:
        qtbot.mouseClick(fold.button, Qt.MouseButton.LeftButton)
    assert changed.args == [True] and fold.folded
    qtbot.waitUntil(lambda: plan.height() > open_height)
    assert not header.isVisible()
    assert fold.summary.isVisible() and "やまなか酒造" in fold.summary.text()
    assert plan.geometry().top() > fold.button.geometry().bottom()  # no overlap

    qtbot.mouseClick(fold.button, Qt.MouseButton.LeftButton)  # open again
    assert not fold.folded and header.isVisible()
    qtbot.waitUntil(lambda: plan.height() == open_height)


def test_a_fold_can_start_folded(qtbot: QtBot) -> None:
    content = QLabel("本質的課題")
    page = QWidget()
    qtbot.addWidget(page)
    fold = Fold("案件の概要", content, folded=True)
    QVBoxLayout(page).addWidget(fold)
    page.setFixedSize(600, 200)
    page.show()
    assert fold.folded and not content.isVisible() and not fold.button.isChecked()
