"""The main window as a practitioner uses it: navigate, list, filter, sort, open, search."""

from __future__ import annotations

from configparser import ConfigParser

from companion_testing.sample_data import TODAY, VISIT_COUNT
from PySide6.QtCore import QModelIndex, QSettings, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLabel, QTableView, QWidget
from pytestqt.qtbot import QtBot

from companion import __version__
from companion.errors import KnownError
from companion.paths import DataPaths
from companion.ui.dialogs.about import AboutDialog
from companion.ui.dialogs.message import MessageDialog
from companion.ui.main_window import MainWindow
from companion.ui.models.engagement_table import EngagementTableModel
from companion.ui.models.rows import SORT_ROLE
from companion.ui.models.search_table import SearchHitModel


def activate(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def type_text(widget: QWidget, text: str) -> None:
    """Type as a Japanese input method does: the converted text is committed at once."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def column_texts(table: QTableView, column: int) -> list[str]:
    model = table.model()
    return [model.index(row, column).data() for row in range(model.rowCount())]


def double_click_row(qtbot: QtBot, table: QTableView, row: int) -> None:
    index = table.model().index(row, 0)
    table.scrollTo(index)
    position = table.visualRect(index).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=position)
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=position)


def test_window_opens_on_home_with_the_day_at_a_glance(window: MainWindow) -> None:
    assert window.windowTitle() == "Companion — 伴走支援"
    assert window.current_page() is window.home
    home = window.home
    assert home.active_card.value_label.text() == "2"  # やまなか酒造, みなと水産
    assert home.overdue_card.value_label.text() == "1"
    assert home.due_card.value_label.text() == "1"
    assert home.quiet_card.value_label.text() == "1"
    assert "株式会社みなと水産" in column_texts(home.quiet_table, 1)
    assert "令和7年度" in home.date_label.text()
    assert f"訪問記録 {VISIT_COUNT + 2}件" in window.counts_label.text()
    assert str(window.paths.root) in window.folder_label.text()


def test_keyboard_shortcuts_switch_pages(qtbot: QtBot, window: MainWindow) -> None:
    activate(qtbot, window)
    expected = [window.home, window.engagements, window.visits, window.disclosures,
                window.reviews, window.settings_page]
    for number, page in reversed(list(enumerate(expected, start=1))):
        qtbot.keyClick(window, Qt.Key(Qt.Key.Key_0 + number), Qt.KeyboardModifier.ControlModifier)
        assert window.current_page() is page
        assert window.nav.currentRow() == number - 1
    window.nav.setCurrentRow(window.ENGAGEMENTS)
    assert window.current_page() is window.engagements


def test_engagement_list_shows_japanese_names_and_filters(qtbot: QtBot,
                                                          window: MainWindow) -> None:
    page = window.engagements
    with qtbot.waitSignal(page.loaded):
        window.show_page(window.ENGAGEMENTS)
    clients = column_texts(page.table, EngagementTableModel.CLIENT)
    assert sorted(clients) == sorted(["有限会社やまなか酒造", "株式会社みなと水産",
                                      "合同会社さとやまカフェ", "丸福製麺所"])
    assert "首都圏への販路開拓と蔵元ブランドの再構築" in column_texts(page.table, 0)
    assert page.count_label.text() == "4 / 4件"

    type_text(page.filter_edit, "みなと")
    assert column_texts(page.table, EngagementTableModel.CLIENT) == ["株式会社みなと水産"]
    assert page.count_label.text() == "1 / 4件"
    page.filter_edit.clear()
    type_text(page.filter_edit, "ＥＣ")  # full-width letters match the half-width title
    assert column_texts(page.table, EngagementTableModel.CLIENT) == ["株式会社みなと水産"]
    page.filter_edit.clear()

    page.status_combo.setCurrentIndex(page.status_combo.findText("進行中"))
    assert sorted(column_texts(page.table, EngagementTableModel.CLIENT)) == sorted(
        ["有限会社やまなか酒造", "株式会社みなと水産"])
    type_text(page.filter_edit, "湯沢")  # the sponsor's name
    assert column_texts(page.table, EngagementTableModel.CLIENT) == ["有限会社やまなか酒造"]


def test_sorting_by_start_sorts_by_date_and_visits_as_numbers(qtbot: QtBot,
                                                              window: MainWindow) -> None:
    page = window.engagements
    with qtbot.waitSignal(page.loaded):
        window.show_page(window.ENGAGEMENTS)
    header = page.table.horizontalHeader()
    start = EngagementTableModel.START

    def sort_keys(column: int) -> list[object]:
        return [page.proxy.index(row, column).data(SORT_ROLE)
                for row in range(page.proxy.rowCount())]

    page.table.sortByColumn(start, Qt.SortOrder.AscendingOrder)
    assert column_texts(page.table, start) == ["2023/04/01", "2024/04/01", "2025/06/01",
                                               "2025/10/01"]
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=header.rect().topLeft() + _section_center(page.table, start))
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert column_texts(page.table, start) == ["2025/10/01", "2025/06/01", "2024/04/01",
                                               "2023/04/01"]
    page.table.sortByColumn(EngagementTableModel.VISITS, Qt.SortOrder.DescendingOrder)
    counts = sort_keys(EngagementTableModel.VISITS)
    assert counts == sorted(counts, reverse=True)
    assert counts[0] > 100 > counts[-1]  # numbers, not text ("99" > "151" as text)


def _section_center(table: QTableView, column: int):  # type: ignore[no-untyped-def]
    header = table.horizontalHeader()
    from PySide6.QtCore import QPoint

    return QPoint(header.sectionViewportPosition(column) + header.sectionSize(column) // 2,
                  header.height() // 2)


def test_double_click_opens_the_engagement_with_its_essential_issue(
        qtbot: QtBot, window: MainWindow) -> None:
    page = window.engagements
    with qtbot.waitSignal(page.loaded):
        window.show_page(window.ENGAGEMENTS)
    page.table.sortByColumn(EngagementTableModel.START, Qt.SortOrder.AscendingOrder)
    row = column_texts(page.table, EngagementTableModel.CLIENT).index("有限会社やまなか酒造")
    with qtbot.waitSignal(window.detail.loaded):
        double_click_row(qtbot, page.table, row)
    detail = window.detail
    assert window.current_page() is detail
    assert detail.title_label.text() == "首都圏への販路開拓と蔵元ブランドの再構築"
    assert detail.issue_label.text() == "地元の酒販店への依存が大きく、若い世代に蔵の強みが届いていない。"
    assert "有限会社やまなか酒造" in detail.client_label.text()
    assert "湯沢市 産業振興課" in detail.sponsor_label.text()
    assert "令和6年4月1日" in detail.period_label.text()
    assert detail.visits_model.rowCount() == 20
    assert detail.visits_model.index(0, 4).data() == "展示会の振り返り"  # newest first

    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.current_page() is page


def test_enter_on_a_row_opens_it_and_the_back_button_returns(qtbot: QtBot,
                                                             window: MainWindow) -> None:
    page = window.engagements
    with qtbot.waitSignal(page.loaded):
        window.show_page(window.ENGAGEMENTS)
    activate(qtbot, window)
    page.table.setFocus()
    page.table.setCurrentIndex(page.proxy.index(0, 0))
    with qtbot.waitSignal(window.detail.loaded):
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert window.detail.title_label.text() == page.proxy.index(0, 0).data()
    qtbot.mouseClick(window.detail.back_button, Qt.MouseButton.LeftButton)
    assert window.current_page() is page


def test_ctrl_f_and_enter_search_for_a_two_character_term(qtbot: QtBot,
                                                          window: MainWindow) -> None:
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.search_edit.hasFocus()
    type_text(window.search_edit, "販路")
    results = window.search_results
    with qtbot.waitSignal(results.loaded):
        qtbot.keyClick(window.search_edit, Qt.Key.Key_Return)
    assert window.current_page() is results
    assert window.nav.selectedItems() == []  # search results belong to no rail entry
    hits = results.model.rows
    assert hits, results.summary_label.text()
    assert all("【販路】" in hit.snippet for hit in hits)
    snippets = column_texts(results.table, SearchHitModel.SNIPPET)
    assert all("【販路】" in snippet for snippet in snippets)
    assert {"訪問記録", "案件"} <= set(column_texts(results.table, SearchHitModel.KIND))
    days = column_texts(results.table, SearchHitModel.DATE)
    assert days == sorted(days, reverse=True)  # newest first
    assert results.summary_label.text().startswith(f"「販路」: {len(hits)}件")
    clients = column_texts(results.table, SearchHitModel.CLIENT)
    kinds = column_texts(results.table, SearchHitModel.KIND)
    row = next(r for r, (client, kind) in enumerate(zip(clients, kinds, strict=True))
               if client == "株式会社みなと水産" and kind == "案件")  # (a visit hit opens the visit)
    with qtbot.waitSignal(window.detail.loaded):
        double_click_row(qtbot, results.table, row)
    assert window.detail.title_label.text() == "加工品の新商品開発とEC販路の立ち上げ"


def test_search_with_nothing_found_says_so(qtbot: QtBot, window: MainWindow) -> None:
    window.search_edit.setText("存在しない語句")
    with qtbot.waitSignal(window.search_results.loaded):
        window.run_search()
    results = window.search_results
    assert results.model.rowCount() == 0
    assert results.stack.currentWidget() is results.empty
    assert "見つかりませんでした" in results.empty.text()


def test_visits_page_loads_lazily_a_page_at_a_time(qtbot: QtBot, window: MainWindow) -> None:
    page = window.visits
    with qtbot.waitSignal(page.loaded):
        window.show_page(window.VISITS)
    model = page.model
    total = VISIT_COUNT + 2
    assert model.total == total
    assert model.rowCount() == 200
    assert model.canFetchMore(QModelIndex())
    with qtbot.waitSignal(model.page_loaded):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == total
    assert not model.canFetchMore(QModelIndex())
    moments = [model.visit_at(row).started_at for row in range(model.rowCount())]
    assert moments == sorted(moments, reverse=True)
    assert model.index(0, 2).data() == "有限会社やまなか酒造"
    assert f"全{total}件" in page.count_label.text()


def test_disclosures_and_reviews_show_clear_empty_states(qtbot: QtBot,
                                                         window: MainWindow) -> None:
    with qtbot.waitSignal(window.disclosures.loaded):
        window.show_page(window.DISCLOSURES)
    assert window.disclosures.stack.currentWidget() is window.disclosures.empty
    assert "開示はまだありません" in window.disclosures.empty.text()
    window.show_page(window.REVIEWS)
    assert "取り込んだレビューはまだありません" in window.reviews.empty.text()


def test_settings_show_the_data_folder_and_schema(qtbot: QtBot, window: MainWindow,
                                                  data_paths: DataPaths) -> None:
    page = window.settings_page
    with qtbot.waitSignal(page.loaded):
        window.show_page(window.SETTINGS)
    assert page.folder_label.text() == str(data_paths.root)
    assert page.database_label.text() == str(data_paths.database)
    assert page.revision_label.text() not in ("", "読み込み中…", "(未設定)")
    assert page.keyring_label.text() == "メモリ内(テスト用・保存されません)"
    assert page.log_label.text() == str(data_paths.logs / "companion.log")


def test_geometry_is_saved_to_ui_ini_on_close(qtbot: QtBot, window: MainWindow,
                                              data_paths: DataPaths) -> None:
    window.resize(780, 560)  # within the 800x600 offscreen screen: restoring clamps to it
    window.close()
    ini = data_paths.root / "ui.ini"
    assert ini.is_file()
    parser = ConfigParser()
    parser.read(ini, encoding="utf-8")
    assert parser.has_option("window", "geometry")
    assert window.worker.closed

    again = MainWindow(paths=data_paths, worker=type(window.worker)(), today=lambda: TODAY)
    qtbot.addWidget(again)
    assert (again.width(), again.height()) == (780, 560)
    assert QSettings(str(ini), QSettings.Format.IniFormat).value("window/state") is not None


def test_a_known_error_from_a_job_is_a_message_not_a_crash(qtbot: QtBot,
                                                           window: MainWindow) -> None:
    def refuse(*, session: object) -> None:
        raise KnownError("データベースが他のプログラムで使用中です。",
                         hint="Companion を二重に起動していないか確認してください。")

    window.worker.submit(refuse)
    qtbot.waitUntil(lambda: visible(MessageDialog) is not None)
    message = visible(MessageDialog)
    assert isinstance(message, MessageDialog)
    assert message.text_label.text() == "データベースが他のプログラムで使用中です。"
    assert "二重に起動" in message.hint_label.text()
    message.close_button.click()
    assert not message.isVisible()


def test_about_shows_the_version_and_the_data_folder(qtbot: QtBot, window: MainWindow) -> None:
    help_menu = window.menuBar().actions()[-1].menu()
    about = next(action for action in help_menu.actions() if action.text() == "Companion について")
    about.trigger()
    dialog = visible(AboutDialog)
    assert isinstance(dialog, AboutDialog)
    assert __version__ in dialog.windowTitle() + dialog.findChild(QLabel).text()
    assert str(window.paths.root) in dialog.body.text()
    dialog.close()


def visible(kind: type) -> QWidget | None:
    return next((widget for widget in QApplication.topLevelWidgets()
                 if isinstance(widget, kind) and widget.isVisible()), None)
