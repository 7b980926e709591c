"""Issue 10: the window speaks English when asked, and back Japanese.

On an EMPTY database the main screens show only the UI's own text, so after switching
to English no Japanese character may remain there: a string that is not translatable
(not in ``self.tr()``/``translate()``, or missing from companion_en.ts) fails
``test_switching_to_english_and_back_changes_every_visible_string`` with a list of the
offending strings and the widgets showing them. The walk covers whatever the six
navigation pages show, so pages and widgets added later are checked too.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path

import pytest
from companion_testing.sample_data import TODAY
from PySide6.QtCore import QCoreApplication, QLocale, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot
from shiboken6 import isValid

import companion.ui.i18n as ui_i18n
import companion.ui.models
import companion.ui.views
from companion.db.database import Database, open_database
from companion.domain import enums
from companion.paths import DataPaths
from companion.settings import Settings
from companion.ui.i18n import (
    LANGUAGE_NAMES,
    enum_label,
    install_translator,
    language_in_force,
    remove_translators,
)
from companion.ui.main_window import MainWindow
from companion.ui.models.rows import RowTableModel
from companion.ui.tasks import DbWorker
from companion.ui.views.base import Page

ROOT = Path(__file__).resolve().parents[2]
TS_FILE = ROOT / "resources" / "translations" / "companion_en.ts"
# Hiragana, Katakana (with ・ and ー), half-width katakana, CJK ideographs.
JAPANESE = re.compile("[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f\u3400-\u4dbf\u4e00-\u9fff"
                      "\uf900-\ufaff]")
# Each language is offered under its own name (表示 > 言語, 設定): not a translation miss.
ENDONYMS = set(LANGUAGE_NAMES.values())
PLACEHOLDER = re.compile(r"\{(\w*)")

Shown = tuple[str, str]  # (where: page and widget class, text)


# -- fixtures ------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The committed .ts compiled into a folder of this run (the .qm is build output)."""
    beside_python = Path(sys.executable).parent / "pyside6-lrelease"
    lrelease = str(beside_python) if beside_python.exists() else shutil.which("pyside6-lrelease")
    assert lrelease, "pyside6-lrelease (PySide6-Essentials) is needed to compile the .ts"
    folder = tmp_path_factory.mktemp("translations")
    subprocess.run([lrelease, "-silent", str(TS_FILE), "-qm", str(folder / "companion_en.qm")],
                   check=True)
    return folder


@pytest.fixture
def translations(compiled: Path, qapp: QApplication,
                 monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """install_translator reads this run's .qm; Japanese again afterwards."""
    monkeypatch.setattr(ui_i18n, "translations_dir", lambda: compiled)
    yield compiled
    remove_translators(qapp)


@pytest.fixture
def english(translations: Path, qapp: QApplication) -> Iterator[None]:
    assert install_translator(qapp, "en") == "en"
    yield
    remove_translators(qapp)


# -- walking what the window shows ----------------------------------------------------------

def _menu_texts(actions: list[QAction], where: str) -> Iterator[Shown]:
    for action in actions:
        if action.isSeparator() or not action.isVisible():
            continue
        yield f"{where} QAction", action.text()
        menu = action.menu()
        if isinstance(menu, QMenu):
            yield from _menu_texts(menu.actions(), where)


def visible_texts(window: MainWindow, where: str) -> list[Shown]:
    """Every text the window shows: labels, buttons, placeholders, group titles, tabs,
    table headers, list rows, combo items, menus and the title."""
    found: list[Shown] = [(f"{where} window title", window.windowTitle())]
    for widget in window.findChildren(QWidget):
        if not widget.isVisible():
            continue
        kind = f"{where} {type(widget).__name__}"
        if isinstance(widget, QLabel | QAbstractButton):
            found.append((kind, widget.text()))
        elif isinstance(widget, QLineEdit | QTextEdit | QPlainTextEdit):
            found.append((kind, widget.placeholderText()))
        elif isinstance(widget, QGroupBox):
            found.append((kind, widget.title()))
        elif isinstance(widget, QTabBar):
            found += [(kind, widget.tabText(i)) for i in range(widget.count())]
        elif isinstance(widget, QComboBox):
            found += [(kind, widget.itemText(i)) for i in range(widget.count())]
        if isinstance(widget, QHeaderView) and widget.model() is not None:
            model, orientation = widget.model(), widget.orientation()
            count = (model.columnCount() if orientation == Qt.Orientation.Horizontal
                     else model.rowCount())
            found += [(kind, str(model.headerData(i, orientation) or ""))
                      for i in range(count) if not widget.isSectionHidden(i)]
        elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()  # with an empty database: the UI's own rows (navigation)
            found += [(f"{kind} row", str(model.index(row, 0).data() or ""))
                      for row in range(min(model.rowCount(), 100))]
    found += _menu_texts(window.menuBar().actions(), f"{where} menu")
    return [(kind, text) for kind, text in found if text.strip()]


def main_screens(qtbot: QtBot, window: MainWindow) -> dict[str, list[Shown]]:
    """What each navigation page shows (ホーム … 設定), once its data is loaded."""
    screens: dict[str, list[Shown]] = {}
    for row in range(window.NAV_ROWS):
        window.show_page(row)
        page = window.current_page()
        assert isinstance(page, Page)

        def shown(page: Page = page) -> bool:
            return page.has_data and not window.worker.busy

        qtbot.waitUntil(shown, timeout=10_000)
        name = f"[{window.nav.item(row).text()}]"
        screens[name] = visible_texts(window, name)
    return screens


def japanese_left(screens: dict[str, list[Shown]]) -> list[Shown]:
    return [(kind, text) for shown in screens.values() for kind, text in shown
            if JAPANESE.search(text) and text not in ENDONYMS]


def switch(qtbot: QtBot, window: MainWindow, code: str) -> MainWindow:
    with qtbot.waitSignal(window.replaced, timeout=10_000) as switched:
        window.set_language(code)
    successor = switched.args[0]
    assert isinstance(successor, MainWindow)
    qtbot.waitUntil(lambda: successor.database_open and not successor.worker.busy)
    return successor


@pytest.fixture
def empty_window(qtbot: QtBot, db: Database, data_paths: DataPaths,
                 translations: Path) -> Iterator[list[MainWindow]]:
    """A window on an empty database; the list holds whichever window is current (a
    language switch replaces it), and the last one is closed at the end."""
    window = MainWindow(paths=data_paths, worker=DbWorker(), today=lambda: TODAY)
    window.show()
    with qtbot.waitSignal(window.ready, timeout=10_000):
        window.open_data(lambda: open_database(data_paths))
    windows = [window]
    yield windows
    windows[-1].close()


# -- the tests ------------------------------------------------------------------------------

def test_switching_to_english_and_back_changes_every_visible_string(
        qtbot: QtBot, empty_window: list[MainWindow], data_paths: DataPaths) -> None:
    japanese = main_screens(qtbot, empty_window[0])
    assert japanese_left(japanese), "the Japanese UI shows Japanese"

    english_window = switch(qtbot, empty_window[0], "en")
    empty_window.append(english_window)
    assert language_in_force() == "en"
    assert Settings(data_paths.settings_file).get("language") == "en"
    english = main_screens(qtbot, english_window)
    left = japanese_left(english)
    assert not left, "not translated into English (add self.tr()/translate() and run " \
        "scripts/update-translations):\n" + "\n".join(f"  {kind}: {text!r}"
                                                      for kind, text in left)
    assert english_window.windowTitle() == "Companion — Hands-on business support"

    japanese_window = switch(qtbot, english_window, "ja")
    empty_window.append(japanese_window)
    assert language_in_force() == "ja"
    again = main_screens(qtbot, japanese_window)
    for page, shown in japanese.items():
        assert sorted(again[page]) == sorted(shown), page


def test_the_rebuilt_window_keeps_the_page_and_the_worker(
        qtbot: QtBot, empty_window: list[MainWindow]) -> None:
    window = empty_window[0]
    window.show_page(window.SETTINGS)
    qtbot.waitUntil(lambda: window.settings_page.has_data and not window.worker.busy)
    window.resize(780, 560)  # within the 800x600 offscreen screen: restoring clamps to it
    geometry = window.geometry()
    english_window = switch(qtbot, window, "en")
    empty_window.append(english_window)
    assert english_window.worker is window.worker and not english_window.worker.closed
    assert english_window.current_page() is english_window.settings_page
    assert english_window.nav.currentRow() == english_window.SETTINGS
    assert english_window.geometry().size() == geometry.size()
    assert english_window.language_actions["en"].isChecked()
    assert [a.text() for a in english_window.language_actions.values()] == [
        "Follow the system", "日本語", "English"]
    qtbot.waitUntil(lambda: not isValid(window))  # the old window is gone
    # The same language again rebuilds nothing.
    english_window.set_language("en")
    assert english_window.isVisible()


def test_the_language_menu_switches_before_the_data_is_open_once_it_is(
        qtbot: QtBot, db: Database, data_paths: DataPaths, translations: Path) -> None:
    window = MainWindow(paths=data_paths, worker=DbWorker(), today=lambda: TODAY)
    window.show()
    replaced: list[MainWindow] = []
    window.replaced.connect(replaced.append)
    window.language_actions["en"].trigger()
    assert not replaced  # waits for the data: the open job's result goes to this window
    window.open_data(lambda: open_database(data_paths))
    qtbot.waitUntil(lambda: bool(replaced), timeout=10_000)
    successor = replaced[0]
    try:
        qtbot.waitUntil(lambda: successor.database_open and successor.home.has_data)
        assert successor.nav.item(0).text() == "Home"
    finally:
        successor.close()


def test_every_table_header_has_an_english_translation(english: None) -> None:
    missing = []
    for package in (companion.ui.models, companion.ui.views):
        for info in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
            module = importlib.import_module(info.name)
            for _name, model in inspect.getmembers(module, inspect.isclass):
                if issubclass(model, RowTableModel) and model.__module__ == module.__name__:
                    missing += [f"{model.__name__}: {column.header}" for column in model.columns
                                if JAPANESE.search(QCoreApplication.translate(
                                    model.context, column.header))]
    assert not missing, "table headers without English:\n" + "\n".join(missing)


def test_every_domain_vocabulary_value_has_an_english_label(english: None) -> None:
    missing = [f"{vocabulary.__name__}.{member.name}: {member.value}"
               for _name, vocabulary in inspect.getmembers(enums, inspect.isclass)
               if issubclass(vocabulary, StrEnum) and vocabulary is not StrEnum
               for member in vocabulary if JAPANESE.search(enum_label(member))]
    assert not missing, "\n".join(missing)
    assert enum_label(enums.EngagementStatus.SELF_RUNNING) == "Self-running"


def test_dates_read_as_english_dates(english: None) -> None:
    from datetime import date

    from companion.ui.formatting import fiscal_year, wareki, with_wareki, yen

    assert wareki(date(2025, 4, 1)) == "April 1, 2025"
    assert fiscal_year(2019) == "FY2019 (Heisei 31)"
    assert with_wareki(date(2025, 4, 1)) == "2025/04/01"
    assert yen(500_000) == "¥500,000"
    assert QLocale().language() == QLocale.Language.English


def test_japanese_is_the_source_and_needs_no_file(qapp: QApplication, tmp_path: Path) -> None:
    from datetime import date

    from companion.ui.formatting import fiscal_year, wareki

    try:
        assert install_translator(qapp, "ja") == "ja"
        assert wareki(date(2019, 5, 1)) == "令和元年5月1日"
        assert fiscal_year(2025) == "令和7年度(2025年度)"
        # Without a compiled English file the UI stays Japanese, and says so.
        assert install_translator(qapp, "en", folder=tmp_path) == "ja"
        assert language_in_force(qapp) == "ja"
    finally:
        remove_translators(qapp)


def test_the_committed_translation_is_complete_and_keeps_the_placeholders() -> None:
    problems = []
    for context in ET.parse(TS_FILE).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            translation = message.find("translation")
            assert translation is not None
            english = translation.text or ""
            if translation.get("type") in ("obsolete", "vanished"):
                continue
            if translation.get("type") == "unfinished" or not english.strip():
                problems.append(f"untranslated [{name}] {source!r}")
            elif JAPANESE.search(english) and english not in ENDONYMS:
                problems.append(f"Japanese in the English [{name}] {english!r}")
            elif (message.findtext("comment") is None
                  and not set(PLACEHOLDER.findall(english)) <= set(PLACEHOLDER.findall(source))):
                problems.append(f"placeholders differ [{name}] {source!r} -> {english!r}")
    assert not problems, ("run scripts/update-translations and translate:\n"
                          + "\n".join(problems))


def test_choosing_english_on_the_settings_page_switches_the_window(
        qtbot: QtBot, empty_window: list[MainWindow]) -> None:
    window = empty_window[0]
    window.show_page(window.SETTINGS)
    qtbot.waitUntil(lambda: window.settings_page.has_data and not window.worker.busy)
    combo = window.settings_page.findChild(QComboBox, "setting_language")
    assert combo is not None
    with qtbot.waitSignal(window.replaced, timeout=10_000) as switched:
        combo.setCurrentIndex(combo.findData("en"))
    successor = switched.args[0]
    empty_window.append(successor)
    qtbot.waitUntil(lambda: successor.settings_page.has_data and not successor.worker.busy)
    assert successor.current_page() is successor.settings_page
    assert successor.windowTitle() == "Companion — Hands-on business support"
    again = successor.settings_page.findChild(QComboBox, "setting_language")
    assert again is not None and again.currentData() == "en"


def test_the_app_follows_the_rebuilt_window_to_the_end(
        qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        translations: Path) -> None:
    """app.run keeps working with the window that took the first one's place: the
    single-instance hand-over, the start-up object and the closing all follow it."""
    from PySide6.QtCore import QTimer

    from companion.app import EXIT_OK, run

    monkeypatch.setenv("COMPANION_PASSPHRASE", "雪どけの田んぼに水が入る")
    windows: list[MainWindow] = []
    first_row: list[str] = []

    def step() -> None:
        shown = [w for w in QApplication.topLevelWidgets()
                 if isinstance(w, MainWindow) and w.isVisible()]
        if len(shown) != 1 or not shown[0].database_open or not shown[0].home.has_data:
            return
        window = shown[0]
        if not windows:
            windows.append(window)
            window.set_language("en")
        elif window is not windows[0]:
            timer.stop()
            windows.append(window)
            first_row.append(window.nav.item(0).text())
            window.close()

    timer = QTimer()
    timer.timeout.connect(step)
    timer.start(20)
    assert run(data_dir=str(tmp_path / "profile")) == EXIT_OK
    timer.stop()
    assert len(windows) == 2
    assert first_row == ["Home"]
    assert language_in_force(qapp) == "ja"  # run() leaves no translator behind


def test_known_errors_are_shown_in_english(english: None) -> None:
    from companion.errors import EngagementNotFound, KnownError
    from companion.ui.i18n import known_error_texts

    locked = KnownError("データベースが他のプログラムで使用中です: {path}",
                        hint="Companion を二重に起動していないか確認してください。",
                        path="/x/companion.db")
    assert known_error_texts(locked) == (
        "The database is in use by another program: /x/companion.db",
        "Check that Companion is not running twice.")
    gone = EngagementNotFound("42", hint="案件を選び直してください。")
    assert known_error_texts(gone) == ("Engagement not found: 42",
                                       "Choose the engagement again.")
    assert known_error_texts(KnownError("珍しいエラー")) == ("珍しいエラー", "")


# -- Qt's own text, the keyring, what English leaves Japanese, a language not built ------------

def _file_dialog_labels() -> list[str]:
    from PySide6.QtWidgets import QFileDialog

    dialog = QFileDialog(None, "t")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    try:
        return [label.text() for label in dialog.findChildren(QLabel) if label.text()]
    finally:
        dialog.deleteLater()


def test_qt_file_dialogs_speak_japanese(qapp: QApplication) -> None:
    """qtbase_ja.qm from Qt's own translations folder, and the two labels Qt 6's
    catalogue lacks: no "Look in:" in a Japanese window."""
    from PySide6.QtCore import QLibraryInfo, QTranslator

    install_translator(qapp, "ja")
    try:
        folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
        assert (folder / "qtbase_ja.qm").is_file()
        names = {t.objectName() for t in qapp.findChildren(QTranslator)}
        assert {ui_i18n.QT_TRANSLATOR, ui_i18n.QT_GAPS_TRANSLATOR} <= names
        labels = _file_dialog_labels()
        assert labels == ["場所(&I):", "ファイル名(&N):", "ファイルの種類(&T):"]
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "キャンセル"
    finally:
        remove_translators(qapp)
    # Back to no translator: Qt's English again (the gaps translator is gone too).
    assert "&Look in:" in _file_dialog_labels()


def test_english_file_dialogs_are_left_english(english: None) -> None:
    assert _file_dialog_labels() == ["&Look in:", "File &name:", "Files of &type:"]


@pytest.mark.parametrize(("backend", "words"), [
    ("keyring.backends.Windows.WinVaultKeyring", "Windows 資格情報マネージャー"),
    ("keyring.backends.macOS.Keyring", "macOS キーチェーン"),
    ("keyring.backends.SecretService.Keyring", "Secret Service(GNOME キーリング)"),
    ("keyring.backends.libsecret.Keyring", "Secret Service(GNOME キーリング)"),
    ("keyring.backends.kwallet.DBusKeyring", "KDE ウォレット"),
    ("companion.keystore.MemoryKeyring", "メモリ内(テスト用・保存されません)"),
    ("keyring.backends.null.Keyring", "利用できません"),
    ("keyring.backends.fail.Keyring", "利用できません"),
    ("keyrings.cryptfile.cryptfile.CryptFileKeyring", "その他のキーリング(cryptfile)"),
])
def test_the_keyring_is_named_in_words(qapp: QApplication, backend: str, words: str) -> None:
    from companion.ui.views.settings import keyring_in_words

    assert keyring_in_words(backend) == words


def test_english_names_fiscal_years_owners_and_rules(english: None) -> None:
    from companion.domain.enums import Owner, PlanLevel, PlanStatus
    from companion.ui.i18n import fiscal_year_text
    from companion.ui.models.kpi_table import YearLine

    assert fiscal_year_text(2025) == "FY2025"
    assert fiscal_year_text(2025, wareki=False) == "FY2025"
    assert YearLine(2025, None, None, True, 8).year_text(wareki=True).startswith("FY2025\n")
    for member in (*Owner, *PlanLevel, *PlanStatus):
        assert not JAPANESE.search(enum_label(member)), member


def test_japanese_names_fiscal_years_by_the_wareki_setting(qapp: QApplication) -> None:
    from companion.ui.i18n import fiscal_year_text

    assert fiscal_year_text(2025) == "令和7年度"
    assert fiscal_year_text(2025, wareki=False) == "2025年度"


def test_red_flag_rules_and_home_owners_go_through_the_translator(qapp: QApplication) -> None:
    """Rule names (context Rule) and 担当 on ホーム are looked up, not shown raw."""
    import uuid

    from PySide6.QtCore import QTranslator

    from companion.domain.enums import Owner
    from companion.domain.red_flags import RedFlag, Rule
    from companion.services.disclosures import NumberedFlag
    from companion.services.home import FollowUp
    from companion.ui.models.home_follow_ups import HomeFollowUpModel
    from companion.ui.widgets.red_flags import flag_rows

    class Marked(QTranslator):
        def translate(self, context: str, source: str, disambiguation: str | None = None,
                      n: int = -1) -> str:
            return f"<{context}:{source}>" if context in ("Rule", "Owner") else None  # type: ignore[return-value]

    marked = Marked()
    qapp.installTranslator(marked)
    try:
        flag = NumberedFlag(flag=RedFlag(rule=Rule.LATE_DECLARATION, reason="…"), numbers=(2,))
        assert flag_rows([flag])[0].rule == "<Rule:申告の遅れ>"
        model = HomeFollowUpModel()
        follow_up = FollowUp(visit_id=uuid.uuid4(), engagement_id=uuid.uuid4(),
                             engagement_title="販路開拓", client_name="有限会社やまなか酒造",
                             follow_up_on=TODAY, purpose="定例", kind="action",
                             action_id=uuid.uuid4(), text="見積書を送る", owner=str(Owner.BUSINESS))
        model.set_home(recent=[follow_up], long=[], long_count=0, days=30, today=TODAY)
        assert model.index(0, model.OWNER).data() == "<Owner:事業者>"
    finally:
        qapp.removeTranslator(marked)


def test_choosing_a_language_that_is_not_built_says_so(
        qtbot: QtBot, db: Database, data_paths: DataPaths, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from companion.ui.dialogs.message import MessageDialog

    monkeypatch.setattr(ui_i18n, "translations_dir", lambda: tmp_path / "no-translations")
    window = MainWindow(paths=data_paths, worker=DbWorker(), today=lambda: TODAY)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.ready, timeout=10_000):
        window.open_data(lambda: open_database(data_paths))
    try:
        window.set_language("en")
        box = next((w for w in QApplication.topLevelWidgets()
                    if isinstance(w, MessageDialog) and w.isVisible()), None)
        assert box is not None
        assert box.text_label.text() == "Englishの表示はこの版に含まれていないため、日本語で表示します。"
        assert "companion_en.qm" in box.hint_label.text()
        assert language_in_force() == "ja" and window.nav.item(0).text() == "ホーム"
        box.close()
    finally:
        remove_translators(QApplication.instance())  # type: ignore[arg-type]
        window.close()
